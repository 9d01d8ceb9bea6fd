"""Time `load_interactions_parquet` against pyarrow's own reader; measure streaming memory.

Target (issue #5): loading a 10-million-row Parquet file into a validated
`InteractionTable` takes at most 1.3 times as long as `pyarrow.parquet.read_table`
of the same columns (medians of interleaved runs).  Also measures the peak RSS
growth of iterating `iter_interaction_batches` over two file sizes: it should be
bounded by the batch and row-group size, not the file size.

Two timings of each reader.  *Warm*: each timed call follows an untimed call of
the same reader, so both find the process's memory as their own last run left
it.  Without that, a call's time depends on what ran before it: on a virtual
machine that hands freed memory back to its host, the first touch of fresh
memory costs about as much as decoding (the allocator's reuse of the previous
call's pages decides).  *Cold*: the first call in a new process, where both
readers must fault in all their memory.  pandas, if installed, is imported
before that call: pyarrow imports it on first use whichever reader runs (about
0.8 s here), and its import time is not what is compared.

Needs pyarrow (the ``parquet`` extra).  Writes benchmarks/results/parquet.json.
Run: ``python benchmarks/bench_parquet.py [--rows N] [--runs K] [--cold-runs K]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from iso18295._io.interactions import load_interactions_parquet

COLUMNS = [
    "channel_id",
    "direction",
    "client_id",
    "offered_at",
    "wait_seconds",
    "answered",
    "abandoned",
    "talk_seconds",
    "hold_seconds",
    "after_contact_seconds",
    "satisfaction",
]
ROW_GROUP = 1 << 20
STREAM_BATCH = 1 << 16

MEMORY_PROGRAM = """
import os, sys
from iso18295._io.interactions import iter_interaction_batches
import pyarrow, numpy
PAGE = os.sysconf("SC_PAGE_SIZE")
def rss():  # resident memory now (Linux)
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE
before = rss()
peak = before
rows = 0
for result in iter_interaction_batches(sys.argv[1], batch_rows=int(sys.argv[2])):
    rows += len(result.table)
    peak = max(peak, rss())
print(rows, before, peak)
"""


def write_file(path: Path, rows: int, seed: int = 20260302) -> None:
    """Write `rows` synthetic interaction records, row group by row group (seeded)."""
    rng = np.random.default_rng(seed)
    channels = pa.array(["voice", "chat", "email", "social", "video"])
    directions = pa.array(["inbound", "outbound"])
    clients = pa.array([f"client-{i:02d}" for i in range(12)])
    start = np.datetime64("2026-01-01T00:00:00", "us").astype(np.int64)
    schema = None
    writer = None
    try:
        for first in range(0, rows, ROW_GROUP):
            n = min(ROW_GROUP, rows - first)
            answered = rng.random(n) < 0.9
            abandoned = ~answered & (rng.random(n) < 0.8)
            talk = np.where(answered, rng.lognormal(5.5, 0.5, n).round(), np.nan)

            def when_answered(values: np.ndarray, answered: np.ndarray = answered) -> pa.Array:
                return pa.array(np.where(answered, values, np.nan), from_pandas=True)

            batch = pa.record_batch(
                {
                    "channel_id": pa.DictionaryArray.from_arrays(
                        pa.array(rng.integers(0, 5, n, dtype=np.int32)), channels
                    ),
                    "direction": pa.DictionaryArray.from_arrays(
                        pa.array((rng.random(n) < 0.1).astype(np.int32)), directions
                    ),
                    "client_id": pa.DictionaryArray.from_arrays(
                        pa.array(rng.integers(0, 12, n, dtype=np.int32)), clients
                    ),
                    "offered_at": pa.array(
                        start + np.sort(rng.integers(0, 90 * 86_400_000_000, n)),
                        pa.timestamp("us", tz="UTC"),
                    ),
                    "wait_seconds": pa.array(rng.exponential(20.0, n).round(1)),
                    "answered": pa.array(answered),
                    "abandoned": pa.array(abandoned),
                    "talk_seconds": pa.array(talk, from_pandas=True),
                    "hold_seconds": when_answered(rng.exponential(10.0, n).round()),
                    "after_contact_seconds": when_answered(rng.exponential(30.0, n).round()),
                    "satisfaction": pa.array(
                        np.where(rng.random(n) < 0.2, rng.integers(1, 6, n), np.nan),
                        from_pandas=True,
                    ),
                }
            )
            if writer is None:
                schema = batch.schema
                writer = pq.ParquetWriter(path, schema, compression="snappy")
            writer.write_batch(batch, row_group_size=ROW_GROUP)
    finally:
        if writer is not None:
            writer.close()


def read_table_to_numpy(path: Path) -> dict[str, np.ndarray]:
    """Read with pyarrow, then make each column one contiguous numpy array, pyarrow's way.

    The context for the ratio: what it costs pyarrow itself to turn a table into
    the contiguous columns a numpy computation needs (``to_numpy`` per column,
    nulls becoming NaN; dictionary columns as their indices, not even unified
    across row groups).  It validates nothing.
    """
    table = pq.read_table(path, columns=COLUMNS)
    out = {}
    for name in COLUMNS:
        column = table.column(name)
        if pa.types.is_dictionary(column.type):
            out[name] = np.concatenate([chunk.indices.to_numpy() for chunk in column.chunks])
        else:
            out[name] = column.to_numpy()
    return out


COLD_PROGRAM = """
import importlib.util, sys, time
import pyarrow.parquet as pq
from iso18295._io.interactions import load_interactions_parquet
if importlib.util.find_spec("pandas"):  # pyarrow imports it on first use: not timed
    import pandas
columns = sys.argv[3].split(",")
read = {
    "ours": lambda: load_interactions_parquet(sys.argv[2]),
    "read_table": lambda: pq.read_table(sys.argv[2], columns=columns),
}[sys.argv[1]]
start = time.perf_counter()
read()
print(time.perf_counter() - start)
"""


def time_once(function: object) -> float:
    gc.collect()
    start = time.perf_counter()
    result = function()  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def time_warm(function: object) -> float:
    """Time a call that follows an untimed call of the same function."""
    time_once(function)
    return time_once(function)


def time_cold(reader: str, path: Path) -> float:
    """Time the first read in a new process (imports not timed)."""
    out = subprocess.run(
        [sys.executable, "-c", COLD_PROGRAM, reader, str(path), ",".join(COLUMNS)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


def stream_memory(path: Path, batch_rows: int) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_PROGRAM, str(path), str(batch_rows)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    rows, before, peak = (int(x) for x in out)
    return {"rows": rows, "rss_before_bytes": before, "rss_peak_growth_bytes": peak - before}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold-runs", type=int, default=7)
    args = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "interactions.parquet"
        small = Path(tmp) / "interactions-small.parquet"
        write_file(big, args.rows)
        write_file(small, args.rows // 5)

        ours_runs: list[float] = []
        arrow_runs: list[float] = []
        arrow_dict_runs: list[float] = []
        numpy_runs: list[float] = []
        for _ in range(args.runs):  # interleaved, so drift affects both alike
            arrow_runs.append(time_warm(lambda: pq.read_table(big, columns=COLUMNS)))
            ours_runs.append(time_warm(lambda: load_interactions_parquet(big)))
            arrow_dict_runs.append(
                time_warm(
                    lambda: pq.read_table(
                        big,
                        columns=COLUMNS,
                        read_dictionary=["channel_id", "direction", "client_id"],
                    )
                )
            )
            numpy_runs.append(time_warm(lambda: read_table_to_numpy(big)))
        cold_arrow: list[float] = []
        cold_ours: list[float] = []
        for _ in range(args.cold_runs):
            cold_arrow.append(time_cold("read_table", big))
            cold_ours.append(time_cold("ours", big))
        load_after = os.getloadavg()
        check = load_interactions_parquet(big)
        assert check.rows_read == args.rows == len(check.table)

        memory = {
            "small_file": stream_memory(small, STREAM_BATCH),
            "big_file": stream_memory(big, STREAM_BATCH),
        }
        file_bytes = big.stat().st_size

    ours, arrow, arrow_dict, to_numpy, ours_cold, arrow_cold = (
        statistics.median(x)
        for x in (ours_runs, arrow_runs, arrow_dict_runs, numpy_runs, cold_ours, cold_arrow)
    )
    result = {
        "rows": args.rows,
        "columns": COLUMNS,
        "file_bytes": file_bytes,
        "row_group_rows": ROW_GROUP,
        "runs": args.runs,
        "load_interactions_parquet_seconds": ours_runs,
        "pyarrow_read_table_seconds": arrow_runs,
        "pyarrow_read_table_dictionary_seconds": arrow_dict_runs,
        "median_ours_seconds": ours,
        "median_pyarrow_seconds": arrow,
        "median_pyarrow_dictionary_seconds": arrow_dict,
        "pyarrow_read_table_to_numpy_seconds": numpy_runs,
        "median_pyarrow_to_numpy_seconds": to_numpy,
        "ratio_vs_read_table_to_numpy": ours / to_numpy,
        "ratio_vs_read_table": ours / arrow,
        "ratio_vs_read_table_dictionary": ours / arrow_dict,
        "target_ratio": 1.3,
        "cold_runs": args.cold_runs,
        "cold_load_interactions_parquet_seconds": cold_ours,
        "cold_pyarrow_read_table_seconds": cold_arrow,
        "median_cold_ours_seconds": ours_cold,
        "median_cold_pyarrow_seconds": arrow_cold,
        "cold_ratio_vs_read_table": ours_cold / arrow_cold,
        # Other work on the machine (1, 5, 15-minute averages) slows pyarrow's
        # two-thread read and our reader-plus-converter pipeline unequally.
        "load_average_before": load_before,
        "load_average_after_timing": load_after,
        "cpus": os.cpu_count(),
        "stream_batch_rows": STREAM_BATCH,
        "stream_memory": memory,
        "python": platform.python_version(),
        "pyarrow": pa.__version__,
        "numpy": np.__version__,
        "machine": f"{platform.machine()}, {platform.system()}",
    }
    print(f"rows                          {args.rows:,}")
    print(f"median ours (warm)            {ours:.3f} s")
    print(f"median pyarrow read_table     {arrow:.3f} s  (ratio {ours / arrow:.2f}, target 1.3)")
    print(f"median read_table, dictionary {arrow_dict:.3f} s  (ratio {ours / arrow_dict:.2f})")
    print(f"median read_table + to_numpy  {to_numpy:.3f} s  (ratio {ours / to_numpy:.2f})")
    print(
        f"cold, first call in a process {ours_cold:.3f} s against read_table's "
        f"{arrow_cold:.3f} s  (ratio {ours_cold / arrow_cold:.2f})"
    )
    print(f"load average before / after   {load_before[0]:.2f} / {load_after[0]:.2f}")
    for name, m in memory.items():
        growth = m["rss_peak_growth_bytes"] / 2**20
        print(f"stream {name:10} {m['rows']:>11,} rows  peak RSS growth {growth:.0f} MiB")
    out = Path(__file__).parent / "results" / "parquet.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
