"""How records are grouped: `Grouping`, local-time intervals, and the combined group key.

A group is a combination of category codes (one per `by` column) and, with an
`interval`, the local-time interval of the contact's *moment*: when it was
offered, or with ``interval_of="wait_end"`` when its wait ended
(``offered_at + wait_seconds``, `grouping_moments`).  The kernel
turns them into one ``int64`` key per row, interval most significant::

    key = (interval_index * folds + fold) * n_combinations + sum((code_c + 1) * stride_c)

so rows close in time have close keys and a chunk of time-ordered rows
touches a narrow band of keys.  ``code + 1`` keeps slot 0 for a missing value.

With `Grouping.within_hours`, rows whose moment is outside the weekly windows
(local time in the grouping's zone, `within_hours_mask`) are left out of each
chunk before its keys are built, so they count nowhere, not even in ``records``.

Local time is UTC plus the zone's offset.  The offsets and the instants they
change are found once per zone and year with :mod:`zoneinfo` (sampled every
six hours, then bisected to the second) and applied to a chunk of rows with
one ``np.searchsorted``: no Python loop over records.  When clocks go back,
the repeated local hour happens twice; for sub-day intervals the ``fold`` bit
(0 first pass, 1 second, as in :pep:`495`) keeps the two passes apart, so an
interval is never longer than its nominal length.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any, Final, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.columns import COLUMNS_BY_NAME
from iso18295._model.common import Weekday, WeeklyHours
from iso18295._timezones import is_utc, to_local, zone
from iso18295.errors import CalculationError

# IntervalAlias: Grouping.__init__'s hints name it (the type its interval converter takes).
from iso18295.kpis._engine.intervals import (
    INTERVALS,
    Interval,
    canonical_interval,
    interval_choices,
)
from iso18295.kpis._engine.intervals import IntervalAlias as IntervalAlias
from iso18295.kpis._engine.options import check_optional_hours, check_zone, to_tuple

IntervalOf = Literal["offered", "wait_end"]

_NS: Final = 1_000_000_000
_DAY_NS: Final = 86_400 * _NS
_SUB_DAY_NS: Final[Mapping[str, int]] = {
    "15min": 15 * 60 * _NS,
    "30min": 30 * 60 * _NS,
    "60min": 60 * 60 * _NS,
}
_INTERVAL_OF: Final = ("offered", "wait_end")
# Wait ends are cut here (2116-02-20), far beyond any real wait, so int64 nanoseconds
# and the weekly sums built on them (`.business_hours`) cannot overflow.
LATEST_NS: Final = 1 << 62


def _check_by(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    where = "Grouping(): expected by as a tuple of category column names"
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        hint = "; write by=('channel_id',) for one column" if isinstance(value, str) else ""
        raise CalculationError(f"{where}, found {value!r}{hint}")
    for name in value:
        column = COLUMNS_BY_NAME.get(name)
        if column is None or column.kind != "category":
            categories = sorted(c.name for c in COLUMNS_BY_NAME.values() if c.kind == "category")
            raise CalculationError(f"{where} ({', '.join(categories)}), found {name!r}")
        if column.personal:
            raise CalculationError(
                f"{where} without personal data, found {name!r}; KPIs per customer would"
                " put personal data in the result"
            )
    if len(set(value)) != len(value):
        raise CalculationError(f"{where}, each at most once, found {value!r}")


def _check_interval(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and value not in INTERVALS:
        raise CalculationError(
            f"Grouping(): expected interval in {interval_choices()}, found {value!r}"
        )


def _check_interval_of(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _INTERVAL_OF:
        listed = ", ".join(repr(i) for i in _INTERVAL_OF)
        raise CalculationError(
            f"Grouping(): expected interval_of in {{{listed}}}, found {value!r}"
        )


def _clock(moment: time) -> str:
    text = moment.isoformat("minutes")
    return text if moment.second == moment.microsecond == 0 else moment.isoformat()


def hours_words(hours: tuple[WeeklyHours, ...]) -> str:
    """Return weekly windows in words, e.g. ``'Mon-Fri 08:00-20:00'``."""
    days = list(Weekday)
    parts = []
    for window in hours:
        numbers = sorted(days.index(d) for d in window.days)
        runs: list[list[int]] = []
        for n in numbers:
            if runs and runs[-1][-1] == n - 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        names = ",".join(
            days[r[0]].value[:3].title()
            + ("" if len(r) == 1 else f"-{days[r[-1]].value[:3].title()}")
            for r in runs
        )
        parts.append(f"{names} {_clock(window.opens)}-{_clock(window.closes)}")
    return "; ".join(parts)


@typing.final
@attrs.frozen(kw_only=True)
class Grouping:
    """How contacts are grouped for KPIs: by category columns and local-time interval.

    Parameters
    ----------
    by : tuple of str, default ()
        Category columns to group by, e.g. ``("client_id", "channel_id")``;
        empty for no grouping by category.  Personal columns
        (``customer_reference``) are refused.  Rows whose value is missing form
        their own group, labelled None.
    interval : {None, "15min", "30min", "60min", "day", "week", "month"}, default None
        Group by the interval of local time in which a contact was offered
        (or its wait ended, see `interval_of`); None for no time grouping.
        Weeks start on Monday.  The pandas and polars spellings are accepted
        and stored as these names: ``"15m"``, ``"30m"``, ``"60m"``; ``"h"``,
        ``"1h"``, ``"H"``, ``"1H"`` (60min); ``"D"``, ``"1D"``, ``"d"``,
        ``"1d"`` (day); ``"W"``, ``"1W"``, ``"w"``, ``"1w"`` (week: pandas'
        ``"W"`` weeks end on Sunday, the same Monday-to-Sunday weeks, labelled
        here by their start); ``"MS"``, ``"1MS"``, ``"ME"``, ``"1ME"``,
        ``"mo"``, ``"1mo"`` (month).  ``"M"`` is refused: it is a month in
        older pandas but a minute in polars.
    interval_of : {"offered", "wait_end"}, default "offered"
        Which moment of a contact places it in an interval (and in or out of
        `within_hours`): ``offered``, when it was offered (``offered_at``);
        ``wait_end``, when its wait ended (``offered_at + wait_seconds``), that
        is when it was answered, or when the customer gave up for an abandon,
        or whenever the records end the wait of other contacts.  Only with an
        `interval` or `within_hours`, where it makes a difference.
    time_zone : str, default "UTC"
        IANA zone whose local time the intervals follow, e.g. ``"Europe/Dublin"``.
        Days, weeks and months are local calendar ones (a day may be 23 or
        25 hours long); when clocks go back, the repeated hour's sub-day
        intervals appear twice, told apart by their UTC start.
    within_hours : tuple of WeeklyHours or None, default None
        Count only contacts offered (or, with ``interval_of="wait_end"``,
        whose wait ended) inside one of these weekly windows of local time in
        `time_zone` (a weekday of the window's `days` and
        ``opens <= time of day < closes``, as `WeeklyHours.contains`), for
        KPIs over opening hours only.  Contacts outside count nowhere, not even
        in ``records``.  None: every contact, whenever offered.  A local time
        repeated when clocks go back is inside if its wall-clock time is; the
        hour skipped when they go forward never happens.

    Raises
    ------
    CalculationError
        If a `by` name is not a category column, `interval` or `interval_of`
        is not one of the choices, `time_zone` is unknown, `within_hours` is
        not None or WeeklyHours, or ``interval_of="wait_end"`` comes with
        neither an interval nor hours.

    Examples
    --------
    >>> Grouping(by=("channel_id",), interval="30min", time_zone="Europe/Dublin")
    Grouping(by=('channel_id',), interval='30min', interval_of='offered', time_zone='Europe/Dublin', within_hours=None)
    >>> Grouping(interval="1D").interval, Grouping(interval="1h").interval
    ('day', '60min')
    >>> Grouping(by="channel_id")
    Traceback (most recent call last):
    ...
    iso18295.errors.CalculationError: Grouping(): expected by as a tuple of category column names, found 'channel_id'; write by=('channel_id',) for one column
    """  # noqa: E501 - doctest output line

    by: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=_check_by)
    interval: Interval | None = attrs.field(
        default=None, converter=canonical_interval, validator=_check_interval
    )
    interval_of: IntervalOf = attrs.field(default="offered", validator=_check_interval_of)
    time_zone: str = attrs.field(default="UTC", validator=check_zone)
    within_hours: tuple[WeeklyHours, ...] | None = attrs.field(
        default=None, converter=to_tuple, validator=check_optional_hours
    )

    def __attrs_post_init__(self) -> None:
        if self.interval_of != "offered" and self.interval is None and self.within_hours is None:
            raise CalculationError(
                f"Grouping(): expected interval_of={self.interval_of!r} only with an interval"
                " or within_hours, found neither; without them every contact counts in the one"
                " group whatever its moment, so leave interval_of at 'offered'"
            )

    def describe(self) -> str:
        """Return the grouping in words.

        Examples
        --------
        >>> Grouping(by=("channel_id",), interval="day").describe()
        'per channel_id, per day (UTC)'
        >>> from datetime import time
        >>> from iso18295 import Weekday, WeeklyHours
        >>> weekdays = frozenset(list(Weekday)[:5])
        >>> Grouping(time_zone="Europe/Dublin", within_hours=(
        ...     WeeklyHours(days=weekdays, opens=time(8), closes=time(20)),)).describe()
        'all records together; only contacts offered Mon-Fri 08:00-20:00 (Europe/Dublin)'
        >>> Grouping(interval="60min", interval_of="wait_end").describe()
        'per 60min (UTC) in which the wait ended (answer or abandonment)'
        """
        parts = [f"per {name}" for name in self.by]
        ended = self.interval_of == "wait_end"
        if self.interval is not None:
            moment = " in which the wait ended (answer or abandonment)" if ended else ""
            parts.append(f"per {self.interval} ({self.time_zone}){moment}")
        text = ", ".join(parts) if parts else "all records together"
        if self.within_hours is not None:
            which = "whose wait ended" if ended else "offered"
            text += f"; only contacts {which} {hours_words(self.within_hours)} ({self.time_zone})"
        return text


def _nanoseconds(moment: time) -> int:
    seconds = (moment.hour * 60 + moment.minute) * 60 + moment.second
    return seconds * _NS + moment.microsecond * 1000


def wait_ends(offered: NDArray[np.int64], wait: NDArray[np.float64]) -> NDArray[np.int64]:
    """Return ``offered + wait`` as UTC int64 nanoseconds (waits rounded to the nanosecond).

    Ends are cut at `LATEST_NS` (year 2116), and never before `offered`.
    """
    nanoseconds = np.multiply(wait, 1e9)
    np.rint(nanoseconds, out=nanoseconds)
    if offered.size and float(nanoseconds.max()) >= LATEST_NS - int(offered.max()):
        room = np.maximum(LATEST_NS - offered, 0).astype(np.float64)
        np.minimum(nanoseconds, room, out=nanoseconds)
    ends: NDArray[np.int64] = offered + nanoseconds.astype(np.int64)
    return ends


def grouping_moments(
    grouping: Grouping, columns: Mapping[str, NDArray[np.generic]]
) -> NDArray[np.int64]:
    """Return the UTC instants (int64 nanoseconds) that place rows in intervals and hours.

    ``offered_at`` itself (no copy), or with ``interval_of="wait_end"`` the
    end of each wait (`wait_ends`).
    """
    offered: NDArray[np.int64] = columns["offered_at"].view(np.int64)
    if grouping.interval_of == "offered":
        return offered
    wait: NDArray[np.float64] = columns["wait_seconds"]  # type: ignore[assignment]
    return wait_ends(offered, wait)


def within_hours_mask(instants: NDArray[np.int64], grouping: Grouping) -> NDArray[np.bool_]:
    """Tell, per UTC instant (int64 nanoseconds), whether it is inside `grouping.within_hours`.

    Local wall-clock time in the grouping's zone (`iso18295._timezones.to_local`,
    one ``searchsorted``), then weekday and time of day with integer arithmetic;
    one pass per window, never per record.  All True if `within_hours` is None.
    """
    if grouping.within_hours is None:
        return np.ones(instants.size, dtype=np.bool_)
    local = to_local(instants, grouping.time_zone)
    days = np.floor_divide(local, _DAY_NS)
    time_of_day = local - days * _DAY_NS
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    week = list(Weekday)
    inside = np.zeros(instants.size, dtype=np.bool_)
    for window in grouping.within_hours:
        on_day = np.zeros(7, dtype=np.bool_)
        on_day[[week.index(d) for d in window.days]] = True
        inside |= (
            on_day[weekday]
            & (time_of_day >= _nanoseconds(window.opens))
            & (time_of_day < _nanoseconds(window.closes))
        )
    return inside


def interval_index(local: NDArray[np.int64], interval: Interval) -> NDArray[np.int64]:
    """Return the interval number of local nanoseconds since 1970 (floor, vectorised)."""
    if interval in _SUB_DAY_NS:
        return np.floor_divide(local, _SUB_DAY_NS[interval])
    if interval == "day":
        return np.floor_divide(local, _DAY_NS)
    if interval == "week":  # day 0 (1970-01-01) was a Thursday; day -3 a Monday
        days = np.floor_divide(local, _DAY_NS)
        days += 3
        return np.floor_divide(days, 7)
    months = np.asarray(local).view("datetime64[ns]").astype("datetime64[M]")
    return months.view(np.int64)


def interval_start(index: NDArray[np.int64], interval: Interval) -> NDArray[np.int64]:
    """Return the local start, in nanoseconds since 1970, of interval numbers."""
    if interval in _SUB_DAY_NS:
        return index * _SUB_DAY_NS[interval]
    if interval == "day":
        return index * _DAY_NS
    if interval == "week":
        return (index * 7 - 3) * _DAY_NS
    return index.view("datetime64[M]").astype("datetime64[ns]").view(np.int64)


def has_folds(grouping: Grouping) -> bool:
    """Tell whether keys carry a fold bit: sub-day intervals in a zone that is not UTC."""
    return grouping.interval in _SUB_DAY_NS and not is_utc(grouping.time_zone)


def utc_starts(
    index: NDArray[np.int64], fold: NDArray[np.int8], grouping: Grouping
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return the local and UTC starts (nanoseconds since 1970) of intervals.

    Loops over distinct intervals (not records) to ask :mod:`zoneinfo` for
    the offset in force at each local start.
    """
    local = interval_start(index, grouping.interval or "day")
    if is_utc(grouping.time_zone) or local.size == 0:
        return local, local.copy()
    tz = zone(grouping.time_zone)
    pairs, inverse = np.unique(
        np.stack([local, fold.astype(np.int64)]), axis=1, return_inverse=True
    )
    offsets = np.empty(pairs.shape[1], dtype=np.int64)
    epoch = datetime(1970, 1, 1)
    for j in range(pairs.shape[1]):
        wall = epoch + timedelta(microseconds=int(pairs[0, j]) // 1000)
        offset = wall.replace(tzinfo=tz, fold=int(pairs[1, j])).utcoffset()
        offsets[j] = int(offset.total_seconds()) * _NS if offset is not None else 0
    return local, local - offsets[inverse.reshape(-1)]


def canonical_folds(
    index: NDArray[np.int64], fold: NDArray[np.int64], grouping: Grouping
) -> NDArray[np.int64]:
    """Clear the fold of intervals whose local start is not itself repeated.

    When clocks go back by less than an interval (Lord Howe's 30 minutes, with
    60-minute intervals), the second pass of the repeated time lies in an
    interval whose start happened once: it belongs to that interval, so the
    group is identified by its local start and UTC start alone.
    """
    repeated = np.flatnonzero(fold)
    if repeated.size == 0:
        return fold
    _, first = utc_starts(index[repeated], np.zeros(repeated.size, np.int8), grouping)
    _, second = utc_starts(index[repeated], np.ones(repeated.size, np.int8), grouping)
    result = fold.copy()
    result[repeated[first == second]] = 0
    return result


def by_layout(
    grouping: Grouping, categories: Mapping[str, tuple[str, ...]]
) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """Return the radix and stride of each `by` column, and the number of combinations."""
    radices = tuple(len(categories[name]) + 1 for name in grouping.by)
    strides = []
    stride = 1
    for radix in reversed(radices):
        strides.append(stride)
        stride *= radix
    return radices, tuple(reversed(strides)), stride
