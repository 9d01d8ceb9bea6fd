"""StaffingPlan's planning-model fields: concurrency and handling multipliers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from iso18295 import StaffingPlan, dump_scope_text, load_scope_text
from iso18295.errors import ModelError
from iso18295.examples import load_example


def plan(**changes: object) -> StaffingPlan:
    fields: dict[str, object] = {
        "id": "p",
        "forecast_id": "f",
        "prepared_on": date(2026, 2, 24),
        "shrinkage_share": 0.3,
        "starts_at": datetime(2026, 3, 2, 9, tzinfo=UTC),
        "interval_minutes": 30,
        "rostered_agents": (6, 7),
    }
    return StaffingPlan(**(fields | changes))  # type: ignore[arg-type]


def test_concurrency_is_not_stated_by_default() -> None:
    assert (plan().max_concurrency, plan().handling_multipliers) == (None, None)


def test_multipliers_need_a_concurrency() -> None:
    with pytest.raises(ModelError, match=r"max_concurrency: expected the most conversations"):
        plan(handling_multipliers=(1.0,))


def test_one_multiplier_per_concurrency() -> None:
    with pytest.raises(ModelError, match=r"handling_multipliers: expected one multiplier per"):
        plan(max_concurrency=3, handling_multipliers=(1.0, 1.2))


@pytest.mark.parametrize("k", [0, 51])
def test_concurrency_is_from_1_to_50(k: int) -> None:
    with pytest.raises(ModelError, match=r"max_concurrency: expected a whole number from 1 to 50"):
        plan(max_concurrency=k)


@pytest.mark.parametrize("m", [0.0, -1.0, 101.0])
def test_multipliers_are_positive_and_at_most_100(m: float) -> None:
    with pytest.raises(ModelError, match=r"handling_multipliers: expected multipliers > 0"):
        plan(max_concurrency=2, handling_multipliers=(1.0, m))


def test_example_chat_plan_states_its_concurrency_and_round_trips() -> None:
    scope = load_example()
    chat = next(p for p in scope.staffing_plans or () if p.id == "plan-bw-chat-2026w10")
    assert (chat.max_concurrency, chat.handling_multipliers) == (2, (1.0, 1.25))
    assert load_scope_text(dump_scope_text(scope), format="json") == scope
