"""Loading interaction records into an `InteractionTable`: CSV, Parquet, Arrow, data frames.

Every loader returns a `LoadResult`: the table of accepted rows, the rows set
aside (`QuarantinedRows`) and the number of rows read, with
``rows_read == len(table) + len(quarantined)`` always.  With ``on_error="strict"``
(the default) any bad row raises one `LoadError` listing every problem; with
``on_error="quarantine"`` bad rows are set aside with their reasons.  Problems
with the input as a whole (unreadable file, unknown or missing columns, a column
of the wrong type) always raise.

Row numbers in messages count data rows from 1 as a user counts them in the
file: the header is not a row, and a CSV record spanning several lines (a
quoted line break) is one row.  pyarrow, pandas and polars are imported only by
the functions that need them.

This module holds the public loaders and checks their options; the work is
done by the modules beside it, in the order data flows through them:

- `_csv.py` reads CSV files, `_arrow.py` opens Arrow inputs and checks their
  schema (with `_arrow_types.py`), `_column_names.py` maps input columns to ours;
- `_text.py` converts text values, `_arrow_convert.py` converts Arrow batches;
  both report bad values as issues (`_issues.py`);
- `_finish.py` checks the rows, then raises or sets bad rows aside, and returns
  a `LoadResult` (`_load_result.py`).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final, Literal
from zoneinfo import ZoneInfo

from .. import _namespaces
from .._model._checks import describe
from .._progress import Progress
from .._timezones import ZONE_EXPECTED, zone_or_none
from ..errors import LoadError, Problem
from ._arrow import frame_to_arrow, open_arrow, open_parquet
from ._csv import read_csv
from ._csv_arrow import read_csv_arrow
from ._finish import OnError, finish, finish_each, invariant_issues
from ._load_result import LoadResult
from ._recode import recode, recode_each
from ._sql import default_source, query_stream
from .column_mapping import ColumnMapping, split_mapping

# 768 Ki rows: batches of 2**20 rows made the first load in a process up to 2.6 times
# as slow (bimodal, 0.4-0.9 s for 10M rows; measured with pyarrow 26 and its mimalloc
# pool, whose freed 8 MB column buffers were handed back to the system and faulted in
# again); 768 Ki rows was steady at 0.37 s, and as fast as 2**20 once warm.
_BATCH_ROWS: Final = 3 << 18
_STREAM_ROWS: Final = 1 << 16

CsvEngine = Literal["auto", "arrow", "python"]


def load_interactions_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | ColumnMapping | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    delimiter: str = ",",
    encoding: str = "utf-8",
    engine: CsvEngine = "auto",
    progress: Progress | None = None,
) -> LoadResult:
    """Load interaction records from a CSV file with a header row.

    Parameters
    ----------
    path : str or os.PathLike
        The file.  The first row names the columns.
    columns : mapping, ColumnMapping or None, optional
        File column names mapped to the names in `INTERACTION_COLUMNS`; a file
        column mapped to ``None`` is ignored.  Columns not in the mapping keep
        their names.  A file column that is neither known nor mapped is an error,
        and so is a required column that nothing fills.  A `ColumnMapping` also
        maps labels (of channels, directions...) and converts durations given
        in milliseconds.
    time_zone : str, optional
        IANA zone (such as ``"Europe/London"``) of times written without a UTC
        offset.  Without it such times are an error.  Local times skipped or
        repeated by a daylight-saving change are errors, never guessed.
    on_error : {"strict", "quarantine"}, default "strict"
        ``"strict"`` raises one `LoadError` for any bad row; ``"quarantine"``
        sets bad rows aside in `LoadResult.quarantined`.
    delimiter : str, optional
        The field separator (one character); a comma by default.
    encoding : str, default "utf-8"
        The file's text encoding (``"utf-8-sig"`` for a file with a byte-order mark).
    engine : {"auto", "arrow", "python"}, default "auto"
        Which CSV parser reads the file.  ``"arrow"`` streams it with pyarrow's
        parser (the ``parquet`` extra), many times faster; ``"python"`` uses the
        standard library's `csv`; ``"auto"`` uses pyarrow when it is installed.
        Both give the same table, the same quarantined rows and the same
        messages: the cells are converted by the same rules, and where the two
        parsers could read a file differently (another encoding than UTF-8, a
        record with another number of fields, a blank line, a quote inside a
        field, bytes that are not text...) the arrow engine lets the Python one
        read the file.  The arrow engine converts the file block by block
        (4 MiB of text) as it is read, so memory holds the table and a few
        blocks of text, not the file's text.
    progress : Progress or None, default None
        Called with ``(rows, None, "read rows")`` as records are read (by the
        arrow engine: converted), then ``(rows, rows, "read rows")``; then, by
        the Python engine, ``(done, total, "convert columns")``.

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        If the file cannot be read, its columns do not match, or (strict mode) any
        row is bad; every problem is listed, with the count and first row numbers.
    ImportError
        If `engine` is ``"arrow"`` and pyarrow is not installed.

    Notes
    -----
    Cells are read as follows; an empty cell is missing, which only optional
    columns allow:

    - times: ISO 8601 ``YYYY-MM-DDTHH:MM[:SS[.fffffffff]]`` (``T`` or a space)
      followed by ``Z`` or ``+HH:MM``/``-HH:MM``; stored in UTC;
    - booleans: ``true``, ``false``, ``1`` or ``0`` in any letter case, nothing
      else (``resolved`` may also be empty: not recorded);
    - numbers: ``12``, ``12.5``, ``-1.25e3``; ``.`` for decimals, no thousands
      separators, finite only;
    - text (ids, direction, queue...): as written, not trimmed.

    Examples
    --------
    >>> load_interactions_csv("no-such-file.csv")
    Traceback (most recent call last):
    ...
    iso18295.errors.LoadError: no-such-file.csv: expected a readable file, found ...
    """
    source = str(path)
    zone = check_options(source, time_zone=time_zone, on_error=on_error, engine=engine)
    names, mapping = split_mapping(columns)
    parsed = None
    if engine == "arrow" or (engine == "auto" and _has_pyarrow()):
        parsed = read_csv_arrow(
            Path(path),
            columns=names,
            zone=zone,
            delimiter=delimiter,
            encoding=encoding,
            progress=progress,
        )
    if parsed is None:
        parsed = read_csv(
            path,
            columns=names,
            zone=zone,
            delimiter=delimiter,
            encoding=encoding,
            source=source,
            progress=progress,
        )
    return finish(recode(parsed, mapping), source=source, on_error=on_error)


def _has_pyarrow() -> bool:
    """Tell whether pyarrow can be imported (without importing it)."""
    return importlib.util.find_spec("pyarrow") is not None


def load_interactions_parquet(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | ColumnMapping | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    batch_rows: int = _BATCH_ROWS,
    progress: Progress | None = None,
) -> LoadResult:
    """Load interaction records from a Parquet file (needs the ``parquet`` extra).

    The file is read in record batches of `batch_rows` rows, only the columns
    needed.  Column types: text or dictionary-encoded text for ids, direction,
    queue...; a timestamp with a time zone for ``offered_at`` (or, with
    `time_zone`, without one; or ISO 8601 text); integers or floats for
    numbers; booleans.  Nulls are missing.  Text columns are read as in
    `load_interactions_csv`.

    Parameters
    ----------
    path : str or os.PathLike
        The Parquet file.
    columns, time_zone, on_error
        As in `load_interactions_csv`.
    batch_rows : int, default 786432
        Rows per record batch read.
    progress : Progress or None, default None
        Called with ``(0, rows, "read rows")`` before the file is read and
        ``(rows, rows, "read rows")`` once it is converted.

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        As in `load_interactions_csv`.
    ImportError
        If pyarrow is not installed.
    """
    source = str(path)
    zone = check_options(source, time_zone=time_zone, on_error=on_error, batch_rows=batch_rows)
    names, mapping = split_mapping(columns)
    reader = open_parquet(Path(path), columns=names, zone=zone, source=source)
    if progress is not None:
        progress(0, reader.n_rows, "read rows")
    parsed, checked = reader.read_all(batch_rows, invariant_issues)
    if progress is not None:
        progress(parsed.n_rows, parsed.n_rows, "read rows")
    return finish(recode(parsed, mapping), source=source, on_error=on_error, checked=checked)


def iter_interaction_batches(
    data: str | os.PathLike[str] | object,
    *,
    columns: Mapping[str, str | None] | ColumnMapping | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    batch_rows: int = _STREAM_ROWS,
    source: str | None = None,
    progress: Progress | None = None,
) -> Iterator[LoadResult]:
    """Read a Parquet file or Arrow stream batch by batch, for data larger than memory.

    Memory use is bounded by the batch (and the file's row groups, or the
    stream's own batches), not the input.  Problems with the input as a whole
    (columns, types) raise before the first batch.

    Parameters
    ----------
    data : str, os.PathLike or object
        A Parquet file's path, or anything `interactions_from_arrow` takes:
        a stream (``__arrow_c_stream__``, a polars LazyFrame, an executed ADBC
        or DuckDB cursor) is read only as far as each batch needs.
    columns, time_zone, on_error
        As in `load_interactions_parquet`.
    batch_rows : int, default 65536
        Rows per batch: the input's own batches are cut or gathered to this
        size; the last batch may be shorter.
    source : str, optional
        What to call Arrow data in messages (default ``<arrow>``); a file is
        called by its path.
    progress : Progress or None, default None
        Called with ``(rows, total, "read rows")`` as each of the input's
        batches is read (`total` the file's rows, None for a stream), and with
        ``(rows, rows, "read rows")`` when the input ends.

    Yields
    ------
    LoadResult
        One per batch.  Row numbers count from the start of the input.  Category
        labels are each batch's own, so compare labels, not codes, across batches.
        In strict mode a batch with bad rows raises `LoadError` listing that
        batch's problems; the batches before it have been yielded.

    Raises
    ------
    LoadError
        As in `load_interactions_parquet` and `interactions_from_arrow`.
    """
    names, mapping = split_mapping(columns)
    if isinstance(data, str | os.PathLike):
        name = str(data) if source is None else source
        zone = check_options(name, time_zone=time_zone, on_error=on_error, batch_rows=batch_rows)
        reader = open_parquet(Path(data), columns=names, zone=zone, source=name)
    else:
        name = "<arrow>" if source is None else source
        zone = check_options(name, time_zone=time_zone, on_error=on_error, batch_rows=batch_rows)
        reader = open_arrow(data, columns=names, zone=zone, source=name)
    return finish_each(
        recode_each(reader.iter_parsed(batch_rows, invariant_issues, progress), mapping),
        source=name,
        on_error=on_error,
    )


def interactions_from_arrow(
    data: object,
    *,
    columns: Mapping[str, str | None] | ColumnMapping | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    source: str = "<arrow>",
    progress: Progress | None = None,
) -> LoadResult:
    """Build interaction records from Arrow data or any Arrow stream (needs the ``parquet`` extra).

    A stream is read batch by batch, each batch converted and checked as it
    arrives, so the input is never held whole: memory is the table built plus
    a few of the stream's batches.

    Parameters
    ----------
    data : object
        The records; column types as in `load_interactions_parquet`.  A
        `pyarrow.Table`, `pyarrow.RecordBatch` or iterable of record batches;
        or a stream: any object with ``__arrow_c_stream__`` (a
        `pyarrow.RecordBatchReader`, a polars DataFrame, a DuckDB relation, a
        pandas DataFrame...), a polars LazyFrame (run by polars' streaming
        engine), or an ADBC or DuckDB cursor after ``execute`` (read through
        its ``fetch_record_batch()``).  A stream can be read once.
    columns, time_zone, on_error
        As in `load_interactions_csv`.
    source : str, default "<arrow>"
        What to call the input in messages.
    progress : Progress or None, default None
        Called with ``(rows, total, "read rows")`` as each batch is read
        (`total` the input's rows if known, None for a stream), and last with
        ``(rows, rows, "read rows")``.

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        As in `load_interactions_csv`, and if `data` is not Arrow data or its
        producer fails while it is read (the producer's error is the cause).
    ImportError
        If pyarrow is not installed.

    Notes
    -----
    Databases without a boolean type (SQLite, some exports) store booleans as
    integers: a boolean column may be an integer column whose values are all
    1 or 0 (null as for a boolean column); any other number is a bad value,
    reported with its rows.
    """
    zone = check_options(source, time_zone=time_zone, on_error=on_error)
    names, mapping = split_mapping(columns)
    reader = open_arrow(data, columns=names, zone=zone, source=source)
    parsed, checked = reader.read_all(_BATCH_ROWS, invariant_issues, progress)
    return finish(recode(parsed, mapping), source=source, on_error=on_error, checked=checked)


def interactions_from_dataframe(
    frame: object,
    *,
    columns: Mapping[str, str | None] | ColumnMapping | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    source: str | None = None,
    progress: Progress | None = None,
) -> LoadResult:
    """Build interaction records from a pandas or polars data frame, through Arrow.

    Needs pyarrow (the ``parquet`` extra) and the frame's own library.  A pandas
    frame's index becomes a column unless it is a plain range, so a meaningful
    index is never dropped silently (map it to ``None`` to ignore it).

    Parameters
    ----------
    frame : pandas.DataFrame, polars.DataFrame or polars.LazyFrame
        The records; column types as in `load_interactions_parquet` after
        conversion to Arrow (pandas ``datetime64[ns, tz]`` and polars
        ``Datetime(time_zone=...)`` are times with a zone).  A LazyFrame's
        query runs in polars' streaming engine and is converted part by part.
    columns, time_zone, on_error
        As in `load_interactions_csv`.
    source : str, optional
        What to call the input in messages; default ``<pandas.DataFrame>`` or
        ``<polars.DataFrame>``.
    progress : Progress or None, default None
        As in `interactions_from_arrow` (`total` None for a LazyFrame).

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        As in `load_interactions_csv`, and if `frame` is neither kind of frame.
    """
    kind = f"{type(frame).__module__.split('.')[0]}.{type(frame).__name__}"
    name = source if source is not None else f"<{kind}>"
    zone = check_options(name, time_zone=time_zone, on_error=on_error)
    table = frame if kind == "polars.LazyFrame" else frame_to_arrow(frame, kind=kind, source=name)
    names, mapping = split_mapping(columns)
    reader = open_arrow(table, columns=names, zone=zone, source=name)
    parsed, checked = reader.read_all(_BATCH_ROWS, invariant_issues, progress)
    return finish(recode(parsed, mapping), source=name, on_error=on_error, checked=checked)


def interactions_from_sql(
    connection: str | object,
    query: str,
    *,
    parameters: Sequence[object] | Mapping[str, object] | None = None,
    columns: Mapping[str, str | None] | ColumnMapping | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    source: str | None = None,
    progress: Progress | None = None,
) -> LoadResult:
    """Build interaction records from an SQL query's result, read as an Arrow stream.

    The query runs once; its result is read batch by batch through Arrow (never
    row by row in Python) and converted as it arrives, as in
    `interactions_from_arrow`.  To process a result larger than memory, run the
    query on a cursor and pass the cursor to `iter_interaction_batches`.

    Parameters
    ----------
    connection : str or object
        A URI, opened and closed here: ``postgresql://user@host:port/database``
        (or ``postgres://``; needs the ``postgresql`` extra) or
        ``sqlite:`` followed by a file path or ``file:`` URI (needs the
        ``sqlite`` extra); or an open connection whose cursors return Arrow
        (any ADBC driver's DB-API connection, a DuckDB connection), which
        stays open.
    query : str
        The SQL query; its result's columns are named and typed as in
        `interactions_from_arrow` (rename with ``AS`` or `columns`).
    parameters : sequence or mapping, optional
        Values for the query's placeholders, in the driver's style (``$1`` for
        PostgreSQL, ``?`` for SQLite and DuckDB).
    columns, time_zone, on_error
        As in `load_interactions_csv`.
    source : str, optional
        What to call the input in messages; default ``<PostgreSQL query>``,
        ``<SQLite query>``, or ``<module query>`` for a connection object.  A
        URI is never quoted in messages, as it may hold a password.
    progress : Progress or None, default None
        As in `interactions_from_arrow` (`total` None: the result is a stream).

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        If the connection or query fails (the driver's error is the cause; its
        message is not repeated, as it may quote values), the connection's
        cursors cannot return Arrow (the standard library's `sqlite3`), and as
        in `interactions_from_arrow`.
    ImportError
        If pyarrow is not installed.
    MissingDependencyError
        If the URI's ADBC driver is not installed; the message names the extra
        to install.

    Notes
    -----
    Databases without a boolean type (SQLite) return booleans as integers:
    they are accepted when every value is 1 or 0 (see `interactions_from_arrow`).
    SQLite has no time type either: store times as ISO 8601 text with a UTC
    offset (read as in `load_interactions_csv`), or pass `time_zone`.
    """
    name = source if source is not None else default_source(connection)
    zone = check_options(name, time_zone=time_zone, on_error=on_error)
    names, mapping = split_mapping(columns)
    with query_stream(connection, query, parameters, name) as cursor:
        reader = open_arrow(cursor, columns=names, zone=zone, source=name)
        parsed, checked = reader.read_all(_BATCH_ROWS, invariant_issues, progress)
    return finish(recode(parsed, mapping), source=name, on_error=on_error, checked=checked)


# --- options -------------------------------------------------------------------------


def check_options(
    source: str,
    *,
    time_zone: str | None,
    on_error: str,
    batch_rows: int = _BATCH_ROWS,
    engine: str = "auto",
) -> ZoneInfo | None:
    """Check the keyword options; return the zone of naive times (also for agent activity)."""
    problems: list[Problem] = []
    if engine not in ("auto", "arrow", "python"):
        problems.append(
            Problem(path="engine", expected="'auto', 'arrow' or 'python'", found=repr(engine))
        )
    if on_error not in ("strict", "quarantine"):
        problems.append(
            Problem(path="on_error", expected="'strict' or 'quarantine'", found=repr(on_error))
        )
    if type(batch_rows) is not int or batch_rows < 1:
        problems.append(
            Problem(path="batch_rows", expected="a whole number >= 1", found=repr(batch_rows))
        )
    zone = None
    if time_zone is not None:
        zone = zone_or_none(time_zone)
        if zone is None:
            problems.append(
                Problem(path="time_zone", expected=ZONE_EXPECTED, found=describe(time_zone))
            )
    if problems:
        raise LoadError(source, problems)
    return zone


_namespaces.publish_lazy(__name__)
