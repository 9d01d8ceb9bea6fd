"""Response time of written contacts as data: the mean first response, or the share in time.

For a written contact (e-mail, social message, letter), ``offered_at`` is when
it arrived, ``answered`` says it got a first response from a person, and
``wait_seconds`` is the calendar time until that response.  The business-hours
clock measures only the part of that time inside weekly windows
(`.._engine.business_hours`).  The explanation of each choice is in
:doc:`/explanation/kpi-definitions`.
"""

from __future__ import annotations

import typing
from typing import Literal

import attrs

from iso18295._model.common import WeeklyHours
from iso18295.errors import CalculationError
from iso18295.kpis._definitions.queue import ANSWERED, WAIT
from iso18295.kpis._engine.business_hours import BusinessSeconds, week_windows
from iso18295.kpis._engine.expressions import (
    AtMost,
    Atom,
    RowValue,
    SumOf,
    WaitWithin,
    direction_expr,
)
from iso18295.kpis._engine.families import InteractionKpi, Lowering
from iso18295.kpis._engine.grouping import hours_words
from iso18295.kpis._engine.options import (
    Direction,
    check_bool,
    check_direction,
    check_name,
    check_optional_hours,
    check_optional_seconds,
    check_optional_zone,
    one_of,
    scope_words,
    to_tuple,
)

Clock = Literal["calendar", "business"]


@typing.final
@attrs.frozen(kw_only=True)
class ResponseTime(InteractionKpi):
    """Response time of written contacts: mean time to first response, or share responded in time.

    Parameters
    ----------
    threshold_seconds : float or None, default None
        None: the mean time, in seconds, from arrival to first response of
        the contacts that got one (a mean).  A number: the share of arrived
        contacts that got a first response within this many seconds (a
        ratio); contacts with no response count as missed.  Finite, >= 0.
    threshold_inclusive : bool, default True
        With a threshold: whether a response after exactly
        `threshold_seconds` is in time (``<=``) or not (``<``).
    clock : {"calendar", "business"}, default "calendar"
        ``calendar``: every second from arrival to response counts
        (``wait_seconds`` as recorded).  ``business``: only the seconds inside
        `business_hours`, in local time of `time_zone`.
    business_hours : tuple of WeeklyHours or None, default None
        With ``clock="business"`` (required then): the weekly windows whose
        seconds count, for instance the channel's opening hours.
    time_zone : str or None, default None
        With ``clock="business"`` (required then): the IANA zone of
        `business_hours`, e.g. ``"Europe/Dublin"``.
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count: customers' contacts by default.
    name : str, default "response_time"
        Name of the result column.

    Raises
    ------
    CalculationError
        If an option is not of the kind described, ``clock="business"`` lacks
        hours or zone, hours or zone come with ``clock="calendar"``, or
        `threshold_inclusive` is set without a threshold.

    Notes
    -----
    The KPI counts every channel in scope; to measure written channels
    only, group by ``channel_id`` (`Grouping`) or compute on a table of those
    channels, since the records carry channel ids, not kinds.  Automatic
    acknowledgements are not responses: ``answered`` must mean a response
    from a person, which the records decide.

    Mean: numerator, the sum of response times of answered contacts;
    denominator, their number.  Share: numerator, contacts answered within
    the threshold; denominator, every contact in scope, answered or not.  An
    unanswered contact is missed even if it arrived just before the records
    were taken, so measure periods that ended at least the threshold earlier.

    Business time is elapsed time with the local wall clock inside the
    hours: the hour skipped when clocks go forward adds nothing, both passes
    of a repeated hour count when clocks go back.  Times are to the nanosecond.

    Examples
    --------
    >>> from datetime import time
    >>> from iso18295 import Weekday, WeeklyHours
    >>> weekdays = frozenset(list(Weekday)[:5])
    >>> hours = (WeeklyHours(days=weekdays, opens=time(9), closes=time(18)),)
    >>> ResponseTime(threshold_seconds=4 * 3600, clock="business", business_hours=hours,
    ...              time_zone="Europe/Dublin").describe()
    'response_time: inbound contacts with a first response within 14400 s (<= 14400 s) of business time Mon-Fri 09:00-18:00 (Europe/Dublin) / arrived, unanswered counted as missed'
    >>> ResponseTime().describe()
    'response_time: mean seconds from arrival to first response, in calendar time, of answered inbound contacts'
    >>> ResponseTime(clock="business")
    Traceback (most recent call last):
    ...
    iso18295.errors.CalculationError: ResponseTime(): expected business_hours with clock='business', found None
    """  # noqa: E501 - doctest output lines

    threshold_seconds: float | None = attrs.field(default=None, validator=check_optional_seconds)
    threshold_inclusive: bool = attrs.field(default=True, validator=check_bool)
    clock: Clock = attrs.field(default="calendar", validator=one_of("calendar", "business"))
    business_hours: tuple[WeeklyHours, ...] | None = attrs.field(
        default=None, converter=to_tuple, validator=check_optional_hours
    )
    time_zone: str | None = attrs.field(default=None, validator=check_optional_zone)
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="response_time", validator=check_name)

    def __attrs_post_init__(self) -> None:
        if self.clock == "business":
            for option in ("business_hours", "time_zone"):
                if getattr(self, option) is None:
                    raise CalculationError(
                        f"ResponseTime(): expected {option} with clock='business', found None"
                    )
        else:
            for option in ("business_hours", "time_zone"):
                if getattr(self, option) is not None:
                    raise CalculationError(
                        f"ResponseTime(): expected {option} only with clock='business',"
                        f" found {option}={getattr(self, option)!r} with clock='calendar'"
                    )
        if self.threshold_seconds is None and not self.threshold_inclusive:
            raise CalculationError(
                "ResponseTime(): expected threshold_inclusive only with a threshold_seconds,"
                " found threshold_inclusive=False with threshold_seconds=None"
            )

    def _clock_words(self) -> str:
        if self.business_hours is None:
            return "calendar time"
        return f"business time {hours_words(self.business_hours)} ({self.time_zone})"

    def describe(self) -> str:
        """Return the definition in words."""
        scope = scope_words(self.direction)
        if self.threshold_seconds is None:
            return (
                f"{self.name}: mean seconds from arrival to first response, in"
                f" {self._clock_words()}, of answered {scope}"
            )
        sign = "<=" if self.threshold_inclusive else "<"
        t = f"{self.threshold_seconds:g}"
        return (
            f"{self.name}: {scope} with a first response within {t} s ({sign} {t} s) of"
            f" {self._clock_words()} / arrived, unanswered counted as missed"
        )

    def _seconds(self) -> RowValue:
        """Return the per-row response time on this definition's clock."""
        if self.business_hours is None or self.time_zone is None:
            return WAIT
        return BusinessSeconds(windows=week_windows(self.business_hours), time_zone=self.time_zone)

    def _lower(self) -> Lowering:
        """Sum response times of answered contacts, or count those in time and all arrived."""
        scope = direction_expr(self.direction)
        answered = scope & ANSWERED
        seconds = self._seconds()
        if self.threshold_seconds is None:
            return Lowering(
                kind="mean", numerator=SumOf(value=seconds, where=answered), denominator=answered
            )
        limit = float(self.threshold_seconds)
        within: Atom = (
            WaitWithin(seconds=limit, inclusive=self.threshold_inclusive)
            if seconds == WAIT
            else AtMost(value=seconds, maximum=limit, inclusive=self.threshold_inclusive)
        )
        return Lowering(kind="ratio", numerator=answered & within, denominator=scope)
