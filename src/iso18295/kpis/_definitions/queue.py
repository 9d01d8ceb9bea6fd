"""Queue KPIs as data: counts, service level, speed of answer, abandonment.

Every definitional choice is a keyword with a documented default; the
explanation of each choice is in :doc:`/explanation/kpi-definitions`.  Queue
KPIs count inbound contacts unless `direction` says otherwise.
"""

from __future__ import annotations

import typing
from typing import Literal

import attrs

from iso18295.kpis._engine.expressions import Expr, Flag, SumOf, Value, WaitWithin, direction_expr
from iso18295.kpis._engine.families import InteractionKpi, Lowering
from iso18295.kpis._engine.options import (
    Direction,
    check_bool,
    check_direction,
    check_name,
    check_optional_seconds,
    check_seconds,
    one_of,
    scope_words,
)

ANSWERED = Flag(column="answered")
ABANDONED = Flag(column="abandoned")
WAIT = Value(columns=("wait_seconds",))


def _short_abandons(seconds: float | None) -> Expr | None:
    """Return the short-abandon predicate (abandoned after waiting less than `seconds`)."""
    if seconds is None:
        return None
    return ABANDONED & WaitWithin(seconds=float(seconds), inclusive=False)


def _short_words(seconds: float | None, treatment: str) -> str:
    if seconds is None:
        return "no short-abandon rule"
    verb = {"exclude": "excluded", "met": "counted as met", "missed": "counted as missed"}
    return f"abandons under {seconds:g} s {verb.get(treatment, 'counted as abandoned')}"


@typing.final
@attrs.frozen(kw_only=True)
class Offered(InteractionKpi):
    """Number of contacts offered, per group.

    Parameters
    ----------
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "offered"
        Name of the result column.

    Notes
    -----
    A count KPI: its value and numerator are the count, its denominator is
    the group's number of records (all directions), so it is never undefined.

    Examples
    --------
    >>> Offered().describe()
    'offered: number of inbound contacts offered'
    """

    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="offered", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        return f"{self.name}: number of {scope_words(self.direction)} offered"

    def _lower(self) -> Lowering:
        """Count the contacts in scope."""
        return Lowering(kind="count", numerator=direction_expr(self.direction), denominator=None)


@typing.final
@attrs.frozen(kw_only=True)
class Answered(InteractionKpi):
    """Number of contacts answered by an agent, per group.

    Parameters
    ----------
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "answered"
        Name of the result column.

    Examples
    --------
    >>> Answered(direction="all").describe()
    'answered: number of contacts answered'
    """

    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="answered", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        return f"{self.name}: number of {scope_words(self.direction)} answered"

    def _lower(self) -> Lowering:
        """Count the answered contacts in scope."""
        return Lowering(
            kind="count", numerator=direction_expr(self.direction) & ANSWERED, denominator=None
        )


@typing.final
@attrs.frozen(kw_only=True)
class Abandoned(InteractionKpi):
    """Number of contacts abandoned by the customer before an answer, per group.

    Parameters
    ----------
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "abandoned"
        Name of the result column.

    Examples
    --------
    >>> Abandoned().describe()
    'abandoned: number of inbound contacts abandoned (all abandons, however short)'
    """

    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="abandoned", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        return (
            f"{self.name}: number of {scope_words(self.direction)} abandoned"
            " (all abandons, however short)"
        )

    def _lower(self) -> Lowering:
        """Count the abandoned contacts in scope."""
        return Lowering(
            kind="count", numerator=direction_expr(self.direction) & ABANDONED, denominator=None
        )


@typing.final
@attrs.frozen(kw_only=True)
class ServiceLevel(InteractionKpi):
    """Share of contacts answered within a threshold (service level).

    Parameters
    ----------
    threshold_seconds : float, default 20.0
        The longest wait, in seconds, that is answered in time.  Finite, >= 0.
    threshold_inclusive : bool, default True
        Whether a wait of exactly `threshold_seconds` is in time (``<=``) or
        not (``<``).
    denominator : {"offered", "answered", "answered_or_abandoned_after_threshold"}, default "offered"
        Which contacts the share is of: all offered; only answered ones; or
        answered ones plus those abandoned after the threshold (abandons
        within it count nowhere).
    short_abandon_seconds : float or None, default 5.0
        Contacts abandoned after waiting *less* than this are short abandons,
        treated as `short_abandons` says.  None: no short-abandon rule.
    short_abandons : {"exclude", "met", "missed"}, default "exclude"
        Short abandons are left out of numerator and denominator, counted as
        answered in time (numerator and denominator), or counted as missed
        (denominator only).  To count every abandon within the threshold as
        met, set ``short_abandon_seconds=threshold_seconds, short_abandons="met"``.
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "service_level"
        Name of the result column.

    Notes
    -----
    Contacts count in the interval they were offered in.  Contacts neither
    answered nor abandoned (routed elsewhere, for instance) are in the
    ``"offered"`` denominator only.  The result's `excluded` counts the short
    abandons left out under ``short_abandons="exclude"``.

    Examples
    --------
    >>> ServiceLevel().describe()
    'service_level: inbound contacts answered within 20 s (wait <= 20 s) / offered; abandons under 5 s excluded'
    >>> ServiceLevel(threshold_seconds=-5)
    Traceback (most recent call last):
    ...
    iso18295.errors.CalculationError: ServiceLevel(): expected threshold_seconds as a finite number >= 0, found -5
    """  # noqa: E501 - doctest output lines

    threshold_seconds: float = attrs.field(default=20.0, validator=check_seconds)
    threshold_inclusive: bool = attrs.field(default=True, validator=check_bool)
    denominator: Literal["offered", "answered", "answered_or_abandoned_after_threshold"] = (
        attrs.field(
            default="offered",
            validator=one_of("offered", "answered", "answered_or_abandoned_after_threshold"),
        )
    )
    short_abandon_seconds: float | None = attrs.field(
        default=5.0, validator=check_optional_seconds
    )
    short_abandons: Literal["exclude", "met", "missed"] = attrs.field(
        default="exclude", validator=one_of("exclude", "met", "missed")
    )
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="service_level", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        sign = "<=" if self.threshold_inclusive else "<"
        t = f"{self.threshold_seconds:g}"
        base = {
            "offered": "offered",
            "answered": "answered",
            "answered_or_abandoned_after_threshold": "(answered + abandoned after the threshold)",
        }[self.denominator]
        short = _short_words(self.short_abandon_seconds, self.short_abandons)
        return (
            f"{self.name}: {scope_words(self.direction)} answered within {t} s"
            f" (wait {sign} {t} s) / {base}; {short}"
        )

    def _lower(self) -> Lowering:
        """Count contacts answered in time and the chosen denominator."""
        scope = direction_expr(self.direction)
        within = WaitWithin(
            seconds=float(self.threshold_seconds), inclusive=self.threshold_inclusive
        )
        in_time = ANSWERED & within
        short = _short_abandons(self.short_abandon_seconds)
        if self.denominator == "offered":
            base: Expr = scope if short is None else scope & ~short
        elif self.denominator == "answered":
            base = scope & ANSWERED
        else:
            late_abandon = ABANDONED & ~within
            if short is not None:
                late_abandon = late_abandon & ~short
            base = scope & (ANSWERED | late_abandon)
        if short is None:
            return Lowering(kind="ratio", numerator=scope & in_time, denominator=base)
        if self.short_abandons == "exclude":
            return Lowering(
                kind="ratio",
                numerator=scope & in_time,
                denominator=base,
                excluded=scope & short,
            )
        numerator = scope & (in_time | short) if self.short_abandons == "met" else scope & in_time
        return Lowering(kind="ratio", numerator=numerator, denominator=base | (scope & short))


@typing.final
@attrs.frozen(kw_only=True)
class AverageSpeedOfAnswer(InteractionKpi):
    """Mean wait, in seconds, of answered contacts (average speed of answer).

    Parameters
    ----------
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "average_speed_of_answer"
        Name of the result column.

    Notes
    -----
    Numerator: the sum of `wait_seconds` of answered contacts; denominator:
    their number.  The wait is whatever the records hold: whether time in
    self-service counts is decided when the records are made.

    Examples
    --------
    >>> AverageSpeedOfAnswer().describe()
    'average_speed_of_answer: mean wait in seconds of answered inbound contacts'
    """

    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="average_speed_of_answer", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        return f"{self.name}: mean wait in seconds of answered {scope_words(self.direction)}"

    def _lower(self) -> Lowering:
        """Sum the waits of answered contacts and count them."""
        answered = direction_expr(self.direction) & ANSWERED
        return Lowering(
            kind="mean", numerator=SumOf(value=WAIT, where=answered), denominator=answered
        )


@typing.final
@attrs.frozen(kw_only=True)
class AbandonmentRate(InteractionKpi):
    """Share of offered contacts abandoned before an answer.

    Parameters
    ----------
    short_abandon_seconds : float or None, default 5.0
        Contacts abandoned after waiting less than this are short abandons.
        None: no short-abandon rule.
    short_abandons : {"exclude", "count"}, default "exclude"
        Short abandons are left out of numerator and denominator, or counted
        as abandoned like any other.
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "abandonment_rate"
        Name of the result column.

    Notes
    -----
    The result's `excluded` counts the short abandons left out.

    Examples
    --------
    >>> AbandonmentRate(short_abandon_seconds=10).describe()
    'abandonment_rate: inbound contacts abandoned / offered; abandons under 10 s excluded'
    """

    short_abandon_seconds: float | None = attrs.field(
        default=5.0, validator=check_optional_seconds
    )
    short_abandons: Literal["exclude", "count"] = attrs.field(
        default="exclude", validator=one_of("exclude", "count")
    )
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="abandonment_rate", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        short = _short_words(self.short_abandon_seconds, self.short_abandons)
        return f"{self.name}: {scope_words(self.direction)} abandoned / offered; {short}"

    def _lower(self) -> Lowering:
        """Count abandoned and offered contacts, without short abandons if so chosen."""
        scope = direction_expr(self.direction)
        short = _short_abandons(self.short_abandon_seconds)
        if short is None or self.short_abandons == "count":
            return Lowering(kind="ratio", numerator=scope & ABANDONED, denominator=scope)
        return Lowering(
            kind="ratio",
            numerator=scope & ABANDONED & ~short,
            denominator=scope & ~short,
            excluded=scope & short,
        )
