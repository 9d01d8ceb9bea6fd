"""Part 1, clause 7.3 (Workforce planning): staffing plans against forecasts and targets."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from ..._model.agreements import Kpi, KpiTarget
from ..._model.scope import Scope
from ..._model.workforce import Forecast, StaffingPlan
from .._text import count
from ..context import HAS_FORECASTS, Context
from ..outcome import Measurement, Outcome
from ..registry import Registry

rules = Registry()

PARTLY_MET_SHARE = 0.9
"""A plan staffed to target in at least this share of open intervals partly conforms."""

_WORST_SHOWN = 5


@rules.rule(
    id="P1-7.3-plan-for-forecast",
    part=1,
    clause="7.3",
    paraphrase="Every workload forecast is answered by a staffing plan.",
    evidence=("forecasts[].id", "staffing_plans[].forecast_id"),
    applies_if=(HAS_FORECASTS,),
)
def plan_for_every_forecast(ctx: Context) -> Outcome:
    """Require a staffing plan for each forecast."""
    planned = {p.forecast_id for p in ctx.scope.staffing_plans}
    unplanned = [f for f in ctx.scope.forecasts if f.id not in planned]
    if unplanned:
        return Outcome.does_not_conform(
            f"no staffing plan for forecasts {', '.join(f.id for f in unplanned)}",
            tuple(ctx.evidence("forecast", f, "id") for f in unplanned),
        )
    n = len(ctx.scope.forecasts)
    return Outcome.conforms(f"every forecast ({n}) has a staffing plan")


def _service_level_target(scope: Scope, forecast: Forecast, ctx: Context) -> KpiTarget | None:
    for agreement in ctx.agreements_in_force():
        if agreement.client_id != forecast.client_id:
            continue
        for target in agreement.kpi_targets:
            if (
                target.kpi is Kpi.SERVICE_LEVEL
                and target.channel_id in (None, forecast.channel_id)
                and target.threshold_seconds is not None
            ):
                return target
    return None


def _lined_up(plan: StaffingPlan, forecast: Forecast) -> bool:
    return (
        plan.starts_at == forecast.starts_at
        and plan.interval_minutes == forecast.interval_minutes
        and len(plan.rostered_agents) == len(forecast.volumes)
    )


@rules.rule(
    id="P1-7.3-plan-meets-target",
    part=1,
    clause="7.3",
    paraphrase="Staffing plans put enough agents on each interval to reach the service level "
    "agreed with the client for the forecast workload (Erlang C, after shrinkage).",
    evidence=(
        "staffing_plans[].rostered_agents",
        "staffing_plans[].shrinkage_share",
        "forecasts[].volumes",
        "forecasts[].handling_seconds",
        "agreements[].kpi_targets[].target",
        "agreements[].kpi_targets[].threshold_seconds",
    ),
    applies_if=(HAS_FORECASTS,),
)
def plan_meets_target(ctx: Context) -> Outcome:
    """Require every open interval of every plan to be staffed to the agreed service level."""
    from ...staffing import offered_traffic, required_agents  # numpy-backed

    forecasts = {f.id: f for f in ctx.scope.forecasts}
    plans = [p for p in ctx.scope.staffing_plans if p.forecast_id in forecasts]
    if not plans:
        return Outcome.insufficient_evidence("no staffing plan answers a forecast in scope")
    zone = ZoneInfo(ctx.scope.centre.time_zone) if ctx.scope.centre else None
    total_open = total_short = 0
    worst: list[tuple[int, datetime, str]] = []
    problems: list[str] = []
    for plan in plans:
        forecast = forecasts[plan.forecast_id]
        target = _service_level_target(ctx.scope, forecast, ctx)
        if target is None or target.threshold_seconds is None:
            problems.append(f"no service-level target for {forecast.channel_id} in an agreement")
            continue
        if not _lined_up(plan, forecast):
            problems.append(f"plan {plan.id} does not line up with forecast {forecast.id}")
            continue
        volumes = np.asarray(forecast.volumes, dtype=np.float64)
        handling = np.asarray(forecast.handling_seconds, dtype=np.float64)
        traffic = offered_traffic(
            volumes, interval_seconds=60.0 * forecast.interval_minutes, handling_seconds=handling
        )
        required = required_agents(
            traffic,
            handling_seconds=handling,
            service_level_share=target.target,
            threshold_seconds=target.threshold_seconds,
        )
        rostered = np.asarray(plan.rostered_agents, dtype=np.float64)
        # Small tolerance: 20 rostered at 30 % shrinkage is 14 productive, not 13.999...
        productive = np.floor(rostered * (1.0 - plan.shrinkage_share) + 1e-9)
        open_ = volumes > 0
        shortfall = np.where(open_, required - productive, 0)
        short = shortfall > 0
        total_open += int(open_.sum())
        total_short += int(short.sum())
        step = timedelta(minutes=forecast.interval_minutes)
        for i in np.flatnonzero(short):
            start = forecast.starts_at + int(i) * step
            worst.append((int(shortfall[i]), start, plan.id))
    evidence = tuple(
        ctx.evidence("staffing plan", p, "rostered_agents", "shrinkage_share") for p in plans
    )
    if problems and total_open == 0:
        return Outcome.insufficient_evidence("; ".join(problems), evidence)
    met = total_open - total_short
    measure = Measurement(
        name="open intervals staffed to the agreed service level",
        observed=met / total_open if total_open else float("nan"),
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=met,
        denominator=total_open,
    )
    if total_short == 0:
        return Outcome.conforms(
            f"all {total_open} open intervals staffed to the agreed service level",
            evidence,
            (measure,),
        )
    worst.sort(key=lambda w: (-w[0], w[1]))
    shown = ", ".join(
        f"{(start.astimezone(zone) if zone else start):%a %d %b %H:%M} short by "
        f"{count(gap, 'productive agent')}"
        for gap, start, _ in worst[:_WORST_SHOWN]
    )
    reason = f"{total_short} of {total_open} open intervals understaffed ({shown})"
    if met / total_open >= PARTLY_MET_SHARE:
        return Outcome.partially_conforms(reason, evidence, (measure,))
    return Outcome.does_not_conform(reason, evidence, (measure,))
