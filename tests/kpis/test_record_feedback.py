"""Survey satisfaction, quality score, critical-error rate: by hand, against the oracle, errors."""

from __future__ import annotations

import warnings
from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import CustomerSurvey, QualityEvaluation, Scope
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis import (
    CriticalErrorRate,
    Kpi,
    QualityScore,
    SurveySatisfaction,
    measure,
)
from record_scopes import END, START, agent, as_dict, base_scope, record_scopes
from reference import records as ref


def survey(
    sid: str,
    first: date,
    last: date,
    responses: int,
    mean: float | None,
    top_box: float | None,
    *,
    scale: float = 5.0,
    client: str = "acme",
    channel: str | None = None,
) -> CustomerSurvey:
    return CustomerSurvey(
        id=sid,
        client_id=client,
        method="post-contact survey",
        period_start=first,
        period_end=last,
        invited=max(responses, 1) * 3,
        responses=responses,
        scale_max=scale,
        mean_score=mean,
        top_box_share=top_box,
        channel_id=channel,
    )


MARCH = (date(2026, 3, 1), date(2026, 3, 31))
SURVEYS = (
    survey("S1", *MARCH, 100, 4.0, 0.6),
    survey("S2", date(2026, 1, 1), date(2026, 3, 31), 300, 3.0, 0.3),  # the quarter: overlaps
    survey("S3", date(2026, 2, 1), date(2026, 2, 28), 50, 5.0, 1.0),  # February: outside
    survey("S4", *MARCH, 0, None, None),  # nobody answered
    survey("S5", date(2026, 3, 1), date(2026, 3, 15), 20, None, 0.5),  # no mean recorded
)


def one(scope: Scope, metric: Kpi) -> tuple[float, float, int, int]:
    """Measure one metric over March, all documents together."""
    result = measure(scope, [metric], start=START, end=END)
    v = result[metric.name]
    return float(v.value[0]), float(v.numerator[0]), int(v.denominator[0]), int(v.excluded[0])


# --- surveys by hand ------------------------------------------------------------------------


def test_mean_score_is_weighted_by_responses() -> None:
    # S1 100 x 4.0 + S2 300 x 3.0 = 1300 over 400 responses = 3.25; S5's 20 responses have
    # no mean: excluded; S3 is February's, S4 has no responses.
    assert one(base_scope(customer_surveys=SURVEYS), SurveySatisfaction()) == (
        3.25,
        1300.0,
        400,
        20,
    )


def test_mean_score_as_share_of_the_maximum() -> None:
    # 100 x 4/5 + 300 x 3/5 = 80 + 180 = 260 / 400 = 0.65
    metric = SurveySatisfaction(scale="share_of_maximum")
    value, numerator, denominator, _ = one(base_scope(customer_surveys=SURVEYS), metric)
    assert (value, denominator) == (pytest.approx(0.65, rel=1e-12), 400)
    assert numerator == pytest.approx(260.0, rel=1e-12)


def test_mean_score_as_share_of_the_range() -> None:
    # bottom 1: 100 x 3/4 + 300 x 2/4 = 75 + 150 = 225 / 400 = 0.5625
    metric = SurveySatisfaction(scale="share_of_range")
    assert one(base_scope(customer_surveys=SURVEYS), metric)[0] == pytest.approx(0.5625, rel=1e-12)


def test_top_box_share_is_weighted_by_responses() -> None:
    # 100 x 0.6 + 300 x 0.3 + 20 x 0.5 = 60 + 90 + 10 = 160 / 420 = 0.38095...
    metric = SurveySatisfaction(method="top_box")
    value, numerator, denominator, excluded = one(base_scope(customer_surveys=SURVEYS), metric)
    assert (denominator, excluded) == (420, 0)
    assert numerator == pytest.approx(160.0, rel=1e-12)
    assert value == pytest.approx(160 / 420, rel=1e-12)


def test_surveys_within_the_period_leave_out_the_quarter() -> None:
    # within March: S1, S4, S5; S5 has no mean -> 400 / 100 = 4.0, 20 excluded
    metric = SurveySatisfaction(surveys="within")
    assert one(base_scope(customer_surveys=SURVEYS), metric) == (4.0, 400.0, 100, 20)


def test_fewer_responses_than_the_minimum_give_no_value() -> None:
    metric = SurveySatisfaction(minimum_responses=401)
    with pytest.warns(UndefinedKpiWarning, match="survey_satisfaction in 1 of 1 groups"):
        result = measure(base_scope(customer_surveys=SURVEYS), [metric], start=START, end=END)
    v = result["survey_satisfaction"]
    assert np.isnan(v.value[0])
    assert (float(v.numerator[0]), int(v.denominator[0])) == (1300.0, 400)


def test_survey_with_no_responses_only_gives_no_value() -> None:
    with pytest.warns(UndefinedKpiWarning):
        value, numerator, denominator, excluded = one(
            base_scope(customer_surveys=(SURVEYS[3],)), SurveySatisfaction()
        )
    assert np.isnan(value)
    assert (numerator, denominator, excluded) == (0.0, 0, 0)


def test_surveys_per_channel_keep_all_channel_surveys_apart() -> None:
    scope = base_scope(
        customer_surveys=(
            survey("V", *MARCH, 10, 5.0, 1.0, channel="voice"),
            survey("A", *MARCH, 30, 3.0, 0.2),  # all channels: the None group
        )
    )
    result = measure(scope, [SurveySatisfaction()], start=START, end=END, by=("channel_id",))
    assert result.labels["channel_id"].tolist() == [None, "voice"]
    assert result["survey_satisfaction"].value.tolist() == [3.0, 5.0]


def test_mixed_scales_need_a_share() -> None:
    scope = base_scope(
        customer_surveys=(
            survey("FIVE", *MARCH, 10, 4.0, 0.5),
            survey("TEN", *MARCH, 10, 8.0, 0.5, scale=10.0),
        )
    )
    with pytest.raises(
        CalculationError, match=r"found scale maxima 5 \(FIVE\); 10 \(TEN\); choose"
    ):
        one(scope, SurveySatisfaction())
    # as shares: (10 x 0.8 + 10 x 0.8) / 20 = 0.8
    assert one(scope, SurveySatisfaction(scale="share_of_maximum"))[0] == pytest.approx(0.8)


def test_share_of_range_needs_a_range() -> None:
    flat = base_scope(customer_surveys=(survey("FLAT", *MARCH, 5, 1.0, 0.1, scale=1.0),))
    with pytest.raises(CalculationError, match=r"surveys FLAT: expected scale_max > 1"):
        one(flat, SurveySatisfaction(scale="share_of_range"))


def test_top_box_refuses_a_scale() -> None:
    with pytest.raises(CalculationError, match=r"expected scale only with method='mean'"):
        SurveySatisfaction(method="top_box", scale="share_of_maximum")


# --- quality by hand --------------------------------------------------------------------------


def evaluation(
    eid: str,
    agent_id: str,
    score: float,
    max_score: float,
    *,
    critical: bool = False,
    on: int = 10,
) -> QualityEvaluation:
    return QualityEvaluation(
        id=eid,
        interaction_id=f"INT-{eid}",
        agent_id=agent_id,
        evaluated_on=date(2026, 3, on),
        criteria_version="v1",
        score=score,
        max_score=max_score,
        critical_error=critical,
    )


AGENTS = (
    agent("A1", client_ids=("acme",)),
    agent("A2", client_ids=("acme",)),
    agent("A3", client_ids=("acme", "bolt")),
    agent("A4"),  # serves no client
)
EVALUATIONS = (
    evaluation("E1", "A1", 90, 100),  # 0.9
    evaluation("E2", "A1", 70, 100),  # 0.7
    evaluation("E3", "A2", 40, 50),  # 0.8
    evaluation("E4", "A2", 30, 50, critical=True),  # 0.6
    evaluation("E5", "A3", 9, 10),  # 0.9
    QualityEvaluation(  # February: outside
        id="E6",
        interaction_id="INT-E6",
        agent_id="A1",
        evaluated_on=date(2026, 2, 28),
        criteria_version="v1",
        score=0.0,
        max_score=10.0,
    ),
)


@pytest.fixture
def quality_scope() -> Scope:
    return base_scope(agents=AGENTS, quality_evaluations=EVALUATIONS)


def test_quality_score_per_evaluation_by_hand(quality_scope: Scope) -> None:
    # (0.9 + 0.7 + 0.8 + 0.6 + 0.9) / 5 = 3.9 / 5 = 0.78
    value, numerator, denominator, _ = one(quality_scope, QualityScore())
    assert denominator == 5
    assert numerator == pytest.approx(3.9, rel=1e-12)
    assert value == pytest.approx(0.78, rel=1e-12)


def test_quality_score_per_agent_by_hand(quality_scope: Scope) -> None:
    # A1 (0.9 + 0.7) / 2 = 0.8, A2 (0.8 + 0.6) / 2 = 0.7, A3 0.9: 2.4 / 3 = 0.8
    value, numerator, denominator, _ = one(quality_scope, QualityScore(weighting="agent"))
    assert denominator == 3
    assert value == pytest.approx(0.8, rel=1e-12)
    assert numerator == pytest.approx(2.4, rel=1e-12)


def test_critical_error_rate_by_hand(quality_scope: Scope) -> None:
    # E4 only: 1 / 5
    assert one(quality_scope, CriticalErrorRate()) == (0.2, 1.0, 5, 0)


def test_evaluations_count_for_every_client_of_their_agent(quality_scope: Scope) -> None:
    result = measure(
        quality_scope,
        [QualityScore(), CriticalErrorRate()],
        start=START,
        end=END,
        by=["client_id"],
    )
    # acme: all five (A3 serves both); bolt: E5 only (0.9)
    assert result.labels["client_id"].tolist() == ["acme", "bolt"]
    assert result.records.tolist() == [5, 1]
    np.testing.assert_allclose(result["quality_score"].value, [0.78, 0.9], rtol=1e-12)
    assert result["critical_error_rate"].numerator.tolist() == [1.0, 0.0]


def test_evaluations_per_agent(quality_scope: Scope) -> None:
    result = measure(quality_scope, [QualityScore()], start=START, end=END, by=("agent_id",))
    assert result.labels["agent_id"].tolist() == ["A1", "A2", "A3"]
    np.testing.assert_allclose(result["quality_score"].value, [0.8, 0.7, 0.9], rtol=1e-12)


def test_agent_serving_no_client_is_in_the_missing_group() -> None:
    scope = base_scope(agents=AGENTS, quality_evaluations=(evaluation("E9", "A4", 5, 10),))
    result = measure(scope, [QualityScore()], start=START, end=END, by=("client_id",))
    assert result.labels["client_id"].tolist() == [None]
    assert result["quality_score"].value.tolist() == [0.5]


def test_minimum_evaluations_makes_small_samples_undefined(quality_scope: Scope) -> None:
    for weighting in ("evaluation", "agent"):
        metric = QualityScore(weighting=weighting, minimum_evaluations=6)  # type: ignore[arg-type]
        with pytest.warns(UndefinedKpiWarning):
            value, _, denominator, _ = one(quality_scope, metric)
        assert np.isnan(value)
        assert denominator == (5 if weighting == "evaluation" else 3)


def test_no_evaluations_gives_no_value() -> None:
    with pytest.warns(UndefinedKpiWarning, match="critical_error_rate"):
        value, *rest = one(base_scope(), CriticalErrorRate())
    assert np.isnan(value)
    assert rest == [0.0, 0, 0]


def test_quality_options_are_validated() -> None:
    with pytest.raises(CalculationError, match=r"QualityScore\(\): expected weighting in"):
        QualityScore(weighting="points")  # type: ignore[arg-type]
    with pytest.raises(
        CalculationError, match=r"expected minimum_evaluations as a whole number >= 1"
    ):
        CriticalErrorRate(minimum_evaluations=0)
    with pytest.raises(
        CalculationError, match=r"expected minimum_responses as a whole number >= 1"
    ):
        SurveySatisfaction(minimum_responses=2.5)  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"by fields .* found 'channel_id'; QualityScore"):
        measure(base_scope(), [QualityScore()], start=START, end=END, by=("channel_id",))


# --- the oracle on generated scopes -------------------------------------------------------------


def check(scope: Scope, metric: Kpi, by: tuple[str, ...], expected: dict) -> None:  # type: ignore[type-arg]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        got = as_dict(measure(scope, [metric], start=START, end=END, by=by), metric.name)
    if not by:
        expected = expected or {(): (0.0, 0, 0, float("nan"))}
    assert set(got) == set(expected)
    for key, (numerator, denominator, excluded, value) in expected.items():
        assert got[key][1:3] == (denominator, excluded), key
        np.testing.assert_allclose(got[key][0], numerator, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(got[key][3], value, rtol=1e-9, equal_nan=True)


SURVEY_OPTIONS = st.sampled_from(
    [
        ("mean", "score"),
        ("mean", "share_of_maximum"),
        ("mean", "share_of_range"),
        ("top_box", "score"),
    ]
)


@given(
    record_scopes(),
    st.sampled_from([(), ("client_id",), ("channel_id",), ("client_id", "channel_id")]),
    SURVEY_OPTIONS,
    st.booleans(),
    st.sampled_from([1, 50, 300]),
)
def test_survey_satisfaction_matches_the_oracle(
    scope: Scope, by: tuple[str, ...], options: tuple[str, str], overlapping: bool, minimum: int
) -> None:
    method, scale = options
    metric = SurveySatisfaction(
        method=method,  # type: ignore[arg-type]
        scale=scale,  # type: ignore[arg-type]
        surveys="overlapping" if overlapping else "within",
        minimum_responses=minimum,
    )
    expected = ref.survey_satisfaction(
        scope.customer_surveys,
        start=START,
        end=END,
        by=by,
        method=method,
        scale=scale,
        overlapping=overlapping,
        minimum=minimum,
    )
    check(scope, metric, by, expected)


@given(
    record_scopes(),
    st.sampled_from([(), ("client_id",), ("agent_id",), ("agent_id", "client_id")]),
    st.sampled_from(["evaluation", "agent"]),
    st.sampled_from([1, 3]),
)
def test_quality_score_matches_the_oracle(
    scope: Scope, by: tuple[str, ...], weighting: str, minimum: int
) -> None:
    metric = QualityScore(weighting=weighting, minimum_evaluations=minimum)  # type: ignore[arg-type]
    expected = ref.quality(
        scope.quality_evaluations,
        scope.agents,
        start=START,
        end=END,
        by=by,
        weighting=weighting,
        minimum=minimum,
    )
    check(scope, metric, by, expected)


@given(record_scopes(), st.sampled_from([(), ("client_id",), ("agent_id",)]))
def test_critical_error_rate_matches_the_oracle(scope: Scope, by: tuple[str, ...]) -> None:
    expected = ref.quality(
        scope.quality_evaluations, scope.agents, start=START, end=END, by=by, critical=True
    )
    check(scope, CriticalErrorRate(), by, expected)


@given(record_scopes())
def test_shuffling_documents_changes_nothing(scope: Scope) -> None:
    import attrs

    shuffled = attrs.evolve(
        scope,
        customer_surveys=scope.customer_surveys[::-1],
        quality_evaluations=scope.quality_evaluations[::-1],
    )
    metrics: list[Kpi] = [SurveySatisfaction(scale="share_of_maximum"), QualityScore()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        a = measure(scope, metrics, start=START, end=END, by=("client_id",))
        b = measure(shuffled, metrics, start=START, end=END, by=("client_id",))
    for name in ("survey_satisfaction", "quality_score"):
        np.testing.assert_allclose(a[name].value, b[name].value, rtol=1e-12, equal_nan=True)
    assert a.labels["client_id"].tolist() == b.labels["client_id"].tolist()
