"""Every field check and invariant of the model classes raises `ModelError` naming the path.

Each case starts from a valid object (``VALID``) and breaks one thing.  Messages
follow ``<Class>: <path>: expected <what>, found <what>`` (STYLE section 6).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from iso18295 import (
    Agent,
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
    ComplaintOutcome,
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
    Interaction,
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
    Site,
    StaffFunction,
    StaffingPlan,
    TrainingKind,
    TrainingRecord,
    Weekday,
    WeeklyHours,
    WorkEnvironmentArea,
    WorkEnvironmentAssessment,
)
from iso18295.errors import ModelError

UTC = UTC
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WEEKDAYS = frozenset({Weekday.MONDAY, Weekday.FRIDAY})
SITE = Site(id="cork", name="Cork", country="IE")

VALID: dict[type, dict[str, Any]] = {
    Site: {"id": "cork", "name": "Cork", "country": "IE"},
    WeeklyHours: {"days": WEEKDAYS, "opens": time(9), "closes": time(17)},
    Channel: {"id": "voice", "kind": ChannelKind.VOICE, "directions": frozenset(Direction)},
    ContactRules: {"permitted_hours": (), "honours_do_not_contact": True},
    Campaign: {
        "id": "camp-1",
        "client_id": "acme",
        "channel_id": "voice",
        "direction": Direction.OUTBOUND,
        "purpose": "renewals",
        "starts_on": date(2026, 2, 2),
    },
    ContactCentre: {
        "id": "ccc",
        "name": "Centre",
        "operating_model": OperatingModel.OUTSOURCED,
        "time_zone": "Europe/Dublin",
        "sites": (SITE,),
    },
    Client: {"id": "acme", "name": "Acme", "relationship": Relationship.EXTERNAL},
    KpiTarget: {
        "id": "sl",
        "kpi": KpiKind.SERVICE_LEVEL,
        "comparison": Comparison.AT_LEAST,
        "target": 0.8,
    },
    Responsibility: {"topic": "forecasting", "owner": Party.CLIENT},
    DataHandlingTerms: {"purposes": ("service",), "retention_days": 365},
    ClientAgreement: {
        "id": "agr-1",
        "client_id": "acme",
        "centre_id": "ccc",
        "starts_on": date(2025, 1, 1),
        "channel_ids": ("voice",),
    },
    Competency: {"id": "comm", "name": "Listening", "area": CompetencyArea.COMMUNICATION},
    RoleProfile: {"function": StaffFunction.AGENT, "responsibilities": ("answer contacts",)},
    CompetencyAssessment: {
        "competency_id": "comm",
        "assessed_on": date(2026, 1, 5),
        "outcome": CompetencyOutcome.MET,
    },
    TrainingRecord: {
        "course": "Induction",
        "kind": TrainingKind.INDUCTION,
        "started_on": date(2026, 1, 5),
    },
    Agent: {
        "id": "A1",
        "name": "Ann Example",
        "function": StaffFunction.AGENT,
        "site_id": "cork",
        "hired_on": date(2026, 1, 5),
    },
    EngagementSurvey: {
        "id": "es-1",
        "instrument": "pulse",
        "conducted_on": date(2026, 1, 31),
        "invited": 10,
        "responded": 7,
        "score": 4.0,
        "scale_max": 5.0,
    },
    Policy: {
        "id": "pol-1",
        "kind": PolicyKind.TRAINING,
        "title": "Training",
        "party": Party.CENTRE,
        "party_id": "ccc",
        "owner_role": "Training lead",
        "version": "1",
    },
    Complaint: {
        "id": "cmp-1",
        "client_id": "acme",
        "channel_id": "voice",
        "received_at": T0,
        "category": ComplaintCategory.PRODUCT,
    },
    CustomerSurvey: {
        "id": "cs-1",
        "client_id": "acme",
        "method": "IVR",
        "period_start": date(2026, 3, 1),
        "period_end": date(2026, 3, 31),
        "invited": 100,
        "responses": 40,
        "scale_max": 5.0,
    },
    QualityEvaluation: {
        "id": "qe-1",
        "interaction_id": "int-1",
        "agent_id": "A1",
        "evaluated_on": date(2026, 3, 3),
        "criteria_version": "v2",
        "score": 8.0,
        "max_score": 10.0,
    },
    Forecast: {
        "id": "fc-1",
        "client_id": "acme",
        "channel_id": "voice",
        "provided_by": Party.CLIENT,
        "provided_on": date(2026, 2, 20),
        "starts_at": T0,
        "interval_minutes": 30,
        "volumes": (10.0, 20.0),
        "handling_seconds": (300.0, 300.0),
    },
    StaffingPlan: {
        "id": "plan-1",
        "forecast_id": "fc-1",
        "prepared_on": date(2026, 2, 24),
        "shrinkage_share": 0.3,
        "starts_at": T0,
        "interval_minutes": 30,
        "rostered_agents": (3, 5),
    },
    ContinuityExercise: {
        "exercised_on": date(2025, 10, 8),
        "kind": ExerciseKind.TABLETOP,
        "result": ExerciseResult.PASSED,
        "scenario": "site loss",
    },
    ContinuityPlan: {
        "id": "bcp",
        "title": "Continuity",
        "scenarios": ("site loss",),
        "recovery_time_objective_hours": 4.0,
    },
    WorkEnvironmentAssessment: {
        "id": "wea",
        "site_id": "cork",
        "assessed_on": date(2025, 11, 5),
        "areas": frozenset({WorkEnvironmentArea.NOISE}),
    },
    Interaction: {
        "id": "int-1",
        "channel_id": "voice",
        "direction": Direction.INBOUND,
        "client_id": "acme",
        "offered_at": T0,
        "wait_seconds": 12.0,
        "answered": True,
    },
}


@pytest.mark.parametrize("cls", list(VALID), ids=lambda cls: cls.__name__)
def test_valid_base_objects_construct(cls: type) -> None:
    obj = cls(**VALID[cls])
    assert type(obj) is cls


# (class, changes to the valid object, pattern the message must match)
BROKEN: list[tuple[type, dict[str, Any], str]] = [
    # identifiers, texts, types
    (Site, {"id": "cork site"}, r"^Site: id: expected an identifier .*found 'cork site'$"),
    (Site, {"id": "-cork"}, r"^Site: id: expected an identifier"),
    (Site, {"id": ""}, r"^Site: id: expected an identifier"),
    (Site, {"name": "   "}, r"^Site: name: expected a non-empty string, found '   '$"),
    (Site, {"remote": "no"}, r"^Site: remote: expected true or false, found 'no'$"),
    (Site, {"name": 7}, r"^Site: name: expected a string, found 7$"),
    # WeeklyHours
    (WeeklyHours, {"days": frozenset()}, r"^WeeklyHours: days: expected at least one day"),
    (
        WeeklyHours,
        {"closes": time(9)},
        (
            r"^WeeklyHours: closes: expected a time after opens \(09:00\), found 09:00; "
            r"split a window that crosses midnight in two$"
        ),
    ),
    (WeeklyHours, {"opens": time(22), "closes": time(2)}, r"^WeeklyHours: closes: .*found 02:00"),
    (
        WeeklyHours,
        {"days": frozenset({"monday"})},
        (
            r"^WeeklyHours: days: expected a frozenset of iso18295\.Weekday members "
            r"\(Weekday\.MONDAY, .*, found the str 'monday' among its items; "
            r"use Weekday\('monday'\)$"
        ),
    ),
    # Channel
    (Channel, {"directions": frozenset()}, r"^Channel: directions: expected inbound, outbound"),
    (Channel, {"accessibility": ("relay", "relay")}, r"^Channel: accessibility: expected no re"),
    (Channel, {"cost_to_customer": ""}, r"^Channel: cost_to_customer: expected a non-empty"),
    (
        Channel,
        {"kind": "voice"},
        (
            r"^Channel: kind: expected an iso18295\.ChannelKind member \(ChannelKind\.VOICE, "
            r"ChannelKind\.EMAIL, .*\), found the str 'voice'; use ChannelKind\('voice'\)$"
        ),
    ),
    # ContactRules
    (
        ContactRules,
        {"max_attempts_per_customer": 0},
        r"^ContactRules: max_attempts_per_customer: expected a finite number > 0, found 0$",
    ),
    (ContactRules, {"max_attempts_per_customer": 2.5}, r"max_attempts_per_customer: expected an"),
    # Campaign
    (
        Campaign,
        {"ends_on": date(2026, 2, 1)},
        (
            r"^Campaign: ends_on: expected a value on or after starts_on \(2026-02-02\), "
            r"found 2026-02-01$"
        ),
    ),
    (Campaign, {"purpose": ""}, r"^Campaign: purpose: expected a non-empty string"),
    (
        Campaign,
        {"starts_on": datetime(2026, 2, 2, 9, tzinfo=UTC)},
        r"^Campaign: starts_on: expected a date \(YYYY-MM-DD\), found 2026-02-02T09:00:00\+00:00",
    ),
    # ContactCentre
    (ContactCentre, {"sites": ()}, r"^ContactCentre: sites: expected at least one site"),
    (
        ContactCentre,
        {"time_zone": "Mars/Olympus"},
        r"^ContactCentre: time_zone: expected an IANA time zone name .*found 'Mars/Olympus'$",
    ),
    (
        ContactCentre,
        {"sites": (SITE, Site(id="home", name="Home", country="IE"), SITE)},
        (
            r"^ContactCentre: sites\[2\]\.id: expected an id not used before in sites, "
            r"found 'cork', already the id of sites\[0\]$"
        ),
    ),
    (
        ContactCentre,
        {"channels": (Channel(**VALID[Channel]), Channel(**VALID[Channel]))},
        r"^ContactCentre: channels\[1\]\.id: expected an id not used before in channels",
    ),
    # Client
    (Client, {"sector": " "}, r"^Client: sector: expected a non-empty string"),
    (
        Client,
        {"relationship": None},
        (
            r"^Client: relationship: expected an iso18295\.Relationship member "
            r"\(Relationship\.IN_HOUSE, Relationship\.EXTERNAL\), found None$"
        ),
    ),
    # KpiTarget
    (
        KpiTarget,
        {"target": -0.5},
        r"^KpiTarget: target: expected a finite number >= 0, found -0.5",
    ),
    (
        KpiTarget,
        {"target": math.nan},
        r"^KpiTarget: target: expected a finite number >= 0, found nan",
    ),
    (KpiTarget, {"threshold_seconds": math.inf}, r"^KpiTarget: threshold_seconds: .*found inf$"),
    (KpiTarget, {"target": True}, r"^KpiTarget: target: expected a number, found True$"),
    (KpiTarget, {"channel_id": "bw voice"}, r"^KpiTarget: channel_id: expected an identifier"),
    # Responsibility
    (Responsibility, {"topic": ""}, r"^Responsibility: topic: expected a non-empty string"),
    # DataHandlingTerms
    (DataHandlingTerms, {"purposes": ()}, r"^DataHandlingTerms: purposes: expected at least one"),
    (DataHandlingTerms, {"purposes": ("a", "a")}, r"^DataHandlingTerms: purposes: expected no"),
    (DataHandlingTerms, {"retention_days": 0}, r"^DataHandlingTerms: retention_days: .*> 0"),
    # ClientAgreement
    (
        ClientAgreement,
        {"channel_ids": ()},
        r"^ClientAgreement: channel_ids: expected at least one",
    ),
    (ClientAgreement, {"channel_ids": ("v", "v")}, r"^ClientAgreement: channel_ids: expected no"),
    (
        ClientAgreement,
        {"ends_on": date(2024, 12, 31)},
        r"^ClientAgreement: ends_on: expected a value on or after starts_on \(2025-01-01\)",
    ),
    (
        ClientAgreement,
        {"kpi_targets": (KpiTarget(**VALID[KpiTarget]), KpiTarget(**VALID[KpiTarget]))},
        r"^ClientAgreement: kpi_targets\[1\]\.id: expected an id not used before in kpi_targets",
    ),
    (
        ClientAgreement,
        {"complaint_acknowledgement_days": -1},
        r"^ClientAgreement: complaint_acknowledgement_days: expected a finite number > 0",
    ),
    # Competency
    (
        Competency,
        {"area": CompetencyArea.CLIENT_SPECIFIC},
        (
            r"^Competency: client_id: expected the client's id for a client-specific competency, "
            r"found none$"
        ),
    ),
    # RoleProfile
    (RoleProfile, {"responsibilities": ()}, r"^RoleProfile: responsibilities: expected at least"),
    # CompetencyAssessment
    (CompetencyAssessment, {"competency_id": "a b"}, r"^CompetencyAssessment: competency_id: "),
    (CompetencyAssessment, {"assessed_on": "2026-01-05"}, r"assessed_on: expected a date \("),
    # TrainingRecord
    (
        TrainingRecord,
        {"completed_on": date(2026, 1, 4)},
        (
            r"^TrainingRecord: completed_on: expected a value on or after started_on "
            r"\(2026-01-05\), found 2026-01-04$"
        ),
    ),
    (TrainingRecord, {"competency_ids": ("c", "c")}, r"^TrainingRecord: competency_ids: expected"),
    # Agent
    (
        Agent,
        {"left_on": date(2026, 1, 4)},
        (
            r"^Agent: left_on: expected a value on or after hired_on \(2026-01-05\), "
            r"found 2026-01-04$"
        ),
    ),
    (
        Agent,
        {"first_contact_on": date(2025, 12, 31)},
        r"^Agent: first_contact_on: expected a value on or after hired_on \(2026-01-05\)",
    ),
    (Agent, {"client_ids": ("acme", "acme")}, r"^Agent: client_ids: expected no repeated items"),
    # EngagementSurvey
    (
        EngagementSurvey,
        {"responded": 11},
        r"^EngagementSurvey: responded: expected at most invited \(10\), found 11$",
    ),
    (
        EngagementSurvey,
        {"score": 5.5},
        r"^EngagementSurvey: score: expected at most scale_max \(5.0\), found 5.5$",
    ),
    (
        EngagementSurvey,
        {"invited": 0},
        r"^EngagementSurvey: invited: expected a finite number > 0",
    ),
    (
        EngagementSurvey,
        {"invited": True},
        r"^EngagementSurvey: invited: expected an integer or nothing, found",
    ),
    # Policy
    (Policy, {"review_interval_months": 0}, r"^Policy: review_interval_months: expected a fin"),
    (Policy, {"owner_role": ""}, r"^Policy: owner_role: expected a non-empty string"),
    # Complaint
    (
        Complaint,
        {"acknowledged_at": T0 - timedelta(minutes=1)},
        (
            r"^Complaint: acknowledged_at: expected a value on or after received_at "
            r"\(2026-03-02T09:00:00\+00:00\), found 2026-03-02T08:59:00\+00:00$"
        ),
    ),
    (
        Complaint,
        {"resolved_at": T0 - timedelta(days=1), "outcome": ComplaintOutcome.UPHELD},
        r"^Complaint: resolved_at: expected a value on or after received_at",
    ),
    (
        Complaint,
        {"outcome": ComplaintOutcome.UPHELD},
        (
            r"^Complaint: outcome: expected an outcome exactly when resolved_at is set, "
            r"found an outcome without resolved_at$"
        ),
    ),
    (
        Complaint,
        {"resolved_at": T0 + timedelta(days=1)},
        r"^Complaint: outcome: .*found resolved_at without an outcome$",
    ),
    (
        Complaint,
        {"received_at": datetime(2026, 3, 2, 9)},
        r"^Complaint: received_at: expected a date and time with a UTC offset",
    ),
    # CustomerSurvey
    (
        CustomerSurvey,
        {"period_end": date(2026, 2, 28)},
        r"^CustomerSurvey: period_end: expected a value on or after period_start",
    ),
    (
        CustomerSurvey,
        {"responses": 101},
        r"^CustomerSurvey: responses: expected at most invited \(100\), found 101$",
    ),
    (
        CustomerSurvey,
        {"mean_score": 0.5},
        (
            r"^CustomerSurvey: mean_score: expected a score between 1 and scale_max \(5.0\), "
            r"found 0.5$"
        ),
    ),
    (CustomerSurvey, {"top_box_share": 1.5}, r"top_box_share: expected a fraction between 0 and"),
    # QualityEvaluation
    (
        QualityEvaluation,
        {"score": 11.0},
        r"^QualityEvaluation: score: expected at most max_score \(10.0\), found 11.0$",
    ),
    (
        QualityEvaluation,
        {"feedback_given_on": date(2026, 3, 2)},
        r"^QualityEvaluation: feedback_given_on: expected a value on or after evaluated_on",
    ),
    (QualityEvaluation, {"max_score": 0.0}, r"^QualityEvaluation: max_score: expected a finite"),
    # Forecast
    (Forecast, {"interval_minutes": 20}, r"^Forecast: interval_minutes: expected 15, 30 or 60"),
    (
        Forecast,
        {"handling_seconds": (300.0,)},
        r"^Forecast: handling_seconds: expected as many items as volumes \(2\), found 1 items$",
    ),
    (
        Forecast,
        {"handling_seconds": (300.0, 0.0)},
        (
            r"^Forecast: handling_seconds\[1\]: expected handling times > 0 seconds, "
            r"found 1 intervals at 0 \(first: 1\)$"
        ),
    ),
    (
        Forecast,
        {"volumes": (10.0, -1.0)},
        r"^Forecast: volumes: expected finite numbers >= 0 only",
    ),
    (Forecast, {"volumes": (10.0, math.nan)}, r"^Forecast: volumes: expected finite numbers"),
    (
        Forecast,
        {"starts_at": datetime(2026, 3, 2)},
        r"^Forecast: starts_at: expected a date and time with a UTC offset, found 2026-03-02T00",
    ),
    # StaffingPlan
    (
        StaffingPlan,
        {"shrinkage_share": 1.0},
        r"^StaffingPlan: shrinkage_share: expected a share below 1, found 1.0$",
    ),
    (StaffingPlan, {"shrinkage_share": -0.1}, r"shrinkage_share: expected a fraction between 0"),
    (StaffingPlan, {"rostered_agents": (3, -1)}, r"rostered_agents: expected finite numbers >= 0"),
    (StaffingPlan, {"rostered_agents": (3, 2.5)}, r"rostered_agents: expected a list of integers"),
    # ContinuityExercise, ContinuityPlan
    (ContinuityExercise, {"scenario": ""}, r"^ContinuityExercise: scenario: expected a non-empty"),
    (ContinuityPlan, {"scenarios": ()}, r"^ContinuityPlan: scenarios: expected at least one"),
    (
        ContinuityPlan,
        {"recovery_time_objective_hours": 0.0},
        r"^ContinuityPlan: recovery_time_objective_hours: expected a finite number > 0, found 0.0",
    ),
    # WorkEnvironmentAssessment
    (
        WorkEnvironmentAssessment,
        {"areas": frozenset()},
        r"^WorkEnvironmentAssessment: areas: expected at least one area",
    ),
    (
        WorkEnvironmentAssessment,
        {"open_actions": -1},
        r"^WorkEnvironmentAssessment: open_actions: expected a finite number >= 0, found -1$",
    ),
    # Interaction
    (
        Interaction,
        {"abandoned": True},
        r"^Interaction: abandoned: expected false for an answered contact, found true$",
    ),
    (Interaction, {"wait_seconds": -3.0}, r"^Interaction: wait_seconds: expected a finite number"),
    (Interaction, {"offered_at": datetime(2026, 3, 2, 9)}, r"^Interaction: offered_at: expected"),
]


@pytest.mark.parametrize(
    ("cls", "changes", "message"),
    BROKEN,
    ids=[f"{cls.__name__}-{'-'.join(changes)}-{i}" for i, (cls, changes, _) in enumerate(BROKEN)],
)
def test_broken_object_raises_model_error_naming_the_path(
    cls: type, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ModelError, match=message) as caught:
        cls(**{**VALID[cls], **changes})
    assert caught.value.owner == cls.__name__
    assert len(caught.value.problems) == 1


def test_a_str_for_an_enum_field_names_the_enum_and_how_to_make_the_member() -> None:
    with pytest.raises(ModelError) as caught:
        Policy(**{**VALID[Policy], "party": "centre"})
    assert str(caught.value.problems[0]) == (
        "party: expected an iso18295.Party member (Party.CLIENT, Party.CENTRE, Party.SHARED), "
        "found the str 'centre'; use Party('centre')"
    )


def test_a_str_that_is_no_value_of_the_enum_gets_no_hint() -> None:
    with pytest.raises(ModelError, match=r"found the str 'center'$"):
        Policy(**{**VALID[Policy], "party": "center"})


def test_an_optional_enum_field_says_none_is_allowed_too() -> None:
    with pytest.raises(
        ModelError, match=r"expected an iso18295\.Party member \(.*\) or None, found the str"
    ):
        Complaint(**{**VALID[Complaint], "escalated_to": "client"})


def test_model_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^Site: id: expected an identifier"):
        Site(**{**VALID[Site], "id": "a b"})
