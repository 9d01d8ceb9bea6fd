"""Deferred work: the fluid backlog by hand, against items processed one by one, and sizing."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from iso18295.errors import CalculationError
from iso18295.staffing import deferred_backlog, deferred_required_agents
from reference.backlog import fifo_items


def test_backlog_by_hand() -> None:
    # 2 agents x 3600 s / 240 s = 30 an hour.  40, 40, 0 arrive:
    # backlog 10, 20, then 20 - 30 -> 0; handled 30, 30, 20.
    # Item x arrives at x/40 h and is done at x/30 h (the backlog never empties
    # before 80 are done), so it waits x/120 h: within 30 min for x <= 60 -> 60/80.
    r = deferred_backlog(
        [40, 40, 0], 2, interval_seconds=3600, handling_seconds=240, deadline_seconds=1800
    )
    assert_allclose(r.backlog, [10.0, 20.0, 0.0], atol=1e-12)
    assert_allclose(r.handled, [30.0, 30.0, 20.0], atol=1e-12)
    # Oldest open: item 30 (arrived 2700 s) at 3600 s; item 60 (5400 s) at 7200 s.
    assert_allclose(r.oldest_age_seconds, [900.0, 1800.0, 0.0], atol=1e-9)
    assert abs(r.overall_cleared_share - 0.75) <= 1 / 64


@pytest.mark.parametrize("initial", [0.0, 25.0, 400.0])
def test_backlog_matches_a_loop_of_the_lindley_recursion(initial: float) -> None:
    rng = np.random.default_rng(4)
    arrivals = rng.poisson(30.0, 200).astype(float)
    agents = rng.integers(0, 5, 200).astype(float)
    r = deferred_backlog(
        arrivals,
        agents,
        interval_seconds=1800,
        handling_seconds=300,
        deadline_seconds=3600,
        initial_backlog=initial,
    )
    backlog, expected = initial, []
    for a, n in zip(arrivals, agents, strict=True):
        backlog = max(backlog + a - n * 1800 / 300, 0.0)
        expected.append(backlog)
    assert_allclose(r.backlog, expected, atol=1e-9)


def test_ages_and_cleared_shares_match_items_processed_one_by_one() -> None:
    # Large volumes, so one item's granularity is small against the fluid model.
    arrivals = [600, 900, 300, 0, 1200, 600, 300, 150]
    agents = [40.0, 40.0, 60.0, 50.0, 45.0, 45.0, 20.0, 80.0]
    length, handling, deadline = 1800.0, 120.0, 2400.0
    capacity = [n * length / handling for n in agents]
    arrive, finish = fifo_items(arrivals, capacity, length)
    horizon = len(arrivals) * length
    decided = np.isfinite(finish) | (arrive + deadline <= horizon)
    within = np.isfinite(finish) & (finish - arrive <= deadline)
    r = deferred_backlog(
        arrivals,
        agents,
        interval_seconds=length,
        handling_seconds=handling,
        deadline_seconds=deadline,
    )
    assert abs(r.overall_cleared_share - within[decided].mean()) < 0.01
    ends = (np.arange(len(arrivals)) + 1) * length
    for t, end in enumerate(ends):
        open_items = (arrive <= end) & (finish > end)
        oldest = end - arrive[open_items].min() if open_items.any() else 0.0
        assert abs(r.oldest_age_seconds[t] - oldest) <= 2 * length / 300, t


def test_required_agents_are_the_fewest_meeting_the_share() -> None:
    arrivals = [60, 50, 40, 30, 40, 40, 20, 20]
    kwargs = {"interval_seconds": 3600.0, "handling_seconds": 360.0, "deadline_seconds": 3600.0}
    n = deferred_required_agents(arrivals, cleared_share=0.95, **kwargs)
    assert deferred_backlog(arrivals, n, **kwargs).overall_cleared_share >= 0.95
    assert deferred_backlog(arrivals, n - 1, **kwargs).overall_cleared_share < 0.95


def test_nothing_to_do_needs_nobody() -> None:
    n = deferred_required_agents(
        [0, 0], interval_seconds=60, handling_seconds=60, deadline_seconds=0, cleared_share=1.0
    )
    assert n == 0


def test_initial_backlog_is_worked_first() -> None:
    # 100 open at the start, none arriving, 60 an hour: 40 left after one hour,
    # all arrived at 0, so the oldest open item is 3600 s old.
    r = deferred_backlog(
        [0, 0],
        1,
        interval_seconds=3600,
        handling_seconds=60,
        deadline_seconds=3600,
        initial_backlog=100,
    )
    assert_allclose(r.backlog, [40.0, 0.0], atol=1e-12)
    assert_allclose(r.oldest_age_seconds, [3600.0, 0.0], atol=1e-9)
    assert abs(r.overall_cleared_share - 0.6) <= 1 / 64


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: deferred_backlog(
                [1, -1], 1, interval_seconds=60, handling_seconds=60, deadline_seconds=60
            ),
            r"deferred_backlog\(\): expected arrivals >= 0, found -1\.0 at index 1",
        ),
        (
            lambda: deferred_backlog(
                [1, 1], [1, 1, 1], interval_seconds=60, handling_seconds=60, deadline_seconds=60
            ),
            r"expected arguments of broadcastable shapes, found arrivals \(2,\), agents \(3,\)",
        ),
        (
            lambda: deferred_backlog(
                [1], 2e6, interval_seconds=60, handling_seconds=60, deadline_seconds=60
            ),
            r"expected agents <= 1,000,000",
        ),
        (
            lambda: deferred_backlog(
                [[1]], 1, interval_seconds=60, handling_seconds=60, deadline_seconds=60
            ),
            r"expected arrivals of shape \(intervals,\), at least one, found \(1, 1\)",
        ),
        (
            lambda: deferred_required_agents(
                [1],
                interval_seconds=60,
                handling_seconds=60,
                deadline_seconds=60,
                cleared_share=1.5,
            ),
            r"deferred_required_agents\(\): expected cleared_share in \[0, 1\], found 1\.5",
        ),
        (
            lambda: deferred_backlog(
                [1], 1, interval_seconds=[60, 60], handling_seconds=60, deadline_seconds=60
            ),
            r"expected interval_seconds as one number, found shape \(2,\)",
        ),
    ],
)
def test_bad_arguments_are_reported(call: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        call()  # type: ignore[operator]
