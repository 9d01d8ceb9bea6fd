"""A small scope on which every built-in rule conforms, and one breaker per rule.

`conforming_scope` is built by hand from the model classes: one centre (one
site, one voice channel), one client with a signed agreement in force, three
agents, the three policies Part 1 asks for, one complaint, a forecast with a
comfortable staffing plan, an exercised continuity plan and an attestation for
the one judgement rule.  Every built-in rule conforms on it at `AS_OF`.

Each ``break_*`` function returns a copy (``attrs.evolve``) broken in exactly
the way its rule describes; `BREAKERS` maps rule ids to them.  Test modules ``import builders``
(``pyproject.toml`` puts ``tests/`` on ``sys.path``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs

from iso18295 import (
    Agent,
    Attestation,
    Channel,
    ChannelKind,
    Client,
    ClientAgreement,
    Comparison,
    Complaint,
    ComplaintCategory,
    ContactCentre,
    ContinuityExercise,
    ContinuityPlan,
    DataHandlingTerms,
    Direction,
    ExerciseKind,
    ExerciseResult,
    Forecast,
    Frequency,
    Function,
    Kpi,
    KpiTarget,
    OperatingModel,
    Party,
    Policy,
    PolicyKind,
    Relationship,
    Responsibility,
    Scope,
    Site,
    StaffingPlan,
    Status,
    TrainingKind,
    TrainingRecord,
    Verdict,
)

AS_OF = date(2026, 4, 1)
"""The assessment date every builder is written for (a Wednesday)."""

DUBLIN = ZoneInfo("Europe/Dublin")
CENTRE_ID = "ccc"
SITE_ID = "cork"
CHANNEL_ID = "voice"
CLIENT_ID = "acme"
AGREEMENT_ID = "agr-acme"
FORECAST_ID = "fc-voice-w10"

# Forecast: 4 half-hour intervals from Monday 2 March 2026 09:00 Dublin time, 60 calls of
# 240 s each: A = 60 * 240 / 1800 = 8 Erlangs; 80 % in 20 s needs 11 agents (see
# test_part1_rules.py for the Erlang C check).  20 rostered at 25 % shrinkage give
# floor(15) = 15 productive agents: comfortably staffed.
FORECAST_START = datetime(2026, 3, 2, 9, 0, tzinfo=DUBLIN)
FORECAST_VOLUMES = (60.0, 60.0, 60.0, 60.0)
FORECAST_HANDLING = (240.0, 240.0, 240.0, 240.0)
ROSTERED = (20, 20, 20, 20)
SHRINKAGE = 0.25


def _agent(agent_id: str, name: str, *, refresher_on: date) -> Agent:
    # Hired in 2024; induction and client training done before the first contact; one
    # refresher within the year before AS_OF (the only training in that year).
    return Agent(
        id=agent_id,
        name=name,
        function=Function.AGENT,
        site_id=SITE_ID,
        hired_on=date(2024, 1, 8),
        first_contact_on=date(2024, 2, 5),
        client_ids=(CLIENT_ID,),
        channel_ids=(CHANNEL_ID,),
        training=(
            TrainingRecord(
                course="Induction",
                kind=TrainingKind.INDUCTION,
                started_on=date(2024, 1, 8),
                completed_on=date(2024, 1, 26),
            ),
            TrainingRecord(
                course="Acme products",
                kind=TrainingKind.CLIENT_SPECIFIC,
                started_on=date(2024, 1, 29),
                completed_on=date(2024, 2, 2),
                client_id=CLIENT_ID,
            ),
            TrainingRecord(
                course="Annual refresher",
                kind=TrainingKind.REFRESHER,
                started_on=refresher_on,
                completed_on=refresher_on,
            ),
        ),
    )


def _policy(policy_id: str, kind: PolicyKind, title: str) -> Policy:
    # Approved 2025-09-01 on a 12-month cycle: next review due 2026-09-01, after AS_OF.
    return Policy(
        id=policy_id,
        kind=kind,
        title=title,
        party=Party.CENTRE,
        party_id=CENTRE_ID,
        owner_role="Quality manager",
        version="2",
        approved_on=date(2025, 9, 1),
        review_interval_months=12,
    )


def conforming_scope() -> Scope:
    """Return a small scope on which every built-in rule conforms at `AS_OF`."""
    centre = ContactCentre(
        id=CENTRE_ID,
        name="Test Contact Centre",
        operating_model=OperatingModel.OUTSOURCED,
        time_zone="Europe/Dublin",
        sites=(Site(id=SITE_ID, name="Cork", country="IE"),),
        channels=(
            Channel(
                id=CHANNEL_ID,
                kind=ChannelKind.VOICE,
                directions=frozenset({Direction.INBOUND}),
            ),
        ),
    )
    agreement = ClientAgreement(
        id=AGREEMENT_ID,
        client_id=CLIENT_ID,
        centre_id=CENTRE_ID,
        starts_on=date(2024, 1, 1),
        signed_on=date(2023, 12, 15),
        channel_ids=(CHANNEL_ID,),
        kpi_targets=(
            KpiTarget(
                id="sl",
                kpi=Kpi.SERVICE_LEVEL,
                comparison=Comparison.AT_LEAST,
                target=0.8,
                channel_id=CHANNEL_ID,
                threshold_seconds=20.0,
            ),
        ),
        reporting_frequency=Frequency.MONTHLY,
        review_frequency=Frequency.QUARTERLY,
        last_reviewed_on=date(2026, 2, 16),  # 44 days before AS_OF, within 92
        responsibilities=(
            Responsibility(topic="complaint resolution (product)", owner=Party.CLIENT),
            Responsibility(topic="performance reporting", owner=Party.CENTRE),
        ),
        data_handling=DataHandlingTerms(
            purposes=("customer service",),
            retention_days=365,
            processing_agreement_signed_on=date(2023, 12, 15),
        ),
        complaint_acknowledgement_days=2,
    )
    complaint = Complaint(
        id="cmp-1",
        client_id=CLIENT_ID,
        channel_id=CHANNEL_ID,
        # Received Friday 6 March, acknowledged Monday 9 March: 1 working day (limit 2).
        received_at=datetime(2026, 3, 6, 15, 0, tzinfo=DUBLIN),
        category=ComplaintCategory.INTERACTION,
        customer_reference="CUST-0001",
        acknowledged_at=datetime(2026, 3, 9, 10, 0, tzinfo=DUBLIN),
    )
    forecast = Forecast(
        id=FORECAST_ID,
        client_id=CLIENT_ID,
        channel_id=CHANNEL_ID,
        provided_by=Party.CLIENT,
        provided_on=date(2026, 2, 20),
        starts_at=FORECAST_START,
        interval_minutes=30,
        volumes=FORECAST_VOLUMES,
        handling_seconds=FORECAST_HANDLING,
    )
    plan = StaffingPlan(
        id="plan-voice-w10",
        forecast_id=FORECAST_ID,
        prepared_on=date(2026, 2, 23),
        shrinkage_share=SHRINKAGE,
        starts_at=FORECAST_START,
        interval_minutes=30,
        rostered_agents=ROSTERED,
    )
    continuity = ContinuityPlan(
        id="bcp-1",
        title="Loss of the Cork site",
        scenarios=("loss of site", "telephony outage"),
        recovery_time_objective_hours=4.0,
        policy_id="pol-bc",
        exercises=(
            ContinuityExercise(
                exercised_on=date(2025, 11, 12),
                kind=ExerciseKind.TABLETOP,
                result=ExerciseResult.PASSED,
                scenario="loss of site",
            ),
        ),
    )
    attestation = Attestation(
        id="att-coop",
        rule_id="P1-9-cooperation",
        attested_on=date(2026, 3, 20),
        attested_by="Pat Auditor",
        role="lead auditor",
        verdict=Verdict.CONFORMS,
        note="change board minutes seen",
    )
    return Scope(
        name="Conforming test scope",
        centre=centre,
        clients=(Client(id=CLIENT_ID, name="Acme Energy", relationship=Relationship.EXTERNAL),),
        agreements=(agreement,),
        agents=(
            _agent("A001", "Alex Agent", refresher_on=date(2025, 10, 6)),
            _agent("A002", "Bea Agent", refresher_on=date(2025, 11, 3)),
            _agent("A003", "Cy Agent", refresher_on=date(2026, 1, 12)),
        ),
        policies=(
            _policy("pol-cmp", PolicyKind.COMPLAINTS_HANDLING, "Complaints handling"),
            _policy("pol-dp", PolicyKind.DATA_PROTECTION, "Data protection"),
            _policy("pol-bc", PolicyKind.BUSINESS_CONTINUITY, "Business continuity"),
        ),
        complaints=(complaint,),
        forecasts=(forecast,),
        staffing_plans=(plan,),
        continuity_plans=(continuity,),
        attestations=(attestation,),
    )


# --- small helpers for breakers -----------------------------------------------------------


def with_agreement(scope: Scope, **changes: object) -> Scope:
    """Return `scope` with its (only) agreement changed."""
    (agreement,) = scope.agreements
    return attrs.evolve(scope, agreements=(attrs.evolve(agreement, **changes),))


def with_agent(scope: Scope, agent_id: str, **changes: object) -> Scope:
    """Return `scope` with agent `agent_id` changed."""
    agents = tuple(attrs.evolve(a, **changes) if a.id == agent_id else a for a in scope.agents)
    return attrs.evolve(scope, agents=agents)


def with_policy(scope: Scope, policy_id: str, **changes: object) -> Scope:
    """Return `scope` with policy `policy_id` changed."""
    policies = tuple(
        attrs.evolve(p, **changes) if p.id == policy_id else p for p in scope.policies
    )
    return attrs.evolve(scope, policies=policies)


def with_training(
    scope: Scope, agent_id: str, kind: TrainingKind, *, started_on: date, completed_on: date
) -> Scope:
    """Return `scope` with agent `agent_id`'s course of `kind` re-dated."""
    agent = scope.agent(agent_id)
    training = tuple(
        attrs.evolve(t, started_on=started_on, completed_on=completed_on) if t.kind is kind else t
        for t in agent.training
    )
    return with_agent(scope, agent_id, training=training)


def overdue(scope: Scope, policy_id: str) -> Scope:
    """Return `scope` with policy `policy_id` approved 2024-09-01 and never reviewed.

    Due for review on 2025-09-01, seven months before `AS_OF`.
    """
    return with_policy(scope, policy_id, approved_on=date(2024, 9, 1), last_reviewed_on=None)


# --- one breaker per built-in rule --------------------------------------------------------


def break_complaints_procedure(scope: Scope) -> Scope:
    """P1-4.4-procedure: the complaints-handling procedure is overdue for review."""
    return overdue(scope, "pol-cmp")


def break_acknowledge(scope: Scope) -> Scope:
    """P1-4.4-acknowledge: the complaint is acknowledged after the agreed 2 working days.

    Received Friday 6 March, acknowledged Thursday 12 March: Mon, Tue, Wed, Thu = 4 > 2.
    """
    (complaint,) = scope.complaints
    late = attrs.evolve(complaint, acknowledged_at=datetime(2026, 3, 12, 10, 0, tzinfo=DUBLIN))
    return attrs.evolve(scope, complaints=(late,))


def break_division(scope: Scope) -> Scope:
    """P1-4.4-division: the agreement divides responsibilities, none about complaints."""
    return with_agreement(
        scope,
        responsibilities=(Responsibility(topic="performance reporting", owner=Party.CENTRE),),
    )


def break_induction(scope: Scope) -> Scope:
    """P1-6.4-induction: agent A002 first handled contacts (2024-02-05) before induction.

    Induction completed 2024-02-16, after the first contact; client training (2024-02-02)
    and the refresher are untouched.
    """
    return with_training(
        scope,
        "A002",
        TrainingKind.INDUCTION,
        started_on=date(2024, 1, 8),
        completed_on=date(2024, 2, 16),
    )


def break_client_training(scope: Scope) -> Scope:
    """P1-6.4-client-training: A003's Acme training was completed after the first contact."""
    return with_training(
        scope,
        "A003",
        TrainingKind.CLIENT_SPECIFIC,
        started_on=date(2024, 2, 12),
        completed_on=date(2024, 2, 14),
    )


def break_ongoing(scope: Scope) -> Scope:
    """P1-6.4-ongoing: A001's last course (a refresher) ended 2024-10-07, > 1 year before."""
    return with_training(
        scope,
        "A001",
        TrainingKind.REFRESHER,
        started_on=date(2024, 10, 7),
        completed_on=date(2024, 10, 7),
    )


def break_plan_for_forecast(scope: Scope) -> Scope:
    """P1-7.3-plan-for-forecast: a second forecast (the next Monday) has no staffing plan.

    The first forecast keeps its plan, so P1-7.3-plan-meets-target still has a plan to
    check and still conforms.
    """
    (forecast,) = scope.forecasts
    unplanned = attrs.evolve(
        forecast,
        id="fc-voice-w11",
        starts_at=datetime(2026, 3, 9, 9, 0, tzinfo=DUBLIN),
    )
    return attrs.evolve(scope, forecasts=(forecast, unplanned))


def break_plan_meets_target(scope: Scope) -> Scope:
    """P1-7.3-plan-meets-target: 10 rostered at 25 % shrinkage = 7 productive < 11 needed.

    Every one of the 4 open intervals is short: 0 of 4 met, below the 90 % for "partly".
    """
    (plan,) = scope.staffing_plans
    return attrs.evolve(
        scope, staffing_plans=(attrs.evolve(plan, rostered_agents=(10, 10, 10, 10)),)
    )


def break_data_policy(scope: Scope) -> Scope:
    """P1-8.3-policy: the data-protection policy is overdue for review."""
    return overdue(scope, "pol-dp")


def break_agreed_use(scope: Scope) -> Scope:
    """P1-8.3-agreed-use: the data-processing terms were never signed."""
    (agreement,) = scope.agreements
    assert agreement.data_handling is not None
    unsigned = attrs.evolve(agreement.data_handling, processing_agreement_signed_on=None)
    return with_agreement(scope, data_handling=unsigned)


def break_continuity_policy(scope: Scope) -> Scope:
    """P1-8.5-policy: the business-continuity policy is overdue for review."""
    return overdue(scope, "pol-bc")


def break_plan_tested(scope: Scope) -> Scope:
    """P1-8.5-plan-tested: the plan was last exercised 2025-02-10, over a year before."""
    (plan,) = scope.continuity_plans
    (exercise,) = plan.exercises
    old = attrs.evolve(exercise, exercised_on=date(2025, 2, 10))
    return attrs.evolve(scope, continuity_plans=(attrs.evolve(plan, exercises=(old,)),))


def break_agreement(scope: Scope) -> Scope:
    """P1-9-agreement: the agreement in force was never signed."""
    return with_agreement(scope, signed_on=None)


def break_targets_and_reporting(scope: Scope) -> Scope:
    """P1-9-targets-and-reporting: no reporting frequency agreed (the targets stay)."""
    return with_agreement(scope, reporting_frequency=None)


def break_review(scope: Scope) -> Scope:
    """P1-9-review: quarterly reviews agreed, last one 2025-10-01 (182 days > 92)."""
    return with_agreement(scope, last_reviewed_on=date(2025, 10, 1))


def break_responsibilities(scope: Scope) -> Scope:
    """P1-9-responsibilities: the agreement divides no responsibilities at all.

    With no responsibilities there is none for complaints either, so P1-4.4-division
    necessarily fails too (see `ALSO_BROKEN`).
    """
    return with_agreement(scope, responsibilities=())


def break_cooperation(scope: Scope) -> Scope:
    """P1-9-cooperation: the auditor attests that centre and client do not cooperate."""
    (attestation,) = scope.attestations
    return attrs.evolve(
        scope, attestations=(attrs.evolve(attestation, verdict=Verdict.DOES_NOT_CONFORM),)
    )


Breaker = Callable[[Scope], Scope]

BREAKERS: dict[str, tuple[Breaker, Status]] = {
    "P1-4.4-procedure": (break_complaints_procedure, Status.DOES_NOT_CONFORM),
    "P1-4.4-acknowledge": (break_acknowledge, Status.DOES_NOT_CONFORM),
    "P1-4.4-division": (break_division, Status.DOES_NOT_CONFORM),
    "P1-6.4-induction": (break_induction, Status.DOES_NOT_CONFORM),
    "P1-6.4-client-training": (break_client_training, Status.DOES_NOT_CONFORM),
    "P1-6.4-ongoing": (break_ongoing, Status.DOES_NOT_CONFORM),
    "P1-7.3-plan-for-forecast": (break_plan_for_forecast, Status.DOES_NOT_CONFORM),
    "P1-7.3-plan-meets-target": (break_plan_meets_target, Status.DOES_NOT_CONFORM),
    "P1-8.3-policy": (break_data_policy, Status.DOES_NOT_CONFORM),
    "P1-8.3-agreed-use": (break_agreed_use, Status.DOES_NOT_CONFORM),
    "P1-8.5-policy": (break_continuity_policy, Status.DOES_NOT_CONFORM),
    "P1-8.5-plan-tested": (break_plan_tested, Status.DOES_NOT_CONFORM),
    "P1-9-agreement": (break_agreement, Status.DOES_NOT_CONFORM),
    "P1-9-targets-and-reporting": (break_targets_and_reporting, Status.DOES_NOT_CONFORM),
    "P1-9-review": (break_review, Status.DOES_NOT_CONFORM),
    "P1-9-responsibilities": (break_responsibilities, Status.DOES_NOT_CONFORM),
    "P1-9-cooperation": (break_cooperation, Status.DOES_NOT_CONFORM),
}
"""Rule id -> (breaker, the status the rule must then have)."""

ALSO_BROKEN: dict[str, dict[str, Status]] = {
    "P1-9-responsibilities": {"P1-4.4-division": Status.DOES_NOT_CONFORM},
}
"""Other rules a breaker unavoidably changes, with their expected status."""


__all__ = ["ALSO_BROKEN", "AS_OF", "BREAKERS", "conforming_scope"]
