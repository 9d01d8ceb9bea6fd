"""KPIs over a dask DataFrame on a two-process LocalCluster equal the in-memory KPIs.

A partitioned Parquet data set is written from a seeded synthetic table and read
back with ``dask.dataframe.read_parquet``; the same records in memory go through
`compute`.  Durations are multiples of 0.25 s (see ``conftest.py``), so sums
are exact in any order: counts are compared for equality and ratios to 1e-12.
Quarantine is checked against the in-memory loader on the same Arrow data.
One cluster serves the whole module, so its start-up is paid once.
"""

from __future__ import annotations

import pickle
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from iso18295 import InteractionTable, assess, examples, interactions_from_arrow
from iso18295._model.columns import INTERACTION_COLUMNS
from iso18295.errors import CalculationError, LoadError, UndefinedKpiWarning
from iso18295.kpis import (
    AbandonmentRate,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    FirstContactResolution,
    Grouping,
    KpiResult,
    Offered,
    ServiceLevel,
    TargetStatus,
    TransferRate,
    accumulate,
    check_targets,
    compute,
)

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pads = pytest.importorskip("pyarrow.dataset")

N_ROWS = 30_000
PARTS = 6

KPIS = [
    Offered(),
    ServiceLevel(),
    ServiceLevel(denominator="answered", short_abandons="met", name="sl_met"),
    AverageSpeedOfAnswer(),
    AbandonmentRate(),
    AverageHandlingTime(),
    FirstContactResolution(),
    CustomerSatisfaction(method="top_box", minimum_responses=3),
    TransferRate(),
]


def arrow_of(table: InteractionTable) -> Any:
    """An InteractionTable as an Arrow table: categories as strings (nulls for missing)."""
    arrays = {}
    for column in INTERACTION_COLUMNS:
        values = table[column.name]
        if column.kind == "category":
            labels = np.array([*table.categories(column.name), None], dtype=object)
            arrays[column.name] = pa.array(labels[values], pa.string())
        elif column.kind == "timestamp":
            arrays[column.name] = pa.array(values.view(np.int64), pa.timestamp("ns", tz="UTC"))
        elif column.kind == "tristate":
            arrays[column.name] = pa.array(values == 1, mask=values == -1)
        elif column.kind == "float":
            arrays[column.name] = pa.array(values, mask=np.isnan(values))
        else:
            arrays[column.name] = pa.array(values)
    return pa.table(arrays)


def write_dataset(data: Any, folder: Path, parts: int = PARTS) -> Path:
    """Write `data` as a Parquet data set of `parts` files (hive partitions of whole rows)."""
    n = data.num_rows
    with_part = data.append_column("part", pa.array(np.arange(n) * parts // n))
    pads.write_dataset(with_part, folder, format="parquet", partitioning=["part"])
    return folder


def read(folder: Path, data: Any) -> Any:
    return dd.read_parquet(folder, columns=list(data.column_names))


def quietly(make: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return make()


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as running,
    ):
        yield running


@pytest.fixture(scope="module")
def dataset(
    large_table: InteractionTable, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Any, Path]:
    data = arrow_of(large_table).slice(0, N_ROWS)
    return data, write_dataset(data, tmp_path_factory.mktemp("dask") / "records")


def assert_equal_results(a: KpiResult, b: KpiResult) -> None:
    assert len(a) == len(b) > 0
    assert a.labels.keys() == b.labels.keys()
    for name, column in a.labels.items():
        np.testing.assert_array_equal(column, b.labels[name], err_msg=name)
    np.testing.assert_array_equal(a.records, b.records)
    for kpi in a.kpis:
        x, y = a[kpi.name], b[kpi.name]
        np.testing.assert_array_equal(x.denominator, y.denominator, err_msg=kpi.name)
        np.testing.assert_array_equal(x.excluded, y.excluded, err_msg=kpi.name)
        np.testing.assert_allclose(x.numerator, y.numerator, rtol=1e-12, err_msg=kpi.name)
        np.testing.assert_allclose(x.value, y.value, rtol=1e-12, err_msg=kpi.name)


GROUPINGS = [
    Grouping(by=("channel_id", "queue")),
    Grouping(by=("channel_id",), interval="30min", time_zone="Europe/Dublin"),
]


@pytest.mark.parametrize("grouping", GROUPINGS, ids=["channel-queue", "30min"])
def test_dask_compute_on_two_processes_equals_in_memory(
    client: Any, dataset: tuple[Any, Path], grouping: Grouping
) -> None:
    data, folder = dataset
    frame = read(folder, data)
    assert frame.npartitions == PARTS
    in_memory = interactions_from_arrow(data).table
    on_cluster = quietly(lambda: compute(frame, KPIS, grouping=grouping))
    assert_equal_results(on_cluster, quietly(lambda: compute(in_memory, KPIS, grouping=grouping)))
    assert int(on_cluster.records.sum()) == N_ROWS


class Recorder:
    """A progress callable that keeps its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None, str]] = []

    def __call__(self, done: int, total: int | None, stage: str) -> None:
        self.calls.append((done, total, stage))


def test_dask_compute_on_the_cluster_reports_each_partition(
    client: Any, dataset: tuple[Any, Path]
) -> None:
    data, folder = dataset
    frame = read(folder, data)
    progress = Recorder()
    told = quietly(lambda: compute(frame, KPIS, grouping=GROUPINGS[0], progress=progress))
    # One call before any partition, then one as each of the six finishes.
    assert progress.calls == [(n, PARTS, "compute partitions") for n in range(PARTS + 1)]
    in_memory = interactions_from_arrow(data).table
    assert_equal_results(told, quietly(lambda: compute(in_memory, KPIS, grouping=GROUPINGS[0])))


# dask's own Parquet reader calls pandas in a way pandas deprecates (not our call).
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
@pytest.mark.parametrize("scheduler", ["threads", "synchronous"])
def test_dask_compute_on_a_local_scheduler_reports_each_partition(
    dataset: tuple[Any, Path], scheduler: str
) -> None:
    dask = pytest.importorskip("dask")
    data, folder = dataset
    progress = Recorder()
    with dask.config.set(scheduler=scheduler):  # not the module's cluster, if it runs
        frame = read(folder, data)
        told = quietly(lambda: compute(frame, [Offered(direction="all")], progress=progress))
    assert progress.calls == [(n, PARTS, "compute partitions") for n in range(PARTS + 1)]
    assert told["offered"].value.tolist() == [float(N_ROWS)]


def test_dask_partials_count_every_row_read(client: Any, dataset: tuple[Any, Path]) -> None:
    data, folder = dataset
    partials = accumulate(read(folder, data), [Offered(direction="all")])
    assert (partials.rows_read, partials.rows_quarantined) == (N_ROWS, 0)
    assert quietly(partials.finalize)["offered"].value.tolist() == [float(N_ROWS)]


def _with_bad_rows(data: Any) -> tuple[Any, np.ndarray]:
    """Plant negative waits in rows spread over several partitions."""
    bad = np.array([5, 4_999, 5_001, 12_345, 29_999])
    waits = data.column("wait_seconds").to_numpy(zero_copy_only=False).copy()
    waits[bad] = -1.0
    index = data.column_names.index("wait_seconds")
    return data.set_column(index, "wait_seconds", pa.array(waits)), bad


def test_dask_quarantine_reconciles_with_the_in_memory_loader(
    client: Any, dataset: tuple[Any, Path], tmp_path: Path
) -> None:
    data, bad = _with_bad_rows(dataset[0])
    folder = write_dataset(data, tmp_path / "bad")
    partials = accumulate(read(folder, data), KPIS, grouping=GROUPINGS[0], on_error="quarantine")
    loaded = interactions_from_arrow(data, on_error="quarantine")
    assert len(loaded.quarantined) == len(bad)  # the loader we compare with sees them too
    assert partials.rows_quarantined == len(loaded.quarantined)
    assert partials.rows_read == loaded.rows_read == N_ROWS
    expected = quietly(lambda: compute(loaded.table, KPIS, grouping=GROUPINGS[0]))
    assert_equal_results(quietly(partials.finalize), expected)


def test_dask_strict_lists_the_bad_rows_of_every_partition(
    client: Any, dataset: tuple[Any, Path], tmp_path: Path
) -> None:
    data, _ = _with_bad_rows(dataset[0])
    folder = write_dataset(data, tmp_path / "bad")
    with pytest.raises(LoadError, match=r"partition\[0\]") as raised:
        compute(read(folder, data), KPIS)
    paths = {p.path.split(".")[0] for p in raised.value.problems}
    # Rows 5 (partition 0), 4,999 and 5,001 (0 and 1), 12,345 (2), 29,999 (5).
    assert paths == {"partition[0]", "partition[1]", "partition[2]", "partition[5]"}
    assert raised.value.source == "<dask DataFrame>"


def test_dask_refuses_repeat_contact_resolution(client: Any, dataset: tuple[Any, Path]) -> None:
    data, folder = dataset
    with pytest.raises(CalculationError, match=r"another partition"):
        compute(read(folder, data), [FirstContactResolution(method="repeat")])


def test_dask_check_targets_and_assess_equal_in_memory(client: Any, tmp_path: Path) -> None:
    scope = examples.load_example()
    table = examples.generate_interactions()
    data = arrow_of(table)
    frame = read(write_dataset(data, tmp_path / "example", parts=4), data)
    as_of = date(2026, 4, 1)
    on_cluster = check_targets(scope, frame, as_of=as_of)
    in_memory = check_targets(scope, table, as_of=as_of)
    measured = 0
    for a, b in zip(on_cluster, in_memory, strict=True):
        assert (a.target_id, a.status, a.denominator) == (b.target_id, b.status, b.denominator)
        if b.measured is not None:
            measured += 1
            assert a.measured == pytest.approx(b.measured, rel=1e-12)
    assert measured >= 3
    assert any(r.status is TargetStatus.MET for r in on_cluster)
    findings = {f.rule_id: f for f in assess(scope, as_of=as_of, interactions=frame).findings}
    reference = {f.rule_id: f for f in assess(scope, as_of=as_of, interactions=table).findings}
    assert findings["P1-9-targets-met"].status == reference["P1-9-targets-met"].status


def test_partials_survive_pickling_between_processes(large_table: InteractionTable) -> None:
    # Workers send partials back pickled; the recipes for Ray and Spark do the same.
    partials = accumulate(large_table, KPIS, grouping=GROUPINGS[1])
    restored = pickle.loads(pickle.dumps(partials))
    assert restored.rows_read == len(large_table)
    assert_equal_results(quietly(restored.finalize), quietly(partials.finalize))
