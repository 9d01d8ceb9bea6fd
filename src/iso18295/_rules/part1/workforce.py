"""Part 1, clause 7.3 (Workforce planning): staffing plans against forecasts and targets.

The clause's content is inferred from its title (forecast the workload, plan staff to meet
the agreed service levels, using the client's forecasts): every rule here checks our
interpretation.
"""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from ..._model.agreements import KpiKind, KpiTarget
from ..._model.policies import PolicyKind
from ..._model.workforce import Forecast
from ..._text import all_of, count
from ...errors import CalculationError
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Measurement, Outcome
from ..reads import reads
from ..registry import Registry
from ..shared.documents import centre_id, current_document

rules = Registry(part=Part.CENTRE, clause="7.3")

_WORST_SHOWN = 5


@rules.rule(
    id="P1-7.3-plan-for-forecast",
    basis=Basis.INTERPRETATION,
    paraphrase="The centre plans its staffing against workload forecasts: every forecast is "
    "answered by a staffing plan.",
    evidence=("forecasts", "staffing_plans[].forecast_id"),
)
def plan_for_every_forecast(ctx: RuleContext) -> Outcome:
    """Require forecasts, and a staffing plan for each.

    Forecasts not supplied: insufficient evidence (`RuleContext.need`).  Supplied
    but none: the centre does not plan against forecasts, which our reading of
    7.3 expects, so it does not conform (an interpretation: it is reported and
    does not by itself decide the conclusion).
    """
    forecasts = ctx.need(ctx.scope.forecasts, "forecasts")
    plans = ctx.need(ctx.scope.staffing_plans, "staffing_plans")
    if not forecasts:
        return Outcome.does_not_conform(
            f"no workload forecast among the records supplied "
            f"({count(len(plans), 'staffing plan')}): the centre does not plan staffing "
            "against forecasts"
        )
    planned = {p.forecast_id for p in plans}
    unplanned = [f for f in forecasts if f.id not in planned]
    if unplanned:
        return Outcome.does_not_conform(
            f"{len(unplanned)} of {count(len(forecasts), 'forecast')} without a staffing plan: "
            f"{', '.join(f.id for f in unplanned)}",
            tuple(ctx.evidence("forecast", f, "id") for f in unplanned),
        )
    return Outcome.conforms(
        f"{all_of(len(forecasts), 'forecast')} answered by a staffing plan "
        f"({count(len(plans), 'plan')} supplied)",
        tuple(ctx.evidence("forecast", f, "id") for f in forecasts),
        seen=len(forecasts),
    )


@reads(
    "agreements[].client_id",
    "agreements[].kpi_targets[].kpi",
    "agreements[].kpi_targets[].channel_id",
    "agreements[].kpi_targets[].threshold_seconds",
    "forecasts[].client_id",
    "forecasts[].channel_id",
    uses=(RuleContext.agreements_in_force,),
)
def _service_level_target(forecast: Forecast, ctx: RuleContext) -> KpiTarget | None:
    """Return the service-level target agreed for the forecast's client and channel, if any."""
    for agreement in ctx.agreements_in_force():
        if agreement.client_id != forecast.client_id:
            continue
        for target in ctx.need(agreement.kpi_targets, f"agreements[{agreement.id}].kpi_targets"):
            if (
                target.kpi is KpiKind.SERVICE_LEVEL
                and target.channel_id in (None, forecast.channel_id)
                and target.threshold_seconds is not None
            ):
                return target
    return None


@rules.rule(
    id="P1-7.3-plan-meets-target",
    basis=Basis.INTERPRETATION,
    paraphrase="Staffing plans put enough agents on each interval to reach the service level "
    "agreed with the client for the forecast workload (Erlang C, after shrinkage).",
    evidence=(
        "staffing_plans[].forecast_id",
        "staffing_plans[].starts_at",
        "staffing_plans[].interval_minutes",
        "staffing_plans[].rostered_agents",
        "staffing_plans[].shrinkage_share",
        "forecasts[].starts_at",
        "forecasts[].interval_minutes",
        "forecasts[].volumes",
        "forecasts[].handling_seconds",
        "agreements[].kpi_targets[].target",
        "centre.time_zone",
    ),
    parameters=("plan_partly_met_share",),
    uses=(_service_level_target,),
)
def plan_meets_target(ctx: RuleContext) -> Outcome:
    """Require every open interval of every plan to be staffed to the agreed service level.

    Forecasts or plans not supplied: insufficient evidence.  Forecasts supplied
    but none, or no plan answering one: the centre does not plan against
    forecasts, so it does not conform (our interpretation, as for
    ``P1-7.3-plan-for-forecast``).
    """
    from ...staffing import check_plan  # numpy-backed; loaded only when the rule runs

    forecasts = {f.id: f for f in ctx.need(ctx.scope.forecasts, "forecasts")}
    supplied = ctx.need(ctx.scope.staffing_plans, "staffing_plans")
    if not forecasts:
        return Outcome.does_not_conform(
            "no workload forecast among the records supplied: no staffing is planned against "
            "a forecast"
        )
    plans = [p for p in supplied if p.forecast_id in forecasts]
    if not plans:
        return Outcome.does_not_conform(
            f"none of the {count(len(supplied), 'staffing plan')} supplied answers one of the "
            f"{count(len(forecasts), 'forecast')}"
        )
    centre = ctx.scope.centre
    zone = ZoneInfo(centre.time_zone) if centre is not None else UTC
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
        except CalculationError as exc:
            problems.append(str(exc))
    evidence = tuple(
        ctx.evidence("staffing plan", p, "rostered_agents", "shrinkage_share") for p in plans
    )
    n_open = sum(c.n_open for c in checks)
    if n_open == 0:
        return Outcome.insufficient_evidence("; ".join(problems) or "no open interval", evidence)
    n_short = sum(c.n_short for c in checks)
    met = n_open - n_short
    measure = Measurement.all_records(
        "open intervals staffed to the agreed service level", met, n_open
    )
    if n_short == 0:
        staffed = (
            f"{all_of(n_open, 'open interval')} of {count(len(checks), 'plan')} staffed to the "
            "agreed service level"
        )
        if problems:
            reason = f"{staffed} in the plans checked, but " + "; ".join(problems)
            return Outcome.insufficient_evidence(reason, evidence)
        return Outcome.conforms(staffed, evidence, (measure,), seen=len(checks))
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
    if met / n_open >= ctx.policy.plan_partly_met_share:
        return Outcome.partially_conforms(reason, evidence, (measure,))
    return Outcome.does_not_conform(reason, evidence, (measure,))


@rules.rule(
    id="P1-7.3-procedure",
    basis=Basis.INTERPRETATION,
    paraphrase="Forecasting and scheduling follow an approved workforce-planning procedure kept "
    "under review.",
    uses=(current_document, centre_id),
)
def planning_procedure(ctx: RuleContext) -> Outcome:
    """Require a current workforce-planning procedure of the centre."""
    return current_document(
        ctx,
        PolicyKind.WORKFORCE_PLANNING,
        party_id=centre_id(ctx),
        what="workforce-planning procedure",
    )
