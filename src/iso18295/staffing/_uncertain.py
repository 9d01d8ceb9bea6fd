"""Uncertain arrivals: staffing to a forecast whose arrival rate is itself uncertain.

The forecast gives the mean traffic ``A``; the interval's actual arrival rate is
``A G / AHT`` with ``G`` gamma distributed, mean 1 and coefficient of variation
``cv`` (shape ``alpha = 1 / cv**2``, rate ``alpha``).  The interval's volume is
then Poisson given ``G``, and negative binomial overall, with variance
``V + cv**2 V**2`` for a forecast volume ``V`` (the Poisson-gamma model of
over-dispersed call arrivals; Jongbloed and Koole 2001; Ibrahim, Ye, L'Ecuyer
and Shen 2016).  Within the interval the queue is Erlang C at the realised rate.

* expected service level ``E[SL(n, A G)] = integral of SL(n, A g) f(g) dg``,
  with ``SL = 0`` from ``g* = n / A`` on (the queue is unstable there);
* probability the target is met ``P(G <= g_t)``, with ``g_t`` the largest
  ``g`` whose service level meets the target (service level falls as ``g``
  grows), found by bisection;
* agents to meet the target with probability ``p``: Erlang C agents at the
  traffic ``A q_p``, ``q_p`` the ``p`` quantile of ``G``: exact, because
  ``P(SL(n, A G) >= t) >= p`` holds exactly when ``SL(n, A q_p) >= t``.

The mixing distribution is integrated, not sampled: composite Gauss-Legendre
quadrature (32 panels of 8 nodes) on ``[max(0, 1 - 12 cv), 1 + 40 cv]``, split at
``g*`` or ``g_t`` so no panel straddles a kink, with the density normalised by its
own integral over the same range.  With ``cv <= 1`` (``alpha >= 1``) the density
is bounded and smooth, the tails left out weigh below 1e-15, and each panel is
under two standard deviations wide, so the sums are exact to about 1e-12.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from iso18295._limits import MAX_TRAFFIC_ERLANGS
from iso18295.staffing import _validation as v
from iso18295.staffing._erlang_b import erlang_b_flat
from iso18295.staffing._erlang_c import ErlangC
from iso18295.staffing._required import required_agents

_PANELS = 32
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(8)
_LOWER_SDS = 12.0
_UPPER_SDS = 40.0
_BISECTIONS = 60


def _range(cv: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the range of ``G`` outside which the gamma density weighs below 1e-15."""
    return np.maximum(1.0 - _LOWER_SDS * cv, 0.0), 1.0 + _UPPER_SDS * cv


def _nodes(
    lower: NDArray[np.float64], upper: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return quadrature nodes and weights of shape (rows, panels * 8) on [lower, upper]."""
    width = (upper - lower) / _PANELS
    starts = lower[:, None] + width[:, None] * np.arange(_PANELS)[None, :]
    centre = (starts + width[:, None] / 2.0)[:, :, None]
    nodes = centre + (width[:, None, None] / 2.0) * _NODES[None, None, :]
    weights = np.broadcast_to((width[:, None, None] / 2.0) * _WEIGHTS, nodes.shape)
    rows = lower.size
    return nodes.reshape(rows, -1), weights.reshape(rows, -1)


def _density(g: NDArray[np.float64], alpha: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the gamma density of mean 1 and shape `alpha`, up to a constant per row."""
    a = alpha[:, None]
    safe = np.where(g > 0.0, g, 1.0)
    log = (a - 1.0) * np.log(safe) - a * (safe - 1.0)  # 0 at the mode's neighbourhood
    return np.where(g > 0.0, np.exp(log), np.where(a == 1.0, np.e, 0.0))


def _mass(
    alpha: NDArray[np.float64], lower: NDArray[np.float64], upper: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Return the unnormalised density integrated from `lower` to `upper` (row by row)."""
    nodes, weights = _nodes(lower, np.maximum(upper, lower))
    return np.asarray((_density(nodes, alpha) * weights).sum(axis=1), dtype=np.float64)


def _erlang_c_level(
    traffic: NDArray[np.float64],
    agents: NDArray[np.int64],
    handling: NDArray[np.float64],
    threshold: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Return the Erlang C service level on flat arrays of equal length."""
    model = ErlangC(traffic, agents, erlang_b_flat(traffic, agents))
    return model.service_level(handling, threshold)


class _Mixture:
    """Validated, flat arguments shared by the uncertain-arrival functions (internal)."""

    def __init__(
        self,
        function: str,
        traffic_erlangs: ArrayLike,
        *,
        handling_seconds: ArrayLike,
        rate_cv: ArrayLike,
        threshold_seconds: ArrayLike,
        **extra: tuple[ArrayLike, v.Bound],
    ) -> None:
        arrays = {
            "traffic_erlangs": v.real(
                traffic_erlangs, function=function, name="traffic_erlangs", bound=">= 0"
            ),
            "handling_seconds": v.real(
                handling_seconds, function=function, name="handling_seconds", bound="> 0"
            ),
            "rate_cv": v.real(rate_cv, function=function, name="rate_cv", bound=">= 0"),
            "threshold_seconds": v.real(
                threshold_seconds, function=function, name="threshold_seconds", bound=">= 0"
            ),
        }
        for name, (value, bound) in extra.items():
            arrays[name] = v.real(value, function=function, name=name, bound=bound)
        self.function = function
        self.arrays = arrays

    def flat(
        self, **more: NDArray[np.generic]
    ) -> tuple[tuple[int, ...], dict[str, NDArray[np.float64]]]:
        shape = v.broadcast(self.function, **self.arrays, **more)
        return shape, {name: v.flat(a, shape) for name, a in self.arrays.items()}


def _expected_level(
    traffic: NDArray[np.float64],
    agents: NDArray[np.int64],
    handling: NDArray[np.float64],
    threshold: NDArray[np.float64],
    cv: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Return ``E[SL(n, A G)]`` on flat arrays."""
    result = _erlang_c_level(traffic, agents, handling, threshold)  # exact where cv == 0
    rows = np.flatnonzero((cv > 0.0) & (traffic > 0.0))
    if rows.size == 0:
        return result
    alpha = 1.0 / cv[rows] ** 2
    lower, upper = _range(cv[rows])
    unstable = agents[rows] / traffic[rows]
    top = np.maximum(np.minimum(unstable, upper), lower)
    nodes, weights = _nodes(lower, top)
    width = nodes.shape[1]
    level = _erlang_c_level(
        (traffic[rows, None] * nodes).reshape(-1),
        np.repeat(agents[rows], width),
        np.repeat(handling[rows], width),
        np.repeat(threshold[rows], width),
    ).reshape(nodes.shape)
    weighted = (level * _density(nodes, alpha) * weights).sum(axis=1)
    result[rows] = np.clip(weighted / _mass(alpha, lower, upper), 0.0, 1.0)
    return result


def expected_service_level(
    traffic_erlangs: ArrayLike,
    agents: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    rate_cv: ArrayLike,
    threshold_seconds: ArrayLike = 20.0,
) -> NDArray[np.float64]:
    """Predict the mean Erlang C service level when the arrival rate is uncertain.

    The forecast traffic is the mean; the actual rate varies around it as a
    gamma distribution with coefficient of variation `rate_cv` (volumes are
    negative binomial), and the result is the Erlang C service level averaged
    over that distribution: what the intervals planned this way achieve on
    average.  See :doc:`/explanation/planning-models`.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Forecast (mean) offered traffic in Erlangs, from 0 to `MAX_TRAFFIC_ERLANGS`.
    agents : array_like of int
        Number of agents; whole numbers from 0 to `MAX_AGENTS`.
    handling_seconds : array_like of float
        Mean handling time in seconds; > 0 and at most `iso18295.MAX_DURATION_SECONDS`.
    rate_cv : array_like of float
        Coefficient of variation of the arrival rate around the forecast, in
        [0, 1]: 0.1 means the actual rate is typically within 10 % of it.  0
        gives :func:`service_level`.
    threshold_seconds : array_like of float, default 20.0
        Longest wait, in seconds, that counts as in time.

    Returns
    -------
    numpy.ndarray of float64
        Expected service level in [0, 1], with the broadcast shape of the arguments.

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, or the shapes do not broadcast.

    Examples
    --------
    >>> from iso18295.staffing import expected_service_level
    >>> expected_service_level(10.0, 14, handling_seconds=180.0, rate_cv=[0.0, 0.1, 0.2]).round(4)
    array([0.8884, 0.8651, 0.8028])
    """
    function = "expected_service_level"
    mixture = _Mixture(
        function,
        traffic_erlangs,
        handling_seconds=handling_seconds,
        rate_cv=rate_cv,
        threshold_seconds=threshold_seconds,
    )
    n = v.agents(agents, function=function)
    shape, f = mixture.flat(agents=n)
    level = _expected_level(
        f["traffic_erlangs"],
        v.flat(n, shape),
        f["handling_seconds"],
        f["threshold_seconds"],
        f["rate_cv"],
    )
    return level.reshape(shape)


def target_met_share(
    traffic_erlangs: ArrayLike,
    agents: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    rate_cv: ArrayLike,
    service_level_share: ArrayLike,
    threshold_seconds: ArrayLike = 20.0,
) -> NDArray[np.float64]:
    """Compute the probability that the service level meets a target when the rate is uncertain.

    The share of intervals, among many planned on the same forecast and
    staffing, whose actual arrival rate (gamma around the forecast, as in
    :func:`expected_service_level`) leaves the Erlang C service level at or
    above `service_level_share`.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Forecast (mean) offered traffic in Erlangs, from 0 to `MAX_TRAFFIC_ERLANGS`.
    agents : array_like of int
        Number of agents; whole numbers from 0 to `MAX_AGENTS`.
    handling_seconds : array_like of float
        Mean handling time in seconds; > 0 and at most `iso18295.MAX_DURATION_SECONDS`.
    rate_cv : array_like of float
        Coefficient of variation of the arrival rate around the forecast, in [0, 1].
    service_level_share : array_like of float
        Target service level, in [0, 1).
    threshold_seconds : array_like of float, default 20.0
        Threshold of the target, in seconds.

    Returns
    -------
    numpy.ndarray of float64
        Probability in [0, 1], with the broadcast shape of the arguments.

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, or the shapes do not broadcast.

    Examples
    --------
    14 agents meet 80/20 at the forecast 10 Erlangs; how often with 10 % rate noise?

    >>> from iso18295.staffing import target_met_share
    >>> target_met_share(10.0, [14, 15, 16], handling_seconds=180.0, rate_cv=0.1,
    ...                  service_level_share=0.8).round(3)
    array([0.81 , 0.957, 0.994])
    """
    function = "target_met_share"
    mixture = _Mixture(
        function,
        traffic_erlangs,
        handling_seconds=handling_seconds,
        rate_cv=rate_cv,
        threshold_seconds=threshold_seconds,
        service_level_share=(service_level_share, "[0, 1)"),
    )
    n = v.agents(agents, function=function)
    shape, f = mixture.flat(agents=n)
    traffic, cv, target = f["traffic_erlangs"], f["rate_cv"], f["service_level_share"]
    handling, threshold = f["handling_seconds"], f["threshold_seconds"]
    n = v.flat(n, shape)
    at_forecast = _erlang_c_level(traffic, n, handling, threshold) >= target
    result = at_forecast.astype(np.float64)
    rows = np.flatnonzero((cv > 0.0) & (traffic > 0.0))
    if rows.size:
        # Bisect for g_t, the largest multiple of the forecast that still meets the target.
        a, count, aht, t, goal = (
            traffic[rows],
            n[rows],
            handling[rows],
            threshold[rows],
            target[rows],
        )
        low = np.zeros(rows.size)  # meets (no traffic always does)
        high = count / a  # fails: unstable
        for _ in range(_BISECTIONS):
            middle = (low + high) / 2.0
            ok = _erlang_c_level(a * middle, count, aht, t) >= goal
            low = np.where(ok, middle, low)
            high = np.where(ok, high, middle)
        alpha = 1.0 / cv[rows] ** 2
        lower, upper = _range(cv[rows])
        met = _mass(alpha, lower, np.minimum(low, upper)) / _mass(alpha, lower, upper)
        result[rows] = np.clip(met, 0.0, 1.0)
    return result.reshape(shape)


def rate_quantile(
    cv: NDArray[np.float64], probability: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Return the `probability` quantile of ``G`` (gamma, mean 1, CV `cv`) on flat arrays.

    Computed once per distinct pair, since a plan usually has few of them.
    """
    pairs, inverse = np.unique(np.stack([cv, probability]), axis=1, return_inverse=True)
    unique_cv, unique_p = pairs[0], pairs[1]
    quantile = np.ones_like(unique_cv)
    rows = np.flatnonzero(unique_cv > 0.0)
    if rows.size:
        alpha = 1.0 / unique_cv[rows] ** 2
        lower, upper = _range(unique_cv[rows])
        total = _mass(alpha, lower, upper)
        low, high = lower.copy(), upper.copy()
        goal = unique_p[rows]
        for _ in range(_BISECTIONS):
            middle = (low + high) / 2.0
            below = _mass(alpha, lower, middle) / total < goal
            low = np.where(below, middle, low)
            high = np.where(below, high, middle)
        quantile[rows] = high
    return np.asarray(quantile[inverse.reshape(-1)], dtype=np.float64)


def uncertain_required_agents(
    traffic_erlangs: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    rate_cv: ArrayLike,
    service_level_share: ArrayLike,
    target_met_share: ArrayLike = 0.9,
    threshold_seconds: ArrayLike = 20.0,
) -> NDArray[np.int64]:
    """Compute the fewest agents that meet a service level with a chosen probability.

    The arrival rate varies around the forecast as in
    :func:`expected_service_level`; the result is the smallest ``n`` whose
    Erlang C service level meets `service_level_share` with probability at
    least `target_met_share` (see :func:`target_met_share`).  Because the
    service level falls as the rate rises, this is exactly the Erlang C
    staffing for the rate's `target_met_share` quantile.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Forecast (mean) offered traffic in Erlangs, from 0 to `MAX_TRAFFIC_ERLANGS`.
    handling_seconds : array_like of float
        Mean handling time in seconds; > 0 and at most `iso18295.MAX_DURATION_SECONDS`.
    rate_cv : array_like of float
        Coefficient of variation of the arrival rate around the forecast, in [0, 1].
    service_level_share : array_like of float
        Target service level, in [0, 1).
    target_met_share : array_like of float, default 0.9
        Probability with which the target must be met, in [0, 1).
    threshold_seconds : array_like of float, default 20.0
        Threshold of the target, in seconds.

    Returns
    -------
    numpy.ndarray of int64
        Agents per interval (before shrinkage), with the broadcast shape of the arguments.

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, the quantile traffic
        exceeds `MAX_TRAFFIC_ERLANGS`, or the shapes do not broadcast.

    Examples
    --------
    >>> from iso18295.staffing import uncertain_required_agents
    >>> uncertain_required_agents(10.0, handling_seconds=180.0, rate_cv=[0.0, 0.1, 0.2],
    ...                           service_level_share=0.8, target_met_share=0.9)
    array([14, 15, 16])
    """
    function = "uncertain_required_agents"
    mixture = _Mixture(
        function,
        traffic_erlangs,
        handling_seconds=handling_seconds,
        rate_cv=rate_cv,
        threshold_seconds=threshold_seconds,
        service_level_share=(service_level_share, "[0, 1)"),
        target_met_share=(target_met_share, "[0, 1)"),
    )
    shape, f = mixture.flat()
    traffic = f["traffic_erlangs"] * rate_quantile(f["rate_cv"], f["target_met_share"])
    v.derived(function, "the traffic at the quantile", traffic, MAX_TRAFFIC_ERLANGS)
    agents = required_agents(
        traffic,
        handling_seconds=f["handling_seconds"],
        service_level_share=f["service_level_share"],
        threshold_seconds=f["threshold_seconds"],
    )
    return np.asarray(agents.reshape(shape), dtype=np.int64)
