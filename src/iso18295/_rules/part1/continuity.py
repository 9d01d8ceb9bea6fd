"""Part 1, clause 8.5 (Continuation of service)."""

from __future__ import annotations

from datetime import timedelta

from ..._model.continuity import ExerciseResult
from ..._model.policies import PolicyKind
from ..._text import all_of
from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis
from ..documents import centre_id, current_document

rules = Registry()

EXERCISE_INTERVAL = timedelta(days=366)
"""Continuity plans are exercised at least once in this period before the assessment date."""


@rules.rule(
    id="P1-8.5-policy",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="8.5",
    paraphrase="The centre has an approved business-continuity policy, kept under review.",
    evidence=("policies[].kind", "policies[].approved_on", "policies[].last_reviewed_on"),
)
def continuity_policy(ctx: Context) -> Outcome:
    """Require a current business-continuity policy of the centre."""
    return current_document(
        ctx, PolicyKind.BUSINESS_CONTINUITY, party_id=centre_id(ctx), what="continuity policy"
    )


@rules.rule(
    id="P1-8.5-plan-tested",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="8.5",
    paraphrase="The centre has plans to keep or restore the service after a disruption, and "
    "exercises each plan at least once a year with a result that is not a failure.",
    evidence=(
        "continuity_plans[].scenarios",
        "continuity_plans[].exercises[].exercised_on",
        "continuity_plans[].exercises[].result",
    ),
)
def continuity_plan_tested(ctx: Context) -> Outcome:
    """Require a continuity plan, each exercised within a year, the latest not failed."""
    plans = ctx.scope.continuity_plans
    if not plans:
        return Outcome.does_not_conform("no continuity plan on record")
    since = ctx.as_of - EXERCISE_INTERVAL
    problems = []
    for plan in plans:
        done = [e for e in plan.exercises if e.exercised_on <= ctx.as_of]
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
            "; ".join(f"plan {p.id}: {why}" for p, why in problems),
            tuple(ctx.evidence("continuity plan", p, "exercises") for p, _ in problems),
        )
    return Outcome.conforms(
        f"{all_of(len(plans), 'continuity plan')} exercised since {since} without failure",
        tuple(ctx.evidence("continuity plan", p, "exercises") for p in plans),
    )
