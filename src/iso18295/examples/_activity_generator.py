"""The seeded generator of the example centre's agent states and schedule (imports numpy).

Every contact-handling agent of the example (an agent with a
`first_contact_on` day) works eight-hour weekday shifts in March 2026 from
that day on, starting at 08:00 to 12:00 local time (Europe/Dublin) by agent,
so the shifts cover the channels' opening hours; agents of Brightwater's
voice line also take turns on Saturdays (09:00 to 15:00).  A shift is
scheduled as contact work with two short breaks and a lunch break;
Wednesdays have a team meeting, and one Thursday a training session.  Each
agent has one to three days of planned leave, and about 4 % of shifts are
lost to unplanned absence.

The recorded states follow the schedule with human lateness (log-ins and
returns from breaks a little late) and split contact work into cycles of
waiting (available), handling and after-contact work.  Built block by block
and cycle by cycle with numpy; the only Python loops are over days and agents.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .._model.activity import AgentStateTable, ScheduleTable
from .._model.scope import Scope

_TZ: Final = ZoneInfo("Europe/Dublin")
_FIRST_DAY: Final = date(2026, 3, 1)
_DAYS: Final = 31
_MINUTE: Final = 60

Blocks = tuple[tuple[str, int, int], ...]
"""A shift's blocks: (activity, start minute, end minute) from the shift start."""
Shift = tuple[str, np.datetime64, Blocks, str]
_CYCLES: Final = 64  # more waiting-handling-wrap-up cycles than fit in any block

_WEEKDAY: Final[Blocks] = (
    ("contact_work", 0, 120),
    ("break", 120, 135),
    ("contact_work", 135, 240),
    ("break", 240, 270),
    ("contact_work", 270, 375),
    ("break", 375, 390),
    ("contact_work", 390, 480),
)
_WEDNESDAY: Final[Blocks] = (
    *_WEEKDAY[:4],
    ("meeting", 270, 300),
    ("contact_work", 300, 375),
    *_WEEKDAY[5:],
)
_TRAINING: Final[Blocks] = (("training", 0, 120), *_WEEKDAY[1:])
_SATURDAY: Final[Blocks] = (
    ("contact_work", 0, 150),
    ("break", 150, 180),
    ("contact_work", 180, 360),
)


def _utc_start(day: date, hour: int) -> np.datetime64:
    local = datetime(day.year, day.month, day.day, hour, tzinfo=_TZ)
    offset = local.utcoffset() or timedelta(0)
    return np.datetime64(local.replace(tzinfo=None) - offset, "s")


def _shifts(scope: Scope, rng: np.random.Generator) -> list[Shift]:
    """Return (agent, shift start UTC, blocks, kind) per shift; kind: worked, leave, sick."""
    agents = scope.agents or ()
    handlers = [(a, a.first_contact_on) for a in agents if a.first_contact_on is not None]
    days = [_FIRST_DAY + timedelta(days=d) for d in range(_DAYS)]
    shifts: list[Shift] = []
    for number, (agent, first) in enumerate(handlers):  # per agent and day, not per record
        weekdays = [d for d in days if d.weekday() < 5 and d >= first]
        taken = min(int(rng.integers(1, 4)), len(weekdays))
        leave = set(rng.choice(len(weekdays), size=taken, replace=False).tolist())
        training_week = number % 4
        saturday_turn = number % 3 if "bw-voice" in agent.channel_ids else None
        for day in days:
            if day < first:
                continue
            week = (day.day - 1) // 7
            if day.weekday() == 5 and saturday_turn == week % 3:
                shifts.append((agent.id, _utc_start(day, 9), _SATURDAY, "worked"))
                continue
            if day.weekday() >= 5:
                continue
            blocks = _WEEKDAY
            if day.weekday() == 2:
                blocks = _WEDNESDAY
            elif day.weekday() == 3 and week == training_week:
                blocks = _TRAINING
            kind = "worked"
            if weekdays.index(day) in leave:
                kind = "leave"
            elif rng.random() < 0.04:
                kind = "sick"
            shifts.append((agent.id, _utc_start(day, 8 + number % 5), blocks, kind))
    return shifts


def generate(seed: int, scope: Scope) -> tuple[AgentStateTable, ScheduleTable]:
    """Generate the tables; see `iso18295.examples.generate_agent_activity`."""
    rng = np.random.default_rng(seed)
    shifts = _shifts(scope, rng)
    plan_agent, plan_activity, plan_start, plan_end = [], [], [], []
    absent_agent, absent_state, absent_start, absent_end = [], [], [], []
    work_agent, work_activity, work_start, work_end, first_block = [], [], [], [], []
    for agent, shift_start, blocks, kind in shifts:  # per shift: a handful of blocks each
        begin = shift_start.astype(np.int64)
        span = (begin + blocks[0][1] * _MINUTE, begin + blocks[-1][2] * _MINUTE)
        if kind == "leave":
            plan_agent.append(agent)
            plan_activity.append("planned_absence")
            plan_start.append(span[0])
            plan_end.append(span[1])
        else:
            for j, (activity, a, b) in enumerate(blocks):
                plan_agent.append(agent)
                plan_activity.append(activity)
                plan_start.append(begin + a * _MINUTE)
                plan_end.append(begin + b * _MINUTE)
                if kind == "worked":
                    work_agent.append(agent)
                    work_activity.append(activity)
                    work_start.append(begin + a * _MINUTE)
                    work_end.append(begin + b * _MINUTE)
                    first_block.append(j == 0)
        if kind != "worked":
            absent_agent.append(agent)
            absent_state.append("planned_absence" if kind == "leave" else "unplanned_absence")
            absent_start.append(span[0])
            absent_end.append(span[1])
    start, end = _late(np.array(work_start), np.array(work_end), np.array(first_block), rng)
    states = _cycles(np.array(work_agent, dtype=object), np.array(work_activity), start, end, rng)
    columns = {
        "agent_id": np.concatenate([states[0], np.array(absent_agent, dtype=object)]),
        "state": np.concatenate([states[1], np.array(absent_state, dtype=object)]),
        "started_at": _seconds(np.concatenate([states[2], np.array(absent_start, np.int64)])),
        "ended_at": _seconds(np.concatenate([states[3], np.array(absent_end, np.int64)])),
    }
    order = np.lexsort((columns["started_at"], columns["agent_id"].astype(str)))
    table = AgentStateTable.from_columns(**{k: v[order] for k, v in columns.items()})
    schedule = ScheduleTable.from_columns(
        agent_id=np.array(plan_agent, dtype=object),
        activity=np.array(plan_activity, dtype=object),
        started_at=_seconds(np.array(plan_start, np.int64)),
        ended_at=_seconds(np.array(plan_end, np.int64)),
    )
    return table, schedule


def _seconds(values: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    return values.astype("datetime64[s]").astype("datetime64[ns]")


def _late(
    start: npt.NDArray[np.int64],
    end: npt.NDArray[np.int64],
    first: npt.NDArray[np.bool_],
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Move each block's start a little late (log-ins, returns from breaks), ends with it.

    Blocks are consecutive within a shift, so a block's recorded end is the
    next block's recorded start, and a shift's last block ends at most five
    minutes late.  Every delay is under five minutes, shorter than any block.
    """
    delay = np.minimum(rng.exponential(np.where(first, 150.0, 50.0)), 299.0).round()
    moved = start + delay.astype(np.int64)
    last = np.append(first[1:], True)
    late_end = end + np.minimum(rng.exponential(90.0, end.size), 299.0).round().astype(np.int64)
    following = np.append(moved[1:], 0)
    return moved, np.where(last, late_end, following)


def _cycles(
    agent: npt.NDArray[np.object_],
    activity: npt.NDArray[np.str_],
    start: npt.NDArray[np.int64],
    end: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> tuple[
    npt.NDArray[np.object_], npt.NDArray[np.object_], npt.NDArray[np.int64], npt.NDArray[np.int64]
]:
    """Split contact work into available, handling, after-contact segments; keep the rest whole."""
    work = np.flatnonzero(activity == "contact_work")
    n = work.size
    durations = np.empty((n, _CYCLES, 3))
    durations[:, :, 0] = rng.exponential(70.0, (n, _CYCLES))
    durations[:, :, 1] = rng.lognormal(np.log(280.0), 0.45, (n, _CYCLES))
    durations[:, :, 2] = rng.uniform(20.0, 70.0, (n, _CYCLES))
    steps = np.maximum(durations.reshape(n, -1).round().astype(np.int64), 1)
    begins = start[work, None] + np.cumsum(steps, axis=1) - steps
    inside = begins < end[work, None]
    block = np.repeat(np.arange(n), inside.sum(axis=1))
    seg_start = begins[inside]
    seg_end = np.minimum(seg_start + steps[inside], end[work][block])
    phase = np.tile(np.arange(3), _CYCLES)[np.nonzero(inside)[1]]
    names = np.array(["available", "handling", "after_contact"], dtype=object)
    other = np.flatnonzero(activity != "contact_work")
    return (
        np.concatenate([agent[work][block], agent[other]]),
        np.concatenate([names[phase], activity[other].astype(object)]),
        np.concatenate([seg_start, start[other]]),
        np.concatenate([seg_end, end[other]]),
    )
