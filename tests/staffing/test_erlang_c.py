"""Erlang C, service level, speed of answer and occupancy against independent values."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iso18295.staffing import average_speed_of_answer, erlang_c, occupancy, service_level
from reference import erlang as ref

# Call Centre Helper's Erlang C worked example ("How to calculate the number of
# agents you need", reproduced by several independent calculators): 100 calls in
# 30 minutes with 180 s handling is 10 Erlangs; target 80 % in 20 s.
TRAFFIC = 100 * 180 / 1800


def test_erlang_c_matches_worked_example_at_14_and_11_agents() -> None:
    np.testing.assert_allclose(erlang_c(TRAFFIC, [14, 11]), [0.1741319, 0.6821182], atol=5e-8)


def test_service_level_matches_worked_example() -> None:
    level = service_level(TRAFFIC, 14, handling_seconds=180.0, threshold_seconds=20.0)
    assert float(level) == pytest.approx(0.88835, abs=5e-6)


def test_speed_of_answer_matches_worked_example() -> None:
    asa = average_speed_of_answer(TRAFFIC, 14, handling_seconds=180.0)
    assert float(asa) == pytest.approx(7.8359, abs=5e-5)


def test_erlang_c_three_agents_two_erlangs_is_exactly_four_ninths() -> None:
    assert ref.erlang_c_fraction(Fraction(2), 3) == Fraction(4, 9)
    assert float(erlang_c(2.0, 3)) == pytest.approx(4 / 9, rel=1e-15)


def test_unstable_queue_waits_always_and_is_never_in_time() -> None:
    # n <= A: the queue grows without bound.
    agents = [0, 5, 9, 10]
    assert erlang_c(10.0, agents).tolist() == [1.0] * 4
    assert service_level(10.0, agents, handling_seconds=60.0).tolist() == [0.0] * 4
    assert average_speed_of_answer(10.0, agents, handling_seconds=60.0).tolist() == [np.inf] * 4


def test_zero_traffic_never_waits() -> None:
    assert erlang_c(0.0, 1) == 0.0
    assert service_level(0.0, 1, handling_seconds=60.0, threshold_seconds=0.0) == 1.0


def test_occupancy_is_traffic_over_agents_capped_at_one() -> None:
    # 10 / 8 -> capped at 1; 10 / 14 = 0.714285...; 10 / 20 = 0.5.
    np.testing.assert_allclose(occupancy(10.0, [8, 14, 20]), [1.0, 10 / 14, 0.5], rtol=1e-15)


GRID = [
    (traffic, agents)
    for traffic in (0.01, 0.7, 3.0, 10.0, 99.5, 1234.5, 10_000.0, 20_000.25)
    for agents in sorted(
        {
            int(traffic) + 1,
            int(traffic) + 2,
            int(traffic) + 1 + int(traffic**0.5),
            int(traffic) + 2 + int(3 * traffic**0.5),
        }
    )
]


def test_erlang_c_and_service_level_match_mpmath_over_grid() -> None:
    traffic = np.array([t for t, _ in GRID])
    agents = np.array([n for _, n in GRID])
    handling = np.array([30.0, 180.0, 600.0])[np.arange(len(GRID)) % 3]
    threshold = np.array([0.0, 20.0, 60.0, 15.5])[np.arange(len(GRID)) % 4]
    expected_c = [float(ref.erlang_c_mp(t, n)) for t, n in GRID]
    expected_sl = [
        float(ref.service_level_mp(t, n, h, s))
        for (t, n), h, s in zip(GRID, handling, threshold, strict=True)
    ]
    np.testing.assert_allclose(erlang_c(traffic, agents), expected_c, rtol=1e-12, atol=0)
    level = service_level(traffic, agents, handling_seconds=handling, threshold_seconds=threshold)
    np.testing.assert_allclose(level, expected_sl, rtol=1e-12, atol=0)


@pytest.mark.parametrize(("agents", "contacts"), [(14, 400_000), (11, 400_000)])
def test_service_level_matches_simulation(agents: int, contacts: int) -> None:
    sim = ref.simulate_queue(
        traffic=TRAFFIC,
        agents=agents,
        handling_seconds=180.0,
        patience_seconds=None,
        threshold_seconds=20.0,
        contacts=contacts,
        seed=18295,
    )
    level = float(service_level(TRAFFIC, agents, handling_seconds=180.0))
    asa = float(average_speed_of_answer(TRAFFIC, agents, handling_seconds=180.0))
    assert abs(sim.service_level - level) <= sim.service_level_error
    assert abs(sim.speed_of_answer_seconds - asa) <= sim.speed_of_answer_error


traffic_values = st.floats(0.01, 5_000.0)
handling_values = st.floats(10.0, 1_000.0)


@settings(max_examples=50, deadline=None)
@given(traffic=traffic_values, extra=st.integers(0, 200), handling=handling_values)
def test_service_level_rises_with_agents(traffic: float, extra: int, handling: float) -> None:
    n = int(traffic) + 1 + extra
    levels = service_level(traffic, [n, n + 1], handling_seconds=handling)
    assert levels[0] <= levels[1] + 1e-15  # both may round to within an ulp of 1


@settings(max_examples=50, deadline=None)
@given(traffic=traffic_values, extra=st.integers(1, 200), handling=handling_values)
def test_service_level_falls_with_traffic(traffic: float, extra: int, handling: float) -> None:
    n = int(traffic) + extra
    levels = service_level([traffic, min(traffic * 1.05, n)], n, handling_seconds=handling)
    assert levels[1] <= levels[0] + 1e-15  # both may round to within an ulp of 1


@settings(max_examples=40, deadline=None)
@given(
    traffic=st.sampled_from([0.01, 50_000.0]) | st.floats(0.01, 50_000.0),
    agents=st.sampled_from([1, 50_001, 60_000]) | st.integers(0, 60_000),
    handling=handling_values,
    threshold=st.floats(0.0, 600.0),
)
def test_extremes_stay_finite_probabilities(
    traffic: float, agents: int, handling: float, threshold: float
) -> None:
    c = float(erlang_c(traffic, agents))
    level = float(
        service_level(traffic, agents, handling_seconds=handling, threshold_seconds=threshold)
    )
    asa = float(average_speed_of_answer(traffic, agents, handling_seconds=handling))
    assert 0.0 <= c <= 1.0
    assert 0.0 <= level <= 1.0
    assert asa >= 0.0
    assert not np.isnan(asa)
