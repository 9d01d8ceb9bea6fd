"""Every invalid argument raises CalculationError naming the function and the argument."""

from collections.abc import Callable

import numpy as np
import pytest

from iso18295.errors import CalculationError
from iso18295.staffing import (
    average_speed_of_answer,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    offered_traffic,
    required_agents,
    rostered_agents,
    service_level,
)


def test_message_follows_house_format() -> None:
    with pytest.raises(
        CalculationError, match=r"^erlang_c\(\): expected traffic_erlangs >= 0, found -1\.0$"
    ):
        erlang_c(-1.0, 3)


def test_message_points_at_first_bad_array_value() -> None:
    with pytest.raises(CalculationError, match=r"found -2\.0 at index 1 \(2 values\)$"):
        erlang_b([1.0, -2.0, -3.0], 3)


BAD: list[tuple[str, Callable[[], object], str]] = [
    (
        "negative traffic",
        lambda: erlang_b(-0.5, 2),
        r"erlang_b\(\): expected traffic_erlangs >= 0",
    ),
    ("NaN traffic", lambda: erlang_c(np.nan, 2), r"traffic_erlangs >= 0, found nan"),
    ("infinite traffic", lambda: erlang_c(np.inf, 2), r"traffic_erlangs finite, found inf"),
    (
        "fractional agents",
        lambda: erlang_c(2.0, 2.5),
        r"agents as whole numbers from 0 to 1,000,000, found 2\.5",
    ),
    (
        "negative agents",
        lambda: erlang_b(2.0, [3, -1]),
        r"agents as whole numbers from 0 to 1,000,000",
    ),
    ("boolean agents", lambda: erlang_b(2.0, True), r"agents .* dtype bool"),
    ("text traffic", lambda: erlang_b("ten", 2), r"traffic_erlangs as a number"),
    (
        "zero occupancy agents",
        lambda: occupancy(2.0, 0),
        r"occupancy\(\): expected agents as whole numbers from 1 to",
    ),
    (
        "zero handling",
        lambda: service_level(2.0, 3, handling_seconds=0.0),
        r"service_level\(\): expected handling_seconds > 0, found 0\.0",
    ),
    (
        "negative handling",
        lambda: average_speed_of_answer(2.0, 3, handling_seconds=-5.0),
        r"handling_seconds > 0",
    ),
    (
        "negative threshold",
        lambda: service_level(2.0, 3, handling_seconds=60.0, threshold_seconds=-5.0),
        r"service_level\(\): expected threshold_seconds >= 0, found -5\.0",
    ),
    (
        "zero patience",
        lambda: erlang_a(2.0, 3, handling_seconds=60.0, patience_seconds=0.0),
        r"erlang_a\(\): expected patience_seconds > 0",
    ),
    (
        "negative patience",
        lambda: erlang_a(2.0, 3, handling_seconds=60.0, patience_seconds=-1.0),
        r"patience_seconds > 0",
    ),
    (
        "zero Erlang A agents",
        lambda: erlang_a(2.0, 0, handling_seconds=60.0, patience_seconds=60.0),
        r"erlang_a\(\): expected agents as whole numbers from 1 to 1,000,000",
    ),
    (
        "shapes",
        lambda: erlang_b([1.0, 2.0], [1, 2, 3]),
        r"broadcastable shapes, found traffic_erlangs \(2,\), agents \(3,\)",
    ),
    (
        "service level share of 1",
        lambda: required_agents(2.0, handling_seconds=60.0, service_level_share=1.0),
        r"required_agents\(\): expected service_level_share in \[0, 1\), found 1\.0",
    ),
    (
        "occupancy share of 0",
        lambda: required_agents(2.0, handling_seconds=60.0, max_occupancy_share=0.0),
        r"max_occupancy_share in \(0, 1\]",
    ),
    (
        "no target",
        lambda: required_agents(2.0, handling_seconds=60.0),
        r"expected at least one target",
    ),
    (
        "abandonment with Erlang C",
        lambda: required_agents(2.0, handling_seconds=60.0, max_abandonment_share=0.1),
        r"max_abandonment_share only with model='erlang_a'",
    ),
    (
        "Erlang A without patience",
        lambda: required_agents(
            2.0, handling_seconds=60.0, service_level_share=0.8, model="erlang_a"
        ),
        r"patience_seconds with model='erlang_a'",
    ),
    (
        "unknown model",
        lambda: required_agents(
            2.0,
            handling_seconds=60.0,
            service_level_share=0.8,
            model="erlang_x",  # type: ignore[arg-type]
        ),
        r"model 'erlang_c' or 'erlang_a', found 'erlang_x'",
    ),
    (
        "shrinkage of 1",
        lambda: rostered_agents(10, shrinkage_share=1.0),
        r"rostered_agents\(\): expected shrinkage_share in \[0, 1\)",
    ),
    (
        "zero interval",
        lambda: offered_traffic(10, interval_seconds=0.0, handling_seconds=60.0),
        r"offered_traffic\(\): expected interval_seconds > 0",
    ),
    (
        "negative volume",
        lambda: offered_traffic(-1, interval_seconds=900.0, handling_seconds=60.0),
        r"offered_contacts >= 0",
    ),
]


@pytest.mark.parametrize(("call", "pattern"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_invalid_argument_raises_metric_error_naming_it(
    call: Callable[[], object], pattern: str
) -> None:
    with pytest.raises(CalculationError, match=pattern):
        call()


def test_metric_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="traffic_erlangs"):
        erlang_b(-1.0, 1)
