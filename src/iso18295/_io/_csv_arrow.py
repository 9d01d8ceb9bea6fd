"""Interaction records from CSV files read by pyarrow's CSV parser: the "arrow" engine.

The file is streamed with ``pyarrow.csv.open_csv``, every column read as text
(no type guessing), and each batch is converted as it arrives, by the same
rules as the Python reader (`_arrow_text` builds the same code matrices), then
dropped: memory holds the converted columns and a few batches of text, never
the file's text.  The batches' category labels are merged at the end, and the
issues are given column by column in header order, each column's kinds of
issue in the order the Python reader gives them, so the messages made of them
come out as the Python reader's.

Where the two parsers could disagree, the Python reader decides: the header is
read with `csv` (as the Python reader reads it), and `read_csv_arrow` returns
None, so that the Python reader reads the file and reports the problem itself,
for every problem with the file as a whole pyarrow finds (records with another
number of fields, text that is not UTF-8...), for files in other encodings or
with other delimiters than ASCII ones, for a UTF-8 byte-order mark the
encoding does not expect, and for blank lines or a quote character inside a
field (which pyarrow reads leniently, and `csv` in strict mode may refuse).
"""

from __future__ import annotations

import codecs
import csv
import typing
from collections import deque
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .._model.columns import COLUMNS_BY_NAME, Column
from .._progress import Progress
from ._arrow_text import ArrowText, text_column
from ._arrow_types import import_pyarrow
from ._batch_arrays import Sorted, empty, grown, merge_dictionaries, presort
from ._column_names import resolve_names
from ._issues import Issue, Parsed, missing_issue, shifted
from ._text import convert_text

_BLOCK_BYTES: Final = 1 << 22
_WORKERS: Final = 2  # batches converted at once
_AHEAD: Final = 4  # batches read but not yet collected, at most
_ENCODINGS: Final = {"utf-8": "utf8", "utf-8-sig": "utf8"}  # codec name -> pyarrow's


def read_csv_arrow(
    path: Path,
    *,
    columns: Mapping[str, str | None] | None,
    zone: ZoneInfo | None,
    delimiter: str,
    encoding: str,
    progress: Progress | None = None,
) -> Parsed | None:
    """Read a CSV file with pyarrow; None if the Python reader must read it instead."""
    pa, pc = import_pyarrow()
    try:
        codec = codecs.lookup(encoding).name
    except (LookupError, TypeError):
        return None
    arrow_encoding = _ENCODINGS.get(codec)
    if (
        arrow_encoding is None
        or not isinstance(typing.cast("object", delimiter), str)
        or len(delimiter) != 1
        or not delimiter.isascii()
        or delimiter in '"\r\n'
    ):
        return None
    header = _header(path, delimiter=delimiter, encoding=encoding)
    if header is None:
        return None
    used, problems = resolve_names(header, columns)
    if problems:
        return None  # the Python reader reads every record before it reports these
    with ThreadPoolExecutor(max_workers=1) as worker:  # scanned while pyarrow parses
        try:  # mapped once: the scan and the parser read the same pages
            with pa.memory_map(str(path)) as file:
                data = file.read_buffer()
        except (OSError, pa.ArrowException):
            return None
        plain = worker.submit(_plain, pa, pc, data, delimiter, bom_allowed=codec == "utf-8-sig")
        parsed = _read(pa, data, header, used, delimiter, arrow_encoding, zone, progress)
        if not plain.result():
            return None
    return parsed


def _read(
    pa: Any,
    data: Any,
    header: list[str],
    used: dict[str, str],
    delimiter: str,
    encoding: str,
    zone: ZoneInfo | None,
    progress: Progress | None,
) -> Parsed | None:
    """Parse the file as text with pyarrow, converting each batch as it arrives.

    Two workers convert batches while pyarrow parses the next blocks (Arrow
    and numpy release the GIL); the results are collected in file order, and
    the reader runs at most `_AHEAD` batches ahead of the collected ones, so
    only a few batches of text are alive at once (on two cores one worker was
    measured slower; two are as fast as the whole-column conversion was).
    Each batch's converted columns are copied into the table's arrays as it is
    collected, so memory holds the table and a few batches, not the table
    twice: the arrays are made for the rows the file should hold (its size
    over the bytes per row of the first block, `_estimated_rows`) and grow by
    a quarter when it holds more.  At the end each category column's labels
    are merged into one sorted set, two columns at a time.
    """
    import pyarrow.csv as pa_csv  # type: ignore[import-untyped, import-not-found, unused-ignore]

    targets = {name: COLUMNS_BY_NAME[target] for name, target in used.items()}
    columns = {name: _Column(pa, target) for name, target in targets.items()}
    memo: dict[str, Sorted] = {}
    rows = 0
    done = 0
    expected = 0  # rows the file should hold, known from its first block
    pending: deque[Future[tuple[int, dict[str, _Converted]]]] = deque()

    def collect() -> None:  # the oldest batch pending, in file order
        nonlocal done
        n, converted = pending.popleft().result()
        for name, column in columns.items():
            column.add(done, done + n, converted[name], expected)
        done += n
        if progress is not None:
            progress(done, None, "read rows")

    with ThreadPoolExecutor(max_workers=_WORKERS) as workers:
        try:
            reader = pa_csv.open_csv(
                pa.BufferReader(data),
                read_options=pa_csv.ReadOptions(encoding=encoding, block_size=_BLOCK_BYTES),
                parse_options=pa_csv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
                ),
                convert_options=pa_csv.ConvertOptions(
                    column_types={name: pa.string() for name in header},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            if list(reader.schema.names) != header:
                return None
            for batch in reader:
                if not rows:
                    expected = _estimated_rows(batch.num_rows, data.size)
                if len(pending) == _AHEAD:
                    collect()
                pending.append(workers.submit(_convert_batch, batch, rows, targets, zone, memo))
                rows += batch.num_rows
                del batch  # a worker holds it until converted
        except (OSError, pa.ArrowException):
            return None  # the workers finish their batches on the way out: they are dropped
        while pending:
            collect()
        # The category labels merged two columns at a time, as the batches.
        finished = list(workers.map(lambda column: column.finished(pa, rows), columns.values()))
    # The batches' memory, freed in several threads, is kept by Arrow's allocator for
    # reuse: give it back (2M rows: the resident set after loading 488 -> 220 MiB, 4 ms).
    pa.default_memory_pool().release_unused()
    if progress is not None:
        progress(rows, rows, "read rows")
    parsed = Parsed(n_rows=rows, arrays={}, labels={}, issues=[])
    for column, (array, labels) in zip(columns.values(), finished, strict=True):
        target = column.column  # in header order, as the Python reader
        parsed.arrays[target.name] = array
        if labels is not None:
            parsed.labels[target.name] = labels
        ordered = _in_reader_order(pa, target, column, zone)
        if ordered is None:
            return None
        parsed.issues.extend(ordered)
    return parsed


_Kind = tuple[str, str, str | None]
"""An issue's kind within a column: what was expected, what was found, the hint."""


def _kind(found: Issue) -> _Kind:
    return (found.expected, found.found, found.hint)


class _Column:
    """What the batches of one used column gave so far, in file order.

    The converted values in `array` (its first rows filled, the rest not yet),
    the category `parts` (first row, end row, sorted dictionary), the `issues`
    with file row numbers, and the first value of each kind of issue (its
    `first_values`, which `_in_reader_order` converts again to learn the
    order the Python reader gives the kinds in).
    """

    def __init__(self, pa: Any, column: Column) -> None:
        self.pa = pa
        self.column = column
        self.array = empty(pa, 0, column.dtype)
        self.parts: list[tuple[int, int, Any]] = []
        self.issues: list[Issue] = []
        self.first_values: dict[_Kind, str] = {}

    def add(self, start: int, stop: int, converted: _Converted, expected: int) -> None:
        """Copy one batch's result into rows `start` to `stop`; `expected` rows in all."""
        if stop > len(self.array):
            capacity = max(stop, expected, len(self.array) + len(self.array) // 4)
            (self.array,) = grown(self.pa, {"": self.array}, start, capacity).values()
        self.array[start:stop] = converted.array
        if converted.dictionary is not None:
            self.parts.append((start, stop, converted.dictionary))
        for each, value in converted.issues:
            self.first_values.setdefault(_kind(each), value)
            self.issues.append(each)

    def finished(self, pa: Any, rows: int) -> tuple[npt.NDArray[Any], tuple[str, ...] | None]:
        """Return the column's `rows` values and, for a category column, its labels.

        The labels are the batches' dictionaries merged, the codes renumbered
        in place.  The values are a view of the first `rows` of the array, or
        a copy of them if the estimate left more than a tenth unused.
        """
        array = self.array[:rows]
        if len(self.array) > rows + rows // 10 + 1024:
            (array,) = grown(pa, {"": self.array}, rows, rows).values()
            self.array = array
        if self.column.kind != "category":
            return array, None
        return array, merge_dictionaries(pa, array, self.parts)


def _estimated_rows(first_rows: int, file_bytes: int) -> int:
    """Return how many rows a file should hold, from the rows of its first block.

    Blocks are `_BLOCK_BYTES` of text (the first also holds the header), so
    rows per byte times the file's size, and 2 % more for rows a little
    shorter than the first block's.
    """
    block = max(1, min(_BLOCK_BYTES, file_bytes))
    return first_rows * file_bytes // block * 51 // 50 + 1


class _Converted(typing.NamedTuple):
    """One column of one batch, converted: its array, category dictionary, issues.

    `issues` have file row numbers, each with the value of its first row.
    """

    array: npt.NDArray[Any]
    dictionary: Any
    issues: list[tuple[Issue, str]]


def _convert_batch(
    batch: Any,
    start: int,
    columns: Mapping[str, Column],
    zone: ZoneInfo | None,
    memo: dict[str, Sorted],
) -> tuple[int, dict[str, _Converted]]:
    """Convert one batch's used columns; return its row count and each column's result.

    Runs in a worker; the batch's text is dropped once this returns.
    """
    converted = {}
    for name, target in columns.items():
        values = batch.column(name)
        dictionary = None
        if target.kind == "category":
            array, dictionary, found = _categories(values, target, memo)
        else:
            array, _, found = text_column(target, values, zone=zone)
        issues = [
            (shifted(each, start) if start else each, values[int(each.rows[0])].as_py())
            for each in found
        ]
        converted[name] = _Converted(array, dictionary, issues)
    return int(batch.num_rows), converted


def _categories(
    values: Any, column: Column, memo: dict[str, Sorted]
) -> tuple[npt.NDArray[np.int32], Any, list[Issue]]:
    """Return one batch's category codes, numbered by its own sorted dictionary, and issues.

    The dictionary is returned too, for `merge_dictionaries` to renumber
    every batch's codes into the union of the labels at the end.
    """
    pa, pc = import_pyarrow()
    encoded = pc.dictionary_encode(values)
    dictionary = encoded.dictionary
    raw = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int32)
    ordered = presort(pa, dictionary, memo, column.name)
    # "wrap": no bounds checks (every code is a valid index).
    codes = raw if ordered.lookup is None else np.take(ordered.lookup, raw, mode="wrap")
    found: list[Issue] = []
    if column.required:
        blank = pc.index(dictionary, "").as_py()
        if blank >= 0:
            found = missing_issue(column, raw == blank)
    return codes, ordered.labels, found


def _in_reader_order(
    pa: Any, target: Column, column: _Column, zone: ZoneInfo | None
) -> list[Issue] | None:
    """Return a column's issues with their kinds in the Python reader's order.

    The Python reader converts the whole column at once, and `_text` gives the
    kinds of issue in a fixed order; batch by batch, a kind first seen in a
    later batch would come out later.  Every kind depends on one value alone,
    so converting the first value of each kind again, together, gives the kinds
    once each in that fixed order.  Within a kind the batches stay in order.
    None (the Python reader must read the file) if that ever fails to hold.
    """
    kinds = list(column.first_values)
    if len(kinds) < 2:
        return column.issues
    witnesses = pa.array([column.first_values[kind] for kind in kinds], pa.string())
    _, _, again = convert_text(target, ArrowText(witnesses), zone=zone)
    order = [_kind(each) for each in again]
    if len(order) != len(kinds) or set(order) != set(kinds):
        return None
    rank = {kind: position for position, kind in enumerate(order)}
    return sorted(column.issues, key=lambda each: rank[_kind(each)])


def _header(path: Path, *, delimiter: str, encoding: str) -> list[str] | None:
    """Return the header as the Python reader reads it; None if it cannot."""
    try:
        with path.open(newline="", encoding=encoding) as stream:
            return next(csv.reader(stream, delimiter=delimiter, strict=True), None)
    except (OSError, ValueError, csv.Error, TypeError):
        return None


def _plain(pa: Any, pc: Any, data: Any, delimiter: str, *, bom_allowed: bool) -> bool:
    """Tell whether the file has nothing the two parsers might read differently.

    That is: no byte-order mark unless the encoding expects one, no blank line
    (`csv` gives a record of no fields, pyarrow one of empty fields), and no
    quote character between two other characters of a field, where pyarrow
    reads ``"a"b`` as ``ab`` and `csv` in strict mode refuses it.
    Conservative: a blank line inside a quoted value also sends the file to
    the Python reader.  One pass of Arrow's regular expressions over the file,
    memory-mapped (`data`).
    """
    if data.size == 0 or (not bom_allowed and data[:3].to_pybytes() == codecs.BOM_UTF8):
        return False
    offsets = pa.py_buffer(np.array([0, data.size], dtype=np.int64))
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, data])
    other = f'[^\\x{ord(delimiter):02x}\\r\\n"]'
    pattern = rf'\A[\r\n]|\n\n|\r\r|\n\r|{other}"{other}'
    return not pc.match_substring_regex(whole, pattern)[0].as_py()
