"""check_plan: a staffing plan against its forecast, checked by an independent computation."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import attrs
import numpy as np
import pytest

from iso18295 import examples
from iso18295.errors import CalculationError
from iso18295.staffing import check_plan


def _erlang_c_service_level(traffic: float, agents: int, aht: float, threshold: float) -> float:
    """Textbook Erlang C in plain Python floats: B by recursion, C from B, SL from C."""
    if agents <= traffic:
        return 0.0
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    c = agents * b / (agents - traffic * (1 - b))
    return 1.0 - c * math.exp(-(agents - traffic) * threshold / aht)


def _required(traffic: float, aht: float, target: float, threshold: float) -> int:
    n = 0
    while traffic > 0 and _erlang_c_service_level(traffic, n, aht, threshold) < target:
        n += 1
    return n


@pytest.fixture(scope="module")
def example_check():  # type: ignore[no-untyped-def]
    scope = examples.load_example()
    forecast, plan = scope.forecasts[0], scope.staffing_plans[0]
    return (
        forecast,
        plan,
        check_plan(forecast, plan, service_level_share=0.8, threshold_seconds=20),
    )


def test_required_agents_match_a_plain_python_erlang_c(example_check) -> None:  # type: ignore[no-untyped-def]
    forecast, _, check = example_check
    expected = [
        _required(v * h / 1800.0, h, 0.8, 20.0)
        for v, h in zip(forecast.volumes, forecast.handling_seconds, strict=True)
    ]
    assert check.required_agents.tolist() == expected


def test_productive_agents_are_rostered_after_shrinkage_rounded_down(example_check) -> None:  # type: ignore[no-untyped-def]
    _, plan, check = example_check
    # 20 rostered at 30 % shrinkage are 14 productive (20 x 0.7 = 14, despite float noise).
    expected = [math.floor(round(r * (1 - plan.shrinkage_share), 9)) for r in plan.rostered_agents]
    assert check.productive_agents.tolist() == expected


def test_the_example_plan_is_short_exactly_where_it_was_built_short(example_check) -> None:  # type: ignore[no-untyped-def]
    _, _, check = example_check
    short = [
        datetime.fromisoformat(str(t)[:19]).replace(tzinfo=UTC)
        for t in check.interval_starts[check.shortfall_agents > 0]
    ]
    # The example rosters 3 fewer agents on Monday 2 March 10:00-11:30 (UTC = Dublin time then).
    assert short == [
        datetime(2026, 3, 2, h, m, tzinfo=UTC) for h, m in ((10, 0), (10, 30), (11, 0))
    ]


def test_predicted_service_level_matches_plain_python(example_check) -> None:  # type: ignore[no-untyped-def]
    forecast, _, check = example_check
    for i in np.flatnonzero(check.is_open)[::10]:
        traffic = forecast.volumes[i] * forecast.handling_seconds[i] / 1800.0
        expected = _erlang_c_service_level(
            traffic, int(check.productive_agents[i]), forecast.handling_seconds[i], 20.0
        )
        assert check.predicted_service_level[i] == pytest.approx(expected, rel=1e-12)


def test_closed_intervals_need_nobody_and_are_never_short(example_check) -> None:  # type: ignore[no-untyped-def]
    _, _, check = example_check
    closed = ~check.is_open
    assert closed.any()
    assert (check.required_agents[closed] == 0).all()
    assert (check.shortfall_agents[closed] == 0).all()
    assert np.isnan(check.predicted_service_level[closed]).all()


def test_overall_service_level_is_the_contact_weighted_mean(example_check) -> None:  # type: ignore[no-untyped-def]
    _, _, check = example_check
    open_ = check.is_open
    weighted = sum(
        float(s) * float(v)
        for s, v in zip(check.predicted_service_level[open_], check.offered[open_], strict=True)
    )
    assert check.overall_service_level == pytest.approx(weighted / float(check.offered.sum()))


def test_a_plan_for_another_forecast_is_refused() -> None:
    scope = examples.load_example()
    plan = attrs.evolve(scope.staffing_plans[0], forecast_id="other")
    with pytest.raises(CalculationError, match=r"check_plan\(\): expected a plan for forecast"):
        check_plan(scope.forecasts[0], plan, service_level_share=0.8, threshold_seconds=20)


def test_intervals_that_do_not_line_up_are_refused() -> None:
    scope = examples.load_example()
    plan = attrs.evolve(scope.staffing_plans[0], interval_minutes=60)
    with pytest.raises(CalculationError, match="line up with the forecast"):
        check_plan(scope.forecasts[0], plan, service_level_share=0.8, threshold_seconds=20)


def test_an_out_of_range_target_names_the_argument() -> None:
    scope = examples.load_example()
    with pytest.raises(CalculationError, match="service_level_share"):
        check_plan(
            scope.forecasts[0],
            scope.staffing_plans[0],
            service_level_share=1.5,
            threshold_seconds=20,
        )
