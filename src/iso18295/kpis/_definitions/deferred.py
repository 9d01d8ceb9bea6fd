"""Deferred-work KPIs as data: the oldest open item's age, and the share cleared within a deadline.

Deferred work (e-mail, letters, back-office cases) is answered within a
deadline rather than at once.  Both KPIs read the records of such items as
`ResponseTime` does: ``offered_at`` is when an item arrived, ``answered``
that a person answered it and ``wait_seconds`` the calendar time until then
(or until it was withdrawn, ``abandoned``).  The explanation of each choice is
in :doc:`/explanation/kpi-definitions`.
"""

from __future__ import annotations

import typing
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import attrs

from iso18295._model.common import WeeklyHours
from iso18295.errors import CalculationError
from iso18295.kpis._definitions.response_time import Clock, ResponseTime
from iso18295.kpis._engine.backlog import AgeAt, OpenAt
from iso18295.kpis._engine.business_hours import week_windows
from iso18295.kpis._engine.expressions import AtMost, Expr, MaxOf, direction_expr
from iso18295.kpis._engine.families import InteractionKpi, Lowering
from iso18295.kpis._engine.grouping import hours_words
from iso18295.kpis._engine.options import (
    Direction,
    check_direction,
    check_name,
    check_optional_hours,
    check_optional_zone,
    check_seconds,
    one_of,
    scope_words,
    to_tuple,
)

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _check_as_of(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require an aware datetime that nanoseconds since 1970 can hold (years 1678-2261)."""
    if (
        not isinstance(value, datetime)
        or value.utcoffset() is None
        or not 1678 <= value.year <= 2261
    ):
        raise CalculationError(
            f"{type(instance).__name__}(): expected {attribute.name} as an aware datetime"
            f" between the years 1678 and 2261, found {value!r}"
        )


def _nanoseconds(moment: datetime) -> int:
    return ((moment - _EPOCH) // timedelta(microseconds=1)) * 1000


def _check_clock(
    instance: object,
    clock: str,
    business_hours: tuple[WeeklyHours, ...] | None,
    time_zone: str | None,
) -> None:
    """Require hours and zone with the business clock, and neither with the calendar one."""
    owner = f"{type(instance).__name__}()"
    for option, value in (("business_hours", business_hours), ("time_zone", time_zone)):
        if clock == "business" and value is None:
            raise CalculationError(f"{owner}: expected {option} with clock='business', found None")
        if clock == "calendar" and value is not None:
            raise CalculationError(
                f"{owner}: expected {option} only with clock='business',"
                f" found {option}={value!r} with clock='calendar'"
            )


def _clock_words(hours: tuple[WeeklyHours, ...] | None, time_zone: str | None) -> str:
    if hours is None:
        return "calendar time"
    return f"business time {hours_words(hours)} ({time_zone})"


def _age(as_of: datetime, hours: tuple[WeeklyHours, ...] | None, zone: str | None) -> AgeAt:
    windows = None if hours is None else week_windows(hours)
    return AgeAt(as_of=_nanoseconds(as_of), windows=windows, time_zone=zone)


@typing.final
@attrs.frozen(kw_only=True)
class OldestOpenItemAge(InteractionKpi):
    """Age of the oldest item of deferred work still open at an instant (a maximum).

    Parameters
    ----------
    as_of : datetime
        The instant (aware) at which the backlog is looked at, for instance
        the end of a reporting interval or when the records were taken.
    clock : {"calendar", "business"}, default "calendar"
        ``calendar``: every second from arrival to `as_of` counts.
        ``business``: only the seconds inside `business_hours`, in local time
        of `time_zone` (as for `ResponseTime`).
    business_hours : tuple of WeeklyHours or None, default None
        With ``clock="business"`` (required then): the weekly windows whose
        seconds count.
    time_zone : str or None, default None
        With ``clock="business"`` (required then): the IANA zone of
        `business_hours`.
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which items count: customers' contacts by default.
    name : str, default "oldest_open_item_age"
        Name of the result column.

    Raises
    ------
    CalculationError
        If `as_of` is not an aware datetime, an option is not of the kind
        described, ``clock="business"`` lacks hours or zone, or hours or zone
        come with ``clock="calendar"``.

    Notes
    -----
    An item is open at `as_of` if it was offered at or before `as_of` and
    neither answered nor abandoned (withdrawn) by then, closing at
    ``offered_at + wait_seconds``; an item with neither outcome stays open.
    Per group the value is the largest age at `as_of` among the group's open
    items, in seconds of the clock; the denominator is the number of open
    items (the backlog), the numerator the value itself.  A group with no
    open item has no value (NaN, with `UndefinedKpiWarning`).

    Each record belongs to the group (and interval) of its arrival, so with
    an interval in the `Grouping` each interval's value is the age at `as_of`
    of its oldest arrival still open: the backlog's age profile.  For the
    whole backlog's oldest item, group without an interval; for its value at
    the end of each interval, compute once per interval end.  Partials
    merge by taking the maximum of maxima, exactly.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> OldestOpenItemAge(as_of=datetime(2026, 3, 9, 18, tzinfo=UTC)).describe()
    'oldest_open_item_age: largest age in seconds, in calendar time, at 2026-03-09 18:00:00+00:00 of inbound contacts open then (offered, not yet answered or abandoned)'
    """  # noqa: E501 - doctest output line

    as_of: datetime = attrs.field(validator=_check_as_of)
    clock: Clock = attrs.field(default="calendar", validator=one_of("calendar", "business"))
    business_hours: tuple[WeeklyHours, ...] | None = attrs.field(
        default=None, converter=to_tuple, validator=check_optional_hours
    )
    time_zone: str | None = attrs.field(default=None, validator=check_optional_zone)
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="oldest_open_item_age", validator=check_name)

    def __attrs_post_init__(self) -> None:
        _check_clock(self, self.clock, self.business_hours, self.time_zone)

    def describe(self) -> str:
        """Return the definition in words."""
        return (
            f"{self.name}: largest age in seconds, in"
            f" {_clock_words(self.business_hours, self.time_zone)}, at {self.as_of} of"
            f" {scope_words(self.direction)} open then (offered, not yet answered or abandoned)"
        )

    def _lower(self) -> Lowering:
        """Take the largest age among the open items; count them."""
        open_items = direction_expr(self.direction) & OpenAt(as_of=_nanoseconds(self.as_of))
        age = _age(self.as_of, self.business_hours, self.time_zone)
        return Lowering(
            kind="maximum", numerator=MaxOf(value=age, where=open_items), denominator=open_items
        )


@typing.final
@attrs.frozen(kw_only=True)
class ClearedWithinDeadline(InteractionKpi):
    """Share of deferred items answered within a deadline, leaving out those not yet due.

    Parameters
    ----------
    deadline_seconds : float
        The deadline, in seconds of the clock (7200 for "within 2 business
        hours").  Finite, >= 0; an answer after exactly the deadline is in time.
    clock : {"calendar", "business"}, default "business"
        ``business``: only the seconds inside `business_hours`, in local
        time of `time_zone`, count (as for `ResponseTime`); ``calendar``:
        every second counts.
    business_hours : tuple of WeeklyHours or None, default None
        With ``clock="business"`` (required then): the weekly windows whose
        seconds count.
    time_zone : str or None, default None
        With ``clock="business"`` (required then): the IANA zone of
        `business_hours`.
    as_of : datetime or None, default None
        When the records were taken (aware).  Items not answered within the
        deadline whose deadline had not passed by then are left out of the
        denominator (counted as excluded).  None: every item is decided, as
        when the records were taken long after the period.
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which items count: customers' contacts by default.
    name : str, default "cleared_within_deadline"
        Name of the result column.

    Raises
    ------
    CalculationError
        If an option is not of the kind described, ``clock="business"`` lacks
        hours or zone, or hours or zone come with ``clock="calendar"``.

    Notes
    -----
    Numerator: items answered within the deadline, exactly as
    ``ResponseTime(threshold_seconds=deadline_seconds, ...)`` counts them
    (the same business clock).  Denominator: every item in scope, except
    those not answered within the deadline whose deadline had not passed at
    `as_of` (their age at `as_of` on the clock is at most the deadline): they
    may still be cleared, so they are neither cleared nor missed yet.  An item
    still open past its deadline, or withdrawn (abandoned), counts as missed.
    Without `as_of` the KPI equals that share of `ResponseTime`: it is a
    named definition over the same machinery, not a second one.

    Examples
    --------
    >>> from datetime import time
    >>> from iso18295 import Weekday, WeeklyHours
    >>> hours = (WeeklyHours(days=frozenset(list(Weekday)[:5]), opens=time(9), closes=time(17)),)
    >>> print(ClearedWithinDeadline(deadline_seconds=7200, business_hours=hours,
    ...                             time_zone="Europe/Dublin").describe())
    cleared_within_deadline: inbound contacts answered within 7200 s of business time Mon-Fri 09:00-17:00 (Europe/Dublin) / arrived, unanswered counted as missed
    """  # noqa: E501 - doctest output line

    deadline_seconds: float = attrs.field(validator=check_seconds)
    clock: Clock = attrs.field(default="business", validator=one_of("calendar", "business"))
    business_hours: tuple[WeeklyHours, ...] | None = attrs.field(
        default=None, converter=to_tuple, validator=check_optional_hours
    )
    time_zone: str | None = attrs.field(default=None, validator=check_optional_zone)
    as_of: datetime | None = attrs.field(
        default=None, validator=attrs.validators.optional(_check_as_of)
    )
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="cleared_within_deadline", validator=check_name)

    def __attrs_post_init__(self) -> None:
        _check_clock(self, self.clock, self.business_hours, self.time_zone)

    def describe(self) -> str:
        """Return the definition in words."""
        words = (
            f"{self.name}: {scope_words(self.direction)} answered within"
            f" {self.deadline_seconds:g} s of {_clock_words(self.business_hours, self.time_zone)}"
        )
        if self.as_of is None:
            return f"{words} / arrived, unanswered counted as missed"
        return (
            f"{words} / arrived, unanswered counted as missed once past the deadline at"
            f" {self.as_of} (those not yet due excluded)"
        )

    def _response_time(self) -> ResponseTime:
        return ResponseTime(
            threshold_seconds=self.deadline_seconds,
            clock=self.clock,
            business_hours=self.business_hours,
            time_zone=self.time_zone,
            direction=self.direction,
        )

    def _lower(self) -> Lowering:
        """Count as ResponseTime's share; leave out the items not yet due at `as_of`."""
        shared = self._response_time()._lower()
        if self.as_of is None:
            return shared
        cleared = typing.cast("Expr", shared.numerator)  # a share: the numerator is counted
        scope = direction_expr(self.direction)
        age = _age(self.as_of, self.business_hours, self.time_zone)
        passed = ~AtMost(value=age, maximum=float(self.deadline_seconds), inclusive=True)
        return Lowering(
            kind="ratio",
            numerator=cleared,
            denominator=scope & (cleared | passed),
            excluded=scope & ~cleared & ~passed,
        )
