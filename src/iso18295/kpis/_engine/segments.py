"""Time segments cut into pieces: at local-time interval edges, and where two timelines meet.

Workforce KPIs add up seconds, so a segment that spans an interval boundary
gives each interval exactly its share.  `interval_edges` lists the UTC
instants at which a grouping's interval label (local interval number, plus
the fold bit in the repeated hour when clocks go back) can change within a
span: the local interval starts of each stretch of constant UTC offset, and
the offset changes themselves.  `split_at` cuts every segment at those edges
with two ``searchsorted`` calls (a division when the edges are evenly spaced)
and one ``np.repeat`` for the segments that span an edge (no loop over
segments).

`overlay` lays an agent's actual states over the schedule: the boundaries of
both timelines (plus the edges of adherence's tolerance windows) are sorted
once by (agent, time); each scheduled segment then covers a run of the
elementary pieces between consecutive boundaries, and each state segment
paints its state onto the pieces it covers, again with ``np.repeat``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.activity import agent_time_order
from iso18295._timezones import is_utc, zone_offsets
from iso18295.kpis._engine.grouping import (
    Grouping,
    canonical_folds,
    has_folds,
    interval_index,
    interval_start,
)

_NS: Final = 1_000_000_000
_DAY_NS: Final = 86_400 * _NS
_END: Final = np.iinfo(np.int64).max


def _year(ns: int) -> int:
    return datetime.fromtimestamp(ns // _NS, UTC).year


@attrs.frozen
class Edges:
    """Where the interval label may change, and the label from each edge on.

    Parameters
    ----------
    at : numpy.ndarray of int64
        UTC nanoseconds, ascending; the first is the start of the span, and
        each other one starts a different label from its predecessor's.
    label : numpy.ndarray of int64
        Dense label (0, 1, ...) of the stretch from each edge to the next,
        ordered like (interval number, fold).
    index, fold : numpy.ndarray of int64
        Per distinct label: the local interval number and the fold bit.
    step : int
        Nanoseconds between consecutive edges after the first, if they are
        evenly spaced (no clock change in the span), so an instant's edge is
        found by division; 0 otherwise.
    """

    at: NDArray[np.int64]
    label: NDArray[np.int64]
    index: NDArray[np.int64]
    fold: NDArray[np.int64]
    step: int = 0

    def of(self, instants: NDArray[np.int64], side: str = "right") -> NDArray[np.int64]:
        """Return the edge at or before each instant (``side="left"``: strictly before)."""
        if self.step and self.at.size > 1:
            shifted = instants - self.at[1] - (1 if side == "left" else 0)
            found: NDArray[np.int64] = shifted // self.step + 1
            return np.maximum(found, 0, out=found)
        return np.searchsorted(self.at, instants, side=side) - 1  # type: ignore[call-overload, no-any-return]


def interval_edges(first: int, last: int, grouping: Grouping) -> Edges:
    """Return the edges of `grouping`'s intervals over UTC nanoseconds ``[first, last)``."""
    zero = np.zeros(1, dtype=np.int64)
    if grouping.interval is None or last <= first:
        return Edges(at=np.array([first], np.int64), label=zero, index=zero, fold=zero)
    interval = grouping.interval
    if is_utc(grouping.time_zone):
        changes = np.empty(0, np.int64)
        offsets = zero
        repeat_until = np.full(1, np.iinfo(np.int64).min)
    else:
        table = zone_offsets(grouping.time_zone, _year(first - _DAY_NS), _year(last))
        changes, offsets, repeat_until = table.changes, table.offsets, table.repeat_until
    # Stretches of constant offset within the span: [bounds[k], bounds[k + 1]).
    inside = changes[(changes > first) & (changes < last)]
    bounds = np.concatenate([[first], inside, [last]])
    candidates = [bounds[:-1]]
    for k in range(bounds.size - 1):  # per change of offset (two a year), not per record
        offset = int(offsets[np.searchsorted(changes, bounds[k], side="right")])
        local = np.array([bounds[k] + offset, bounds[k + 1] - 1 + offset], dtype=np.int64)
        low, high = (int(i) for i in interval_index(local, interval))
        starts = interval_start(np.arange(low + 1, high + 1, dtype=np.int64), interval)
        candidates.append(starts - offset)
    at = np.unique(np.concatenate(candidates))
    segment = np.searchsorted(changes, at, side="right")
    local = at + offsets[segment]
    index = interval_index(local, interval)
    fold = np.zeros(at.size, dtype=np.int64)
    if has_folds(grouping):
        fold = (local < repeat_until[segment]).astype(np.int64)
        fold = canonical_folds(index, fold, grouping)
    new = np.ones(at.size, dtype=np.bool_)  # keep an edge only where the label changes
    new[1:] = (index[1:] != index[:-1]) | (fold[1:] != fold[:-1])
    at, index, fold = at[new], index[new], fold[new]
    pairs, label = np.unique(np.stack([index, fold]), axis=1, return_inverse=True)
    gaps = np.unique(np.diff(at[1:]))
    return Edges(
        at=at,
        label=label.reshape(-1).astype(np.int64),
        index=pairs[0],
        fold=pairs[1],
        step=int(gaps[0]) if gaps.size == 1 and at[1] - at[0] <= gaps[0] else 0,
    )


@attrs.frozen
class Pieces:
    """Segments cut at edges: per piece, the segment it came from, its edge, its seconds."""

    segment: NDArray[np.intp]
    edge: NDArray[np.intp]
    seconds: NDArray[np.float64]


def split_at(started: NDArray[np.int64], ended: NDArray[np.int64], edges: Edges) -> Pieces:
    """Cut segments ``[started, ended)`` (``ended > started >= edges.at[0]``) at the edges.

    Segments inside one interval (most of them) are pieces as they are; only
    the others are repeated once per interval they touch and clipped.  The
    pieces come in that order: whole segments first.
    """
    first = edges.of(started)
    whole = (ended - started).astype(np.float64) / _NS
    if edges.at.size == 1:
        return Pieces(segment=np.arange(started.size), edge=first, seconds=whole)
    spans = np.flatnonzero(edges.of(ended, side="left") > first)
    if spans.size == 0:
        return Pieces(segment=np.arange(started.size), edge=first, seconds=whole)
    inside = np.ones(started.size, dtype=np.bool_)
    inside[spans] = False
    counts = edges.of(ended[spans], side="left") - first[spans] + 1
    segment = np.repeat(spans, counts)
    offset = np.cumsum(counts) - counts
    edge = np.arange(segment.size) - np.repeat(offset - first[spans], counts)
    bounded = np.append(edges.at, _END)
    low = np.maximum(started[segment], bounded[edge])
    high = np.minimum(ended[segment], bounded[edge + 1])
    return Pieces(
        segment=np.concatenate([np.flatnonzero(inside), segment]),
        edge=np.concatenate([first[inside], edge]),
        seconds=np.concatenate([whole[inside], (high - low).astype(np.float64) / _NS]),
    )


@attrs.frozen
class Overlay:
    """Elementary pieces of scheduled time, each with one activity and one state.

    Parameters
    ----------
    agent : numpy.ndarray of int64
        The piece's agent code.
    started, ended : numpy.ndarray of int64
        UTC nanoseconds; the piece is ``[started, ended)``.
    activity : numpy.ndarray of int64
        The scheduled activity's code.
    state : numpy.ndarray of int64
        The recorded state's code, -1 where no state is recorded.
    stretch_start, stretch_end : numpy.ndarray of int64
        The start and end of the piece's stretch: the run of back-to-back
        scheduled segments of its agent and activity.  The pieces are cut at
        every tolerance's distance from both, so a piece lies wholly inside or
        wholly outside each tolerance window.
    """

    agent: NDArray[np.int64]
    started: NDArray[np.int64]
    ended: NDArray[np.int64]
    activity: NDArray[np.int64]
    state: NDArray[np.int64]
    stretch_start: NDArray[np.int64]
    stretch_end: NDArray[np.int64]

    def forgiven(self, tolerance_ns: int) -> NDArray[np.bool_]:
        """Tell per piece whether it lies within `tolerance_ns` of its stretch's start or end."""
        inside: NDArray[np.bool_] = self.started < self.stretch_start + tolerance_ns
        inside |= self.started >= self.stretch_end - tolerance_ns
        return inside


def _stretches(
    agent: NDArray[np.int64],
    started: NDArray[np.int64],
    ended: NDArray[np.int64],
    activity: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return, per segment (sorted by agent and start), its stretch's start and end.

    A stretch is a run of back-to-back segments of one agent and one activity.
    """
    n = agent.size
    if n == 0:
        return started.copy(), ended.copy()
    new = np.ones(n, dtype=np.bool_)
    new[1:] = (
        (agent[1:] != agent[:-1]) | (started[1:] != ended[:-1]) | (activity[1:] != activity[:-1])
    )
    firsts = np.flatnonzero(new)
    lasts = np.append(firsts[1:] - 1, n - 1)
    stretch = np.cumsum(new) - 1
    return started[firsts][stretch], ended[lasts][stretch]


def overlay(
    states: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]],
    schedule: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]],
    tolerances_ns: tuple[int, ...] = (),
) -> Overlay:
    """Lay recorded states over scheduled segments; each tuple is (agent, start, end, code).

    Segments must have positive length and not overlap within an agent (the
    tables guarantee the latter).
    """
    s_agent, s_start, s_end, s_code = states
    order = agent_time_order(schedule[0], schedule[1])
    p_agent, p_start, p_end, p_code = (column[order] for column in schedule)
    run_start, run_end = _stretches(p_agent, p_start, p_end, p_code)
    boundaries = [p_start, p_end, s_start, s_end]
    owners = [p_agent, p_agent, s_agent, s_agent]
    for tolerance in tolerances_ns:  # per distinct tolerance of the definitions
        boundaries += [
            np.clip(run_start + tolerance, p_start, p_end),
            np.clip(run_end - tolerance, p_start, p_end),
        ]
        owners += [p_agent, p_agent]
    times = np.concatenate(boundaries)
    agents = np.concatenate(owners)
    sort = agent_time_order(agents, times)
    a, t = agents[sort], times[sort]
    distinct = np.ones(t.size, dtype=np.bool_)
    distinct[1:] = (a[1:] != a[:-1]) | (t[1:] != t[:-1])
    rank = np.empty(t.size, dtype=np.int64)
    rank[sort] = np.cumsum(distinct) - 1
    point_time = t[distinct]
    del boundaries, owners, times, agents, sort, a, t, distinct  # the largest temporaries
    n_p, n_s = p_start.size, s_start.size
    # Each state segment paints its code on the elementary pieces it covers.
    state_at = np.full(point_time.size, -1, dtype=np.int64)
    first = rank[2 * n_p : 2 * n_p + n_s]
    count = rank[2 * n_p + n_s : 2 * n_p + 2 * n_s] - first
    painted = np.repeat(np.arange(n_s), count)
    where = np.arange(painted.size) - np.repeat(np.cumsum(count) - count - first, count)
    state_at[where] = s_code[painted]
    # Each scheduled segment covers the pieces from its start's point to its end's.
    first = rank[:n_p]
    count = rank[n_p : 2 * n_p] - first
    owner = np.repeat(np.arange(n_p), count)
    point = np.arange(owner.size) - np.repeat(np.cumsum(count) - count - first, count)
    return Overlay(
        agent=p_agent[owner],
        started=point_time[point],
        ended=point_time[point + 1],
        activity=p_code[owner],
        state=state_at[point],
        stretch_start=run_start[owner],
        stretch_end=run_end[owner],
    )
