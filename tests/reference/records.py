"""A slow, obvious oracle for the KPIs measured from a scope's documents.

Nothing here shares code with :mod:`iso18295.kpis`: each definition is
re-implemented from its documentation, one document at a time, with exact
arithmetic (:class:`fractions.Fraction`); period bounds are POSIX timestamps of
local midnights, found with :mod:`zoneinfo`; durations are whole microseconds.
Every function returns ``{group key: (numerator, denominator, excluded, value)}``
with NaN for an undefined value; a group key is a tuple of labels, one per
``by`` field, and documents that belong to several groups (agents serving
several clients) are in each.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from itertools import product
from typing import Any
from zoneinfo import ZoneInfo

from iso18295 import (
    Agent,
    Competency,
    CompetencyOutcome,
    Complaint,
    CustomerSurvey,
    EngagementSurvey,
    QualityEvaluation,
    TrainingKind,
)

Numbers = tuple[float, int, int, float]
Key = tuple[str | None, ...]


def _micro(delta: timedelta) -> Fraction:
    return Fraction(delta // timedelta(microseconds=1), 10**6)


def _midnight(day: date, zone: str) -> Fraction:
    """The POSIX time, in seconds, of midnight starting `day` in `zone`."""
    moment = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return _micro(moment - datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC")))


def _posix(moment: datetime) -> Fraction:
    return _micro(moment - datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC")))


def _groups(
    documents: Iterable[Any], by: Sequence[str], labels: Callable[[Any], dict[str, Sequence[Any]]]
) -> dict[Key, list[Any]]:
    grouped: dict[Key, list[Any]] = {}
    for document in documents:
        values = labels(document)
        for key in product(*(values[f] for f in by)):
            grouped.setdefault(tuple(key), []).append(document)
    return grouped


def _value(numerator: Fraction, denominator: int, minimum: int = 1) -> float:
    if denominator == 0 or denominator < minimum:
        return math.nan
    return float(numerator / denominator)


# --- complaints --------------------------------------------------------------------------


def received(
    complaints: Iterable[Complaint], start: date, end: date, zone: str, categories: Any = None
) -> list[Complaint]:
    """Complaints received in [start, end), local midnights of `zone`."""
    low, high = _midnight(start, zone), _midnight(end, zone)
    return [
        c
        for c in complaints
        if low <= _posix(c.received_at) < high
        and (categories is None or c.category.value in categories)
    ]


def _complaint_labels(c: Complaint) -> dict[str, Sequence[Any]]:
    return {"client_id": [c.client_id], "channel_id": [c.channel_id]}


def complaint_times(
    complaints: Iterable[Complaint],
    *,
    start: date,
    end: date,
    zone: str,
    by: Sequence[str] = (),
    event: str = "acknowledged",
    clock_start: str = "received",
    statistic: str = "mean",
    threshold: float | None = None,
    inclusive: bool = True,
    pending: str = "exclude",
    categories: Any = None,
) -> dict[Key, Numbers]:
    """Time to acknowledge (`event`="acknowledged") or resolve ("resolved"), per group."""
    cut = _midnight(end, zone)
    out: dict[Key, Numbers] = {}
    chosen = received(complaints, start, end, zone, categories)
    for key, group in _groups(chosen, by, _complaint_labels).items():
        total, timed, in_time, excluded, missed = Fraction(0), 0, 0, 0, 0
        for c in group:
            began = c.received_at if clock_start == "received" else c.acknowledged_at
            stop = c.acknowledged_at if event == "acknowledged" else c.resolved_at
            if stop is not None and _posix(stop) < cut:
                if began is None:  # stopped but the clock never started
                    excluded += 1
                    continue
                took = _posix(stop) - _posix(began)
                timed += 1
                total += took
                if threshold is not None and (
                    took <= threshold if inclusive else took < threshold
                ):
                    in_time += 1
                continue
            # still pending at the period end
            elapsed = Fraction(0) if began is None else cut - _posix(began)
            late = threshold is not None and (
                elapsed > threshold if inclusive else elapsed >= threshold
            )
            if statistic == "within" and (
                pending == "missed" or (pending == "missed_if_overdue" and late)
            ):
                missed += 1
            else:
                excluded += 1
        if statistic == "mean":
            out[key] = (float(total), timed, excluded, _value(total, timed))
        else:
            n = timed + missed
            out[key] = (float(in_time), n, excluded, _value(Fraction(in_time), n))
    return out


def resolved_share(
    complaints: Iterable[Complaint], *, start: date, end: date, zone: str, by: Sequence[str] = ()
) -> dict[Key, Numbers]:
    """Complaints received in the period and resolved before its end / received."""
    cut = _midnight(end, zone)
    out: dict[Key, Numbers] = {}
    chosen = received(complaints, start, end, zone)
    for key, group in _groups(chosen, by, _complaint_labels).items():
        done = sum(1 for c in group if c.resolved_at is not None and _posix(c.resolved_at) < cut)
        out[key] = (float(done), len(group), 0, _value(Fraction(done), len(group)))
    return out


# --- surveys and evaluations ---------------------------------------------------------------


def survey_satisfaction(
    surveys: Iterable[CustomerSurvey],
    *,
    start: date,
    end: date,
    by: Sequence[str] = (),
    method: str = "mean",
    scale: str = "score",
    overlapping: bool = True,
    minimum: int = 1,
) -> dict[Key, Numbers]:
    """Response-weighted survey result per group."""
    last = end - timedelta(days=1)
    if overlapping:
        chosen = [s for s in surveys if not (s.period_end < start or s.period_start > last)]
    else:
        chosen = [s for s in surveys if start <= s.period_start and s.period_end <= last]
    out: dict[Key, Numbers] = {}
    labels = {s.id: {"client_id": [s.client_id], "channel_id": [s.channel_id]} for s in chosen}
    for key, group in _groups(chosen, by, lambda s: labels[s.id]).items():
        total, weight, excluded = Fraction(0), 0, 0
        for s in group:
            if not s.responses:
                continue
            if method == "top_box":
                result = None if s.top_box_share is None else Fraction(s.top_box_share)
            elif s.mean_score is None:
                result = None
            elif scale == "score":
                result = Fraction(s.mean_score)
            elif scale == "share_of_maximum":
                result = Fraction(s.mean_score) / Fraction(s.scale_max)
            else:
                result = (Fraction(s.mean_score) - 1) / (Fraction(s.scale_max) - 1)
            if result is None:
                excluded += s.responses
            else:
                total += s.responses * result
                weight += s.responses
        out[key] = (float(total), weight, excluded, _value(total, weight, minimum))
    return out


def _evaluation_labels(agents: Sequence[Agent]) -> Callable[[Any], dict[str, Sequence[Any]]]:
    clients = {a.id: list(a.client_ids) or [None] for a in agents}
    return lambda e: {"agent_id": [e.agent_id], "client_id": clients[e.agent_id]}


def quality(
    evaluations: Iterable[QualityEvaluation],
    agents: Sequence[Agent],
    *,
    start: date,
    end: date,
    by: Sequence[str] = (),
    weighting: str = "evaluation",
    minimum: int = 1,
    critical: bool = False,
) -> dict[Key, Numbers]:
    """Quality score (or, with `critical`, critical-error rate) per group."""
    chosen = [e for e in evaluations if start <= e.evaluated_on < end]
    out: dict[Key, Numbers] = {}
    for key, group in _groups(chosen, by, _evaluation_labels(agents)).items():
        if critical:
            n = sum(1 for e in group if e.critical_error)
            out[key] = (float(n), len(group), 0, _value(Fraction(n), len(group), minimum))
            continue
        if weighting == "evaluation":
            total = sum((Fraction(e.score) / Fraction(e.max_score) for e in group), Fraction(0))
            out[key] = (float(total), len(group), 0, _value(total, len(group), minimum))
            continue
        agent_ids = sorted({e.agent_id for e in group})
        means = Fraction(0)
        for agent_id in agent_ids:
            own = [
                Fraction(e.score) / Fraction(e.max_score) for e in group if e.agent_id == agent_id
            ]
            means += sum(own, Fraction(0)) / len(own)
        value = _value(means, len(agent_ids)) if len(group) >= minimum else math.nan
        out[key] = (float(means), len(agent_ids), 0, value)
    return out


# --- people --------------------------------------------------------------------------------


def engagement(
    surveys: Iterable[EngagementSurvey],
    *,
    start: date,
    end: date,
    share: bool = False,
    minimum: int = 1,
) -> Numbers:
    """Response-weighted engagement result over the surveys conducted in the period."""
    total, weight = Fraction(0), 0
    for s in surveys:
        if start <= s.conducted_on < end and s.responded:
            result = Fraction(s.score) / Fraction(s.scale_max) if share else Fraction(s.score)
            total += s.responded * result
            weight += s.responded
    return (float(total), weight, 0, _value(total, weight, minimum))


def _employed(agent: Agent, day: date) -> bool:
    return agent.hired_on <= day and (agent.left_on is None or agent.left_on >= day)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days)]


def _agent_labels(a: Agent) -> dict[str, Sequence[Any]]:
    return {"client_id": list(a.client_ids) or [None]}


def attrition(
    agents: Iterable[Agent],
    *,
    start: date,
    end: date,
    by: Sequence[str] = (),
    functions: Sequence[str] = ("agent",),
    voluntary: bool = False,
    unrecorded_counted: bool = True,
    daily: bool = True,
    annual: bool = True,
) -> dict[Key, Numbers]:
    """Leavers / average headcount per group, counting headcount day by day."""
    days = _days(start, end)
    staff = [
        a for a in agents if a.function.value in functions and any(_employed(a, d) for d in days)
    ]
    out: dict[Key, Numbers] = {}
    for key, group in _groups(staff, by, _agent_labels).items():
        leavers, excluded = 0, 0
        for a in group:
            if a.left_on is None or not start <= a.left_on < end:
                continue
            reason = None if a.leaving_reason is None else a.leaving_reason.value
            if not voluntary or reason == "voluntary" or (reason is None and unrecorded_counted):
                leavers += 1
            elif reason is None:
                excluded += 1
        if daily:
            denominator = sum(1 for a in group for d in days if _employed(a, d))
            average = Fraction(denominator, len(days))
        else:
            denominator = sum(_employed(a, days[0]) for a in group) + sum(
                _employed(a, days[-1]) for a in group
            )
            average = Fraction(denominator, 2)
        factor = Fraction(365, len(days)) if annual else Fraction(1)
        value = float(leavers / average * factor) if denominator else math.nan
        out[key] = (float(leavers), denominator, excluded, value)
    return out


def coverage(
    agents: Iterable[Agent],
    competencies: Sequence[Competency],
    *,
    end: date,
    by: Sequence[str] = (),
    review_days: int = 365,
    competencies_needed: bool = True,
    induction_needed: bool = True,
    functions: Sequence[str] = ("agent",),
) -> dict[Key, Numbers]:
    """Share of the staff employed on the last day holding what they must hold."""
    last = end - timedelta(days=1)
    staff = [a for a in agents if a.function.value in functions and _employed(a, last)]
    out: dict[Key, Numbers] = {}
    for key, group in _groups(staff, by, _agent_labels).items():
        covered = 0
        for a in group:
            ok = True
            if induction_needed:
                ok = any(
                    t.kind is TrainingKind.INDUCTION
                    and t.completed_on is not None
                    and t.completed_on <= last
                    for t in a.training
                )
            if competencies_needed:
                for k in competencies:
                    if a.function not in k.required_for:
                        continue
                    if k.client_id is not None and k.client_id not in a.client_ids:
                        continue
                    seen = sorted(
                        (
                            s
                            for s in a.assessments
                            if s.competency_id == k.id and s.assessed_on <= last
                        ),
                        key=lambda s: s.assessed_on,
                    )
                    if not seen:
                        ok = False
                        continue
                    newest = seen[-1]  # callers give one assessment per competency and day
                    stale = (last - newest.assessed_on).days > review_days
                    if newest.outcome is not CompetencyOutcome.MET or stale:
                        ok = False
            covered += ok
        out[key] = (float(covered), len(group), 0, _value(Fraction(covered), len(group)))
    return out
