"""UTC offsets of IANA time zones as arrays, for converting whole columns of instants.

Offsets are found once per zone and year (changes located to the second by
bisection) and applied with ``numpy.searchsorted``: never a lookup per record.
Used by the metrics' local-time intervals and by rules that read local times.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import attrs
import numpy as np
from numpy.typing import NDArray

_NS: Final = 1_000_000_000
# Offsets are sampled this often when looking for changes; no zone changes twice within it.
_SAMPLE_SECONDS: Final = 6 * 3600
_UTC_NAMES: Final = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu"})


@functools.cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _offset_seconds(zone: ZoneInfo, seconds: int) -> int:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    offset = moment.astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@functools.cache
def _year_transitions(name: str, year: int) -> tuple[tuple[int, int], ...]:
    """Return ``(utc_second, offset_after)`` for each change of offset in `year` (UTC)."""
    tz = zone(name)
    start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    stop = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    found = []
    before, t = _offset_seconds(tz, start), start
    while t < stop:
        step = min(_SAMPLE_SECONDS, stop - t)
        after = _offset_seconds(tz, t + step)
        if after != before:
            lo, hi = t, t + step  # offset(lo) == before, offset(hi) != before
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if _offset_seconds(tz, mid) == before else (lo, mid)
            found.append((hi, _offset_seconds(tz, hi)))
        before, t = after, t + step
    return tuple(found)


@attrs.frozen
class Offsets:
    """A zone's UTC offsets over a range of instants, as arrays for ``searchsorted``.

    Parameters
    ----------
    changes : numpy.ndarray of int64
        UTC nanoseconds at which the offset changes, ascending.
    offsets : numpy.ndarray of int64
        Offset in nanoseconds before the first change, then after each change.
    repeat_until : numpy.ndarray of int64
        Per segment: local nanoseconds before which a local time was already
        passed in the previous segment (fold 1); the minimum int64 if none.
    """

    changes: NDArray[np.int64]
    offsets: NDArray[np.int64]
    repeat_until: NDArray[np.int64]


@functools.cache
def zone_offsets(name: str, first_year: int, last_year: int) -> Offsets:
    """Return the offsets of zone `name` from `first_year` to the end of `last_year`."""
    tz = zone(name)
    start = int(datetime(first_year, 1, 1, tzinfo=UTC).timestamp())
    changes = [
        t for year in range(first_year, last_year + 1) for t in _year_transitions(name, year)
    ]
    offsets = [_offset_seconds(tz, start)] + [o for _, o in changes]
    repeat = [np.iinfo(np.int64).min] + [
        (t + offsets[j]) * _NS for j, (t, _) in enumerate(changes)
    ]
    return Offsets(
        changes=np.array([t for t, _ in changes], dtype=np.int64) * _NS,
        offsets=np.array(offsets, dtype=np.int64) * _NS,
        repeat_until=np.array(repeat, dtype=np.int64),
    )


def is_utc(name: str) -> bool:
    """Tell whether a zone name means UTC, so no offsets need applying."""
    return name in _UTC_NAMES


def to_local(instants: NDArray[np.int64], name: str) -> NDArray[np.int64]:
    """Convert UTC instants (int64 nanoseconds) to local wall-clock nanoseconds in zone `name`.

    Examples
    --------
    Dublin's clocks go forward at 01:00 UTC on 29 March 2026:

    >>> t = np.array(["2026-03-29T00:59", "2026-03-29T01:00"], dtype="datetime64[ns]")
    >>> to_local(t.view(np.int64), "Europe/Dublin").view("datetime64[ns]").astype(str).tolist()
    ['2026-03-29T00:59:00.000000000', '2026-03-29T02:00:00.000000000']
    """
    if instants.size == 0 or is_utc(name):
        return instants.copy()
    first = datetime.fromtimestamp(int(instants.min()) // _NS, UTC).year - 1
    last = datetime.fromtimestamp(int(instants.max()) // _NS, UTC).year
    offsets = zone_offsets(name, first, last)
    segment = np.searchsorted(offsets.changes, instants, side="right")
    result: NDArray[np.int64] = instants + offsets.offsets[segment]
    return result
