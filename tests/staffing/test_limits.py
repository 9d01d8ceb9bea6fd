"""Every staffing argument has a range, checked before any work (issue #18)."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np
import pytest

from deadline import deadline
from iso18295 import MAX_DURATION_SECONDS, examples
from iso18295.errors import CalculationError
from iso18295.staffing import (
    MAX_AGENTS,
    MAX_TRAFFIC_ERLANGS,
    average_speed_of_answer,
    check_plan,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    offered_traffic,
    required_agents,
    rostered_agents,
    service_level,
)

TOO_LONG = MAX_DURATION_SECONDS * 2

OUT_OF_RANGE: list[tuple[str, Callable[[], object], str]] = [
    (
        "traffic 1e300 (once a hang)",
        lambda: required_agents(1e300, handling_seconds=180.0, service_level_share=0.8),
        r"required_agents\(\): expected traffic_erlangs <= 100,000, found 1e\+300",
    ),
    (
        "traffic 1e19 (once a 236 GiB allocation)",
        lambda: required_agents(1e19, handling_seconds=180.0, service_level_share=0.8),
        r"traffic_erlangs <= 100,000, found 1e\+19",
    ),
    (
        "traffic just above the limit",
        lambda: erlang_b(np.nextafter(MAX_TRAFFIC_ERLANGS, np.inf), 10),
        r"erlang_b\(\): expected traffic_erlangs <= 100,000",
    ),
    (
        "an integer too large for a float",
        lambda: erlang_c(10**400, 2),
        r"erlang_c\(\): expected traffic_erlangs as a number",
    ),
    (
        "a billion agents",
        lambda: erlang_c(10.0, [10**9] * 3),
        r"agents as whole numbers from 0 to 1,000,000, found 1000000000\.0 at index 0 \(3 v",
    ),
    (
        "handling time beyond 10 years",
        lambda: service_level(10.0, 12, handling_seconds=TOO_LONG, threshold_seconds=20.0),
        r"service_level\(\): expected handling_seconds <= 315,576,000 \(10 years\)",
    ),
    (
        "threshold beyond 10 years",
        lambda: service_level(10.0, 12, handling_seconds=180.0, threshold_seconds=TOO_LONG),
        r"threshold_seconds <= 315,576,000 \(10 years\)",
    ),
    (
        "patience beyond 10 years",
        lambda: erlang_a(10.0, 12, handling_seconds=180.0, patience_seconds=TOO_LONG),
        r"erlang_a\(\): expected patience_seconds <= 315,576,000",
    ),
    (
        "patience far longer than handling",
        lambda: erlang_a(10.0, 12, handling_seconds=1e-9, patience_seconds=300.0),
        r"erlang_a\(\): expected patience_seconds <= 1,000 times handling_seconds, found 300\.0",
    ),
    (
        "patience far longer than handling, sizing",
        lambda: required_agents(
            10.0,
            handling_seconds=0.01,
            service_level_share=0.8,
            model="erlang_a",
            patience_seconds=3600.0,
        ),
        r"required_agents\(\): expected patience_seconds <= 1,000 times handling_seconds",
    ),
    (
        "speed-of-answer target beyond 10 years",
        lambda: required_agents(10.0, handling_seconds=180.0, max_speed_of_answer_seconds=1e300),
        r"max_speed_of_answer_seconds <= 315,576,000",
    ),
    (
        "interval beyond 10 years",
        lambda: offered_traffic(100, interval_seconds=TOO_LONG, handling_seconds=180.0),
        r"offered_traffic\(\): expected interval_seconds <= 315,576,000",
    ),
    (
        "volume beyond 2**53",
        lambda: offered_traffic(1e300, interval_seconds=1800.0, handling_seconds=180.0),
        r"offered_contacts <= 9,007,199,254,740,992 \(2\*\*53\)",
    ),
    (
        "volume giving traffic beyond the limit",
        lambda: offered_traffic([1, 1e9], interval_seconds=1800.0, handling_seconds=180.0),
        r"expected the traffic in Erlangs <= 100,000, found 100000000\.0 at index 1",
    ),
    (
        "rostering beyond the agent limit",
        lambda: rostered_agents(MAX_AGENTS, shrinkage_share=0.5),
        r"rostered_agents\(\): expected the agents to roster <= 1,000,000, found 2000000\.0",
    ),
    (
        "shrinkage next to 1",
        lambda: rostered_agents(10, shrinkage_share=np.nextafter(1.0, 0.0)),
        r"the agents to roster <= 1,000,000",
    ),
    (
        "occupancy with too many agents",
        lambda: occupancy(10.0, MAX_AGENTS + 1),
        r"occupancy\(\): expected agents as whole numbers from 1 to 1,000,000",
    ),
    (
        "speed of answer with too long a handling time",
        lambda: average_speed_of_answer(10.0, 12, handling_seconds=np.inf),
        r"handling_seconds finite, found inf",
    ),
]


@pytest.mark.parametrize(
    ("call", "pattern"), [c[1:] for c in OUT_OF_RANGE], ids=[c[0] for c in OUT_OF_RANGE]
)
def test_argument_out_of_range_is_a_calculation_error_naming_it_and_the_range(
    call: Callable[[], object], pattern: str
) -> None:
    with deadline(5.0), pytest.raises(CalculationError, match=pattern):
        call()


def test_arguments_at_their_limits_are_accepted_and_computed_quickly() -> None:
    with deadline(20.0):
        b = erlang_b([MAX_TRAFFIC_ERLANGS, 0.0, 1.0], MAX_AGENTS)
        sl = service_level(
            MAX_TRAFFIC_ERLANGS,
            MAX_AGENTS,
            handling_seconds=MAX_DURATION_SECONDS,
            threshold_seconds=MAX_DURATION_SECONDS,
        )
        agents = required_agents(
            MAX_TRAFFIC_ERLANGS, handling_seconds=180.0, max_speed_of_answer_seconds=1e-300
        )
    # A million agents for at most 100,000 Erlangs: nobody is ever blocked or waits.
    assert b.tolist() == [0.0, 0.0, 0.0]
    assert float(sl) == 1.0
    assert MAX_TRAFFIC_ERLANGS < int(agents) < MAX_AGENTS


def test_erlang_b_below_the_smallest_normal_float_is_zero_as_documented() -> None:
    # B(60,000, 50,000) is about exp(-1,000) (Poisson tail (n - A)**2 / 2n), far below
    # 2.2e-308; the recursion once stuck at the subnormal 1e-323 instead.
    assert float(erlang_b(50_000.0, 60_000)) == 0.0


def test_erlang_b_is_never_subnormal() -> None:
    traffic = np.linspace(0.0, 2_000.0, 201)
    agents = np.arange(0, 6_000, 30)[:, None]
    b = erlang_b(traffic, agents)
    tiny = np.finfo(np.float64).tiny
    assert np.all((b == 0.0) | (b >= tiny))
    assert (b == 0.0).any()
    assert (b > 0.0).any()


def test_plan_with_a_billion_rostered_agents_is_a_calculation_error() -> None:
    scope = examples.load_example()
    forecast, plan = scope.forecasts[0], scope.staffing_plans[0]
    huge = attrs.evolve(plan, rostered_agents=(10**9,) * len(plan.rostered_agents))
    with (
        deadline(5.0),
        pytest.raises(
            CalculationError, match=r"check_plan\(\): expected rostered_agents as whole"
        ),
    ):
        check_plan(forecast, huge, service_level_share=0.8, threshold_seconds=20.0)
