"""Interaction records from Arrow: open Parquet files, Arrow data, streams; check schemas.

pyarrow is imported inside the functions here, never at module import.  The
names and types of the input's columns are checked once, on the schema, before
any value is read; a `Reader` then reads the selected columns in record batches,
which `_arrow_convert.assemble` converts into one set of columns.

A stream (anything with ``__arrow_c_stream__``, a `pyarrow.RecordBatchReader`,
a polars LazyFrame, an executed ADBC or DuckDB cursor) is read batch by batch
as it is converted and never held whole; its length is known only at its end.
"""

from __future__ import annotations

import sys
import typing
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .._model.columns import COLUMNS_BY_NAME
from .._progress import Progress
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
        n_rows: int | None,
        used: dict[str, str],
        zone: ZoneInfo | None,
        source: str,
        batches: typing.Callable[[int], Iterator[Any]],
    ) -> None:
        self.n_rows, self.used, self.zone, self.source = n_rows, used, zone, source
        self._batches = batches

    def read_all(
        self, batch_rows: int, check: BatchCheck, progress: Progress | None = None
    ) -> tuple[Parsed, list[Issue]]:
        """Read every batch into one set of columns; return them and what `check` found.

        `progress`, if given, is told the rows read batch by batch (see `counted`).
        """
        batches = counted(self._batches(batch_rows), self.n_rows, progress)
        return assemble(batches, self.n_rows, self.used, self.zone, self.source, check)

    def iter_parsed(
        self, batch_rows: int, check: BatchCheck, progress: Progress | None = None
    ) -> Iterator[tuple[Parsed, list[Issue]]]:
        """Read batch by batch, one set of columns (and what `check` found) per `batch_rows` rows.

        The input's own batches are cut or gathered (without copying) so that
        every part has `batch_rows` rows, the last one possibly fewer.
        `progress` as in `read_all`.
        """
        batches = counted(self._batches(batch_rows), self.n_rows, progress)
        for group, n_rows in _regroup(batches, batch_rows):
            yield assemble(group, n_rows, self.used, self.zone, self.source, check)


def counted(batches: Iterator[Any], total: int | None, progress: Progress | None) -> Iterator[Any]:
    """Pass the batches on, telling `progress` the rows read so far as each one is read.

    Calls ``progress(rows, total, "read rows")`` once per batch (`total` None
    for a stream, whose length is known only at its end), then, when the
    input ends, ``progress(rows, rows, "read rows")`` unless that was the last
    call already.  Without `progress` the batches are returned as they are.
    """
    if progress is None:
        return batches
    return _counting(batches, total, progress)


def _counting(batches: Iterator[Any], total: int | None, progress: Progress) -> Iterator[Any]:
    done = 0
    last: tuple[int, int | None] | None = None
    for batch in batches:
        done += batch.num_rows
        last = (done, total)
        progress(done, total, "read rows")
        yield batch
    if last != (done, done):
        progress(done, done, "read rows")


def _regroup(batches: Iterable[Any], rows: int) -> Iterator[tuple[list[Any], int]]:
    """Yield the batches' rows in groups of `rows` rows (the last may be shorter), sliced."""
    group: list[Any] = []
    size = 0
    for batch in batches:
        offset, n = 0, batch.num_rows
        while offset < n:
            take = min(rows - size, n - offset)
            group.append(batch if take == n else batch.slice(offset, take))
            size += take
            offset += take
            if size == rows:
                yield group, size
                group, size = [], 0
    if size:
        yield group, size


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
    """Check Arrow data (table, batch, batches or any stream) against our columns."""
    pa, _ = import_pyarrow()
    stream = _as_stream(pa, data, source)
    if stream is not None:
        return _open_stream(pa, stream, columns=columns, zone=zone, source=source)
    table = _as_table(pa, data, source)
    used = _check_schema(table.schema, columns, zone, source)
    selected = table.select(list(used))

    def batches(batch_rows: int) -> Iterator[Any]:
        return iter(selected.to_batches(max_chunksize=batch_rows))

    return Reader(n_rows=table.num_rows, used=used, zone=zone, source=source, batches=batches)


class _Stream(typing.NamedTuple):
    """A stream's schema, its batches (read once, on demand) and the errors reading may raise."""

    schema: Any
    batches: typing.Callable[[int], Iterator[Any]]
    errors: tuple[type[BaseException], ...]


def _as_stream(pa: Any, data: object, source: str) -> _Stream | None:
    """Return `data` as a stream of record batches, or None if it is data in memory.

    A table or record batch (which also speak the stream protocol) is data in
    memory, whose length is known; so are plain iterables of record batches.
    Opening a stream may run a query (a DuckDB relation): its errors are
    reported as the input's.
    """
    if isinstance(data, pa.Table | pa.RecordBatch):
        return None
    errors = reading_errors(pa)
    kind = f"{type(data).__module__.split('.')[0]}.{type(data).__name__}"
    try:
        if kind == "polars.LazyFrame":
            return _lazy_frame(data, errors)
        reader: Any
        if isinstance(data, pa.RecordBatchReader):
            reader = data
        elif hasattr(type(data), "__arrow_c_stream__"):
            reader = pa.RecordBatchReader.from_stream(data)
        else:
            fetch = result_reader(data)
            if fetch is None:
                return None
            reader = fetch()
    except errors as exc:
        raise _unreadable(source, exc) from exc
    return _Stream(reader.schema, lambda _: iter(reader), errors)


def result_reader(cursor: object) -> typing.Callable[[], Any] | None:
    """Return the method of an executed cursor that returns its result as a RecordBatchReader.

    ADBC cursors (and DuckDB before 2.0) call it ``fetch_record_batch``, DuckDB
    2 ``to_arrow_reader``; None if `cursor` has neither.
    """
    for name in ("fetch_record_batch", "to_arrow_reader"):
        method = getattr(cursor, name, None)
        if callable(method):
            return typing.cast("typing.Callable[[], Any]", method)
    return None


def _lazy_frame(frame: Any, errors: tuple[type[BaseException], ...]) -> _Stream:
    """Stream a polars LazyFrame: its query runs in polars' streaming engine, part by part."""
    schema = frame.clear().collect().to_arrow().schema  # the query on no rows: only types

    def batches(batch_rows: int) -> Iterator[Any]:
        collect = getattr(frame, "collect_batches", None)
        if collect is None:  # pragma: no cover - polars before 1.33 cannot stream to Python
            parts: Iterable[Any] = [frame.collect()]
        else:
            parts = collect(chunk_size=batch_rows, lazy=True)
        for part in parts:
            yield from part.to_arrow().to_batches()

    return _Stream(schema, batches, errors)


def reading_errors(pa: Any) -> tuple[type[BaseException], ...]:
    """Return the errors a stream's producer raises for bad data or a failed query.

    Arrow's own, and those of the producers already imported (never imported
    here): polars, DuckDB, and the DB-API errors of ADBC drivers.
    """
    found: list[type[BaseException]] = [pa.ArrowException]
    for module, name in (
        ("polars.exceptions", "PolarsError"),
        ("duckdb", "Error"),
        ("adbc_driver_manager", "Error"),
    ):
        error = getattr(sys.modules.get(module), name, None)
        if isinstance(error, type) and issubclass(error, BaseException):
            found.append(error)
    return tuple(found)


def _unreadable(source: str, exc: BaseException) -> LoadError:
    """Say that the input could not be read, without its producer's message (it may quote data)."""
    return LoadError(
        source,
        [
            Problem(
                path="",
                expected="a readable Arrow stream",
                found=f"{type(exc).__name__} while reading",
                hint="the producer's own message is in this error's __cause__",
            )
        ],
    )


def _open_stream(
    pa: Any,
    stream: _Stream,
    *,
    columns: Mapping[str, str | None] | None,
    zone: ZoneInfo | None,
    source: str,
) -> Reader:
    """Check a stream's schema; read its batches lazily, checking each one's types too."""
    used = _check_schema(stream.schema, columns, zone, source)

    def batches(batch_rows: int) -> Iterator[Any]:
        try:
            for batch in stream.batches(batch_rows):
                if (  # a producer may change types from batch to batch
                    not batch.schema.equals(stream.schema)
                    and _check_schema(batch.schema, columns, zone, source) != used
                ):
                    raise LoadError(
                        source,
                        [
                            Problem(
                                path="",
                                expected="batches with the columns of the first",
                                found="a batch with other columns",
                            )
                        ],
                    )
                yield batch
        except stream.errors as exc:
            raise _unreadable(source, exc) from exc

    return Reader(n_rows=None, used=used, zone=zone, source=source, batches=batches)


def frame_to_arrow(frame: object, *, kind: str, source: str) -> Any:
    """Convert a pandas or polars frame (told apart by module name) to an Arrow table."""
    pa, _ = import_pyarrow()
    if kind == "polars.DataFrame":
        return typing.cast("Any", frame).to_arrow()
    if kind != "pandas.DataFrame":
        raise LoadError(
            source,
            [
                Problem(
                    path="",
                    expected="a pandas or polars DataFrame (or a polars LazyFrame)",
                    found=f"a {kind}",
                )
            ],
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
                expected=(
                    "Arrow data: a pyarrow Table, RecordBatch(es), an object with"
                    " __arrow_c_stream__, a polars LazyFrame or an executed cursor"
                ),
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
