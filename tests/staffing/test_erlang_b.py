"""Erlang B against published tables, exact fractions and 50-digit mpmath."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iso18295.staffing import erlang_b
from reference import erlang as ref


# Standard Erlang B tables (e.g. the ITU-T / Siemens traffic tables reproduced
# by every teletraffic handbook): the traffic that N lines carry at 1 % blocking.
@pytest.mark.parametrize(
    ("lines", "traffic"), [(10, 4.461), (15, 8.108), (20, 12.03), (100, 84.06)]
)
def test_erlang_b_matches_published_one_percent_table(lines: int, traffic: float) -> None:
    # The tables round the traffic to 4 significant figures, so blocking is 1 % +- 0.01 %.
    assert float(erlang_b(traffic, lines)) == pytest.approx(0.01, abs=1e-4)


def test_erlang_b_one_line_is_a_over_one_plus_a() -> None:
    # B(1, A) = A / (1 + A): 0.5 / 1.5 = 1/3, 3 / 4.
    np.testing.assert_allclose(erlang_b([0.5, 3.0], 1), [1 / 3, 3 / 4], rtol=1e-15)


def test_erlang_b_zero_lines_blocks_everything_and_zero_traffic_nothing() -> None:
    assert erlang_b([0.0, 5.0], 0).tolist() == [1.0, 1.0]
    assert erlang_b(0.0, [1, 50]).tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    ("traffic", "agents"), [(Fraction(2), 3), (Fraction(1, 3), 4), (Fraction(47, 2), 30)]
)
def test_erlang_b_matches_exact_fraction(traffic: Fraction, agents: int) -> None:
    exact = ref.erlang_b_fraction(traffic, agents)
    np.testing.assert_allclose(erlang_b(float(traffic), agents), float(exact), rtol=1e-14)


# Traffic from 0.01 to 20,000 Erlangs, agents far below, near and above it.
GRID = [
    (traffic, agents)
    for traffic in (0.01, 0.7, 3.0, 10.0, 99.5, 1234.5, 10_000.0, 20_000.25)
    for agents in sorted(
        {
            1,
            max(int(traffic) - int(3 * traffic**0.5), 1),
            int(traffic),
            int(traffic) + 1,
            int(traffic) + 2 + int(2 * traffic**0.5),
        }
    )
]


def test_erlang_b_matches_mpmath_over_grid() -> None:
    traffic = np.array([t for t, _ in GRID])
    agents = np.array([n for _, n in GRID])
    expected = np.array([float(ref.erlang_b_mp(t, n)) for t, n in GRID])
    np.testing.assert_allclose(erlang_b(traffic, agents), expected, rtol=1e-12, atol=0)


def test_erlang_b_broadcasts_traffic_against_agents() -> None:
    result = erlang_b(np.array([[1.0], [2.0]]), np.array([1, 2, 3]))
    assert result.shape == (2, 3)
    assert result.dtype == np.float64
    np.testing.assert_allclose(result[1, 2], float(ref.erlang_b_fraction(Fraction(2), 3)))


@settings(max_examples=60, deadline=None)
@given(
    traffic=st.floats(0.01, 50_000.0),
    agents=st.integers(0, 60_000),
)
def test_erlang_b_is_a_probability_everywhere(traffic: float, agents: int) -> None:
    value = float(erlang_b(traffic, agents))
    assert 0.0 <= value <= 1.0


@settings(max_examples=40, deadline=None)
@given(traffic=st.floats(0.01, 5_000.0), agents=st.integers(0, 6_000))
def test_erlang_b_falls_with_agents_and_rises_with_traffic(traffic: float, agents: int) -> None:
    b = erlang_b([traffic, traffic, traffic * 1.01], [agents, agents + 1, agents])
    assert b[1] <= b[0] <= b[2]
