"""Arrow record batches to typed columns, converted in a worker while the next are read.

Values are converted batch by batch into arrays allocated once for the whole
input; each batch is checked with the row checks as soon as it is converted,
and the smallest and largest values the conversion finds in passing spare the
checks a pass of their own over each number and time column.
Category columns are dictionary encoded by Arrow, and the dictionaries of all
batches are merged with Arrow's hashing at the end, so no Python code runs per
record.  Text-typed columns are converted as in CSV (`_text.convert_text`).
The schema has been checked already (`_arrow.py`), so every type seen here fits.
"""

from __future__ import annotations

import typing
from collections import deque
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .._limits import largest, limit_text
from .._model.columns import COLUMNS_BY_NAME, MISSING_CODE, Column
from .._model.row_checks import Seen
from .._timezones import localize
from ..errors import LoadError, Problem
from ._arrow_types import import_pyarrow, is_text
from ._batch_arrays import Sorted, empty, grown, merge_dictionaries, presort
from ._issues import Issue, Parsed, issue, missing_issue, shifted
from ._text import convert_text

BatchCheck = typing.Callable[
    [Mapping[str, npt.NDArray[Any]], list[Issue], Mapping[str, Seen]], list[Issue]
]
"""Row checks run on each batch as soon as it is converted: given the batch's
arrays (present columns; category codes still the batch's own), the issues its
conversion found and what the conversion's own passes saw in the columns, return
the issues of rows that break a row invariant."""

_UNIT_NS: Final = {"s": 1_000_000_000, "ms": 1_000_000, "us": 1_000, "ns": 1}
_NAT: Final = np.iinfo(np.int64).min
_AHEAD: Final = 2  # batches read but not yet converted, at most
_NAN_BITS: Final = np.int64(0x7FF8_0000_0000_0000)  # OR-ed into a float64's bits, gives NaN
_FIRST_CAPACITY: Final = 1 << 16  # rows first allocated for a stream of unknown length


def _bits_of(most: float) -> np.uint64:
    """Return `most` (> 0) read as an unsigned integer: numbers in [0, most] read as no more."""
    return np.float64(most).view(np.uint64)


def assemble(
    batches: Iterable[Any],
    n_rows: int | None,
    used: dict[str, str],
    zone: ZoneInfo | None,
    source: str,
    check: BatchCheck,
) -> tuple[Parsed, list[Issue]]:
    """Convert batches into arrays allocated once; merge category dictionaries at the end.

    Each batch is checked with `check` as soon as it is converted, while its
    values are still in the processor's cache; what it finds is returned apart
    from the conversion issues.  With `n_rows` None (a stream, whose length is
    known only at its end) the arrays grow as batches arrive, doubling, and are
    cut to size at the end: the input is never held whole, only the output.
    """
    pa, _ = import_pyarrow()
    targets = {name: COLUMNS_BY_NAME[target] for name, target in used.items()}
    capacity = 0 if n_rows is None else n_rows
    arrays = {c.name: empty(pa, capacity, c.dtype) for c in targets.values()}
    dictionaries: dict[str, list[tuple[int, int, Any]]] = {
        c.name: [] for c in targets.values() if c.kind == "category"
    }
    issues: list[Issue] = []
    checked: list[Issue] = []
    presorted: dict[str, Sorted] = {}
    gaps: set[str] = set()  # category columns where a batch may have missing codes
    start = 0
    # Convert and check batches in a worker while the reader decodes the next ones
    # (both release the GIL).  The reader may run up to two batches ahead of the
    # worker, so neither waits for the other in lockstep (measured 6-10 % faster than
    # one ahead on two cores; a second worker was slower).  Batches are converted one
    # at a time, in order, and the issues are collected per batch.
    pending: deque[Future[tuple[list[Issue], list[Issue]]]] = deque()
    results: list[tuple[list[Issue], list[Issue]]] = []
    with ThreadPoolExecutor(max_workers=1) as worker:
        for batch in batches:
            stop = start + batch.num_rows
            if len(pending) == _AHEAD:
                results.append(pending.popleft().result())
            if n_rows is None and stop > capacity:
                # The worker writes into the arrays: let it finish before they move.
                results.extend(future.result() for future in pending)
                pending.clear()
                capacity = max(stop, 2 * capacity, _FIRST_CAPACITY)
                arrays.update(grown(pa, arrays, start, capacity))
            if stop <= capacity:
                pending.append(
                    worker.submit(
                        _convert_batch,
                        pa,
                        batch,
                        targets,
                        arrays,
                        dictionaries,
                        start,
                        zone,
                        check,
                        presorted,
                        gaps,
                    )
                )
            start = stop
        results.extend(future.result() for future in pending)
    for found, broken in results:
        issues += found
        checked += broken
    if n_rows is None:
        n_rows = start
        if capacity != n_rows:
            arrays.update(grown(pa, arrays, start, n_rows))
    if start != n_rows:
        raise LoadError(
            source,
            [
                Problem(
                    path="",
                    expected=f"{n_rows} rows, as the file's metadata says",
                    found=f"{start} rows",
                )
            ],
        )
    labels: dict[str, tuple[str, ...]] = {}
    for name, parts in dictionaries.items():
        labels[name] = merge_dictionaries(
            pa, arrays[name], sorted(parts, key=lambda part: part[0])
        )
        column = COLUMNS_BY_NAME[name]
        if (
            column.required
            and name in gaps
            and np.minimum.reduce(arrays[name], initial=0) == MISSING_CODE
        ):
            issues += missing_issue(column, arrays[name] == MISSING_CODE)
    return Parsed(n_rows=n_rows, arrays=arrays, labels=labels, issues=issues), checked


def _convert_batch(
    pa: Any,
    batch: Any,
    targets: dict[str, Column],
    arrays: dict[str, npt.NDArray[Any]],
    dictionaries: dict[str, list[tuple[int, int, Any]]],
    start: int,
    zone: ZoneInfo | None,
    check: BatchCheck,
    presorted: dict[str, Sorted],
    gaps: set[str],
) -> tuple[list[Issue], list[Issue]]:
    """Convert one batch into rows `start`... of `arrays`, then check its rows.

    Collects the batch's dictionaries (in any order: each names its rows), adds
    to `gaps` the category columns whose codes may be missing (-1) in this batch,
    and returns its conversion issues and what `check` found, with file row
    numbers.  Batches cover disjoint rows.
    """
    stop = start + batch.num_rows
    found: list[Issue] = []
    seen: dict[str, Seen] = {}
    for name, column in targets.items():
        values = batch.column(name)
        out = arrays[column.name][start:stop]
        if column.kind == "category":
            dictionary, codes = _local_codes(pa, values)
            ordered = presort(pa, dictionary, presorted, column.name)
            if values.null_count or not ordered.complete:
                gaps.add(column.name)
            if codes is None:
                out[:] = MISSING_CODE
            elif ordered.lookup is None:
                out[:] = codes
            else:  # "wrap": code -1 (missing) reads the last entry, and no bounds checks
                np.take(ordered.lookup, codes, out=out, mode="wrap")
            dictionaries[column.name].append((start, stop, ordered.labels))
            continue
        found += _convert(pa, column, values, zone, out, seen)
    broken = check({name: array[start:stop] for name, array in arrays.items()}, found, seen)
    if start:
        return [shifted(i, start) for i in found], [shifted(i, start) for i in broken]
    return found, broken


def _local_codes(pa: Any, values: Any) -> tuple[Any, npt.NDArray[np.int32] | None]:
    """Return a batch's category dictionary and codes (-1 for null; None: all null)."""
    _, pc = import_pyarrow()
    if pa.types.is_null(values.type):
        return pa.array([], pa.string()), None
    if not pa.types.is_dictionary(values.type):
        values = pc.dictionary_encode(values)
    indices = values.indices
    if indices.type != pa.int32():
        indices = pc.cast(indices, pa.int32())
    if indices.null_count:
        indices = pc.fill_null(indices, MISSING_CODE)
    return values.dictionary, indices.to_numpy()


def _convert(
    pa: Any,
    column: Column,
    values: Any,
    zone: ZoneInfo | None,
    out: npt.NDArray[Any],
    seen: dict[str, Seen],
) -> list[Issue]:
    """Convert one batch's column (not a category) into `out`; return the issues.

    What the passes over a number or time column find is put in `seen`.
    """
    _, pc = import_pyarrow()
    kind = values.type
    if column.kind == "timestamp":
        out = out.view(np.int64)
    if pa.types.is_null(kind):
        fill = {"timestamp": _NAT, "float": np.nan, "bool": False, "tristate": -1}[column.kind]
        out[:] = fill
        return missing_issue(column, np.ones(len(out), dtype=bool)) if column.required else []
    if is_text(pa, kind):
        text = pc.fill_null(values, "").to_numpy(zero_copy_only=False)
        converted, _, found = convert_text(column, np.asarray(text, dtype=object), zone=zone)
        out[:] = converted.view(np.int64) if column.kind == "timestamp" else converted
        return found
    null = ~_bits(values.buffers()[0], values.offset, len(values)) if values.null_count else None
    if column.kind == "timestamp":
        return _times(pa, column, values, null, zone, out, seen)
    if column.kind == "float":
        if kind != pa.float64():
            values = pc.cast(values, pa.float64(), safe=False)
        data = values.buffers()[1]
        if data is None:  # pragma: no cover - a float64 array always has a data buffer
            data = pa.py_buffer(b"")
        numbers = np.frombuffer(
            data, dtype=np.float64, count=len(values), offset=values.offset * 8
        )
        if null is None:
            out[:] = numbers
            # Read as unsigned integers, numbers that are finite, not NaN and without
            # a sign lie below +inf: one pass rules out all that is checked below.
            most = largest(column.name)
            if np.maximum.reduce(out.view(np.uint64), initial=0) <= _bits_of(most):
                seen[column.name] = Seen(missing=False, negative=False, infinite=False)
                return []
            lowest = np.minimum.reduce(out, initial=np.inf)  # NaN if any value is NaN
            highest = np.maximum.reduce(out, initial=-np.inf)
            missing = bool(np.isnan(lowest))
        else:
            _with_nan(out, numbers, null)
            missing = True
        if missing:  # fmin and fmax skip NaN
            lowest = np.fmin.reduce(out, initial=np.inf)
            highest = np.fmax.reduce(out, initial=-np.inf)
        most = largest(column.name)
        infinite = bool(lowest < -most or highest > most)  # or beyond the column's limit
        seen[column.name] = Seen(missing=missing, negative=bool(lowest < 0), infinite=infinite)
        found = missing_issue(column, np.isnan(out)) if column.required and missing else []
        if infinite:
            found += issue(
                column,
                np.abs(out) > most,
                expected=f"finite numbers of magnitude at most {limit_text(most)}",
                found="with a value out of that range",
                values=out,
            )
        return found
    not_flags: list[Issue] = []  # integers other than 1 and 0 in a boolean column
    if pa.types.is_boolean(kind):
        # Unpack the bits with numpy: Arrow's to_numpy goes value by value here.
        flags = _bits(values.buffers()[1], values.offset, len(values))
        if null is not None:
            flags = flags & ~null  # the bits under nulls are undefined: read them as false
    elif column.kind == "bool":  # integers, as databases without a boolean type store them
        numbers = (pc.fill_null(values, 0) if null is not None else values).to_numpy()
        wrong = (numbers != 0) & (numbers != 1)
        not_flags = issue(
            column,
            wrong,
            expected="true or false, or the integers 1 and 0",
            found="with another number",
            values=numbers,
        )
        flags = numbers == 1
    else:
        if null is not None:
            values = pc.fill_null(values, -1)
        flags = values.to_numpy(zero_copy_only=False)
    if column.kind == "tristate":
        if pa.types.is_boolean(kind):
            out[:] = flags
            if null is not None:
                out[null] = -1
            return []
        wrong = ~np.isin(flags, (-1, 0, 1))
        out[:] = np.where(wrong, -1, flags)
        return issue(
            column,
            wrong,
            expected="1, 0 or -1 (not recorded)",
            found="with another number",
            values=flags,
        )
    out[:] = flags
    if null is None:
        return not_flags
    if column.required:
        return not_flags + missing_issue(column, null)
    return not_flags + issue(
        column,
        null,
        expected="true or false in every row (the column has no 'not recorded' value)",
        found="with null",
        hint="leave the column out (or map it to None) if it is not recorded",
    )


def _with_nan(
    out: npt.NDArray[np.float64], numbers: npt.NDArray[np.float64], null: npt.NDArray[np.bool_]
) -> None:
    """Write `numbers` to `out`, NaN where `null`: three passes, whatever the share of nulls.

    A quiet NaN's bits OR-ed into any float64 give a NaN, so `out` first gets
    those bits where null (0 elsewhere), then the numbers' bits OR-ed in.  The
    mask is widened to 64 bits before it is multiplied: numpy multiplies 8-bit
    by 64-bit integers at about a third of the speed (measured).
    """
    bits = out.view(np.int64)
    np.copyto(bits, null, casting="unsafe")
    np.multiply(bits, _NAN_BITS, out=bits)
    np.bitwise_or(bits, numbers.view(np.int64), out=bits)


def _bits(buffer: Any, offset: int, n: int) -> npt.NDArray[np.bool_]:
    """Unpack `n` bits of an Arrow bitmap (validity or boolean values) from bit `offset`."""
    if n == 0:
        return np.zeros(0, dtype=bool)
    packed = np.frombuffer(buffer, dtype=np.uint8, count=(offset + n + 7) // 8)
    unpacked = np.unpackbits(packed, count=offset + n, bitorder="little")[offset:]
    return unpacked.view(np.bool_)


def _times(
    pa: Any,
    column: Column,
    values: Any,
    null: npt.NDArray[np.bool_] | None,
    zone: ZoneInfo | None,
    out: npt.NDArray[np.int64],
    seen: dict[str, Seen],
) -> list[Issue]:
    """Write a batch's times into `out` as UTC nanoseconds (NaT where bad).

    Whether a time is missing is put in `seen`, unless wall-clock times were
    converted to UTC (the row checks then look for themselves).
    """
    _, pc = import_pyarrow()
    factor = _UNIT_NS[values.type.unit]
    ints = values.view(pa.int64())
    raw = np.asarray((pc.fill_null(ints, 0) if null is not None else ints).to_numpy())
    limit = np.iinfo(np.int64).max // factor
    found = [] if null is None else missing_issue(column, null)
    bad = null
    # One pass, read as unsigned: are all times from 1970 on and inside the limit?
    # Then none is NaT (the lowest integer) or outside, and no other pass is needed.
    usual = bool(np.maximum.reduce(raw.view(np.uint64), initial=0) < limit)
    lowest = 0 if usual else int(np.minimum.reduce(raw, initial=0))  # NaT is the lowest
    if (
        not usual
        and factor > 1
        and (lowest <= -limit or np.maximum.reduce(raw, initial=0) >= limit)
    ):
        outside = (np.abs(raw) >= limit) if null is None else (np.abs(raw) >= limit) & ~null
        found += issue(
            column, outside, expected="times between the years 1678 and 2261", found="outside them"
        )
        bad = outside if bad is None else bad | outside
    if bad is not None:
        raw = np.where(bad, 0, raw)
    np.multiply(raw, factor, out=out)
    local = zone if values.type.tz is None else None  # wall-clock times in this zone
    if local is not None:
        utc, nonexistent, ambiguous = localize(out, local)
        out[:] = utc
        if bad is not None:
            nonexistent &= ~bad
            ambiguous &= ~bad
        found += issue(
            column,
            nonexistent,
            expected=f"local times that exist in {local.key}",
            found="skipped by a daylight-saving change",
        )
        found += issue(
            column,
            ambiguous,
            expected=f"local times that happen once in {local.key}",
            found="repeated by a daylight-saving change",
            hint="store these times with a time zone to say which one is meant",
        )
        bad = nonexistent | ambiguous if bad is None else bad | nonexistent | ambiguous
    if bad is not None:
        out[bad] = _NAT
    if local is None:
        seen[column.name] = Seen(missing=lowest == _NAT or (bad is not None and bool(bad.any())))
    return found
