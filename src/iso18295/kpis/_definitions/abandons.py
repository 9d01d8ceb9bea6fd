"""Abandon KPIs as data: the abandonment rate and the count of missed contacts.

Queue KPIs, inbound contacts by default, sharing the short-abandon rule of
`.queue`; the explanation of each choice is in
:doc:`/explanation/kpi-definitions`.
"""

from __future__ import annotations

import typing
from typing import Literal

import attrs

from iso18295.kpis._definitions.queue import (
    ABANDONED,
    ANSWERED,
    short_abandons_expr,
    short_words,
)
from iso18295.kpis._engine.expressions import direction_expr
from iso18295.kpis._engine.families import InteractionKpi, Lowering
from iso18295.kpis._engine.options import (
    Direction,
    check_bool,
    check_direction,
    check_name,
    check_optional_seconds,
    one_of,
    scope_words,
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
    short_abandon_inclusive : bool, default False
        Whether an abandon after waiting exactly `short_abandon_seconds` is
        short too (``<=``), or only shorter ones are (``<``).
    short_abandons : {"exclude", "count", "offered_only"}, default "exclude"
        Short abandons are left out of numerator and denominator; counted as
        abandoned like any other; or counted as offered but not as abandoned
        (the share of *all* offered contacts abandoned after the cut-off).
    denominator : {"offered", "answered_or_abandoned"}, default "offered"
        Which contacts the share is of: every offered contact, or only those
        answered or abandoned (contacts that were neither -- flowed out to
        another queue, dequeued, sent to voicemail -- count nowhere).
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "abandonment_rate"
        Name of the result column.

    Notes
    -----
    The result's `excluded` counts the short abandons left out
    (``short_abandons="exclude"`` only).

    Examples
    --------
    >>> AbandonmentRate(short_abandon_seconds=10).describe()
    'abandonment_rate: inbound contacts abandoned / offered; abandons under 10 s excluded'
    >>> AbandonmentRate(short_abandon_seconds=10, short_abandons="offered_only").describe()
    'abandonment_rate: inbound contacts abandoned / offered; abandons under 10 s counted as offered, not abandoned'
    """  # noqa: E501 - doctest output lines

    short_abandon_seconds: float | None = attrs.field(
        default=5.0, validator=check_optional_seconds
    )
    short_abandon_inclusive: bool = attrs.field(default=False, validator=check_bool)
    short_abandons: Literal["exclude", "count", "offered_only"] = attrs.field(
        default="exclude", validator=one_of("exclude", "count", "offered_only")
    )
    denominator: Literal["offered", "answered_or_abandoned"] = attrs.field(
        default="offered", validator=one_of("offered", "answered_or_abandoned")
    )
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="abandonment_rate", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        short = short_words(
            self.short_abandon_seconds, self.short_abandons, self.short_abandon_inclusive
        )
        base = "offered" if self.denominator == "offered" else "(answered + abandoned)"
        return f"{self.name}: {scope_words(self.direction)} abandoned / {base}; {short}"

    def _lower(self) -> Lowering:
        """Count abandoned and offered contacts, without short abandons if so chosen."""
        scope = direction_expr(self.direction)
        if self.denominator == "answered_or_abandoned":
            scope = scope & (ANSWERED | ABANDONED)
        short = short_abandons_expr(self.short_abandon_seconds, self.short_abandon_inclusive)
        if short is None or self.short_abandons == "count":
            return Lowering(kind="ratio", numerator=scope & ABANDONED, denominator=scope)
        if self.short_abandons == "offered_only":
            return Lowering(kind="ratio", numerator=scope & ABANDONED & ~short, denominator=scope)
        return Lowering(
            kind="ratio",
            numerator=scope & ABANDONED & ~short,
            denominator=scope & ~short,
            excluded=scope & short,
        )


@typing.final
@attrs.frozen(kw_only=True)
class Missed(InteractionKpi):
    """Number of offered contacts no agent answered (missed contacts), per group.

    Parameters
    ----------
    short_abandon_seconds : float or None, default None
        Contacts abandoned after waiting less than this are short abandons and
        not counted as missed.  None: every unanswered contact is missed.
    short_abandon_inclusive : bool, default False
        Whether an abandon after waiting exactly `short_abandon_seconds` is
        short too (``<=``).
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count.
    name : str, default "missed"
        Name of the result column.

    Notes
    -----
    A count KPI like `Offered`: missed contacts are those offered and not
    answered, whether abandoned, flowed out, dequeued or sent to voicemail.
    Platforms also use the word for an agent not accepting a contact routed
    to them (Amazon Connect's "contacts missed", "agent non-response"); the
    records here do not hold routing attempts, so that is not this KPI.

    Examples
    --------
    >>> Missed().describe()
    'missed: number of inbound contacts offered and not answered; no short-abandon rule'
    """

    short_abandon_seconds: float | None = attrs.field(
        default=None, validator=check_optional_seconds
    )
    short_abandon_inclusive: bool = attrs.field(default=False, validator=check_bool)
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="missed", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        short = short_words(self.short_abandon_seconds, "exclude", self.short_abandon_inclusive)
        short = short.replace("excluded", "not counted")
        return (
            f"{self.name}: number of {scope_words(self.direction)} offered and not answered;"
            f" {short}"
        )

    def _lower(self) -> Lowering:
        """Count the unanswered contacts in scope, short abandons left out if so chosen."""
        missed = direction_expr(self.direction) & ~ANSWERED
        short = short_abandons_expr(self.short_abandon_seconds, self.short_abandon_inclusive)
        if short is not None:
            missed = missed & ~short
        return Lowering(kind="count", numerator=missed, denominator=None)
