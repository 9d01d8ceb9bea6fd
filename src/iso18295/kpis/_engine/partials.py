"""Mergeable per-group partial results: `Partials` (`accumulate` and `compute` are in `passes`)."""

from __future__ import annotations

import typing
from collections.abc import Sequence

from iso18295 import _display
from iso18295._model.interaction_table import InteractionTable
from iso18295.errors import CalculationError
from iso18295.kpis._engine.accumulate import Sparse, recode, reduce_rows
from iso18295.kpis._engine.families import InteractionKpi, Kpi
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.kernel import Plan, compile_plan
from iso18295.kpis._engine.result import KpiResult, finalize

DEFAULT_CHUNK_ROWS = 1 << 16


@typing.final
class Partials:
    """Per-group counts, sums and maxima from which KPIs follow; merge them, then finalize.

    Every KPI reduces to integers and floats per group: a numerator (count,
    sum, or maximum as for `OldestOpenItemAge`), a denominator count and an
    excluded count, plus the group's number of records.  Partials of
    different tables (batches, days, files) merge by adding these (maxima
    by taking the larger), with groups aligned by their labels, not by
    their category codes, so ``accumulate(a).merge(accumulate(b)).finalize()``
    equals ``compute`` over the rows of both.  Build them with `accumulate`;
    the constructor is private.

    One KPI is the exception: `FirstContactResolution` with
    ``method="repeat"`` looks for each contact's repeat in the whole table
    it was accumulated from.  Row slices of *one* table (``rows=``) still merge
    exactly; partials of *different* tables do not, since a contact's repeat
    may be in the other one, so `merge` refuses them rather than give a
    different answer.  Such partials keep a reference to their table.

    Examples
    --------
    >>> from iso18295 import examples
    >>> from iso18295.kpis import Grouping, ServiceLevel, accumulate
    >>> table = examples.generate_interactions()
    >>> half = len(table) // 2
    >>> first = accumulate(table, [ServiceLevel()], grouping=Grouping(by=("channel_id",)),
    ...                    rows=slice(0, half))
    >>> second = accumulate(table, [ServiceLevel()], grouping=Grouping(by=("channel_id",)),
    ...                     rows=slice(half, None))
    >>> merged = first.merge(second).finalize()
    >>> whole = accumulate(table, [ServiceLevel()], grouping=Grouping(by=("channel_id",)))
    >>> bool((merged["service_level"].value == whole.finalize()["service_level"].value).all())
    True
    """

    __slots__ = (
        "_categories",
        "_data",
        "_grouping",
        "_kpis",
        "_plan",
        "_rows_quarantined",
        "_rows_read",
        "_source",
    )

    def __init__(
        self,
        kpis: tuple[InteractionKpi, ...],
        grouping: Grouping,
        plan: Plan,
        categories: tuple[tuple[str, ...], ...],
        data: Sparse,
        source: InteractionTable | None = None,
        *,
        rows_read: int = 0,
        rows_quarantined: int = 0,
    ) -> None:
        self._kpis, self._grouping, self._plan = kpis, grouping, plan
        self._categories, self._data = categories, data
        # The table repeats were searched in (repeat-contact FCR only), else None.
        self._source = source
        self._rows_read, self._rows_quarantined = rows_read, rows_quarantined

    @classmethod
    def empty(
        cls, kpis: Sequence[InteractionKpi], *, grouping: Grouping | None = None
    ) -> Partials:
        """Return partials with no groups, the neutral element of `merge`.

        Parameters
        ----------
        kpis : sequence of Kpi
            The KPI definitions.
        grouping : Grouping or None, default None
            The grouping; None for all records together.

        Returns
        -------
        Partials

        Examples
        --------
        >>> from iso18295.kpis import Offered, Partials
        >>> len(Partials.empty([Offered()]))
        0
        """
        checked, grouping = _check_definitions("Partials.empty", kpis, grouping)
        plan = compile_plan(checked, grouping)
        width = len(grouping.by) + 2
        data = reduce_rows([], width, len(plan.predicates), len(plan.sums), len(plan.maxima))
        return cls(checked, grouping, plan, tuple(() for _ in grouping.by), data)

    @property
    def kpis(self) -> tuple[InteractionKpi, ...]:
        """Return the KPI definitions."""
        return self._kpis

    @property
    def grouping(self) -> Grouping:
        """Return the grouping."""
        return self._grouping

    @property
    def rows_read(self) -> int:
        """Return how many rows were read, the accepted ones and those set aside.

        For an `InteractionTable`, the rows accumulated (`rows=`); for a dask
        DataFrame, every row of every partition.
        """
        return self._rows_read

    @property
    def rows_quarantined(self) -> int:
        """Return how many rows were set aside as bad while loading partitions.

        Always 0 for an `InteractionTable` (its rows were checked when it was
        loaded); for a dask DataFrame with ``on_error="quarantine"``, the bad
        rows of all partitions, which the KPIs leave out.
        """
        return self._rows_quarantined

    def __len__(self) -> int:
        return len(self._data.records)

    def __repr__(self) -> str:
        names = ", ".join(m.name for m in self._kpis)
        return f"<Partials: {len(self)} groups of {names}; {self._grouping.describe()}>"

    def _repr_html_(self) -> str:
        rows = [
            ("groups", str(len(self))),
            ("KPIs", _display.listing([m.name for m in self._kpis])),
            ("grouping", self._grouping.describe()),
        ]
        return _display.card("Partials", rows, note="finalize() computes the KPIs")

    def merge(self, other: Partials) -> Partials:
        """Return the partials of the rows of both (self's and `other`'s).

        Parameters
        ----------
        other : Partials
            Partials of the same KPIs and grouping.

        Returns
        -------
        Partials

        Raises
        ------
        CalculationError
            If `other` has other KPIs or another grouping, or if both hold a
            repeat-contact `FirstContactResolution` and come from different
            tables (the merge would miss repeats across them).

        Examples
        --------
        >>> from iso18295.kpis import Offered, Partials
        >>> a = Partials.empty([Offered()])
        >>> len(a.merge(a))
        0
        """
        if not isinstance(other, Partials):
            raise CalculationError(
                f"Partials.merge(): expected Partials, found {type(other).__name__}"
            )
        if other._kpis != self._kpis or other._grouping != self._grouping:
            raise CalculationError(
                "Partials.merge(): expected partials of the same KPIs and grouping, found"
                f" {[m.name for m in other._kpis]} {other._grouping!r}"
                f" against {[m.name for m in self._kpis]} {self._grouping!r}"
            )
        if (
            self._source is not None
            and other._source is not None
            and self._source is not other._source
        ):
            names = [m.name for m in self._kpis if _searches_repeats(m)]
            raise CalculationError(
                f"Partials.merge(): expected partials of one table for {names}"
                " (method='repeat'), found partials of two tables; a contact's repeat may be"
                " in the other table, so the merge would not be exact: accumulate over one"
                " table holding the period and the repeat window after it (rows= chooses the"
                " contacts measured), or use method='flag'"
            )
        source = self._source if self._source is not None else other._source
        union = tuple(
            tuple(sorted(set(a) | set(b)))
            for a, b in zip(self._categories, other._categories, strict=True)
        )
        parts = [recode(p._data, p._categories, union) for p in (self, other)]
        width = len(self._grouping.by) + 2
        plan = self._plan
        data = reduce_rows(parts, width, len(plan.predicates), len(plan.sums), len(plan.maxima))
        return Partials(
            self._kpis,
            self._grouping,
            self._plan,
            union,
            data,
            source,
            rows_read=self._rows_read + other._rows_read,
            rows_quarantined=self._rows_quarantined + other._rows_quarantined,
        )

    def _with_counts(self, rows_read: int, rows_quarantined: int) -> Partials:
        """Return these partials with the rows read and set aside while loading them."""
        return Partials(
            self._kpis,
            self._grouping,
            self._plan,
            self._categories,
            self._data,
            self._source,
            rows_read=rows_read,
            rows_quarantined=rows_quarantined,
        )

    def finalize(self) -> KpiResult:
        """Compute the KPI values from the partials.

        Returns
        -------
        KpiResult
            One row per group with records.  Undefined values (denominator 0,
            or fewer responses than a `minimum_responses`) are NaN, and one
            `UndefinedKpiWarning` names the KPIs and how many groups.

        Examples
        --------
        >>> from iso18295.kpis import Offered, Partials
        >>> len(Partials.empty([Offered()]).finalize())
        0
        """
        return finalize(self._kpis, self._grouping, self._plan, self._categories, self._data)


def _searches_repeats(kpi: InteractionKpi) -> bool:
    return bool(compile_plan((kpi,), Grouping()).searches)


def _check_definitions(
    where: str, kpis: object, grouping: object
) -> tuple[tuple[InteractionKpi, ...], Grouping]:
    if isinstance(kpis, Kpi):
        raise CalculationError(
            f"{where}(): expected kpis as a sequence, found one"
            f" {type(kpis).__name__}; wrap it in a list"
        )
    if not isinstance(kpis, Sequence) or not kpis:
        raise CalculationError(
            f"{where}(): expected kpis as a non-empty sequence of definitions, found {kpis!r}"
        )
    for kpi in kpis:
        if isinstance(kpi, InteractionKpi):
            continue
        if isinstance(kpi, Kpi):
            raise CalculationError(
                f"{where}(): expected KPIs of interaction records, found"
                f" {type(kpi).__name__}(), {kpi._elsewhere()}"
            )
        raise CalculationError(
            f"{where}(): expected KPI definitions such as ServiceLevel(), found {kpi!r}"
        )
    names = [m.name for m in kpis]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise CalculationError(
            f"{where}(): expected distinct KPI names, found {duplicated} more than once;"
            " give one of them another name=..."
        )
    if grouping is None:
        grouping = Grouping()
    if not isinstance(grouping, Grouping):
        raise CalculationError(f"{where}(): expected grouping as a Grouping, found {grouping!r}")
    return tuple(kpis), grouping
