"""Oldest open item per channel and hour: iso18295.kpis against pandas, and merge overhead.

Run with ``python benchmarks/bench_deferred.py`` in an environment with the
``bench`` dependency group (pandas).  Two million seeded written contacts over
30 days and 4 channels, a third still open, grouped per channel and 60-minute
interval of arrival (2,880 groups); `OldestOpenItemAge` at the end of the
period in calendar time, against pandas (a boolean mask, then ``groupby`` max and
size); the same KPI on the business clock; and `ResponseTime`'s share (counts
only) to show what the maximum costs over counting.  Timed interleaved, medians
reported; the values are compared with pandas.  Results go to
``benchmarks/results/deferred.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

import numpy as np
import pandas as pd

from iso18295 import InteractionTable, Weekday, WeeklyHours
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import Grouping, OldestOpenItemAge, ResponseTime, compute

RESULTS = Path(__file__).parent / "results" / "deferred.json"
CHANNELS = ("e-mail", "letter", "social", "web-form")
START = np.datetime64("2026-03-02T00:00", "ns")
AS_OF = datetime(2026, 4, 1, tzinfo=UTC)
OFFICE = (
    WeeklyHours(days=frozenset(list(Weekday)[:5]), opens=clock_time(9), closes=clock_time(17)),
)
GROUPING = Grouping(by=("channel_id",), interval="60min")


def make_table(n: int, seed: int = 18295) -> InteractionTable:
    rng = np.random.default_rng(seed)
    offered = START + np.sort(rng.integers(0, 30 * 86400, n)).astype("timedelta64[s]")
    outcome = rng.choice(3, n, p=[0.6, 0.05, 0.35])  # answered, withdrawn, still open
    return InteractionTable.from_columns(
        channel_id=np.array(CHANNELS, dtype=object)[rng.integers(0, 4, n)],
        direction=np.full(n, "inbound"),
        client_id=np.full(n, "client"),
        offered_at=offered.astype("datetime64[ns]"),
        wait_seconds=rng.integers(0, 3 * 86400 * 4, n) / 4.0,
        answered=outcome == 0,
        abandoned=outcome == 1,
    )


def ours(table: InteractionTable, kpi: object) -> tuple[np.ndarray, np.ndarray]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        result = compute(table, [kpi], grouping=GROUPING)  # type: ignore[list-item]
    values = result[kpi.name]  # type: ignore[attr-defined]
    return values.value, values.denominator


def with_pandas(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    as_of = pd.Timestamp(AS_OF.replace(tzinfo=None))
    closes = frame["offered_at"] + pd.to_timedelta(frame["wait_seconds"], unit="s")
    closed = (frame["answered"] | frame["abandoned"]) & (closes <= as_of)
    ages = (as_of - frame["offered_at"]).dt.total_seconds().where(~closed)
    keys = [frame["channel_id"], frame["offered_at"].dt.floor("60min")]
    grouped = ages.groupby(keys, sort=True)
    return grouped.max().to_numpy(), grouped.count().to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    table = make_table(args.rows)
    frame = pd.DataFrame(
        {
            "channel_id": np.array(table.categories("channel_id"))[table["channel_id"]],
            **{n: table[n] for n in ("offered_at", "wait_seconds", "answered", "abandoned")},
        }
    )
    calendar = OldestOpenItemAge(as_of=AS_OF)
    runs: dict[str, Callable[[], object]] = {
        "oldest, calendar": lambda: ours(table, calendar),
        "oldest, business": lambda: ours(
            table,
            OldestOpenItemAge(
                as_of=AS_OF, clock="business", business_hours=OFFICE, time_zone="Europe/Dublin"
            ),
        ),
        "response share (counts only)": lambda: ours(table, ResponseTime(threshold_seconds=7200)),
        "pandas oldest, calendar": lambda: with_pandas(frame),
    }
    value, denominator = ours(table, calendar)
    expected_value, expected_count = with_pandas(frame)
    np.testing.assert_allclose(value, expected_value, rtol=1e-12)  # NaN where none open
    np.testing.assert_array_equal(denominator, expected_count)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            begin = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - begin)
    medians = {name: statistics.median(t) for name, t in times.items()}
    results = {
        "rows": args.rows,
        "groups": len(value),
        "median_seconds": medians,
        "pandas_over_ours": medians["pandas oldest, calendar"] / medians["oldest, calendar"],
        "oldest_over_counts": medians["oldest, calendar"]
        / medians["response share (counts only)"],
    }
    for name, seconds in medians.items():
        print(f"{name:32s} {seconds:8.3f} s")
    print(f"pandas / ours: {results['pandas_over_ours']:.1f}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
