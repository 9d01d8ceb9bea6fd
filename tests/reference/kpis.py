"""A slow, obvious oracle for the KPIs, and a builder of small tables.

Nothing here shares code with :mod:`iso18295.kpis`: every record is a
Python object, every definition is re-implemented from its documentation with
``if`` statements, arithmetic is exact (:class:`fractions.Fraction`), and the
local-time interval of each record comes from :mod:`zoneinfo` one record at a
time (``astimezone``, whose ``fold`` tells the repeated hour apart).
Repeat contacts are found by comparing every pair of a customer's contacts;
opening hours by `WeeklyHours.contains` on each record's local time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np

from iso18295 import InteractionTable, WeeklyHours
from iso18295.kpis import (
    Abandoned,
    AbandonmentRate,
    Answered,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    FirstContactResolution,
    Kpi,
    Missed,
    NetPromoterScore,
    Offered,
    ServiceLevel,
    TransferRate,
)


@dataclass(frozen=True)
class Row:
    """One interaction record."""

    offered_at: datetime  # aware, UTC
    wait: float
    outcome: str  # "answered", "abandoned" or "other"
    channel: str = "voice"
    queue: str | None = None
    direction: str = "inbound"
    talk: float | None = None
    hold: float | None = None
    after: float | None = None
    resolved: int = -1
    transferred: bool = False
    satisfaction: float | None = None
    customer: str | None = None


def table_of(rows: list[Row]) -> InteractionTable:
    """Build an InteractionTable from rows (through the public constructor)."""

    def num(values: list[float | None]) -> list[float]:
        return [math.nan if v is None else v for v in values]

    return InteractionTable.from_columns(
        channel_id=[r.channel for r in rows],
        queue=[r.queue for r in rows],
        customer_reference=[r.customer for r in rows],
        direction=[r.direction for r in rows],
        client_id=["client"] * len(rows),
        offered_at=np.array(
            [r.offered_at.astimezone(UTC).replace(tzinfo=None) for r in rows],
            dtype="datetime64[ns]",
        ).reshape(len(rows)),
        wait_seconds=np.array([r.wait for r in rows], dtype=np.float64),
        answered=np.array([r.outcome == "answered" for r in rows], dtype=np.bool_),
        abandoned=np.array([r.outcome == "abandoned" for r in rows], dtype=np.bool_),
        talk_seconds=np.array(num([r.talk for r in rows]), dtype=np.float64),
        hold_seconds=np.array(num([r.hold for r in rows]), dtype=np.float64),
        after_contact_seconds=np.array(num([r.after for r in rows]), dtype=np.float64),
        resolved=np.array([r.resolved for r in rows], dtype=np.int8),
        transferred=np.array([r.transferred for r in rows], dtype=np.bool_),
        satisfaction=np.array(num([r.satisfaction for r in rows]), dtype=np.float64),
    )


def interval_of(
    moment: datetime, interval: str | None, zone: str
) -> tuple[datetime, datetime] | None:
    """Return the local start (naive) and UTC start (naive) of the interval holding `moment`."""
    if interval is None:
        return None
    tz = ZoneInfo(zone)
    local = moment.astimezone(tz)
    wall = local.replace(tzinfo=None, fold=0)
    fold = 0
    if interval.endswith("min"):
        width = int(interval[:-3])
        start = wall.replace(minute=wall.minute - wall.minute % width, second=0, microsecond=0)
        fold = local.fold
    else:
        start = wall.replace(hour=0, minute=0, second=0, microsecond=0)
        if interval == "week":
            start -= timedelta(days=start.weekday())
        elif interval == "month":
            start = start.replace(day=1)
    utc = start.replace(tzinfo=tz, fold=fold).astimezone(UTC).replace(tzinfo=None)
    return start, utc


def group_of(row: Row, by: tuple[str, ...], interval: str | None, zone: str) -> tuple[object, ...]:
    """Return the group of a row: its labels, then its interval (start, fold)."""
    labels = {"channel_id": row.channel, "queue": row.queue, "direction": row.direction}
    return (*(labels[name] for name in by), interval_of(row.offered_at, interval, zone))


@dataclass
class Tally:
    """Numerator, denominator and excluded count of one metric in one group."""

    numerator: Fraction = Fraction(0)
    denominator: int = 0
    excluded: int = 0


def _in_scope(metric: Kpi, row: Row) -> bool:
    direction = metric.direction  # type: ignore[attr-defined]
    return direction == "all" or row.direction == direction


def is_repeated(metric: FirstContactResolution, row: Row, rows: list[Row]) -> bool | None:
    """Tell whether the customer made a further contact within the window (None: no customer)."""
    if row.customer is None:
        return None
    window = timedelta(days=metric.repeat_within_days)
    for other in rows:
        if other.customer != row.customer:
            continue
        if metric.same_queue and other.queue != row.queue:
            continue
        if metric.repeats == "inbound" and other.direction != "inbound":
            continue
        if row.offered_at < other.offered_at <= row.offered_at + window:
            return True
    return False


def in_hours(row: Row, hours: tuple[WeeklyHours, ...] | None, zone: str) -> bool:
    """Tell whether a row was offered inside one of the windows, in local time of `zone`."""
    if hours is None:
        return True
    local = row.offered_at.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return any(window.contains(local) for window in hours)


def _is_short(metric: Kpi, row: Row) -> bool:
    """Tell whether a row is a short abandon under the metric's cut-off and its inclusivity."""
    cut = metric.short_abandon_seconds  # type: ignore[attr-defined]
    if row.outcome != "abandoned" or cut is None:
        return False
    inclusive = metric.short_abandon_inclusive  # type: ignore[attr-defined]
    wait, limit = Fraction(row.wait), Fraction(cut)
    return wait <= limit if inclusive else wait < limit


def tally_row(metric: Kpi, row: Row, tally: Tally, repeated: bool | None = None) -> None:
    """Add one row to a tally, following the metric's documented definition.

    `repeated` is the row's repeat status for repeat-contact FCR (`is_repeated`).
    """
    if not _in_scope(metric, row):
        return
    wait = Fraction(row.wait)
    answered, abandoned = row.outcome == "answered", row.outcome == "abandoned"
    if isinstance(metric, Offered | Answered | Abandoned):
        wanted = {Offered: True, Answered: answered, Abandoned: abandoned}[type(metric)]
        tally.numerator += int(wanted)
    elif isinstance(metric, Missed):
        tally.numerator += int(not answered and not _is_short(metric, row))
    elif isinstance(metric, ServiceLevel):
        call_cut = metric.short_call_seconds
        if answered and call_cut is not None and row.talk is not None and row.talk < call_cut:
            tally.excluded += 1  # a short call
            return
        ignore = metric.ignore_abandons_under_seconds
        if abandoned and ignore is not None:
            below = Fraction(ignore)
            if (wait <= below) if metric.short_abandon_inclusive else (wait < below):
                tally.excluded += 1  # under the first cut-off: counts nowhere
                return
        limit = Fraction(metric.threshold_seconds)
        within = wait <= limit if metric.threshold_inclusive else wait < limit
        if _is_short(metric, row):
            if metric.short_abandons == "exclude":
                tally.excluded += 1
            elif metric.short_abandons == "met":
                tally.numerator += 1
                tally.denominator += 1
            else:
                tally.denominator += 1
            return
        if answered:
            tally.denominator += 1
            tally.numerator += int(within)
        elif abandoned:
            if metric.denominator in ("offered", "answered_or_abandoned") or (
                metric.denominator == "answered_or_abandoned_after_threshold" and not within
            ):
                tally.denominator += 1
        elif metric.denominator == "offered":
            tally.denominator += 1
    elif isinstance(metric, AverageSpeedOfAnswer):
        counted = {
            "answered": answered,
            "offered": True,
            "delayed": answered and wait > 0,
        }[metric.population]
        if counted:
            tally.numerator += wait
            tally.denominator += 1
    elif isinstance(metric, AbandonmentRate):
        if metric.denominator == "answered_or_abandoned" and not (answered or abandoned):
            return
        short = _is_short(metric, row)
        if short and metric.short_abandons == "exclude":
            tally.excluded += 1
            return
        tally.denominator += 1
        if short and metric.short_abandons == "offered_only":
            return
        tally.numerator += int(abandoned)
    elif isinstance(metric, AverageHandlingTime):
        if answered:
            parts = {"talk": row.talk, "hold": row.hold, "after_contact": row.after}
            chosen = [parts[c] for c in metric.components]
            if any(p is None for p in chosen):
                tally.excluded += 1
            else:
                tally.numerator += sum(Fraction(p) for p in chosen if p is not None)
                tally.denominator += 1
    elif (
        isinstance(metric, FirstContactResolution)
        and answered
        and (metric.transfers == "exclude" and row.transferred)
    ):
        tally.excluded += 1
    elif isinstance(metric, FirstContactResolution) and metric.method == "repeat":
        if answered:
            if repeated is None:
                tally.excluded += 1
            else:
                tally.denominator += 1
                tally.numerator += int(not repeated)
    elif isinstance(metric, FirstContactResolution):
        if answered:
            if row.resolved == -1:
                tally.excluded += 1
            else:
                tally.denominator += 1
                tally.numerator += int(row.resolved == 1)
    elif isinstance(metric, CustomerSatisfaction):
        if row.satisfaction is not None:
            tally.denominator += 1
            if metric.method == "mean":
                tally.numerator += Fraction(row.satisfaction)
            else:
                tally.numerator += int(row.satisfaction >= metric.top_box_minimum)
    elif isinstance(metric, NetPromoterScore):
        if row.satisfaction is not None:
            tally.denominator += 1
            if row.satisfaction >= metric.promoter_minimum:
                tally.numerator += 1
            elif row.satisfaction <= metric.detractor_maximum:
                tally.numerator -= 1
    elif isinstance(metric, TransferRate):
        if answered:
            tally.denominator += 1
            tally.numerator += int(row.transferred)
    else:  # pragma: no cover - a metric the oracle does not know
        raise TypeError(metric)


def oracle(
    rows: list[Row],
    metric: Kpi,
    by: tuple[str, ...] = (),
    interval: str | None = None,
    zone: str = "UTC",
    hours: tuple[WeeklyHours, ...] | None = None,
) -> dict[tuple[object, ...], tuple[Fraction, int, int, Fraction | None, int]]:
    """Return per group: numerator, denominator, excluded, value (None if undefined), records.

    Rows offered outside `hours` are left out, but still count as repeats.
    """
    tallies: dict[tuple[object, ...], Tally] = {}
    records: dict[tuple[object, ...], int] = {}
    repeat = isinstance(metric, FirstContactResolution) and metric.method == "repeat"
    for row in rows:
        if not in_hours(row, hours, zone):
            continue
        key = group_of(row, by, interval, zone)
        repeated = is_repeated(metric, row, rows) if repeat else None  # type: ignore[arg-type]
        tally_row(metric, row, tallies.setdefault(key, Tally()), repeated)
        records[key] = records.get(key, 0) + 1
    out = {}
    for key, t in tallies.items():
        if isinstance(metric, Offered | Answered | Abandoned | Missed):
            out[key] = (t.numerator, records[key], 0, t.numerator, records[key])
            continue
        minimum = getattr(metric, "minimum_responses", 1)
        value = t.numerator / t.denominator if t.denominator >= minimum else None
        out[key] = (t.numerator, t.denominator, t.excluded, value, records[key])
    return out


def observed(result: object, name: str) -> dict[tuple[object, ...], tuple[object, ...]]:
    """Return a KpiResult's metric `name` keyed like `oracle`."""
    labels = result.labels  # type: ignore[attr-defined]
    values = result[name]  # type: ignore[index]
    grouping = result.grouping  # type: ignore[attr-defined]
    out = {}
    for i in range(len(result)):  # type: ignore[arg-type]
        key: list[object] = [labels[n][i] for n in grouping.by]
        if grouping.interval is None:
            key.append(None)
        else:
            local = labels["interval_start"][i].astype("datetime64[us]").item()
            utc = labels["interval_start_utc"][i].astype("datetime64[us]").item()
            key.append((local, utc))
        value = values.value[i]
        out[tuple(key)] = (
            values.numerator[i],
            int(values.denominator[i]),
            int(values.excluded[i]),
            None if math.isnan(value) else value,
            int(result.records[i]),  # type: ignore[attr-defined]
        )
    return out
