"""Part 2, clauses 6.8 (Monitoring of CCC performance) and 6.9 (Customer feedback)."""

from __future__ import annotations

from typing import Final

from ..._model.agreements import ClientAgreement, KpiKind
from ..._model.feedback import CustomerSurvey
from ..._model.parties import Client
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..registry import Registry
from ..shared.look_back import window_start
from ._clients import NO_AGREEMENT, Problems, client_agreements, each_agreement, each_client

rules = Registry(part=Part.CLIENT)

FEEDBACK_WORDS: Final = ("survey", "feedback", "satisfaction")
"""A responsibility whose topic has one of these words assigns customer-feedback collection."""


@rules.rule(
    id="P2-6.8-measures",
    basis=Basis.REQUIREMENT,
    clause="6.8",
    paraphrase="The client agrees with the centre measurable performance targets (a "
    "service-level target names its answer-time threshold), how often the centre reports on "
    "them and how often both review them.",
    evidence=(
        "agreements[].kpi_targets[].kpi",
        "agreements[].kpi_targets[].threshold_seconds",
        "agreements[].reporting_frequency",
        "agreements[].review_frequency",
    ),
    uses=(each_agreement,),
)
def measurable_targets(ctx: RuleContext) -> Outcome:
    """Require targets the centre can report against as the client set them."""

    def test(agreement: ClientAgreement) -> Problems:
        targets = ctx.need(agreement.kpi_targets, f"agreements[{agreement.id}].kpi_targets")
        if not targets:
            yield "sets no KPI targets"
        for t in targets:
            if t.kpi is KpiKind.SERVICE_LEVEL and t.threshold_seconds is None:
                yield f"target {t.id} (service level) has no answer-time threshold"
        if agreement.reporting_frequency is None:
            yield "agrees no reporting frequency"
        if agreement.review_frequency is None:
            yield "agrees no review frequency"

    return each_agreement(
        ctx,
        test,
        conforms="measurable targets, reporting and review agreed",
        fields=("kpi_targets", "reporting_frequency", "review_frequency"),
    )


@rules.rule(
    id="P2-6.9-feedback",
    basis=Basis.REQUIREMENT,
    clause="6.9",
    paraphrase="The client agrees with the centre who gathers customers' feedback on the "
    "service, and that feedback is gathered: the agreement assigns the customer survey and "
    "customers answered a survey covering contacts within the period set by the assessment "
    "policy.",
    evidence=(
        "agreements[].responsibilities[].topic",
        "customer_surveys[].client_id",
        "customer_surveys[].period_start",
        "customer_surveys[].period_end",
        "customer_surveys[].responses",
    ),
    parameters=("customer_survey_days",),
    uses=(each_client, client_agreements),
)
def feedback_agreed(ctx: RuleContext) -> Outcome:
    """Require a feedback responsibility in the agreement and an answered survey in the period.

    A survey that no customer answered gathered no feedback: a client whose
    only surveys in the period have no response gets "insufficient evidence",
    naming them; one with no survey in the period does not conform.
    """
    since = window_start(ctx, ctx.policy.customer_survey_days)
    surveys = ctx.need(ctx.scope.customer_surveys, "customer_surveys")

    def in_period(client: Client) -> list[CustomerSurvey]:
        return [
            s
            for s in surveys
            if s.client_id == client.id and s.period_start <= ctx.as_of and s.period_end >= since
        ]

    def answered(client: Client) -> list[CustomerSurvey]:
        return [
            s
            for s in in_period(client)
            if ctx.need(s.responses, f"customer_surveys[{s.id}].responses") > 0
        ]

    def test(client: Client) -> Problems:
        agreements = client_agreements(ctx, client)
        if not agreements:
            yield NO_AGREEMENT
        elif not any(
            any(word in r.topic.lower() for word in FEEDBACK_WORDS)
            for a in agreements
            for r in ctx.need(a.responsibilities, f"agreements[{a.id}].responsibilities")
        ):
            yield "no one is assigned to gather customer feedback in its agreement"
        if not in_period(client):
            yield f"no customer survey covering contacts since {since}"

    def unanswered(client: Client) -> str:
        ids = ", ".join(s.id for s in in_period(client))
        return f"no customer answered its surveys covering contacts since {since} ({ids})"

    return each_client(
        ctx,
        test,
        conforms="agreed who gathers customer feedback, and customers answered a survey "
        f"covering contacts since {since}",
        evidence=lambda c: tuple(
            ctx.evidence("agreement", a, "responsibilities") for a in client_agreements(ctx, c)
        ),
        examined=lambda c: len(answered(c)),
        nothing=unanswered,
    )
