"""Required agents for a target, shrinkage, and traffic from a forecast volume.

:func:`required_agents` works on every interval at once.  For Erlang C it
advances the Erlang B recursion of :mod:`._erlang_b` from a warm start to the
first stable count (``floor(A) + 1``, or more for an occupancy cap) and then one
agent at a time, checking the targets after each step and dropping the intervals
that meet them, so each interval costs one Erlang B step per agent above its
start.  For Erlang A, whose value at ``n`` has no cheap step to ``n + 1``, it
brackets the answer by doubling steps from ``ceil(A)`` and then bisects, with
every evaluation vectorised over the intervals still open.  Both rely on each
target being monotone in the number of agents.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from iso18295._limits import MAX_AGENTS, MAX_TRAFFIC_ERLANGS
from iso18295.staffing import _validation as v
from iso18295.staffing._erlang_a import ErlangAResult, erlang_a_flat
from iso18295.staffing._erlang_b import erlang_b_flat
from iso18295.staffing._erlang_c import ErlangC

#: Relative floating-point noise ignored when rounding agents up for shrinkage.
_ROUNDING_SLACK = 1e-9

_SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)

_Targets = dict[str, NDArray[np.float64]]


def _occupancy_floor(traffic: NDArray[np.float64], cap: NDArray[np.float64]) -> NDArray[np.int64]:
    """Return the smallest n >= 1 with ``traffic / n <= cap``, tested as occupancy is."""
    guess = np.maximum(np.ceil(traffic / cap), 1.0)
    lower = np.maximum(guess - 1.0, 1.0)
    enough = traffic / lower <= cap
    return np.where(enough, lower, guess).astype(np.int64)


def _erlang_c_agents(
    traffic: NDArray[np.float64], handling: NDArray[np.float64], targets: _Targets
) -> NDArray[np.int64]:
    """Step the Erlang B recursion up from the first stable count until every target holds."""
    n = np.floor(traffic).astype(np.int64) + 1
    if "max_occupancy_share" in targets:
        n = np.maximum(n, _occupancy_floor(traffic, targets["max_occupancy_share"]))
    result = np.zeros(traffic.size, dtype=np.int64)
    rows = np.flatnonzero(traffic > 0.0)  # no traffic needs no agents
    a, aht, n = traffic[rows], handling[rows], n[rows]
    open_targets = {name: value[rows] for name, value in targets.items()}
    b = erlang_b_flat(a, n)
    while rows.size:
        model = ErlangC(a, n, b)
        ok = np.ones(rows.size, dtype=np.bool_)
        if "service_level_share" in open_targets:
            level = model.service_level(aht, open_targets["threshold_seconds"])
            ok &= level >= open_targets["service_level_share"]
        if "max_speed_of_answer_seconds" in open_targets:
            ok &= model.speed_of_answer(aht) <= open_targets["max_speed_of_answer_seconds"]
        if ok.any():
            result[rows[ok]] = n[ok]
            keep = ~ok
            rows, a, aht, n, b = rows[keep], a[keep], aht[keep], n[keep], b[keep]
            open_targets = {name: value[keep] for name, value in open_targets.items()}
        n = n + 1
        ab = a * b
        b = ab / (n + ab)
        b[b < _SMALLEST_NORMAL] = 0.0  # as erlang_b: then every target is met, so this ends
    return result


def _erlang_a_meets(result: ErlangAResult, targets: _Targets) -> NDArray[np.bool_]:
    """Return where an Erlang A result meets every target."""
    ok = np.ones(result.occupancy.shape, dtype=np.bool_)
    if "service_level_share" in targets:
        ok &= result.service_level >= targets["service_level_share"]
    if "max_speed_of_answer_seconds" in targets:
        ok &= result.speed_of_answer_seconds <= targets["max_speed_of_answer_seconds"]
    if "max_occupancy_share" in targets:
        ok &= result.occupancy <= targets["max_occupancy_share"]
    if "max_abandonment_share" in targets:
        ok &= result.abandonment_share <= targets["max_abandonment_share"]
    return ok


def _erlang_a_agents(
    traffic: NDArray[np.float64],
    handling: NDArray[np.float64],
    patience: NDArray[np.float64],
    targets: _Targets,
) -> NDArray[np.int64]:
    """Bracket by doubling steps from ceil(A), then bisect; 0 counts as failing."""
    threshold = targets.get("threshold_seconds", np.zeros_like(traffic))

    def meets(rows: NDArray[np.intp], n: NDArray[np.int64]) -> NDArray[np.bool_]:
        result = erlang_a_flat(traffic[rows], n, handling[rows], patience[rows], threshold[rows])
        return _erlang_a_meets(result, {k: t[rows] for k, t in targets.items()})

    fails = np.zeros(traffic.size, dtype=np.int64)  # a count known to fail (0 always does)
    meets_at = np.maximum(np.ceil(traffic), 1.0).astype(np.int64)
    step = np.maximum(np.ceil(np.sqrt(traffic)), 1.0).astype(np.int64)
    rows = np.flatnonzero(traffic > 0.0)
    while rows.size:  # bracket: move up until the count meets the targets
        ok = meets(rows, meets_at[rows])
        up = rows[~ok]
        fails[up] = meets_at[up]
        meets_at[up] += step[up]
        step[up] *= 2
        rows = up
    meets_at[traffic == 0.0] = 0
    rows = np.flatnonzero(meets_at - fails > 1)
    while rows.size:  # bisect between a failing and a meeting count
        middle = (fails[rows] + meets_at[rows]) // 2
        ok = meets(rows, middle)
        meets_at[rows[ok]] = middle[ok]
        fails[rows[~ok]] = middle[~ok]
        rows = rows[meets_at[rows] - fails[rows] > 1]
    return meets_at


def required_agents(
    traffic_erlangs: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    service_level_share: ArrayLike | None = None,
    threshold_seconds: ArrayLike = 20.0,
    max_speed_of_answer_seconds: ArrayLike | None = None,
    max_occupancy_share: ArrayLike | None = None,
    max_abandonment_share: ArrayLike | None = None,
    model: Literal["erlang_c", "erlang_a"] = "erlang_c",
    patience_seconds: ArrayLike | None = None,
) -> NDArray[np.int64]:
    """Compute the smallest number of agents that meets every given target.

    Give at least one target; when several are given, the result meets all
    of them.  Every argument broadcasts, so one call sizes a whole day or year
    of intervals (one traffic value per interval), with no loop per interval.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic ``A`` per interval, in Erlangs; from a forecast volume
        use :func:`offered_traffic`.  From 0 to `MAX_TRAFFIC_ERLANGS`; an
        interval without traffic needs 0 agents.
    handling_seconds : array_like of float
        Mean handling time in seconds.  > 0 and at most
        `iso18295.MAX_DURATION_SECONDS`.
    service_level_share : array_like of float or None, default None
        Target share of contacts answered within `threshold_seconds`, in
        [0, 1) (0.8 for "80/20").  None: no service-level target.
    threshold_seconds : array_like of float, default 20.0
        Threshold of the service-level target, in seconds; from 0 to
        `iso18295.MAX_DURATION_SECONDS`.  Used only with `service_level_share`.
    max_speed_of_answer_seconds : array_like of float or None, default None
        Highest acceptable average speed of answer, in seconds; > 0 and at
        most `iso18295.MAX_DURATION_SECONDS`.
    max_occupancy_share : array_like of float or None, default None
        Highest acceptable occupancy, in (0, 1].
    max_abandonment_share : array_like of float or None, default None
        Highest acceptable probability of abandoning, in (0, 1]; only with
        ``model="erlang_a"``.
    model : {"erlang_c", "erlang_a"}, default "erlang_c"
        Queue model.  ``"erlang_c"``: nobody abandons, and the result always
        exceeds the traffic (a stable queue).  ``"erlang_a"``: waiting contacts
        abandon after a mean of `patience_seconds`; needs `patience_seconds`.
    patience_seconds : array_like of float or None, default None
        Mean patience of waiting contacts in seconds, > 0 and at most
        `MAX_PATIENCE_RATIO` times `handling_seconds`; required by, and only
        allowed with, ``model="erlang_a"``.

    Returns
    -------
    numpy.ndarray of int64
        Agents needed per interval (before shrinkage; see
        :func:`rostered_agents`), with the broadcast shape of the arguments.

    Raises
    ------
    CalculationError
        If no target is given, an argument is out of range, NaN or infinite,
        an Erlang A argument is given (or missing) for the other model, or the
        shapes do not broadcast.

    Examples
    --------
    100 calls in 30 minutes, 180 s handling (10 Erlangs), 80 % in 20 s:

    >>> from iso18295.staffing import required_agents
    >>> required_agents(10.0, handling_seconds=180.0, service_level_share=0.8)
    array(14)
    >>> required_agents(
    ...     [10.0, 10.0],
    ...     handling_seconds=180.0,
    ...     service_level_share=0.8,
    ...     model="erlang_a",
    ...     patience_seconds=[300.0, 30.0],
    ... )
    array([13, 11])
    """
    function = "required_agents"
    a = v.real(traffic_erlangs, function=function, name="traffic_erlangs", bound=">= 0")
    arrays: dict[str, NDArray[np.float64]] = {
        "traffic_erlangs": a,
        "handling_seconds": v.real(
            handling_seconds, function=function, name="handling_seconds", bound="> 0"
        ),
    }
    optional: dict[str, tuple[ArrayLike | None, v.Bound]] = {
        "service_level_share": (service_level_share, "[0, 1)"),
        "max_speed_of_answer_seconds": (max_speed_of_answer_seconds, "> 0"),
        "max_occupancy_share": (max_occupancy_share, "(0, 1]"),
        "max_abandonment_share": (max_abandonment_share, "(0, 1]"),
        "patience_seconds": (patience_seconds, "> 0"),
    }
    for name, (value, bound) in optional.items():
        if value is not None:
            arrays[name] = v.real(value, function=function, name=name, bound=bound)
    if model not in ("erlang_c", "erlang_a"):
        raise v.fail(function, "model 'erlang_c' or 'erlang_a'", repr(model))
    if not set(arrays) & {name for name in optional if name != "patience_seconds"}:
        raise v.fail(
            function,
            "at least one target",
            "none; give service_level_share, max_speed_of_answer_seconds, "
            "max_occupancy_share or max_abandonment_share",
        )
    for name in ("max_abandonment_share", "patience_seconds"):
        if model == "erlang_c" and name in arrays:
            raise v.fail(function, f"{name} only with model='erlang_a'", "model='erlang_c'")
    if model == "erlang_a" and "patience_seconds" not in arrays:
        raise v.fail(function, "patience_seconds with model='erlang_a'", "None")
    if "service_level_share" in arrays:
        arrays["threshold_seconds"] = v.real(
            threshold_seconds, function=function, name="threshold_seconds", bound=">= 0"
        )
    shape = v.broadcast(function, **arrays)
    flat = {name: v.flat(value, shape) for name, value in arrays.items()}
    traffic = flat.pop("traffic_erlangs")
    handling = flat.pop("handling_seconds")
    if model == "erlang_a":
        patience = flat.pop("patience_seconds")
        v.patience(function, patience, handling)
        return _erlang_a_agents(traffic, handling, patience, flat).reshape(shape)
    return _erlang_c_agents(traffic, handling, flat).reshape(shape)


def rostered_agents(agents: ArrayLike, *, shrinkage_share: ArrayLike) -> NDArray[np.int64]:
    """Compute the agents to roster so that enough remain after shrinkage.

    ``ceil(agents / (1 - shrinkage_share))``: shrinkage is the share of paid
    time in which rostered agents cannot take contacts (breaks, training,
    meetings, absence).  Floating-point noise below 1e-9 relative is ignored
    when rounding up, so 14 agents at 30 % shrinkage give 20, not 21.

    Parameters
    ----------
    agents : array_like of int
        Agents needed on the phones, e.g. from :func:`required_agents`; whole
        numbers from 0 to `MAX_AGENTS`.
    shrinkage_share : array_like of float
        Share of rostered time lost to shrinkage, in [0, 1).

    Returns
    -------
    numpy.ndarray of int64
        Agents to roster, with the broadcast shape of the arguments.

    Raises
    ------
    CalculationError
        If `agents` is not a whole number from 0 to `MAX_AGENTS`,
        `shrinkage_share` is outside [0, 1), the result would exceed
        `MAX_AGENTS`, or the shapes do not broadcast.

    Examples
    --------
    >>> from iso18295.staffing import rostered_agents
    >>> rostered_agents([14, 10], shrinkage_share=0.3)
    array([20, 15])
    """
    n = v.agents(agents, function="rostered_agents")
    shrink = v.real(
        shrinkage_share, function="rostered_agents", name="shrinkage_share", bound="[0, 1)"
    )
    v.broadcast("rostered_agents", agents=n, shrinkage_share=shrink)
    rostered = np.ceil(n / (1.0 - shrink) * (1.0 - _ROUNDING_SLACK))
    v.derived("rostered_agents", "the agents to roster", rostered, MAX_AGENTS)
    return np.asarray(rostered, dtype=np.int64)


def offered_traffic(
    offered_contacts: ArrayLike, *, interval_seconds: ArrayLike, handling_seconds: ArrayLike
) -> NDArray[np.float64]:
    """Compute offered traffic in Erlangs from a contact volume per interval.

    ``A = offered_contacts * handling_seconds / interval_seconds``: the number
    of agents that would be busy all the time if nobody ever waited.

    Parameters
    ----------
    offered_contacts : array_like of float
        Contacts offered (forecast) in each interval; may be fractional.
        From 0 to `iso18295.MAX_COUNT` (2**53).
    interval_seconds : array_like of float
        Length of each interval in seconds (1800 for 30 minutes); > 0 and
        at most `iso18295.MAX_DURATION_SECONDS`.
    handling_seconds : array_like of float
        Mean handling time in seconds; > 0 and at most `iso18295.MAX_DURATION_SECONDS`.

    Returns
    -------
    numpy.ndarray of float64
        Traffic in Erlangs, with the broadcast shape of the arguments.

    Raises
    ------
    CalculationError
        If an argument is out of range, NaN or infinite, the traffic would
        exceed `MAX_TRAFFIC_ERLANGS`, or the shapes do not broadcast.

    Examples
    --------
    >>> from iso18295.staffing import offered_traffic
    >>> offered_traffic([100, 50], interval_seconds=1800.0, handling_seconds=180.0)
    array([10.,  5.])
    """
    function = "offered_traffic"
    volume = v.real(offered_contacts, function=function, name="offered_contacts", bound=">= 0")
    interval = v.real(interval_seconds, function=function, name="interval_seconds", bound="> 0")
    aht = v.real(handling_seconds, function=function, name="handling_seconds", bound="> 0")
    v.broadcast(function, offered_contacts=volume, interval_seconds=interval, handling_seconds=aht)
    traffic = np.asarray(volume * aht / interval, dtype=np.float64)
    v.derived(function, "the traffic in Erlangs", traffic, MAX_TRAFFIC_ERLANGS)
    return traffic
