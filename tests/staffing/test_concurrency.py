"""Chat concurrency: the birth-death model against Erlang C and a simulation."""

from __future__ import annotations

import time

import numpy as np
import pytest
from numpy.testing import assert_allclose

from iso18295.errors import CalculationError
from iso18295.staffing import (
    MAX_CONCURRENCY,
    concurrent_queue,
    concurrent_required_agents,
    erlang_c,
    required_agents,
    service_level,
)
from reference.chat_simulation import simulate_chat


def test_one_conversation_at_a_time_is_erlang_c() -> None:
    traffic = np.array([0.5, 2.0, 10.0, 10.0, 140.0])
    agents = np.array([1, 3, 11, 14, 150])
    r = concurrent_queue(
        traffic, agents, handling_seconds=180.0, handling_multipliers=[1.0], threshold_seconds=20.0
    )
    assert_allclose(r.waiting_share, erlang_c(traffic, agents), rtol=1e-12)
    expected = service_level(traffic, agents, handling_seconds=180.0, threshold_seconds=20.0)
    assert_allclose(r.service_level, expected, rtol=1e-12)


def test_k_slots_at_full_speed_are_erlang_c_with_k_times_the_agents() -> None:
    # Multipliers all 1: every slot is an independent server, so n agents of k slots = M/M/nk.
    r = concurrent_queue(10.0, [6, 7, 10], handling_seconds=180.0, handling_multipliers=[1.0, 1.0])
    assert_allclose(r.waiting_share, erlang_c(10.0, [12, 14, 20]), rtol=1e-12)


def test_three_agents_of_two_slots_by_hand() -> None:
    # n = 1, k = 2, m = (1, 2): u(1) = 1, u(2) = 1; A = 0.5.
    # pi(1) = 0.5 pi(0), pi(2) = 0.5 pi(1), then geometric with rho = 0.5:
    # weights 1, 0.5, 0.25 / (1 - 0.5) = 0.5 -> P_w = 0.5 / 2 = 0.25.
    r = concurrent_queue(0.5, 1, handling_seconds=1.0, handling_multipliers=[1.0, 2.0])
    assert_allclose(r.waiting_share, 0.25, rtol=1e-14)
    # Mean concurrency: states 0, 1 weigh 1/2, 1/4; full states 1/4... in service
    # 0 * 0.5 + 1 * 0.25 + 2 * 0.25 = 0.75.
    assert_allclose(r.mean_concurrency, 0.75, rtol=1e-14)
    # Waiting conversations see rate n u(k) / AHT = 1 against lambda 0.5: ASA = 0.25 / 0.5.
    assert_allclose(r.speed_of_answer_seconds, 0.5, rtol=1e-14)


def test_unstable_when_full_agents_cannot_keep_up() -> None:
    r = concurrent_queue(12.0, 6, handling_seconds=360.0, handling_multipliers=[1.0, 1.2, 1.5])
    assert float(r.service_level) == 0.0
    assert float(r.waiting_share) == 1.0
    assert np.isinf(r.speed_of_answer_seconds)


def test_no_traffic_needs_no_agents_and_never_waits() -> None:
    r = concurrent_queue(0.0, 3, handling_seconds=60.0, handling_multipliers=[1.0, 1.5])
    assert (float(r.waiting_share), float(r.service_level)) == (0.0, 1.0)
    assert (
        int(
            concurrent_required_agents(
                0.0, handling_seconds=60.0, handling_multipliers=[1.0], service_level_share=0.8
            )
        )
        == 0
    )


def test_required_agents_with_one_slot_match_erlang_c() -> None:
    rng = np.random.default_rng(7)
    traffic = rng.uniform(0.1, 300.0, 200)
    ours = concurrent_required_agents(
        traffic,
        handling_seconds=240.0,
        handling_multipliers=[1.0],
        service_level_share=0.8,
        threshold_seconds=20.0,
    )
    theirs = required_agents(
        traffic, handling_seconds=240.0, service_level_share=0.8, threshold_seconds=20.0
    )
    np.testing.assert_array_equal(ours, theirs)


def test_required_agents_are_the_fewest_that_meet_the_target() -> None:
    traffic = np.array([3.0, 12.0, 40.0, 250.0])
    m = [1.0, 1.25, 1.6]
    n = concurrent_required_agents(
        traffic, handling_seconds=300.0, handling_multipliers=m, service_level_share=0.85
    )
    at = concurrent_queue(traffic, n, handling_seconds=300.0, handling_multipliers=m)
    below = concurrent_queue(traffic, n - 1, handling_seconds=300.0, handling_multipliers=m)
    assert (at.service_level >= 0.85).all()
    assert (below.service_level < 0.85).all()


def test_service_level_rises_with_agents() -> None:
    r = concurrent_queue(
        30.0, np.arange(16, 40), handling_seconds=300.0, handling_multipliers=[1.0, 1.3, 1.8]
    )
    assert (np.diff(r.service_level) >= 0).all()
    assert ((r.service_level >= 0) & (r.service_level <= 1)).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: concurrent_queue(1.0, 2, handling_seconds=60.0, handling_multipliers=[]),
            r"concurrent_queue\(\): expected handling_multipliers as 1 to 50 values",
        ),
        (
            lambda: concurrent_queue(1.0, 2, handling_seconds=60.0, handling_multipliers=[1, 0]),
            r"expected handling_multipliers > 0, found 0\.0 at index 1",
        ),
        (
            lambda: concurrent_queue(
                1.0, 2, handling_seconds=60.0, handling_multipliers=[1.0] * (MAX_CONCURRENCY + 1)
            ),
            r"as 1 to 50 values \(one per concurrency\), found shape \(51,\)",
        ),
        (
            lambda: concurrent_queue(
                1.0, 600_000, handling_seconds=60.0, handling_multipliers=[1.0, 1.0]
            ),
            r"expected agents \* len\(handling_multipliers\) <= 1,000,000",
        ),
        (
            lambda: concurrent_required_agents(
                -1.0, handling_seconds=60.0, handling_multipliers=[1.0], service_level_share=0.8
            ),
            r"concurrent_required_agents\(\): expected traffic_erlangs >= 0, found -1\.0",
        ),
        (
            lambda: concurrent_required_agents(
                1.0, handling_seconds=60.0, handling_multipliers=[1.0], service_level_share=1.0
            ),
            r"expected service_level_share in \[0, 1\)",
        ),
    ],
)
def test_bad_arguments_are_reported(call: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        call()  # type: ignore[operator]


def _grid(cases: int, seed: int) -> dict[str, np.ndarray]:
    """Cases spanning concurrency 1-4, steep and flat multipliers, loads 75-95 % of full."""
    rng = np.random.default_rng(seed)
    k_max = 4
    concurrency = rng.integers(1, k_max + 1, cases)
    agents = rng.integers(2, 13, cases)
    slowdown = rng.uniform(0.0, 0.4, cases)  # each extra conversation adds this share
    levels = np.arange(1, k_max + 1)
    multipliers = 1.0 + slowdown[:, None] * (levels[None, :] - 1)
    full = agents * levels[concurrency - 1] / multipliers[np.arange(cases), concurrency - 1]
    traffic = rng.uniform(0.75, 0.95, cases) * full
    threshold = rng.uniform(0.02, 0.3, cases)  # in handling times
    return {
        "concurrency": concurrency,
        "agents": agents,
        "multipliers": multipliers,
        "traffic": traffic,
        "threshold": threshold,
    }


def test_service_level_agrees_with_a_simulation_on_a_grid_of_50_cases() -> None:
    grid = _grid(50, seed=18295)
    predicted = np.array(
        [
            float(
                concurrent_queue(
                    grid["traffic"][i],
                    grid["agents"][i],
                    handling_seconds=1.0,
                    handling_multipliers=grid["multipliers"][i, : grid["concurrency"][i]],
                    threshold_seconds=grid["threshold"][i],
                ).service_level
            )
            for i in range(50)
        ]
    )
    start = time.perf_counter()
    simulated, error = simulate_chat(
        arrival_rate=grid["traffic"],
        agents=grid["agents"],
        multipliers=grid["multipliers"],
        concurrency=grid["concurrency"],
        threshold=grid["threshold"],
        events=120_000,
        seed=2026,
    )
    elapsed = time.perf_counter() - start
    within = np.abs(predicted - simulated) <= 3.0 * error
    print(
        f"simulation {elapsed:.1f} s; within 3 SE: {within.sum()}/50;"
        f" max |diff| {np.abs(predicted - simulated).max():.4f};"
        f" median SE {np.median(error):.4f}"
    )
    assert within.mean() >= 0.95, np.c_[predicted, simulated, error][~within]
