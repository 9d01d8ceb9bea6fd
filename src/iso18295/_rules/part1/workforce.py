"""Part 1, clause 7.3 (Workforce planning): staffing plans against forecasts and targets."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from ..._errors import MetricError
from ..._model.agreements import Kpi, KpiTarget
from ..._model.policies import PolicyKind
from ..._model.workforce import Forecast
from ..._text import all_of, count
from ..context import Context
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..rule import Basis
from ..documents import centre_id, current_document

rules = Registry()

PARTLY_MET_SHARE = 0.9
"""A plan staffed to target in at least this share of open intervals partly conforms."""

_WORST_SHOWN = 5


@rules.rule(
    id="P1-7.3-plan-for-forecast",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="7.3",
    paraphrase="Every workload forecast is answered by a staffing plan.",
    evidence=("forecasts[].id", "staffing_plans[].forecast_id"),
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


def _service_level_target(forecast: Forecast, ctx: Context) -> KpiTarget | None:
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


@rules.rule(
    id="P1-7.3-plan-meets-target",
    basis=Basis.REQUIREMENT,
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
)
def plan_meets_target(ctx: Context) -> Outcome:
    """Require every open interval of every plan to be staffed to the agreed service level."""
    from ...staffing import check_plan  # numpy-backed; loaded only when the rule runs

    forecasts = {f.id: f for f in ctx.scope.forecasts}
    plans = [p for p in ctx.scope.staffing_plans if p.forecast_id in forecasts]
    if not plans:
        return Outcome.insufficient_evidence("no staffing plan answers a forecast in scope")
    zone = ZoneInfo(ctx.scope.centre.time_zone) if ctx.scope.centre else UTC
    checks, problems = [], []
    for plan in plans:
        forecast = forecasts[plan.forecast_id]
        target = _service_level_target(forecast, ctx)
        if target is None or target.threshold_seconds is None:
            problems.append(f"no service-level target for {forecast.channel_id} in an agreement")
            continue
        try:
            checks.append(
                check_plan(
                    forecast,
                    plan,
                    service_level_share=target.target,
                    threshold_seconds=target.threshold_seconds,
                )
            )
        except MetricError as exc:
            problems.append(str(exc))
    evidence = tuple(
        ctx.evidence("staffing plan", p, "rostered_agents", "shrinkage_share") for p in plans
    )
    n_open = sum(c.n_open for c in checks)
    if n_open == 0:
        return Outcome.insufficient_evidence("; ".join(problems) or "no open interval", evidence)
    n_short = sum(c.n_short for c in checks)
    met = n_open - n_short
    measure = Measurement(
        name="open intervals staffed to the agreed service level",
        observed=met / n_open,
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=met,
        denominator=n_open,
    )
    if n_short == 0:
        staffed = f"{all_of(n_open, 'open interval')} staffed to the agreed service level"
        if problems:
            reason = f"{staffed} in the plans checked, but " + "; ".join(problems)
            return Outcome.insufficient_evidence(reason, evidence)
        return Outcome.conforms(staffed, evidence, (measure,))
    worst = sorted(
        ((start, gap) for c in checks for start, gap in c.worst(_WORST_SHOWN)),
        key=lambda w: (-w[1], w[0]),
    )[:_WORST_SHOWN]
    shown = ", ".join(
        f"{start.astimezone(zone):%a %d %b %H:%M} short by {count(gap, 'productive agent')}"
        for start, gap in worst
    )
    reason = f"{n_short} of {count(n_open, 'open interval')} understaffed ({shown})"
    if problems:
        reason += "; " + "; ".join(problems)
    if met / n_open >= PARTLY_MET_SHARE:
        return Outcome.partially_conforms(reason, evidence, (measure,))
    return Outcome.does_not_conform(reason, evidence, (measure,))


@rules.rule(
    id="P1-7.3-procedure",
    part=1,
    clause="7.3",
    paraphrase="Forecasting and scheduling follow an approved workforce-planning procedure kept "
    "under review.",
    basis=Basis.RECOMMENDATION,
    evidence=("policies[].kind", "policies[].approved_on", "policies[].last_reviewed_on"),
)
def planning_procedure(ctx: Context) -> Outcome:
    """Require a current workforce-planning procedure of the centre."""
    return current_document(
        ctx,
        PolicyKind.WORKFORCE_PLANNING,
        party_id=centre_id(ctx),
        what="workforce-planning procedure",
    )
