"""Occupancy, schedule adherence and absenteeism targets, for `check_targets`.

Agent states and the schedule are selected by the agents serving the
agreement's client, measured per local day with `measure_activity`, and the
days of the reporting period summed: a scheduled stretch that crosses the
period's bounds keeps its true ends (adherence's tolerance applies there only).
"""

from __future__ import annotations

import typing
import warnings

import numpy as np

from iso18295._model.activity import AgentStateTable, ScheduleTable
from iso18295._model.agreements import ClientAgreement, KpiTarget
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis._definitions.activity import measure_activity, values_of
from iso18295.kpis._definitions.targets import TargetKpi
from iso18295.kpis._definitions.workforce import Occupancy
from iso18295.kpis._engine.documents import DocumentIndex
from iso18295.kpis._engine.families import ActivityKpi
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.periods import Period
from iso18295.kpis._engine.result import KpiResult


class ActivityTargets:
    """Agent states and the schedule, selected by the agents serving a client, cut to a period."""

    def __init__(
        self,
        states: AgentStateTable | None,
        schedule: ScheduleTable | None,
        index: DocumentIndex,
    ) -> None:
        self.states, self.schedule, self.index = states, schedule, index

    def measure(
        self, agreement: ClientAgreement, target: KpiTarget, kpi: TargetKpi, period: Period
    ) -> KpiResult | str:
        """Measure one activity target, or say why not."""
        if target.channel_id is not None:
            return (
                f"agent states record no channel, so a target for channel {target.channel_id}"
                " cannot be measured"
            )
        needs_schedule = not isinstance(kpi, Occupancy)
        missing = [
            words
            for words, table in (("agent states", self.states), ("schedule", self.schedule))
            if table is None and (words == "agent states" or needs_schedule)
        ]
        if missing:
            return f"{' and '.join(missing)} not supplied"
        if self.index.scope.agents is None:
            return (
                "needs the scope's agents (to select the agents serving the client),"
                " which were not supplied"
            )
        serving = frozenset(
            agent_id
            for agent_id, clients in self.index.agent_clients.items()
            if agreement.client_id in clients
        )
        states = _of_agents(typing.cast("AgentStateTable", self.states), serving)
        plan = self.schedule if needs_schedule else None
        # Per local day, then the period's days summed: a stretch of the schedule that
        # crosses the period's bounds keeps its true ends (adherence's tolerance).
        daily = Grouping(interval="day", time_zone=period.time_zone or "UTC")
        activity_kpi = typing.cast("ActivityKpi", kpi)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedKpiWarning)  # reported as "no value"
            try:
                days = measure_activity(
                    states,
                    [activity_kpi],
                    schedule=None if plan is None else _of_agents(plan, serving),
                    grouping=daily,
                )
            except CalculationError as exc:
                return f"cannot be measured: {exc}"
            starts = days.labels.get("interval_start", np.empty(0, "datetime64[ns]"))
            inside = (starts >= np.datetime64(period.start, "ns")) & (
                starts < np.datetime64(period.end, "ns")
            )
            values = days[activity_kpi.name]
            total = values_of(
                activity_kpi,
                np.array([values.numerator[inside].sum()], dtype=np.float64),
                np.array([values.denominator[inside].sum()], dtype=np.float64),
                np.array([values.excluded[inside].sum()], dtype=np.float64),
                [],
            )
        return KpiResult(Grouping(), {}, np.array([int(days.records[inside].sum())]), (total,))


_Table = typing.TypeVar("_Table", AgentStateTable, ScheduleTable)


def _of_agents(table: _Table, agents: frozenset[str]) -> _Table:
    """Return the segments of `agents` (a selection of rows: they need no new check)."""
    labels = table.categories("agent_id")
    chosen = np.array([label in agents for label in labels], dtype=np.bool_)
    keep = chosen[table["agent_id"]] if labels else np.zeros(len(table), dtype=np.bool_)
    return type(table)({name: table[name][keep] for name in table.column_names}, labels)
