"""Running the kernel over a table: dense windows per thread, flushed to sparse groups.

`run_table` splits a table into one contiguous run of rows per thread; each
thread walks its run in chunks, adding each chunk's histograms into its own
`Window` of dense bins.  numpy releases the GIL inside ``bincount`` and the
ufuncs, so two threads overlap.  The threads' sparse results are then reduced
by key (`reduce_rows`), with no Python loop over records or groups.
"""

from __future__ import annotations

import threading
import typing
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.interaction_table import InteractionTable
from iso18295._progress import Progress
from iso18295.kpis._engine.expressions import Rows
from iso18295.kpis._engine.grouping import canonical_folds, grouping_moments, within_hours_mask
from iso18295.kpis._engine.kernel import (
    WINDOW_BINS,
    Layout,
    Plan,
    chunk_histograms,
    chunk_keys,
    chunk_maxima,
)
from iso18295.kpis._engine.spans import Spans


@attrs.frozen(eq=False)
class Sparse:
    """Counts and sums for the groups that have records, one row per group.

    Parameters
    ----------
    labels : numpy.ndarray of int64, shape (groups, L)
        What identifies each group (an absolute key, or codes and interval).
    records : numpy.ndarray of int64, shape (groups,)
    counts : numpy.ndarray of int64, shape (groups, predicates)
    sums : numpy.ndarray of float64, shape (groups, sums)
    maxima : numpy.ndarray of float64, shape (groups, maxima)
        The largest value per group; -inf where no row had one.
    """

    labels: NDArray[np.int64]
    records: NDArray[np.int64]
    counts: NDArray[np.int64]
    sums: NDArray[np.float64]
    maxima: NDArray[np.float64]


def reduce_rows(
    parts: list[Sparse], width: int, n_counts: int, n_sums: int, n_maxima: int
) -> Sparse:
    """Concatenate sparse parts and combine rows with equal labels (sorted by label).

    Records, counts and sums add up; maxima take the maximum.
    """
    if not parts:
        return Sparse(
            labels=np.zeros((0, width), np.int64),
            records=np.zeros(0, np.int64),
            counts=np.zeros((0, n_counts), np.int64),
            sums=np.zeros((0, n_sums), np.float64),
            maxima=np.zeros((0, n_maxima), np.float64),
        )
    labels = np.concatenate([p.labels for p in parts])
    order = np.lexsort(labels.T[::-1])  # first column most significant, numerically
    ordered = labels[order]
    starts = np.ones(len(order), dtype=np.bool_)
    starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    unique = ordered[starts]
    inverse = np.empty(len(order), dtype=np.intp)
    inverse[order] = np.cumsum(starts) - 1
    records = np.zeros(len(unique), np.int64)
    counts = np.zeros((len(unique), n_counts), np.int64)
    sums = np.zeros((len(unique), n_sums), np.float64)
    np.add.at(records, inverse, np.concatenate([p.records for p in parts]))
    np.add.at(counts, inverse, np.concatenate([p.counts for p in parts]))
    np.add.at(sums, inverse, np.concatenate([p.sums for p in parts]))
    maxima = np.full((len(unique), n_maxima), -np.inf)
    np.maximum.at(maxima, inverse, np.concatenate([p.maxima for p in parts]))
    return Sparse(labels=unique, records=records, counts=counts, sums=sums, maxima=maxima)


def reduce_histograms(
    plan: Plan,
    counts: list[NDArray[np.int64]],
    sums: list[NDArray[np.float64]],
    capacity: int,
    base: int,
    maxima: list[NDArray[np.float64]],
) -> Sparse:
    """Turn dense (key, code) histograms into predicate counts and sums for non-empty keys."""
    first = counts[0].reshape(capacity, -1)
    records = first.sum(axis=1)
    present = np.flatnonzero(records)
    predicate_counts = np.zeros((present.size, len(plan.predicates)), np.int64)
    totals = np.zeros((present.size, len(plan.sums)), np.float64)
    for group, histogram in zip(plan.groups, counts, strict=True):
        rows = histogram.reshape(capacity, -1)[present]
        if group.predicates:
            predicate_counts[:, list(group.predicates)] = rows @ group.matrix
        for j, combinations in zip(group.sums, group.sum_combinations, strict=True):
            totals[:, j] = sums[j].reshape(capacity, -1)[present][:, combinations].sum(axis=1)
    return Sparse(
        labels=(present + base).astype(np.int64)[:, None],
        records=records[present],
        counts=predicate_counts,
        sums=totals,
        maxima=(
            np.stack([m[present] for m in maxima], axis=1)
            if maxima
            else np.zeros((present.size, 0), np.float64)
        ),
    )


class Window:
    """Dense bins for the absolute keys ``[base, base + capacity)``, for one thread."""

    def __init__(self, plan: Plan, *, keys: int | None = None) -> None:
        self.plan = plan
        self.keys = keys  # how many keys there can be at all (None: unbounded, by time)
        self.bits = [len(g.atoms) for g in plan.groups]
        self.sum_bits = [0] * len(plan.sums)
        for group in plan.groups:
            for j in group.sums:
                self.sum_bits[j] = len(group.atoms)
        per_key = sum(1 << b for b in self.bits) + sum(1 << b for b in self.sum_bits)
        self.limit = max(1, WINDOW_BINS // per_key)
        self._allocate(0, 0)
        self.done: list[Sparse] = []

    def fits(self, span: int) -> bool:
        """Tell whether a chunk of `span` keys can go through the dense window."""
        return span <= self.limit

    def _allocate(self, base: int, capacity: int) -> None:
        self.base, self.capacity = base, capacity
        self.counts = [np.zeros(capacity << b, np.int64) for b in self.bits]
        self.sums = [np.zeros(capacity << b, np.float64) for b in self.sum_bits]
        self.maxima = [np.full(capacity, -np.inf) for _ in self.plan.maxima]

    def flush(self) -> None:
        """Reduce the window to its non-empty groups and empty it."""
        if self.capacity:
            self.done.append(
                reduce_histograms(
                    self.plan, self.counts, self.sums, self.capacity, self.base, self.maxima
                )
            )
        self._allocate(0, 0)

    def _add(
        self,
        targets: list[NDArray[typing.Any]],
        sources: list[NDArray[typing.Any]],
        bits: list[int],
        offset: int,
    ) -> None:
        for target, source, b in zip(targets, sources, bits, strict=True):
            target[offset << b : (offset << b) + source.size] += source

    def add(
        self,
        low: int,
        span: int,
        counts: list[NDArray[np.int64]],
        sums: list[NDArray[np.float64]],
        maxima: list[NDArray[np.float64]],
    ) -> None:
        """Add one chunk's histograms for keys ``[low, low + span)``.

        A chunk outside the window flushes it and opens a new one at the
        chunk's lowest key, as wide as the limit allows: time-ordered records
        flush once per window's worth of intervals, and nothing is copied.
        """
        if not self.capacity or low < self.base or low + span > self.base + self.capacity:
            self.flush()
            wide = self.limit if self.keys is None else min(self.limit, self.keys - low)
            self._allocate(low, max(span, wide))
        self._add(self.counts, counts, self.bits, low - self.base)
        self._add(self.sums, sums, self.sum_bits, low - self.base)
        offset = low - self.base
        for target, source in zip(self.maxima, maxima, strict=True):
            view = target[offset : offset + source.size]
            np.maximum(view, source, out=view)


def _run_rows(
    plan: Plan,
    layout: Layout,
    columns: Mapping[str, NDArray[np.generic]],
    inbound: int,
    start: int,
    stop: int,
    chunk_rows: int,
    spans: Spans | None = None,
    advance: Callable[[int], None] | None = None,
) -> list[Sparse]:
    """Walk rows ``[start, stop)`` in chunks; return the sparse groups found.

    With `spans` (a grouping without interval), only rows offered in a
    counted span count, and each span's rows are groups of their own: the
    span number takes the interval's place in the key.  When every span's
    keys fit one window of dense bins, a chunk goes into it whole; otherwise
    each span has a window of its own and a chunk is split by span, so that
    spans never push a chunk off the dense path.  Each chunk is filtered on
    its own (cache-sized), so the table is never copied.  `advance` is told
    the number of rows of each chunk walked.
    """
    # Without intervals the keys are the `combinations` only: no wider a window than that.
    keys = layout.combinations if layout.grouping.interval is None else None
    windows: dict[int, Window] = {}
    every_span = None if spans is None or keys is None else keys * spans.count
    together = every_span is not None and Window(plan, keys=keys).fits(every_span)
    if together:
        keys = every_span
    for a in range(start, stop, chunk_rows):
        b = min(a + chunk_rows, stop)
        chunk = {name: array[a:b] for name, array in columns.items()}
        for span, part, span_of in _by_span(chunk, spans, together=together):
            window = windows.get(span)
            if window is None:
                window = windows[span] = Window(plan, keys=keys)
            _add_chunk(plan, layout, window, part, inbound, span_of)
        if advance is not None:
            advance(b - a)
    done: list[Sparse] = []
    for span, window in windows.items():
        window.flush()
        shift = span * layout.combinations  # the span in the interval's place (no interval)
        done.extend(
            attrs.evolve(part, labels=part.labels + shift) if shift else part
            for part in window.done
        )
    return done


Part = tuple[int, dict[str, NDArray[np.generic]], NDArray[np.int64] | None]
"""A span's number, its rows of a chunk, and each row's span when spans share a window."""


def _by_span(
    chunk: dict[str, NDArray[np.generic]], spans: Spans | None, *, together: bool
) -> Iterator[Part]:
    """Yield the chunk's counted rows: whole (`together`), or span by span.

    Without `spans` the whole chunk is span 0.
    """
    if spans is None:
        yield 0, chunk, None
        return
    keep, span_of = spans.locate(chunk["offered_at"].view(np.int64))
    if not keep.all():
        chunk = {name: array[keep] for name, array in chunk.items()}
        span_of = span_of[keep]
    if together:
        yield 0, chunk, span_of
        return
    present = np.flatnonzero(np.bincount(span_of, minlength=spans.count))
    if len(present) == 1:
        yield int(present[0]), chunk, None
        return
    for span in present.tolist():
        mine = span_of == span
        yield span, {name: array[mine] for name, array in chunk.items()}, None


def _add_chunk(
    plan: Plan,
    layout: Layout,
    window: Window,
    chunk: Mapping[str, NDArray[np.generic]],
    inbound: int,
    span_of: NDArray[np.int64] | None,
) -> None:
    """Add one chunk's rows (those within the grouping's hours) to `window`.

    `span_of`, when spans share the window, places each row's key in its span.
    """
    moments = grouping_moments(layout.grouping, chunk)
    if layout.grouping.within_hours is not None:  # leave out rows whose moment is outside
        inside = within_hours_mask(moments, layout.grouping)
        if not inside.all():
            chunk = {name: array[inside] for name, array in chunk.items()}
            moments = moments[inside]
            span_of = None if span_of is None else span_of[inside]
    rows = Rows(chunk, inbound)
    if rows.size == 0:
        return
    key, low, span = chunk_keys(layout, rows, moments)
    if span_of is not None and window.keys is not None:
        key += span_of * layout.combinations
        span = window.keys
    if window.fits(span):
        counts, sums = chunk_histograms(plan, rows, key, span)
        window.add(low, span, counts, sums, chunk_maxima(plan, rows, key, span))
    else:  # keys too spread for dense bins: number the chunk's distinct keys instead
        unique, inverse = np.unique(key, return_inverse=True)
        inverse = inverse.astype(np.int64)
        counts, sums = chunk_histograms(plan, rows, inverse, unique.size)
        maxima = chunk_maxima(plan, rows, inverse, unique.size)
        part = reduce_histograms(plan, counts, sums, unique.size, 0, maxima)
        window.done.append(attrs.evolve(part, labels=(unique + low)[part.labels]))


def run_table(
    plan: Plan,
    layout: Layout,
    table: InteractionTable,
    *,
    start: int,
    stop: int,
    chunk_rows: int,
    threads: int,
    derived: Mapping[str, NDArray[np.generic]],
    spans: Spans | None = None,
    progress: Progress | None = None,
) -> Sparse:
    """Run the kernel over rows ``[start, stop)``; return one row per non-empty absolute key.

    `derived` holds whole-table columns computed before the pass (repeat
    statuses), read like the table's own.  `spans` keeps only the rows
    offered in its counted spans, each span's in groups of its own (see
    `_run_rows`; only for a grouping without interval; None: every row).
    `progress` is told the rows done (``"compute rows"``), chunk by chunk,
    whichever thread walked them.
    """
    columns = {name: table[name] for name in plan.columns} | dict(derived)
    labels = table.categories("direction")
    inbound = labels.index("inbound") if "inbound" in labels else -2
    n = stop - start
    threads = max(1, min(threads, -(-n // chunk_rows)))
    bounds = [start + n * i // threads for i in range(threads + 1)]
    advance = None if progress is None else _counter(progress, n)
    if threads == 1:
        parts = _run_rows(plan, layout, columns, inbound, start, stop, chunk_rows, spans, advance)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            futures = [
                pool.submit(
                    _run_rows,
                    plan,
                    layout,
                    columns,
                    inbound,
                    bounds[i],
                    bounds[i + 1],
                    chunk_rows,
                    spans,
                    advance,
                )
                for i in range(threads)
            ]
            parts = [part for future in futures for part in future.result()]
    if progress is not None and n <= 0:
        progress(0, 0, "compute rows")
    if len(parts) == 1:
        return parts[0]
    return reduce_rows(parts, 1, len(plan.predicates), len(plan.sums), len(plan.maxima))


def _counter(progress: Progress, total: int) -> Callable[[int], None]:
    """Return a function that adds rows to a count and reports it, one thread at a time."""
    lock = threading.Lock()
    done = 0

    def advance(rows: int) -> None:
        nonlocal done
        with lock:  # so that the count reported never goes down
            done += rows
            progress(done, total, "compute rows")

    return advance


def recode(
    data: Sparse, categories: tuple[tuple[str, ...], ...], union: tuple[tuple[str, ...], ...]
) -> Sparse:
    """Renumber the category codes of `data` from `categories` to `union` (vectorised)."""
    labels = data.labels.copy()
    for c, (own, target) in enumerate(zip(categories, union, strict=True)):
        if own == target:
            continue
        mapping = np.array([-1, *(target.index(label) for label in own)], dtype=np.int64)
        labels[:, c] = mapping[labels[:, c] + 1]
    return attrs.evolve(data, labels=labels)


def decode(data: Sparse, layout: Layout) -> Sparse:
    """Split absolute keys into category codes, interval index and fold (vectorised)."""
    strides, radices, combinations = layout.strides, layout.radices, layout.combinations
    folds, grouping = layout.folds, layout.grouping
    key = data.labels[:, 0]
    rest, by_part = np.divmod(key, combinations)
    columns: list[NDArray[np.int64]] = [
        (by_part // stride) % radix - 1 for stride, radix in zip(strides, radices, strict=True)
    ]
    interval, fold = np.divmod(rest, folds)
    if folds > 1:
        fold = canonical_folds(interval, fold, grouping)
    labels = (
        np.stack([*columns, interval, fold], axis=1)
        if len(key)
        else np.zeros((0, len(strides) + 2), np.int64)
    )
    return attrs.evolve(data, labels=labels.astype(np.int64))
