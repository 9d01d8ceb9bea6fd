"""Time-zone arithmetic on whole columns of instants: UTC to local time and back.

`to_local` (UTC to wall clock) uses offsets found once per zone and year
(changes located to the second by bisection) and applied with
``numpy.searchsorted``: never a lookup per record.  It serves the KPIs'
local-time intervals and the rules that read local times.  `localize` (wall
clock to UTC, for the loaders) looks offsets up per day the data touches, and
reports the local times a change of offset skips or repeats instead of guessing.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo, available_timezones

import attrs
import numpy as np
from numpy.typing import NDArray

_NS: Final = 1_000_000_000
_DAY: Final = 86_400
# Offsets are sampled this often when looking for changes; no zone changes twice within it.
_SAMPLE_SECONDS: Final = 6 * 3600
_UTC_NAMES: Final = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu"})
# The seconds datetime64[ns] can hold (1677-09-21 to 2262-04-11), a day inside each end.
_FIRST_SECOND: Final = int(np.iinfo(np.int64).min) // _NS + _DAY
_LAST_SECOND: Final = int(np.iinfo(np.int64).max) // _NS - _DAY


#: What a valid time-zone name looks like, for messages.
ZONE_EXPECTED: Final = "an IANA time zone name such as 'Europe/Dublin'"
# Files in the zone database that are not zones of a place: "localtime" and
# "posixrules" are copies of the host's own zone, "Factory" means "not set".
_NOT_ZONES: Final = frozenset({"localtime", "posixrules", "Factory"})


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_ZONES


def zone_or_none(name: object) -> ZoneInfo | None:
    """Return the zone of IANA key `name`, or None if `name` is not one.

    The one check of time-zone names for the model, the loaders and the KPIs.
    Only keys of the IANA database are accepted (``Europe/Dublin``, ``UTC``),
    never a path, a directory of zones (``Europe``) or a name that stands for
    the host's own zone (``localtime``, ``posixrules``, ``Factory``), so the
    answer never depends on the file system beyond the zone database itself.
    """
    if not isinstance(name, str) or name not in _known_zones():
        return None
    try:
        return zone(name)
    except (OSError, ValueError):  # pragma: no cover - a database file unreadable on this host
        return None


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
        t
        for year in range(first_year, last_year + 1)
        for t in _year_transitions(name, year)
        if _FIRST_SECOND < t[0] < _LAST_SECOND  # no instant in int64 nanoseconds lies beyond
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


def localize(
    local: NDArray[np.int64], zone: ZoneInfo
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Convert wall-clock times in `zone` to UTC, without guessing.

    `local` holds nanoseconds since 1970-01-01 on the wall clock.  Returns the UTC
    nanoseconds and two masks: times that do not exist (skipped by a change of
    offset) and times that happen twice.  Offsets are looked up once per day the
    data touches (a transition is found to the second by bisection), then every
    row is checked against each candidate offset with array operations.

    Per day rather than through `zone_offsets`: those tables span every year
    from the earliest to the latest time (unreadable rows hold 1970, and data
    may reach 1678 or 2261), so would cost far more for spread-out data.

    Examples
    --------
    Dublin's clocks go from 01:00 to 02:00 on 29 March 2026, so 01:30 never
    happens that day:

    >>> t = np.array(["2026-03-29T00:30", "2026-03-29T01:30"], dtype="datetime64[ns]")
    >>> utc, nonexistent, ambiguous = localize(t.view(np.int64), ZoneInfo("Europe/Dublin"))
    >>> utc[:1].view("datetime64[ns]").astype(str).tolist(), nonexistent.tolist()
    (['2026-03-29T00:30:00.000000000'], [False, True])
    """
    if local.size == 0:
        empty = np.zeros(0, dtype=bool)
        return local.copy(), empty, empty
    days = np.unique(np.floor_divide(local, _DAY * _NS))
    utc_days = np.unique(np.concatenate([days - 1, days, days + 1]))
    starts: list[int] = []
    offsets: list[int] = []
    for day in utc_days.tolist():  # over the days the data covers, not records
        start = day * _DAY
        before, after = _offset_seconds(zone, start), _offset_seconds(zone, start + _DAY)
        starts.append(start)
        offsets.append(before)
        if before != after:  # one change of offset in the day: find its second
            low, high = start, start + _DAY
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (
                    (middle, high) if _offset_seconds(zone, middle) == before else (low, middle)
                )
            starts.append(high)
            offsets.append(after)
    change_at = np.array(starts, dtype=np.int64) * _NS
    offset_of = np.array(offsets, dtype=np.int64)
    matches = np.zeros(local.shape, dtype=np.int64)
    utc = np.zeros(local.shape, dtype=np.int64)
    for candidate in np.unique(offset_of).tolist():
        instant = local - candidate * _NS
        index = np.searchsorted(change_at, instant, side="right") - 1
        fits = offset_of[index] == candidate
        matches += fits
        utc = np.where(fits, instant, utc)
    return utc, matches == 0, matches > 1
