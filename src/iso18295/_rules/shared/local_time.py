"""Local wall-clock time of UTC timestamps and weekly windows, over whole columns.

Interaction records hold UTC instants; contact rules are written in local time.
The conversion applies the zone's table of offset changes
(`iso18295._timezones`) with ``searchsorted``, never a lookup per record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from ..._model.common import WeeklyHours
from ..._timezones import to_local

_NS_PER_SECOND = 1_000_000_000


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
        The local times, naive, one per instant (offsets applied with the
        zone's table of changes, see `iso18295._timezones.to_local`).
    """
    moments = instants.astype("datetime64[ns]").view(np.int64)
    return to_local(moments, zone.key).view("datetime64[ns]")


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
