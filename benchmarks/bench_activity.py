"""Occupancy and schedule adherence per agent and 30-minute interval: iso18295 against pandas.

Run with ``python benchmarks/bench_activity.py`` in an environment with pandas
(the ``bench`` dependency group).  About a million recorded agent states
(seeded) for 400 agents over 30 days, back to back with short gaps, and a
schedule of contact work and breaks (about 190,000 segments).  Both engines
compute, per agent and 30-minute interval (UTC), occupancy (handling and
after-contact work over those plus available time) and schedule adherence
with a 60-second tolerance at the ends of each stretch of one scheduled
activity, splitting every segment exactly at interval edges, inside the
timing.  pandas does it the idiomatic way: ``merge_asof`` by agent to find the
state and scheduled activity of each elementary piece, ``Index.repeat`` to
split pieces at interval edges, ``groupby().sum()``.

Engines are timed interleaved in one process and medians reported; peak
extra memory of numpy allocations is measured with tracemalloc in a separate
run.  The two engines' values are compared.  Results go to
``benchmarks/results/activity.json``.
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

from iso18295 import AgentStateTable, ScheduleTable
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import Grouping, Occupancy, ScheduleAdherence, measure_activity

RESULTS = Path(__file__).parent / "results" / "activity.json"
PAUSE = 0.3
NS = 10**9
SLOT = 30 * 60 * NS
DAYS = 30
TOLERANCE = 60
STATES = ("available", "handling", "after_contact", "break", "meeting", "offline")
STATE_SHARE = (0.2, 0.5, 0.15, 0.08, 0.02, 0.05)
HANDLING = (1, 2)  # codes of handling and after_contact in AgentState order
AVAILABLE = (0,)
MATCHES = {0: (0, 1, 2), 1: (3,)}  # contact work: available, handling, wrap-up; break: break
KPIS = (Occupancy(), ScheduleAdherence(tolerance_seconds=TOLERANCE))
GROUPING = Grouping(by=("agent_id",), interval="30min")


def make_segments(n: int, agents: int, seed: int = 18295) -> dict[str, np.ndarray]:
    """Recorded states: per agent, segments back to back with occasional gaps (int64 ns)."""
    rng = np.random.default_rng(seed)
    per_agent = n // agents
    start = np.datetime64("2026-03-01T00:00", "ns").astype(np.int64)
    mean = DAYS * 86_400 / per_agent
    length = np.maximum(rng.exponential(mean * 0.9, (agents, per_agent)), 1.0).round()
    gap = np.where(
        rng.random((agents, per_agent)) < 0.1, rng.exponential(mean, (agents, per_agent)), 0.0
    ).round()
    ends = start + (np.cumsum(length + gap, axis=1) * NS).astype(np.int64)
    starts = ends - (length * NS).astype(np.int64)
    codes = rng.choice(len(STATES), size=(agents, per_agent), p=STATE_SHARE)
    return {
        "agent": np.repeat(np.arange(agents), per_agent),
        "state": codes.ravel(),
        "start": starts.ravel(),
        "end": ends.ravel(),
    }


def make_schedule(agents: int, seed: int = 18296) -> dict[str, np.ndarray]:
    """Scheduled blocks back to back: contact work of about two hours, then a break."""
    rng = np.random.default_rng(seed)
    blocks = DAYS * 12
    start = np.datetime64("2026-03-01T00:00", "ns").astype(np.int64)
    work = rng.integers(60, 180, (agents, blocks)) * 60
    rest = rng.integers(10, 30, (agents, blocks)) * 60
    lengths = np.stack([work, rest], axis=2).reshape(agents, -1)
    ends = start + np.cumsum(lengths, axis=1).astype(np.int64) * NS
    starts = ends - lengths.astype(np.int64) * NS
    activity = np.tile([0, 1], (agents, blocks))  # contact_work, break
    return {
        "agent": np.repeat(np.arange(agents), 2 * blocks),
        "activity": activity.ravel(),
        "start": starts.ravel(),
        "end": ends.ravel(),
    }


def make_tables(states: dict[str, np.ndarray], plan: dict[str, np.ndarray]) -> tuple[Any, Any]:
    names = np.array([f"A{i:04d}" for i in range(int(states["agent"].max()) + 1)])
    agent_states = AgentStateTable.from_columns(
        agent_id=names[states["agent"]],
        state=np.array(STATES)[states["state"]],
        started_at=states["start"].view("datetime64[ns]"),
        ended_at=states["end"].view("datetime64[ns]"),
    )
    schedule = ScheduleTable.from_columns(
        agent_id=names[plan["agent"]],
        activity=np.array(["contact_work", "break"])[plan["activity"]],
        started_at=plan["start"].view("datetime64[ns]"),
        ended_at=plan["end"].view("datetime64[ns]"),
    )
    return agent_states, schedule


# --- engines: ours returns a KpiResult, pandas arrays sorted by (agent, slot) ---


def run_ours(states: Any, schedule: Any) -> Any:
    return measure_activity(states, KPIS, schedule=schedule, grouping=GROUPING)


def keyed(result: Any) -> dict[str, np.ndarray]:
    """Our result as arrays keyed like pandas' (outside the timing: it reads labels)."""
    agent = np.array([int(a[1:]) for a in result.labels["agent_id"]])
    slot = result.labels["interval_start_utc"].view(np.int64) // SLOT
    return {
        "key": agent * 10**7 + slot,
        "occupancy": np.asarray(result["occupancy"].value),
        "adherence": np.asarray(result["schedule_adherence"].value),
    }


def _split(pd: Any, frame: Any) -> Any:
    """Repeat each row once per 30-minute slot it touches; add the slot and its seconds."""
    first = frame["start"] // SLOT
    count = (frame["end"] - 1) // SLOT - first + 1
    out = frame.loc[frame.index.repeat(count)]
    slot = first.loc[out.index] + out.groupby(level=0).cumcount()
    low = np.maximum(out["start"].to_numpy(), slot.to_numpy() * SLOT)
    high = np.minimum(out["end"].to_numpy(), (slot.to_numpy() + 1) * SLOT)
    return out.assign(slot=slot.to_numpy(), seconds=(high - low) / NS)


def run_pandas(pd: Any, states: Any, plan: Any) -> dict[str, np.ndarray]:
    pieces = _split(pd, states[states["end"] > states["start"]])
    pieces = pieces.assign(
        busy=pieces["seconds"].where(pieces["state"].isin(HANDLING), 0.0),
        idle=pieces["seconds"].where(pieces["state"].isin(AVAILABLE), 0.0),
    )
    occupancy = pieces.groupby(["agent", "slot"]).agg(busy=("busy", "sum"), idle=("idle", "sum"))

    plan = plan.sort_values(["agent", "start"], kind="stable").reset_index(drop=True)
    new = (
        (plan["agent"] != plan["agent"].shift())
        | (plan["start"] != plan["end"].shift())
        | (plan["activity"] != plan["activity"].shift())
    )
    stretch = new.cumsum()
    plan["run_start"] = plan.groupby(stretch)["start"].transform("min")
    plan["run_end"] = plan.groupby(stretch)["end"].transform("max")
    tol = TOLERANCE * NS
    cuts = [
        plan[["agent", "start"]].rename(columns={"start": "t"}),
        plan[["agent", "end"]].rename(columns={"end": "t"}),
        states[["agent", "start"]].rename(columns={"start": "t"}),
        states[["agent", "end"]].rename(columns={"end": "t"}),
        pd.DataFrame({"agent": plan["agent"],
                      "t": (plan["run_start"] + tol).clip(plan["start"], plan["end"])}),
        pd.DataFrame({"agent": plan["agent"],
                      "t": (plan["run_end"] - tol).clip(plan["start"], plan["end"])}),
    ]  # fmt: skip
    points = pd.concat(cuts).drop_duplicates().sort_values(["agent", "t"])
    points["next"] = points.groupby("agent")["t"].shift(-1)
    points = points.dropna(subset=["next"]).astype({"next": np.int64}).sort_values("t")
    on_plan = pd.merge_asof(points, plan.rename(columns={"start": "t"}).sort_values("t"),
                            on="t", by="agent")  # fmt: skip
    on_plan = on_plan[on_plan["t"] < on_plan["end"]].drop(columns="end")
    on_both = pd.merge_asof(on_plan.sort_values("t"),
                            states.rename(columns={"start": "t"}).sort_values("t"),
                            on="t", by="agent")  # fmt: skip
    recorded = on_both["t"] < on_both["end"]
    state = on_both["state"].where(recorded, -1)
    match = np.zeros(len(on_both), dtype=bool)
    for activity, codes in MATCHES.items():  # two activities, not records
        match |= (on_both["activity"] == activity).to_numpy() & state.isin(codes).to_numpy()
    forgiven = (on_both["t"] < on_both["run_start"] + tol) | (
        on_both["t"] >= on_both["run_end"] - tol
    )
    scheduled = pd.DataFrame({
        "agent": on_both["agent"], "start": on_both["t"], "end": on_both["next"],
        "good": match | forgiven.to_numpy(),
    })  # fmt: skip
    split = _split(pd, scheduled.reset_index(drop=True))
    split = split.assign(kept=split["seconds"].where(split["good"], 0.0))
    adherence = split.groupby(["agent", "slot"]).agg(
        kept=("kept", "sum"), total=("seconds", "sum")
    )

    both = occupancy.join(adherence, how="outer").sort_index()
    busy, idle = both["busy"].fillna(0.0), both["idle"].fillna(0.0)
    agents = both.index.get_level_values(0).to_numpy()
    slots = both.index.get_level_values(1).to_numpy()
    return {
        "key": agents * 10**7 + slots,
        "occupancy": (busy / (busy + idle)).to_numpy(),
        "adherence": (both["kept"] / both["total"]).to_numpy(),
    }


def compare(ours: dict[str, np.ndarray], theirs: dict[str, np.ndarray]) -> dict[str, float]:
    if not np.array_equal(ours["key"], theirs["key"]):
        return {"groups": float("inf")}
    worst = {}
    for name in ("occupancy", "adherence"):
        a, b = ours[name], theirs[name]
        b = np.where(np.isfinite(b), b, np.nan)  # pandas gives NaN for 0/0 too
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            worst[name] = float("inf")
            continue
        both = ~np.isnan(a)
        worst[name] = float(np.abs(a[both] - b[both]).max()) if both.any() else 0.0
    return worst


def peak_mb(call: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1_000_000)
    parser.add_argument("--agents", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    try:
        import pandas as pd
    except ImportError:
        print("bench_activity: pandas is not installed; skipped (use the bench dependency group)")
        return
    warnings.simplefilter("ignore", UndefinedKpiWarning)  # slots with no schedule: expected

    raw_states = make_segments(args.segments, args.agents)
    raw_plan = make_schedule(args.agents)
    states, schedule = make_tables(raw_states, raw_plan)
    state_frame = pd.DataFrame(raw_states)
    plan_frame = pd.DataFrame(raw_plan)
    engines: dict[str, Callable[[], Any]] = {
        "iso18295": lambda: run_ours(states, schedule),
        "pandas": lambda: run_pandas(pd, state_frame, plan_frame),
    }
    outputs = {name: engine() for name, engine in engines.items()}  # warm up, and check
    ours = keyed(outputs["iso18295"])
    agreement = compare(ours, outputs["pandas"])
    groups = len(ours["key"])

    times: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(args.repeats):
        for name, engine in engines.items():  # interleaved, so drift hits both alike
            time.sleep(PAUSE)
            start = time.perf_counter()
            engine()
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    memory = {name: peak_mb(engine) for name, engine in engines.items()}
    ratio = medians["pandas"] / medians["iso18295"]
    report = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "versions": {n: version(n) for n in ("numpy", "pandas")},
        "state_segments": len(states),
        "scheduled_segments": len(schedule),
        "agents": args.agents,
        "groups": groups,
        "repeats": args.repeats,
        "median_seconds": medians,
        "all_seconds": times,
        "tracemalloc_peak_mb": memory,
        "ratios": {"pandas_over_ours": ratio},
        "worst_absolute_difference_vs_pandas": agreement,
        "targets_met": {
            "at least 5x faster than pandas": ratio >= 5,
            "pandas agrees to 1e-9": all(v <= 1e-9 for v in agreement.values()),
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"{len(states):,} state segments, {len(schedule):,} scheduled, {groups:,} groups")
    for name, seconds in medians.items():
        print(f"  {name:<10} {seconds:8.3f} s  (peak numpy memory {memory[name]:7.0f} MB)")
    print(f"  pandas / iso18295: {ratio:.1f}x; worst difference {agreement}")


if __name__ == "__main__":
    main()
