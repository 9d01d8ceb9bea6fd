"""Part 1, clause 8.5 (Continuation of service).

The clause's content is inferred from its title (plans that keep or restore the service
after a disruption, and their testing): the rules check our interpretation.
"""

from __future__ import annotations

from datetime import timedelta

from ..._model.continuity import ExerciseResult
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..registry import Registry
from ..shared.documents import centre_id, current_document

rules = Registry(part=Part.CENTRE, clause="8.5")


@rules.rule(
    id="P1-8.5-policy",
    basis=Basis.INTERPRETATION,
    paraphrase="The centre has an approved business-continuity policy, kept under review.",
    uses=(current_document, centre_id),
)
def continuity_policy(ctx: RuleContext) -> Outcome:
    """Require a current business-continuity policy of the centre."""
    return current_document(
        ctx, PolicyKind.BUSINESS_CONTINUITY, party_id=centre_id(ctx), what="continuity policy"
    )


@rules.rule(
    id="P1-8.5-plan-tested",
    basis=Basis.INTERPRETATION,
    paraphrase="The centre has plans to keep or restore the service after a disruption, and "
    "exercises each plan within the period set by the assessment policy, with a latest "
    "result that is not a failure.",
    evidence=(
        "continuity_plans[].exercises[].exercised_on",
        "continuity_plans[].exercises[].result",
    ),
    parameters=("continuity_exercise_days",),
)
def continuity_plan_tested(ctx: RuleContext) -> Outcome:
    """Require a continuity plan, each exercised recently, the latest exercise not failed.

    Plans supplied but none: the centre has no plan, so it does not conform.
    """
    plans = ctx.need(ctx.scope.continuity_plans, "continuity_plans")
    if not plans:
        return Outcome.does_not_conform("no continuity plan among the records supplied")
    since = ctx.as_of - timedelta(days=ctx.policy.continuity_exercise_days)
    problems = []
    for plan in plans:
        exercises = ctx.need(plan.exercises, f"continuity_plans[{plan.id}].exercises")
        done = [e for e in exercises if e.exercised_on <= ctx.as_of]
        if not done:
            problems.append((plan, "never exercised"))
            continue
        latest = max(done, key=lambda e: e.exercised_on)
        if latest.exercised_on < since:
            problems.append((plan, f"last exercised on {latest.exercised_on}"))
        elif latest.result is ExerciseResult.FAILED:
            problems.append((plan, f"its latest exercise ({latest.exercised_on}) failed"))
    if problems:
        return Outcome.does_not_conform(
            f"{len(problems)} of {count(len(plans), 'continuity plan')}: "
            + "; ".join(f"plan {p.id}: {why}" for p, why in problems),
            tuple(ctx.evidence("continuity plan", p, "exercises") for p, _ in problems),
        )
    return Outcome.conforms(
        f"{all_of(len(plans), 'continuity plan')} exercised since {since}, the latest "
        "exercise of each not failed",
        tuple(ctx.evidence("continuity plan", p, "exercises") for p in plans),
        seen=len(plans),
    )
