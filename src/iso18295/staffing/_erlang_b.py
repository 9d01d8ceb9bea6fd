"""Erlang B: the blocking probability of a loss system, by a stable recursion.

The recursion ``B(0) = 1``, ``B(k) = A B(k-1) / (k + A B(k-1))`` never leaves
[0, 1], so it cannot overflow; it is advanced for every row of the input at
once.  Two things keep it fast on large traffic:

* **Warm start.**  Started from any value in (0, 1] at a count ``k0`` below the
  traffic, the recursion forgets its start: along the way each step multiplies
  the relative error of the logarithm by at most ``k / (A + 1)`` (because the
  true ``B(k-1) >= 1 - (k-1)/A``).  Starting ``L = 10 sqrt(A + 1)`` counts below
  ``min(n, A)`` damps it by ``exp(-L**2 / (2 (A + 1))) = exp(-50)``, far below
  double precision, so a row needs about ``n - A + 10 sqrt(A)`` steps instead of
  ``n``.  Rows with ``k0 = 0`` start exactly at ``B(0) = 1``.
* **Sorted prefix.**  Rows are sorted by their number of steps, longest first;
  step ``j`` then updates only the prefix of rows that still have a step ``j``,
  so finished rows cost nothing and no mask is needed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from iso18295.staffing import _validation as v

#: Counts the recursion starts below the traffic, in units of sqrt(A + 1).
_WARM_START_WIDTH = 10.0
#: How often (in steps) the recursion checks whether every active row underflowed to 0.
_UNDERFLOW_CHECK_EVERY = 256
#: Below this (about 2.2e-308) a float64 is subnormal; results there are reported as 0.
_SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)


def warm_start(traffic: NDArray[np.float64], stop: NDArray[np.int64]) -> NDArray[np.int64]:
    """Return the count at which the recursion for ``B(stop)`` may start from 1."""
    width = np.ceil(_WARM_START_WIDTH * np.sqrt(traffic + 1.0)).astype(np.int64)
    below = np.minimum(stop, np.floor(traffic).astype(np.int64))
    return np.maximum(below - width, 0)


def erlang_b_flat(traffic: NDArray[np.float64], agents: NDArray[np.int64]) -> NDArray[np.float64]:
    """Return ``B(agents, traffic)`` for validated 1-d arrays of equal length."""
    start = warm_start(traffic, agents)
    steps = agents - start
    order = np.argsort(-steps, kind="stable")
    a = traffic[order]
    count = start[order].astype(np.float64)
    longest_first = steps[order]
    total = int(longest_first[0]) if longest_first.size else 0
    b = np.ones_like(a)
    m = a.size  # rows (a prefix, longest first) that still take step j
    for j in range(total):
        while longest_first[m - 1] <= j:
            m -= 1
        bm = b[:m]
        cm = count[:m]
        cm += 1.0
        ab = a[:m] * bm
        np.divide(ab, cm + ab, out=bm)
        if j % _UNDERFLOW_CHECK_EVERY == _UNDERFLOW_CHECK_EVERY - 1:
            # Subnormal values have lost their precision, and would decay only once
            # A / k < 1/2 (each step rounds them back up): flush them to 0 now.
            bm[bm < _SMALLEST_NORMAL] = 0.0
            if not bm.any():
                break  # every remaining row has underflowed to 0 and would stay there
    b[b < _SMALLEST_NORMAL] = 0.0
    result = np.empty_like(b)
    result[order] = b
    return result


def erlang_b(traffic_erlangs: ArrayLike, agents: ArrayLike) -> NDArray[np.float64]:
    """Compute the Erlang B blocking probability of a loss system.

    The share of contacts that find all `agents` (lines, trunks) busy and are
    lost, when contacts arrive at random (Poisson) and nobody waits.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic in Erlangs (arrival rate times mean handling time).
        Must be finite, >= 0 and <= `MAX_TRAFFIC_ERLANGS` (100,000).
    agents : array_like of int
        Number of agents or lines; whole numbers from 0 to `MAX_AGENTS`
        (1,000,000).  Broadcasts with `traffic_erlangs`.

    Returns
    -------
    numpy.ndarray of float64
        Blocking probability in [0, 1], with the broadcast shape of the inputs
        (a 0-d array for scalar input; use ``float()`` for a Python float).
        Values below 2.2e-308 (the smallest normal float64) are returned as 0.

    Raises
    ------
    CalculationError
        If `traffic_erlangs` or `agents` is outside its range (NaN and
        infinity included), `agents` is not whole, or the shapes do not broadcast.

    See Also
    --------
    erlang_c : Probability of waiting when contacts queue instead.

    Notes
    -----
    Computed with the recursion ``B(k) = A B(k-1) / (k + A B(k-1))``, never with
    factorials or powers, so it is exact to a few units in the last place from
    0.01 to beyond 50,000 Erlangs; see :doc:`/explanation/erlang-formulas`.

    Examples
    --------
    Standard tables: 10 lines offered 4.461 Erlangs block 1 % of calls.

    >>> from iso18295.staffing import erlang_b
    >>> round(float(erlang_b(4.461, 10)), 4)
    0.01
    >>> erlang_b([1.0, 2.0], 2).round(6)
    array([0.2, 0.4])
    """
    a = v.real(traffic_erlangs, function="erlang_b", name="traffic_erlangs", bound=">= 0")
    n = v.agents(agents, function="erlang_b")
    shape = v.broadcast("erlang_b", traffic_erlangs=a, agents=n)
    return erlang_b_flat(v.flat(a, shape), v.flat(n, shape)).reshape(shape)
