"""Seconds of a wait inside weekly business hours, for whole columns at once.

A contact's business seconds are the elapsed seconds between ``offered_at``
and ``offered_at + wait_seconds`` during which the local wall clock of the
zone shows a time inside one of the weekly windows.  They come from a
cumulative function of UTC instants, the *open nanoseconds* since an origin,
so that a wait's business time is one difference ``F(end) - F(start)``:

* over local wall time the weekly windows give a piecewise-linear function
  ``G(local)`` = whole weeks times the open nanoseconds of a week, plus the
  open nanoseconds of the week so far (one ``searchsorted`` among the week's
  windows, merged and sorted once per definition);
* between two changes of the zone's UTC offset, local time is the instant
  plus a constant offset, so ``F(t) = G(t + offset) + K`` with one constant
  ``K`` per offset segment; the constants follow from ``F`` being continuous
  at each change (a cumulative sum over the few changes of the period).

So business time is *elapsed* time with the wall clock inside the hours: the
hour skipped when clocks go forward never happens and adds nothing; the hour
repeated when they go back adds both passes if its wall-clock time is inside
the hours, as `Grouping.within_hours` decides for one instant.  Integer
nanoseconds throughout, relative to the first week of each chunk; no Python
loop over records.
"""

from __future__ import annotations

from datetime import time
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.common import Weekday, WeeklyHours
from iso18295._timezones import is_utc, zone_offsets
from iso18295.kpis._engine.expressions import Rows, RowValue
from iso18295.kpis._engine.grouping import wait_ends

_NS: Final = 1_000_000_000
_DAY_NS: Final = 86_400 * _NS
_WEEK_NS: Final = 7 * _DAY_NS
_MONDAY_SHIFT_NS: Final = 3 * _DAY_NS  # 1970-01-01 was a Thursday; shifted, day 0 is a Monday


def _nanoseconds(moment: time) -> int:
    seconds = (moment.hour * 60 + moment.minute) * 60 + moment.second
    return seconds * _NS + moment.microsecond * 1000


def week_windows(hours: tuple[WeeklyHours, ...]) -> tuple[tuple[int, int], ...]:
    """Return the weekly windows as merged, sorted ``(start, stop)`` nanoseconds from Monday 00:00.

    Overlapping or touching windows are merged, so every open nanosecond
    counts once however many `WeeklyHours` cover it.
    """
    days = list(Weekday)
    spans: list[tuple[int, int]] = []
    for window in hours:
        opens, closes = _nanoseconds(window.opens), _nanoseconds(window.closes)
        for day in window.days:
            midnight = days.index(day) * _DAY_NS
            spans.append((midnight + opens, midnight + closes))
    spans.sort()
    merged: list[list[int]] = []
    for start, stop in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return tuple((a, b) for a, b in merged)


@attrs.frozen
class Week:
    """A week's open windows as arrays, with the open time before each window.

    Parameters
    ----------
    starts, lengths, before : numpy.ndarray of int64
        Per window (after a zero-length one at 0, so every instant has a
        window at or before it): start from Monday 00:00, length, and the
        open nanoseconds of the week before it.
    per_week : int
        Open nanoseconds in a whole week.
    """

    starts: NDArray[np.int64] = attrs.field(eq=False)
    lengths: NDArray[np.int64] = attrs.field(eq=False)
    before: NDArray[np.int64] = attrs.field(eq=False)
    per_week: int

    @classmethod
    def of(cls, windows: tuple[tuple[int, int], ...]) -> Week:
        """Build the arrays from merged windows (`week_windows`)."""
        starts = np.array([0, *(a for a, _ in windows)], dtype=np.int64)
        lengths = np.array([0, *(b - a for a, b in windows)], dtype=np.int64)
        before = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        return cls(starts=starts, lengths=lengths, before=before, per_week=int(lengths.sum()))

    def open_until(self, local: NDArray[np.int64], origin_week: int) -> NDArray[np.int64]:
        """Return G: open nanoseconds of local wall time from the origin week to `local`."""
        shifted = local + _MONDAY_SHIFT_NS
        week = np.floor_divide(shifted, _WEEK_NS)
        within: NDArray[np.int64] = shifted - week * _WEEK_NS
        week -= origin_week
        i = np.searchsorted(self.starts, within, side="right") - 1
        within -= self.starts[i]
        np.minimum(within, self.lengths[i], out=within)
        within += self.before[i]
        within += week * self.per_week
        return within


def open_nanoseconds(
    instants: NDArray[np.int64], week: Week, time_zone: str, first: int, last: int
) -> NDArray[np.int64]:
    """Return F: open nanoseconds from an origin to each UTC instant (int64 nanoseconds).

    `first` and `last` bound the instants (UTC nanoseconds); the origin is the
    Monday of the local week before `first`.  Differences of F are business
    nanoseconds; F itself means nothing outside one call.
    """
    origin_week = (first + _MONDAY_SHIFT_NS) // _WEEK_NS - 1
    if is_utc(time_zone):
        return week.open_until(instants, origin_week)
    offsets = zone_offsets(time_zone, _year(first), _year(last))
    if offsets.changes.size == 0:
        return week.open_until(instants + offsets.offsets[0], origin_week)
    # F(t) = G(t + offset[s]) + K[s] in segment s; F continuous at each change c:
    # K[s] = K[s-1] + G(c + offset[s-1]) - G(c + offset[s]).
    changes, shift = offsets.changes, offsets.offsets
    steps = week.open_until(changes + shift[:-1], origin_week) - week.open_until(
        changes + shift[1:], origin_week
    )
    constants = np.concatenate([[0], np.cumsum(steps)]).astype(np.int64)
    segment = np.searchsorted(changes, instants, side="right")
    result = week.open_until(instants + shift[segment], origin_week)
    result += constants[segment]
    return result


def _year(ns: int) -> int:
    return int(np.datetime64(ns, "ns").astype("datetime64[Y]").astype(np.int64)) + 1970


def business_nanoseconds(
    starts: NDArray[np.int64], ends: NDArray[np.int64], week: Week, time_zone: str
) -> NDArray[np.int64]:
    """Return the open nanoseconds between starts and ends (UTC int64 nanoseconds, ends later)."""
    if starts.size == 0:
        return np.zeros(0, dtype=np.int64)
    first, last = int(starts.min()), int(ends.max())
    result = open_nanoseconds(ends, week, time_zone, first, last)
    result -= open_nanoseconds(starts, week, time_zone, first, last)
    return result


@attrs.frozen
class BusinessSeconds(RowValue):
    """Seconds of each row's wait inside weekly windows of local time (never NaN).

    Parameters
    ----------
    windows : tuple of (int, int)
        Merged weekly windows, nanoseconds from Monday 00:00 local (`week_windows`).
    time_zone : str
        IANA zone of the windows' local time.
    """

    windows: tuple[tuple[int, int], ...]
    time_zone: str

    def rows(self, rows: Rows) -> NDArray[np.float64]:
        """Compute the business seconds of the chunk's waits (memoised per chunk)."""

        def make() -> NDArray[np.generic]:
            starts = rows.column("offered_at").view(np.int64)
            wait: NDArray[np.float64] = rows.column("wait_seconds")  # type: ignore[assignment]
            ends = wait_ends(starts, wait)
            nanoseconds = business_nanoseconds(starts, ends, Week.of(self.windows), self.time_zone)
            return nanoseconds / 1e9

        result: NDArray[np.float64] = rows.memo(self, make)  # type: ignore[assignment]
        return result

    def reads(self) -> frozenset[str]:
        """Return ``offered_at`` and ``wait_seconds``."""
        return frozenset(("offered_at", "wait_seconds"))

    def may_be_nan(self) -> bool:
        """Tell that the value is never NaN (every row has a time and a wait)."""
        return False
