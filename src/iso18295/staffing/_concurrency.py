"""Concurrency (web chat, messaging): agents who hold several conversations at once.

The model is a birth-death chain over ``j``, the number of conversations in the
system (Luo and Zhang 2013; Tezcan and Zhang 2014, who model chat agents as
servers whose service rate depends on how many conversations they hold):

* conversations arrive at random (Poisson) at rate ``lambda``;
* each of ``n`` agents holds up to ``k`` conversations; a new conversation goes
  to an agent holding the fewest, so with ``j <= n k`` in the system each agent
  holds ``floor(j / n)`` or ``ceil(j / n)`` of them;
* a conversation held by an agent with ``c`` conversations ends at rate
  ``1 / (AHT m(c))``: ``m(c)`` is the handling-time multiplier at concurrency
  ``c`` (``m(1) = 1`` usually; 1.3 means 30 % slower each at that concurrency),
  so an agent with ``c`` conversations finishes ``u(c) = c / m(c)`` per ``AHT``;
* with ``j >= n k`` every agent is full and ``j - n k`` wait, first come first
  served, and conversations end at the constant rate ``n u(k) / AHT``.

With ``e = j mod n`` agents holding one more, the total rate in state ``j`` is
``r(j) = ((n - e) u(floor(j / n)) + e u(floor(j / n) + 1)) / AHT``.  The
stationary probabilities follow ``pi(j) = pi(j - 1) lambda / r(j)``; like Erlang B
they are accumulated as the stable ratio ``x(j) = pi(j) / sum_{i<=j} pi(i)``,
``x(j) = a x(j-1) / (1 + a x(j-1))`` with ``a = lambda / r(j)``, never as products
that overflow.  Above ``n k`` the chain is geometric with ratio
``rho = A / (n u(k))``, so with ``x = x(n k)``:

* probability of waiting ``P_w = x / ((1 - x)(1 - rho) + x)``;
* service level ``1 - P_w exp(-(n u(k) - A) T / AHT)``, since a conversation
  that waits sees ``n u(k) / AHT`` departures per second ahead of it, as in
  Erlang C (with ``k = 1`` and ``m(1) = 1`` this *is* Erlang C);
* average speed of answer ``P_w AHT / (n u(k) - A)``.

The assumption that conversations stay spread evenly over the agents is the
model's one approximation of least-loaded routing; the tests measure it with a
simulation of agents that do not rebalance.
"""

from __future__ import annotations

import dataclasses
import typing

import numpy as np
from numpy.typing import ArrayLike, NDArray

import iso18295._display as _display
from iso18295._limits import MAX_AGENTS, MAX_CONCURRENCY, limit_text
from iso18295.staffing import _validation as v


@typing.final
@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class ConcurrencyResult:
    """Predicted performance of a chat or messaging queue whose agents hold several conversations.

    Every attribute is a float64 array with the broadcast shape of the
    arguments of :func:`concurrent_queue` (0-d for scalar arguments).
    Instances hold arrays, so they do not compare with ``==``.

    Attributes
    ----------
    waiting_share : numpy.ndarray of float64
        Probability that a conversation finds every agent full and waits, in [0, 1].
    service_level : numpy.ndarray of float64
        Share of conversations assigned to an agent within the threshold, in [0, 1].
    speed_of_answer_seconds : numpy.ndarray of float64
        Mean wait, in seconds, before a conversation is assigned (0 for those
        assigned at once); ``inf`` for an unstable queue.
    mean_concurrency : numpy.ndarray of float64
        Mean number of conversations each agent holds, in [0, k].

    Examples
    --------
    >>> from iso18295.staffing import concurrent_queue
    >>> result = concurrent_queue(10.0, 14, handling_seconds=180.0, handling_multipliers=[1.0])
    >>> round(float(result.waiting_share), 7)  # one at a time: Erlang C
    0.1741319
    """

    waiting_share: NDArray[np.float64]
    service_level: NDArray[np.float64]
    speed_of_answer_seconds: NDArray[np.float64]
    mean_concurrency: NDArray[np.float64]

    def __repr__(self) -> str:
        return _display.fields_repr(self)

    def _repr_html_(self) -> str:
        return _display.fields_html(self)


def multipliers(value: ArrayLike, *, function: str) -> NDArray[np.float64]:
    """Check the handling-time multipliers: 1 to `MAX_CONCURRENCY` values, each > 0."""
    m = v.real(value, function=function, name="handling_multipliers", bound="> 0")
    if m.ndim != 1 or not 1 <= m.size <= MAX_CONCURRENCY:
        raise v.fail(
            function,
            f"handling_multipliers as 1 to {MAX_CONCURRENCY} values (one per concurrency)",
            f"shape {m.shape}",
        )
    return m


def throughputs(m: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``u(c) = c / m(c)`` for c = 0..k, plus a copy of ``u(k)`` at k+1."""
    k = m.size
    u = np.zeros(k + 2)
    u[1 : k + 1] = np.arange(1, k + 1) / m
    u[k + 1] = u[k]
    return u


def concurrency_flat(
    traffic: NDArray[np.float64],
    agents: NDArray[np.int64],
    handling: NDArray[np.float64],
    threshold: NDArray[np.float64],
    u: NDArray[np.float64],
) -> tuple[NDArray[np.float64], ...]:
    """Return waiting share, service level, speed of answer and mean concurrency (flat arrays)."""
    k = u.size - 2
    full = agents.astype(np.float64) * u[k]  # capacity when every agent is full, in Erlangs
    stable = full > traffic
    slots = agents * k
    order = np.argsort(-slots, kind="stable")
    a, n, s = traffic[order], agents[order], slots[order]
    x = np.ones(a.size)
    mean = np.zeros(a.size)  # mean of j over states 0..j-1 (then 0..n k - 1)
    m = a.size
    for j in range(1, int(s[0]) + 1 if s.size else 1):
        while s[m - 1] < j:
            m -= 1
        nm = n[:m]
        low = j // nm
        extra = j - low * nm
        rate = (nm - extra) * u[low] + extra * u[low + 1]
        ax = a[:m] * x[:m] / rate
        new = ax / (1.0 + ax)
        inner = s[:m] > j  # state j is below n k: it joins the mean of the states below
        mean[:m] = np.where(inner, (1.0 - new) * mean[:m] + new * j, mean[:m])
        x[:m] = new
    x_full = np.empty_like(x)
    x_full[order] = x
    below_mean = np.empty_like(mean)
    below_mean[order] = mean
    safe_full = np.where(stable, full, 1.0)
    rho = np.where(stable, traffic / safe_full, 0.0)
    waiting = x_full / ((1.0 - x_full) * (1.0 - rho) + x_full)
    gap = np.where(stable, safe_full - traffic, 1.0)
    level = 1.0 - waiting * np.exp(-gap * threshold / handling)
    speed = waiting * handling / gap
    in_service = (1.0 - waiting) * below_mean + waiting * slots
    concurrency = in_service / np.maximum(agents, 1)
    idle = traffic == 0.0
    waiting = np.where(stable, np.where(idle, 0.0, waiting), 1.0)
    level = np.where(stable, np.where(idle, 1.0, np.clip(level, 0.0, 1.0)), 0.0)
    speed = np.where(stable, np.where(idle, 0.0, speed), np.inf)
    concurrency = np.where(stable, np.where(idle, 0.0, concurrency), float(k))
    return waiting, level, speed, concurrency


def concurrent_queue(
    traffic_erlangs: ArrayLike,
    agents: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    handling_multipliers: ArrayLike,
    threshold_seconds: ArrayLike = 60.0,
) -> ConcurrencyResult:
    """Predict a chat queue's performance when each agent holds several conversations.

    A birth-death model of the conversations in the system: an agent holds up
    to ``k = len(handling_multipliers)`` conversations, new ones go to the
    least-busy agent, and each takes longer the more its agent holds.  The
    formulas and their sources are in :doc:`/explanation/planning-models`.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic ``A`` in Erlangs: conversations per second times
        `handling_seconds`, from 0 to `MAX_TRAFFIC_ERLANGS`.
    agents : array_like of int
        Number of agents ``n``; whole numbers from 0 to `MAX_AGENTS`, with
        ``n k`` at most `MAX_AGENTS` too.
    handling_seconds : array_like of float
        Mean handling time, in seconds, of a conversation its agent handles
        alone; > 0 and at most `iso18295.MAX_DURATION_SECONDS`.
    handling_multipliers : sequence of float
        Entry ``c - 1`` is the handling time of a conversation whose agent
        holds ``c`` conversations, as a multiple of `handling_seconds`
        (``[1.0, 1.3, 1.7]``: up to 3 at once, each 30 % slower at 2 and 70 %
        slower at 3).  1 to `MAX_CONCURRENCY` values, each > 0 and at most
        100; the same for every interval.
    threshold_seconds : array_like of float, default 60.0
        Longest wait before an agent takes the conversation that still counts
        as in time, from 0 to `iso18295.MAX_DURATION_SECONDS`.

    Returns
    -------
    ConcurrencyResult
        Waiting share, service level, speed of answer and mean concurrency per
        interval.  Where ``n u(k) <= A`` (agents full cannot keep up) the queue
        is unstable: waiting share 1, service level 0, speed of answer ``inf``.

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, `agents` is not whole,
        the shapes do not broadcast, or ``agents * k`` exceeds `MAX_AGENTS`.

    Examples
    --------
    20 conversations in 10 minutes of 6 minutes each alone (12 Erlangs), up to
    3 at once, each 20 % slower at 2 and 50 % slower at 3, 60 s threshold:

    >>> from iso18295.staffing import concurrent_queue
    >>> r = concurrent_queue(12.0, [6, 7, 8], handling_seconds=360.0,
    ...                      handling_multipliers=[1.0, 1.2, 1.5])
    >>> r.service_level.round(3)  # 6 agents full finish 6 * 3 / 1.5 = 12 per AHT: unstable
    array([0.   , 0.803, 0.972])
    >>> r.mean_concurrency.round(2)
    array([3.  , 2.29, 1.84])
    """
    function = "concurrent_queue"
    a = v.real(traffic_erlangs, function=function, name="traffic_erlangs", bound=">= 0")
    n = v.agents(agents, function=function)
    aht = v.real(handling_seconds, function=function, name="handling_seconds", bound="> 0")
    t = v.real(threshold_seconds, function=function, name="threshold_seconds", bound=">= 0")
    m = multipliers(handling_multipliers, function=function)
    shape = v.broadcast(
        function, traffic_erlangs=a, agents=n, handling_seconds=aht, threshold_seconds=t
    )
    n_flat = v.flat(n, shape)
    slots = np.asarray(n_flat * float(m.size), dtype=np.float64)
    v.derived(function, "agents * len(handling_multipliers)", slots, MAX_AGENTS)
    results = concurrency_flat(
        v.flat(a, shape), n_flat, v.flat(aht, shape), v.flat(t, shape), throughputs(m)
    )
    return ConcurrencyResult(*(r.reshape(shape) for r in results))


def concurrent_required_agents(
    traffic_erlangs: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    handling_multipliers: ArrayLike,
    service_level_share: ArrayLike,
    threshold_seconds: ArrayLike = 60.0,
) -> NDArray[np.int64]:
    """Compute the fewest agents holding several conversations each that meet a service level.

    Uses the model of :func:`concurrent_queue`; brackets the answer by doubling
    steps from the fewest agents that keep up when full, then bisects, every
    step vectorised over the intervals still open.  Assumes, as every usual
    set of multipliers gives, that more agents never lower the service level.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic per interval in Erlangs (conversations per second times
        `handling_seconds`), from 0 to `MAX_TRAFFIC_ERLANGS`; 0 needs 0 agents.
    handling_seconds : array_like of float
        Mean handling time of a conversation handled alone, in seconds; > 0
        and at most `iso18295.MAX_DURATION_SECONDS`.
    handling_multipliers : sequence of float
        Handling-time multiplier per concurrency ``1..k``; see
        :func:`concurrent_queue`.
    service_level_share : array_like of float
        Target share of conversations taken within `threshold_seconds`, in [0, 1).
    threshold_seconds : array_like of float, default 60.0
        Threshold of the target, in seconds; from 0 to
        `iso18295.MAX_DURATION_SECONDS`.

    Returns
    -------
    numpy.ndarray of int64
        Agents needed per interval (before shrinkage), with the broadcast
        shape of the arguments.

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, the shapes do not
        broadcast, or the answer would need more than `MAX_AGENTS` conversation slots.

    Examples
    --------
    >>> from iso18295.staffing import concurrent_required_agents
    >>> concurrent_required_agents([12.0, 40.0], handling_seconds=360.0,
    ...                            handling_multipliers=[1.0, 1.2, 1.5], service_level_share=0.8)
    array([ 7, 22])
    >>> int(concurrent_required_agents(10.0, handling_seconds=180.0, handling_multipliers=[1.0],
    ...                                service_level_share=0.8, threshold_seconds=20.0))
    14
    """
    function = "concurrent_required_agents"
    a = v.real(traffic_erlangs, function=function, name="traffic_erlangs", bound=">= 0")
    aht = v.real(handling_seconds, function=function, name="handling_seconds", bound="> 0")
    target = v.real(
        service_level_share, function=function, name="service_level_share", bound="[0, 1)"
    )
    t = v.real(threshold_seconds, function=function, name="threshold_seconds", bound=">= 0")
    m = multipliers(handling_multipliers, function=function)
    shape = v.broadcast(
        function,
        traffic_erlangs=a,
        handling_seconds=aht,
        service_level_share=target,
        threshold_seconds=t,
    )
    a, aht, target, t = (v.flat(x, shape) for x in (a, aht, target, t))
    u = throughputs(m)
    k = m.size
    most = MAX_AGENTS // k
    fails = np.floor(a / u[k]).astype(np.int64)  # full agents cannot keep up: always fails
    v.derived(function, f"agents needed (at most {limit_text(most)} here)", fails + 1.0, most)

    def meets(rows: NDArray[np.intp], count: NDArray[np.int64]) -> NDArray[np.bool_]:
        level = concurrency_flat(a[rows], count, aht[rows], t[rows], u)[1]
        return np.asarray(level >= target[rows], dtype=np.bool_)

    meets_at = fails + 1
    step = np.maximum(np.ceil(np.sqrt(a)), 1.0).astype(np.int64)
    rows = np.flatnonzero(a > 0.0)
    while rows.size:  # bracket
        ok = meets(rows, meets_at[rows])
        up = rows[~ok]
        stuck = meets_at[up] >= most
        if stuck.any():
            raise v.fail(function, f"a target met with at most {limit_text(most)} agents", "none")
        fails[up] = meets_at[up]
        meets_at[up] = np.minimum(meets_at[up] + step[up], most)
        step[up] *= 2
        rows = up
    meets_at[a == 0.0] = 0
    rows = np.flatnonzero(meets_at - fails > 1)
    while rows.size:  # bisect
        middle = (fails[rows] + meets_at[rows]) // 2
        ok = meets(rows, middle)
        meets_at[rows[ok]] = middle[ok]
        fails[rows[~ok]] = middle[~ok]
        rows = rows[meets_at[rows] - fails[rows] > 1]
    return np.asarray(meets_at.reshape(shape), dtype=np.int64)
