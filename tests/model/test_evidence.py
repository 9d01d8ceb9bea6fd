"""Evidence in the model: shares bounded, unstated facts None, channel references checked."""

from __future__ import annotations

from datetime import date

import pytest

from iso18295 import (
    Agent,
    Channel,
    ChannelKind,
    Comparison,
    ContactCentre,
    CustomerSurvey,
    Direction,
    EngagementSurvey,
    KpiKind,
    KpiTarget,
    OperatingModel,
    QualityEvaluation,
    Scope,
    Site,
    StaffFunction,
)
from iso18295.errors import ModelError

CENTRE = ContactCentre(
    id="ccc",
    name="Centre",
    operating_model=OperatingModel.OUTSOURCED,
    time_zone="Europe/Dublin",
    sites=(Site(id="cork", name="Cork", country="IE"),),
    channels=(Channel(id="voice", kind=ChannelKind.VOICE, directions=frozenset(Direction)),),
)
AGENT = Agent(
    id="A1", name="Alex", function=StaffFunction.AGENT, site_id="cork", hired_on=date(2025, 1, 6)
)


def _target(kpi: KpiKind, target: float, **fields: object) -> KpiTarget:
    return KpiTarget(id="t", kpi=kpi, comparison=Comparison.AT_LEAST, target=target, **fields)  # type: ignore[arg-type]


def _evaluation(**fields: object) -> QualityEvaluation:
    values: dict[str, object] = {
        "id": "QE1",
        "interaction_id": "INT1",
        "agent_id": "A1",
        "evaluated_on": date(2026, 3, 2),
        "criteria_version": "1",
        "score": 8.0,
        "max_score": 10.0,
    }
    return QualityEvaluation(**{**values, **fields})  # type: ignore[arg-type]


# --- shares in [0, 1] ---------------------------------------------------------------------


SHARE_KPIS = [
    KpiKind.SERVICE_LEVEL,
    KpiKind.ABANDONMENT_RATE,
    KpiKind.FIRST_CONTACT_RESOLUTION,
    KpiKind.QUALITY_SCORE,
    KpiKind.OCCUPANCY,
    KpiKind.SCHEDULE_ADHERENCE,
    KpiKind.ABSENTEEISM,
    KpiKind.COMPETENCY_COVERAGE,
]


@pytest.mark.parametrize("kpi", SHARE_KPIS, ids=str)
def test_share_target_written_as_a_percentage_is_refused(kpi: KpiKind) -> None:
    with pytest.raises(
        ModelError,
        match=r"^KpiTarget: target: expected a share in \[0, 1\] \(write 80 % as 0\.8\),"
        r" found 80$",
    ):
        _target(kpi, 80)


@pytest.mark.parametrize("kpi", SHARE_KPIS, ids=str)
def test_share_target_at_the_bounds_is_accepted(kpi: KpiKind) -> None:
    assert _target(kpi, 0.0).is_share
    assert _target(kpi, 1.0).target == 1.0


def test_response_time_with_a_threshold_is_a_share() -> None:
    with pytest.raises(ModelError, match=r"target: expected a share in \[0, 1\]"):
        _target(KpiKind.RESPONSE_TIME, 90, threshold_seconds=3600)


def test_response_time_with_a_threshold_in_its_definition_is_a_share() -> None:
    with pytest.raises(ModelError, match=r"target: expected a share in \[0, 1\]"):
        _target(KpiKind.RESPONSE_TIME, 90, definition="threshold_seconds=3600")


def test_response_time_without_a_threshold_is_a_time_in_seconds() -> None:
    assert _target(KpiKind.RESPONSE_TIME, 14400).target == 14400


def test_customer_satisfaction_top_box_is_a_share() -> None:
    with pytest.raises(ModelError, match=r"target: expected a share in \[0, 1\]"):
        _target(KpiKind.CUSTOMER_SATISFACTION, 85, definition="method=top_box")


def test_customer_satisfaction_share_of_range_is_a_share() -> None:
    target = _target(
        KpiKind.CUSTOMER_SATISFACTION, 0.8, definition="source=surveys; scale=share_of_range"
    )
    assert target.is_share


def test_customer_satisfaction_mean_score_is_on_the_survey_scale() -> None:
    assert _target(KpiKind.CUSTOMER_SATISFACTION, 4.2).is_share is False


def test_employee_engagement_share_of_maximum_is_a_share() -> None:
    with pytest.raises(ModelError, match=r"target: expected a share in \[0, 1\]"):
        _target(KpiKind.EMPLOYEE_ENGAGEMENT, 70, definition="scale=share_of_maximum")


@pytest.mark.parametrize(
    "kpi",
    [KpiKind.COMPLAINT_RATE, KpiKind.AGENT_ATTRITION, KpiKind.AVERAGE_HANDLING_TIME],
    ids=str,
)
def test_rates_per_contacts_or_year_and_times_may_exceed_one(kpi: KpiKind) -> None:
    # complaints per 1000 contacts, annualised attrition (1.2 = 120 %), seconds
    assert _target(kpi, 1.2).target == 1.2


# --- facts not stated ----------------------------------------------------------------------


def test_customer_survey_counts_may_be_left_unstated() -> None:
    survey = CustomerSurvey(
        id="s",
        client_id="acme",
        method="IVR",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        scale_max=5.0,
        responses=40,
    )
    assert (survey.invited, survey.responses) == (None, 40)


def test_customer_survey_with_more_responses_than_invited_is_refused() -> None:
    with pytest.raises(ModelError, match=r"responses: expected at most invited \(10\), found 11"):
        CustomerSurvey(
            id="s",
            client_id="acme",
            method="IVR",
            period_start=date(2026, 3, 1),
            period_end=date(2026, 3, 31),
            scale_max=5.0,
            invited=10,
            responses=11,
        )


def test_engagement_survey_response_share_is_none_when_counts_are_not_stated() -> None:
    survey = EngagementSurvey(
        id="e", instrument="pulse", conducted_on=date(2026, 3, 1), score=3.0, scale_max=5.0
    )
    assert survey.response_share is None


def test_engagement_survey_response_share_divides_responded_by_invited() -> None:
    # 30 of 40 staff answered: 30 / 40 = 0.75
    survey = EngagementSurvey(
        id="e",
        instrument="pulse",
        conducted_on=date(2026, 3, 1),
        score=3.0,
        scale_max=5.0,
        invited=40,
        responded=30,
    )
    assert survey.response_share == 0.75


def test_agent_without_training_records_has_no_induction_date() -> None:
    assert AGENT.training is None
    assert AGENT.induction_completed_on() is None


# --- the channel of a quality evaluation ---------------------------------------------------


def test_quality_evaluation_names_a_channel_of_the_centre() -> None:
    scope = Scope(
        name="s",
        centre=CENTRE,
        agents=(AGENT,),
        quality_evaluations=(_evaluation(channel_id="voice"),),
    )
    assert scope.quality_evaluations[0].channel_id == "voice"  # type: ignore[index]


def test_quality_evaluation_naming_an_unknown_channel_is_refused() -> None:
    with pytest.raises(
        ModelError,
        match=r"quality_evaluations\[0\]\.channel_id: expected the id of one of centre\.channels,"
        r" found 'chat', which quality evaluation 'QE1' names",
    ):
        Scope(
            name="s",
            centre=CENTRE,
            agents=(AGENT,),
            quality_evaluations=(_evaluation(channel_id="chat"),),
        )


def test_reference_into_a_collection_not_supplied_says_so() -> None:
    with pytest.raises(
        ModelError,
        match=r"quality_evaluations\[0\]\.agent_id: expected the id of one of agents, found 'A1',"
        r" which quality evaluation 'QE1' names, but the scope does not supply agents; list"
        r" agents in the document",
    ):
        Scope(name="s", centre=CENTRE, quality_evaluations=(_evaluation(),))
