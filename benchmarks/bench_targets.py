"""Time `assess` with 10M interaction records against one `compute` of the targets' KPIs.

Run with ``python benchmarks/bench_targets.py`` (``--quick``: 2M rows, fewer
repeats).  The example centre's agreements set nine interaction-record
targets (service levels, abandonment, response times, satisfaction, first
contact resolution, speed of answer, handling time) over two reporting
periods.  Its 58k generated records are repeated to 10M rows (the same
categories, so every target has data).  Measured, interleaved, median of
repeats (issue #17, item 5):

- ``assess(scope, as_of=..., interactions=table)``: every rule, the targets
  rule measuring all its targets, of both periods, in one fused pass;
- one ``compute(table, kpis)`` of the same KPI definitions (renamed apart),
  all records together: the floor a targets rule can hope for.

Targets: `assess` within 2x the time of the one `compute`, and under 100 MB of
extra memory (tracemalloc peak of numpy and Python allocations; the resident
set's peak is reported beside it).  Results go to ``benchmarks/results/targets.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
import typing
import warnings
from datetime import date
from pathlib import Path

import attrs
import numpy as np

from iso18295 import INTERACTION_COLUMNS, InteractionTable, assess, examples
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import InteractionKpi, compute
from iso18295.kpis._definitions.target_sources import business_hours
from iso18295.kpis._definitions.targets import kpi_for_target

RESULTS = Path(__file__).parent / "results" / "targets.json"
AS_OF = date(2026, 4, 1)
TIME_RATIO_TARGET = 2.0
MEMORY_TARGET_MB = 100.0


def big_table(rows: int) -> InteractionTable:
    """The example's records repeated to `rows` rows (columns tiled, categories shared)."""
    table = examples.generate_interactions()
    reps = -(-rows // len(table))
    columns = {name: np.tile(table[name], reps)[:rows] for name in table.column_names}
    categories = {
        c.name: table.categories(c.name) for c in INTERACTION_COLUMNS if c.kind == "category"
    }
    return InteractionTable(columns, categories)


def target_kpis() -> list[InteractionKpi]:
    """The interaction KPIs the example's targets are measured with, renamed apart."""
    scope = examples.load_example()
    kpis: list[InteractionKpi] = []
    for agreement in scope.agreements or ():
        for target in agreement.kpi_targets or ():
            hours = business_hours(scope, agreement, target)
            kpi = kpi_for_target(target, business_hours=hours, time_zone="Europe/Dublin")
            if isinstance(kpi, InteractionKpi):
                renamed = attrs.evolve(typing.cast("typing.Any", kpi), name=f"t{len(kpis)}")
                kpis.append(renamed)
    return kpis


def rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1


def peak(call: typing.Callable[[], object]) -> dict[str, float]:
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2M rows, 3 repeats")
    args = parser.parse_args()
    rows, repeats = (2_000_000, 3) if args.quick else (10_000_000, 5)
    warnings.simplefilter("ignore", UndefinedKpiWarning)
    table = big_table(rows)
    scope = examples.load_example()
    kpis = target_kpis()
    runs = {
        "assess": lambda: assess(scope, as_of=AS_OF, interactions=table),
        "compute": lambda: compute(table, kpis),
    }
    for run in runs.values():  # warm up
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            gc.collect()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    memory = {name: peak(run) for name, run in runs.items()}
    ratio = medians["assess"] / medians["compute"]
    results = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "rows": rows,
        "target_kpis": len(kpis),
        "repeats": repeats,
        "load_average_before": os.getloadavg()[0],
        "median_seconds": medians,
        "memory": memory,
        "assess_over_compute": ratio,
        "targets": {
            "time_ratio_at_most": TIME_RATIO_TARGET,
            "assess_tracemalloc_mb_under": MEMORY_TARGET_MB,
        },
        "met": {
            "time": ratio <= TIME_RATIO_TARGET,
            "memory": memory["assess"]["tracemalloc_peak_mb"] < MEMORY_TARGET_MB,
        },
    }
    print(f"{rows:,} records, {len(kpis)} target KPIs, median of {repeats}:")
    for name in runs:
        m = memory[name]
        print(
            f"  {name:8s} {medians[name]:7.3f} s  tracemalloc +{m['tracemalloc_peak_mb']:7.1f} MB"
            f"  RSS +{m['rss_peak_extra_mb']:7.1f} MB"
        )
    print(f"  assess / compute: {ratio:.2f} (target <= {TIME_RATIO_TARGET})")
    if not args.quick:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    if not all(results["met"].values()):  # type: ignore[attr-defined]
        sys.exit("a target was missed: " + json.dumps(results["met"]))


if __name__ == "__main__":
    main()
