"""Peak memory of the CSV arrow engine: bounded by the batch, not the file (issue #17).

Writes a 2,000,000-row interaction CSV (as `bench_csv.py` does), then loads it
with ``load_interactions_csv(engine="arrow")`` in a fresh subprocess per run
and reports how far loading raised the process's memory:

- ``peak_rss``: the peak resident set (``VmHWM`` in ``/proc/self/status``)
  after loading minus before (after a first load of 1,000 rows, which imports
  what loading needs).  It includes
  the file's pages, which the engine maps into memory (file-backed: the
  system can drop them at will);
- ``anon``: the peak of ``RssAnon`` (memory the process itself allocated),
  sampled every millisecond from ``/proc/self/status`` while loading, minus
  before;

next to the file's size, the loaded table's arrays' ``nbytes`` (every
column) and the size of its category labels (Python strings).  With the
environment variable ``BENCH_BASE_SRC`` set to another checkout's ``src``
directory (e.g. main at the branch point), the same runs are made with that
code first, for a before/after comparison.  Writes the figures to
benchmarks/results/csv_memory.json.  ``python benchmarks/bench_csv_memory.py
ROWS`` for another size.  Linux only (``/proc``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_csv import write_csv

ROWS = 2_000_000

CHILD = r"""
import pathlib, sys, tempfile, threading, time
import pyarrow
import iso18295

# Warm up: a first load imports what loading imports (pyarrow.compute, pandas via
# to_numpy...), so that the figures below are the load's own.
with tempfile.TemporaryDirectory() as directory:
    small = pathlib.Path(directory) / "small.csv"
    with open(sys.argv[1], encoding="utf-8") as big, small.open("w", encoding="utf-8") as out:
        out.writelines(line for _, line in zip(range(1000), big))
    iso18295.load_interactions_csv(small, engine="arrow")

def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0

before_hwm, before_anon = status("VmHWM"), status("RssAnon")
peak = [before_anon]
done = threading.Event()

def sample():
    while not done.is_set():
        peak[0] = max(peak[0], status("RssAnon"))
        time.sleep(0.001)

sampler = threading.Thread(target=sample)
sampler.start()
start = time.perf_counter()
result = iso18295.load_interactions_csv(sys.argv[1], engine="arrow")
seconds = time.perf_counter() - start
done.set()
sampler.join()
peak[0] = max(peak[0], status("RssAnon"))
table = result.table
nbytes = sum(table[c.name].nbytes for c in iso18295.INTERACTION_COLUMNS)
labels = [table.categories(c.name) for c in iso18295.INTERACTION_COLUMNS if c.kind == "category"]
label_bytes = sum(sys.getsizeof(t) + sum(map(sys.getsizeof, t)) for t in labels)
grown = status("VmHWM") - before_hwm
print(grown, peak[0] - before_anon, nbytes, label_bytes, result.rows_read, seconds)
"""


def measure(path: Path, source: str | None) -> dict[str, float]:
    """Load `path` in a fresh interpreter (with `source` first on the path, if given)."""
    environment = dict(os.environ)
    if source is not None:
        environment["PYTHONPATH"] = os.pathsep.join(
            [source, *filter(None, [environment.get("PYTHONPATH")])]
        )
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        env=environment,
        check=False,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        raise SystemExit(run.stderr)
    output = run.stdout.split()
    hwm, anon, nbytes, label_bytes, rows, seconds = output
    return {
        "peak_rss_growth_bytes": int(hwm),
        "anon_peak_growth_bytes": int(anon),
        "table_nbytes": int(nbytes),
        "labels_bytes": int(label_bytes),
        "rows": int(rows),
        "seconds": float(seconds),
    }


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    base = os.environ.get("BENCH_BASE_SRC")
    result: dict[str, object] = {"rows": rows}
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "interactions.csv"
        write_csv(path, rows)
        result["file_bytes"] = path.stat().st_size
        if base is not None:
            result["before"] = measure(path, base)
        result["after"] = measure(path, None)
    for key, value in result.items():
        print(f"{key:30} {value}")
    for name in ("before", "after"):
        run = result.get(name)
        if isinstance(run, dict):
            mib = {k: v / 2**20 for k, v in run.items() if k.endswith("bytes")}
            print(f"{name}: " + ", ".join(f"{k} {v:.0f} MiB" for k, v in mib.items()))
            output = run["table_nbytes"] + run["labels_bytes"]
            for key in ("peak_rss_growth_bytes", "anon_peak_growth_bytes"):
                print(f"{name}: {key} / (table nbytes + labels) {run[key] / output:.2f}")
    out = Path(__file__).parent / "results" / "csv_memory.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
