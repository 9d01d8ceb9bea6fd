"""A large seeded synthetic table for the pandas and batch-by-batch comparisons.

200,000 contacts in time order over two weeks that contain Dublin's (and
Europe's) clock changes of 2026, 30,000 customers (so most come back), queues
and references sometimes missing.  Every duration is a multiple of 0.25 s and
small enough that float sums are exact in any order: results computed batch by
batch can be compared for equality.
"""

from __future__ import annotations

import numpy as np
import pytest

from iso18295 import InteractionTable

N_ROWS = 200_000
SPANS = [("2026-03-25", "2026-04-01"), ("2026-10-21", "2026-10-28")]


def synthetic_table(n: int = N_ROWS, seed: int = 18295) -> InteractionTable:
    rng = np.random.default_rng(seed)
    halves = []
    for (start, stop), size in zip(SPANS, [n // 2, n - n // 2], strict=True):
        a = np.datetime64(start, "s").astype(np.int64)
        b = np.datetime64(stop, "s").astype(np.int64)
        halves.append(rng.integers(a, b, size))
    seconds = np.sort(np.concatenate(halves))
    outcome = rng.choice(3, n, p=[0.8, 0.15, 0.05])  # answered, abandoned, neither
    answered, abandoned = outcome == 0, outcome == 1

    def quarters(high: int, missing: float) -> np.ndarray:
        values = rng.integers(0, high * 4, n) / 4.0
        values[~answered | (rng.random(n) < missing)] = np.nan
        return values

    satisfaction = rng.integers(1, 6, n).astype(np.float64)
    satisfaction[rng.random(n) < 0.7] = np.nan

    def labels(names: list[str], missing: float) -> np.ndarray:
        chosen = np.array(names, dtype=object)[rng.integers(0, len(names), n)]
        chosen[rng.random(n) < missing] = None
        return chosen

    customers = np.array([f"cust-{i:05d}" for i in range(30_000)], dtype=object)
    return InteractionTable.from_columns(
        channel_id=labels(["voice", "chat", "e-mail", "video"], 0.0),
        direction=np.where(rng.random(n) < 0.8, "inbound", "outbound"),
        queue=labels(["sales", "care", "billing"], 0.1),
        client_id=np.full(n, "client"),
        customer_reference=labels(list(customers), 0.05),
        offered_at=seconds.astype("datetime64[s]").astype("datetime64[ns]"),
        wait_seconds=rng.integers(0, 480, n) / 4.0,
        answered=answered,
        abandoned=abandoned,
        talk_seconds=quarters(1200, 0.03),
        hold_seconds=quarters(120, 0.03),
        after_contact_seconds=quarters(300, 0.03),
        resolved=rng.choice(np.array([-1, 0, 1], dtype=np.int8), n, p=[0.2, 0.3, 0.5]),
        transferred=rng.random(n) < 0.1,
        satisfaction=satisfaction,
    )


@pytest.fixture(scope="session")
def large_table() -> InteractionTable:
    """200,000 synthetic contacts in time order (see the module docstring)."""
    return synthetic_table()
