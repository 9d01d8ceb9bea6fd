"""The KPI families: the common base `Kpi`, its families, what an interaction KPI lowers to."""

from __future__ import annotations

from typing import Literal

import attrs

from iso18295.kpis._engine.expressions import Expr, SumOf

Kind = Literal["count", "ratio", "mean"]


@attrs.frozen(kw_only=True)
class Lowering:
    """What a KPI counts and sums per group, and how its value follows.

    Parameters
    ----------
    kind : {"count", "ratio", "mean"}
        ``count``: the value is the numerator count; ``ratio``: numerator count
        / denominator; ``mean``: numerator sum / denominator.
    numerator : Expr or SumOf
        Rows counted (``count``, ``ratio``) or the sum taken (``mean``).
    denominator : Expr or None
        Rows counted as the denominator; None for ``count`` (the group's records).
    excluded : Expr or None
        Rows a definitional rule leaves out, counted for the result; None if no rule.
    minimum_denominator : int
        Below this denominator the value is undefined (NaN).
    """

    kind: Kind
    numerator: Expr | SumOf
    denominator: Expr | None
    excluded: Expr | None = None
    minimum_denominator: int = 1


class Kpi:
    """A KPI definition: what to count per group, with every choice named.

    The concrete definitions are listed in :mod:`iso18295.kpis`, by what
    they are measured from: interaction records (:func:`compute`), a scope's
    documents (:func:`measure`), agent activity (:func:`measure_activity`) or
    forecasts against records (:func:`measure_forecasts`); each of those
    functions refuses the others' definitions.  They are frozen attrs classes:
    compare them with ``==``, change them with ``attrs.evolve``.  Every one has
    a `name` (the result column, unique within one computation) and
    `describe()`, the definition in words.  This base class is for type
    annotations; it is not an extension point.

    Examples
    --------
    >>> from iso18295.kpis import Kpi, ServiceLevel
    >>> isinstance(ServiceLevel(), Kpi)
    True
    """

    __slots__ = ()

    name: str

    def describe(self) -> str:
        """Return the definition in words, with every option's value."""
        raise NotImplementedError

    def lower(self) -> Lowering:
        """Return what to count and sum (internal to `iso18295.kpis`)."""
        raise NotImplementedError
