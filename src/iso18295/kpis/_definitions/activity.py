"""Workforce KPIs from agent activity: `measure_activity`.

Seconds are added per group with weighted ``bincount`` calls over pieces of
segments (`.._engine.segments`): recorded states cut at interval edges for
occupancy, and scheduled time overlaid with the recorded states, then cut at
interval edges, for adherence and absenteeism.  A group is an agent (with
``Grouping(by=("agent_id",))``) and/or a local-time interval; every group in
which a segment of a table the KPIs read lies appears in the result.
"""

from __future__ import annotations

import typing
import warnings
from collections.abc import Sequence
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.activity import AgentStateTable, ScheduleTable
from iso18295._model.agent_states import AGENT_STATES, SCHEDULED_ACTIVITIES, ScheduledActivity
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis._definitions.workforce import (
    Absenteeism,
    Occupancy,
    ScheduleAdherence,
    ScheduleConformance,
)
from iso18295.kpis._engine.families import ActivityKpi, Kpi
from iso18295.kpis._engine.grouping import Grouping, utc_starts
from iso18295.kpis._engine.result import KpiResult, KpiValues
from iso18295.kpis._engine.segments import (
    Edges,
    Overlay,
    Pieces,
    interval_edges,
    overlay,
    split_at,
)

_DENSE_GROUPS: Final = 1 << 22
_N_STATES: Final = len(AGENT_STATES)
_PLANNED: Final = SCHEDULED_ACTIVITIES.index(ScheduledActivity.PLANNED_ABSENCE)
Segments = tuple[
    "NDArray[np.int64]", "NDArray[np.int64]", "NDArray[np.int64]", "NDArray[np.int64]"
]
_ACTIVITY_KPIS: Final = (Occupancy, ScheduleAdherence, ScheduleConformance, Absenteeism)
_GROUPING_OPTIONS: Final = frozenset({"by", "interval", "time_zone"})


def check_grouping(where: str, grouping: object, by: tuple[str, ...]) -> Grouping:
    """Return the grouping (a default one for None); refuse options these KPIs do not take."""
    if grouping is None:
        return Grouping()
    if not isinstance(grouping, Grouping):
        raise CalculationError(f"{where}(): expected grouping as a Grouping, found {grouping!r}")
    if not set(grouping.by) <= set(by):
        raise CalculationError(
            f"{where}(): expected Grouping.by within {by}, found {grouping.by}; these KPIs"
            " are not measured from interaction records"
        )
    plain = Grouping()
    for field in attrs.fields(Grouping):
        value, default = getattr(grouping, field.name), getattr(plain, field.name)
        if field.name not in _GROUPING_OPTIONS and value != default:
            raise CalculationError(
                f"{where}(): expected Grouping.{field.name}={default!r} (the option applies to"
                f" interaction records only), found {value!r}"
            )
    return grouping


def check_kpis(where: str, kpis: object, kinds: tuple[type, ...]) -> tuple[Kpi, ...]:
    """Return the KPIs as a tuple; refuse other kinds and repeated names."""
    if isinstance(kpis, Kpi) or not isinstance(kpis, Sequence) or not kpis:
        raise CalculationError(
            f"{where}(): expected kpis as a non-empty sequence of definitions, found {kpis!r}"
        )
    names = [k.__name__ for k in kinds]
    for kpi in kpis:
        if not isinstance(kpi, kinds):
            hint = f", {kpi._elsewhere()}" if isinstance(kpi, Kpi) else ""
            raise CalculationError(
                f"{where}(): expected definitions of {', '.join(names)}, found {kpi!r}{hint}"
            )
    seen = [m.name for m in kpis]
    repeated = sorted({n for n in seen if seen.count(n) > 1})
    if repeated:
        raise CalculationError(
            f"{where}(): expected distinct KPI names, found {repeated} more than once;"
            " give one of them another name=..."
        )
    return tuple(kpis)


def values_of(
    kpi: Kpi,
    numerator: NDArray[np.float64],
    denominator: NDArray[np.int64] | NDArray[np.float64],
    excluded: NDArray[np.int64] | NDArray[np.float64],
    undefined: list[str],
    *,
    complement: bool = False,
) -> KpiValues:
    """Divide (NaN where the denominator is 0, noted in `undefined`); ``1 - ratio`` if asked."""
    n = numerator.size
    value = np.full(n, np.nan)
    defined = denominator > 0
    np.divide(numerator, denominator, out=value, where=defined)
    if complement:
        np.subtract(1.0, value, out=value, where=defined)
    if not defined.all():
        undefined.append(f"{kpi.name} in {int((~defined).sum())} of {n} groups")
    return KpiValues(
        definition=kpi,
        value=value,
        numerator=numerator,
        denominator=denominator,
        excluded=excluded,
    )


def warn_undefined(undefined: list[str]) -> None:
    """Warn once about every KPI undefined somewhere."""
    if undefined:
        warnings.warn(
            "KPIs undefined (denominator 0), NaN: " + "; ".join(undefined),
            UndefinedKpiWarning,
            stacklevel=3,
        )


def interval_labels(
    labels: NDArray[np.int64], edges: Edges, grouping: Grouping
) -> dict[str, NDArray[Any]]:
    """Return the ``interval_start`` columns of dense interval labels (none without interval)."""
    if grouping.interval is None:
        return {}
    local, utc = utc_starts(edges.index[labels], edges.fold[labels].astype(np.int8), grouping)
    return {
        "interval_start": local.view("datetime64[ns]"),
        "interval_start_utc": utc.view("datetime64[ns]"),
    }


class _Groups:
    """Dense group numbers of the pieces' keys (agent * labels + interval label)."""

    def __init__(self, keys: list[NDArray[np.int64]], space: int) -> None:
        if space <= _DENSE_GROUPS:
            present = np.zeros(space, dtype=np.bool_)
            for k in keys:
                present[k] = True
            self.keys = np.flatnonzero(present).astype(np.int64)
            lookup = np.cumsum(present) - 1
            self.of = [lookup[k] for k in keys]
        else:
            self.keys = np.unique(np.concatenate(keys))
            self.of = [np.searchsorted(self.keys, k) for k in keys]

    def sums(
        self, which: int, seconds: NDArray[np.float64], classes: NDArray[np.intp]
    ) -> NDArray[np.float64]:
        """Return the seconds per group (rows) and class 0, 1, 2 (columns), in one pass."""
        key = self.of[which] * 3
        key += classes
        size = self.keys.size
        totals = np.bincount(key, weights=seconds, minlength=3 * size)
        return totals.astype(np.float64, copy=False).reshape(size, 3)


def _codes(table: AgentStateTable | ScheduleTable, union: NDArray[Any]) -> NDArray[np.int64]:
    own = np.array(table.categories("agent_id"), dtype=object)
    lookup = np.searchsorted(union, own).astype(np.int64)
    return lookup[table["agent_id"]] if own.size else np.zeros(len(table), np.int64)


def _columns(table: AgentStateTable | ScheduleTable, union: NDArray[Any], kind: str) -> Segments:
    """Return (agent, start, end, code) of the segments of positive length."""
    started = table["started_at"].view(np.int64)
    ended = table["ended_at"].view(np.int64)
    keep = ended > started
    agent = _codes(table, union)
    return agent[keep], started[keep], ended[keep], table[kind][keep].astype(np.int64)


def _mask(members: frozenset[Any], vocabulary: tuple[Any, ...]) -> NDArray[np.bool_]:
    """Return a lookup array: True at the codes of `members`, with a False slot for -1 last."""
    lookup = np.zeros(len(vocabulary) + 1, dtype=np.bool_)
    for code, word in enumerate(vocabulary):  # over the vocabulary, not records
        lookup[code] = word in members
    return lookup


def _occupancy(
    kpi: Occupancy,
    groups: _Groups,
    seconds: NDArray[np.float64],
    state: NDArray[np.int64],
    undefined: list[str],
) -> KpiValues:
    # Class per state: 2 handling, 1 available, 0 any other state.
    kind = 2 * _mask(kpi.handling_states, AGENT_STATES).astype(np.intp)
    kind += _mask(kpi.available_states, AGENT_STATES)
    return _values(kpi, groups.sums(0, seconds, kind[state]), undefined)


def _conformance(
    kpi: ScheduleConformance,
    groups: _Groups,
    state_seconds: tuple[NDArray[np.float64], NDArray[np.int64]],
    scheduled: _Scheduled | None,
    undefined: list[str],
) -> KpiValues:
    """Worked seconds (state pieces) over scheduled seconds (schedule pieces), per group."""
    if scheduled is None:  # pragma: no cover - measure_activity overlays whenever one plans
        raise CalculationError(f"measure_activity(): expected a schedule for {kpi.name}")
    seconds, state = state_seconds
    worked = groups.sums(0, seconds, _mask(kpi.worked_states, AGENT_STATES).astype(np.intp)[state])
    activity = scheduled.laid.activity[scheduled.pieces.segment]
    counted = _mask(kpi.activities, SCHEDULED_ACTIVITIES).astype(np.intp)[activity]
    planned = groups.sums(1, scheduled.pieces.seconds, counted)
    return values_of(
        kpi, worked[:, 1].copy(), planned[:, 1].copy(), np.zeros(groups.keys.size), undefined
    )


def _values(kpi: Kpi, sums: NDArray[np.float64], undefined: list[str]) -> KpiValues:
    """Class 2 is the numerator, classes 1 and 2 the denominator, class 0 excluded."""
    numerator = sums[:, 2].copy()
    return values_of(kpi, numerator, numerator + sums[:, 1], sums[:, 0].copy(), undefined)


@attrs.frozen
class _Scheduled:
    """Scheduled time overlaid with states, cut at interval edges.

    `code` is, per piece, ``activity * (number of states + 1) + state + 1``.
    """

    laid: Overlay
    pieces: Pieces
    code: NDArray[np.intp]


def _planned(
    kpi: Kpi, groups: _Groups, scheduled: _Scheduled | None, undefined: list[str]
) -> KpiValues:
    """Measure adherence or absenteeism over the scheduled pieces."""
    if scheduled is None:  # pragma: no cover - measure_activity overlays whenever one plans
        raise CalculationError(f"measure_activity(): expected a schedule for {kpi.name}")
    laid, pieces, code = scheduled.laid, scheduled.pieces, scheduled.code
    # Class per (activity, state): 0 not counted, 1 counted, 2 counted and adherent / absent.
    kind = np.zeros((len(SCHEDULED_ACTIVITIES), _N_STATES + 1), dtype=np.intp)
    if isinstance(kpi, ScheduleAdherence):
        kind[_mask(kpi.activities, SCHEDULED_ACTIVITIES)[:-1]] = 1
        for act, matching in kpi.matches:  # a small table, not records
            row = SCHEDULED_ACTIVITIES.index(act)
            kind[row] += kind[row] * np.roll(_mask(matching, AGENT_STATES), 1)
    else:
        absent = typing.cast("Absenteeism", kpi)
        kind[:] = 1
        if absent.planned_absence == "exclude":
            kind[_PLANNED] = 0
        kind += kind * np.roll(_mask(absent.absent_states, AGENT_STATES), 1)
    classes = kind.reshape(-1)[code]
    if isinstance(kpi, ScheduleAdherence) and kpi.tolerance_seconds > 0:
        forgiven = laid.forgiven(round(kpi.tolerance_seconds * 1e9))[pieces.segment]
        classes[forgiven & (classes == 1)] = 2
    return _values(kpi, groups.sums(1, pieces.seconds, classes), undefined)


def measure_activity(
    states: AgentStateTable,
    kpis: Sequence[ActivityKpi],
    *,
    schedule: ScheduleTable | None = None,
    grouping: Grouping | None = None,
) -> KpiResult:
    """Measure workforce KPIs from recorded agent states and the schedule, per group.

    Parameters
    ----------
    states : AgentStateTable
        The recorded agent states.
    kpis : sequence of Occupancy, ScheduleAdherence, ScheduleConformance or Absenteeism
        The definitions, with distinct names.
    schedule : ScheduleTable or None, default None
        The planned schedule; needed by every KPI but `Occupancy`.
    grouping : Grouping or None, default None
        ``by=("agent_id",)`` for one group per agent, and/or an `interval` in
        a `time_zone`; None for all activity together.  A segment spanning
        interval edges gives each interval its exact share of seconds.

    Returns
    -------
    KpiResult
        One row per group in which a segment of a table the KPIs read lies
        (the schedule is read only if a KPI needs it).  Numerators,
        denominators and excluded amounts are float64 seconds; ``records``
        counts the state segments in each group (a segment spanning two
        intervals counts in both).

    Raises
    ------
    CalculationError
        If an argument is not of the kind described, a KPI is not a
        workforce KPI, names repeat, a KPI needs the schedule and none
        is given, or the grouping groups by anything but ``agent_id`` or uses
        an option for interaction records (``within_hours``).

    Warns
    -----
    UndefinedKpiWarning
        Once, if any KPI's denominator is 0 in a group (value NaN).

    Examples
    --------
    One agent, 09:00 to 10:00 UTC: available 10 minutes, handling 30,
    after-contact work 5, a break of 15 that was scheduled for 09:50-10:00.

    >>> from datetime import UTC, datetime, timedelta
    >>> from iso18295 import AgentStateTable, ScheduleTable
    >>> from iso18295.kpis import Occupancy, ScheduleAdherence, measure_activity
    >>> at = lambda m: datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(minutes=m)
    >>> states = AgentStateTable.from_records([
    ...     ("a1", "available", at(0), at(10)), ("a1", "handling", at(10), at(40)),
    ...     ("a1", "after_contact", at(40), at(45)), ("a1", "break", at(45), at(60))])
    >>> schedule = ScheduleTable.from_records([
    ...     ("a1", "contact_work", at(0), at(50)), ("a1", "break", at(50), at(60))])
    >>> result = measure_activity(states, [Occupancy(), ScheduleAdherence()], schedule=schedule)
    >>> float(result["occupancy"].value[0])  # (30 + 5) / (30 + 5 + 10) minutes
    0.7777777777777778
    >>> float(result["schedule_adherence"].value[0])  # (45 + 10) / 60 minutes
    0.9166666666666666
    """
    chosen = check_kpis("measure_activity", kpis, _ACTIVITY_KPIS)
    grouping = check_grouping("measure_activity", grouping, ("agent_id",))
    if not isinstance(states, AgentStateTable):
        raise CalculationError(
            f"measure_activity(): expected states as an AgentStateTable, found"
            f" {type(states).__name__}"
        )
    planned = [m for m in chosen if not isinstance(m, Occupancy)]
    if planned and not isinstance(schedule, ScheduleTable):
        raise CalculationError(
            f"measure_activity(): expected schedule as a ScheduleTable for"
            f" {', '.join(m.name for m in planned)}, found {type(schedule).__name__}"
        )
    plan = schedule if planned and isinstance(schedule, ScheduleTable) else None
    names = set(states.categories("agent_id"))
    if plan is not None:
        names |= set(plan.categories("agent_id"))
    union = np.array(sorted(names), dtype=object)
    actual = _columns(states, union, "state")
    scheduled = _columns(plan, union, "activity") if plan is not None else None
    starts = [actual[1]] + ([scheduled[1]] if scheduled is not None else [])
    ends = [actual[2]] + ([scheduled[2]] if scheduled is not None else [])
    first = min((int(s.min()) for s in starts if s.size), default=0)
    last = max((int(e.max()) for e in ends if e.size), default=0)
    edges = interval_edges(first, last, grouping)
    width = edges.index.size
    by_agent = "agent_id" in grouping.by

    def keys(agent: NDArray[np.int64], edge: NDArray[np.intp]) -> NDArray[np.int64]:
        label = edges.label[edge]
        return agent * width + label if by_agent else label

    state_pieces = split_at(actual[1], actual[2], edges)
    all_keys = [keys(actual[0][state_pieces.segment], state_pieces.edge)]
    overlaid = None
    if scheduled is not None:
        tolerances = {
            round(m.tolerance_seconds * 1e9)
            for m in chosen
            if isinstance(m, ScheduleAdherence) and m.tolerance_seconds > 0
        }
        laid = overlay(actual, scheduled, tuple(sorted(tolerances)))
        plan_pieces = split_at(laid.started, laid.ended, edges)
        all_keys.append(keys(laid.agent[plan_pieces.segment], plan_pieces.edge))
        code = (laid.activity * (_N_STATES + 1) + laid.state + 1)[plan_pieces.segment]
        overlaid = _Scheduled(laid=laid, pieces=plan_pieces, code=code)
    groups = _Groups(all_keys, (union.size if by_agent else 1) * width)
    undefined: list[str] = []
    state_of_piece = actual[3][state_pieces.segment]
    values = [
        _occupancy(m, groups, state_pieces.seconds, state_of_piece, undefined)
        if isinstance(m, Occupancy)
        else _conformance(m, groups, (state_pieces.seconds, state_of_piece), overlaid, undefined)
        if isinstance(m, ScheduleConformance)
        else _planned(m, groups, overlaid, undefined)
        for m in chosen
    ]
    warn_undefined(undefined)
    labels: dict[str, NDArray[Any]] = {}
    if by_agent:
        labels["agent_id"] = union[groups.keys // width]
    labels |= interval_labels(groups.keys % width, edges, grouping)
    records = np.bincount(groups.of[0], minlength=groups.keys.size).astype(np.int64)
    return KpiResult(grouping, labels, records, tuple(values))
