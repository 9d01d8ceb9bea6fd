"""KPIs over a dask DataFrame: partials per partition, merged in a tree, finalized once.

Every KPI reduces to counts, sums and maxima per group (`Partials`), which
add up (maxima: take the larger) across any split of the rows.  So a
partitioned data set needs no shuffle: each partition is loaded (checked as
the in-memory loaders check a frame) and accumulated where it lies, and the
partials are merged pairwise, a tree of depth ``log2(partitions)``, so no
single task receives every partition's result.

dask is imported only when a dask DataFrame is passed; it is recognised by its
type's module and name, never by importing dask.
"""

from __future__ import annotations

import importlib
import typing
from collections.abc import Callable
from typing import Any, Final, Literal

import attrs

from iso18295._progress import Progress
from iso18295.errors import CalculationError, LoadError, Problem
from iso18295.kpis._engine.families import InteractionKpi
from iso18295.kpis._engine.grouping import Grouping

if typing.TYPE_CHECKING:
    from iso18295._model.interaction_table import InteractionTable
    from iso18295.kpis._engine.partials import Partials

SOURCE: Final = "<dask DataFrame>"
"""What a dask DataFrame is called in messages."""

_STAGE: Final = "compute partitions"

MAX_PROBLEMS: Final = 1_000
"""Problems kept across partitions (each partition lists its own by kind): a bound."""


def is_dask_frame(value: object) -> bool:
    """Tell whether `value` is a dask DataFrame, without importing dask."""
    kind = type(value)
    return (
        kind.__module__.split(".")[0] == "dask"
        and kind.__name__ == "DataFrame"
        and hasattr(value, "to_delayed")
    )


def dask_token(frame: object) -> str:
    """Return dask's deterministic token of a collection (its files, columns, partitions)."""
    base: Any = importlib.import_module("dask.base")
    return str(base.tokenize(frame))


@attrs.frozen
class Outcome:
    """What some partitions gave: their merged partials, or the problems found in them.

    Parameters
    ----------
    value : object or None
        The merged result (None once any partition had problems).
    problems : tuple of Problem
        The problems found, each prefixed with its partition (at most `MAX_PROBLEMS`).
    problem_count : int
        How many problems were found in all, kept or not.
    """

    value: Any
    problems: tuple[Problem, ...] = ()
    problem_count: int = 0


def load_partition(
    frame: object, index: int, on_error: Literal["strict", "quarantine"], time_zone: str | None
) -> tuple[InteractionTable, int, int] | Outcome:
    """Load one partition as `interactions_from_dataframe` does; problems as an `Outcome`.

    Returns the accepted rows, the rows read and the rows set aside.
    """
    from iso18295._io.interactions import interactions_from_dataframe

    where = f"partition[{index}]"
    try:
        loaded = interactions_from_dataframe(
            frame, time_zone=time_zone, on_error=on_error, source=where
        )
    except LoadError as exc:
        problems = tuple(p.prefixed(where) for p in exc.problems)
        return Outcome(None, problems[:MAX_PROBLEMS], len(problems))
    return loaded.table, loaded.rows_read, len(loaded.quarantined)


def merge_outcomes(first: Outcome, second: Outcome, merge: Callable[[Any, Any], Any]) -> Outcome:
    """Merge two outcomes: their values with `merge`, or their problems (bounded)."""
    count = first.problem_count + second.problem_count
    if count:
        return Outcome(None, (first.problems + second.problems)[:MAX_PROBLEMS], count)
    return Outcome(merge(first.value, second.value))


def reduce_partitions(
    frame: object,
    per_partition: Callable[[object, int], Outcome],
    merge: Callable[[Any, Any], Any],
    progress: Progress | None = None,
) -> Any:
    """Run `per_partition` on every partition of `frame`, merge in a tree, return the value.

    `progress`, if given, is told ``(done, partitions, "compute partitions")``
    as each partition's task finishes, wherever it ran (`_run_with_progress`).
    Raises one `LoadError` listing the problems of every partition, if any.
    """
    # Only when a dask DataFrame was passed; typed Any so that mypy needs no dask stubs.
    dask: Any = importlib.import_module("dask")

    parts = typing.cast("Any", frame).to_delayed()
    leaves = [
        dask.delayed(per_partition, pure=True)(part, index) for index, part in enumerate(parts)
    ]
    if progress is None:
        (outcome,) = dask.compute(_tree(leaves, merge, dask.delayed))
    else:
        outcome = _run_with_progress(dask, leaves, merge, progress)
    result = typing.cast("Outcome", outcome)
    if result.problem_count:
        problems = result.problems
        if result.problem_count > len(problems):
            left = result.problem_count - len(problems)
            problems += (
                Problem(
                    path="",
                    expected="valid records in every partition",
                    found=f"{left:,} further problems, not listed",
                ),
            )
        raise LoadError(SOURCE, problems)
    return result.value


def _tree(level: list[Any], merge: Callable[[Any, Any], Any], task: Callable[..., Any]) -> Any:
    """Merge outcomes pairwise, a tree of depth ``log2(len(level))``; `task` makes each merge.

    `task` is ``dask.delayed`` (lazy tasks) or a wrapper of a distributed
    client's ``submit`` (futures).
    """
    while len(level) > 1:
        level = [
            task(merge_outcomes, pure=True)(level[i], level[i + 1], merge)
            if i + 1 < len(level)
            else level[i]
            for i in range(0, len(level), 2)
        ]
    return level[0]


def _run_with_progress(
    dask: Any, leaves: list[Any], merge: Callable[[Any, Any], Any], progress: Progress
) -> Outcome:
    """Compute the tree, telling `progress` as each partition's task finishes.

    On a `dask.distributed` client the partitions run as futures, counted as
    they complete, and merged by tasks on the cluster; on dask's local
    schedulers (threads, processes, synchronous) a scheduler callback counts
    them.  Either way the work is the same tree as without progress.
    """
    total = len(leaves)
    progress(0, total, _STAGE)
    root = _tree(leaves, merge, dask.delayed)
    scheduler = dask.base.get_scheduler(collections=[root])
    client = getattr(scheduler, "__self__", None)
    if client is not None and type(client).__module__.split(".")[0] == "distributed":
        distributed: Any = importlib.import_module("distributed")
        futures = client.compute(leaves)

        def submit(function: Callable[..., Any], pure: bool) -> Callable[..., Any]:
            return lambda *args: client.submit(function, *args, pure=pure)

        merged = _tree(list(futures), merge, submit)
        for done, _ in enumerate(distributed.as_completed(futures), start=1):
            progress(done, total, _STAGE)
        return typing.cast("Outcome", merged.result())
    keys = {leaf.key for leaf in leaves}
    done = 0

    def finished(key: object, *_: object) -> None:  # called in the scheduler's own thread
        nonlocal done
        if key in keys:
            done += 1
            progress(done, total, _STAGE)

    callbacks: Any = importlib.import_module("dask.callbacks")
    with callbacks.Callback(posttask=finished):
        (outcome,) = dask.compute(root)
    return typing.cast("Outcome", outcome)


@attrs.frozen
class _Accumulate:
    """One partition's partials (a picklable callable, so process workers can run it)."""

    kpis: tuple[InteractionKpi, ...]
    grouping: Grouping
    on_error: Literal["strict", "quarantine"]
    time_zone: str | None
    chunk_rows: int

    def __call__(self, frame: object, index: int) -> Outcome:
        from iso18295.kpis._engine.passes import _accumulate

        loaded = load_partition(frame, index, self.on_error, self.time_zone)
        if isinstance(loaded, Outcome):
            return loaded
        table, read, quarantined = loaded
        partials = _accumulate(
            "accumulate",
            table,
            self.kpis,
            self.grouping,
            rows=None,
            chunk_rows=self.chunk_rows,
            threads=1,
        )
        return Outcome(partials._with_counts(read, quarantined))


def merge_partials(first: Partials, second: Partials) -> Partials:
    """Merge two partitions' partials."""
    return first.merge(second)


def accumulate_frame(
    where: str,
    frame: object,
    kpis: tuple[InteractionKpi, ...],
    grouping: Grouping,
    *,
    on_error: object,
    time_zone: object,
    chunk_rows: int,
    progress: Progress | None = None,
) -> Partials:
    """Accumulate a dask DataFrame's partitions and merge them (see the module docstring)."""
    from iso18295.kpis._engine.kernel import compile_plan

    if on_error not in ("strict", "quarantine"):
        raise CalculationError(
            f"{where}(): expected on_error as 'strict' or 'quarantine', found {on_error!r}"
        )
    if time_zone is not None and not isinstance(time_zone, str):
        raise CalculationError(
            f"{where}(): expected time_zone as an IANA zone name or None, found {time_zone!r}"
        )
    searching = [k.name for k in kpis if compile_plan((k,), Grouping()).searches]
    if searching:
        raise CalculationError(
            f"{where}(): expected KPIs that add up across partitions, found {searching}"
            " (method='repeat'), whose repeat contacts may lie in another partition;"
            " use method='flag', or compute on one InteractionTable"
        )
    task = _Accumulate(kpis, grouping, on_error, time_zone, chunk_rows)
    return typing.cast("Partials", reduce_partitions(frame, task, merge_partials, progress))
