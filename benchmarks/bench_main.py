"""Time the main job, ``iso18295 assess --example``, and `assess` on the example scaled up.

Run with ``python benchmarks/bench_main.py`` (``--quick`` for fewer repeats).
Two measurements (issue #14), printed and written to
``benchmarks/results/main.json``:

1. **The main job against its floor.**  ``iso18295 assess --example`` as a
   subprocess (load the example, generate its 58k interaction records, run
   every rule, render the Markdown report), against a subprocess that only
   imports the runtime dependencies (attrs, cattrs, dateutil, numpy), the two
   interleaved in the same run, median of several repeats each.  Target: the
   main job within 4x of the imports.  Both run with a bytecode cache (a
   temporary ``PYTHONPYCACHEPREFIX``, warmed first), as after an ordinary
   install: compiling the sources on every start would time the compiler.
2. **`assess` on a larger scope.**  The example scaled 1x, 10x and 100x: its
   clients and agents repeated, with everything that refers to them
   (agreements, complaints, evaluations, client policies, client-specific
   competencies...) and the interaction records, each copy's ids made
   distinct (``NW0001``, ``NW0001:x1``, ...); the centre, its channels and its
   own framework (role profiles, general competencies, own policies) are
   shared, as in a larger centre.  `assess` is timed in this process (median
   of repeats).
   Target: at most 12x from 10x to 100x the data (linear growth is 10x).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from iso18295 import (
    INTERACTION_COLUMNS,
    InteractionTable,
    Scope,
    assess,
    dump_scope_text,
    examples,
    load_scope_text,
)

RESULTS = Path(__file__).parent / "results" / "main.json"
RATIO_TARGET = 4.0
GROWTH_TARGET = 12.0
FACTORS = (1, 10, 100)
IMPORT_ONLY = "import attrs, cattrs, dateutil, numpy"

# Interaction columns whose labels are ids of replicated objects (channels and queues are shared).
_RENAMED_COLUMNS = ("interaction_id", "campaign_id", "client_id", "customer_reference", "agent_id")


# --- 1. the main job against importing the dependencies ------------------------------------


def _main_job() -> list[str]:
    script = Path(sys.executable).with_name("iso18295")
    if script.exists():
        return [str(script), "assess", "--example"]
    return [sys.executable, "-m", "iso18295", "assess", "--example"]


def _seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def time_main_job(repeats: int) -> dict[str, object]:
    """Time the main job and the dependency imports, interleaved, in fresh interpreters."""
    with tempfile.TemporaryDirectory(prefix="iso18295-bench-pyc-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        job, floor = _main_job(), [sys.executable, "-c", IMPORT_ONLY]
        _seconds(job, env), _seconds(floor, env)  # warm the bytecode cache
        jobs, floors = [], []
        for _ in range(repeats):
            floors.append(_seconds(floor, env))
            jobs.append(_seconds(job, env))
    job_median, floor_median = statistics.median(jobs), statistics.median(floors)
    return {
        "command": " ".join(["iso18295", *job[-2:]]),
        "repeats": repeats,
        "main_job_seconds_median": job_median,
        "main_job_seconds_min": min(jobs),
        "import_dependencies_seconds_median": floor_median,
        "import_dependencies_seconds_min": min(floors),
        "ratio_of_medians": job_median / floor_median,
        "ratio_target": RATIO_TARGET,
    }


# --- 2. assess on the example scaled 1x, 10x, 100x ----------------------------------------


def _renamer(copy: int) -> Callable[[str], str]:
    return (lambda value: value) if copy == 0 else (lambda value: f"{value}:x{copy}")


def _mentions(value: object, ids: set[str]) -> bool:
    if isinstance(value, str):
        return value in ids
    if isinstance(value, list):
        return any(_mentions(v, ids) for v in value)
    if isinstance(value, dict):
        return any(_mentions(v, ids) for k, v in value.items() if k != "id")
    return False


def _repeated(document: dict[str, Any]) -> tuple[set[str], set[tuple[str, int]]]:
    """Return the ids to rename and the (collection, index) of the items to repeat.

    Clients and agents are repeated, and so is every item that refers to a
    repeated one (complaints, agreements, client-specific competencies...),
    until nothing more does; the rest is the centre's own (its role profiles,
    general competencies, own policies) and is shared by the copies.
    """
    items = [
        (key, i, item)
        for key, value in document.items()
        if isinstance(value, list)
        for i, item in enumerate(value)
        if isinstance(item, dict)
    ]
    ids = {item["id"] for key, _, item in items if key in ("clients", "agents")}
    ids |= {c["customer_reference"] for c in document["complaints"] if "customer_reference" in c}
    repeated = {(key, i) for key, i, _ in items if key in ("clients", "agents")}
    changed = True
    while changed:
        changed = False
        for key, i, item in items:
            if (key, i) not in repeated and _mentions(item, ids):
                repeated.add((key, i))
                if isinstance(item.get("id"), str):
                    ids.add(item["id"])
                changed = True
    return ids, repeated


def _rename(value: object, ids: set[str], rename: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return rename(value) if value in ids else value
    if isinstance(value, list):
        return [_rename(v, ids, rename) for v in value]
    if isinstance(value, dict):
        return {k: _rename(v, ids, rename) for k, v in value.items()}
    return value


def scale_scope(scope: Scope, factor: int) -> Scope:
    """Return `scope` with its clients and agents, and all that is theirs, `factor` times.

    Each copy's ids are distinct (``NW0001``, ``NW0001:x1``...) and its
    references (``client_id``, ``agent_id``, ``client_ids``...) follow; the
    centre and its own framework are shared (see `_repeated`).
    """
    document = json.loads(dump_scope_text(scope))
    ids, repeated = _repeated(document)
    scaled = dict(document)
    for key, value in document.items():
        if not isinstance(value, list):
            continue
        items = list(value)
        for copy in range(1, factor):
            rename = _renamer(copy)
            items.extend(
                _rename(item, ids, rename) for i, item in enumerate(value) if (key, i) in repeated
            )
        scaled[key] = items
    return load_scope_text(json.dumps(scaled), format="json", source=f"example x{factor}")


def scale_interactions(table: InteractionTable, factor: int) -> InteractionTable:
    """Return `table` repeated `factor` times, each copy's ids renamed as in `scale_scope`."""
    n = len(table)
    columns: dict[str, np.ndarray] = {}
    categories: dict[str, tuple[str, ...]] = {}
    for column in INTERACTION_COLUMNS:
        values = table[column.name]
        if column.kind != "category":
            columns[column.name] = np.tile(values, factor)
            continue
        labels = table.categories(column.name)
        if column.name not in _RENAMED_COLUMNS:
            columns[column.name] = np.tile(values, factor)
            categories[column.name] = labels
            continue
        every = [_renamer(copy)(label) for copy in range(factor) for label in labels]
        codes = np.concatenate(
            [np.where(values < 0, values, values + copy * len(labels)) for copy in range(factor)]
        )
        order = np.argsort(np.array(every))  # labels sorted, as the loaders keep them
        rank = np.empty(len(every) + 1, dtype=np.int32)
        rank[order] = np.arange(len(every), dtype=np.int32)
        rank[-1] = -1  # code -1 (missing) stays missing
        columns[column.name] = rank[codes].astype(np.int32)
        categories[column.name] = tuple(every[i] for i in order)
    assert all(len(c) == n * factor for c in columns.values())
    return InteractionTable(columns, categories)


def time_scaled_assess(repeats: dict[int, int]) -> dict[str, object]:
    """Time `assess` on the example scaled by each factor."""
    scope, table = examples.load_example(), examples.generate_interactions()
    times: dict[str, float] = {}
    fastest: dict[str, float] = {}
    sizes: dict[str, dict[str, int]] = {}
    statuses: dict[str, dict[str, int]] = {}  # the same at every scale: a check on the scaling
    for factor in FACTORS:
        scaled_scope, scaled_table = scale_scope(scope, factor), scale_interactions(table, factor)
        runs = []
        for _ in range(repeats[factor]):
            gc.collect()  # start each run without the previous one's garbage
            start = time.perf_counter()
            found = assess(scaled_scope, as_of=examples.EXAMPLE_AS_OF, interactions=scaled_table)
            runs.append(time.perf_counter() - start)
        times[f"{factor}x"] = statistics.median(runs)
        fastest[f"{factor}x"] = min(runs)
        sizes[f"{factor}x"] = {
            "agents": len(scaled_scope.agents),
            "complaints": len(scaled_scope.complaints),
            "quality_evaluations": len(scaled_scope.quality_evaluations),
            "interactions": len(scaled_table),
        }
        statuses[f"{factor}x"] = dict(
            sorted(Counter(f.status.value for f in found.findings).items())
        )
        print(f"  assess {factor:>3}x: {times[f'{factor}x']:.3f} s {sizes[f'{factor}x']}")
    return {
        "repeats": {f"{k}x": v for k, v in repeats.items()},
        "sizes": sizes,
        "findings_by_status": statuses,
        "assess_seconds_median": times,
        "assess_seconds_min": fastest,
        "growth_1x_to_10x": times["10x"] / times["1x"],
        "growth_10x_to_100x": times["100x"] / times["10x"],
        "growth_10x_to_100x_of_minima": fastest["100x"] / fastest["10x"],
        "growth_target_10x_to_100x": GROWTH_TARGET,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    main_job = time_main_job(repeats=5 if args.quick else 15)
    for key, value in main_job.items():
        print(f"{key:36} {value:.3f}" if isinstance(value, float) else f"{key:36} {value}")
    scaled = time_scaled_assess({1: 3, 10: 3, 100: 1} if args.quick else {1: 9, 10: 9, 100: 5})
    for key, value in scaled.items():
        if isinstance(value, float):
            print(f"{key:36} {value:.2f}")
    result = {"main_job": main_job, "scaled_assess": scaled}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
