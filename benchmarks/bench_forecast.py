"""Seasonal window average for 1,000 queues: iso18295.staffing against statsforecast.

Run with ``python benchmarks/bench_forecast.py`` in an environment with the
``bench`` dependency group (statsforecast, pandas).  1,000 queues x 12 weeks of
half-hours (4,032 intervals each, 4.03 million values) of seeded Poisson
volumes with a daily and weekly shape; forecast one week (336 half-hours) as
the mean of the same half-hour in the last 4 weeks.  Timed, interleaved in
one process, medians of the repeats:

* ``iso18295 arrays``: :func:`iso18295.staffing.seasonal_window_average` on the
  (queues, intervals) array;
* ``iso18295 from long format``: the same, starting from statsforecast's long
  data frame and ending with a long dict of columns (both conversions timed);
* ``statsforecast``: ``StatsForecast(models=[SeasonalWindowAverage(336, 4)],
  freq="30min", n_jobs=1).forecast(df=..., h=336)`` (one core, as ours).

statsforecast is warmed up first (its numba code compiles once per process).
The forecasts are compared value by value.  Results go to
``benchmarks/results/forecast.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from iso18295.staffing import from_long_format, seasonal_window_average, to_long_format

QUEUES = 1_000
WEEK = 336
WEEKS = 12
WINDOW = 4
RESULTS = Path(__file__).parent / "results" / "forecast.json"


def make_history(queues: int, seed: int = 18295) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(WEEKS * WEEK)
    day = np.sin(np.pi * ((t % 48) / 48.0)) ** 2
    week = np.where((t // 48) % 7 >= 5, 0.4, 1.0)
    level = np.exp(rng.uniform(np.log(0.5), np.log(200.0), queues))
    return rng.poisson(level[:, None] * day * week).astype(np.float64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--queues", type=int, default=QUEUES)
    args = parser.parse_args()

    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import SeasonalWindowAverage

    history = make_history(args.queues)
    ids = [f"q{i:05d}" for i in range(args.queues)]
    frame = pd.DataFrame(to_long_format(history, unique_ids=ids, start=dt.datetime(2026, 1, 5)))

    def statsforecast_run() -> np.ndarray:
        model = StatsForecast(
            models=[SeasonalWindowAverage(season_length=WEEK, window_size=WINDOW)],
            freq="30min",
            n_jobs=1,
        )
        out = model.forecast(df=frame, h=WEEK)
        return from_long_format(out, value_column="SeasWA").values

    def arrays_run() -> np.ndarray:
        return seasonal_window_average(history, horizon=WEEK, window_size=WINDOW)

    def long_run() -> np.ndarray:
        series = from_long_format(frame)
        forecast = seasonal_window_average(series.values, horizon=WEEK, window_size=WINDOW)
        start = series.timestamps[-1] + np.timedelta64(1800, "s")
        long = to_long_format(forecast, unique_ids=series.unique_ids.tolist(), start=start)
        return long["y"].reshape(len(ids), WEEK)

    engines: dict[str, Callable[[], np.ndarray]] = {
        "iso18295 arrays": arrays_run,
        "iso18295 from long format": long_run,
        "statsforecast": statsforecast_run,
    }
    statsforecast_run()  # numba compiles here
    times: dict[str, list[float]] = {name: [] for name in engines}
    outputs: dict[str, np.ndarray] = {}
    for _ in range(args.repeats):
        for name, engine in engines.items():  # interleaved, so drift hits all alike
            start = time.perf_counter()
            outputs[name] = engine()
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    reference = outputs["iso18295 arrays"]
    results = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "statsforecast": importlib.metadata.version("statsforecast"),
        "pandas": pd.__version__,
        "machine": platform.machine(),
        "queues": args.queues,
        "intervals_per_queue": WEEKS * WEEK,
        "horizon": WEEK,
        "window_size": WINDOW,
        "repeats": args.repeats,
        "median_seconds": medians,
        "all_seconds": times,
        "statsforecast_over_iso18295": {
            name: medians["statsforecast"] / medians[name]
            for name in engines
            if name != "statsforecast"
        },
        "values_differing_from_iso18295_arrays": {
            name: int((outputs[name] != reference).sum()) for name in engines
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    timings = ", ".join(f"{k} {v:.4f} s" for k, v in medians.items())
    ratios = ", ".join(f"{k} {v:.0f}x" for k, v in results["statsforecast_over_iso18295"].items())
    print(f"{args.queues} queues x {WEEKS} weeks of half-hours: {timings}")
    print(f"statsforecast slower than: {ratios}; differing values:")
    print(f"  {results['values_differing_from_iso18295_arrays']}")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
