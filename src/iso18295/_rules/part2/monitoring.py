"""Part 2, clauses 6.8 (Monitoring of CCC performance) and 6.9 (Customer feedback)."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from ..._model.agreements import ClientAgreement, Kpi
from ..._model.parties import Client
from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis
from ._clients import NO_AGREEMENT, Problems, client_agreements, each_agreement, each_client

rules = Registry()

SHARE_KPIS: Final = frozenset(
    {
        Kpi.SERVICE_LEVEL,
        Kpi.ABANDONMENT_RATE,
        Kpi.FIRST_CONTACT_RESOLUTION,
        Kpi.OCCUPANCY,
        Kpi.SCHEDULE_ADHERENCE,
        Kpi.FORECAST_ACCURACY,
        Kpi.AGENT_ATTRITION,
        Kpi.ABSENTEEISM,
        Kpi.COMPETENCY_COVERAGE,
    }
)
"""Indicators measured as a share in [0, 1]: a target above 1 cannot be reported against."""

FEEDBACK_WORDS: Final = ("survey", "feedback", "satisfaction")
"""A responsibility whose topic has one of these words assigns customer-feedback collection."""

SURVEY_WINDOW: Final = timedelta(days=366)
"""Customers are surveyed on contacts that ended within this period before the assessment."""


@rules.rule(
    id="P2-6.8-measures",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.8",
    paraphrase="The client agrees with the centre measurable performance targets (a "
    "service-level target names its answer-time threshold; rates are targets between 0 and "
    "1), how often the centre reports on them and how often both review them.",
    evidence=(
        "agreements[].kpi_targets[].kpi",
        "agreements[].kpi_targets[].target",
        "agreements[].kpi_targets[].threshold_seconds",
        "agreements[].reporting_frequency",
        "agreements[].review_frequency",
    ),
)
def measurable_targets(ctx: Context) -> Outcome:
    """Require targets the centre can report against as the client set them."""

    def test(agreement: ClientAgreement) -> Problems:
        if not agreement.kpi_targets:
            yield "sets no KPI targets"
        for t in agreement.kpi_targets:
            if t.kpi is Kpi.SERVICE_LEVEL and t.threshold_seconds is None:
                yield f"target {t.id} (service level) has no answer-time threshold"
            if t.kpi in SHARE_KPIS and t.target > 1:
                kpi = t.kpi.value.replace("_", " ")
                yield f"target {t.id} ({kpi}) is {t.target:g}, not a share"
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
    part=2,
    clause="6.9",
    paraphrase="The client agrees with the centre who gathers customers' feedback on the "
    "service, and that feedback is gathered: the agreement assigns the customer survey and "
    "customers were surveyed within the last year.",
    evidence=(
        "agreements[].responsibilities[].topic",
        "customer_surveys[].client_id",
        "customer_surveys[].period_start",
        "customer_surveys[].period_end",
    ),
)
def feedback_agreed(ctx: Context) -> Outcome:
    """Require a feedback responsibility in the agreement and a survey within a year."""
    since = ctx.as_of - SURVEY_WINDOW

    def test(client: Client) -> Problems:
        agreements = client_agreements(ctx, client)
        if not agreements:
            yield NO_AGREEMENT
        elif not any(
            any(word in r.topic.lower() for word in FEEDBACK_WORDS)
            for a in agreements
            for r in a.responsibilities
        ):
            yield "no one is assigned to gather customer feedback in its agreement"
        if not any(
            s.client_id == client.id and s.period_start <= ctx.as_of and s.period_end >= since
            for s in ctx.scope.customer_surveys
        ):
            yield f"no customer survey covering contacts since {since}"

    return each_client(
        ctx,
        test,
        conforms="agreed who gathers customer feedback, and surveyed customers within the year",
        evidence=lambda c: tuple(
            ctx.evidence("agreement", a, "responsibilities") for a in client_agreements(ctx, c)
        ),
    )
