"""Reporting periods: half-open ranges of local calendar days, and the last complete one.

A `Period` is ``[start, end)``: the first day and the day after the last, so
that consecutive periods share their boundary and a month is simply
``date(2026, 3, 1), date(2026, 4, 1)``.  Timestamps (complaints) are placed in
it by their local calendar day in the period's time zone; dates (evaluations,
surveys, employment) are compared directly.
"""

from __future__ import annotations

import typing
from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import attrs

from iso18295._model.common import Frequency
from iso18295.errors import CalculationError
from iso18295.kpis._engine.options import require_zone

_PERIOD_MONTHS: Final = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}


def reporting_period(frequency: Frequency, as_of: date) -> tuple[date, date]:
    """Return the last complete reporting period before `as_of`: first day, day after the last.

    Daily: the day before; weekly: the last full Monday-to-Sunday week;
    monthly, quarterly, half-yearly, yearly: the last full calendar period.

    Examples
    --------
    >>> reporting_period(Frequency.MONTHLY, date(2026, 4, 1))
    (datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
    >>> reporting_period(Frequency.WEEKLY, date(2026, 4, 1))
    (datetime.date(2026, 3, 23), datetime.date(2026, 3, 30))
    >>> reporting_period(Frequency.QUARTERLY, date(2026, 5, 15))
    (datetime.date(2026, 1, 1), datetime.date(2026, 4, 1))
    """
    if frequency is Frequency.DAILY:
        return as_of - timedelta(days=1), as_of
    if frequency is Frequency.WEEKLY:
        end = as_of - timedelta(days=as_of.weekday())
        return end - timedelta(days=7), end
    months = _PERIOD_MONTHS[frequency]
    index = as_of.month - 1
    end = date(as_of.year, index - index % months + 1, 1)
    first = end.year * 12 + end.month - 1 - months  # months since year 0, January = 0
    return date(first // 12, first % 12 + 1, 1), end


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


@typing.final
@attrs.frozen(kw_only=True)
class Period:
    """Days ``[start, end)`` in a time zone (internal to `iso18295.kpis`).

    Parameters
    ----------
    start : datetime.date
        The first day.
    end : datetime.date
        The day after the last; later than `start`.
    time_zone : str or None
        IANA zone whose midnights bound the period for timestamps; None when no
        timestamp is read.
    """

    start: date
    end: date
    time_zone: str | None

    @property
    def days(self) -> int:
        """Return the number of days in the period."""
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        """Return the period's last day (the day before `end`)."""
        return self.end - timedelta(days=1)

    def contains(self, day: date) -> bool:
        """Tell whether `day` is in the period."""
        return self.start <= day < self.end

    def midnight(self, day: date) -> datetime:
        """Return the start of `day` in the period's zone, as an aware datetime."""
        if self.time_zone is None:  # pragma: no cover - measure() resolves the zone first
            raise CalculationError("Period: expected a time zone for timestamps, found none")
        return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(self.time_zone))

    @property
    def end_instant(self) -> datetime:
        """Return the instant the period ends (midnight starting `end`, local time), in UTC.

        In UTC because Python compares and subtracts two datetimes of the *same*
        zone by their wall-clock times, which is wrong across a clock change.
        """
        return self.midnight(self.end).astimezone(UTC)

    def local_day(self, moment: datetime) -> date:
        """Return the calendar day of an aware `moment` in the period's zone."""
        if self.time_zone is None:  # pragma: no cover - measure() resolves the zone first
            raise CalculationError("Period: expected a time zone for timestamps, found none")
        return moment.astimezone(ZoneInfo(self.time_zone)).date()

    def describe(self) -> str:
        """Return the period in words, e.g. ``'2026-03-01 to 2026-03-31'``."""
        return f"{self.start.isoformat()} to {self.last_day.isoformat()}"


def make_period(where: str, start: object, end: object, time_zone: object) -> Period:
    """Check the period's arguments and return it.

    Raises
    ------
    CalculationError
        If `start` or `end` is not a date (a datetime is refused: periods are
        whole days), `end` is not after `start`, or `time_zone` is not None or a
        known IANA zone name.
    """
    for name, value in (("start", start), ("end", end)):
        if not _is_day(value):
            raise CalculationError(
                f"{where}(): expected {name} as a datetime.date (whole days), found {value!r}"
            )
    first, after = typing.cast("date", start), typing.cast("date", end)
    if after <= first:
        raise CalculationError(
            f"{where}(): expected end after start (the period is [start, end)), found"
            f" start={first.isoformat()}, end={after.isoformat()}"
        )
    if time_zone is not None:  # named as a zone: None is the caller's default
        require_zone(f"{where}()", "time_zone", time_zone)
    return Period(start=first, end=after, time_zone=typing.cast("str | None", time_zone))
