"""Part 1, clause 7.3 (Workforce planning): chat and e-mail plans, each with its own model.

Erlang C (``P1-7.3-plan-meets-target``) describes contacts answered one at a
time as they arrive.  Web chat and messaging agents hold several
conversations at once, and e-mail is answered within hours from a backlog, so
their plans are judged with the models of :doc:`/explanation/planning-models`.
As for the rest of the clause, what it asks is inferred from its title: these
rules check our interpretation.
"""

from __future__ import annotations

import math
from zoneinfo import ZoneInfo

import numpy as np

from ..._model.workforce import Forecast, StaffingPlan
from ..._text import count
from ...errors import CalculationError
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Measurement, Outcome
from ..reads import reads
from ..registry import Registry
from ..shared.planning import PlanningModel, deadline_target, judge_queue_plans, plans_answering

rules = Registry(part=Part.CENTRE, clause="7.3")

#: Rostered agents times (1 - shrinkage) is rounded down after adding this, as in check_plan.
_PRODUCTIVE_SLACK = 1e-9


@rules.rule(
    id="P1-7.3-chat-plan-meets-target",
    basis=Basis.INTERPRETATION,
    paraphrase="Staffing plans for web chat and messaging put enough agents on each interval "
    "to reach the service level agreed with the client for the forecast workload, counting "
    "the conversations an agent holds at once and how much slower each then is.",
    evidence=("staffing_plans[].handling_multipliers", "forecasts[].volumes"),
    parameters=("plan_partly_met_share",),
    uses=(plans_answering, judge_queue_plans),
)
def chat_plan_meets_target(ctx: RuleContext) -> Outcome:
    """Require every open interval of every chat plan to be staffed to the agreed service level.

    The model is that of `iso18295.staffing.concurrent_queue`, with the plan's
    `max_concurrency` and `handling_multipliers`: without them (multipliers may
    be left out at a concurrency of 1) the check stops naming the field.  No
    plan for a web-chat or messaging channel: not applicable, naming the fact.
    """
    forecasts, plans, chat, _ = plans_answering(ctx, PlanningModel.CONCURRENCY)
    if not chat:
        return Outcome.not_applicable(
            f"none of the {count(len(plans), 'staffing plan')} answering a forecast is for a "
            "web-chat or messaging channel"
        )
    outcome, problems = judge_queue_plans(ctx, forecasts, chat, chat=True)
    if outcome is None:
        return Outcome.insufficient_evidence("; ".join(problems) or "no open interval")
    return outcome


@reads(
    "centre.time_zone",
    "centre.channels[].opening_hours[].days",
    "centre.channels[].opening_hours[].opens",
    "centre.channels[].opening_hours[].closes",
    "forecasts[].starts_at",
    "forecasts[].interval_minutes",
    "forecasts[].volumes",
    "forecasts[].handling_seconds",
    "staffing_plans[].starts_at",
    "staffing_plans[].interval_minutes",
    "staffing_plans[].rostered_agents",
    "staffing_plans[].shrinkage_share",
    "agreements[].kpi_targets[].target",
    uses=(deadline_target,),
)
def _judge_deferred(
    ctx: RuleContext, forecast: Forecast, plan: StaffingPlan
) -> tuple[bool, Measurement, str] | str:
    """Work the plan's backlog over the channel's opening hours; a problem if it cannot be.

    Returns whether the agreed share is finished within the deadline, a
    measurement naming the model's parameters, and the reason's words.
    """
    from ...staffing import deferred_backlog  # numpy-backed; loaded only when the rule runs

    centre = ctx.need(ctx.scope.centre, "centre")
    channel = centre.channel(forecast.channel_id)
    hours = ctx.need(channel.opening_hours, f"centre.channels[{channel.id}].opening_hours")
    target = deadline_target(forecast, ctx)
    if target is None or target.threshold_seconds is None:
        return (
            f"plan {plan.id}: no response-time target for {channel.id} agreed as a share "
            "answered within a time in business hours (kpi response_time, comparison "
            "at_least, threshold_seconds, definition clock=business)"
        )
    if (plan.starts_at, plan.interval_minutes, len(plan.rostered_agents)) != (
        forecast.starts_at,
        forecast.interval_minutes,
        len(forecast.volumes),
    ):
        return f"plan {plan.id}: intervals do not line up with forecast {forecast.id}"
    zone = ZoneInfo(centre.time_zone)
    starts = [start.astimezone(zone) for start in forecast.interval_starts()]
    is_open = np.array([any(h.contains(s.replace(tzinfo=None)) for h in hours) for s in starts])
    if not is_open.any():
        return f"plan {plan.id}: no interval of forecast {forecast.id} in {channel.id}'s hours"
    volumes = np.asarray(forecast.volumes, dtype=np.float64)
    # Items arriving while closed wait for the next opening: each open interval takes the
    # volume of the closed intervals before it (after the last one: beyond the plan).
    group = np.cumsum(is_open)
    arrivals = np.bincount(group, weights=volumes, minlength=int(group[-1]) + 1)[1:]
    arrivals[0] += volumes[group == 0].sum()
    rostered = np.asarray(plan.rostered_agents, dtype=np.float64)[is_open]
    productive = np.floor(rostered * (1.0 - plan.shrinkage_share) + _PRODUCTIVE_SLACK)
    handling = np.asarray(forecast.handling_seconds, dtype=np.float64)
    total = float(volumes.sum())
    mean_handling = float((volumes * handling).sum() / total) if total else float(handling[0])
    try:
        result = deferred_backlog(
            arrivals,
            productive,
            interval_seconds=60.0 * forecast.interval_minutes,
            handling_seconds=mean_handling,
            deadline_seconds=target.threshold_seconds,
        )
    except CalculationError as exc:
        return f"plan {plan.id}: {exc}"
    share = result.overall_cleared_share
    if math.isnan(share):
        return f"plan {plan.id}: no forecast item decided within the plan's intervals"
    deadline_hours = target.threshold_seconds / 3600
    measurement = Measurement(
        name=f"{plan.id}: share of forecast items finished within {deadline_hours:g} business "
        f"hours (backlog worked first in, first out over {count(int(is_open.sum()), 'interval')} "
        f"in {channel.id}'s opening hours, starting empty; handling time {mean_handling:g} s, "
        f"volume-weighted; shrinkage {100 * plan.shrinkage_share:.4g} %)",
        observed=round(share, 4),
        expected=target.target,
        comparison="at_least",
        unit="share",
    )
    oldest = int(np.argmax(result.oldest_age_seconds))
    open_starts = [s for s, o in zip(starts, is_open, strict=True) if o]
    words = (
        f"{plan.id} finishes {100 * share:.1f} % within {deadline_hours:g} business hours "
        f"(agreed: {100 * target.target:.4g} %"
    )
    if result.oldest_age_seconds[oldest] > 0:
        words += (
            f"; oldest open item {result.oldest_age_seconds[oldest] / 3600:.1f} business hours "
            f"old at the end of the interval from {open_starts[oldest]:%a %d %b %H:%M}"
        )
    return share >= target.target, measurement, words + ")"


@rules.rule(
    id="P1-7.3-deferred-plan-meets-target",
    basis=Basis.INTERPRETATION,
    paraphrase="Staffing plans for e-mail and post finish the share of items agreed with the "
    "client within the agreed time in business hours, working the forecast backlog first in, "
    "first out over the channel's opening hours.",
    uses=(plans_answering, _judge_deferred),
)
def deferred_plan_meets_target(ctx: RuleContext) -> Outcome:
    """Require every e-mail or post plan to finish the agreed share within the agreed time.

    The deadline and the share are the agreement's response-time target for
    the channel, when it is a share answered within a threshold counted in
    business hours; the business hours are the channel's opening hours.  The
    model is `iso18295.staffing.deferred_backlog`.  No plan for an e-mail or
    post channel: not applicable, naming the fact.
    """
    forecasts, plans, deferred, _ = plans_answering(ctx, PlanningModel.DEFERRED)
    if not deferred:
        return Outcome.not_applicable(
            f"none of the {count(len(plans), 'staffing plan')} answering a forecast is for an "
            "e-mail or post channel"
        )
    judged, problems = [], []
    for plan in deferred:
        verdict = _judge_deferred(ctx, forecasts[plan.forecast_id], plan)
        if isinstance(verdict, str):
            problems.append(verdict)
        else:
            judged.append(verdict)
    evidence = tuple(
        ctx.evidence("staffing plan", p, "rostered_agents", "shrinkage_share") for p in deferred
    )
    met = sum(ok for ok, _, _ in judged)
    found = (
        Measurement.all_records(
            "plans finishing the agreed share within the agreed time", met, len(judged)
        ),
        *(m for _, m, _ in judged),
    )
    if not judged:
        return Outcome.insufficient_evidence("; ".join(problems), evidence)
    words = "; ".join(w for _, _, w in judged)
    if met < len(judged):
        return Outcome.does_not_conform("; ".join([words, *problems]), evidence, found)
    if problems:
        return Outcome.insufficient_evidence(
            f"{words} in the plans checked, but " + "; ".join(problems), evidence
        )
    return Outcome.conforms(words, evidence, found, seen=len(judged))
