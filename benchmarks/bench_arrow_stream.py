"""Memory of loading an Arrow stream: batch by batch, whole through the stream, whole read first.

Issue #16 item 3: a `pyarrow.RecordBatchReader` (or any ``__arrow_c_stream__``
producer, such as a database cursor) is read batch by batch, so memory is
bounded by the batch, not the stream.  The producer here makes its batches as
they are asked for (as a database cursor does), about 5 million rows in all,
with a text customer reference per row to give the input a realistic weight.

Each mode runs in a fresh process, which reports the growth of its peak
resident memory (``VmHWM`` less the resident memory before reading) and the
peak of Arrow's allocations, sampled after each batch:

- ``batches``: `iter_interaction_batches` over the stream (65,536 rows per
  batch), every batch's table dropped after use;
- ``stream``: `interactions_from_arrow` on the stream, building one table;
- ``whole``: the stream read whole first (``read_all()``, what the loader did
  before), then `interactions_from_arrow` on the table.

``batches`` is also run on a fifth of the rows: if memory is bounded by the
batch, its growth does not follow the row count.

Needs pyarrow.  Writes benchmarks/results/arrow_stream.json.
Run: ``python benchmarks/bench_arrow_stream.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from pathlib import Path

PROGRAM = r"""
import os, sys, time
import numpy as np
import pyarrow as pa
from iso18295 import interactions_from_arrow, iter_interaction_batches

mode, rows, batch = sys.argv[1], int(sys.argv[2]), 1 << 16
PAGE = os.sysconf("SC_PAGE_SIZE")

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE

def peak_rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM")

channels = pa.array(["voice", "chat", "email", "social", "video"])
schema = pa.schema([
    ("channel_id", pa.dictionary(pa.int32(), pa.string())),
    ("direction", pa.string()),
    ("client_id", pa.string()),
    ("customer_reference", pa.string()),
    ("offered_at", pa.timestamp("us", tz="UTC")),
    ("wait_seconds", pa.float64()),
    ("answered", pa.bool_()),
    ("abandoned", pa.bool_()),
    ("talk_seconds", pa.float64()),
])
arrow_peak = 0

def batches():
    global arrow_peak
    rng = np.random.default_rng(18295)
    made = 0
    while made < rows:
        n = min(batch, rows - made)
        answered = rng.random(n) < 0.9
        yield pa.record_batch([
            pa.DictionaryArray.from_arrays(
                pa.array(rng.integers(0, 5, n, dtype=np.int32)), channels
            ),
            pa.array(np.where(rng.random(n) < 0.8, "inbound", "outbound")),
            pa.array(np.where(rng.random(n) < 0.5, "acme", "globex")),
            pa.array(rng.integers(0, 10**9, n)).cast(pa.string()),
            pa.array(
                1_772_000_000_000_000 + np.arange(made, made + n) * 1_000_000,
                pa.timestamp("us", tz="UTC"),
            ),
            pa.array(rng.exponential(20.0, n)),
            pa.array(answered),
            pa.array(~answered),
            pa.array(np.where(answered, rng.exponential(300.0, n), 0.0)),
        ], schema=schema)
        made += n
        arrow_peak = max(arrow_peak, pa.total_allocated_bytes())

reader = pa.RecordBatchReader.from_batches(schema, batches())
before = rss()
start = time.perf_counter()
if mode == "batches":
    loaded = 0
    for result in iter_interaction_batches(reader, batch_rows=batch):
        loaded += len(result.table)
        del result
elif mode == "stream":
    loaded = len(interactions_from_arrow(reader).table)
elif mode == "whole":
    table = reader.read_all()
    arrow_peak = max(arrow_peak, pa.total_allocated_bytes())
    loaded = len(interactions_from_arrow(table).table)
else:
    raise SystemExit(f"unknown mode {mode}")
seconds = time.perf_counter() - start
print(loaded, peak_rss() - before, arrow_peak, seconds)
"""


def run(mode: str, rows: int) -> dict[str, float]:
    """Run one mode in a fresh process; return its rows, memory growth and time."""
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, mode, str(rows)],
        check=True,
        capture_output=True,
        text=True,
    )
    loaded, growth, arrow_peak, seconds = done.stdout.split()
    assert int(loaded) == rows, (mode, loaded, rows)
    return {
        "rows": rows,
        "peak_rss_growth_mb": round(int(growth) / 2**20, 1),
        "peak_arrow_allocated_mb": round(int(arrow_peak) / 2**20, 1),
        "seconds": round(float(seconds), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    args = parser.parse_args()
    results = {
        "batches": run("batches", args.rows),
        "batches_fifth": run("batches", args.rows // 5),
        "stream": run("stream", args.rows),
        "whole": run("whole", args.rows),
    }
    for mode, figures in results.items():
        print(f"{mode:>14}: {figures}")
    whole, stream = results["whole"], results["stream"]
    batches = results["batches"]
    ratios = {
        "whole_over_batches_rss": round(
            whole["peak_rss_growth_mb"] / max(batches["peak_rss_growth_mb"], 0.1), 1
        ),
        "whole_over_stream_rss": round(
            whole["peak_rss_growth_mb"] / max(stream["peak_rss_growth_mb"], 0.1), 2
        ),
    }
    print(ratios)
    out = Path(__file__).parent / "results" / "arrow_stream.json"
    out.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "results": results,
                "ratios": ratios,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
