"""Time `compute` over a partitioned Parquet data set on a 2-worker dask cluster.

Run with ``python benchmarks/bench_dask.py`` (``--quick``: 2M rows, fewer
repeats).  Synthetic records (as in ``bench_kpis.py``: 8 columns, 30 days) are
written as a Parquet data set of 4, 16 and 64 files.  Measured, median of
repeats (issue #17, item 1):

- in memory: ``load_interactions_parquet`` of one file of the same records,
  then ``compute``; and ``compute`` alone on the loaded table;
- on a ``dask.distributed.LocalCluster(n_workers=2, processes=True)``:
  ``compute(dd.read_parquet(folder), ...)`` for each partition count, which
  reads, checks and accumulates every partition on the workers and merges
  the partials in a tree.

Both give the same result (checked: counts equal, values to 1e-12).  With two
workers on a 2-core machine the point is not speed but that the pattern
scales out without a shuffle; the figures show its overhead per partition.
Results go to ``benchmarks/results/dask.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from bench_kpis import CHANNELS, GROUPING, make_columns
from iso18295 import load_interactions_parquet
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import (
    Abandoned,
    AbandonmentRate,
    Answered,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    KpiResult,
    Offered,
    ServiceLevel,
    compute,
)

RESULTS = Path(__file__).parent / "results" / "dask.json"
PARTITIONS = (4, 16, 64)
KPIS = (  # the 8 KPIs of bench_kpis.py
    Offered(direction="all"),
    Answered(direction="all"),
    Abandoned(direction="all"),
    ServiceLevel(direction="all"),
    AverageSpeedOfAnswer(direction="all"),
    AbandonmentRate(direction="all"),
    AverageHandlingTime(components=("talk", "after_contact")),
    CustomerSatisfaction(),
)


def write_files(rows: int, folder: Path, parts: int) -> Path:
    """Write the synthetic records as `parts` Parquet files of consecutive rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = make_columns(rows)
    labels = np.array(CHANNELS, dtype=object)[columns["channel_id"]]
    arrays: dict[str, Any] = {"channel_id": pa.array(labels, pa.string())}
    arrays["direction"] = pa.array(np.full(rows, "inbound", dtype=object), pa.string())
    arrays["client_id"] = pa.array(np.full(rows, "client", dtype=object), pa.string())
    arrays["offered_at"] = pa.array(
        columns["offered_at"].view(np.int64), pa.timestamp("ns", tz="UTC")
    )
    for name in ("wait_seconds", "answered", "abandoned"):
        arrays[name] = pa.array(columns[name])
    for name in ("talk_seconds", "after_contact_seconds", "satisfaction"):
        arrays[name] = pa.array(columns[name], mask=np.isnan(columns[name]))
    table = pa.table(arrays)
    folder.mkdir(parents=True, exist_ok=True)
    bounds = [rows * i // parts for i in range(parts + 1)]
    for i in range(parts):
        part = table.slice(bounds[i], bounds[i + 1] - bounds[i])
        pq.write_table(part, folder / f"part-{i:03d}.parquet", row_group_size=1 << 20)
    return folder


def same(a: KpiResult, b: KpiResult) -> bool:
    if len(a) != len(b):
        return False
    for kpi in KPIS:
        x, y = a[kpi.name], b[kpi.name]
        if not np.array_equal(x.denominator, y.denominator):
            return False
        if not np.allclose(x.value, y.value, rtol=1e-12, atol=0, equal_nan=True):
            return False
    return True


def median_time(call: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2M rows, 2 repeats")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs (default 3)")
    args = parser.parse_args()
    rows, repeats = (2_000_000, 2) if args.quick else (10_000_000, 3)
    repeats = args.repeats or repeats
    warnings.simplefilter("ignore", UndefinedKpiWarning)
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "rows": rows,
        "kpis": len(KPIS),
        "repeats": repeats,
        "load_average_before": os.getloadavg()[0],
    }
    with tempfile.TemporaryDirectory() as tmp:
        one = write_files(rows, Path(tmp) / "one", 1) / "part-000.parquet"
        table = load_interactions_parquet(one).table
        expected = compute(table, KPIS, grouping=GROUPING)
        results["in_memory_compute_seconds"] = median_time(
            lambda: compute(table, KPIS, grouping=GROUPING), repeats
        )
        results["in_memory_load_and_compute_seconds"] = median_time(
            lambda: compute(load_interactions_parquet(one).table, KPIS, grouping=GROUPING),
            repeats,
        )
        dask_seconds: dict[str, float] = {}
        with (
            LocalCluster(n_workers=2, processes=True, threads_per_worker=1) as cluster,
            Client(cluster),
        ):
            for parts in PARTITIONS:
                folder = write_files(rows, Path(tmp) / f"p{parts}", parts)
                frame = dd.read_parquet(folder)
                start = time.perf_counter()
                result = compute(frame, KPIS, grouping=GROUPING)  # first run, and checked
                first = time.perf_counter() - start
                if not same(result, expected):
                    sys.exit(f"dask with {parts} partitions differs from in memory")
                dask_seconds[str(parts)] = (
                    median_time(
                        lambda frame=frame: compute(frame, KPIS, grouping=GROUPING), repeats - 1
                    )
                    if repeats > 1
                    else first
                )
        results["dask_2_workers_seconds_by_partitions"] = dask_seconds
        base = results["in_memory_load_and_compute_seconds"]
        results["dask_over_in_memory_load_and_compute"] = {
            k: v / base for k, v in dask_seconds.items()
        }
    print(f"{rows:,} records, {len(KPIS)} KPIs, median of {repeats}:")
    print(f"  in memory, compute only       {results['in_memory_compute_seconds']:7.3f} s")
    print(f"  in memory, load + compute     {base:7.3f} s")
    for parts, seconds in dask_seconds.items():
        print(
            f"  dask, 2 workers, {parts:>3s} partitions {seconds:7.3f} s"
            f"  ({seconds / base:.2f}x load + compute)"
        )
    if not args.quick:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
