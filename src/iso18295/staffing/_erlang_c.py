"""Erlang C (M/M/n): probability of waiting, service level, speed of answer, occupancy.

Everything is derived from the Erlang B value ``B`` of :mod:`._erlang_b` by
``C = n B / (n - A (1 - B))``.  For ``n > A`` every term of the denominator is
positive, and ``1 - C = (n - A)(1 - B) / (n - A + A B)`` is computed directly, so
the service level ``1 - C exp(-(n - A) T / AHT)`` is a sum of two positive terms
without cancellation.  With ``n <= A`` the queue is unstable (it grows without
bound): ``C = 1``, service level 0, average speed of answer infinite, occupancy 1.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from iso18295.staffing import _validation as v
from iso18295.staffing._erlang_b import erlang_b_flat


class ErlangC:
    """Erlang C quantities for validated, flat, equal-length arrays (internal).

    Parameters
    ----------
    traffic : numpy.ndarray of float64
        Offered traffic in Erlangs.
    agents : numpy.ndarray of int64
        Number of agents.
    blocking : numpy.ndarray of float64
        Erlang B ``B(agents, traffic)``.
    """

    def __init__(
        self,
        traffic: NDArray[np.float64],
        agents: NDArray[np.int64],
        blocking: NDArray[np.float64],
    ) -> None:
        self.traffic = traffic
        self.agents = agents.astype(np.float64)
        self.stable = self.agents > traffic
        # Where unstable, use a harmless positive gap; results there are overwritten.
        self.gap = np.where(self.stable, self.agents - traffic, 1.0)
        denominator = self.gap + traffic * blocking
        wait = self.agents * blocking / denominator
        no_wait = self.gap * (1.0 - blocking) / denominator
        self.wait = np.where(self.stable, wait, 1.0)
        self.no_wait = np.where(self.stable, no_wait, 0.0)

    def service_level(
        self, handling: NDArray[np.float64], threshold: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Share of contacts answered within `threshold` seconds."""
        answered_late = -np.expm1(-self.gap * threshold / handling)
        level = self.no_wait + self.wait * answered_late
        return np.where(self.stable, np.minimum(level, 1.0), 0.0)

    def speed_of_answer(self, handling: NDArray[np.float64]) -> NDArray[np.float64]:
        """Mean wait in seconds, over all contacts (all are answered in Erlang C)."""
        return np.where(self.stable, self.wait * handling / self.gap, np.inf)


def _prepare(
    function: str,
    traffic_erlangs: ArrayLike,
    agents: ArrayLike,
    **reals: tuple[ArrayLike, v.Bound],
) -> tuple[tuple[int, ...], ErlangC, dict[str, NDArray[np.float64]]]:
    """Validate and broadcast the arguments, and compute Erlang C on the flat arrays."""
    a = v.real(traffic_erlangs, function=function, name="traffic_erlangs", bound=">= 0")
    n = v.agents(agents, function=function)
    extra = {
        name: v.real(value, function=function, name=name, bound=bound)
        for name, (value, bound) in reals.items()
    }
    shape = v.broadcast(function, traffic_erlangs=a, agents=n, **extra)
    a_flat, n_flat = v.flat(a, shape), v.flat(n, shape)
    model = ErlangC(a_flat, n_flat, erlang_b_flat(a_flat, n_flat))
    return shape, model, {name: v.flat(value, shape) for name, value in extra.items()}


def erlang_c(traffic_erlangs: ArrayLike, agents: ArrayLike) -> NDArray[np.float64]:
    """Compute the Erlang C probability that a contact has to wait.

    The share of contacts that find every agent busy and queue, in an M/M/n
    queue: random (Poisson) arrivals, exponential handling times, `agents`
    agents, nobody abandons.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic ``A`` in Erlangs (contacts per second times mean handling
        seconds); see :func:`offered_traffic`.  From 0 to `MAX_TRAFFIC_ERLANGS`.
    agents : array_like of int
        Number of agents ``n``; whole numbers from 0 to `MAX_AGENTS`.
        Broadcasts with `traffic_erlangs`.

    Returns
    -------
    numpy.ndarray of float64
        Probability of waiting in [0, 1], with the broadcast shape of the
        inputs (0-d for scalar input).  Where ``agents <= traffic_erlangs`` the
        queue is unstable and the result is 1.

    Raises
    ------
    CalculationError
        If `traffic_erlangs` or `agents` is outside its range (NaN and
        infinity included), `agents` is not whole, or the shapes do not broadcast.

    See Also
    --------
    erlang_b, service_level, average_speed_of_answer, erlang_a

    Examples
    --------
    100 calls in 30 minutes, 180 s handling (10 Erlangs), 14 agents:

    >>> from iso18295.staffing import erlang_c
    >>> round(float(erlang_c(10.0, 14)), 7)
    0.1741319
    >>> erlang_c(2.0, [3, 2]).round(6)  # 4/9, and unstable at n = A
    array([0.444444, 1.      ])
    """
    shape, model, _ = _prepare("erlang_c", traffic_erlangs, agents)
    return model.wait.reshape(shape)


def service_level(
    traffic_erlangs: ArrayLike,
    agents: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    threshold_seconds: ArrayLike = 20.0,
) -> NDArray[np.float64]:
    """Predict the Erlang C share of contacts answered within a threshold.

    ``SL = 1 - C exp(-(n - A) T / AHT)``, the probability that a contact waits
    at most `threshold_seconds` in an M/M/n queue (nobody abandons).

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic ``A`` in Erlangs, from 0 to `MAX_TRAFFIC_ERLANGS`.
    agents : array_like of int
        Number of agents ``n``; whole numbers from 0 to `MAX_AGENTS`.
    handling_seconds : array_like of float
        Mean handling time ``AHT`` in seconds (talk, hold and after-contact
        work).  > 0 and at most
        `iso18295.MAX_DURATION_SECONDS`.
    threshold_seconds : array_like of float, default 20.0
        Longest wait ``T``, in seconds, that still counts as in time; from 0
        to `iso18295.MAX_DURATION_SECONDS`.

    Returns
    -------
    numpy.ndarray of float64
        Service level in [0, 1], with the broadcast shape of all the arguments.
        0 where ``agents <= traffic_erlangs`` (unstable queue).

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, or the shapes do not
        broadcast.

    See Also
    --------
    erlang_a : The same measure when contacts abandon.
    required_agents : The smallest number of agents for a target.

    Examples
    --------
    >>> from iso18295.staffing import service_level
    >>> round(float(service_level(10.0, 14, handling_seconds=180.0)), 5)
    0.88835
    >>> service_level(10.0, [10, 11, 14], handling_seconds=180.0, threshold_seconds=20.0).round(3)
    array([0.   , 0.39 , 0.888])
    """
    shape, model, extra = _prepare(
        "service_level",
        traffic_erlangs,
        agents,
        handling_seconds=(handling_seconds, "> 0"),
        threshold_seconds=(threshold_seconds, ">= 0"),
    )
    level = model.service_level(extra["handling_seconds"], extra["threshold_seconds"])
    return level.reshape(shape)


def average_speed_of_answer(
    traffic_erlangs: ArrayLike, agents: ArrayLike, *, handling_seconds: ArrayLike
) -> NDArray[np.float64]:
    """Predict the Erlang C average speed of answer, in seconds.

    ``ASA = C AHT / (n - A)``: the mean wait of all contacts (in Erlang C every
    contact is eventually answered), those answered at once counting as 0.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic ``A`` in Erlangs, from 0 to `MAX_TRAFFIC_ERLANGS`.
    agents : array_like of int
        Number of agents ``n``; whole numbers from 0 to `MAX_AGENTS`.
    handling_seconds : array_like of float
        Mean handling time ``AHT`` in seconds.  > 0 and at most
        `iso18295.MAX_DURATION_SECONDS`.

    Returns
    -------
    numpy.ndarray of float64
        Mean wait in seconds, >= 0, with the broadcast shape of the arguments;
        ``inf`` where ``agents <= traffic_erlangs`` (unstable queue).

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, or the shapes do not
        broadcast.

    Examples
    --------
    >>> from iso18295.staffing import average_speed_of_answer
    >>> round(float(average_speed_of_answer(10.0, 14, handling_seconds=180.0)), 4)
    7.8359
    >>> average_speed_of_answer(10.0, [10, 20], handling_seconds=180.0).round(4)
    array([   inf, 0.0672])
    """
    shape, model, extra = _prepare(
        "average_speed_of_answer",
        traffic_erlangs,
        agents,
        handling_seconds=(handling_seconds, "> 0"),
    )
    return model.speed_of_answer(extra["handling_seconds"]).reshape(shape)


def occupancy(traffic_erlangs: ArrayLike, agents: ArrayLike) -> NDArray[np.float64]:
    """Predict agent occupancy under Erlang C: the share of agent time spent handling.

    ``A / n``, capped at 1: when ``n <= A`` the queue never empties and every
    agent is busy all the time.  Nobody abandons, so all the offered traffic is
    handled.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic ``A`` in Erlangs, from 0 to `MAX_TRAFFIC_ERLANGS`.
    agents : array_like of int
        Number of agents ``n``; whole numbers from 1 to `MAX_AGENTS`.

    Returns
    -------
    numpy.ndarray of float64
        Occupancy in [0, 1], with the broadcast shape of the arguments.

    Raises
    ------
    CalculationError
        If `traffic_erlangs` or `agents` is outside its range (NaN and
        infinity included), `agents` is not whole, or the shapes do not broadcast.

    Examples
    --------
    >>> from iso18295.staffing import occupancy
    >>> occupancy(10.0, [8, 14, 20]).round(4)
    array([1.    , 0.7143, 0.5   ])
    """
    a = v.real(traffic_erlangs, function="occupancy", name="traffic_erlangs", bound=">= 0")
    n = v.agents(agents, function="occupancy", minimum=1)
    v.broadcast("occupancy", traffic_erlangs=a, agents=n)
    return np.asarray(np.minimum(a / n, 1.0), dtype=np.float64)
