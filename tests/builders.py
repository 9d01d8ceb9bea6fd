"""A small scope on which every built-in Part 1 rule conforms, and one breaker per rule.

`conforming_scope` is built by hand from the model classes: one centre (a
Monday-to-Friday working week without holidays, one site, one voice channel for
inbound and outbound contacts), one client with a signed agreement in force and
an outbound campaign, four agents (one who started in the last year), a
three-item competency framework, a role profile per function, the centre's
documents each Part 1 clause asks for, one complaint, surveys of customers and
staff, quality evaluations (on the voice channel), a forecast with a comfortable
staffing plan, an exercised continuity plan, a work-environment assessment, a
client update briefed to agents, and an attestation for each judgement rule.
Every built-in Part 1 rule conforms on it at `AS_OF`.

Each ``break_*`` function returns a copy (``attrs.evolve``) broken in exactly
the way its rule describes; `BREAKERS` maps rule ids to them.  Test modules ``import builders``
(``pyproject.toml`` puts ``tests/`` on ``sys.path``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import attrs
import numpy as np

from iso18295 import (
    Agent,
    Attestation,
    Campaign,
    Channel,
    ChannelKind,
    Client,
    ClientAgreement,
    Comparison,
    Competency,
    CompetencyArea,
    CompetencyAssessment,
    CompetencyOutcome,
    Complaint,
    ComplaintCategory,
    ContactCentre,
    ContactRules,
    ContinuityExercise,
    ContinuityPlan,
    CustomerSurvey,
    DataHandlingTerms,
    Direction,
    EngagementSurvey,
    ExerciseKind,
    ExerciseResult,
    Forecast,
    Frequency,
    InformationTopic,
    InformationUpdate,
    InteractionTable,
    KpiKind,
    KpiTarget,
    OperatingModel,
    Party,
    Policy,
    PolicyKind,
    QualityEvaluation,
    Relationship,
    Responsibility,
    RoleProfile,
    Scope,
    Site,
    StaffFunction,
    StaffingPlan,
    Status,
    TrainingKind,
    TrainingRecord,
    Verdict,
    Weekday,
    WeeklyHours,
    WorkEnvironmentArea,
    WorkEnvironmentAssessment,
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
CAMPAIGN_ID = "camp-renewals"
COMPETENCIES = ("comm-courtesy", "tech-crm", "acme-products")
"""The framework: one communication, one technical, one client-specific (Acme) competency."""

WEEKDAYS = frozenset(
    {Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY}
)
PERMITTED_HOURS = (WeeklyHours(days=WEEKDAYS, opens=time(9), closes=time(20)),)
"""When the outbound campaign may contact customers: weekdays 09:00-20:00 local time."""

# Forecast: 4 half-hour intervals from Monday 2 March 2026 09:00 Dublin time, 60 calls of
# 240 s each: A = 60 * 240 / 1800 = 8 Erlangs; 80 % in 20 s needs 11 agents (see
# test_part1_rules.py for the Erlang C check).  20 rostered at 25 % shrinkage give
# floor(15) = 15 productive agents: comfortably staffed.
FORECAST_START = datetime(2026, 3, 2, 9, 0, tzinfo=DUBLIN)
FORECAST_VOLUMES = (60.0, 60.0, 60.0, 60.0)
FORECAST_HANDLING = (240.0, 240.0, 240.0, 240.0)
ROSTERED = (20, 20, 20, 20)
SHRINKAGE = 0.25

JUDGEMENT_RULES = (
    "P1-4.1-consistent-handling",
    "P1-4.5-no-pressure-selling",
    "P1-5.1-leadership",
    "P1-8.1-technology-fit",
    "P1-8.2-self-service",
)
"""The judgement rules attested (besides P1-9-cooperation, attested as ``att-coop``)."""


def _assessments(day: date) -> tuple[CompetencyAssessment, ...]:
    return tuple(
        CompetencyAssessment(competency_id=c, assessed_on=day, outcome=CompetencyOutcome.MET)
        for c in COMPETENCIES
    )


def _agent(agent_id: str, name: str, *, refresher_on: date, assessed_on: date) -> Agent:
    # Hired in 2024; induction and client training done before the first contact; one
    # refresher within the year before AS_OF (the only training in that year); every
    # competency of the framework assessed as met on `assessed_on`.
    return Agent(
        id=agent_id,
        name=name,
        function=StaffFunction.AGENT,
        site_id=SITE_ID,
        hired_on=date(2024, 1, 8),
        first_contact_on=date(2024, 2, 5),
        client_ids=(CLIENT_ID,),
        channel_ids=(CHANNEL_ID,),
        assessments=_assessments(assessed_on),
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


def _new_agent() -> Agent:
    # A004 started in the last year: hired 2025-09-01, inducted by 09-12, Acme training by
    # 09-19, assessed competent on 09-22, the day of the first contact.
    return Agent(
        id="A004",
        name="Dee Agent",
        function=StaffFunction.AGENT,
        site_id=SITE_ID,
        hired_on=date(2025, 9, 1),
        first_contact_on=date(2025, 9, 22),
        client_ids=(CLIENT_ID,),
        channel_ids=(CHANNEL_ID,),
        assessments=_assessments(date(2025, 9, 22)),
        training=(
            TrainingRecord(
                course="Induction",
                kind=TrainingKind.INDUCTION,
                started_on=date(2025, 9, 1),
                completed_on=date(2025, 9, 12),
            ),
            TrainingRecord(
                course="Acme products",
                kind=TrainingKind.CLIENT_SPECIFIC,
                started_on=date(2025, 9, 15),
                completed_on=date(2025, 9, 19),
                client_id=CLIENT_ID,
            ),
        ),
    )


def _policy(
    policy_id: str, kind: PolicyKind, title: str, *, party: Party = Party.CENTRE
) -> Policy:
    # Approved 2025-09-01 on a 12-month cycle: next review due 2026-09-01, after AS_OF.
    return Policy(
        id=policy_id,
        kind=kind,
        title=title,
        party=party,
        party_id=CLIENT_ID if party is Party.CLIENT else CENTRE_ID,
        owner_role="Quality manager",
        version="2",
        approved_on=date(2025, 9, 1),
        review_interval_months=12,
    )


POLICIES = (
    ("pol-cmp", PolicyKind.COMPLAINTS_HANDLING, "Complaints handling"),
    ("pol-dp", PolicyKind.DATA_PROTECTION, "Data protection"),
    ("pol-bc", PolicyKind.BUSINESS_CONTINUITY, "Business continuity"),
    ("pol-acc", PolicyKind.ACCESSIBILITY, "Accessible service"),
    ("pol-info", PolicyKind.CUSTOMER_INFORMATION, "Information for customers"),
    ("pol-cxm", PolicyKind.CUSTOMER_EXPERIENCE_MEASUREMENT, "Measuring customer experience"),
    ("pol-prot", PolicyKind.CUSTOMER_PROTECTION, "Customer protection"),
    ("pol-eng", PolicyKind.EMPLOYEE_ENGAGEMENT, "Employee engagement"),
    ("pol-rec", PolicyKind.RECRUITMENT, "Recruitment"),
    ("pol-comm", PolicyKind.EMPLOYEE_COMMUNICATION, "Keeping staff informed"),
    ("pol-train", PolicyKind.TRAINING, "Training"),
    ("pol-sec", PolicyKind.INFORMATION_SECURITY, "Information security"),
    ("pol-handle", PolicyKind.CUSTOMER_HANDLING, "Contact handling"),
    ("pol-wfp", PolicyKind.WORKFORCE_PLANNING, "Workforce planning"),
    ("pol-qa", PolicyKind.QUALITY_ASSURANCE, "Quality assurance"),
    ("pol-hs", PolicyKind.HEALTH_AND_SAFETY, "Health and safety"),
)
"""The centre's documents: (id, kind, title)."""


def _attestation(attestation_id: str, rule_id: str) -> Attestation:
    return Attestation(
        id=attestation_id,
        rule_id=rule_id,
        attested_on=date(2026, 3, 20),
        attested_by="Pat Auditor",
        role="lead auditor",
        verdict=Verdict.CONFORMS,
        note="interviews and records seen",
    )


def conforming_interactions() -> InteractionTable:
    """Return March 2026's records for `conforming_scope`: its agreement's target is met.

    Eleven inbound voice contacts for the client, offered on Monday 2 March
    2026 (the last complete monthly reporting period before `AS_OF`): ten
    answered within 2 to 20 seconds and one abandoned after 30 seconds.
    Service level within 20 s = 10 / 11 = 0.909, against the target of 0.8.
    """
    n = 11
    start = np.datetime64("2026-03-02T10:00", "ns")
    return InteractionTable.from_columns(
        channel_id=[CHANNEL_ID] * n,
        direction=["inbound"] * n,
        client_id=[CLIENT_ID] * n,
        agent_id=["A002"] * 10 + [None],
        offered_at=start + np.arange(n) * np.timedelta64(5, "m"),
        wait_seconds=[2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 30.0],
        answered=[True] * 10 + [False],
        abandoned=[False] * 10 + [True],
        talk_seconds=[240.0] * 10 + [np.nan],
    )


def conforming_scope() -> Scope:
    """Return a small scope on which every built-in Part 1 rule conforms at `AS_OF`."""
    centre = ContactCentre(
        id=CENTRE_ID,
        name="Test Contact Centre",
        operating_model=OperatingModel.OUTSOURCED,
        time_zone="Europe/Dublin",
        # Works Monday to Friday; no public holiday stated (supplied, none), so complaint
        # acknowledgement counts every weekday.
        working_days=WEEKDAYS,
        holidays=(),
        sites=(Site(id=SITE_ID, name="Cork", country="IE"),),
        channels=(
            Channel(
                id=CHANNEL_ID,
                kind=ChannelKind.VOICE,
                directions=frozenset({Direction.INBOUND, Direction.OUTBOUND}),
                opening_hours=(WeeklyHours(days=WEEKDAYS, opens=time(8), closes=time(20)),),
                accessibility=("text relay service",),
                cost_to_customer="Free from landlines and mobiles",
                published_to_customers=True,
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
                kpi=KpiKind.SERVICE_LEVEL,
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
        escalation_procedure="ACME-ESC-01",
    )
    campaign = Campaign(
        id=CAMPAIGN_ID,
        client_id=CLIENT_ID,
        channel_id=CHANNEL_ID,
        direction=Direction.OUTBOUND,
        purpose="contract renewal",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 4, 30),
        contact_rules=ContactRules(
            permitted_hours=PERMITTED_HOURS,
            honours_do_not_contact=True,
            suppression_list_checked_on=date(2026, 2, 27),  # 3 days before the start
            max_attempts_per_customer=3,
            opt_in_required=True,
        ),
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
    agents = (
        _agent(
            "A001", "Alex Agent", refresher_on=date(2025, 10, 6), assessed_on=date(2025, 10, 6)
        ),
        _agent("A002", "Bea Agent", refresher_on=date(2025, 11, 3), assessed_on=date(2025, 11, 3)),
        _agent("A003", "Cy Agent", refresher_on=date(2026, 1, 12), assessed_on=date(2026, 1, 12)),
        _new_agent(),
    )
    return Scope(
        name="Conforming test scope",
        centre=centre,
        clients=(Client(id=CLIENT_ID, name="Acme Energy", relationship=Relationship.EXTERNAL),),
        agreements=(agreement,),
        campaigns=(campaign,),
        competencies=(
            Competency(id="comm-courtesy", name="Courtesy", area=CompetencyArea.COMMUNICATION),
            Competency(id="tech-crm", name="CRM desktop", area=CompetencyArea.TECHNICAL),
            Competency(
                id="acme-products",
                name="Acme products",
                area=CompetencyArea.CLIENT_SPECIFIC,
                client_id=CLIENT_ID,
            ),
        ),
        role_profiles=tuple(
            RoleProfile(function=f, responsibilities=(f"{f.value} duties",), document=f"JD-{f}")
            for f in StaffFunction
        ),
        agents=agents,
        engagement_surveys=(
            EngagementSurvey(
                id="eng-2025",
                instrument="pulse v1",
                conducted_on=date(2025, 11, 10),
                invited=40,
                responded=31,
                score=3.8,
                scale_max=5.0,
                actions=("rota published four weeks ahead",),
            ),
        ),
        policies=(
            *(_policy(i, k, t) for i, k, t in POLICIES),
            _policy(
                "acme-cx",
                PolicyKind.CUSTOMER_EXPERIENCE_STRATEGY,
                "Acme experience strategy",
                party=Party.CLIENT,
            ),
        ),
        complaints=(complaint,),
        customer_surveys=(
            CustomerSurvey(
                id="cs-acme-q1",
                client_id=CLIENT_ID,
                method="post-call IVR survey, 1-5",
                period_start=date(2026, 1, 1),
                period_end=date(2026, 3, 31),
                invited=500,
                responses=80,
                scale_max=5.0,
                mean_score=4.2,
                actions=("hold message shortened",),
            ),
        ),
        quality_evaluations=tuple(
            QualityEvaluation(
                id=f"qe-{a.id}",
                interaction_id=f"INT-{a.id}",
                agent_id=a.id,
                channel_id=CHANNEL_ID,
                evaluated_on=date(2026, 3, 10),
                criteria_version="QF-1",
                score=90.0,
                max_score=100.0,
                feedback_given_on=date(2026, 3, 12),
            )
            for a in agents
        ),
        forecasts=(forecast,),
        staffing_plans=(plan,),
        continuity_plans=(continuity,),
        work_environment_assessments=(
            WorkEnvironmentAssessment(
                id="wea-cork",
                site_id=SITE_ID,
                assessed_on=date(2025, 11, 5),
                areas=frozenset({WorkEnvironmentArea.ERGONOMICS, WorkEnvironmentArea.NOISE}),
            ),
        ),
        information_updates=(
            InformationUpdate(
                id="iu-prices",
                client_id=CLIENT_ID,
                topic=InformationTopic.PRICE_CHANGE,
                summary="Unit rates change",
                sent_on=date(2026, 3, 2),
                effective_on=date(2026, 3, 16),
                acknowledged_on=date(2026, 3, 3),
                briefed_on=date(2026, 3, 10),
            ),
        ),
        attestations=(
            attestation,
            *(_attestation(f"att-{i}", r) for i, r in enumerate(JUDGEMENT_RULES, 1)),
        ),
        waivers=(),  # supplied, none (left out, it would be "not supplied")
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


def with_channel(scope: Scope, **changes: object) -> Scope:
    """Return `scope` with its (only) channel changed."""
    assert scope.centre is not None
    (channel,) = scope.centre.channels
    centre = attrs.evolve(scope.centre, channels=(attrs.evolve(channel, **changes),))
    return attrs.evolve(scope, centre=centre)


def with_contact_rules(scope: Scope, **changes: object) -> Scope:
    """Return `scope` with its (only) campaign's contact rules changed."""
    (campaign,) = scope.campaigns
    assert campaign.contact_rules is not None
    rules = attrs.evolve(campaign.contact_rules, **changes)
    return attrs.evolve(scope, campaigns=(attrs.evolve(campaign, contact_rules=rules),))


def with_customer_survey(scope: Scope, **changes: object) -> Scope:
    """Return `scope` with its (only) customer survey changed."""
    (survey,) = scope.customer_surveys
    return attrs.evolve(scope, customer_surveys=(attrs.evolve(survey, **changes),))


def with_update(scope: Scope, **changes: object) -> Scope:
    """Return `scope` with its (only) information update changed."""
    (update,) = scope.information_updates
    return attrs.evolve(scope, information_updates=(attrs.evolve(update, **changes),))


def with_assessment(scope: Scope, agent_id: str, competency_id: str, assessed_on: date) -> Scope:
    """Return `scope` with agent `agent_id`'s assessment of `competency_id` re-dated."""
    assessments = tuple(
        attrs.evolve(a, assessed_on=assessed_on) if a.competency_id == competency_id else a
        for a in scope.agent(agent_id).assessments
    )
    return with_agent(scope, agent_id, assessments=assessments)


def with_evaluation(scope: Scope, agent_id: str, **changes: object) -> Scope:
    """Return `scope` with the quality evaluation of agent `agent_id` changed."""
    evaluations = tuple(
        attrs.evolve(e, **changes) if e.agent_id == agent_id else e
        for e in scope.quality_evaluations
    )
    return attrs.evolve(scope, quality_evaluations=evaluations)


def attested_against(scope: Scope, rule_id: str) -> Scope:
    """Return `scope` with the attestation of `rule_id` turned to "does not conform"."""
    attestations = tuple(
        attrs.evolve(a, verdict=Verdict.DOES_NOT_CONFORM) if a.rule_id == rule_id else a
        for a in scope.attestations
    )
    return attrs.evolve(scope, attestations=attestations)


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
    """P1-4.4-division: the agreement divides responsibilities, none about complaints.

    The client still owns one (product information) and the centre one, so
    P1-9-responsibilities, which asks for a division between both, still conforms.
    """
    return with_agreement(
        scope,
        responsibilities=(
            Responsibility(topic="product information", owner=Party.CLIENT),
            Responsibility(topic="performance reporting", owner=Party.CENTRE),
        ),
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


def break_targets_met(scope: Scope) -> Scope:
    """P1-9-targets-met: service level target raised to 0.95; the records give 10/11 = 0.909."""
    agreement = scope.agreements[0]
    (target,) = agreement.kpi_targets
    return with_agreement(scope, kpi_targets=(attrs.evolve(target, target=0.95),))


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
    return attested_against(scope, "P1-9-cooperation")


# --- 4.1 to 4.3 -------------------------------------------------------------------------------


def break_reachable(scope: Scope) -> Scope:
    """P1-4.1-reachable: the voice channel declares no opening hours."""
    return with_channel(scope, opening_hours=())


def break_consistent_handling(scope: Scope) -> Scope:
    """P1-4.1-consistent-handling: attested as inconsistent across channels."""
    return attested_against(scope, "P1-4.1-consistent-handling")


def break_accessibility_policy(scope: Scope) -> Scope:
    """P1-4.1-accessibility-policy: the accessibility policy is overdue for review."""
    return overdue(scope, "pol-acc")


def break_accessible_channel(scope: Scope) -> Scope:
    """P1-4.1-accessible-channel: the only channel has no accessibility provision."""
    return with_channel(scope, accessibility=())


def break_information_policy(scope: Scope) -> Scope:
    """P1-4.2-information-policy: the customer-information policy is overdue for review."""
    return overdue(scope, "pol-info")


def break_channels_published(scope: Scope) -> Scope:
    """P1-4.2-channels-published: the voice channel is not published to customers."""
    return with_channel(scope, published_to_customers=False)


def break_client_information(scope: Scope) -> Scope:
    """P1-4.2-client-information: the update effective 16 March was acknowledged on the 17th."""
    return with_update(scope, acknowledged_on=date(2026, 3, 17))


def break_measurement_method(scope: Scope) -> Scope:
    """P1-4.3-method: the customer-experience measurement procedure is overdue."""
    return overdue(scope, "pol-cxm")


def break_customer_survey(scope: Scope) -> Scope:
    """P1-4.3-survey: the only survey ended 2025-03-29, 368 days before `AS_OF` (> 366).

    With no survey of the last year there is nothing to act on, so P1-4.3-actions
    becomes insufficient evidence (see `ALSO_BROKEN`).
    """
    return with_customer_survey(scope, period_start=date(2025, 1, 1), period_end=date(2025, 3, 29))


def break_survey_actions(scope: Scope) -> Scope:
    """P1-4.3-actions: the survey of the last year records no action."""
    return with_customer_survey(scope, actions=())


# --- 4.5 ----------------------------------------------------------------------------------


def break_protection_policy(scope: Scope) -> Scope:
    """P1-4.5-policy: the customer-protection policy is overdue for review."""
    return overdue(scope, "pol-prot")


def break_hidden_charges(scope: Scope) -> Scope:
    """P1-4.5-no-hidden-charges: the voice channel states no cost to the customer."""
    return with_channel(scope, cost_to_customer=None)


def break_do_not_contact(scope: Scope) -> Scope:
    """P1-4.5-do-not-contact: the campaign does not honour do-not-contact requests."""
    return with_contact_rules(scope, honours_do_not_contact=False)


def break_list_screened(scope: Scope) -> Scope:
    """P1-4.5-list-screened: screened 2026-01-20, 41 days before the 2 March start (> 30)."""
    return with_contact_rules(scope, suppression_list_checked_on=date(2026, 1, 20))


def break_contact_hours(scope: Scope) -> Scope:
    """P1-4.5-contact-hours: the campaign sets no permitted hours."""
    return with_contact_rules(scope, permitted_hours=())


def break_opt_in(scope: Scope) -> Scope:
    """P1-4.5-opt-in: unrelated follow-up contact does not need the customer's opt-in."""
    return with_contact_rules(scope, opt_in_required=False)


def break_pressure_selling(scope: Scope) -> Scope:
    """P1-4.5-no-pressure-selling: attested as using high-pressure selling."""
    return attested_against(scope, "P1-4.5-no-pressure-selling")


# --- 5 ------------------------------------------------------------------------------------


def break_leadership(scope: Scope) -> Scope:
    """P1-5.1-leadership: attested as lacking leadership commitment."""
    return attested_against(scope, "P1-5.1-leadership")


def break_measures_per_channel(scope: Scope) -> Scope:
    """P1-5.2-measures-per-channel: a web chat channel is agreed with no KPI target for it.

    The chat channel is otherwise complete (hours, accessibility, cost, published) and
    agent A001 handles it, so the channel rules of 4.1, 4.2, 4.5 and 8.2 still conform;
    A001 has a chat interaction evaluated too, so P1-7.4-evaluated still conforms.
    """
    assert scope.centre is not None
    chat = attrs.evolve(scope.centre.channels[0], id="chat", kind=ChannelKind.WEB_CHAT)
    scope = attrs.evolve(
        scope, centre=attrs.evolve(scope.centre, channels=(*scope.centre.channels, chat))
    )
    scope = with_agreement(scope, channel_ids=(CHANNEL_ID, "chat"))
    (evaluation,) = (e for e in scope.quality_evaluations if e.agent_id == "A001")
    on_chat = attrs.evolve(evaluation, id="qe-A001-chat", interaction_id="CHAT-A001")
    scope = attrs.evolve(
        scope,
        quality_evaluations=(
            *scope.quality_evaluations,
            attrs.evolve(on_chat, channel_id="chat"),
        ),
    )
    return with_agent(scope, "A001", channel_ids=(CHANNEL_ID, "chat"))


def break_client_strategy(scope: Scope) -> Scope:
    """P1-5.2-client-strategy: Acme's experience strategy is overdue for review."""
    return overdue(scope, "acme-cx")


def break_engagement_survey(scope: Scope) -> Scope:
    """P1-5.3-survey: the only engagement survey closed 2025-03-20, over a year before.

    With no survey of the last year there is nothing to act on, so P1-5.3-actions
    becomes insufficient evidence (see `ALSO_BROKEN`).
    """
    (survey,) = scope.engagement_surveys
    old = attrs.evolve(survey, conducted_on=date(2025, 3, 20))
    return attrs.evolve(scope, engagement_surveys=(old,))


def break_engagement_actions(scope: Scope) -> Scope:
    """P1-5.3-actions: no action was decided on the engagement survey."""
    (survey,) = scope.engagement_surveys
    return attrs.evolve(scope, engagement_surveys=(attrs.evolve(survey, actions=()),))


def break_engagement_policy(scope: Scope) -> Scope:
    """P1-5.3-policy: the employee-engagement policy is overdue for review."""
    return overdue(scope, "pol-eng")


# --- 6.1 to 6.3 and 6.5 -------------------------------------------------------------------------


def break_job_requirements(scope: Scope) -> Scope:
    """P1-6.1-job-requirements: the agent role profile refers to no job description."""
    profiles = tuple(
        attrs.evolve(p, document=None) if p.function is StaffFunction.AGENT else p
        for p in scope.role_profiles
    )
    return attrs.evolve(scope, role_profiles=profiles)


def break_recruitment(scope: Scope) -> Scope:
    """P1-6.1-recruitment: the recruitment procedure is overdue for review."""
    return overdue(scope, "pol-rec")


def break_staff_information(scope: Scope) -> Scope:
    """P1-6.1-staff-information: the employee-communication procedure is overdue."""
    return overdue(scope, "pol-comm")


def break_functions(scope: Scope) -> Scope:
    """P1-6.2-functions: no role profile for support (nobody is employed in it)."""
    profiles = tuple(p for p in scope.role_profiles if p.function is not StaffFunction.SUPPORT)
    return attrs.evolve(scope, role_profiles=profiles)


def break_yearly_review(scope: Scope) -> Scope:
    """P1-6.3.1-yearly-review: A002's only assessments are of 2025-03-20, over a year ago.

    They were met, so the rules of 6.3.2 to 6.3.4 (which ask only that each competency
    of their area has been shown met, whatever the age of that showing) still conform.
    """
    return with_agent(scope, "A002", assessments=_assessments(date(2025, 3, 20)))


def break_gaps_trained(scope: Scope) -> Scope:
    """P1-6.3.1-gaps-trained: A001 fails courtesy on 2026-02-02 (58 days ago), no training."""
    gap = CompetencyAssessment(
        competency_id="comm-courtesy",
        assessed_on=date(2026, 2, 2),
        outcome=CompetencyOutcome.NOT_MET,
    )
    agent = scope.agent("A001")
    return with_agent(scope, "A001", assessments=(*agent.assessments, gap))


def break_competent_before_contact(scope: Scope) -> Scope:
    """P1-6.3.1-competent-before-contact: A004 first assessed 2025-09-29, after first contact."""
    return with_agent(scope, "A004", assessments=_assessments(date(2025, 9, 29)))


def break_communication(scope: Scope) -> Scope:
    """P1-6.3.2-communication: the framework requires its courtesy competency of no function.

    No communication competency is then required of any agent.  Every agent stays
    reviewed on what the framework still requires (CRM, Acme products), so
    P1-6.3.1-yearly-review still conforms.
    """
    competencies = tuple(
        attrs.evolve(c, required_for=frozenset()) if c.id == "comm-courtesy" else c
        for c in scope.competencies
    )
    return attrs.evolve(scope, competencies=competencies)


def break_technical(scope: Scope) -> Scope:
    """P1-6.3.3-technical: A001's only CRM assessment, on 2026-03-20, found it not met.

    A001 was never assessed as meeting the CRM competency.  The assessment is 12 days
    before `AS_OF`, so it is a current review (P1-6.3.1-yearly-review conforms) and its
    gap is not yet due for development training (30 days: P1-6.3.1-gaps-trained conforms).
    """
    not_met = CompetencyAssessment(
        competency_id="tech-crm", assessed_on=date(2026, 3, 20), outcome=CompetencyOutcome.NOT_MET
    )
    assessments = tuple(
        not_met if a.competency_id == "tech-crm" else a for a in scope.agent("A001").assessments
    )
    return with_agent(scope, "A001", assessments=assessments)


def break_client_specific(scope: Scope) -> Scope:
    """P1-6.3.4-client-specific: the Acme products competency is required of no function.

    The framework then requires no client-specific competency of the agents serving
    Acme.  P1-6.3.1-yearly-review still conforms (see `break_communication`), and
    Part 2's check that client-specific competencies are defined is not run here.
    """
    competencies = tuple(
        attrs.evolve(c, required_for=frozenset()) if c.id == "acme-products" else c
        for c in scope.competencies
    )
    return attrs.evolve(scope, competencies=competencies)


def break_briefed(scope: Scope) -> Scope:
    """P1-6.5-briefed: the update effective 16 March was briefed to agents on the 17th."""
    return with_update(scope, briefed_on=date(2026, 3, 17))


# --- 7 ------------------------------------------------------------------------------------


def break_training_process(scope: Scope) -> Scope:
    """P1-7.1-training-process: the training procedure is overdue for review."""
    return overdue(scope, "pol-train")


def break_information_security(scope: Scope) -> Scope:
    """P1-7.1-information-security: the information-security policy is overdue."""
    return overdue(scope, "pol-sec")


def break_handling_procedure(scope: Scope) -> Scope:
    """P1-7.2-procedure: the customer-handling process is overdue for review."""
    return overdue(scope, "pol-handle")


def break_escalation(scope: Scope) -> Scope:
    """P1-7.2-escalation: the agreement names no escalation procedure."""
    return with_agreement(scope, escalation_procedure=None)


def break_planning_procedure(scope: Scope) -> Scope:
    """P1-7.3-procedure: the workforce-planning procedure is overdue for review."""
    return overdue(scope, "pol-wfp")


def break_quality_procedure(scope: Scope) -> Scope:
    """P1-7.4-procedure: the quality-assurance procedure is overdue for review."""
    return overdue(scope, "pol-qa")


def break_evaluated(scope: Scope) -> Scope:
    """P1-7.4-evaluated: A003 was last evaluated 2025-12-31, 91 days before `AS_OF` (> 90).

    Its feedback (2026-01-02) still came within 14 days.
    """
    return with_evaluation(
        scope, "A003", evaluated_on=date(2025, 12, 31), feedback_given_on=date(2026, 1, 2)
    )


def break_feedback(scope: Scope) -> Scope:
    """P1-7.4-feedback: A002's evaluation of 10 March was fed back on the 25th (15 days)."""
    return with_evaluation(scope, "A002", feedback_given_on=date(2026, 3, 25))


# --- 8 ------------------------------------------------------------------------------------


def break_technology_fit(scope: Scope) -> Scope:
    """P1-8.1-technology-fit: attested as unfit technology."""
    return attested_against(scope, "P1-8.1-technology-fit")


def break_channels_handled(scope: Scope) -> Scope:
    """P1-8.2-channels-handled: no agent is assigned to the voice channel.

    No agent then states a channel at all, so P1-7.4-evaluated cannot tell which
    channels need evaluations (see `ALSO_BROKEN`).
    """
    for agent in scope.agents:
        scope = with_agent(scope, agent.id, channel_ids=())
    return scope


def break_self_service(scope: Scope) -> Scope:
    """P1-8.2-self-service: attested as hard-to-use self-service."""
    return attested_against(scope, "P1-8.2-self-service")


def break_health_and_safety(scope: Scope) -> Scope:
    """P1-8.4-policy: the health-and-safety policy is overdue for review."""
    return overdue(scope, "pol-hs")


def break_sites_assessed(scope: Scope) -> Scope:
    """P1-8.4-sites-assessed: Cork was last assessed 2025-03-30, 367 days before `AS_OF`."""
    (assessment,) = scope.work_environment_assessments
    old = attrs.evolve(assessment, assessed_on=date(2025, 3, 30))
    return attrs.evolve(scope, work_environment_assessments=(old,))


# --- chat and e-mail plans: the models of P1-7.3-chat/deferred-plan-meets-target --------
# The builder's centre has one voice channel, so those two rules are not applicable on it
# (the reason names the fact); `with_planning_models` adds a web-chat and an e-mail channel
# with forecasts and plans on which both conform, and their breakers start from it.

PLANNING_MODEL_RULES = ("P1-7.3-chat-plan-meets-target", "P1-7.3-deferred-plan-meets-target")
"""Rules not applicable on `conforming_scope`; they conform on `with_planning_models` of it."""

CHAT_CHANNEL_ID = "webchat"
EMAIL_CHANNEL_ID = "email"
_MODELS_START = datetime(2026, 3, 2, 9, 0, tzinfo=DUBLIN)


def with_planning_models(scope: Scope) -> Scope:
    """Add a web-chat and an e-mail channel, their targets, forecasts and conforming plans.

    Chat: 20 conversations a half hour of 360 s handled alone (4 Erlangs); agents hold up
    to 2 at once, each 25 % slower then; 6 rostered at 25 % shrinkage = 4 productive, the
    fewest that reach 80 % within 60 s (Erlang C, one conversation per agent, would need 7).
    E-mail: 30 a half hour of 240 s, 4 agents finish 4 * 1800 / 240 = 30 a half hour, so
    nothing waits; the agreement asks 80 % within 1 business hour (clock=business).
    """
    assert scope.centre is not None
    assert scope.centre.channels is not None
    hours = (WeeklyHours(days=WEEKDAYS, opens=time(8), closes=time(20)),)
    channels = (
        Channel(
            id=CHAT_CHANNEL_ID,
            kind=ChannelKind.WEB_CHAT,
            directions=frozenset({Direction.INBOUND}),
            opening_hours=hours,
        ),
        Channel(
            id=EMAIL_CHANNEL_ID,
            kind=ChannelKind.EMAIL,
            directions=frozenset({Direction.INBOUND}),
            opening_hours=hours,
        ),
    )
    targets = (
        KpiTarget(
            id="sl-chat",
            kpi=KpiKind.SERVICE_LEVEL,
            comparison=Comparison.AT_LEAST,
            target=0.8,
            channel_id=CHAT_CHANNEL_ID,
            threshold_seconds=60.0,
        ),
        KpiTarget(
            id="email-1h",
            kpi=KpiKind.RESPONSE_TIME,
            comparison=Comparison.AT_LEAST,
            target=0.8,
            channel_id=EMAIL_CHANNEL_ID,
            threshold_seconds=3600.0,
            definition="clock=business",
        ),
    )
    agreements = tuple(
        attrs.evolve(
            a,
            channel_ids=(*a.channel_ids, CHAT_CHANNEL_ID, EMAIL_CHANNEL_ID),
            kpi_targets=(*(a.kpi_targets or ()), *targets),
        )
        if a.id == AGREEMENT_ID
        else a
        for a in scope.agreements or ()
    )
    forecasts = tuple(
        Forecast(
            id=f"fc-{channel}-w10",
            client_id=CLIENT_ID,
            channel_id=channel,
            provided_by=Party.CLIENT,
            provided_on=date(2026, 2, 20),
            starts_at=_MODELS_START,
            interval_minutes=30,
            volumes=(volume,) * 4,
            handling_seconds=(handling,) * 4,
        )
        for channel, volume, handling in (
            (CHAT_CHANNEL_ID, 20.0, 360.0),
            (EMAIL_CHANNEL_ID, 30.0, 240.0),
        )
    )
    plans = (
        StaffingPlan(
            id="plan-webchat-w10",
            forecast_id=f"fc-{CHAT_CHANNEL_ID}-w10",
            prepared_on=date(2026, 2, 23),
            shrinkage_share=0.25,
            starts_at=_MODELS_START,
            interval_minutes=30,
            rostered_agents=(6,) * 4,
            max_concurrency=2,
            handling_multipliers=(1.0, 1.25),
        ),
        StaffingPlan(
            id="plan-email-w10",
            forecast_id=f"fc-{EMAIL_CHANNEL_ID}-w10",
            prepared_on=date(2026, 2, 23),
            shrinkage_share=0.0,
            starts_at=_MODELS_START,
            interval_minutes=30,
            rostered_agents=(4,) * 4,
        ),
    )
    return attrs.evolve(
        scope,
        centre=attrs.evolve(scope.centre, channels=(*scope.centre.channels, *channels)),
        agreements=agreements,
        forecasts=(*(scope.forecasts or ()), *forecasts),
        staffing_plans=(*(scope.staffing_plans or ()), *plans),
    )


def with_plan(scope: Scope, plan_id: str, **changes: object) -> Scope:
    """Return `scope` with staffing plan `plan_id` changed."""
    plans = tuple(
        attrs.evolve(p, **changes) if p.id == plan_id else p for p in scope.staffing_plans or ()
    )
    return attrs.evolve(scope, staffing_plans=plans)


def break_chat_plan(scope: Scope) -> Scope:
    """P1-7.3-chat-plan-meets-target: 4 rostered at 25 % shrinkage = 3 productive < 4 needed.

    Every one of the 4 open intervals is short by one agent: 0 of 4 met.
    """
    return with_plan(with_planning_models(scope), "plan-webchat-w10", rostered_agents=(4,) * 4)


def break_deferred_plan(scope: Scope) -> Scope:
    """P1-7.3-deferred-plan-meets-target: one agent for 30 e-mails a half hour of 240 s.

    It finishes 7.5 a half hour: e-mail x (from 0) arrives at 60x s and is finished at
    240x s, a wait of 180x s, within the hour for x <= 20; by 11:00 the first 60 are
    decided (finished or past their hour), so about 20 / 60 are finished in time, < 80 %.
    """
    return with_plan(with_planning_models(scope), "plan-email-w10", rostered_agents=(1,) * 4)


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
    "P1-7.3-chat-plan-meets-target": (break_chat_plan, Status.DOES_NOT_CONFORM),
    "P1-7.3-deferred-plan-meets-target": (break_deferred_plan, Status.DOES_NOT_CONFORM),
    "P1-8.3-policy": (break_data_policy, Status.DOES_NOT_CONFORM),
    "P1-8.3-agreed-use": (break_agreed_use, Status.DOES_NOT_CONFORM),
    "P1-8.5-policy": (break_continuity_policy, Status.DOES_NOT_CONFORM),
    "P1-8.5-plan-tested": (break_plan_tested, Status.DOES_NOT_CONFORM),
    "P1-9-agreement": (break_agreement, Status.DOES_NOT_CONFORM),
    "P1-9-targets-and-reporting": (break_targets_and_reporting, Status.DOES_NOT_CONFORM),
    "P1-9-targets-met": (break_targets_met, Status.DOES_NOT_CONFORM),
    "P1-9-review": (break_review, Status.DOES_NOT_CONFORM),
    "P1-9-responsibilities": (break_responsibilities, Status.DOES_NOT_CONFORM),
    "P1-9-cooperation": (break_cooperation, Status.DOES_NOT_CONFORM),
    "P1-4.1-reachable": (break_reachable, Status.DOES_NOT_CONFORM),
    "P1-4.1-consistent-handling": (break_consistent_handling, Status.DOES_NOT_CONFORM),
    "P1-4.1-accessibility-policy": (break_accessibility_policy, Status.DOES_NOT_CONFORM),
    "P1-4.1-accessible-channel": (break_accessible_channel, Status.DOES_NOT_CONFORM),
    "P1-4.2-information-policy": (break_information_policy, Status.DOES_NOT_CONFORM),
    "P1-4.2-channels-published": (break_channels_published, Status.DOES_NOT_CONFORM),
    "P1-4.2-client-information": (break_client_information, Status.DOES_NOT_CONFORM),
    "P1-4.3-method": (break_measurement_method, Status.DOES_NOT_CONFORM),
    "P1-4.3-survey": (break_customer_survey, Status.DOES_NOT_CONFORM),
    "P1-4.3-actions": (break_survey_actions, Status.DOES_NOT_CONFORM),
    "P1-4.5-policy": (break_protection_policy, Status.DOES_NOT_CONFORM),
    "P1-4.5-no-hidden-charges": (break_hidden_charges, Status.DOES_NOT_CONFORM),
    "P1-4.5-do-not-contact": (break_do_not_contact, Status.DOES_NOT_CONFORM),
    "P1-4.5-list-screened": (break_list_screened, Status.DOES_NOT_CONFORM),
    "P1-4.5-contact-hours": (break_contact_hours, Status.DOES_NOT_CONFORM),
    "P1-4.5-opt-in": (break_opt_in, Status.DOES_NOT_CONFORM),
    "P1-4.5-no-pressure-selling": (break_pressure_selling, Status.DOES_NOT_CONFORM),
    "P1-5.1-leadership": (break_leadership, Status.DOES_NOT_CONFORM),
    "P1-5.2-measures-per-channel": (break_measures_per_channel, Status.DOES_NOT_CONFORM),
    "P1-5.2-client-strategy": (break_client_strategy, Status.DOES_NOT_CONFORM),
    "P1-5.3-survey": (break_engagement_survey, Status.DOES_NOT_CONFORM),
    "P1-5.3-actions": (break_engagement_actions, Status.DOES_NOT_CONFORM),
    "P1-5.3-policy": (break_engagement_policy, Status.DOES_NOT_CONFORM),
    "P1-6.1-job-requirements": (break_job_requirements, Status.DOES_NOT_CONFORM),
    "P1-6.1-recruitment": (break_recruitment, Status.DOES_NOT_CONFORM),
    "P1-6.1-staff-information": (break_staff_information, Status.DOES_NOT_CONFORM),
    "P1-6.2-functions": (break_functions, Status.DOES_NOT_CONFORM),
    "P1-6.3.1-yearly-review": (break_yearly_review, Status.DOES_NOT_CONFORM),
    "P1-6.3.1-gaps-trained": (break_gaps_trained, Status.DOES_NOT_CONFORM),
    "P1-6.3.1-competent-before-contact": (break_competent_before_contact, Status.DOES_NOT_CONFORM),
    "P1-6.3.2-communication": (break_communication, Status.DOES_NOT_CONFORM),
    "P1-6.3.3-technical": (break_technical, Status.DOES_NOT_CONFORM),
    "P1-6.3.4-client-specific": (break_client_specific, Status.DOES_NOT_CONFORM),
    "P1-6.5-briefed": (break_briefed, Status.DOES_NOT_CONFORM),
    "P1-7.1-training-process": (break_training_process, Status.DOES_NOT_CONFORM),
    "P1-7.1-information-security": (break_information_security, Status.DOES_NOT_CONFORM),
    "P1-7.2-procedure": (break_handling_procedure, Status.DOES_NOT_CONFORM),
    "P1-7.2-escalation": (break_escalation, Status.DOES_NOT_CONFORM),
    "P1-7.3-procedure": (break_planning_procedure, Status.DOES_NOT_CONFORM),
    "P1-7.4-procedure": (break_quality_procedure, Status.DOES_NOT_CONFORM),
    "P1-7.4-evaluated": (break_evaluated, Status.DOES_NOT_CONFORM),
    "P1-7.4-feedback": (break_feedback, Status.DOES_NOT_CONFORM),
    "P1-8.1-technology-fit": (break_technology_fit, Status.DOES_NOT_CONFORM),
    "P1-8.2-channels-handled": (break_channels_handled, Status.DOES_NOT_CONFORM),
    "P1-8.2-self-service": (break_self_service, Status.DOES_NOT_CONFORM),
    "P1-8.4-policy": (break_health_and_safety, Status.DOES_NOT_CONFORM),
    "P1-8.4-sites-assessed": (break_sites_assessed, Status.DOES_NOT_CONFORM),
}
"""Rule id -> (breaker, the status the rule must then have)."""

ALSO_BROKEN: dict[str, dict[str, Status]] = {
    "P1-9-responsibilities": {"P1-4.4-division": Status.DOES_NOT_CONFORM},
    # Without a reporting frequency there is no reporting period to measure targets over.
    "P1-9-targets-and-reporting": {"P1-9-targets-met": Status.INSUFFICIENT_EVIDENCE},
    "P1-4.3-survey": {"P1-4.3-actions": Status.INSUFFICIENT_EVIDENCE},
    "P1-5.3-survey": {"P1-5.3-actions": Status.INSUFFICIENT_EVIDENCE},
    # With no agent stating a channel, nothing shows which channels evaluations must cover.
    "P1-8.2-channels-handled": {"P1-7.4-evaluated": Status.INSUFFICIENT_EVIDENCE},
}
"""Other rules a breaker unavoidably changes, with their expected status."""


__all__ = ["ALSO_BROKEN", "AS_OF", "BREAKERS", "conforming_interactions", "conforming_scope"]
