"""A scope with extreme (but valid) numbers is assessed quickly (issue #18)."""

from __future__ import annotations

from datetime import date

import attrs

from deadline import deadline
from iso18295 import MAX_COUNT, assess, examples


def test_forecast_at_the_count_limit_does_not_hang_the_workforce_rule() -> None:
    scope = examples.load_example()
    forecast = scope.forecasts[0]
    huge = attrs.evolve(forecast, volumes=(float(MAX_COUNT),) * len(forecast.volumes))
    scope = attrs.evolve(scope, forecasts=(huge, *scope.forecasts[1:]))
    with deadline(30.0):
        assessment = assess(scope, as_of=date(2026, 3, 2))
    finding = assessment.finding("P1-7.3-plan-meets-target")
    assert finding.status.value == "insufficient_evidence"
    assert "offered_traffic(): expected the traffic in Erlangs <= 100,000" in finding.reason
