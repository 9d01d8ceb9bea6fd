"""The KPI families: the common base `Kpi`, its families, what an interaction KPI lowers to."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

import attrs

from iso18295.kpis._engine.documents import GroupContext, Tally
from iso18295.kpis._engine.expressions import Expr, MaxOf, SumOf
from iso18295.kpis._engine.periods import Period

Kind = Literal["count", "ratio", "mean", "maximum"]

Source = Literal[
    "complaints",
    "customer_surveys",
    "quality_evaluations",
    "agents",
    "engagement_surveys",
    "channels",
]
"""The `Scope` collections a `DocumentKpi` can read, and the centre's channels."""


@attrs.frozen(kw_only=True)
class Lowering:
    """What a KPI counts and sums per group, and how its value follows.

    Parameters
    ----------
    kind : {"count", "ratio", "mean", "maximum"}
        ``count``: the value is the numerator count; ``ratio``: numerator count
        / denominator; ``mean``: numerator sum / denominator; ``maximum``: the
        numerator maximum, where the denominator (the rows it is taken over)
        is at least `minimum_denominator`.
    numerator : Expr, SumOf or MaxOf
        Rows counted (``count``, ``ratio``), the sum taken (``mean``) or the
        maximum taken (``maximum``).
    denominator : Expr or None
        Rows counted as the denominator; None for ``count`` (the group's records).
    excluded : Expr or None
        Rows a definitional rule leaves out, counted for the result; None if no rule.
    minimum_denominator : int
        Below this denominator the value is undefined (NaN).
    """

    kind: Kind
    numerator: Expr | SumOf | MaxOf
    denominator: Expr | None
    excluded: Expr | None = None
    minimum_denominator: int = 1


class Kpi(metaclass=abc.ABCMeta):
    """A KPI definition: what to measure per group, with every choice named.

    Every definition in :mod:`iso18295.kpis` belongs to exactly one family,
    which says what it is measured from and so which function measures it:

    * `InteractionKpi`: interaction records, with :func:`compute` or
      :func:`accumulate`;
    * `DocumentKpi`: a scope's documents, with :func:`measure`;
    * `ActivityKpi`: agent states and schedules, with :func:`measure_activity`;
    * `ForecastKpi`: forecasts against the contacts offered, with
      :func:`measure_forecasts`.

    Each of those functions is annotated with its family, so a type checker
    flags a definition of another family, and refuses one at run time with a
    `CalculationError` naming the function to use.  Definitions are frozen
    attrs classes: compare them with ``==``, change them with
    ``attrs.evolve``.  Every one has a `name` (the result column, unique
    within one computation) and `describe()`, the definition in words.  These
    bases are for type annotations; they are not extension points.

    Examples
    --------
    >>> from iso18295.kpis import InteractionKpi, Kpi, QualityScore, ServiceLevel
    >>> isinstance(ServiceLevel(), InteractionKpi), isinstance(QualityScore(), InteractionKpi)
    (True, False)
    >>> isinstance(QualityScore(), Kpi)
    True
    """

    __slots__ = ()

    name: str

    @abc.abstractmethod
    def describe(self) -> str:
        """Return the definition in words, with every option's value."""

    @abc.abstractmethod
    def _elsewhere(self) -> str:
        """Return, for messages, what the KPI is measured from and with which function."""


class InteractionKpi(Kpi):
    """A KPI computed from interaction records, with `compute` or `accumulate`.

    Its value per group follows from counts and sums over the group's
    records, so results of batches merge (see `Partials`).

    Examples
    --------
    >>> from iso18295.kpis import AverageHandlingTime, InteractionKpi
    >>> isinstance(AverageHandlingTime(), InteractionKpi)
    True
    """

    __slots__ = ()

    def _elsewhere(self) -> str:
        return (
            "which is measured from interaction records; use iso18295.kpis.compute(table, [...])"
        )

    @abc.abstractmethod
    def _lower(self) -> Lowering:
        """Return what to count and sum per group."""


class DocumentKpi(Kpi):
    """A KPI measured from a scope's documents over a period, with `measure`.

    Complaints, customer surveys, quality evaluations, agents, engagement
    surveys and the centre's channels are the documents read; each
    definition reads one collection of the scope.

    Examples
    --------
    >>> from iso18295.kpis import ComplaintRate, DocumentKpi
    >>> isinstance(ComplaintRate(), DocumentKpi)
    True
    """

    __slots__ = ()

    source: ClassVar[Source]
    needs_contacts: ClassVar[bool] = False

    def _elsewhere(self) -> str:
        return (
            f"which is measured from a scope's {self.source.replace('_', ' ')}; use"
            " iso18295.kpis.measure(scope, [...], start=..., end=...)"
        )

    def _collections(self) -> tuple[str, ...]:
        """Return the names of the `Scope` collections the definition reads (source first)."""
        return (self.source,)

    @abc.abstractmethod
    def _selects(self, document: Any, period: Period) -> bool:
        """Tell whether `document` is measured in `period`."""

    @abc.abstractmethod
    def _tally(self, documents: Sequence[Any], group: GroupContext) -> Tally:
        """Return one group's numbers from its selected documents."""

    def _contact_kpi(self) -> InteractionKpi:
        """Return the interaction KPI counting the contacts divided by (if `needs_contacts`)."""
        raise NotImplementedError


class ActivityKpi(Kpi):
    """A KPI measured from agent states and the schedule, with `measure_activity`.

    Examples
    --------
    >>> from iso18295.kpis import ActivityKpi, Occupancy
    >>> isinstance(Occupancy(), ActivityKpi)
    True
    """

    __slots__ = ()

    def _elsewhere(self) -> str:
        return "which is measured from agent activity; use iso18295.kpis.measure_activity()"


class ForecastKpi(Kpi):
    """A KPI measured from forecasts against the contacts offered, with `measure_forecasts`.

    Examples
    --------
    >>> from iso18295.kpis import ForecastAccuracy, ForecastKpi
    >>> isinstance(ForecastAccuracy(), ForecastKpi)
    True
    """

    __slots__ = ()

    def _elsewhere(self) -> str:
        return "which is measured from forecasts; use iso18295.kpis.measure_forecasts()"
