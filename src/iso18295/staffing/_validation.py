"""Check and convert the arguments of the staffing formulas.

Every public function of :mod:`iso18295.staffing` passes its arguments through
here, so all of them report bad input the same way: a
:class:`~iso18295.errors.CalculationError` whose message names the function, the
argument, what was expected and what was found, e.g.
``erlang_c(): expected traffic_erlangs >= 0, found -1.0``.

Every argument also has an upper limit, found from its name by `upper_limit`:
traffic up to `MAX_TRAFFIC_ERLANGS`, agents up to `MAX_AGENTS`, anything in
seconds up to `MAX_DURATION_SECONDS`, contact volumes up to `MAX_COUNT`, shares
up to 1.  The formulas' loops run a number of steps that grows with the traffic
and the agents, so these limits bound the work of every call.
"""

from __future__ import annotations

from typing import Literal, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from iso18295._limits import (
    MAX_AGENTS,
    MAX_COUNT,
    MAX_DURATION_SECONDS,
    MAX_PATIENCE_RATIO,
    MAX_TRAFFIC_ERLANGS,
    limit_text,
)
from iso18295.errors import CalculationError

_T = TypeVar("_T", bound=np.generic)

Bound = Literal[">= 0", "> 0", "[0, 1)", "(0, 1]", "[0, 1]"]


def _describe(bad: NDArray[np.bool_], values: NDArray[np.float64]) -> str:
    """Describe the first offending value, and how many there are, for a message."""
    if values.ndim == 0:
        return repr(float(values))
    count = int(bad.sum())
    where = tuple(int(i) for i in np.argwhere(bad)[0])
    index = where[0] if len(where) == 1 else where
    first = float(values[where])
    more = f" ({count} values)" if count > 1 else ""
    return f"{first!r} at index {index}{more}"


def upper_limit(name: str) -> float:
    """Return the largest value argument `name` may take (beyond its unit-range bound)."""
    if name.endswith("_seconds"):
        return MAX_DURATION_SECONDS
    if name.endswith("_share"):
        return 1.0
    return _LIMITS[name]


#: Concurrency: the handling time at any concurrency is at most this multiple of handling alone.
MAX_HANDLING_MULTIPLIER = 100.0
#: Uncertain arrivals: the arrival rate's coefficient of variation is at most 1 (gamma shape >= 1).
MAX_RATE_CV = 1.0

_LIMITS: dict[str, float] = {
    "traffic_erlangs": MAX_TRAFFIC_ERLANGS,
    "offered_contacts": float(MAX_COUNT),
    "arrivals": float(MAX_COUNT),
    "initial_backlog": float(MAX_COUNT),
    "agents": float(MAX_AGENTS),
    "actual": float(MAX_COUNT),
    "forecast": float(MAX_COUNT),
    "values": float(MAX_COUNT),
    "handling_multipliers": MAX_HANDLING_MULTIPLIER,
    "rate_cv": MAX_RATE_CV,
}


def fail(function: str, expected: str, found: str) -> CalculationError:
    """Build the error for one bad argument, in the house format."""
    return CalculationError(f"{function}(): expected {expected}, found {found}")


def real(value: ArrayLike, *, function: str, name: str, bound: Bound) -> NDArray[np.float64]:
    """Return `value` as a float64 array, checking that it lies within `bound`.

    NaN never satisfies a bound; infinity is rejected separately as not finite;
    finite values above the argument's `upper_limit` are rejected last.
    """
    if isinstance(value, str | bytes):
        raise fail(function, f"{name} as a number or an array of numbers", "a string")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError) as exc:  # OverflowError: int beyond float
        kind = type(value).__name__
        raise fail(function, f"{name} as a number or an array of numbers", kind) from exc
    if bound == ">= 0":
        ok = array >= 0
    elif bound == "> 0":
        ok = array > 0
    elif bound == "[0, 1)":
        ok = (array >= 0) & (array < 1)
    elif bound == "(0, 1]":
        ok = (array > 0) & (array <= 1)
    else:
        ok = (array >= 0) & (array <= 1)
    if not ok.all():
        expected = f"{name} >= 0" if bound == ">= 0" else f"{name} > 0"
        if bound.startswith(("[", "(")):
            expected = f"{name} in {bound}"
        raise fail(function, expected, _describe(~ok, array))
    infinite = np.isinf(array)
    if infinite.any():
        raise fail(function, f"{name} finite", _describe(infinite, array))
    limit = upper_limit(name)
    too_large = array > limit
    if too_large.any():
        raise fail(function, f"{name} <= {limit_text(limit)}", _describe(too_large, array))
    return array


def agents(
    value: ArrayLike, *, function: str, minimum: int = 0, name: str = "agents"
) -> NDArray[np.int64]:
    """Return `value` as an int64 array of whole agent counts from `minimum` to `MAX_AGENTS`.

    Integer arrays and floats with whole values (``14.0``) are accepted;
    booleans, fractions and anything not numeric are not.
    """
    expected = f"{name} as whole numbers from {minimum} to {limit_text(MAX_AGENTS)}"
    if isinstance(value, str | bytes):
        raise fail(function, expected, "a string")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:  # pragma: no cover - ragged nested sequences
        raise fail(function, expected, type(value).__name__) from exc
    if raw.dtype == np.bool_ or raw.dtype.kind not in "iuf":
        raise fail(function, expected, f"an array of dtype {raw.dtype}")
    as_float = raw.astype(np.float64)
    whole = np.isfinite(as_float) & (np.floor(as_float) == as_float)
    whole &= (as_float >= minimum) & (as_float <= MAX_AGENTS)
    if not whole.all():
        raise fail(function, expected, _describe(~whole, as_float))
    return raw.astype(np.int64)


def patience(function: str, patience: NDArray[np.float64], handling: NDArray[np.float64]) -> None:
    """Require ``patience <= MAX_PATIENCE_RATIO * handling`` on flat arrays of equal length.

    The Erlang A series takes about ``sqrt(traffic * patience / handling)``
    terms, so this ratio bounds its work as the traffic limit does.
    """
    too_patient = patience > MAX_PATIENCE_RATIO * handling
    if too_patient.any():
        raise fail(
            function,
            f"patience_seconds <= {limit_text(MAX_PATIENCE_RATIO)} times handling_seconds",
            _describe(too_patient, patience),
        )


def derived(function: str, what: str, values: NDArray[np.float64], limit: float) -> None:
    """Require a quantity computed from several arguments to stay <= `limit`."""
    too_large = ~(values <= limit)
    if too_large.any():
        raise fail(function, f"{what} <= {limit_text(limit)}", _describe(too_large, values))


def broadcast(function: str, **arrays: NDArray[np.generic]) -> tuple[int, ...]:
    """Return the common shape of the named arrays, or raise if they do not broadcast."""
    try:
        return np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{name} {a.shape}" for name, a in arrays.items())
        raise fail(function, "arguments of broadcastable shapes", shapes) from exc


def flat(array: NDArray[_T], shape: tuple[int, ...]) -> NDArray[_T]:
    """Broadcast `array` to `shape` and return a contiguous 1-d copy."""
    return np.ascontiguousarray(np.broadcast_to(array, shape)).reshape(-1)
