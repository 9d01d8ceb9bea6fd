"""Uncertain arrivals: the quadrature over the gamma mixture against Monte Carlo and a fine sum."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from iso18295.errors import CalculationError
from iso18295.staffing import (
    expected_service_level,
    required_agents,
    service_level,
    target_met_share,
    uncertain_required_agents,
)

# (forecast Erlangs, agents, rate CV): light to heavy traffic, small to the largest CV.
CASES = [(10.0, 14, 0.1), (50.0, 60, 0.3), (10.0, 30, 1.0), (230.0, 250, 0.05), (2.0, 5, 0.5)]


def _gamma_density(g: np.ndarray, cv: float) -> np.ndarray:
    alpha = 1.0 / cv**2
    log = alpha * math.log(alpha) - math.lgamma(alpha) + (alpha - 1.0) * np.log(g) - alpha * g
    return np.exp(log)


@pytest.mark.parametrize(("traffic", "agents", "cv"), CASES)
def test_expected_service_level_matches_a_fine_trapezoid_sum(
    traffic: float, agents: int, cv: float
) -> None:
    # A second algorithm: 400,001-point trapezoid rule with the exact (lgamma) density.
    g = np.linspace(1e-9, 1.0 + 60.0 * cv, 400_001)
    level = service_level(traffic * g, agents, handling_seconds=180.0)
    expected = np.trapezoid(level * _gamma_density(g, cv), g)
    ours = expected_service_level(traffic, agents, handling_seconds=180.0, rate_cv=cv)
    assert_allclose(ours, expected, rtol=1e-7)


@pytest.mark.parametrize(("traffic", "agents", "cv"), CASES)
def test_expected_service_level_and_target_met_share_agree_with_monte_carlo(
    traffic: float, agents: int, cv: float
) -> None:
    rng = np.random.default_rng(18295)
    alpha = 1.0 / cv**2
    draws = 200_000
    g = rng.gamma(alpha, 1.0 / alpha, draws)
    level = service_level(traffic * g, agents, handling_seconds=180.0)
    mean, error = level.mean(), level.std(ddof=1) / math.sqrt(draws)
    ours = float(expected_service_level(traffic, agents, handling_seconds=180.0, rate_cv=cv))
    assert abs(ours - mean) <= 3.0 * error, (ours, mean, error)
    met = (level >= 0.8).mean()
    met_error = math.sqrt(max(met * (1.0 - met), 1e-12) / draws)
    share = float(
        target_met_share(
            traffic, agents, handling_seconds=180.0, rate_cv=cv, service_level_share=0.8
        )
    )
    assert abs(share - met) <= 3.0 * met_error + 1e-9, (share, met, met_error)


def test_negative_binomial_volumes_give_the_same_mean_service_level() -> None:
    # Arrivals per interval as counts: Poisson with a gamma mean is negative binomial
    # with variance V + cv**2 V**2; the rate behind each count is what the queue sees.
    rng = np.random.default_rng(7)
    volume, cv, draws = 200.0, 0.2, 200_000
    alpha = 1.0 / cv**2
    counts = rng.negative_binomial(alpha, alpha / (alpha + volume), draws)
    assert abs(counts.var() / (volume + cv**2 * volume**2) - 1.0) < 0.02
    g = rng.gamma(alpha, 1.0 / alpha, draws)
    level = service_level(20.0 * g, 25, handling_seconds=180.0)
    ours = float(expected_service_level(20.0, 25, handling_seconds=180.0, rate_cv=cv))
    assert abs(ours - level.mean()) <= 3.0 * level.std() / math.sqrt(draws)


def test_no_uncertainty_is_erlang_c() -> None:
    traffic = np.array([0.5, 10.0, 140.0])
    agents = np.array([2, 14, 150])
    ours = expected_service_level(traffic, agents, handling_seconds=180.0, rate_cv=0.0)
    np.testing.assert_array_equal(ours, service_level(traffic, agents, handling_seconds=180.0))
    np.testing.assert_array_equal(
        uncertain_required_agents(
            traffic, handling_seconds=180.0, rate_cv=0.0, service_level_share=0.8
        ),
        required_agents(traffic, handling_seconds=180.0, service_level_share=0.8),
    )


def test_required_agents_are_the_fewest_meeting_the_target_with_the_probability() -> None:
    traffic = np.array([2.0, 10.0, 45.0, 300.0])
    cv = np.array([0.05, 0.1, 0.25, 0.6])
    n = uncertain_required_agents(
        traffic, handling_seconds=240.0, rate_cv=cv, service_level_share=0.8, target_met_share=0.9
    )
    at = target_met_share(traffic, n, handling_seconds=240.0, rate_cv=cv, service_level_share=0.8)
    below = target_met_share(
        traffic, n - 1, handling_seconds=240.0, rate_cv=cv, service_level_share=0.8
    )
    assert (at >= 0.9 - 1e-9).all(), at
    assert (below < 0.9).all(), below


def test_no_traffic_and_no_agents() -> None:
    assert float(expected_service_level(0.0, 1, handling_seconds=60.0, rate_cv=0.5)) == 1.0
    share = target_met_share(5.0, 0, handling_seconds=60.0, rate_cv=0.5, service_level_share=0.8)
    assert float(share) == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: expected_service_level(10.0, 14, handling_seconds=180.0, rate_cv=1.5),
            r"expected_service_level\(\): expected rate_cv <= 1, found 1\.5",
        ),
        (
            lambda: expected_service_level(10.0, 14, handling_seconds=180.0, rate_cv=-0.1),
            r"expected rate_cv >= 0, found -0\.1",
        ),
        (
            lambda: target_met_share(
                10.0, 14, handling_seconds=180.0, rate_cv=0.1, service_level_share=1.0
            ),
            r"target_met_share\(\): expected service_level_share in \[0, 1\)",
        ),
        (
            lambda: uncertain_required_agents(
                90_000.0,
                handling_seconds=180.0,
                rate_cv=0.5,
                service_level_share=0.8,
                target_met_share=0.99,
            ),
            r"uncertain_required_agents\(\): expected the traffic at the quantile <= 100,000",
        ),
        (
            lambda: uncertain_required_agents(
                [1.0, 2.0], handling_seconds=[1.0, 2.0, 3.0], rate_cv=0.1, service_level_share=0.8
            ),
            r"expected arguments of broadcastable shapes",
        ),
    ],
)
def test_bad_arguments_are_reported(call: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        call()  # type: ignore[operator]
