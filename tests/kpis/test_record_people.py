"""Engagement, attrition, competency coverage (by hand, against the oracle); leaving reasons."""

from __future__ import annotations

import json
import warnings
from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import (
    CompetencyAssessment,
    CompetencyOutcome,
    EngagementSurvey,
    LeavingReason,
    Scope,
    StaffFunction,
    TrainingKind,
    TrainingRecord,
    dump_scope_text,
    load_scope_text,
)
from iso18295.errors import CalculationError, LoadError, ModelError, UndefinedKpiWarning
from iso18295.kpis import (
    AgentAttrition,
    CompetencyCoverage,
    EmployeeEngagement,
    Kpi,
    KpiResult,
    measure,
)
from record_scopes import END, START, agent, as_dict, base_scope, record_scopes
from reference import records as ref

APRIL = (date(2026, 4, 1), date(2026, 5, 1))  # 30 days
VOLUNTARY, INVOLUNTARY = LeavingReason.VOLUNTARY, LeavingReason.INVOLUNTARY


def values(
    scope: Scope,
    metric: Kpi,
    period: tuple[date, date] = (START, END),
    by: tuple[str, ...] = (),
) -> KpiResult:
    return measure(scope, [metric], start=period[0], end=period[1], by=by)


def one(
    scope: Scope, metric: Kpi, period: tuple[date, date] = (START, END)
) -> tuple[float, float, int, int]:
    v = values(scope, metric, period)[metric.name]
    return float(v.value[0]), float(v.numerator[0]), int(v.denominator[0]), int(v.excluded[0])


# --- engagement ------------------------------------------------------------------------------


def staff_survey(
    sid: str, day: date, responded: int, score: float, scale: float = 5.0
) -> EngagementSurvey:
    return EngagementSurvey(
        id=sid,
        instrument="pulse",
        conducted_on=day,
        invited=max(responded, 1) * 2,
        responded=responded,
        score=score,
        scale_max=scale,
    )


STAFF_SURVEYS = (
    staff_survey("G1", date(2026, 3, 10), 40, 3.5),
    staff_survey("G2", date(2026, 3, 20), 10, 4.0),
    staff_survey("G3", date(2026, 2, 1), 90, 1.0),  # February: outside
    staff_survey("G4", date(2026, 3, 5), 0, 1.0),  # nobody answered
)


def test_engagement_is_weighted_by_responses() -> None:
    # (40 x 3.5 + 10 x 4.0) / 50 = 180 / 50 = 3.6
    assert one(base_scope(engagement_surveys=STAFF_SURVEYS), EmployeeEngagement()) == (
        3.6,
        180.0,
        50,
        0,
    )


def test_engagement_as_share_of_the_scale() -> None:
    # (40 x 0.7 + 10 x 0.8) / 50 = 36 / 50 = 0.72
    value = one(
        base_scope(engagement_surveys=STAFF_SURVEYS), EmployeeEngagement(scale="share_of_maximum")
    )[0]
    assert value == pytest.approx(0.72, rel=1e-12)


def test_engagement_on_mixed_scales_needs_a_share() -> None:
    mixed = (*STAFF_SURVEYS, staff_survey("G5", date(2026, 3, 25), 50, 70.0, scale=100.0))
    scope = base_scope(engagement_surveys=mixed)
    with pytest.raises(CalculationError, match=r"found scale maxima 5 \(G1, G2\); 100 \(G5\)"):
        one(scope, EmployeeEngagement())
    # (40 x 0.7 + 10 x 0.8 + 50 x 0.7) / 100 = 71 / 100
    value = one(scope, EmployeeEngagement(scale="share_of_maximum"))[0]
    assert value == pytest.approx(0.71, rel=1e-12)


def test_engagement_without_responses_in_the_period_has_no_value() -> None:
    scope = base_scope(engagement_surveys=STAFF_SURVEYS[2:])
    with pytest.warns(UndefinedKpiWarning, match="employee_engagement"):
        value, *rest = one(scope, EmployeeEngagement())
    assert np.isnan(value)
    assert rest == [0.0, 0, 0]


def test_engagement_cannot_be_grouped_by_client() -> None:
    with pytest.raises(
        CalculationError, match=r"engagement surveys, which carry no field to group by"
    ):
        values(base_scope(), EmployeeEngagement(), by=("client_id",))


# --- attrition -------------------------------------------------------------------------------

STAFF = (
    agent("P1", client_ids=("acme",)),  # all 30 days
    agent("P2", client_ids=("acme",), left_on=date(2026, 4, 10), leaving_reason=VOLUNTARY),  # 10
    agent("P3", client_ids=("bolt",), hired_on=date(2026, 4, 21)),  # 21-30 April: 10 days
    agent("P4", client_ids=("acme", "bolt"), left_on=date(2026, 4, 30)),  # 30, reason unknown
    agent("P5", function=StaffFunction.TEAM_LEADER, left_on=date(2026, 4, 2)),  # not an agent
    agent("P6", left_on=date(2026, 3, 31), leaving_reason=VOLUNTARY),  # left before April
    agent("P7", left_on=date(2026, 4, 15), leaving_reason=INVOLUNTARY),  # 15 days
    agent("P8", hired_on=date(2026, 5, 1)),  # starts after April
)
# agent-days in April: 30 + 10 + 10 + 30 + 15 = 95; average headcount 95 / 30; leavers P2, P4, P7


@pytest.fixture
def staff() -> Scope:
    return base_scope(agents=STAFF)


def test_attrition_annualised_over_thirty_days_by_hand(staff: Scope) -> None:
    # 3 leavers / (95 / 30) x 365 / 30 = 3 x 365 / 95 = 11.526...
    value, numerator, denominator, excluded = one(staff, AgentAttrition(), APRIL)
    assert (numerator, denominator, excluded) == (3.0, 95, 0)
    assert value == pytest.approx(3 * 365 / 95, rel=1e-12)


def test_attrition_over_the_period_by_hand(staff: Scope) -> None:
    # 3 / (95 / 30) = 90 / 95
    value = one(staff, AgentAttrition(per="period"), APRIL)[0]
    assert value == pytest.approx(90 / 95, rel=1e-12)


def test_attrition_from_start_and_end_headcounts_by_hand(staff: Scope) -> None:
    # 1 April: P1, P2, P4, P7 = 4; 30 April: P1, P3, P4 (last day 30 April) = 3; mean 3.5
    value, numerator, denominator, _ = one(
        staff, AgentAttrition(headcount="start_end_mean", per="period"), APRIL
    )
    assert (numerator, denominator) == (3.0, 7)
    assert value == pytest.approx(3 / 3.5, rel=1e-12)
    annual = one(staff, AgentAttrition(headcount="start_end_mean"), APRIL)[0]
    assert annual == pytest.approx(3 / 3.5 * 365 / 30, rel=1e-12)


def test_voluntary_attrition_counts_unrecorded_reasons_by_default(staff: Scope) -> None:
    # P2 voluntary + P4 unrecorded = 2; P7 involuntary does not count
    value, numerator, _, excluded = one(staff, AgentAttrition(leavers="voluntary"), APRIL)
    assert (numerator, excluded) == (2.0, 0)
    assert value == pytest.approx(2 * 365 / 95, rel=1e-12)


def test_voluntary_attrition_can_exclude_unrecorded_reasons(staff: Scope) -> None:
    # P2 only; P4 excluded and counted in `excluded`
    metric = AgentAttrition(leavers="voluntary", unrecorded_reasons="excluded")
    value, numerator, _, excluded = one(staff, metric, APRIL)
    assert (numerator, excluded) == (1.0, 1)
    assert value == pytest.approx(365 / 95, rel=1e-12)


def test_attrition_per_client_counts_shared_agents_in_each(staff: Scope) -> None:
    result = values(staff, AgentAttrition(), APRIL, by=("client_id",))
    v = result["agent_attrition"]
    # missing client: P7 alone (15 days, a leaver); acme: P1 30 + P2 10 + P4 30 = 70, two
    # leavers; bolt: P3 10 + P4 30 = 40, one leaver
    assert result.labels["client_id"].tolist() == [None, "acme", "bolt"]
    assert v.denominator.tolist() == [15, 70, 40]
    np.testing.assert_allclose(v.value, [365 / 15, 2 * 365 / 70, 365 / 40], rtol=1e-12)


def test_functions_choose_who_counts(staff: Scope) -> None:
    # with team leaders: P5 adds 2 April days (1-2 April) and a leaver: 4 x 365 / 97
    metric = AgentAttrition(functions=("agent", "team_leader"))
    value, numerator, denominator, _ = one(staff, metric, APRIL)
    assert (numerator, denominator) == (4.0, 97)
    assert value == pytest.approx(4 * 365 / 97, rel=1e-12)


def test_attrition_over_a_year_is_the_same_per_year_and_per_period(staff: Scope) -> None:
    year = (date(2025, 5, 1), date(2026, 5, 1))  # 365 days
    per_year = one(staff, AgentAttrition(), year)
    per_period = one(staff, AgentAttrition(per="period"), year)
    assert per_year[1:] == per_period[1:]
    assert per_year[0] == pytest.approx(per_period[0], rel=1e-12)
    # P6 left on 31 March 2026, inside this year: four leavers
    assert per_year[1] == 4.0


def test_no_headcount_gives_no_value() -> None:
    with pytest.warns(UndefinedKpiWarning, match="agent_attrition"):
        value, *rest = one(base_scope(), AgentAttrition(), APRIL)
    assert np.isnan(value)
    assert rest == [0.0, 0, 0]


def test_attrition_options_are_validated() -> None:
    with pytest.raises(
        CalculationError, match=r"expected unrecorded_reasons only with leavers='vol"
    ):
        AgentAttrition(unrecorded_reasons="excluded")
    with pytest.raises(
        CalculationError, match=r"expected functions as a non-empty tuple of distinct"
    ):
        AgentAttrition(functions=("agent", "cook"))
    with pytest.raises(CalculationError, match=r"expected headcount in"):
        AgentAttrition(headcount="fte")  # type: ignore[arg-type]
    assert AgentAttrition(functions="team_leader").functions == (StaffFunction.TEAM_LEADER,)  # type: ignore[arg-type]


# --- competency coverage -----------------------------------------------------------------------

MET, NOT_MET = CompetencyOutcome.MET, CompetencyOutcome.NOT_MET


def assessed(competency: str, day: date, outcome: CompetencyOutcome = MET) -> CompetencyAssessment:
    return CompetencyAssessment(competency_id=competency, assessed_on=day, outcome=outcome)


def inducted(day: date) -> tuple[TrainingRecord, ...]:
    return (
        TrainingRecord(
            course="Induction", kind=TrainingKind.INDUCTION, started_on=day, completed_on=day
        ),
    )


RECENT = date(2026, 1, 10)
COVERAGE_STAFF = (
    # Q1 acme: both competencies current and met, inducted: covered
    agent(
        "Q1",
        client_ids=("acme",),
        assessments=(assessed("k-comm", date(2025, 6, 1)), assessed("k-acme", RECENT)),
        training=inducted(date(2024, 1, 10)),
    ),
    # Q2 bolt: courtesy met 366 days before 31 March: stale at 365
    agent(
        "Q2",
        client_ids=("bolt",),
        assessments=(assessed("k-comm", date(2025, 3, 30)),),
        training=inducted(date(2024, 1, 10)),
    ),
    # Q3 acme: the latest Acme assessment is not met
    agent(
        "Q3",
        client_ids=("acme",),
        assessments=(
            assessed("k-comm", RECENT),
            assessed("k-acme", date(2025, 12, 1)),
            assessed("k-acme", date(2026, 2, 1), NOT_MET),
        ),
        training=inducted(date(2024, 1, 10)),
    ),
    # Q4 acme: competencies fine, never inducted
    agent(
        "Q4",
        client_ids=("acme",),
        assessments=(assessed("k-comm", RECENT), assessed("k-acme", RECENT)),
    ),
    # Q5 bolt: courtesy met exactly 365 days before 31 March: still current
    agent(
        "Q5",
        client_ids=("bolt",),
        assessments=(assessed("k-comm", date(2025, 3, 31)),),
        training=inducted(date(2024, 1, 10)),
    ),
    # Q6: left in March: not employed on the last day
    agent("Q6", left_on=date(2026, 3, 15), training=inducted(date(2024, 1, 10))),
    # Q7 bolt: only assessed after the period
    agent(
        "Q7",
        client_ids=("bolt",),
        assessments=(assessed("k-comm", date(2026, 4, 5)),),
        training=inducted(date(2024, 1, 10)),
    ),
    # Q8: a team leader, needing coaching only (k-comm is for agents)
    agent(
        "Q8",
        function=StaffFunction.TEAM_LEADER,
        assessments=(assessed("k-lead", RECENT),),
        training=inducted(date(2024, 1, 10)),
    ),
    # Q9 bolt: competencies fine, inducted only on 2 April
    agent(
        "Q9",
        client_ids=("bolt",),
        assessments=(assessed("k-comm", RECENT),),
        training=inducted(date(2026, 4, 2)),
    ),
)


@pytest.fixture
def coverage_staff() -> Scope:
    return base_scope(agents=COVERAGE_STAFF)


@pytest.mark.parametrize(
    ("metric", "covered", "staff"),
    [
        (CompetencyCoverage(), 2, 7),  # Q1, Q5 of Q1-Q5, Q7, Q9
        (CompetencyCoverage(requirements="competencies"), 4, 7),  # + Q4, Q9
        (CompetencyCoverage(requirements="induction"), 5, 7),  # Q1, Q2, Q3, Q5, Q7
        (CompetencyCoverage(review_days=366), 3, 7),  # Q2's assessment is current too
        (CompetencyCoverage(functions=("agent", "team_leader")), 3, 8),  # + Q8
    ],
)
def test_competency_coverage_by_hand(
    coverage_staff: Scope, metric: CompetencyCoverage, covered: int, staff: int
) -> None:
    value, numerator, denominator, _ = one(coverage_staff, metric)
    assert (numerator, denominator) == (covered, staff)
    assert value == pytest.approx(covered / staff, rel=1e-12)


def test_competency_coverage_per_client(coverage_staff: Scope) -> None:
    result = values(coverage_staff, CompetencyCoverage(), by=("client_id",))
    # acme: Q1, Q3, Q4 -> Q1; bolt: Q2, Q5, Q7, Q9 -> Q5
    assert result.labels["client_id"].tolist() == ["acme", "bolt"]
    assert result["competency_coverage"].numerator.tolist() == [1.0, 1.0]
    assert result["competency_coverage"].denominator.tolist() == [3, 4]


def test_coverage_options_are_validated() -> None:
    with pytest.raises(
        CalculationError, match=r"expected review_days as a whole number >= 1, found 0"
    ):
        CompetencyCoverage(review_days=0)
    with pytest.raises(CalculationError, match=r"expected requirements in"):
        CompetencyCoverage(requirements="all")  # type: ignore[arg-type]


# --- the oracle on generated scopes -------------------------------------------------------------


def check(
    scope: Scope,
    metric: Kpi,
    period: tuple[date, date],
    by: tuple[str, ...],
    expected: dict,  # type: ignore[type-arg]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        got = as_dict(values(scope, metric, period, by), metric.name)
    if not by:
        expected = expected or {(): (0.0, 0, 0, float("nan"))}
    assert set(got) == set(expected)
    for key, (numerator, denominator, excluded, value) in expected.items():
        assert got[key][1:3] == (denominator, excluded), key
        np.testing.assert_allclose(got[key][0], numerator, rtol=1e-12)
        np.testing.assert_allclose(got[key][3], value, rtol=1e-12, equal_nan=True)


PERIODS = st.sampled_from(
    [(START, END), APRIL, (date(2025, 4, 1), date(2026, 4, 1)), (date(2026, 3, 29), END)]
)
BY = st.sampled_from([(), ("client_id",)])


@given(
    record_scopes(),
    PERIODS,
    BY,
    st.sampled_from(
        [
            {},
            {"leavers": "voluntary"},
            {"leavers": "voluntary", "unrecorded_reasons": "excluded"},
            {"headcount": "start_end_mean"},
            {"per": "period", "functions": ("agent", "team_leader")},
        ]
    ),
)
def test_attrition_matches_the_oracle(
    scope: Scope, period: tuple[date, date], by: tuple[str, ...], options: dict[str, object]
) -> None:
    metric = AgentAttrition(**options)  # type: ignore[arg-type]
    expected = ref.attrition(
        scope.agents,
        start=period[0],
        end=period[1],
        by=by,
        functions=tuple(options.get("functions", ("agent",))),  # type: ignore[arg-type]
        voluntary=options.get("leavers") == "voluntary",
        unrecorded_counted=options.get("unrecorded_reasons") != "excluded",
        daily=options.get("headcount") != "start_end_mean",
        annual=options.get("per") != "period",
    )
    check(scope, metric, period, by, expected)


@given(
    record_scopes(),
    PERIODS,
    BY,
    st.sampled_from(["competencies_and_induction", "competencies", "induction"]),
    st.sampled_from([30, 365]),
)
def test_competency_coverage_matches_the_oracle(
    scope: Scope, period: tuple[date, date], by: tuple[str, ...], requirements: str, days: int
) -> None:
    metric = CompetencyCoverage(requirements=requirements, review_days=days)  # type: ignore[arg-type]
    expected = ref.coverage(
        scope.agents,
        scope.competencies,
        end=period[1],
        by=by,
        review_days=days,
        competencies_needed=requirements != "induction",
        induction_needed=requirements != "competencies",
    )
    check(scope, metric, period, by, expected)


@given(record_scopes(), PERIODS, st.booleans())
def test_engagement_matches_the_oracle(
    scope: Scope, period: tuple[date, date], share: bool
) -> None:
    metric = EmployeeEngagement(scale="share_of_maximum" if share else "score")
    expected = ref.engagement(
        scope.engagement_surveys, start=period[0], end=period[1], share=share
    )
    check(scope, metric, period, (), {(): expected})


@given(record_scopes())
def test_annualised_attrition_scales_the_periods_by_365_over_its_days(scope: Scope) -> None:
    per_year = as_dict(values_quiet(scope, AgentAttrition(), APRIL), "agent_attrition")[()]
    per_period = as_dict(
        values_quiet(scope, AgentAttrition(per="period"), APRIL), "agent_attrition"
    )[()]
    np.testing.assert_allclose(per_year[3], per_period[3] * 365 / 30, rtol=1e-12, equal_nan=True)


def values_quiet(scope: Scope, metric: Kpi, period: tuple[date, date]) -> KpiResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return values(scope, metric, period)


# --- the leaving reason on the model ---------------------------------------------------------


def test_leaving_reason_needs_a_leaving_day() -> None:
    with pytest.raises(ModelError, match=r"leaving_reason: expected a leaving reason only with"):
        agent("X", leaving_reason=VOLUNTARY)


def test_leaving_reason_round_trips_through_json(staff: Scope) -> None:
    text = dump_scope_text(staff)
    assert json.loads(text)["agents"][1]["leaving_reason"] == "voluntary"
    assert load_scope_text(text, format="json") == staff


def test_unknown_leaving_reason_is_a_load_error(staff: Scope) -> None:
    document = json.loads(dump_scope_text(staff))
    document["agents"][1]["leaving_reason"] = "bored"
    with pytest.raises(LoadError, match=r"agents\[1\]\.leaving_reason"):
        load_scope_text(json.dumps(document), format="json")


def test_leaving_reason_loads_from_toml() -> None:
    text = """
name = "t"

[centre]
id = "ccc"
name = "Test"
operating_model = "outsourced"
time_zone = "Europe/Dublin"
sites = [{ id = "cork", name = "Cork", country = "IE" }]

[[agents]]
id = "P1"
name = "A. Person"
function = "agent"
site_id = "cork"
hired_on = 2020-01-01
left_on = 2026-04-10
leaving_reason = "involuntary"
"""
    scope = load_scope_text(text, format="toml")
    assert scope.agents[0].leaving_reason is INVOLUNTARY
