"""Mergeable per-group partial results: `Partials`, `accumulate` and `compute`."""

from __future__ import annotations

import os
import typing
from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from iso18295._model.interaction_table import InteractionTable
from iso18295.errors import CalculationError
from iso18295.kpis._engine.accumulate import Sparse, decode, recode, reduce_rows, run_table
from iso18295.kpis._engine.families import InteractionKpi, Kpi
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.kernel import Plan, compile_plan, layout_for
from iso18295.kpis._engine.partitions import accumulate_frame, is_dask_frame
from iso18295.kpis._engine.repeats import repeat_status
from iso18295.kpis._engine.result import KpiResult, finalize

DEFAULT_CHUNK_ROWS = 1 << 16


@typing.final
class Partials:
    """Per-group counts and sums from which KPIs follow; merge them, then finalize.

    Every KPI reduces to integers and float sums per group: a numerator
    (count or sum), a denominator count and an excluded count, plus the
    group's number of records.  Partials of different tables (batches, days,
    files) merge by adding these, with groups aligned by their labels, not by
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
        data = reduce_rows([], width, len(plan.predicates), len(plan.sums))
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
        data = reduce_rows(parts, width, len(self._plan.predicates), len(self._plan.sums))
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


def _default_threads() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def accumulate(
    table: InteractionTable | object,
    kpis: Sequence[InteractionKpi],
    *,
    grouping: Grouping | None = None,
    rows: slice | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    threads: int | None = None,
    on_error: Literal["strict", "quarantine"] = "strict",
    time_zone: str | None = None,
) -> Partials:
    """Count and sum what the KPIs need, per group, in one vectorised pass.

    Parameters
    ----------
    table : InteractionTable or dask.dataframe.DataFrame
        The interaction records.  A dask DataFrame (for example
        ``dask.dataframe.read_parquet`` over a partitioned data set) is
        accumulated partition by partition where its scheduler runs (a
        `dask.distributed` cluster if a client is active): each partition is
        loaded as `interactions_from_dataframe` loads a frame, accumulated,
        and the partials are merged in a tree; dask is imported only then.
    kpis : sequence of Kpi
        The KPI definitions, with distinct names.
    grouping : Grouping or None, default None
        How to group the records; None for all records together.
    rows : slice or None, default None
        Only these rows of the table (a batch); None for all.  Not for a
        dask DataFrame (select its partitions instead).
    chunk_rows : int, default 65536
        Rows per chunk.  Memory use grows with it; the default keeps a
        chunk's arrays in a core's cache.
    threads : int or None, default None
        Threads sharing the chunks; None for the number of CPUs, at most 4
        (one per partition for a dask DataFrame, whose workers run in parallel).
    on_error : {"strict", "quarantine"}, default "strict"
        For a dask DataFrame, what bad rows do, as in the loaders: raise one
        `LoadError` listing the problems of every partition, or be left out
        and counted in `Partials.rows_quarantined`.  An `InteractionTable`
        was checked when it was loaded.
    time_zone : str or None, default None
        For a dask DataFrame, the IANA zone of naive times, as in the loaders.

    Returns
    -------
    Partials
        Merge with other partials, or `Partials.finalize` for the values.

    Raises
    ------
    CalculationError
        If an argument is not of the kind described, or KPI names repeat, or
        a repeat-contact `FirstContactResolution` is asked of a dask
        DataFrame (its repeats may lie in another partition).
    LoadError
        If a dask DataFrame's partitions do not hold valid interaction
        records (strict: any bad row; quarantine: bad columns).

    Examples
    --------
    >>> from iso18295 import examples
    >>> from iso18295.kpis import Offered, accumulate
    >>> partials = accumulate(examples.generate_interactions(), [Offered()])
    >>> partials
    <Partials: 1 groups of offered; all records together>
    >>> partials.rows_read == len(examples.generate_interactions())
    True
    """
    if is_dask_frame(table):
        if rows is not None:
            raise CalculationError(
                f"accumulate(): expected rows=None with a dask DataFrame, found {rows!r};"
                " select partitions with frame.partitions[...] instead"
            )
        checked, chosen = _check_definitions("accumulate", kpis, grouping)
        _check_options("accumulate", chunk_rows, threads)
        return accumulate_frame(
            "accumulate",
            table,
            checked,
            chosen,
            on_error=on_error,
            time_zone=time_zone,
            chunk_rows=chunk_rows,
        )
    return _accumulate(
        "accumulate", table, kpis, grouping, rows=rows, chunk_rows=chunk_rows, threads=threads
    )


def _check_options(where: str, chunk_rows: object, threads: object) -> None:
    options: tuple[tuple[str, object, int], ...] = (
        ("chunk_rows", chunk_rows, 1024),
        ("threads", threads, 1),
    )
    for name, value, minimum in options:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < minimum
        ):
            raise CalculationError(
                f"{where}(): expected {name} as a whole number >= {minimum}, found {value!r}"
            )


def _accumulate(
    where: str,
    table: object,
    kpis: Sequence[InteractionKpi],
    grouping: Grouping | None,
    *,
    rows: slice | None,
    chunk_rows: int,
    threads: int | None,
    selected: NDArray[np.bool_] | None = None,
) -> Partials:
    checked, grouping = _check_definitions(where, kpis, grouping)
    if not isinstance(table, InteractionTable):
        raise CalculationError(
            f"{where}(): expected an InteractionTable or a dask DataFrame, found"
            f" {type(table).__name__}"
        )
    _check_options(where, chunk_rows, threads)
    batch: object = rows
    if batch is not None and (not isinstance(batch, slice) or batch.step not in (None, 1)):
        raise CalculationError(f"{where}(): expected rows as a slice with step 1, found {rows!r}")
    start, stop, _ = (rows or slice(None)).indices(len(table))
    plan = compile_plan(checked, grouping)
    layout = layout_for(grouping, table)
    derived = {search.column: repeat_status(table, search) for search in plan.searches}
    data = run_table(
        plan,
        layout,
        table,
        start=start,
        stop=max(start, stop),
        chunk_rows=chunk_rows,
        threads=_default_threads() if threads is None else threads,
        derived=derived,
        selected=selected,
    )
    categories = tuple(table.categories(name) for name in grouping.by)
    decoded = decode(data, layout)
    sorted_categories = tuple(tuple(sorted(c)) for c in categories)
    data = recode(decoded, categories, sorted_categories)
    data = reduce_rows([data], data.labels.shape[1], data.counts.shape[1], data.sums.shape[1])
    source = table if plan.searches else None
    return Partials(
        checked,
        grouping,
        plan,
        sorted_categories,
        data,
        source,
        rows_read=max(0, stop - start),
    )


def compute(
    table: InteractionTable | object,
    kpis: Sequence[InteractionKpi],
    *,
    grouping: Grouping | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    threads: int | None = None,
) -> KpiResult:
    """Compute KPIs per group: `accumulate` then `Partials.finalize`.

    Parameters
    ----------
    table : InteractionTable or dask.dataframe.DataFrame
        The interaction records.  A dask DataFrame is computed partition by
        partition on its scheduler and merged (see `accumulate`); any bad row
        in it raises `LoadError` (use ``accumulate(..., on_error="quarantine")``
        to leave bad rows out and count them).
    kpis : sequence of Kpi
        The KPI definitions, with distinct names.
    grouping : Grouping or None, default None
        How to group the records; None for all records together.
    chunk_rows : int, default 65536
        Rows per chunk (see `accumulate`).
    threads : int or None, default None
        Threads sharing the chunks; None for the number of CPUs, at most 4.

    Returns
    -------
    KpiResult
        One row per group with records, each KPI's value, numerator,
        denominator and excluded count, and the definitions used.

    Raises
    ------
    CalculationError
        If an argument is not of the kind described, or KPI names repeat.
    LoadError
        If a dask DataFrame's partitions hold bad records (all are listed).

    Warns
    -----
    UndefinedKpiWarning
        Once, if any KPI is undefined (NaN) in any group.

    Examples
    --------
    >>> import numpy as np
    >>> from iso18295 import InteractionTable
    >>> from iso18295.kpis import ServiceLevel, compute
    >>> table = InteractionTable.from_columns(
    ...     channel_id=["voice"] * 3, direction=["inbound"] * 3, client_id=["acme"] * 3,
    ...     offered_at=np.array(["2026-03-02T09:00"] * 3, dtype="datetime64[ns]"),
    ...     wait_seconds=[5.0, 30.0, 3.0], answered=[True, True, False],
    ...     abandoned=[False, False, True],
    ... )
    >>> sl = compute(table, [ServiceLevel()])["service_level"]
    >>> float(sl.value[0]), float(sl.numerator[0]), int(sl.denominator[0]), int(sl.excluded[0])
    (0.5, 1.0, 2, 1)
    """
    if is_dask_frame(table):
        checked, chosen = _check_definitions("compute", kpis, grouping)
        _check_options("compute", chunk_rows, threads)
        merged = accumulate_frame(
            "compute",
            table,
            checked,
            chosen,
            on_error="strict",
            time_zone=None,
            chunk_rows=chunk_rows,
        )
        return merged.finalize()
    partials = _accumulate(
        "compute", table, kpis, grouping, rows=None, chunk_rows=chunk_rows, threads=threads
    )
    return partials.finalize()
