"""Slow, obvious oracles for workforce KPIs and forecast accuracy, sharing no library code.

Agent activity is walked cell by cell: time is cut into cells of `step`
seconds on a UTC grid, and for each cell the agent's recorded state and
scheduled activity are looked up by scanning the agent's segments in Python,
and its interval by :mod:`zoneinfo` (`reference.kpis.interval_of`).  This is
exact when every segment boundary, every tolerance and every change of UTC
offset falls on a multiple of `step` (then nothing changes inside a cell).
Seconds are whole numbers and ratios :class:`fractions.Fraction`.

Forecast accuracy counts, per forecast interval, the offered contacts by a
loop over every record, and sums errors in :class:`~fractions.Fraction`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from iso18295.kpis import Absenteeism, ForecastAccuracy, Occupancy, ScheduleAdherence
from reference.kpis import interval_of

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Group = tuple[object, ...]


@dataclass(frozen=True)
class Segment:
    """One segment of a timeline: agent, state or activity (its value), UTC seconds."""

    agent: str
    kind: str
    start: int
    end: int


@dataclass
class Tally:
    """Numerator, denominator and excluded amount of one metric in one group."""

    numerator: Fraction = Fraction(0)
    denominator: Fraction = Fraction(0)
    excluded: Fraction = Fraction(0)

    def value(self, complement: bool = False) -> float | None:
        """Return numerator / denominator (1 - that if `complement`); None if undefined."""
        if self.denominator == 0:
            return None
        ratio = self.numerator / self.denominator
        return float(1 - ratio if complement else ratio)


@dataclass
class Outcome:
    """Per group: each metric's tally, and the number of records."""

    tallies: dict[Group, dict[str, Tally]] = field(default_factory=dict)
    records: dict[Group, int] = field(default_factory=lambda: defaultdict(int))


def seconds_of(moment: datetime) -> int:
    """Return a whole-second aware datetime as seconds since 1970."""
    return (moment - EPOCH) // timedelta(seconds=1)


def _covering(segments: list[Segment], t: int) -> Segment | None:
    for s in segments:  # a scan: slow and obvious
        if s.start <= t < s.end:
            return s
    return None


def _stretch(schedule: list[Segment], segment: Segment) -> tuple[int, int]:
    """Return the start and end of the run of back-to-back segments of one activity."""
    start, end = segment.start, segment.end
    changed = True
    while changed:
        changed = False
        for s in schedule:
            if s.kind == segment.kind and s.end == start and s.end > s.start:
                start, changed = s.start, True
            if s.kind == segment.kind and s.start == end and s.end > s.start:
                end, changed = s.end, True
    return start, end


def activity_reference(
    states: list[Segment],
    schedule: list[Segment] | None,
    metrics: list[Occupancy | ScheduleAdherence | Absenteeism],
    *,
    by_agent: bool,
    interval: str | None,
    zone: str,
    step: int,
) -> Outcome:
    """Compute every metric per group by walking each agent's time cell by cell."""
    outcome = Outcome()
    plan = schedule or []
    agents = sorted({s.agent for s in states} | {s.agent for s in plan})
    for agent in agents:
        own_states = [s for s in states if s.agent == agent and s.end > s.start]
        own_plan = [s for s in plan if s.agent == agent and s.end > s.start]
        cells: set[int] = set()
        for s in own_states + own_plan:
            assert s.start % step == 0, "segment boundaries must lie on the grid"
            assert s.end % step == 0, "segment boundaries must lie on the grid"
            cells.update(range(s.start, s.end, step))

        def group(t: int, agent: str = agent) -> Group:
            moment = datetime.fromtimestamp(t, UTC)
            return (agent if by_agent else None, interval_of(moment, interval, zone))

        for s in own_states:
            for g in {group(t) for t in range(s.start, s.end, step)}:
                outcome.records[g] += 1
        for t in sorted(cells):
            g = group(t)
            tallies = outcome.tallies.setdefault(g, {m.name: Tally() for m in metrics})
            state_segment = _covering(own_states, t)
            state = state_segment.kind if state_segment else None
            planned = _covering(own_plan, t)
            for m in metrics:
                tally = tallies[m.name]
                if isinstance(m, Occupancy):
                    handling = state in {x.value for x in m.handling_states}
                    available = state in {x.value for x in m.available_states}
                    if handling:
                        tally.numerator += step
                    if handling or available:
                        tally.denominator += step
                    elif state is not None:
                        tally.excluded += step
                    continue
                if planned is None:
                    continue
                if isinstance(m, ScheduleAdherence):
                    if planned.kind not in {a.value for a in m.activities}:
                        tally.excluded += step
                        continue
                    tally.denominator += step
                    matching = {x.value for a, states_ in m.matches for x in states_
                                if a.value == planned.kind}  # fmt: skip
                    first, last = _stretch(own_plan, planned)
                    tolerance = int(m.tolerance_seconds)
                    forgiven = t + step <= first + tolerance or t >= last - tolerance
                    if state in matching or forgiven:
                        tally.numerator += step
                else:
                    if planned.kind == "planned_absence" and m.planned_absence == "exclude":
                        tally.excluded += step
                        continue
                    tally.denominator += step
                    if state in {x.value for x in m.absent_states}:
                        tally.numerator += step
    return outcome


@dataclass(frozen=True)
class Contact:
    """One interaction record, as far as forecast accuracy reads it."""

    client: str
    channel: str
    direction: str
    offered_at: datetime


def forecast_reference(
    forecasts: list[object],
    contacts: list[Contact],
    metric: ForecastAccuracy,
    *,
    interval: str | None,
    zone: str,
    period: tuple[datetime, datetime] | None,
) -> Outcome:
    """Compute forecast accuracy per (forecast, grouping interval) by loops over records."""
    outcome = Outcome()
    times = [c.offered_at for c in contacts]
    for forecast in forecasts:
        step = timedelta(minutes=forecast.interval_minutes)  # type: ignore[attr-defined]
        start = forecast.starts_at.astimezone(UTC)  # type: ignore[attr-defined]
        comparisons: dict[object, list[int]] = {}
        rows = []
        for i, volume in enumerate(forecast.volumes):  # type: ignore[attr-defined]
            begin, end = start + i * step, start + (i + 1) * step
            actual = sum(
                1
                for c in contacts
                if c.client == forecast.client_id  # type: ignore[attr-defined]
                and c.channel == forecast.channel_id  # type: ignore[attr-defined]
                and (metric.direction == "all" or c.direction == metric.direction)
                and begin <= c.offered_at < end
            )
            if period is not None:
                covered = begin >= period[0] and end <= period[1]
            else:
                covered = bool(times) and end > min(times) and begin <= max(times)
            g = (forecast.id, interval_of(begin, interval, zone))  # type: ignore[attr-defined]
            outcome.records[g] += 1
            key = i if metric.interval == "forecast" else interval_of(begin, metric.interval, zone)
            comparisons.setdefault(key, []).append(len(rows))
            rows.append((g, Fraction(volume), actual, covered))
        for members in comparisons.values():
            g = rows[members[0]][0]
            tally = outcome.tallies.setdefault(g, {metric.name: Tally()})[metric.name]
            predicted = sum(rows[j][1] for j in members)
            actual = sum(rows[j][2] for j in members)
            complete = all(rows[j][3] for j in members)
            method = getattr(metric, "method", "bias")  # ForecastBias has no method
            if method == "bias" and complete:
                tally.numerator += predicted - actual
                tally.denominator += actual
            elif method == "wape" and complete:
                tally.numerator += abs(actual - predicted)
                tally.denominator += actual
            elif method == "mape" and complete and actual > 0:
                tally.numerator += abs(actual - predicted) / actual
                tally.denominator += 1
            else:
                tally.excluded += 1
    return outcome
