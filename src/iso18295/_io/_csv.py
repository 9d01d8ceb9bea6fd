"""Interaction records from CSV files: the records read with `csv`, then converted as text.

`read_csv` reads the header and every record, reports problems with the file
as a whole (unreadable, not CSV, wrong encoding, naming problems) as a
`LoadError`, and returns a `Parsed` column set in which records with the wrong
number of fields are an issue of their own.  The values are converted by
`_text.convert_text`; `_finish.py` checks the rows, and raises or quarantines.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import numpy as np

from .._model.columns import COLUMNS_BY_NAME
from .._progress import Progress
from ..errors import LoadError, Problem
from ._column_names import resolve_names
from ._issues import Parsed, issue
from ._text import convert_text


def read_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None,
    zone: ZoneInfo | None,
    delimiter: str,
    encoding: str,
    source: str,
    progress: Progress | None = None,
) -> Parsed:
    """Read a CSV file into columns; raise `LoadError` for problems with the file as a whole."""
    header, records = read_records(
        Path(path), delimiter=delimiter, encoding=encoding, source=source
    )
    if progress is not None:
        progress(len(records), len(records), "read rows")
    used, problems = resolve_names(header, columns)
    if problems:
        raise LoadError(source, problems)
    n = len(records)
    width = len(header)
    widths = np.fromiter(map(len, records), dtype=np.int64, count=n)
    ragged = widths != width
    issues = issue(
        "",
        ragged,
        expected=f"{width} fields in every row, as in the header",
        found="with another number of fields",
    )
    blank = [""] * width
    for row in np.flatnonzero(ragged).tolist():  # only the bad rows: padded, then set aside
        records[row] = blank
    fields = list(zip(*records, strict=True)) if n else [() for _ in header]
    parsed = Parsed(n_rows=n, arrays={}, labels={}, issues=issues)
    done = 0
    for index, name in enumerate(header):
        target = used.get(name)
        if target is None:
            continue
        done += 1
        values = np.array(fields[index], dtype=object) if n else np.empty(0, dtype=object)
        column = COLUMNS_BY_NAME[target]
        array, labels, found = convert_text(column, values, zone=zone)
        parsed.arrays[target] = array
        if labels is not None:
            parsed.labels[target] = labels
        parsed.issues.extend(
            attrs.evolve(i, rows=i.rows[~ragged[i.rows]]) for i in found if (~ragged[i.rows]).any()
        )
        if progress is not None:
            progress(done, len(used), "convert columns")
    return parsed


def read_records(
    file: Path, *, delimiter: str, encoding: str, source: str
) -> tuple[list[str], list[list[str]]]:
    """Return a CSV file's header and records; raise `LoadError` if it cannot be read."""
    records: list[list[str]] = []
    try:
        with file.open(newline="", encoding=encoding) as stream:
            reader = csv.reader(stream, delimiter=delimiter, strict=True)
            header = next(reader, None)
            if header is None:
                raise LoadError(
                    source, [Problem(path="", expected="a header row", found="an empty file")]
                )
            try:
                records.extend(reader)
            except csv.Error as exc:
                where = f"data row {len(records) + 1} (line {reader.line_num})"
                raise LoadError(
                    source, [Problem(path="", expected="valid CSV", found=f"{exc} in {where}")]
                ) from exc
            except UnicodeDecodeError as exc:
                where = f"after data row {len(records)}"
                raise LoadError(
                    source,
                    [
                        Problem(
                            path="",
                            expected=f"text in {encoding}",
                            found=f"bytes that are not ({where})",
                            hint="pass the file's encoding with encoding=",
                        )
                    ],
                ) from exc
    except LookupError as exc:  # unknown encoding name
        raise LoadError(
            source,
            [Problem(path="encoding", expected="a Python codec name", found=repr(encoding))],
        ) from exc
    except TypeError as exc:  # csv's parameter checks (delimiter)
        raise LoadError(
            source,
            [Problem(path="delimiter", expected="a one-character string", found=repr(delimiter))],
        ) from exc
    except UnicodeDecodeError as exc:
        raise LoadError(
            source,
            [
                Problem(
                    path="",
                    expected=f"text in {encoding}",
                    found="bytes that are not",
                    hint="pass the file's encoding with encoding=",
                )
            ],
        ) from exc
    except csv.Error as exc:
        raise LoadError(
            source, [Problem(path="", expected="valid CSV", found=f"{exc} in the header")]
        ) from exc
    except OSError as exc:
        found = exc.strerror or type(exc).__name__
        raise LoadError(
            source, [Problem(path="", expected="a readable file", found=found)]
        ) from exc
    return header, records
