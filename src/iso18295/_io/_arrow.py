"""Interaction records from Arrow: open Parquet files, Arrow data and data frames; check schemas.

pyarrow is imported inside the functions here, never at module import.  The
names and types of the input's columns are checked once, on the schema, before
any value is read; a `Reader` then reads the selected columns in record batches,
which `_arrow_convert.assemble` converts into one set of columns.
"""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .._model.columns import COLUMNS_BY_NAME
from ..errors import LoadError, Problem
from ._arrow_convert import BatchCheck, assemble
from ._arrow_types import import_parquet, import_pyarrow, type_problem
from ._column_names import resolve_names
from ._issues import Issue, Parsed


class Reader:
    """Checked Arrow input: the columns to read and how to read them in batches."""

    def __init__(
        self,
        *,
        n_rows: int,
        used: dict[str, str],
        zone: ZoneInfo | None,
        source: str,
        batches: typing.Callable[[int], Iterator[Any]],
    ) -> None:
        self.n_rows, self.used, self.zone, self.source = n_rows, used, zone, source
        self._batches = batches

    def read_all(self, batch_rows: int, check: BatchCheck) -> tuple[Parsed, list[Issue]]:
        """Read every batch into one set of columns; return them and what `check` found."""
        return assemble(
            self._batches(batch_rows), self.n_rows, self.used, self.zone, self.source, check
        )

    def iter_parsed(
        self, batch_rows: int, check: BatchCheck
    ) -> Iterator[tuple[Parsed, list[Issue]]]:
        """Read batch by batch, one set of columns (and what `check` found) per batch."""
        for batch in self._batches(batch_rows):
            yield assemble([batch], batch.num_rows, self.used, self.zone, self.source, check)


def open_parquet(
    path: Path, *, columns: Mapping[str, str | None] | None, zone: ZoneInfo | None, source: str
) -> Reader:
    """Check a Parquet file's schema against our columns; raise `LoadError` if it does not fit."""
    pa, _ = import_pyarrow()
    pq = import_parquet()
    try:
        with pq.ParquetFile(path) as file:
            schema, n_rows = file.schema_arrow, file.metadata.num_rows
    except (OSError, pa.ArrowException) as exc:
        found = getattr(exc, "strerror", None) or type(exc).__name__
        if isinstance(exc, pa.ArrowInvalid):
            found = "a file that is not Parquet (or is damaged)"
        raise LoadError(
            source, [Problem(path="", expected="a readable Parquet file", found=found)]
        ) from exc
    used = _check_schema(schema, columns, zone, source)
    dictionary = [
        name for name, target in used.items() if COLUMNS_BY_NAME[target].kind == "category"
    ]

    def batches(batch_rows: int) -> Iterator[Any]:
        try:
            with pq.ParquetFile(path, read_dictionary=dictionary, pre_buffer=False) as file:
                yield from file.iter_batches(batch_size=batch_rows, columns=list(used))
        except (OSError, pa.ArrowException) as exc:
            found = getattr(exc, "strerror", None) or type(exc).__name__
            raise LoadError(
                source, [Problem(path="", expected="a readable Parquet file", found=found)]
            ) from exc

    return Reader(n_rows=n_rows, used=used, zone=zone, source=source, batches=batches)


def open_arrow(
    data: object,
    *,
    columns: Mapping[str, str | None] | None,
    zone: ZoneInfo | None,
    source: str,
) -> Reader:
    """Check in-memory Arrow data (table, batch, reader or batches) against our columns."""
    pa, _ = import_pyarrow()
    table = _as_table(pa, data, source)
    used = _check_schema(table.schema, columns, zone, source)
    selected = table.select(list(used))

    def batches(batch_rows: int) -> Iterator[Any]:
        return iter(selected.to_batches(max_chunksize=batch_rows))

    return Reader(n_rows=table.num_rows, used=used, zone=zone, source=source, batches=batches)


def frame_to_arrow(frame: object, *, kind: str, source: str) -> Any:
    """Convert a pandas or polars frame (told apart by module name) to an Arrow table."""
    pa, _ = import_pyarrow()
    if kind == "polars.DataFrame":
        return typing.cast("Any", frame).to_arrow()
    if kind != "pandas.DataFrame":
        raise LoadError(
            source,
            [Problem(path="", expected="a pandas or polars DataFrame", found=f"a {kind}")],
        )
    pandas_frame = typing.cast("Any", frame)
    names = [str(name) for name in pandas_frame.columns]
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:  # Arrow refuses them, and frame[name] would be a frame, not a column
        raise LoadError(
            source,
            [Problem(path="", expected="each column name once", found=f"repeated {repeated}")],
        )
    try:
        return pa.Table.from_pandas(pandas_frame)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        # Arrow's message may quote a value (personal data?): name the columns instead.
        bad = []
        for position, name in enumerate(names):
            try:
                pa.Array.from_pandas(pandas_frame.iloc[:, position])
            except (pa.ArrowException, TypeError, ValueError):
                bad.append(name)
        raise LoadError(
            source,
            [
                Problem(
                    path=name,
                    expected="values of one type Arrow can convert",
                    found="a column it cannot convert (mixed types?)",
                )
                for name in bad or [""]
            ],
        ) from exc


def _as_table(pa: Any, data: object, source: str) -> Any:
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    try:
        if isinstance(data, pa.RecordBatchReader):
            return data.read_all()
        if isinstance(data, Iterable) and not isinstance(data, str | bytes | Mapping):
            batches = list(data)
            if batches and all(isinstance(b, pa.RecordBatch) for b in batches):
                return pa.Table.from_batches(batches)
    except pa.ArrowException as exc:
        raise LoadError(
            source, [Problem(path="", expected="batches with one schema", found=str(exc))]
        ) from exc
    raise LoadError(
        source,
        [
            Problem(
                path="",
                expected="a pyarrow Table, RecordBatch, RecordBatchReader or RecordBatches",
                found=f"a {type(data).__name__}",
            )
        ],
    )


def _check_schema(
    schema: Any, columns: Mapping[str, str | None] | None, zone: ZoneInfo | None, source: str
) -> dict[str, str]:
    """Check the input's column names and types; return the used ones, or raise `LoadError`."""
    pa, _ = import_pyarrow()
    names = list(schema.names)
    used, problems = resolve_names(names, columns)
    for name, target in used.items():
        if names.count(name) > 1:  # reported as repeated; schema.field() cannot pick one
            continue
        found = type_problem(pa, COLUMNS_BY_NAME[target], schema.field(name).type, zone)
        if found is not None:
            problems.append(found)
    if problems:
        raise LoadError(source, problems)
    return used
