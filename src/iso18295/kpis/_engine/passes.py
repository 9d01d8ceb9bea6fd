"""Running the pass: `accumulate` and `compute` over a table or a dask DataFrame."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal

from iso18295._model.interaction_table import InteractionTable
from iso18295._progress import Progress
from iso18295.errors import CalculationError
from iso18295.kpis._engine.accumulate import decode, recode, reduce_rows, run_table
from iso18295.kpis._engine.families import InteractionKpi
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.kernel import compile_plan, layout_for
from iso18295.kpis._engine.partials import DEFAULT_CHUNK_ROWS, Partials, _check_definitions
from iso18295.kpis._engine.partitions import accumulate_frame, is_dask_frame
from iso18295.kpis._engine.repeats import repeat_status
from iso18295.kpis._engine.result import KpiResult
from iso18295.kpis._engine.spans import Spans


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
    spans: Spans | None = None,
    progress: Progress | None = None,
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
        spans=spans,
        progress=progress,
    )
    categories = tuple(table.categories(name) for name in grouping.by)
    decoded = decode(data, layout)
    sorted_categories = tuple(tuple(sorted(c)) for c in categories)
    data = recode(decoded, categories, sorted_categories)
    data = reduce_rows(
        [data], data.labels.shape[1], data.counts.shape[1], data.sums.shape[1], len(plan.maxima)
    )
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
    progress: Progress | None = None,
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
    progress : Progress or None, default None
        Called with ``(rows, len(table), "compute rows")`` as chunks of an
        `InteractionTable` are done; for a dask DataFrame, with
        ``(partitions, npartitions, "compute partitions")`` as each
        partition's task finishes, on a `dask.distributed` cluster or on
        dask's local schedulers.

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
            progress=progress,
        )
        return merged.finalize()
    partials = _accumulate(
        "compute",
        table,
        kpis,
        grouping,
        rows=None,
        chunk_rows=chunk_rows,
        threads=threads,
        progress=progress,
    )
    return partials.finalize()
