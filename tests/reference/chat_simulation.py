"""A discrete-event simulation of chat agents who hold several conversations (test oracle).

It shares no code with :mod:`iso18295.staffing._concurrency` and does not make
the model's one approximation: each agent keeps its own conversations (no
rebalancing), a new conversation goes to the agent holding the fewest (the
first such agent), and a conversation ends at a rate that depends on how many
its own agent holds.  Handling times are exponential, so the system is a
continuous-time Markov chain over the agents' loads and the queue; many
independent cases advance in lockstep, one numpy operation per event for all.
Service level is measured on conversations answered after a warm-up, with
its standard error from batch means.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def simulate_chat(
    *,
    arrival_rate: NDArray[np.float64],
    agents: NDArray[np.int64],
    multipliers: NDArray[np.float64],
    concurrency: NDArray[np.int64],
    threshold: NDArray[np.float64],
    events: int,
    seed: int,
    batches: int = 20,
    queue_capacity: int = 4096,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the simulated service level of each case and its standard error.

    Time is in units of the handling time of a conversation handled alone.
    `multipliers` has shape (cases, k) for the largest k: the handling-time
    multiplier at each concurrency 1..k; case i holds at most
    `concurrency[i]`.  The first tenth of the events is a warm-up.
    """
    rng = np.random.default_rng(seed)
    cases = arrival_rate.size
    k = multipliers.shape[1]
    width = int(agents.max())
    rows = np.arange(cases)
    # Departure rate of one conversation at an agent holding c = 0..k conversations.
    per_conversation = np.zeros((cases, k + 1))
    per_conversation[:, 1:] = 1.0 / multipliers
    real = np.arange(width)[None, :] < agents[:, None]
    load = np.where(real, 0, k + 1)  # padding agents look full and never finish anything
    queue = np.zeros((cases, queue_capacity))
    head = np.zeros(cases, dtype=np.int64)
    size = np.zeros(cases, dtype=np.int64)
    now = np.zeros(cases)
    met = np.zeros((cases, batches))
    total = np.zeros((cases, batches))
    warm_up = events // 10
    per_batch = (events - warm_up) // batches + 1
    for step in range(events):
        capped = np.minimum(load, k)
        agent_rate = np.where(real, capped * per_conversation[rows[:, None], capped], 0.0)
        departures = agent_rate.sum(axis=1)
        total_rate = arrival_rate + departures
        now += rng.exponential(1.0, cases) / total_rate
        pick = rng.random(cases) * total_rate
        is_arrival = pick < arrival_rate
        # Departure: the agent whose cumulative rate first exceeds the pick.
        cumulative = np.cumsum(agent_rate, axis=1)
        chosen = np.minimum((cumulative <= (pick - arrival_rate)[:, None]).sum(axis=1), width - 1)
        least = np.argmin(load, axis=1)
        has_room = load[rows, least] < concurrency
        record = step >= warm_up
        batch = min((step - warm_up) // per_batch, batches - 1) if record else 0

        # Arrivals that find room are answered at once.
        direct = is_arrival & has_room
        load[rows[direct], least[direct]] += 1
        if record:
            met[direct, batch] += 1.0
            total[direct, batch] += 1.0
        # Arrivals that find every agent full join the queue.
        wait = is_arrival & ~has_room
        tail = (head[wait] + size[wait]) % queue_capacity
        queue[rows[wait], tail] = now[wait]
        size[wait] += 1
        if (size >= queue_capacity).any():  # pragma: no cover - a test set-up error
            raise RuntimeError("queue capacity exceeded: the case is too heavily loaded")
        # A departure frees a slot, taken at once by the head of the queue if any.
        leave = ~is_arrival
        load[rows[leave], chosen[leave]] -= 1
        take = leave & (size > 0)
        waited = now[take] - queue[rows[take], head[take]]
        head[take] = (head[take] + 1) % queue_capacity
        size[take] -= 1
        load[rows[take], chosen[take]] += 1
        if record:
            met[take, batch] += waited <= threshold[take]
            total[take, batch] += 1.0
    level = met.sum(axis=1) / total.sum(axis=1)
    batch_levels = met / np.maximum(total, 1.0)
    error = batch_levels.std(axis=1, ddof=1) / np.sqrt(batches)
    return level, error
