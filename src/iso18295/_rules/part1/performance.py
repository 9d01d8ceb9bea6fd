"""Part 1, clause 9 (Client relationship): agreed KPI targets measured from records and documents.

The measuring is `iso18295.metrics.check_targets`, the same function users call
to compare their KPIs with their targets; this rule turns its results into a
finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._text import all_of, count
from ..context import Condition, Context
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..rule import Basis

if TYPE_CHECKING:
    from ...metrics import TargetResult

rules = Registry()


def _measurable(ctx: Context) -> bool:
    """Tell whether records were supplied, or some target in force is measured from documents."""
    if ctx.interactions is not None:
        return True
    from ...metrics._targets import INTERACTIONS, target_source  # numpy-backed

    return any(
        target_source(t) not in (None, INTERACTIONS)
        for a in ctx.agreements_in_force()
        for t in a.kpi_targets
    )


HAS_MEASURABLE_TARGETS = Condition(
    "interaction records were supplied, or an agreed target is measured from the scope's"
    " documents",
    "no interaction records were supplied to the assessment, and no agreed target is measured"
    " from the scope's documents",
    _measurable,
)
"""Targets can be measured: from interaction records, or from complaints, surveys, people."""


def _measurement(result: TargetResult) -> Measurement:
    return Measurement(
        name=f"{result.target_id}: {result.definition}",
        observed=result.measured if result.measured is not None else float("nan"),
        expected=result.target,
        comparison=result.comparison.value,
        numerator=result.numerator,
        denominator=None if result.denominator is None else float(result.denominator),
    )


@rules.rule(
    id="P1-9-targets-met",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="9",
    paraphrase="The centre meets the KPI targets agreed with each client, measured from its "
    "interaction records and its complaints, surveys, quality evaluations and staff records "
    "over the last complete reporting period with the definitions the agreement names.",
    evidence=(
        "agreements[].client_id",
        "agreements[].channel_ids",
        "agreements[].reporting_frequency",
        "agreements[].kpi_targets[].kpi",
        "agreements[].kpi_targets[].comparison",
        "agreements[].kpi_targets[].target",
        "agreements[].kpi_targets[].channel_id",
        "agreements[].kpi_targets[].threshold_seconds",
        "agreements[].kpi_targets[].definition",
        "centre.time_zone",
        "interactions.client_id",
        "interactions.channel_id",
        "interactions.direction",
        "interactions.queue",
        "interactions.customer_reference",
        "interactions.offered_at",
        "interactions.wait_seconds",
        "interactions.answered",
        "interactions.abandoned",
        "interactions.talk_seconds",
        "interactions.hold_seconds",
        "interactions.after_contact_seconds",
        "interactions.resolved",
        "interactions.satisfaction",
        "complaints[].client_id",
        "complaints[].channel_id",
        "complaints[].category",
        "complaints[].received_at",
        "complaints[].acknowledged_at",
        "complaints[].resolved_at",
        "customer_surveys[].client_id",
        "customer_surveys[].channel_id",
        "customer_surveys[].period_start",
        "customer_surveys[].period_end",
        "customer_surveys[].responses",
        "customer_surveys[].scale_max",
        "customer_surveys[].mean_score",
        "customer_surveys[].top_box_share",
        "quality_evaluations[].agent_id",
        "quality_evaluations[].evaluated_on",
        "quality_evaluations[].score",
        "quality_evaluations[].max_score",
        "agents[].function",
        "agents[].client_ids",
        "agents[].hired_on",
        "agents[].left_on",
        "agents[].leaving_reason",
        "agents[].assessments[].competency_id",
        "agents[].assessments[].assessed_on",
        "agents[].assessments[].outcome",
        "agents[].training[].kind",
        "agents[].training[].completed_on",
        "competencies[].client_id",
        "competencies[].required_for",
        "engagement_surveys[].conducted_on",
        "engagement_surveys[].responded",
        "engagement_surveys[].score",
        "engagement_surveys[].scale_max",
    ),
    applies_if=(HAS_MEASURABLE_TARGETS,),
)
def targets_met(ctx: Context) -> Outcome:
    """Measure every agreed KPI target that records or documents can measure, and compare."""
    from ...metrics import TargetStatus, check_targets  # numpy-backed; only when it applies

    results = check_targets(ctx.scope, ctx.interactions, as_of=ctx.as_of)
    measured = [r for r in results if r.status is not TargetStatus.NOT_MEASURED]
    unmeasured = [
        f"{r.agreement_id}/{r.target_id} ({r.kpi.value}): {r.reason}"
        for r in results
        if r.status is TargetStatus.NOT_MEASURED
    ]
    evidence = tuple(
        ctx.evidence("agreement", a, "kpi_targets") for a in ctx.agreements_in_force()
    )
    if not measured:
        reasons = "; ".join(unmeasured) if unmeasured else "no agreement in force sets a target"
        return Outcome.insufficient_evidence(
            f"no agreed target could be measured: {reasons}", evidence
        )
    measurements = tuple(_measurement(r) for r in measured)
    missed = [r for r in measured if r.status is TargetStatus.MISSED]
    note = f"; {count(len(unmeasured), 'target')} not measured here" if unmeasured else ""
    if missed:
        names = ", ".join(f"{r.agreement_id}/{r.target_id}" for r in missed)
        return Outcome.does_not_conform(
            f"{len(missed)} of {count(len(measured), 'measured target')} missed: {names}{note}",
            evidence,
            measurements,
        )
    return Outcome.conforms(
        f"{all_of(len(measured), 'measured target')} met in the last reporting period{note}",
        evidence,
        measurements,
    )
