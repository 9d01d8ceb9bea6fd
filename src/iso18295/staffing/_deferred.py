"""Deferred work (e-mail, back office): a backlog worked first in, first out.

Items need not be answered at once, only within a deadline, so the question is
not a queue's waiting time but how the backlog moves from interval to
interval.  The model is a fluid one: within interval ``t`` (of length ``L``
business seconds) items arrive at the constant rate ``a_t / L`` and agents
work at ``c_t / L`` items per second, with ``c_t = n_t L / AHT``.  The backlog at
the end of each interval follows the Lindley recursion
``b_t = max(b_(t-1) + a_t - c_t, 0)``, computed for all intervals at once as
``S_t - min(0, min_(s<=t) S_s)`` with ``S`` the running sum of ``a - c``.

Work is first in, first out, so item number ``x`` (counting arrivals from the
start) arrives at ``A^-1(x)`` and is finished at ``D^-1(x)``, with ``A`` and ``D``
the cumulative arrival and departure curves; both are piecewise linear (``D``
bends where a backlog empties inside an interval), so their inverses are
linear interpolations.  An item's wait is ``D^-1(x) - A^-1(x)``; the oldest
item open at the end of an interval is item ``D(end)``.

Deadlines are in business time: pass only the intervals in business hours,
and the time between them does not count.
"""

from __future__ import annotations

import dataclasses
import typing

import numpy as np
from numpy.typing import ArrayLike, NDArray

import iso18295._display as _display
from iso18295._limits import MAX_AGENTS, limit_text
from iso18295.staffing import _validation as v

#: Items sampled evenly per interval to measure the share cleared within the deadline.
_SAMPLES = 64


@typing.final
@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class BacklogResult:
    """How a backlog of deferred work moves over intervals, worked first in, first out.

    Attributes
    ----------
    backlog : numpy.ndarray of float64
        Shape (intervals,).
        Items open at the end of each interval.
    handled : numpy.ndarray of float64
        Shape (intervals,).
        Items finished in each interval.
    oldest_age_seconds : numpy.ndarray of float64
        Shape (intervals,).
        Age, in business seconds, of the oldest item open at the end of each
        interval; 0 where nothing is open.
    cleared_share : numpy.ndarray of float64
        Shape (intervals,).
        Share of the items arriving in each interval finished within the
        deadline; NaN where no item arrived, or where none is decided yet
        (neither finished nor past its deadline by the end of the last interval).
    overall_cleared_share : float
        The same over every decided item (NaN if none).

    Examples
    --------
    >>> from iso18295.staffing import deferred_backlog
    >>> r = deferred_backlog([40, 40, 0], [2, 2, 2], interval_seconds=3600,
    ...                      handling_seconds=240, deadline_seconds=3600)
    >>> r.backlog.tolist(), r.handled.tolist()
    ([10.0, 20.0, 0.0], [30.0, 30.0, 20.0])
    """

    backlog: NDArray[np.float64]
    handled: NDArray[np.float64]
    oldest_age_seconds: NDArray[np.float64]
    cleared_share: NDArray[np.float64]
    overall_cleared_share: float

    def __repr__(self) -> str:
        return _display.fields_repr(self)

    def _repr_html_(self) -> str:
        return _display.fields_html(self)


def _curves(
    arrivals: NDArray[np.float64],
    capacity: NDArray[np.float64],
    length: float,
    initial: float,
) -> tuple[NDArray[np.float64], ...]:
    """Return backlog, handled, and the points of the arrival and departure curves."""
    count = arrivals.size
    net = initial + np.cumsum(arrivals - capacity)
    floor = np.minimum(np.minimum.accumulate(net), 0.0)
    backlog = net - floor
    before = np.concatenate([[initial], backlog[:-1]])  # backlog at each start
    arrived_end = initial + np.cumsum(arrivals)
    arrived_start = arrived_end - arrivals
    handled = before + arrivals - backlog
    starts = np.arange(count) * length
    # Where work outpaces arrivals, the backlog empties after before * L / (c - a).
    faster = capacity > arrivals
    rate_gap = np.where(faster, capacity - arrivals, 1.0)
    empty_after = np.where(faster, np.minimum(before * length / rate_gap, length), length)
    done_start = arrived_start - before
    done_empty = done_start + capacity * empty_after / length
    done_empty = np.minimum(done_empty, arrived_end - backlog)  # exact at the interval end
    d_times = np.empty(2 * count + 1)
    d_values = np.empty(2 * count + 1)
    d_times[0:-1:2], d_times[1::2], d_times[-1] = starts, starts + empty_after, count * length
    d_values[0:-1:2], d_values[1::2] = done_start, done_empty
    d_values[-1] = arrived_end[-1] - backlog[-1]
    a_times = np.concatenate([[0.0], starts + length])
    a_values = np.concatenate([[0.0], arrived_end])
    if initial > 0.0:  # the initial backlog arrived at the start: a jump at time 0
        a_times = np.concatenate([[0.0], a_times])
        a_values = np.concatenate([[0.0], a_values])
        a_values[1] = initial
    return backlog, handled, a_times, a_values, d_times, d_values


def _backlog(
    arrivals: NDArray[np.float64],
    agents: NDArray[np.float64],
    length: float,
    handling: float,
    deadline: float,
    initial: float,
) -> BacklogResult:
    """Compute the backlog on validated 1-d arrays."""
    capacity = agents * length / handling
    backlog, handled, a_times, a_values, d_times, d_values = _curves(
        arrivals, capacity, length, initial
    )
    count = arrivals.size
    horizon = count * length
    # The oldest open item at an interval's end is the first one not yet done.
    done_end = d_values[2::2]
    arrived_at = np.interp(done_end, a_values, a_times)
    ends = (np.arange(count) + 1.0) * length
    oldest = np.where(backlog > 0.0, ends - arrived_at, 0.0)
    # Sample items evenly within each interval's arrivals (the initial backlog with the first).
    first = np.concatenate([[0.0], initial + np.cumsum(arrivals)[:-1]])
    last = initial + np.cumsum(arrivals)
    fractions = (np.arange(_SAMPLES) + 0.5) / _SAMPLES
    items = first[:, None] + (last - first)[:, None] * fractions[None, :]
    arrive = np.interp(items, a_values, a_times)
    total_done = d_values[-1]
    done = items <= total_done
    finish = np.interp(np.minimum(items, total_done), d_values, d_times)
    within = done & (finish - arrive <= deadline * (1.0 + 1e-12))
    decided = done | (arrive + deadline <= horizon)
    weight = (last - first)[:, None] / _SAMPLES * decided
    decided_items = weight.sum(axis=1)
    met_items = (weight * within).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(decided_items > 0.0, met_items / decided_items, np.nan)
    overall = float(met_items.sum() / decided_items.sum()) if decided_items.sum() > 0 else np.nan
    return BacklogResult(
        backlog=backlog,
        handled=handled,
        oldest_age_seconds=oldest,
        cleared_share=share,
        overall_cleared_share=overall,
    )


def _inputs(
    function: str,
    arrivals: ArrayLike,
    interval_seconds: float,
    handling_seconds: float,
    deadline_seconds: float,
    initial_backlog: float,
) -> tuple[NDArray[np.float64], float, float, float, float]:
    a = v.real(arrivals, function=function, name="arrivals", bound=">= 0")
    if a.ndim != 1 or a.size == 0:
        raise v.fail(function, "arrivals of shape (intervals,), at least one", str(a.shape))
    scalars: dict[str, tuple[float, v.Bound]] = {
        "interval_seconds": (interval_seconds, "> 0"),
        "handling_seconds": (handling_seconds, "> 0"),
        "deadline_seconds": (deadline_seconds, ">= 0"),
        "initial_backlog": (initial_backlog, ">= 0"),
    }
    values = []
    for name, (value, bound) in scalars.items():
        array = v.real(value, function=function, name=name, bound=bound)
        if array.ndim != 0:
            raise v.fail(function, f"{name} as one number", f"shape {array.shape}")
        values.append(float(array))
    return a, values[0], values[1], values[2], values[3]


def deferred_backlog(
    arrivals: ArrayLike,
    agents: ArrayLike,
    *,
    interval_seconds: float,
    handling_seconds: float,
    deadline_seconds: float,
    initial_backlog: float = 0.0,
) -> BacklogResult:
    """Work a backlog of deferred items (e-mail, back office) first in, first out.

    Each interval, `agents` agents finish ``agents * interval_seconds /
    handling_seconds`` items, oldest first; what they cannot finish carries
    over.  Returns the backlog, the oldest item's age and the share finished
    within the deadline.  The fluid model is in :doc:`/explanation/planning-models`.

    Parameters
    ----------
    arrivals : array_like of float
        Shape (intervals,).
        Items arriving in each interval, in order; finite, >= 0.  Pass only
        business-hours intervals (all of the same length): time between them
        does not count towards ages or the deadline.  Items arriving while
        closed belong to the first interval after opening.
    agents : array_like of float
        Shape (intervals,) or scalar.
        Agents working the backlog in each interval (fractions allowed: 2.5 is
        two full-time and one half-time), from 0 to `MAX_AGENTS`.
    interval_seconds : float
        Length of each interval in seconds, > 0.
    handling_seconds : float
        Mean handling time of an item in seconds, > 0.
    deadline_seconds : float
        Business seconds within which an item should be finished, >= 0.
    initial_backlog : float, default 0.0
        Items open at the start, taken to have arrived at the start; >= 0.

    Returns
    -------
    BacklogResult
        Backlog, items handled, oldest age per interval, and the shares
        cleared within the deadline (measured on 64 evenly spaced items per
        interval, so to 1/64 of an interval's arrivals).

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, or `agents` does not
        broadcast to the intervals.

    Examples
    --------
    40 e-mails an hour for two hours, then none; two agents at 4 minutes each
    finish 30 an hour:

    >>> from iso18295.staffing import deferred_backlog
    >>> r = deferred_backlog([40, 40, 0], 2, interval_seconds=3600, handling_seconds=240,
    ...                      deadline_seconds=1800)
    >>> r.oldest_age_seconds.round(0).tolist()
    [900.0, 1800.0, 0.0]
    >>> round(r.overall_cleared_share, 3)
    0.75
    """
    function = "deferred_backlog"
    a, length, handling, deadline, initial = _inputs(
        function, arrivals, interval_seconds, handling_seconds, deadline_seconds, initial_backlog
    )
    n = _agents(function, agents, a.shape)
    return _backlog(a, n, length, handling, deadline, initial)


def _agents(function: str, agents: ArrayLike, shape: tuple[int, ...]) -> NDArray[np.float64]:
    n = v.real(agents, function=function, name="agents", bound=">= 0")
    v.broadcast(function, arrivals=np.empty(shape), agents=n)
    return np.ascontiguousarray(np.broadcast_to(n, shape), dtype=np.float64)


def deferred_required_agents(
    arrivals: ArrayLike,
    *,
    interval_seconds: float,
    handling_seconds: float,
    deadline_seconds: float,
    cleared_share: float,
    initial_backlog: float = 0.0,
) -> int:
    """Compute the fewest agents, the same in every interval, that clear a share within a deadline.

    The smallest whole number of agents working every interval for which
    :func:`deferred_backlog` finishes at least `cleared_share` of the decided
    items within `deadline_seconds` of business time.

    Parameters
    ----------
    arrivals : array_like of float
        Shape (intervals,).
        Items arriving in each business-hours interval; finite, >= 0.
    interval_seconds : float
        Length of each interval in seconds, > 0.
    handling_seconds : float
        Mean handling time of an item in seconds, > 0.
    deadline_seconds : float
        Business seconds within which an item should be finished, >= 0.
    cleared_share : float
        Target share finished within the deadline, in [0, 1].
    initial_backlog : float, default 0.0
        Items open at the start; >= 0.

    Returns
    -------
    int
        Agents needed in every interval (before shrinkage).

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, or more than
        `MAX_AGENTS` agents would be needed.

    Examples
    --------
    A day of 8 business hours, 300 e-mails, 6 minutes each, 90 % within 2 hours (30
    agent-hours of work: 4 agents keep up, 3 would fall ever further behind):

    >>> from iso18295.staffing import deferred_required_agents
    >>> deferred_required_agents([60, 50, 40, 30, 40, 40, 20, 20], interval_seconds=3600,
    ...                          handling_seconds=360, deadline_seconds=7200, cleared_share=0.9)
    4
    """
    function = "deferred_required_agents"
    a, length, handling, deadline, initial = _inputs(
        function, arrivals, interval_seconds, handling_seconds, deadline_seconds, initial_backlog
    )
    share = float(v.real(cleared_share, function=function, name="cleared_share", bound="[0, 1]"))

    def meets(count: int) -> bool:
        result = _backlog(a, np.full(a.shape, float(count)), length, handling, deadline, initial)
        overall = result.overall_cleared_share
        return bool(np.isnan(overall) or overall >= share - 1e-12)

    fails, ok = -1, 1
    while not meets(ok):
        fails, ok = ok, 2 * ok
        if ok > MAX_AGENTS:
            if meets(MAX_AGENTS):
                ok = MAX_AGENTS
                break
            raise v.fail(
                function, f"a target met with at most {limit_text(MAX_AGENTS)} agents", "none"
            )
    if fails == -1:
        fails = 0 if not meets(0) else -1
        if fails == -1:
            return 0
    while ok - fails > 1:
        middle = (ok + fails) // 2
        if meets(middle):
            ok = middle
        else:
            fails = middle
    return ok
