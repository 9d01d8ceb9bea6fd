"""Item-by-item first-in-first-out processing of deferred work (test oracle).

Items arrive evenly spaced within each interval; the agents' capacity is a
rate per interval.  Each item starts when it has arrived and its predecessor
is finished, and takes one item's worth of cumulative capacity.  A loop over
items, sharing no code with the fluid curves of the library.
"""

from __future__ import annotations

import numpy as np


def fifo_items(
    arrivals: list[int], capacity: list[float], length: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return each item's arrival and finish time (inf if unfinished by the end)."""
    edges = np.arange(len(arrivals) + 1) * length
    work = np.concatenate([[0.0], np.cumsum(capacity)])  # cumulative capacity at the edges
    arrive = []
    for t, count in enumerate(arrivals):
        arrive += [edges[t] + (i + 0.5) * length / count for i in range(count)]
    finish = []
    done_work = 0.0
    for at in arrive:
        start_work = max(float(np.interp(at, edges, work)), done_work)
        done_work = start_work + 1.0
        if done_work > work[-1] + 1e-9:
            finish.append(np.inf)
        else:
            finish.append(float(np.interp(done_work, work, edges)))
    return np.array(arrive), np.array(finish)
