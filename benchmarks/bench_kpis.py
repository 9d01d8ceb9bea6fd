"""KPIs per channel and 30-minute interval: iso18295.kpis against pandas, polars, DuckDB.

Run with ``python benchmarks/bench_kpis.py`` in an environment with the ``bench``
dependency group (pandas, polars, duckdb, pyarrow).  Ten million synthetic
interaction records (seeded), in arrival order as contact-centre platforms
export them, over 30 days and 4 channels: 5,760 groups.  The standard KPI set
-- offered, answered, abandoned, service level (20 s, short abandons under 5 s
excluded), average speed of answer, abandonment rate (short abandons
excluded), average handling time (talk + after-contact work), mean
satisfaction -- reads 8 columns.  Every engine computes the 30-minute interval
itself, inside the timing.

Engines are timed interleaved in one process and medians reported, with a
memory-bandwidth reference (one numpy pass summing the columns read).  Peak
extra memory is measured in a separate run per engine: numpy allocations with
tracemalloc, and the process's resident-set peak (``VmHWM`` of
``/proc/self/status`` after resetting it through ``/proc/self/clear_refs``).
Every engine's results are checked against ours.  Results go to
``benchmarks/results/kpis.json``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from iso18295._model.columns import INTERACTION_COLUMNS
from iso18295._model.interaction_table import InteractionTable
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import (
    Abandoned,
    AbandonmentRate,
    Answered,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    Grouping,
    Offered,
    ServiceLevel,
    compute,
)

RESULTS = Path(__file__).parent / "results" / "kpis.json"
PAUSE = 0.3
CHANNELS = ("chat", "email", "social", "voice")
DAYS = 30
SLOT_NS = 30 * 60 * 10**9
READ = ("channel_id", "offered_at", "wait_seconds", "answered", "abandoned",
        "talk_seconds", "after_contact_seconds", "satisfaction")  # fmt: skip
KPIS = (
    Offered(direction="all"),
    Answered(direction="all"),
    Abandoned(direction="all"),
    ServiceLevel(direction="all"),
    AverageSpeedOfAnswer(direction="all"),
    AbandonmentRate(direction="all"),
    AverageHandlingTime(components=("talk", "after_contact")),
    CustomerSatisfaction(),
)
GROUPING = Grouping(by=("channel_id",), interval="30min")
KPIS = ("offered", "answered", "abandoned", "service_level", "average_speed_of_answer",
        "abandonment_rate", "average_handling_time", "customer_satisfaction")  # fmt: skip


def make_columns(n: int, seed: int = 18295) -> dict[str, np.ndarray]:
    """Synthetic records: Poisson-like arrivals over 30 days, in arrival order."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-03-01T00:00", "ns").astype(np.int64)
    offered = np.sort(rng.integers(0, DAYS * 86_400 * 10**9, n)) + start
    wait = rng.exponential(18.0, n).round(1)
    patience = rng.exponential(180.0, n).round(1)
    abandoned = patience < wait
    wait = np.where(abandoned, patience, wait)
    answered = ~abandoned
    talk = np.where(answered, rng.lognormal(np.log(300.0), 0.45, n).round(), np.nan)
    after = np.where(answered, rng.uniform(20, 70, n).round(), np.nan)
    scored = answered & (rng.random(n) < 0.15)
    satisfaction = np.where(scored, rng.integers(1, 6, n).astype(np.float64), np.nan)
    return {
        "channel_id": rng.integers(0, len(CHANNELS), n).astype(np.int32),
        "offered_at": offered.view("datetime64[ns]"),
        "wait_seconds": wait,
        "answered": answered,
        "abandoned": abandoned,
        "talk_seconds": talk,
        "after_contact_seconds": after,
        "satisfaction": satisfaction,
    }


def make_table(columns: dict[str, np.ndarray]) -> InteractionTable:
    """Wrap the columns in a table without copying them (the rest missing)."""
    n = len(columns["offered_at"])
    full: dict[str, np.ndarray] = {}
    for column in INTERACTION_COLUMNS:
        if column.name in columns:
            full[column.name] = columns[column.name]
        elif column.kind == "category":
            full[column.name] = np.full(n, 0 if column.required else -1, np.int32)
        elif column.kind == "float":
            full[column.name] = np.full(n, np.nan)
        elif column.kind == "bool":
            full[column.name] = np.zeros(n, np.bool_)
        else:
            full[column.name] = np.full(n, -1, np.int8)
    categories = {"channel_id": CHANNELS, "direction": ("inbound",), "client_id": ("client",)}
    return InteractionTable(full, categories)


# --- engines: each returns a dict of KPI name -> array, groups ordered by (channel, slot) ---


def run_ours(table: InteractionTable) -> dict[str, np.ndarray]:
    result = compute(table, KPIS, grouping=GROUPING)
    return {name: np.asarray(result[name].value) for name in KPIS}


def run_pandas(frame: Any) -> dict[str, np.ndarray]:
    import pandas as pd

    wait, answered, abandoned = frame["wait"], frame["answered"], frame["abandoned"]
    short = abandoned & (wait < 5.0)
    work = pd.DataFrame({
        "channel": frame["channel"],
        "slot": frame["offered_at"].dt.floor("30min"),
        "answered": answered,
        "abandoned": abandoned,
        "in_time": answered & (wait <= 20.0),
        "short": short,
        "long_abandon": abandoned & ~short,
        "answered_wait": wait.where(answered),
        "handling": (frame["talk"] + frame["after"]).where(answered),
        "satisfaction": frame["satisfaction"],
    })  # fmt: skip
    g = work.groupby(["channel", "slot"], sort=True).agg(
        offered=("answered", "size"),
        answered=("answered", "sum"),
        abandoned=("abandoned", "sum"),
        in_time=("in_time", "sum"),
        short=("short", "sum"),
        long_abandon=("long_abandon", "sum"),
        asa=("answered_wait", "mean"),
        aht=("handling", "mean"),
        csat=("satisfaction", "mean"),
    )
    considered = g["offered"] - g["short"]
    return {
        "offered": g["offered"].to_numpy(np.float64),
        "answered": g["answered"].to_numpy(np.float64),
        "abandoned": g["abandoned"].to_numpy(np.float64),
        "service_level": (g["in_time"] / considered).to_numpy(),
        "average_speed_of_answer": g["asa"].to_numpy(),
        "abandonment_rate": (g["long_abandon"] / considered).to_numpy(),
        "average_handling_time": g["aht"].to_numpy(),
        "customer_satisfaction": g["csat"].to_numpy(),
    }


def run_polars(frame: Any) -> dict[str, np.ndarray]:
    import polars as pl

    wait, answered, abandoned = pl.col("wait"), pl.col("answered"), pl.col("abandoned")
    short = abandoned & (wait < 5.0)
    out = (
        frame.lazy()
        .group_by(pl.col("channel"), pl.col("offered_at").dt.truncate("30m").alias("slot"))
        .agg(
            pl.len().alias("offered"),
            answered.sum().alias("answered"),
            abandoned.sum().alias("abandoned"),
            (answered & (wait <= 20.0)).sum().alias("in_time"),
            short.sum().alias("short"),
            (abandoned & ~short).sum().alias("long_abandon"),
            wait.filter(answered).mean().alias("asa"),
            (pl.col("talk") + pl.col("after")).filter(answered).mean().alias("aht"),
            pl.col("satisfaction").mean().alias("csat"),
        )
        .sort("channel", "slot")
        .collect()
    )
    considered = (out["offered"] - out["short"]).to_numpy().astype(np.float64)
    return {
        "offered": out["offered"].to_numpy().astype(np.float64),
        "answered": out["answered"].to_numpy().astype(np.float64),
        "abandoned": out["abandoned"].to_numpy().astype(np.float64),
        "service_level": out["in_time"].to_numpy() / considered,
        "average_speed_of_answer": out["asa"].to_numpy(),
        "abandonment_rate": out["long_abandon"].to_numpy() / considered,
        "average_handling_time": out["aht"].to_numpy(),
        "customer_satisfaction": out["csat"].to_numpy(),
    }


DUCKDB_SQL = """
SELECT channel, time_bucket(INTERVAL '30 minutes', offered_at) AS slot,
       count(*) AS offered,
       count(*) FILTER (WHERE answered) AS answered,
       count(*) FILTER (WHERE abandoned) AS abandoned,
       count(*) FILTER (WHERE answered AND wait <= 20) AS in_time,
       count(*) FILTER (WHERE abandoned AND wait < 5) AS short,
       count(*) FILTER (WHERE abandoned AND wait >= 5) AS long_abandon,
       avg(wait) FILTER (WHERE answered) AS asa,
       avg(talk + after) FILTER (WHERE answered) AS aht,
       avg(satisfaction) AS csat
FROM records GROUP BY ALL ORDER BY channel, slot
"""


def run_duckdb(connection: Any) -> dict[str, np.ndarray]:
    out = connection.execute(DUCKDB_SQL).fetchnumpy()
    considered = (out["offered"] - out["short"]).astype(np.float64)
    return {
        "offered": out["offered"].astype(np.float64),
        "answered": out["answered"].astype(np.float64),
        "abandoned": out["abandoned"].astype(np.float64),
        "service_level": out["in_time"] / considered,
        "average_speed_of_answer": np.ma.filled(out["asa"].astype(np.float64), np.nan),
        "abandonment_rate": out["long_abandon"] / considered,
        "average_handling_time": np.ma.filled(out["aht"].astype(np.float64), np.nan),
        "customer_satisfaction": np.ma.filled(out["csat"].astype(np.float64), np.nan),
    }


def run_bandwidth(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Read every byte of the columns once: the floor for any engine."""
    totals = [
        float(np.add.reduce(a.view(np.int64) if a.dtype.kind == "M" else a, dtype=None))
        for a in columns.values()
    ]
    return {"sum": np.array(totals)}


# --- measurement ---------------------------------------------------------------------


def rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1


def peak_memory(call: Callable[[], object]) -> dict[str, float]:
    """Peak extra memory of one call: numpy allocations (tracemalloc) and resident set."""
    gc.collect()
    time.sleep(PAUSE)
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
        resettable = True
    except OSError:
        resettable = False
    before = rss_kib("VmRSS")
    tracemalloc.start()
    call()
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    hwm = rss_kib("VmHWM")
    return {
        "tracemalloc_peak_mb": traced / 1e6,
        "rss_peak_extra_mb": (hwm - before) * 1024 / 1e6 if resettable else float("nan"),
    }


def compare(ours: dict[str, np.ndarray], theirs: dict[str, np.ndarray]) -> dict[str, float]:
    worst = {}
    for name in KPIS:
        a, b = ours[name], theirs[name]
        if a.shape != b.shape:
            worst[name] = float("inf")
            continue
        both = ~np.isnan(a) & ~np.isnan(b)
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            worst[name] = float("inf")
            continue
        rel = np.abs(a[both] - b[both]) / np.maximum(np.abs(b[both]), 1e-300)
        worst[name] = float(rel.max()) if rel.size else 0.0
    return worst


def version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    warnings.simplefilter("ignore", UndefinedKpiWarning)  # groups without surveys: expected
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    columns = make_columns(args.rows)
    table = make_table(columns)
    bytes_read = sum(columns[name].nbytes for name in READ)
    renamed = {  # the same int32 channel codes for every engine: grouping by strings is slower
        "channel": columns["channel_id"], "offered_at": columns["offered_at"],
        "wait": columns["wait_seconds"],
        "answered": columns["answered"], "abandoned": columns["abandoned"],
        "talk": columns["talk_seconds"], "after": columns["after_contact_seconds"],
        "satisfaction": columns["satisfaction"],
    }  # fmt: skip
    pandas_frame = pd.DataFrame(renamed)
    polars_frame = pl.DataFrame(renamed, nan_to_null=True)
    connection = duckdb.connect()
    arrow_records = pa.table({k: pa.array(v, from_pandas=True) for k, v in renamed.items()})
    connection.register("arrow_records", arrow_records)
    connection.execute("CREATE TABLE records AS SELECT * FROM arrow_records")
    connection.unregister("arrow_records")
    del arrow_records

    engines: dict[str, Callable[[], dict[str, np.ndarray]]] = {
        "iso18295": lambda: run_ours(table),
        "pandas": lambda: run_pandas(pandas_frame),
        "polars": lambda: run_polars(polars_frame),
        "duckdb": lambda: run_duckdb(connection),
        "bandwidth": lambda: run_bandwidth({n: columns[n] for n in READ}),
    }
    outputs = {name: engine() for name, engine in engines.items()}  # warm up, and check
    agreement = {
        name: compare(outputs["iso18295"], outputs[name])
        for name in ("pandas", "polars", "duckdb")
    }
    groups = len(outputs["iso18295"]["offered"])

    load_before = os.getloadavg()
    times: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(args.repeats):
        for name, engine in engines.items():  # interleaved, so drift hits all alike
            time.sleep(PAUSE)  # let the previous engine's worker threads go idle
            start = time.perf_counter()
            engine()
            times[name].append(time.perf_counter() - start)
    load_after = os.getloadavg()
    medians = {name: statistics.median(values) for name, values in times.items()}
    memory = {name: peak_memory(engine) for name, engine in engines.items()}

    ours = medians["iso18295"]
    ours_memory = max(memory["iso18295"].values())
    ratios = {
        "pandas_over_ours": medians["pandas"] / ours,
        "polars_over_ours": medians["polars"] / ours,
        "duckdb_over_ours": medians["duckdb"] / ours,
        "ours_over_bandwidth": ours / medians["bandwidth"],
        "ours_peak_extra_memory_share_of_bytes_read": ours_memory * 1e6 / bytes_read,
    }
    targets = {
        "at least 10x faster than pandas": ratios["pandas_over_ours"] >= 10,
        "no slower than 1.1x polars": ours <= 1.1 * medians["polars"],
        "within 8x of the bandwidth reference": ratios["ours_over_bandwidth"] <= 8,
        "peak extra memory below 5 % of the bytes read": (
            ratios["ours_peak_extra_memory_share_of_bytes_read"] < 0.05
        ),
        "all engines agree to 1e-9": all(
            v <= 1e-9 for worst in agreement.values() for v in worst.values()
        ),
    }
    report = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "versions": {n: version(n) for n in ("numpy", "pandas", "polars", "duckdb", "pyarrow")},
        "rows": args.rows,
        "groups": groups,
        "columns_read": list(READ),
        "bytes_read": bytes_read,
        "repeats": args.repeats,
        "load_average_before_after": [load_before[0], load_after[0]],
        "median_seconds": medians,
        "all_seconds": times,
        "peak_extra_memory_mb": memory,
        "ratios": ratios,
        "worst_relative_difference_vs_iso18295": agreement,
        "targets_met": targets,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"{args.rows:,} records, {groups:,} groups, {bytes_read / 1e6:.0f} MB read")
    print(f"load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f}")
    for name in engines:
        m = memory[name]
        print(
            f"  {name:10s} {medians[name]:8.4f} s  tracemalloc +{m['tracemalloc_peak_mb']:7.1f} MB"
            f"  RSS +{m['rss_peak_extra_mb']:7.1f} MB"
        )
    for name, value in ratios.items():
        print(f"  {name}: {value:.3f}")
    for name, worst in agreement.items():
        print(f"  agreement with {name}: worst relative difference {max(worst.values()):.2e}")
    for target, met in targets.items():
        print(f"  [{'x' if met else ' '}] {target}")


if __name__ == "__main__":
    main()
