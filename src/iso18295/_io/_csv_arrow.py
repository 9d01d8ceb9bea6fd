"""Interaction records from CSV files read by pyarrow's CSV parser: the "arrow" engine.

The file is streamed with ``pyarrow.csv.open_csv``, every column read as text
(no type guessing), then each used column is converted by the same rules as
the Python reader (`_arrow_text` builds the same code matrices), column by
column in header order, so the issues, and the messages made of them, come
out as the Python reader's.

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
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .._model.columns import COLUMNS_BY_NAME
from .._progress import Progress
from ._arrow_text import text_column
from ._arrow_types import import_pyarrow
from ._column_names import resolve_names
from ._issues import Issue, Parsed

_BLOCK_BYTES: Final = 1 << 22
_WORKERS: Final = 2
_COST: Final = {"timestamp": 0, "float": 1, "bool": 2, "tristate": 2, "category": 3}
Converted = tuple[npt.NDArray[Any], tuple[str, ...] | None, list[Issue]]
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
    """Parse the file as text with pyarrow, then convert the used columns in header order."""
    import pyarrow.csv as pa_csv  # type: ignore[import-untyped, import-not-found, unused-ignore]

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
        selected = list(used)
        batches = []
        rows = 0
        for batch in reader:
            batches.append(batch.select(selected))
            rows += batch.num_rows
            if progress is not None:
                progress(rows, None, "read rows")
    except (OSError, pa.ArrowException):
        return None
    if progress is not None:
        progress(rows, rows, "read rows")
    schema = pa.schema([pa.field(name, pa.string()) for name in selected])
    table = pa.Table.from_batches(batches, schema=schema)
    del batches
    parsed = Parsed(n_rows=rows, arrays={}, labels={}, issues=[])

    def convert(name: str, target: str) -> Converted:
        values = table.column(name).combine_chunks()
        return text_column(COLUMNS_BY_NAME[target], values, zone=zone)

    # Two columns at a time: numpy and Arrow release the GIL in their loops.
    with ThreadPoolExecutor(max_workers=_WORKERS) as workers:
        # The slowest kinds first, so that the two workers finish together.
        heaviest = sorted(used, key=lambda name: _COST[COLUMNS_BY_NAME[used[name]].kind])
        submitted = {name: workers.submit(convert, name, used[name]) for name in heaviest}
        futures = [submitted[name] for name in used]
        for done, (target, future) in enumerate(zip(used.values(), futures, strict=True), start=1):
            array, labels, found = future.result()  # in header order, as the Python reader
            parsed.arrays[target] = array
            if labels is not None:
                parsed.labels[target] = labels
            parsed.issues.extend(found)
            if progress is not None:
                progress(done, len(used), "convert columns")
    return parsed


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
