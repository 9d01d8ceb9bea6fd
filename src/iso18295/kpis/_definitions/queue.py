"""Queue KPIs as data: counts, service level, speed of answer, abandonment.

Every definitional choice is a keyword with a documented default; the
explanation of each choice is in :doc:`/explanation/kpi-definitions`.  Queue
KPIs count inbound contacts unless `direction` says otherwise.
"""

from __future__ import annotations

import typing
from typing import Literal

import attrs

from iso18295.errors import CalculationError
from iso18295.kpis._engine.expressions import (
    AtMost,
    Expr,
    Flag,
    SumOf,
    Value,
    WaitWithin,
    direction_expr,
)
from iso18295.kpis._engine.families import InteractionKpi, Lowering
from iso18295.kpis._engine.kernel import MAX_BITS
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


def short_abandons_expr(seconds: float | None, inclusive: bool = False) -> Expr | None:
    """Return the short-abandon predicate (abandoned after waiting less than `seconds`).

    With `inclusive`, a wait of exactly `seconds` is short too.
    """
    if seconds is None:
        return None
    return ABANDONED & WaitWithin(seconds=float(seconds), inclusive=inclusive)


def short_words(seconds: float | None, treatment: str, inclusive: bool = False) -> str:
    if seconds is None:
        return "no short-abandon rule"
    verb = {
        "exclude": "excluded",
        "met": "counted as met",
        "missed": "counted as missed",
        "offered_only": "counted as offered, not abandoned",
    }
    limit = f"up to {seconds:g} s" if inclusive else f"under {seconds:g} s"
    return f"abandons {limit} {verb.get(treatment, 'counted as abandoned')}"


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
    denominator : {"offered", "answered", "answered_or_abandoned", "answered_or_abandoned_after_threshold"}, default "offered"
        Which contacts the share is of: all offered; only answered ones;
        answered or abandoned ones (contacts that were neither -- flowed out
        to another queue, dequeued, sent to voicemail -- count nowhere); or
        answered ones plus those abandoned after the threshold (abandons
        within it count nowhere).
    short_abandon_seconds : float or None, default 5.0
        Contacts abandoned after waiting *less* than this are short abandons,
        treated as `short_abandons` says.  None: no short-abandon rule.
    short_abandon_inclusive : bool, default False
        Whether an abandon after waiting exactly `short_abandon_seconds` is
        short too (``<=``), or only shorter ones are (``<``).
    short_abandons : {"exclude", "met", "missed"}, default "exclude"
        Short abandons are left out of numerator and denominator, counted as
        answered in time (numerator and denominator), or counted as missed
        (denominator only).  To count every abandon within the threshold as
        met, set ``short_abandon_seconds=threshold_seconds, short_abandons="met"``.
    ignore_abandons_under_seconds : float or None, default None
        A first cut-off for abandons, applied before the short-abandon rule:
        contacts abandoned after waiting less than this (at most, with
        `short_abandon_inclusive`) count nowhere, and are counted in
        `excluded`.  With ``short_abandon_seconds=threshold_seconds`` it
        matches platforms that ignore abandons under a short-call timer and
        treat the other abandons within the threshold as `short_abandons`
        says (met, missed or excluded).  None: no such cut-off.
    short_call_seconds : float or None, default None
        A second cut-off, for answered contacts: those whose talk time
        (``talk_seconds``) is *less* than this are short calls (a wrong
        number, a line dropped at once), left out of numerator and
        denominator and counted in `excluded`.  Contacts with no talk time
        recorded are never short calls.  None: no short-call rule.
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "service_level"
        Name of the result column.

    Notes
    -----
    Contacts count in the interval they were offered in.  Contacts neither
    answered nor abandoned (routed elsewhere, for instance) are in the
    ``"offered"`` denominator only; ``"answered_or_abandoned"`` leaves them
    out without filtering the records first.  The result's `excluded` counts the short
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
    denominator: Literal[
        "offered", "answered", "answered_or_abandoned", "answered_or_abandoned_after_threshold"
    ] = attrs.field(
        default="offered",
        validator=one_of(
            "offered", "answered", "answered_or_abandoned", "answered_or_abandoned_after_threshold"
        ),
    )
    short_abandon_seconds: float | None = attrs.field(
        default=5.0, validator=check_optional_seconds
    )
    short_abandon_inclusive: bool = attrs.field(default=False, validator=check_bool)
    short_abandons: Literal["exclude", "met", "missed"] = attrs.field(
        default="exclude", validator=one_of("exclude", "met", "missed")
    )
    ignore_abandons_under_seconds: float | None = attrs.field(
        default=None, validator=check_optional_seconds
    )
    short_call_seconds: float | None = attrs.field(default=None, validator=check_optional_seconds)
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="service_level", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        sign = "<=" if self.threshold_inclusive else "<"
        t = f"{self.threshold_seconds:g}"
        base = {
            "offered": "offered",
            "answered": "answered",
            "answered_or_abandoned": "(answered + abandoned)",
            "answered_or_abandoned_after_threshold": "(answered + abandoned after the threshold)",
        }[self.denominator]
        short = short_words(
            self.short_abandon_seconds, self.short_abandons, self.short_abandon_inclusive
        )
        if self.ignore_abandons_under_seconds is not None:
            cut = self.ignore_abandons_under_seconds
            limit = f"up to {cut:g} s" if self.short_abandon_inclusive else f"under {cut:g} s"
            short = f"abandons {limit} ignored; other {short}"
        if self.short_call_seconds is not None:
            short += f"; answered with talk under {self.short_call_seconds:g} s excluded"
        return (
            f"{self.name}: {scope_words(self.direction)} answered within {t} s"
            f" (wait {sign} {t} s) / {base}; {short}"
        )

    def __attrs_post_init__(self) -> None:
        lowering = self._lower()
        parts = (lowering.numerator, lowering.denominator, lowering.excluded)
        widest = max(len(p.atoms()) for p in parts if isinstance(p, Expr))
        if widest > MAX_BITS:
            raise CalculationError(
                f"ServiceLevel(): expected at most {MAX_BITS} row conditions in one count,"
                f" found {widest}; drop one of ignore_abandons_under_seconds,"
                " short_call_seconds and short_abandon_seconds, or use direction='all'"
            )

    def _lower(self) -> Lowering:
        """Count contacts answered in time and the chosen denominator, without ignored rows."""
        lowering = self._lower_without_short_calls()
        ignored: Expr | None = None
        if self.ignore_abandons_under_seconds is not None:
            ignored = short_abandons_expr(
                self.ignore_abandons_under_seconds, self.short_abandon_inclusive
            )
        if self.short_call_seconds is not None:
            talk = AtMost(
                value=Value(columns=("talk_seconds",)),
                maximum=float(self.short_call_seconds),
                inclusive=False,
            )
            short_call = ANSWERED & talk
            ignored = short_call if ignored is None else ignored | short_call
        if ignored is None:
            return lowering
        short_call = direction_expr(self.direction) & ignored
        kept = ~short_call
        numerator = typing.cast("Expr", lowering.numerator)  # a ratio counts rows
        denominator = typing.cast("Expr", lowering.denominator)
        excluded = short_call if lowering.excluded is None else lowering.excluded | short_call
        return attrs.evolve(
            lowering,
            numerator=numerator & kept,
            denominator=denominator & kept,
            excluded=excluded,
        )

    def _lower_without_short_calls(self) -> Lowering:
        scope = direction_expr(self.direction)
        within = WaitWithin(
            seconds=float(self.threshold_seconds), inclusive=self.threshold_inclusive
        )
        in_time = ANSWERED & within
        short = short_abandons_expr(self.short_abandon_seconds, self.short_abandon_inclusive)
        if self.denominator == "offered":
            base: Expr = scope if short is None else scope & ~short
        elif self.denominator == "answered":
            base = scope & ANSWERED
        elif self.denominator == "answered_or_abandoned":
            base = scope & (ANSWERED | ABANDONED)
            if short is not None:
                base = base & ~short
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
    population : {"answered", "offered", "delayed"}, default "answered"
        Whose waits are averaged: answered contacts; every offered contact,
        whatever became of it (abandoned and flowed-out contacts' waits
        included: the mean wait over all arrivals that queueing models such
        as Erlang A publish); or answered contacts that waited at all
        (wait > 0, the "delayed" ones).
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "average_speed_of_answer"
        Name of the result column.

    Notes
    -----
    Numerator: the sum of `wait_seconds` of the population; denominator:
    its number.  The wait is whatever the records hold: whether time in
    self-service counts is decided when the records are made.

    Examples
    --------
    >>> AverageSpeedOfAnswer().describe()
    'average_speed_of_answer: mean wait in seconds of answered inbound contacts'
    >>> AverageSpeedOfAnswer(population="delayed").describe()
    'average_speed_of_answer: mean wait in seconds of answered inbound contacts that waited (wait > 0)'
    """  # noqa: E501 - doctest output lines

    population: Literal["answered", "offered", "delayed"] = attrs.field(
        default="answered", validator=one_of("answered", "offered", "delayed")
    )
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="average_speed_of_answer", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        scope = scope_words(self.direction)
        whose = {
            "answered": f"answered {scope}",
            "offered": f"offered {scope} (answered or not)",
            "delayed": f"answered {scope} that waited (wait > 0)",
        }[self.population]
        return f"{self.name}: mean wait in seconds of {whose}"

    def _lower(self) -> Lowering:
        """Sum the waits of the population and count it."""
        scope = direction_expr(self.direction)
        if self.population == "answered":
            rows = scope & ANSWERED
        elif self.population == "offered":
            rows = scope
        else:
            rows = scope & ANSWERED & ~WaitWithin(seconds=0.0, inclusive=True)
        return Lowering(kind="mean", numerator=SumOf(value=WAIT, where=rows), denominator=rows)
