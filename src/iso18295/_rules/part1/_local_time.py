"""Local wall-clock time of UTC timestamps and weekly windows, over whole columns.

Interaction records hold UTC instants; contact rules are written in local time.
The conversion looks up the UTC offset once per distinct UTC day (plus a
bisection on the rare days the offset changes), never once per record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from ..._model.common import WeeklyHours

_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)
_NS_PER_SECOND = 1_000_000_000


def _offset(moment: datetime, zone: ZoneInfo) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)


def _change(start: datetime, zone: ZoneInfo, after: timedelta) -> datetime:
    """Return the first minute of the UTC day `start` at which the offset is `after`."""
    low, high = 0, 24 * 60  # offset differs at minute `low`, equals `after` at `high`
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(start + middle * _MINUTE, zone) == after:
            high = middle
        else:
            low = middle
    return start + high * _MINUTE


def local_wall_clock(
    instants: npt.NDArray[np.generic], zone: ZoneInfo
) -> npt.NDArray[np.datetime64]:
    """Convert UTC instants to wall-clock times in `zone`.

    Parameters
    ----------
    instants : numpy.ndarray of datetime64
        Moments in UTC (naive), any resolution.
    zone : zoneinfo.ZoneInfo
        The time zone whose clocks are wanted.

    Returns
    -------
    numpy.ndarray of datetime64[ns]
        The local times, naive, one per instant.  Offsets are looked up per
        distinct UTC day; a day whose offset changes is split at the minute of
        the change (assumed at most once a day, on a whole minute, as in every
        zone of the tz database since 1970).
    """
    moments = instants.astype("datetime64[ns]")
    days, inverse = np.unique(moments.astype("datetime64[D]"), return_inverse=True)
    before = np.empty(len(days), dtype="timedelta64[ns]")
    after = np.empty(len(days), dtype="timedelta64[ns]")
    change = np.empty(len(days), dtype="datetime64[ns]")
    for i, day in enumerate(days.tolist()):  # one per distinct day, not per record
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        first, last = _offset(start, zone), _offset(start + _DAY, zone)
        moment = start + _DAY if first == last else _change(start, zone, last)
        before[i], after[i] = np.timedelta64(first, "ns"), np.timedelta64(last, "ns")
        change[i] = np.datetime64(moment.replace(tzinfo=None), "ns")
    offsets = np.where(moments >= change[inverse], after[inverse], before[inverse])
    return moments + offsets


def _nanoseconds(moment: time) -> int:
    seconds = (moment.hour * 60 + moment.minute) * 60 + moment.second
    return seconds * _NS_PER_SECOND + moment.microsecond * 1000


def within_hours(
    local: npt.NDArray[np.datetime64], hours: Iterable[WeeklyHours]
) -> npt.NDArray[np.bool_]:
    """Tell, per local time, whether it falls inside any of the weekly windows.

    Parameters
    ----------
    local : numpy.ndarray of datetime64[ns]
        Local wall-clock times (from `local_wall_clock`).
    hours : iterable of WeeklyHours
        Windows; a time is inside one when its weekday is one of the window's
        days and ``opens <= time of day < closes`` (as `WeeklyHours.contains`).

    Returns
    -------
    numpy.ndarray of bool
    """
    day = local.astype("datetime64[D]")
    weekday = (day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    time_of_day = (local - day).astype("timedelta64[ns]").astype(np.int64)
    inside = np.zeros(len(local), dtype=np.bool_)
    for window in hours:
        days = [d.iso_number - 1 for d in window.days]
        inside |= (
            np.isin(weekday, days)
            & (time_of_day >= _nanoseconds(window.opens))
            & (time_of_day < _nanoseconds(window.closes))
        )
    return inside
