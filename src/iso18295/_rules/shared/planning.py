"""Staffing plans, for the clause 7.3 rules: which model a channel calls for, and the targets.

A plan is judged with the model its channel calls for:

* web chat and messaging, where an agent holds several conversations: the
  concurrency model of `iso18295.staffing.concurrent_queue`;
* e-mail and post, answered within hours or days: the first-in-first-out
  backlog of `iso18295.staffing.deferred_backlog`;
* every other channel (voice, video, SMS, social, ...), answered one at a
  time as contacts arrive: Erlang C.
"""

from __future__ import annotations

import enum
from datetime import UTC
from zoneinfo import ZoneInfo

from ..._model.agreements import Comparison, KpiKind, KpiTarget
from ..._model.channels import ChannelKind
from ..._model.workforce import Forecast, StaffingPlan
from ..._text import all_of, count
from ...errors import CalculationError
from ..context import RuleContext
from ..outcome import Measurement, NotSupplied, Outcome
from ..reads import reads

_WORST_SHOWN = 5


class PlanningModel(enum.StrEnum):
    """The queueing model a channel's staffing plans are judged with."""

    ERLANG_C = "erlang_c"
    CONCURRENCY = "concurrency"
    DEFERRED = "deferred"


_MODEL_OF_KIND = {
    ChannelKind.WEB_CHAT: PlanningModel.CONCURRENCY,
    ChannelKind.MESSAGING: PlanningModel.CONCURRENCY,
    ChannelKind.EMAIL: PlanningModel.DEFERRED,
    ChannelKind.POST: PlanningModel.DEFERRED,
}


@reads("centre.channels[].kind", "forecasts[].channel_id")
def planning_model(forecast: Forecast, ctx: RuleContext) -> PlanningModel | None:
    """Return the model the forecast's channel calls for; None if the centre lacks the channel."""
    centre = ctx.need(ctx.scope.centre, "centre")
    for channel in ctx.need(centre.channels, "centre.channels"):
        if channel.id == forecast.channel_id:
            return _MODEL_OF_KIND.get(channel.kind, PlanningModel.ERLANG_C)
    return None


@reads(
    "agreements[].client_id",
    "forecasts[].client_id",
    "agreements[].kpi_targets[].kpi",
    "agreements[].kpi_targets[].channel_id",
    uses=(RuleContext.agreements_in_force,),
)
def agreed_targets(forecast: Forecast, ctx: RuleContext, kpi: KpiKind) -> list[KpiTarget]:
    """Return the targets of `kpi` agreed for the forecast's client and channel (or all channels).

    Targets for the forecast's own channel come first.
    """
    found: list[KpiTarget] = []
    for agreement in ctx.agreements_in_force():
        if agreement.client_id != forecast.client_id:
            continue
        targets = ctx.need(agreement.kpi_targets, f"agreements[{agreement.id}].kpi_targets")
        found.extend(
            t for t in targets if t.kpi is kpi and t.channel_id in (None, forecast.channel_id)
        )
    return sorted(found, key=lambda t: t.channel_id is None)


@reads("agreements[].kpi_targets[].threshold_seconds", uses=(agreed_targets,))
def service_level_target(forecast: Forecast, ctx: RuleContext) -> KpiTarget | None:
    """Return the service-level target agreed for the forecast's client and channel, if any."""
    for target in agreed_targets(forecast, ctx, KpiKind.SERVICE_LEVEL):
        if target.threshold_seconds is not None:
            return target
    return None


@reads("staffing_plans[].forecast_id", uses=(planning_model,))
def plans_answering(
    ctx: RuleContext, model: PlanningModel
) -> tuple[dict[str, Forecast], list[StaffingPlan], list[StaffingPlan], list[StaffingPlan]]:
    """Return the forecasts, all plans answering one, those for `model`'s channels, and unknowns.

    Forecasts or plans not supplied: the check stops (insufficient evidence).
    The unknowns are plans whose forecast names a channel the centre does not have.
    """
    forecasts = {f.id: f for f in ctx.need(ctx.scope.forecasts, "forecasts")}
    supplied = ctx.need(ctx.scope.staffing_plans, "staffing_plans")
    plans = [p for p in supplied if p.forecast_id in forecasts]
    models = {p.id: planning_model(forecasts[p.forecast_id], ctx) for p in plans}
    return (
        forecasts,
        plans,
        [p for p in plans if models[p.id] is model],
        [p for p in plans if models[p.id] is None],
    )


def _percent(share: float) -> str:
    return f"{100 * share:.4g} %"


@reads(
    "staffing_plans[].starts_at",
    "staffing_plans[].interval_minutes",
    "staffing_plans[].rostered_agents",
    "staffing_plans[].shrinkage_share",
    "staffing_plans[].max_concurrency",
    "forecasts[].starts_at",
    "forecasts[].interval_minutes",
    "forecasts[].volumes",
    "forecasts[].handling_seconds",
    "agreements[].kpi_targets[].target",
    "centre.time_zone",
    uses=(service_level_target,),
)
def judge_queue_plans(
    ctx: RuleContext, forecasts: dict[str, Forecast], plans: list[StaffingPlan], *, chat: bool
) -> tuple[Outcome | None, list[str]]:
    """Judge plans for channels answered as contacts arrive, interval by interval.

    Returns the outcome (None when no open interval could be judged) and the
    problems that kept plans from being checked.  With `chat`, every plan must
    state its concurrency (and, above 1, its handling multipliers): the check
    stops naming the field otherwise.
    """
    from ...staffing import check_plan  # numpy-backed; loaded only when the rule runs

    if chat:
        missing = [
            f"staffing_plans[{p.id}].{name}"
            for p in plans
            for name, value in (
                ("max_concurrency", p.max_concurrency),
                (
                    "handling_multipliers",
                    p.handling_multipliers if (p.max_concurrency or 1) > 1 else (),
                ),
            )
            if value is None
        ]
        if missing:
            raise NotSupplied(*missing)
    centre = ctx.scope.centre
    zone = ZoneInfo(centre.time_zone) if centre is not None else UTC
    checks, problems, measurements = [], [], []
    for plan in plans:
        forecast = forecasts[plan.forecast_id]
        target = service_level_target(forecast, ctx)
        if target is None or target.threshold_seconds is None:
            problems.append(f"no service-level target for {forecast.channel_id} in an agreement")
            continue
        try:
            check = check_plan(
                forecast,
                plan,
                service_level_share=target.target,
                threshold_seconds=target.threshold_seconds,
            )
        except CalculationError as exc:
            problems.append(str(exc))
            continue
        checks.append(check)
        if check.model == "concurrency":
            model = (
                f"concurrency model, up to {count(plan.max_concurrency or 1, 'conversation')} "
                "per agent, handling-time multipliers "
                + ", ".join(f"{m:g}" for m in check.handling_multipliers)
            )
        else:
            model = "Erlang C"
        measurements.append(
            Measurement(
                name=f"{plan.id}: predicted service level over its open intervals ({model}; "
                f"target {_percent(target.target)} within {target.threshold_seconds:g} s; "
                f"shrinkage {_percent(plan.shrinkage_share)})",
                observed=round(check.overall_service_level, 4),
                expected=target.target,
                comparison="at_least",
                unit="share",
            )
        )
    n_open = sum(c.n_open for c in checks)
    if n_open == 0:
        return None, problems
    n_short = sum(c.n_short for c in checks)
    met = n_open - n_short
    summary = Measurement.all_records(
        "open intervals staffed to the agreed service level", met, n_open
    )
    evidence = tuple(
        ctx.evidence("staffing plan", p, "rostered_agents", "shrinkage_share") for p in plans
    )
    found = (summary, *measurements)
    if n_short == 0:
        staffed = (
            f"{all_of(n_open, 'open interval')} of {count(len(checks), 'plan')} staffed to the "
            "agreed service level"
        )
        if problems:
            reason = f"{staffed} in the plans checked, but " + "; ".join(problems)
            return Outcome.insufficient_evidence(reason, evidence), problems
        return Outcome.conforms(staffed, evidence, found, seen=len(checks)), problems
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
        return Outcome.partially_conforms(reason, evidence, found), problems
    return Outcome.does_not_conform(reason, evidence, found), problems


@reads(
    "agreements[].kpi_targets[].comparison",
    "agreements[].kpi_targets[].threshold_seconds",
    "agreements[].kpi_targets[].definition",
    uses=(agreed_targets,),
)
def deadline_target(forecast: Forecast, ctx: RuleContext) -> KpiTarget | None:
    """Return the agreed share of written contacts to answer within business hours, if any.

    A response-time target that is a share (it has a threshold, and at least
    that share must be answered in time) counted in business time
    (``clock=business`` in its definition), as the backlog model counts.
    """
    for target in agreed_targets(forecast, ctx, KpiKind.RESPONSE_TIME):
        options = {
            key.strip(): value.strip()
            for key, _, value in (
                part.partition("=") for part in (target.definition or "").split(";")
            )
        }
        if (
            target.threshold_seconds is not None
            and target.comparison is Comparison.AT_LEAST
            and options.get("clock") == "business"
        ):
            return target
    return None
