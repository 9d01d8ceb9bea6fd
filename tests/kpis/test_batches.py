"""Batch by batch equals in memory: a Parquet file read in small batches, partials merged.

Each batch from `iter_interaction_batches` is its own table, with its own
category codes; `accumulate` per batch and `Partials.merge` must give exactly
what `compute` gives over the whole table.  Durations are multiples of 0.25 s
(see ``conftest.py``), so float sums are exact in any order and the comparison
is equality.
"""

from __future__ import annotations

import itertools
import warnings
from datetime import time
from functools import reduce
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from iso18295 import InteractionTable, Weekday, WeeklyHours, iter_interaction_batches
from iso18295._model.columns import INTERACTION_COLUMNS
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis import (
    Abandoned,
    AbandonmentRate,
    Answered,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    FirstContactResolution,
    Grouping,
    KpiResult,
    Missed,
    NetPromoterScore,
    Offered,
    Partials,
    ServiceLevel,
    TransferRate,
    accumulate,
    compute,
)

BATCH_ROWS = 7_919  # a prime: batches end mid-interval, mid-day, mid-customer

MERGEABLE = [
    Offered(), Answered(direction="all"), Abandoned(),
    ServiceLevel(), ServiceLevel(denominator="answered", short_abandons="met", name="sl_met"),
    ServiceLevel(denominator="answered_or_abandoned_after_threshold", short_abandons="missed",
                 threshold_seconds=30, name="sl_30"),
    AverageSpeedOfAnswer(), AbandonmentRate(),
    AbandonmentRate(short_abandon_seconds=None, name="abandonment_all"),
    AverageHandlingTime(), AverageHandlingTime(components=("talk",), name="talk_time"),
    FirstContactResolution(), CustomerSatisfaction(),
    CustomerSatisfaction(method="top_box", minimum_responses=3, name="top_box"),
    TransferRate(),
    ServiceLevel(denominator="answered_or_abandoned", short_abandon_inclusive=True, name="sl_ab"),
    AbandonmentRate(short_abandons="offered_only", name="abandonment_late"),
    AverageSpeedOfAnswer(population="offered", name="asa_offered"),
    Missed(), FirstContactResolution(transfers="exclude", name="fcr_kept"),
    NetPromoterScore(promoter_minimum=5, detractor_maximum=2),
]  # fmt: skip

GROUPINGS = [
    Grouping(),
    Grouping(by=("channel_id",)),
    Grouping(by=("queue", "channel_id"), interval="30min", time_zone="Europe/Dublin"),
    Grouping(by=("channel_id",), interval="15min", time_zone="Europe/Dublin"),
    Grouping(by=("direction",), interval="day", time_zone="America/New_York"),
    Grouping(
        by=("channel_id",),
        interval="30min",
        time_zone="Europe/Dublin",
        within_hours=(
            WeeklyHours(days=frozenset(Weekday), opens=time(0, 30), closes=time(2, 30)),
            WeeklyHours(days=frozenset({Weekday.MONDAY}), opens=time(9), closes=time(17)),
        ),
    ),
]


def arrow_table(table: InteractionTable) -> Any:
    """Write an InteractionTable's columns as an Arrow table (dictionary-encoded categories)."""
    pa = pytest.importorskip("pyarrow")
    arrays = {}
    for column in INTERACTION_COLUMNS:
        values = table[column.name]
        if column.kind == "category":
            arrays[column.name] = pa.DictionaryArray.from_arrays(
                pa.array(values, mask=values == -1),
                pa.array(table.categories(column.name), pa.string()),
            )
        elif column.kind == "timestamp":
            arrays[column.name] = pa.array(values.view(np.int64), pa.timestamp("ns", tz="UTC"))
        elif column.kind == "tristate":
            arrays[column.name] = pa.array(values == 1, mask=values == -1)
        elif column.kind == "float":
            arrays[column.name] = pa.array(values, mask=np.isnan(values))
        else:
            arrays[column.name] = pa.array(values)
    return pa.table(arrays)


@pytest.fixture(scope="module")
def parquet_file(large_table: InteractionTable, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path_factory.mktemp("batches") / "interactions.parquet"
    pq.write_table(arrow_table(large_table), path, row_group_size=50_000)
    return path


def quietly(make: Any) -> KpiResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        result: KpiResult = make()
        return result


def assert_same(a: KpiResult, b: KpiResult) -> None:
    assert len(a) == len(b)
    assert a.labels.keys() == b.labels.keys()
    for name, column in a.labels.items():
        np.testing.assert_array_equal(column, b.labels[name], err_msg=name)
    np.testing.assert_array_equal(a.records, b.records)
    for metric in a.kpis:
        x, y = a[metric.name], b[metric.name]
        for part in ("numerator", "denominator", "excluded", "value"):
            np.testing.assert_array_equal(
                getattr(x, part), getattr(y, part), err_msg=f"{metric.name}.{part}"
            )


IDS = ["none", "channel", "queue-channel-30min", "15min", "ny-day", "hours"]


@pytest.mark.parametrize("grouping", GROUPINGS, ids=IDS)
def test_batches_of_a_parquet_file_merge_to_the_in_memory_result(
    parquet_file: Path, large_table: InteractionTable, grouping: Grouping
) -> None:
    read = iter_interaction_batches(parquet_file, batch_rows=BATCH_ROWS)
    batches = [result.table for result in read]
    assert len(batches) > len(large_table) // BATCH_ROWS  # really many small batches
    assert all(0 < len(b) <= BATCH_ROWS for b in batches)
    assert sum(len(b) for b in batches) == len(large_table)
    partials = [accumulate(batch, MERGEABLE, grouping=grouping) for batch in batches]
    merged = reduce(Partials.merge, partials, Partials.empty(MERGEABLE, grouping=grouping))
    whole = quietly(lambda: compute(large_table, MERGEABLE, grouping=grouping))
    assert len(whole) > 0
    assert_same(quietly(merged.finalize), whole)


def test_repeat_contact_partials_of_different_batches_refuse_to_merge(parquet_file: Path) -> None:
    # A contact's repeat may be in the next batch: merging would undercount repeats.
    metric = FirstContactResolution(method="repeat")
    read = iter_interaction_batches(parquet_file, batch_rows=BATCH_ROWS)
    first, second = (accumulate(next(read).table, [metric]) for _ in range(2))
    with pytest.raises(
        CalculationError,
        match=r"Partials.merge\(\): expected partials of one table for"
        r" \['first_contact_resolution'\] \(method='repeat'\), found partials of two tables",
    ):
        first.merge(second)


def test_repeat_contact_slices_of_one_table_merge_exactly(large_table: InteractionTable) -> None:
    # Repeats are looked for in the whole table, whichever rows are measured.
    metrics = [FirstContactResolution(method="repeat"), Offered()]
    grouping = Grouping(by=("channel_id",), interval="day", time_zone="Europe/Dublin")
    cuts = [0, 12_345, 100_000, 100_001, len(large_table)]
    parts = [
        accumulate(large_table, metrics, grouping=grouping, rows=slice(a, b))
        for a, b in itertools.pairwise(cuts)
    ]
    merged = reduce(Partials.merge, parts[::-1], Partials.empty(metrics, grouping=grouping))
    assert_same(merged.finalize(), compute(large_table, metrics, grouping=grouping))
