"""Erlang A (M/M/n+M): queues where waiting contacts abandon.

Contacts arrive at rate ``lambda``, are handled at rate ``mu = 1 / AHT`` by each of
``n`` agents, and a waiting contact abandons at rate ``theta = 1 / patience``.
With ``x = lambda / theta``, ``y = n mu / theta``, ``q = exp(-theta T)`` and the
series ``G(a, z) = sum_j z**j / ((a+1)...(a+j))`` of :mod:`._special`
(Garnett, Mandelbaum and Reiman 2002; Mandelbaum and Zeltyn 2007), with
``B = B(n, A)`` the Erlang B value and ``S = G(y, x)``:

* probability of waiting ``P_w = B S / (1 - B + B S)``;
* probability of abandoning ``P_ab = P_w E[j] / x``, ``E[j]`` the mean queue
  position under the weights of ``S`` (``theta E[queue] = lambda P_ab``);
* answered after ``T``: ``P_w y / (y+1) q**(y+1) e**(x (1-q)) G(y+1, x q) / S``;
  a contact that finds ``j`` waiting ahead is answered with probability
  ``y / (y + j + 1)`` after a sum of exponential times whose ``exp(-theta t)``
  is Beta distributed, which sums to that closed form;
* service level (answered within ``T`` / offered) ``1 - P_ab - answered after T``;
* speed of answer (mean wait of answered contacts)
  ``P_w patience R / S / (1 - P_ab)`` with ``R`` from the same series;
* occupancy ``A (1 - P_ab) / n``.

No state space is truncated: the series runs until its remainder is below
1e-17 of the sum, however large the traffic.
"""

from __future__ import annotations

import dataclasses
import typing

import numpy as np
from numpy.typing import ArrayLike, NDArray

import iso18295._display as _display
from iso18295.staffing import _validation as v
from iso18295.staffing._erlang_b import erlang_b_flat
from iso18295.staffing._special import gamma_series

#: Above this ln S, ``B S`` dwarfs ``1 - B`` and every contact waits.
_HUGE_LOG = 600.0


@typing.final
@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class ErlangAResult:
    """Predicted performance of a queue whose waiting contacts abandon (Erlang A).

    Every attribute is a float64 array with the broadcast shape of the
    arguments of :func:`erlang_a` (0-d for scalar arguments).  Instances hold
    arrays, so they do not compare with ``==``.

    Attributes
    ----------
    waiting_share : numpy.ndarray of float64
        Probability that a contact finds every agent busy and waits, in [0, 1].
    abandonment_share : numpy.ndarray of float64
        Probability that a contact abandons before being answered, in [0, 1].
    service_level : numpy.ndarray of float64
        Contacts answered within the threshold divided by contacts offered, in
        [0, 1]; abandoned contacts count as not answered in time, whenever they
        abandon.  Computed as 1 minus shares, so where it is near 0 (a heavily
        overloaded queue) its accuracy is absolute, not relative: within 1e-9
        (measured up to 3.5e-10 at 2,000 Erlangs with patience 60 times the
        handling time).
    speed_of_answer_seconds : numpy.ndarray of float64
        Average speed of answer: the mean wait, in seconds, of answered
        contacts (those answered at once count as 0).
    occupancy : numpy.ndarray of float64
        Share of agent time spent handling, ``A (1 - abandonment_share) / n``.

    Examples
    --------
    >>> from iso18295.staffing import erlang_a
    >>> result = erlang_a(10.0, 13, handling_seconds=180.0, patience_seconds=300.0)
    >>> round(float(result.occupancy), 3)
    0.75
    """

    waiting_share: NDArray[np.float64]
    abandonment_share: NDArray[np.float64]
    service_level: NDArray[np.float64]
    speed_of_answer_seconds: NDArray[np.float64]
    occupancy: NDArray[np.float64]

    def __repr__(self) -> str:
        return _display.fields_repr(self)

    def _repr_html_(self) -> str:
        return _display.fields_html(self)


def erlang_a_flat(
    traffic: NDArray[np.float64],
    agents: NDArray[np.int64],
    handling: NDArray[np.float64],
    patience: NDArray[np.float64],
    threshold: NDArray[np.float64],
) -> ErlangAResult:
    """Compute Erlang A on validated flat arrays of equal length (``agents >= 1``)."""
    idle = traffic == 0.0
    a = np.where(idle, 1.0, traffic)  # zero traffic is set exactly at the end
    n = agents.astype(np.float64)
    x = a * patience / handling
    y = n * patience / handling
    theta_t = threshold / patience
    xq = x * np.exp(-theta_t)
    log_s_both, mean_j_both, r_both = gamma_series(
        np.concatenate([x, xq]), np.concatenate([y, y + 1.0]), np.concatenate([y, y])
    )
    size = traffic.size
    log_s, log_s_late = log_s_both[:size], log_s_both[size:]
    mean_j, r = mean_j_both[:size], r_both[:size]

    b = erlang_b_flat(a, agents)
    s = np.exp(np.minimum(log_s, _HUGE_LOG))
    waiting = b * s / (1.0 - b + b * s)
    huge = log_s > _HUGE_LOG
    if huge.any():  # b > 0 here: a huge S needs x >> y, so n << A and B >= 1 - n/A
        odds = (1.0 - b[huge]) / b[huge] * np.exp(-log_s[huge])
        waiting[huge] = 1.0 / (1.0 + odds)
    abandonment = np.minimum(waiting * mean_j / x, 1.0)
    log_late = -(y + 1.0) * theta_t - x * np.expm1(-theta_t) + log_s_late - log_s
    late = waiting * (y / (y + 1.0)) * np.exp(np.minimum(log_late, 0.0))
    level = np.clip(1.0 - abandonment - late, 0.0, 1.0)
    answered = 1.0 - abandonment
    speed = waiting * patience * r / np.where(answered > 0.0, answered, 1.0)
    busy = a * answered / n

    zero = np.zeros(size)
    return ErlangAResult(
        waiting_share=np.where(idle, zero, waiting),
        abandonment_share=np.where(idle, zero, abandonment),
        service_level=np.where(idle, 1.0, level),
        speed_of_answer_seconds=np.where(idle, zero, speed),
        occupancy=np.where(idle, zero, np.minimum(busy, 1.0)),
    )


def erlang_a(
    traffic_erlangs: ArrayLike,
    agents: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    patience_seconds: ArrayLike,
    threshold_seconds: ArrayLike = 20.0,
) -> ErlangAResult:
    """Predict a queue where waiting contacts abandon (Erlang A, M/M/n+M).

    Like Erlang C, but each waiting contact gives up after an exponentially
    distributed patience with mean `patience_seconds`.  The queue is stable with
    any number of agents, so ``agents <= traffic_erlangs`` is allowed.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic ``A`` in Erlangs, from 0 to `MAX_TRAFFIC_ERLANGS`.
    agents : array_like of int
        Number of agents ``n``; whole numbers from 1 to `MAX_AGENTS`.
    handling_seconds : array_like of float
        Mean handling time in seconds; > 0 and at most 315,576,000 (10 years).
    patience_seconds : array_like of float
        Mean time, in seconds, a waiting contact waits before abandoning; > 0
        and at most `MAX_PATIENCE_RATIO` (1,000) times `handling_seconds`
        (for contacts that never abandon use :func:`erlang_c`).
    threshold_seconds : array_like of float, default 20.0
        Longest wait, in seconds, that counts as answered in time; from 0 to
        315,576,000 (10 years).

    Returns
    -------
    ErlangAResult
        Waiting and abandonment probabilities, service level (answered within
        the threshold / offered), average speed of answer of answered contacts
        and occupancy, each with the broadcast shape of the arguments.

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, or the shapes do not
        broadcast.

    Examples
    --------
    100 calls in 30 minutes, 3 minutes handling, 5 minutes mean patience:

    >>> from iso18295.staffing import erlang_a
    >>> r = erlang_a(10.0, [12, 13], handling_seconds=180.0, patience_seconds=300.0)
    >>> r.service_level.round(4)
    array([0.7723, 0.8582])
    >>> r.abandonment_share.round(5)
    array([0.04271, 0.02496])
    """
    function = "erlang_a"
    a = v.real(traffic_erlangs, function=function, name="traffic_erlangs", bound=">= 0")
    n = v.agents(agents, function=function, minimum=1)
    aht = v.real(handling_seconds, function=function, name="handling_seconds", bound="> 0")
    pat = v.real(patience_seconds, function=function, name="patience_seconds", bound="> 0")
    t = v.real(threshold_seconds, function=function, name="threshold_seconds", bound=">= 0")
    shape = v.broadcast(
        function,
        traffic_erlangs=a,
        agents=n,
        handling_seconds=aht,
        patience_seconds=pat,
        threshold_seconds=t,
    )
    handling, patience = v.flat(aht, shape), v.flat(pat, shape)
    v.patience(function, patience, handling)
    flat = erlang_a_flat(v.flat(a, shape), v.flat(n, shape), handling, patience, v.flat(t, shape))
    return ErlangAResult(
        **{f.name: getattr(flat, f.name).reshape(shape) for f in dataclasses.fields(flat)}
    )
