"""The interactions fingerprint hashes the column buffers in place, copying none of them."""

from __future__ import annotations

import tracemalloc

import numpy as np

from iso18295 import InteractionTable
from iso18295._assessment.engine import _table_digest

N = 400_000


def _table() -> InteractionTable:
    # Many rows, few labels: joining the labels costs nothing next to one column.
    rng = np.random.default_rng(7)
    return InteractionTable.from_columns(
        channel_id=np.array(["voice", "chat"], dtype=object)[rng.integers(0, 2, N)],
        direction=np.full(N, "inbound", dtype=object),
        client_id=np.full(N, "acme", dtype=object),
        offered_at=np.full(N, np.datetime64("2026-03-02T09:00", "ns")),
        wait_seconds=rng.random(N),
        answered=rng.random(N) < 0.5,
        abandoned=np.zeros(N, np.bool_),
    )


def test_fingerprint_allocates_far_less_than_one_column() -> None:
    table = _table()
    smallest = min(table[name].nbytes for name in table.column_names)
    assert smallest >= N  # one byte per row at least: a copy of any column would show
    _table_digest(table)  # warm up (imports, label joins cached nowhere)
    tracemalloc.start()
    digest = _table_digest(table)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(digest) == 16
    assert peak < smallest // 4


def test_the_memory_check_sees_a_copy() -> None:
    # The same measurement notices one copied column: the check above can fail.
    table = _table()
    tracemalloc.start()
    copied = np.array(table["wait_seconds"], copy=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak >= copied.nbytes
