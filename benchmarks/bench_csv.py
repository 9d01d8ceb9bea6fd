"""Time CSV loading: both engines against pyarrow's own reader (issue #17).

Writes a 500,000-row interaction CSV (every column, times with a UTC offset)
from the example centre's records, then times, best of `REPEATS`, interleaved
so that a busy machine slows each alike:

- the floor: ``pyarrow.csv.read_csv`` (types guessed by pyarrow) followed by
  ``interactions_from_arrow``;
- ``load_interactions_csv(engine="arrow")``: target within 1.5 times the floor;
- ``load_interactions_csv(engine="python")``, once.

Checks that all three give equal tables, prints the figures and writes them
to benchmarks/results/csv.json.  ``python benchmarks/bench_csv.py ROWS`` for
another size.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from iso18295 import (
    INTERACTION_COLUMNS,
    InteractionTable,
    examples,
    interactions_from_arrow,
    load_interactions_csv,
)

ROWS = 500_000
REPEATS = 5
TARGET = 1.5


def write_csv(path: Path, rows: int) -> None:
    """Write `rows` records (the example centre's, repeated) as CSV, with pyarrow."""
    table = examples.generate_interactions()
    take = np.resize(np.arange(len(table)), rows)
    columns = {}
    for column in INTERACTION_COLUMNS:
        values = table[column.name][take]
        if column.kind == "category":
            labels = np.array([*table.categories(column.name), ""], dtype=object)
            columns[column.name] = pa.array(labels[values], pa.string())
        elif column.kind == "timestamp":
            text = np.datetime_as_string(values, unit="s").astype(object) + "Z"
            columns[column.name] = pa.array(text, pa.string())
        elif column.kind == "float":
            columns[column.name] = pa.array(values, pa.float64(), mask=np.isnan(values))
        elif column.kind == "bool":
            columns[column.name] = pa.array(np.where(values, "true", "false"), pa.string())
        else:
            text = np.array(["0", "1", ""], dtype=object)[np.where(values < 0, 2, values)]
            columns[column.name] = pa.array(text, pa.string())
    pa_csv.write_csv(pa.table(columns), path)


def best(function: Callable[[], InteractionTable], repeats: int) -> tuple[float, InteractionTable]:
    """Return the shortest of `repeats` runs and the last table."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        table = function()
        times.append(time.perf_counter() - start)
    return min(times), table


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "interactions.csv"
        write_csv(path, rows)
        floor_runs: list[float] = []
        arrow_runs: list[float] = []
        for _ in range(REPEATS):
            floor, reference = best(
                lambda: interactions_from_arrow(pa_csv.read_csv(path)).table, 1
            )
            arrow, by_arrow = best(lambda: load_interactions_csv(path, engine="arrow").table, 1)
            floor_runs.append(floor)
            arrow_runs.append(arrow)
        python, by_python = best(lambda: load_interactions_csv(path, engine="python").table, 1)
    if not (by_arrow.equals(reference) and by_python.equals(reference)):
        raise SystemExit("the engines' tables differ from pyarrow's")
    result = {
        "rows": rows,
        "pyarrow_read_csv_plus_interactions_from_arrow_seconds": min(floor_runs),
        "arrow_engine_seconds": min(arrow_runs),
        "python_engine_seconds": python,
        "arrow_engine_ratio": min(arrow_runs) / min(floor_runs),
        "python_engine_ratio": python / min(floor_runs),
        "target_ratio": TARGET,
    }
    for key, value in result.items():
        print(f"{key:54} {value:.3f}" if isinstance(value, float) else f"{key:54} {value}")
    out = Path(__file__).parent / "results" / "csv.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
