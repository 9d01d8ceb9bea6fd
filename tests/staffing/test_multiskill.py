"""Multi-skill honesty check: the simulation against Erlang C where they must agree."""

from __future__ import annotations

import numpy as np
import pytest

from iso18295.errors import CalculationError
from iso18295.staffing import check_multiskill_plan, service_level


def test_one_skill_simulates_erlang_c() -> None:
    check = check_multiskill_plan(
        [10.0], handling_seconds=[180.0], group_skills=[[True]], group_agents=[14], seed=3
    )
    expected = float(service_level(10.0, 14, handling_seconds=180.0))
    assert float(check.planned_service_level[0]) == expected  # 0.88835, the worked example
    assert abs(check.simulated_service_level[0] - expected) <= 3 * check.standard_error[0]


def test_fully_flexible_agents_pool_into_one_erlang_c_queue() -> None:
    # 22 agents with both skills, two skills of 10 Erlangs with the same handling
    # time: longest-waiting-first across the two queues is one M/M/22 queue of 20 Erlangs.
    check = check_multiskill_plan(
        [10.0, 10.0],
        handling_seconds=[180.0, 180.0],
        group_skills=[[True, True]],
        group_agents=[22],
        seed=4,
    )
    pooled = float(service_level(20.0, 22, handling_seconds=180.0))
    error = check.standard_error
    assert (np.abs(check.simulated_service_level - pooled) <= 3 * error).all()
    # The plan counts all 22 agents for each skill: 0.9998 promised.
    assert (check.gap > 0.4).all()


def test_specialists_alone_are_counted_honestly() -> None:
    # No agent has two skills: the plan's Erlang C per skill is right.
    check = check_multiskill_plan(
        [8.0, 3.0],
        handling_seconds=[240.0, 600.0],
        group_skills=[[True, False], [False, True]],
        group_agents=[11, 5],
        seed=5,
    )
    assert (np.abs(check.gap) <= 3 * check.standard_error).all()


def test_same_seed_same_result() -> None:
    kwargs = {
        "handling_seconds": [180.0, 300.0],
        "group_skills": [[True, False], [True, True]],
        "group_agents": [5, 4],
        "contacts": 5_000,
        "seed": 9,
    }
    a = check_multiskill_plan([3.0, 4.0], **kwargs)
    b = check_multiskill_plan([3.0, 4.0], **kwargs)
    np.testing.assert_array_equal(a.simulated_service_level, b.simulated_service_level)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"group_skills": [[1, 0]]}, r"expected group_skills as a 2-d array of booleans"),
        (
            {"group_skills": [[False, False], [True, True]], "group_agents": [1, 1]},
            r"every group with a skill and every skill with a group",
        ),
        (
            {"group_agents": [1, 2]},
            r"group_agents of shape \(groups,\), found \(1, 2\) and \(2,\)",
        ),
        ({"contacts": 10}, r"expected contacts from 1,000 to 10,000,000, found 10"),
        ({"seed": -1}, r"expected seed as a whole number >= 0, found -1"),
        (
            {"handling_seconds": [0.0, 1.0]},
            r"expected handling_seconds > 0, found 0\.0 at index 0",
        ),
    ],
)
def test_bad_arguments_are_reported(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "handling_seconds": [60.0, 60.0],
        "group_skills": [[True, True]],
        "group_agents": [3],
    }
    arguments.update(kwargs)
    with pytest.raises(CalculationError, match=message):
        check_multiskill_plan([1.0, 1.0], **arguments)  # type: ignore[arg-type]
