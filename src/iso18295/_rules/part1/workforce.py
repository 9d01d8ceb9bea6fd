"""Part 1, clause 7.3 (Workforce planning): staffing plans against forecasts and targets.

The clause's content is inferred from its title (forecast the workload, plan staff to meet
the agreed service levels, using the client's forecasts): every rule here checks our
interpretation.
"""

from __future__ import annotations

import attrs

from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome, Status
from ..registry import Registry
from ..shared.documents import centre_id, current_document
from ..shared.planning import PlanningModel, judge_queue_plans, plans_answering

rules = Registry(part=Part.CENTRE, clause="7.3")


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


@rules.rule(
    id="P1-7.3-plan-meets-target",
    basis=Basis.INTERPRETATION,
    paraphrase="Staffing plans for channels answered as contacts arrive, one at a time "
    "(voice and every channel other than web chat, messaging, e-mail and post), put enough "
    "agents on each interval to reach the service level agreed with the client for the "
    "forecast workload (Erlang C, after shrinkage).",
    evidence=("forecasts[].volumes",),
    parameters=("plan_partly_met_share",),
    uses=(plans_answering, judge_queue_plans),
)
def plan_meets_target(ctx: RuleContext) -> Outcome:
    """Require every open interval of every queue plan to be staffed to the agreed service level.

    Forecasts or plans not supplied: insufficient evidence.  Forecasts supplied
    but none, or no plan answering one: the centre does not plan against
    forecasts, so it does not conform (our interpretation, as for
    ``P1-7.3-plan-for-forecast``).  Plans for web chat and messaging are judged
    by ``P1-7.3-chat-plan-meets-target``, for e-mail and post by
    ``P1-7.3-deferred-plan-meets-target``; a plan whose forecast names a
    channel the centre does not have cannot be judged with any model.
    """
    forecasts, plans, queue, unknown = plans_answering(ctx, PlanningModel.ERLANG_C)
    if not forecasts:
        return Outcome.does_not_conform(
            "no workload forecast among the records supplied: no staffing is planned against "
            "a forecast"
        )
    if not plans:
        supplied = ctx.need(ctx.scope.staffing_plans, "staffing_plans")
        return Outcome.does_not_conform(
            f"none of the {count(len(supplied), 'staffing plan')} supplied answers one of the "
            f"{count(len(forecasts), 'forecast')}"
        )
    unknown_problems = [
        f"plan {p.id}: the centre has no channel {forecasts[p.forecast_id].channel_id}, so the "
        "model to judge it with is not known"
        for p in unknown
    ]
    if not queue and not unknown:
        return Outcome.not_applicable(
            f"the {count(len(plans), 'staffing plan')} supplied answer forecasts for web chat, "
            "messaging, e-mail or post only, judged by their own rules"
        )
    outcome, problems = judge_queue_plans(ctx, forecasts, queue, chat=False)
    problems = problems + unknown_problems
    if outcome is None:
        return Outcome.insufficient_evidence("; ".join(problems) or "no open interval")
    if unknown_problems and outcome.status is Status.CONFORMS:
        return Outcome.insufficient_evidence(
            f"{outcome.reason} in the plans checked, but " + "; ".join(unknown_problems),
            outcome.evidence,
        )
    if unknown_problems and outcome.status is not Status.INSUFFICIENT_EVIDENCE:
        return attrs.evolve(outcome, reason=f"{outcome.reason}; " + "; ".join(unknown_problems))
    return outcome


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
