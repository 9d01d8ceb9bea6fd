"""Erlang C required agents: iso18295.staffing against pyworkforce and a scalar loop.

Run with ``python benchmarks/bench_erlang.py`` (pyworkforce 0.5.1 comes with the
``bench`` dependency group).  Intervals: traffic log-uniform from 0.1 to 2,000
Erlangs, handling 120 to 600 s, target 80 % answered in 20 s, seeded.  Engines
are timed interleaved in one process; medians of the repeats are reported, with
the agent counts compared interval by interval.  pyworkforce loops in Python
and recomputes the recursion for every candidate count, so by default it is
timed on 10,000 intervals only; ``--pyworkforce-100k`` also runs it once on
100,000.  Results go to ``benchmarks/results/erlang.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from iso18295.staffing import required_agents

TARGET = 0.8
THRESHOLD = 20.0
INTERVAL = 1800.0
RESULTS = Path(__file__).parent / "results" / "erlang.json"


def make_intervals(size: int, seed: int = 18295) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    traffic = np.exp(rng.uniform(math.log(0.1), math.log(2_000.0), size))
    handling = rng.uniform(120.0, 600.0, size)
    return traffic, handling


def ours(traffic: np.ndarray, handling: np.ndarray) -> np.ndarray:
    return required_agents(
        traffic, handling_seconds=handling, service_level_share=TARGET, threshold_seconds=THRESHOLD
    )


def scalar_one(a: float, aht: float) -> int:
    """The same algorithm for one interval in plain Python floats."""
    stop = math.floor(a) + 1
    start = max(0, min(stop, math.floor(a)) - math.ceil(10.0 * math.sqrt(a + 1.0)))
    b = 1.0
    for k in range(start + 1, stop + 1):
        b = a * b / (k + a * b)
    n = stop
    while True:
        gap = n - a
        denominator = gap + a * b
        wait = n * b / denominator
        level = gap * (1.0 - b) / denominator - wait * math.expm1(-gap * THRESHOLD / aht)
        if level >= TARGET:
            return n
        n += 1
        b = a * b / (n + a * b)


def scalar_loop(traffic: np.ndarray, handling: np.ndarray) -> np.ndarray:
    pairs = zip(traffic.tolist(), handling.tolist(), strict=True)
    return np.array([scalar_one(a, h) for a, h in pairs])


def pyworkforce_loop(traffic: np.ndarray, handling: np.ndarray) -> np.ndarray:
    from pyworkforce.queuing import ErlangC

    counts = []
    for a, h in zip(traffic.tolist(), handling.tolist(), strict=True):
        # pyworkforce takes a volume per interval; A = volume * aht / interval.
        model = ErlangC(transactions=a * INTERVAL / h, aht=h, asa=THRESHOLD, interval=INTERVAL)
        counts.append(model.required_positions(service_level=TARGET)["raw_positions"])
    return np.array(counts)


Engine = Callable[[np.ndarray, np.ndarray], np.ndarray]


def timed(engine: Engine, traffic: np.ndarray, handling: np.ndarray) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    counts = engine(traffic, handling)
    return time.perf_counter() - start, counts


def mismatches(a: np.ndarray, b: np.ndarray) -> dict[str, object]:
    differ = np.flatnonzero(a != b)
    return {
        "count": int(differ.size),
        "first": [int(i) for i in differ[:10]],
    }


def run(size: int, repeats: int, engines: dict[str, Engine]) -> dict[str, object]:
    traffic, handling = make_intervals(size)
    times: dict[str, list[float]] = {name: [] for name in engines}
    counts: dict[str, np.ndarray] = {}
    for _ in range(repeats):
        for name, engine in engines.items():  # interleaved, so drift hits all alike
            seconds, counts[name] = timed(engine, traffic, handling)
            times[name].append(seconds)
    medians = {name: statistics.median(values) for name, values in times.items()}
    report: dict[str, object] = {
        "intervals": size,
        "repeats": repeats,
        "median_seconds": medians,
        "all_seconds": times,
        "speedup_of_iso18295": {
            name: medians[name] / medians["iso18295"] for name in engines if name != "iso18295"
        },
        "mismatches_vs_iso18295": {
            name: mismatches(counts["iso18295"], counts[name])
            for name in engines
            if name != "iso18295"
        },
        "total_agents": int(counts["iso18295"].sum()),
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pyworkforce-100k", action="store_true")
    args = parser.parse_args()

    ours(*make_intervals(100))  # warm up imports and caches
    results: dict[str, object] = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "target": f"{TARGET:.0%} answered within {THRESHOLD:g} s",
    }
    have_pyworkforce = importlib.util.find_spec("pyworkforce") is not None
    results["pyworkforce"] = "0.5.1" if have_pyworkforce else "not installed"

    small = {"iso18295": ours, "scalar_loop": scalar_loop}
    if have_pyworkforce:
        small["pyworkforce"] = pyworkforce_loop
    results["10k"] = run(10_000, args.repeats, small)
    large = {"iso18295": ours, "scalar_loop": scalar_loop}
    results["100k"] = run(100_000, args.repeats, large)
    if have_pyworkforce and args.pyworkforce_100k:
        results["100k_pyworkforce"] = run(
            100_000, 1, {"iso18295": ours, "pyworkforce": pyworkforce_loop}
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for key, value in results.items():
        if isinstance(value, dict):
            medians = ", ".join(f"{k} {v:.4f} s" for k, v in value["median_seconds"].items())
            ratios = ", ".join(f"{k} {v:.1f}x" for k, v in value["speedup_of_iso18295"].items())
            differ = ", ".join(
                f"{k} {v['count']}" for k, v in value["mismatches_vs_iso18295"].items()
            )
            print(f"{key}: {medians}; iso18295 faster than: {ratios}; mismatches: {differ}")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
