"""A slow, obvious oracle for business time and response time, sharing no code with the library.

Business time is found by walking a wait step by step (a minute, or a second)
in UTC: each step's local wall-clock time comes from :mod:`zoneinfo`
(``datetime.fromtimestamp(t, zone)``) and is inside the hours if
`WeeklyHours.contains` says so; the part of the step inside the wait is added
if it is.  This is exact when every window opens and closes on a multiple of
the step and the zone's offset changes on one too (all zones' changes fall on
whole minutes), because then nothing changes inside a step.  Arithmetic is
exact (:class:`fractions.Fraction`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from iso18295 import WeeklyHours
from iso18295.kpis import ResponseTime
from reference.kpis import Row, interval_of

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def business_seconds(
    start: datetime, wait: float, hours: tuple[WeeklyHours, ...], zone: str, step: int = 60
) -> Fraction:
    """Return the seconds of ``[start, start + wait)`` whose local wall time is inside `hours`."""
    tz = ZoneInfo(zone)
    begin = Fraction((start - EPOCH) // timedelta(microseconds=1), 1_000_000)
    end = begin + Fraction(wait)
    total = Fraction(0)
    t = math.floor(begin / step) * step
    while t < end:
        low, high = max(Fraction(t), begin), min(Fraction(t + step), end)
        if high > low:
            wall = datetime.fromtimestamp(t, tz).replace(tzinfo=None)
            if any(window.contains(wall) for window in hours):
                total += high - low
        t += step
    return total


def response_seconds(row: Row, metric: ResponseTime) -> Fraction:
    """Return a row's response time on the metric's clock."""
    if metric.clock == "calendar":
        return Fraction(row.wait)
    assert metric.business_hours is not None
    assert metric.time_zone is not None
    return business_seconds(row.offered_at, row.wait, metric.business_hours, metric.time_zone)


@dataclass
class Tally:
    """Numerator, denominator and records of one group."""

    numerator: Fraction = Fraction(0)
    denominator: int = 0
    records: int = 0


def moment_of(row: Row, interval_of_choice: str) -> datetime:
    """Return the moment that places a row in an interval: offered, or when its wait ended."""
    if interval_of_choice == "offered":
        return row.offered_at
    return row.offered_at + timedelta(microseconds=round(row.wait * 1_000_000))


def response_oracle(
    rows: list[Row],
    metric: ResponseTime,
    by: tuple[str, ...] = (),
    interval: str | None = None,
    zone: str = "UTC",
    hours: tuple[WeeklyHours, ...] | None = None,
    interval_of_choice: str = "offered",
) -> dict[tuple[object, ...], tuple[Fraction, int, Fraction | None, int]]:
    """Return per group: numerator, denominator, value (None if undefined), records."""
    tallies: dict[tuple[object, ...], Tally] = {}
    for row in rows:
        moment = moment_of(row, interval_of_choice)
        if hours is not None:
            wall = moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
            if not any(window.contains(wall) for window in hours):
                continue
        labels = {"channel_id": row.channel, "queue": row.queue, "direction": row.direction}
        key = (*(labels[name] for name in by), interval_of(moment, interval, zone))
        tally = tallies.setdefault(key, Tally())
        tally.records += 1
        if metric.direction != "all" and row.direction != metric.direction:
            continue
        answered = row.outcome == "answered"
        if metric.threshold_seconds is None:
            if answered:
                tally.numerator += response_seconds(row, metric)
                tally.denominator += 1
            continue
        tally.denominator += 1  # every arrived contact; unanswered ones are missed
        if answered:
            seconds, limit = response_seconds(row, metric), Fraction(metric.threshold_seconds)
            tally.numerator += int(
                seconds <= limit if metric.threshold_inclusive else seconds < limit
            )
    return {
        key: (
            t.numerator,
            t.denominator,
            t.numerator / t.denominator if t.denominator else None,
            t.records,
        )
        for key, t in tallies.items()
    }
