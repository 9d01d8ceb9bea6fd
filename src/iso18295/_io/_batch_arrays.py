"""Arrays filled batch by batch: output arrays in Arrow's pool, category dictionaries merged.

Shared by the readers that convert a stream of batches (`_arrow_convert` for
Arrow inputs, `_csv_arrow` for CSV files read by pyarrow): `empty` and `grown`
allocate and grow the output arrays, `presort` numbers a batch's category codes
as a sorted dictionary would, and `merge_dictionaries` renumbers every batch's
codes into the sorted union of their labels at the end, with Arrow's hashing,
so that no Python code runs per record.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .._model.columns import MISSING_CODE
from ._arrow_types import import_pyarrow

_PRESORT_LABELS: Final = 4096  # dictionaries up to this size are sorted batch by batch


def empty(pa: Any, n: int, dtype: str) -> npt.NDArray[Any]:
    """Return an uninitialised writable array of `n` values, in Arrow's memory pool.

    Arrow's pool keeps freed memory for reuse, so loading again and again does
    not fault in fresh pages from the system for every table, as numpy's
    allocator does (the kernel zeroes each new page).  The array keeps its
    buffer alive.
    """
    kind = np.dtype(dtype)
    if n == 0:
        return np.empty(0, dtype=kind)
    return np.frombuffer(pa.allocate_buffer(n * kind.itemsize), dtype=kind, count=n)


def grown(
    pa: Any, arrays: Mapping[str, npt.NDArray[Any]], filled: int, capacity: int
) -> dict[str, npt.NDArray[Any]]:
    """Return new arrays of `capacity` values holding the first `filled` values of `arrays`."""
    moved = {}
    for name, old in arrays.items():
        new = empty(pa, capacity, old.dtype.str)
        new[:filled] = old[:filled]
        moved[name] = new
    return moved


class Sorted(typing.NamedTuple):
    """A batch's `dictionary` (as read) and what `presort` made of it.

    `labels` are sorted without "" (or the dictionary as it is, if not sorted),
    `lookup` gives the codes' new numbers (None: they stand), and `complete`
    says that no code is missing through its label ("" or null).
    """

    dictionary: Any
    labels: Any
    lookup: npt.NDArray[np.int32] | None
    complete: bool


def presort(
    pa: Any,
    dictionary: Any,
    memo: dict[str, Sorted],
    name: str,
) -> Sorted:
    """Return a batch's dictionary sorted: its labels, the codes' new numbers, no "" label.

    The new number of code ``c`` is ``lookup[c]`` (``lookup[-1]`` is missing);
    no lookup means the codes stand as they are.  The batch is renumbered while
    it is written out, so that `merge_dictionaries` usually finds every batch numbered
    already and has no pass to make.  A "" label is dropped (its codes become
    missing), so the labels are complete only without one.
    Only small dictionaries without nulls (channels, queues, clients...), and
    sorted once for a run of batches with equal dictionaries: a Parquet file
    written from one table usually repeats its dictionary in every row group.
    Other dictionaries are returned as they are, not known to be complete.
    """
    if len(dictionary) > _PRESORT_LABELS or dictionary.null_count:
        return Sorted(dictionary, dictionary, None, complete=False)
    known = memo.get(name)
    if known is None or not known.dictionary.equals(dictionary):
        _, pc = import_pyarrow()
        text = dictionary.cast(pa.large_string())
        order = np.asarray(pc.sort_indices(text).to_numpy(), dtype=np.int64)
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        labels = text.take(pa.array(order))
        complete = not (len(labels) and labels[0].as_py() == "")
        if not complete:  # "" sorts first: make it missing
            labels = labels.slice(1)
            rank -= 1
        table = np.append(rank, np.int32(MISSING_CODE))
        identity = np.array_equal(table[:-1], np.arange(len(rank)))
        known = Sorted(dictionary, labels, None if identity else table, complete)
        memo[name] = known
    return known


def merge_dictionaries(
    pa: Any, codes: npt.NDArray[np.int32], parts: list[tuple[int, int, Any]]
) -> tuple[str, ...]:
    """Renumber every batch's codes into one sorted set of labels, in place.

    The batches' dictionaries are concatenated and encoded once more by Arrow;
    null and empty labels become missing (-1), as an empty CSV cell.
    """
    _, pc = import_pyarrow()
    if not parts:
        return ()
    combined = pa.concat_arrays([d.cast(pa.large_string()) for _, _, d in parts])
    encoded = pc.dictionary_encode(combined)
    unique = encoded.dictionary
    order = np.asarray(pc.sort_indices(unique).to_numpy(), dtype=np.int64)
    sorted_labels = unique.take(pa.array(order)).to_pylist()
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    if sorted_labels and sorted_labels[0] == "":  # "" sorts first: make it missing
        sorted_labels = sorted_labels[1:]
        rank -= 1
    local = np.asarray(
        pc.fill_null(encoded.indices, MISSING_CODE).to_numpy(zero_copy_only=False), dtype=np.int32
    )
    to_global = np.where(local >= 0, rank[np.maximum(local, 0)], MISSING_CODE).astype(np.int32)
    offset = 0
    for start, stop, dictionary in parts:
        size = len(dictionary)
        lookup = np.append(to_global[offset : offset + size], np.int32(MISSING_CODE))
        if not np.array_equal(lookup[:-1], np.arange(size)):  # else already numbered so
            # "wrap" reads code -1 (missing) as the last entry, and skips bounds checks.
            np.take(lookup, codes[start:stop], out=codes[start:stop], mode="wrap")
        offset += size
    return tuple(sorted_labels)
