"""Erlang A against published values, a 50-digit state-space oracle and a simulation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iso18295.staffing import ErlangAResult, erlang_a
from reference import erlang as ref

# Published Erlang A example (README "Published values to test against",
# reproduced by independent Erlang A calculators): 100 calls in 30 minutes,
# 3 minutes handling, 20 s target, 5 minutes mean patience.
TRAFFIC = 100 * 180 / 1800
FIELDS = ("waiting_share", "abandonment_share", "service_level", "occupancy")


def test_erlang_a_matches_published_example_at_13_agents() -> None:
    r = erlang_a(TRAFFIC, 13, handling_seconds=180.0, patience_seconds=300.0)
    assert float(r.waiting_share) == pytest.approx(0.2258, abs=5e-5)
    assert float(r.abandonment_share) == pytest.approx(0.02496, abs=5e-6)
    assert float(r.service_level) == pytest.approx(0.8582, abs=5e-5)
    assert float(r.occupancy) == pytest.approx(0.750, abs=5e-4)


def test_erlang_a_matches_published_service_level_at_12_agents() -> None:
    r = erlang_a(TRAFFIC, 12, handling_seconds=180.0, patience_seconds=300.0)
    assert float(r.service_level) == pytest.approx(0.7723, abs=5e-5)


CASES = [
    # traffic, agents, handling, patience, threshold
    (10.0, 13, 180.0, 300.0, 20.0),
    (10.0, 8, 180.0, 30.0, 0.0),
    (0.05, 1, 240.0, 60.0, 15.0),
    (3.3, 2, 100.0, 1_000.0, 30.0),
    (250.0, 240, 300.0, 120.0, 20.0),
    (150.0, 160, 200.0, 600.0, 10.0),
    (120.0, 40, 300.0, 60.0, 20.0),  # heavily overloaded: the sum starts at its peak
]


@pytest.mark.parametrize("case", CASES)
def test_erlang_a_matches_state_space_oracle(case: tuple[float, int, float, float, float]) -> None:
    traffic, agents, handling, patience, threshold = case
    got = erlang_a(
        traffic,
        agents,
        handling_seconds=handling,
        patience_seconds=patience,
        threshold_seconds=threshold,
    )
    want = ref.erlang_a_mp(traffic, agents, handling, patience, threshold)
    for name in (*FIELDS, "speed_of_answer_seconds"):
        np.testing.assert_allclose(
            getattr(got, name), getattr(want, name), rtol=1e-10, atol=1e-14, err_msg=name
        )


@pytest.mark.parametrize(("agents", "patience"), [(13, 300.0), (9, 60.0)])
def test_erlang_a_matches_simulation(agents: int, patience: float) -> None:
    sim = ref.simulate_queue(
        traffic=TRAFFIC,
        agents=agents,
        handling_seconds=180.0,
        patience_seconds=patience,
        threshold_seconds=20.0,
        contacts=400_000,
        seed=7,
    )
    r = erlang_a(TRAFFIC, agents, handling_seconds=180.0, patience_seconds=patience)
    assert abs(sim.service_level - float(r.service_level)) <= sim.service_level_error
    assert abs(sim.abandonment_share - float(r.abandonment_share)) <= sim.abandonment_error
    speed = float(r.speed_of_answer_seconds)
    assert abs(sim.speed_of_answer_seconds - speed) <= sim.speed_of_answer_error


def test_erlang_a_zero_traffic_is_idle() -> None:
    r = erlang_a(0.0, 3, handling_seconds=60.0, patience_seconds=60.0)
    assert (float(r.waiting_share), float(r.service_level), float(r.occupancy)) == (0, 1, 0)


def test_erlang_a_result_has_broadcast_shape() -> None:
    r = erlang_a([[5.0], [6.0]], [7, 8, 9], handling_seconds=60.0, patience_seconds=90.0)
    assert isinstance(r, ErlangAResult)
    assert r.service_level.shape == (2, 3)


@settings(max_examples=25, deadline=None)
@given(
    traffic=st.sampled_from([0.01, 50_000.0]) | st.floats(0.01, 50_000.0),
    agents=st.sampled_from([1, 60_000]) | st.integers(1, 60_000),
    handling=st.floats(30.0, 900.0),
    patience=st.floats(10.0, 1_800.0),
)
def test_erlang_a_extremes_stay_finite_probabilities(
    traffic: float, agents: int, handling: float, patience: float
) -> None:
    r = erlang_a(traffic, agents, handling_seconds=handling, patience_seconds=patience)
    for name in FIELDS:
        value = float(getattr(r, name))
        assert 0.0 <= value <= 1.0, name
    assert 0.0 <= float(r.speed_of_answer_seconds) < np.inf


@settings(max_examples=25, deadline=None)
@given(
    traffic=st.floats(0.05, 2_000.0),
    fraction=st.floats(0.5, 1.5),
    handling=st.floats(30.0, 900.0),
    patience=st.floats(10.0, 1_800.0),
)
def test_erlang_a_improves_with_agents(
    traffic: float, fraction: float, handling: float, patience: float
) -> None:
    n = max(int(traffic * fraction), 1)
    r = erlang_a(traffic, [n, n + 1], handling_seconds=handling, patience_seconds=patience)
    # Tolerances: a few ulps, and the documented absolute accuracy of a
    # service level near 0 (1 minus shares that almost add up to 1): 1e-9.
    assert r.service_level[0] <= r.service_level[1] + 1e-9
    assert r.abandonment_share[1] <= r.abandonment_share[0] * (1 + 1e-14)
    assert r.occupancy[1] <= r.occupancy[0] * (1 + 1e-14)
