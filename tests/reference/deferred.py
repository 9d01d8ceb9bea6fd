"""A slow, obvious oracle for the deferred-work KPIs, one record at a time.

Shares no code with :mod:`iso18295.kpis`: each record is a `Row`, openness and
ages are decided with ``if`` statements on aware datetimes, and business time
is walked minute by minute with :mod:`zoneinfo` (``reference.business_time``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

from iso18295.kpis import ClearedWithinDeadline, OldestOpenItemAge
from reference.business_time import business_seconds
from reference.kpis import Row, group_of

Key = tuple[object, ...]


def closes_at(row: Row) -> datetime | None:
    """Return when the item was answered or withdrawn; None if it never was."""
    if row.outcome == "other":
        return None
    return row.offered_at + timedelta(microseconds=round(row.wait * 1_000_000))


def is_open(row: Row, as_of: datetime) -> bool:
    """Tell whether the item had arrived and was not yet closed at `as_of`."""
    closed = closes_at(row)
    return row.offered_at <= as_of and (closed is None or closed > as_of)


def age(row: Row, as_of: datetime, kpi: OldestOpenItemAge | ClearedWithinDeadline) -> Fraction:
    """Return the item's age at `as_of` on the KPI's clock (0 if it arrived later)."""
    if row.offered_at >= as_of:
        return Fraction(0)
    seconds = (as_of - row.offered_at) / timedelta(seconds=1)
    if kpi.clock == "calendar":
        return Fraction(seconds)
    assert kpi.business_hours is not None
    assert kpi.time_zone is not None
    return business_seconds(row.offered_at, seconds, kpi.business_hours, kpi.time_zone)


def _in_scope(kpi: OldestOpenItemAge | ClearedWithinDeadline, row: Row) -> bool:
    return kpi.direction == "all" or row.direction == kpi.direction


def oldest_open_oracle(
    rows: list[Row], kpi: OldestOpenItemAge, by: tuple[str, ...], interval: str | None, zone: str
) -> dict[Key, tuple[Fraction | None, int]]:
    """Return per group (of arrival): the oldest open item's age (None: none open), open items."""
    groups: dict[Key, tuple[Fraction | None, int]] = {}
    for row in rows:
        key = group_of(row, by, interval, zone)
        oldest, n_open = groups.get(key, (None, 0))
        if _in_scope(kpi, row) and is_open(row, kpi.as_of):
            item_age = age(row, kpi.as_of, kpi)
            oldest = item_age if oldest is None else max(oldest, item_age)
            n_open += 1
        groups[key] = (oldest, n_open)
    return groups


def cleared_oracle(
    rows: list[Row],
    kpi: ClearedWithinDeadline,
    by: tuple[str, ...],
    interval: str | None,
    zone: str,
) -> dict[Key, tuple[int, int, int]]:
    """Return per group (of arrival): cleared, denominator (decided) and excluded (not yet due)."""
    groups: dict[Key, tuple[int, int, int]] = {}
    deadline = Fraction(kpi.deadline_seconds)
    for row in rows:
        key = group_of(row, by, interval, zone)
        cleared, decided, excluded = groups.get(key, (0, 0, 0))
        if _in_scope(kpi, row):
            in_time = False
            if row.outcome == "answered":
                if kpi.clock == "calendar":
                    response = Fraction(row.wait)
                else:
                    assert kpi.business_hours is not None
                    assert kpi.time_zone is not None
                    response = business_seconds(
                        row.offered_at, row.wait, kpi.business_hours, kpi.time_zone
                    )
                in_time = response <= deadline
            if in_time:
                cleared += 1
                decided += 1
            elif kpi.as_of is None or age(row, kpi.as_of, kpi) > deadline:
                decided += 1
            else:
                excluded += 1
        groups[key] = (cleared, decided, excluded)
    return groups
