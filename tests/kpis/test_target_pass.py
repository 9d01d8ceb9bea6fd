"""The fused pass of `check_targets` against measuring each target on its own selected rows.

The per-target way (select the rows of the period, client and channels with
`contact_rows`, then `compute`) is the obvious algorithm the fused pass
replaced; on random tables both must give the same counts, and the same sums
and values to 1e-12.
"""

from __future__ import annotations

import contextlib
import itertools
import warnings
from datetime import UTC, date, datetime
from unittest import mock

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import InteractionTable
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import (
    AbandonmentRate,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    Offered,
    OldestOpenItemAge,
    ServiceLevel,
)
from iso18295.kpis._definitions.target_pass import Request, measure_requests
from iso18295.kpis._engine.accumulate import Window
from iso18295.kpis._engine.measure import contact_rows
from iso18295.kpis._engine.passes import compute
from iso18295.kpis._engine.periods import Period

# Overlapping, nested, adjacent and disjoint periods, in two zones, one of them the
# day the clocks went forward in Dublin (23 hours), one reaching past the records.
PERIODS = [
    Period(start=date(2026, 3, 1), end=date(2026, 4, 1), time_zone="Europe/Dublin"),
    Period(start=date(2026, 3, 23), end=date(2026, 3, 30), time_zone="Europe/Dublin"),
    Period(start=date(2026, 3, 29), end=date(2026, 3, 30), time_zone="Europe/Dublin"),
    Period(start=date(2026, 3, 30), end=date(2026, 4, 6), time_zone="Europe/Dublin"),
    Period(start=date(2026, 2, 1), end=date(2026, 3, 1), time_zone="America/New_York"),
    Period(start=date(2026, 3, 8), end=date(2026, 3, 9), time_zone="America/New_York"),
]
KPIS = [
    Offered(),
    ServiceLevel(threshold_seconds=20),
    ServiceLevel(threshold_seconds=30, denominator="answered", short_abandons="met"),
    AverageSpeedOfAnswer(),
    AbandonmentRate(),
    AverageHandlingTime(),
    CustomerSatisfaction(minimum_responses=2),
    OldestOpenItemAge(as_of=datetime(2026, 4, 10, tzinfo=UTC)),  # a maximum, not a sum
]
CHANNELS: list[frozenset[str | None]] = [
    frozenset({"voice"}),
    frozenset({"voice", "chat", None}),
    frozenset({"e-mail"}),
]


def random_table(seed: int, n: int) -> InteractionTable:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-02-25T00:00", "s").astype(np.int64)
    stop = np.datetime64("2026-04-03T00:00", "s").astype(np.int64)

    def labels(names: list[str | None]) -> np.ndarray:
        return np.array(names, dtype=object)[rng.integers(0, len(names), n)]

    outcome = rng.integers(0, 4, n)  # answered, abandoned, neither (open), neither
    satisfaction = rng.integers(1, 6, n).astype(np.float64)
    satisfaction[rng.random(n) < 0.5] = np.nan
    talk = rng.random(n) * 600
    talk[outcome != 0] = np.nan
    return InteractionTable.from_columns(
        client_id=labels(["acme", "lumen", "other"]),
        channel_id=labels(["voice", "chat", "e-mail", "video"]),
        direction=labels(["inbound", "outbound"]),
        offered_at=rng.integers(start, stop, n).astype("datetime64[s]").astype("datetime64[ns]"),
        wait_seconds=rng.random(n) * 60,
        answered=outcome == 0,
        abandoned=outcome == 1,
        talk_seconds=talk,
        satisfaction=satisfaction,
    )


ALL_REQUESTS = [
    Request(period, client, channels, kpi)
    for period, client, channels, kpi in itertools.product(
        PERIODS, ["acme", "lumen", "nobody"], CHANNELS, KPIS
    )
]


def _one_span_per_window(window: Window, span: int) -> bool:
    """A window that holds one span's keys and no more (so spans are split per chunk)."""
    return window.keys is None or span <= window.keys


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 400),
    requests=st.lists(st.sampled_from(ALL_REQUESTS), min_size=1, max_size=16),
    split=st.booleans(),
)
def test_fused_pass_equals_each_target_on_its_own_rows(
    seed: int, n: int, requests: list[Request], split: bool
) -> None:
    # `split`: as when the spans' keys together are too many for one window of dense
    # bins, each span gets its own window and each chunk is split by span.
    table = random_table(seed, n)
    narrow = mock.patch.object(Window, "fits", _one_span_per_window)
    with warnings.catch_warnings(), narrow if split else contextlib.nullcontext():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        fused = measure_requests(table, requests, lambda client: table)
        for request, got in zip(requests, fused, strict=True):
            where = {"client_id": frozenset({request.client_id}), "channel_id": request.channels}
            expected = compute(contact_rows(table, request.period, where), [request.kpi])
            assert not isinstance(got, str)
            assert len(got) == len(expected)
            if not len(expected):
                continue
            a, b = got[request.kpi.name], expected[request.kpi.name]
            assert int(a.denominator[0]) == int(b.denominator[0])
            assert int(a.excluded[0]) == int(b.excluded[0])
            assert int(got.records[0]) == int(expected.records[0])
            np.testing.assert_allclose(a.numerator, b.numerator, rtol=1e-12)
            np.testing.assert_allclose(a.value, b.value, rtol=1e-12)
