"""Part 1, clause 9 (Client relationship): agreed KPI targets measured from records and documents.

The measuring is `iso18295.kpis.check_targets`, the same function users call
to compare their KPIs with their targets; this rule turns its results into a
finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Measurement, Outcome, Status
from ..registry import Registry

if TYPE_CHECKING:
    from ...kpis import TargetResult

rules = Registry(part=Part.CENTRE, clause="9")

_DOCUMENT_SOURCES = {
    "complaints": "complaints",
    "surveys": "customer_surveys",
    "quality_evaluations": "quality_evaluations",
    "engagement_surveys": "engagement_surveys",
    "agents": "agents",
}
"""Per `iso18295.kpis` source word, the scope collection a target measured from it reads."""


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
    basis=Basis.INTERPRETATION,
    paraphrase="The centre meets the KPI targets agreed with each client, measured from its "
    "interaction records, agent states and schedule, and its complaints, surveys, quality "
    "evaluations and staff records "
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
        "centre.channels[].opening_hours[].days",
        "centre.channels[].opening_hours[].opens",
        "centre.channels[].opening_hours[].closes",
        "interactions.interaction_id",
        "interactions.agent_id",
        "interactions.campaign_id",
        "interactions.transferred",
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
        "interactions.dial_seconds",
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
    uses=(RuleContext.agreements_in_force,),
)
def targets_met(ctx: RuleContext) -> Outcome:
    """Measure every KPI target of the agreements in force, and compare.

    "Conforms" only when every target in force was measured and met.  A
    missed target does not conform (the reason also names the targets not
    measured); otherwise any target not measured (interaction records not
    supplied, agent states or schedule not supplied, a KPI the library does not
    measure yet, no value in the period)
    makes the evidence insufficient, naming it, with the measurements that
    were made.  Records a document-measured target needs (complaints,
    surveys, quality evaluations, agents) must be supplied (`RuleContext.need`).
    """
    from ...kpis import TargetStatus, check_targets  # numpy-backed; only when it applies
    from ...kpis._definitions.targets import target_source

    agreements = ctx.agreements_in_force()
    targets = [t for a in agreements for t in ctx.need(a.kpi_targets, f"agreements[{a.id}]")]
    for source in dict.fromkeys(target_source(t) for t in targets):
        name = _DOCUMENT_SOURCES.get(source or "")
        if name is not None:
            ctx.need(getattr(ctx.scope, name), name)
    evidence = tuple(ctx.evidence("agreement", a, "kpi_targets") for a in agreements)
    if not targets:
        return Outcome.insufficient_evidence(
            f"the {count(len(agreements), 'agreement')} in force set no KPI target to measure",
            evidence,
        )
    results = check_targets(
        ctx.scope,
        ctx.interactions,
        as_of=ctx.as_of,
        agent_states=ctx.agent_states,
        schedule=ctx.schedule,
    )
    measured = [r for r in results if r.status is not TargetStatus.NOT_MEASURED]
    unmeasured = [
        f"{r.agreement_id}/{r.target_id} ({r.kpi.value}): {r.reason}"
        for r in results
        if r.status is TargetStatus.NOT_MEASURED
    ]
    measurements = tuple(_measurement(r) for r in measured)
    missed = [r for r in measured if r.status is TargetStatus.MISSED]
    note = (
        f"; {len(unmeasured)} of {count(len(results), 'target')} not measured: "
        + "; ".join(unmeasured)
        if unmeasured
        else ""
    )
    if missed:
        names = ", ".join(f"{r.agreement_id}/{r.target_id}" for r in missed)
        return Outcome.does_not_conform(
            f"{len(missed)} of {count(len(measured), 'measured target')} missed: {names}{note}",
            evidence,
            measurements,
        )
    if unmeasured:
        met = f"{count(len(measured), 'measured target')} met" if measured else "none measured"
        return Outcome(
            status=Status.INSUFFICIENT_EVIDENCE,
            reason=f"{met}{note}",
            evidence=evidence,
            measurements=measurements,
        )
    return Outcome.conforms(
        f"{all_of(len(measured), 'target')} in force measured and met in the last reporting "
        "period",
        evidence,
        measurements,
        seen=len(measured),
    )
