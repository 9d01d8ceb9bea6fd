"""Required agents, shrinkage and traffic: published values and the n / n-1 property."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iso18295.staffing import (
    average_speed_of_answer,
    erlang_a,
    offered_traffic,
    required_agents,
    rostered_agents,
    service_level,
)


def test_worked_example_needs_14_agents_and_20_rostered() -> None:
    # Call Centre Helper's worked example: 100 calls / 30 min, 180 s, 80 % in 20 s
    # -> 14 agents; with 30 % shrinkage 14 / 0.7 = 20 rostered.
    traffic = offered_traffic(100, interval_seconds=1800, handling_seconds=180)
    agents = required_agents(traffic, handling_seconds=180.0, service_level_share=0.8)
    assert int(agents) == 14
    assert int(rostered_agents(agents, shrinkage_share=0.3)) == 20


def test_erlang_a_published_example_needs_13_agents() -> None:
    # Published Erlang A example: SL 0.8582 at 13 agents, 0.7723 at 12, target 80 %.
    agents = required_agents(
        10.0,
        handling_seconds=180.0,
        service_level_share=0.8,
        model="erlang_a",
        patience_seconds=300.0,
    )
    assert int(agents) == 13


def test_offered_traffic_is_volume_times_handling_over_interval() -> None:
    # 360 contacts x 300 s / 3600 s = 30 Erlangs.
    assert float(offered_traffic(360, interval_seconds=3600, handling_seconds=300)) == 30.0


def test_rostered_agents_rounds_up_and_keeps_zero() -> None:
    # 10 / 0.75 = 13.33 -> 14; 0 stays 0; no shrinkage changes nothing.
    assert rostered_agents([10, 0, 7], shrinkage_share=[0.25, 0.5, 0.0]).tolist() == [14, 0, 7]


def test_zero_traffic_needs_no_agents() -> None:
    agents = required_agents([0.0, 0.0], handling_seconds=60.0, service_level_share=0.9)
    assert agents.tolist() == [0, 0]


def test_occupancy_cap_alone_gives_ceiling_of_traffic_over_cap() -> None:
    # 10 / 0.8 = 12.5 -> 13; 8 / 0.8 = 10 exactly -> 10; 7.2 / 0.8 = 9 -> 9.
    agents = required_agents([10.0, 8.0, 7.2], handling_seconds=60.0, max_occupancy_share=0.8)
    assert agents.tolist() == [13, 10, 9]


def test_erlang_c_never_staffs_an_unstable_queue() -> None:
    # A cap of 100 % allows 10 agents for 10 Erlangs, but Erlang C needs n > A.
    assert int(required_agents(10.0, handling_seconds=60.0, max_occupancy_share=1.0)) == 11


def test_speed_of_answer_target_matches_worked_example() -> None:
    # ASA 7.8359 s at 14 agents (worked example); at 13 agents it is higher.
    agents = required_agents(10.0, handling_seconds=180.0, max_speed_of_answer_seconds=7.9)
    assert int(agents) == 14


def test_several_targets_meet_all_of_them() -> None:
    sl_only = required_agents(10.0, handling_seconds=180.0, service_level_share=0.8)
    both = required_agents(
        10.0, handling_seconds=180.0, service_level_share=0.8, max_occupancy_share=0.6
    )
    assert int(sl_only) == 14
    assert int(both) == 17  # 10 / 17 = 0.588 <= 0.6 < 10 / 16 = 0.625


@settings(max_examples=60, deadline=None)
@given(
    traffic=st.floats(0.01, 3_000.0),
    handling=st.floats(30.0, 900.0),
    target=st.floats(0.05, 0.99),
    threshold=st.floats(0.0, 120.0),
)
def test_erlang_c_required_agents_meet_target_and_one_fewer_does_not(
    traffic: float, handling: float, target: float, threshold: float
) -> None:
    n = int(
        required_agents(
            traffic,
            handling_seconds=handling,
            service_level_share=target,
            threshold_seconds=threshold,
        )
    )
    levels = service_level(
        traffic, [n, n - 1], handling_seconds=handling, threshold_seconds=threshold
    )
    assert levels[0] >= target
    assert levels[1] < target


@settings(max_examples=30, deadline=None)
@given(traffic=st.floats(0.01, 3_000.0), handling=st.floats(30.0, 900.0), asa=st.floats(1, 60))
def test_erlang_c_speed_target_is_tight(traffic: float, handling: float, asa: float) -> None:
    n = int(required_agents(traffic, handling_seconds=handling, max_speed_of_answer_seconds=asa))
    speeds = average_speed_of_answer(traffic, [n, n - 1], handling_seconds=handling)
    assert speeds[0] <= asa < speeds[1]


@settings(max_examples=25, deadline=None)
@given(
    traffic=st.floats(0.05, 1_000.0),
    handling=st.floats(30.0, 900.0),
    patience=st.floats(10.0, 1_800.0),
    target=st.floats(0.5, 0.95),
    abandon=st.floats(0.01, 0.2),
)
def test_erlang_a_required_agents_meet_targets_and_one_fewer_does_not(
    traffic: float, handling: float, patience: float, target: float, abandon: float
) -> None:
    n = int(
        required_agents(
            traffic,
            handling_seconds=handling,
            service_level_share=target,
            max_abandonment_share=abandon,
            model="erlang_a",
            patience_seconds=patience,
        )
    )
    at = erlang_a(traffic, n, handling_seconds=handling, patience_seconds=patience)
    assert at.service_level >= target
    assert at.abandonment_share <= abandon
    if n > 1:
        below = erlang_a(traffic, n - 1, handling_seconds=handling, patience_seconds=patience)
        assert below.service_level < target or below.abandonment_share > abandon


def test_required_agents_is_vectorised_and_matches_one_by_one() -> None:
    rng = np.random.default_rng(18295)
    traffic = np.exp(rng.uniform(np.log(0.1), np.log(2_000.0), 300))
    handling = rng.uniform(120.0, 600.0, 300)
    together = required_agents(traffic, handling_seconds=handling, service_level_share=0.8)
    alone = [
        int(required_agents(t, handling_seconds=h, service_level_share=0.8))
        for t, h in zip(traffic, handling, strict=True)
    ]
    assert together.tolist() == alone
    assert together.dtype == np.int64


@pytest.mark.parametrize("traffic", [0.01, 50_000.0])
def test_required_agents_handles_extreme_traffic(traffic: float) -> None:
    n = int(required_agents(traffic, handling_seconds=300.0, service_level_share=0.8))
    levels = service_level(traffic, [n, n - 1], handling_seconds=300.0)
    assert levels[0] >= 0.8 > levels[1]
