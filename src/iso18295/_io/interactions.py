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
"""

from __future__ import annotations

import os
import typing
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import numpy as np
import numpy.typing as npt

from .._errors import LoadError, ModelError, Problem
from .._model.channels import Direction
from .._model.columns import INTERACTION_COLUMNS, MISSING_CODE
from .._model.tables import InteractionTable, _missing_column, row_violations
from ._arrow import frame_to_arrow, open_arrow, open_parquet
from ._csv import Issue, Parsed, issue, read_csv

OnError = Literal["strict", "quarantine"]

_FIRST_ROWS: Final = 3
_DIRECTIONS: Final = frozenset(d.value for d in Direction)
_BATCH_ROWS: Final = 1 << 20
_STREAM_ROWS: Final = 1 << 16

RowNumbers = npt.NDArray[np.int64]


def _frozen(values: object) -> RowNumbers:
    array = np.array(values, dtype=np.int64).reshape(-1)
    array.flags.writeable = False
    return array


def _problem_tuple(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


def _frozen_each(arrays: Iterable[object]) -> tuple[RowNumbers, ...]:
    return tuple(_frozen(a) for a in arrays)


@typing.final
@attrs.frozen(kw_only=True, eq=False)
class QuarantinedRows:
    """Rows set aside by ``on_error="quarantine"``, with the reasons.

    Parameters
    ----------
    row_numbers : numpy.ndarray of int64
        The rows set aside, ascending, each once; data rows counted from 1 as in
        the input (the header is not a row).
    problems : tuple of Problem
        Every kind of problem found, each with its column, what was expected
        and what was found (a count and the first row numbers).  Personal data
        is described, never shown.
    rows_by_problem : tuple of numpy.ndarray of int64
        For each of `problems`, every row it concerns.  A row may have several
        problems.
    """

    row_numbers: RowNumbers = attrs.field(converter=_frozen)
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_problem_tuple)
    rows_by_problem: tuple[RowNumbers, ...] = attrs.field(default=(), converter=_frozen_each)

    def __len__(self) -> int:
        return len(self.row_numbers)

    def problems_of(self, row_number: int) -> tuple[Problem, ...]:
        """Return the problems found in one row (empty if the row was accepted).

        Parameters
        ----------
        row_number : int
            A data row number, counted from 1 as in `row_numbers`.
        """
        return tuple(
            problem
            for problem, rows in zip(self.problems, self.rows_by_problem, strict=True)
            if _contains(rows, row_number)
        )


@typing.final
@attrs.frozen(kw_only=True, eq=False)
class LoadResult:
    """What loading interaction records produced: accepted rows, rows set aside, rows read.

    Parameters
    ----------
    table : InteractionTable
        The accepted rows, in input order.
    quarantined : QuarantinedRows
        The rows set aside (always empty with ``on_error="strict"``).
    rows_read : int
        Data rows in the input.  Always ``len(table) + len(quarantined)``:
        nothing is dropped without being listed.
    source : str
        The file name, or a description of the in-memory input.

    Raises
    ------
    ModelError
        If `rows_read` does not equal the accepted plus the quarantined rows.
    """

    table: InteractionTable
    quarantined: QuarantinedRows
    rows_read: int
    source: str

    def __attrs_post_init__(self) -> None:
        accounted = len(self.table) + len(self.quarantined)
        if accounted != self.rows_read:
            raise ModelError(
                "LoadResult",
                [
                    Problem(
                        path="rows_read",
                        expected="accepted plus quarantined rows",
                        found=f"{self.rows_read} rows read, {accounted} accounted for",
                    )
                ],
            )


def load_interactions_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> LoadResult:
    """Load interaction records from a CSV file with a header row.

    Parameters
    ----------
    path : str or os.PathLike
        The file.  The first row names the columns.
    columns : mapping or None, optional
        File column names mapped to the names in `INTERACTION_COLUMNS`; a file
        column mapped to ``None`` is ignored.  Columns not in the mapping keep
        their names.  A file column that is neither known nor mapped is an error.
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

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        If the file cannot be read, its columns do not match, or (strict mode) any
        row is bad; every problem is listed, with the count and first row numbers.

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
    iso18295._errors.LoadError: no-such-file.csv: expected a readable file, found ...
    """
    source = str(path)
    zone = _options(source, time_zone=time_zone, on_error=on_error)
    parsed = read_csv(
        path, columns=columns, zone=zone, delimiter=delimiter, encoding=encoding, source=source
    )
    return finish(parsed, source=source, on_error=on_error)


def load_interactions_parquet(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    batch_rows: int = _BATCH_ROWS,
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
    batch_rows : int, default 1048576
        Rows per record batch read.

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
    zone = _options(source, time_zone=time_zone, on_error=on_error, batch_rows=batch_rows)
    reader = open_parquet(Path(path), columns=columns, zone=zone, source=source)
    parsed, checked = reader.read_all(batch_rows, _invariant_issues)
    return finish(parsed, source=source, on_error=on_error, checked=checked)


def iter_interaction_batches(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    batch_rows: int = _STREAM_ROWS,
) -> Iterator[LoadResult]:
    """Read a Parquet file batch by batch, for computations larger than memory.

    Memory use is bounded by the batch (and the file's row groups), not the file.
    Problems with the file as a whole raise before the first batch.

    Parameters
    ----------
    path, columns, time_zone, on_error
        As in `load_interactions_parquet`.
    batch_rows : int, default 65536
        Rows per batch.

    Yields
    ------
    LoadResult
        One per batch.  Row numbers count from the start of the file.  Category
        labels are each batch's own, so compare labels, not codes, across batches.
        In strict mode a batch with bad rows raises `LoadError` listing that
        batch's problems; the batches before it have been yielded.

    Raises
    ------
    LoadError
        As in `load_interactions_parquet`.
    """
    source = str(path)
    zone = _options(source, time_zone=time_zone, on_error=on_error, batch_rows=batch_rows)
    reader = open_parquet(Path(path), columns=columns, zone=zone, source=source)
    return _results(
        reader.iter_parsed(batch_rows, _invariant_issues), source=source, on_error=on_error
    )


def interactions_from_arrow(
    data: object,
    *,
    columns: Mapping[str, str | None] | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    source: str = "<arrow>",
) -> LoadResult:
    """Build interaction records from Arrow data (needs the ``parquet`` extra).

    Parameters
    ----------
    data : pyarrow.Table, pyarrow.RecordBatch, pyarrow.RecordBatchReader or iterable of RecordBatch
        The records; column types as in `load_interactions_parquet`.
    columns, time_zone, on_error
        As in `load_interactions_csv`.
    source : str, default "<arrow>"
        What to call the input in messages.

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        As in `load_interactions_csv`, and if `data` is not Arrow data.
    ImportError
        If pyarrow is not installed.
    """
    zone = _options(source, time_zone=time_zone, on_error=on_error)
    reader = open_arrow(data, columns=columns, zone=zone, source=source)
    parsed, checked = reader.read_all(_BATCH_ROWS, _invariant_issues)
    return finish(parsed, source=source, on_error=on_error, checked=checked)


def interactions_from_dataframe(
    frame: object,
    *,
    columns: Mapping[str, str | None] | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    source: str | None = None,
) -> LoadResult:
    """Build interaction records from a pandas or polars data frame, through Arrow.

    Needs pyarrow (the ``parquet`` extra) and the frame's own library.  A pandas
    frame's index becomes a column unless it is a plain range, so a meaningful
    index is never dropped silently (map it to ``None`` to ignore it).

    Parameters
    ----------
    frame : pandas.DataFrame or polars.DataFrame
        The records; column types as in `load_interactions_parquet` after
        conversion to Arrow (pandas ``datetime64[ns, tz]`` and polars
        ``Datetime(time_zone=...)`` are times with a zone).
    columns, time_zone, on_error
        As in `load_interactions_csv`.
    source : str, optional
        What to call the input in messages; default ``<pandas.DataFrame>`` or
        ``<polars.DataFrame>``.

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
    zone = _options(name, time_zone=time_zone, on_error=on_error)
    table = frame_to_arrow(frame, kind=kind, source=name)
    reader = open_arrow(table, columns=columns, zone=zone, source=name)
    parsed, checked = reader.read_all(_BATCH_ROWS, _invariant_issues)
    return finish(parsed, source=name, on_error=on_error, checked=checked)


# --- options -------------------------------------------------------------------------


def _options(
    source: str, *, time_zone: str | None, on_error: str, batch_rows: int = _BATCH_ROWS
) -> ZoneInfo | None:
    """Check the keyword options; return the zone of naive times."""
    problems: list[Problem] = []
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
        try:
            zone = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            problems.append(
                Problem(
                    path="time_zone",
                    expected="an IANA time zone name such as 'Europe/London'",
                    found=repr(time_zone),
                )
            )
    if problems:
        raise LoadError(source, problems)
    return zone


# --- from parsed columns to a result -------------------------------------------------


def _results(
    parts: Iterator[tuple[Parsed, list[Issue]]], *, source: str, on_error: OnError
) -> Iterator[LoadResult]:
    first_row = 1
    for parsed, checked in parts:
        yield finish(
            parsed, source=source, on_error=on_error, first_row=first_row, checked=checked
        )
        first_row += parsed.n_rows


def finish(
    parsed: Parsed,
    *,
    source: str,
    on_error: OnError,
    first_row: int = 1,
    checked: list[Issue] | None = None,
) -> LoadResult:
    """Check the rows, then raise (strict) or set bad rows aside (quarantine).

    `checked` holds what `_invariant_issues` found if the reader ran it already
    (batch by batch); without it, it runs here.
    """
    n = parsed.n_rows
    arrays = _complete(parsed.arrays, n)
    if checked is None:
        checked = _invariant_issues(arrays, parsed.issues)
    issues = parsed.issues + _direction_issues(arrays, parsed.labels, parsed.issues) + checked
    labels = dict(parsed.labels)
    if not issues:
        if not set(labels.get("direction", ())) <= _DIRECTIONS:  # unused wrong labels
            arrays["direction"], labels["direction"] = _compact(
                arrays["direction"], labels["direction"]
            )
        table = _table(arrays, labels, source)
        return LoadResult(table=table, quarantined=_NOTHING, rows_read=n, source=source)
    problems, rows = _summarise(issues, first_row)
    if on_error == "strict":
        raise LoadError(source, problems)
    bad = np.zeros(n, dtype=bool)
    for found in issues:
        bad[found.rows] = True
    keep = ~bad
    arrays = {name: array[keep] for name, array in arrays.items()}
    for name in labels:
        arrays[name], labels[name] = _compact(arrays[name].astype(np.int32), labels[name])
    quarantined = QuarantinedRows(
        row_numbers=np.flatnonzero(bad) + first_row, problems=problems, rows_by_problem=rows
    )
    table = _table(arrays, labels, source)
    return LoadResult(table=table, quarantined=quarantined, rows_read=n, source=source)


def _table(
    arrays: Mapping[str, npt.NDArray[Any]], labels: Mapping[str, tuple[str, ...]], source: str
) -> InteractionTable:
    """Build the table of accepted rows, which `finish` has checked: no row is checked again.

    `arrays` hold codes that index `labels` (the readers and `_compact` number
    them so), no required category is missing (the readers report those), the
    direction labels are only inbound and outbound, and `_invariant_issues` found no
    accepted row that breaks a row invariant (`row_violations`).
    """
    try:
        return InteractionTable._from_checked(arrays, labels)
    except ModelError as exc:  # pragma: no cover - the readers produce the layout
        raise LoadError(source, exc.problems) from exc


def _complete(arrays: Mapping[str, npt.NDArray[Any]], n: int) -> dict[str, npt.NDArray[Any]]:
    """Return every column: those the input lacks are missing throughout."""
    return {
        # A column the input lacks is one value seen n times: a read-only view, no memory.
        c.name: arrays[c.name]
        if c.name in arrays
        else np.broadcast_to(_missing_column(c, 1), (n,))
        for c in INTERACTION_COLUMNS
    }


def _reported(found: list[Issue], n: int) -> typing.Callable[..., npt.NDArray[np.bool_]]:
    """Return `fine(*columns)`: the rows no issue in `found` reports for those columns."""
    reported: dict[str, npt.NDArray[np.bool_]] = {}

    def fine(*names: str) -> npt.NDArray[np.bool_]:
        ok = np.ones(n, dtype=bool)
        for name in names:
            if name not in reported:
                mask = np.zeros(n, dtype=bool)
                for i in found:
                    if i.column in (name, ""):
                        mask[i.rows] = True
                reported[name] = mask
            ok &= ~reported[name]
        return ok

    return fine


def _invariant_issues(arrays: Mapping[str, npt.NDArray[Any]], found: list[Issue]) -> list[Issue]:
    """Check the row invariants of `InteractionTable` (`row_violations`), per row, as masks.

    Rows already reported in `found` for a column a check reads (unreadable or
    missing values) are not reported again.  Any rows can be checked, a whole
    input or one batch; the category columns are not read.  Every reader
    reports infinite numbers as unreadable (CSV: "finite only"; Arrow: "finite
    numbers"), so the checks need not look for them.
    """
    n = len(arrays["offered_at"])
    fine = _reported(found, n)
    issues: list[Issue] = []
    for check, mask in row_violations(_complete(arrays, n), infinities_reported=True):
        issues += issue(
            check.path,
            mask & fine(*check.reads),
            # In an input a missing number is an empty cell (or null), not NaN.
            expected=check.expected.replace("or NaN", "or empty"),
            found=check.found,
            values=arrays[check.path] if check.example else None,
        )
    return issues


def _direction_issues(
    arrays: Mapping[str, npt.NDArray[Any]],
    labels: Mapping[str, tuple[str, ...]],
    found: list[Issue],
) -> list[Issue]:
    """Report rows whose direction is neither inbound nor outbound, so they can be set aside.

    `InteractionTable` checks the labels; rows already reported in `found` for
    the direction are not reported again.
    """
    names = labels.get("direction", ())
    unknown = np.array([label not in _DIRECTIONS for label in names] + [False])  # [-1]: missing
    if not unknown.any():
        return []
    codes = arrays["direction"]
    text = np.array([*names, ""], dtype=object)
    return issue(
        "direction",
        unknown[codes] & _reported(found, len(codes))("direction"),
        expected="'inbound' or 'outbound'",
        found="with another value",
        values=_LabelView(text, codes),
    )


class _LabelView:
    """Index a category column's labels by row without building the whole text column."""

    def __init__(self, labels: npt.NDArray[np.object_], codes: npt.NDArray[np.int32]) -> None:
        self.labels, self.codes = labels, codes

    def __getitem__(self, row: np.integer[Any]) -> object:
        return self.labels[self.codes[row]]


def _summarise(
    issues: list[Issue], first_row: int
) -> tuple[list[Problem], tuple[RowNumbers, ...]]:
    """Merge issues of the same kind (from several batches) into problems."""
    merged: dict[tuple[str, str, str, str | None], list[Issue]] = {}
    for found in issues:
        key = (found.column, found.expected, found.found, found.hint)
        merged.setdefault(key, []).append(found)
    problems: list[Problem] = []
    rows: list[RowNumbers] = []
    for (column, expected, what, hint), group in merged.items():
        numbers = np.sort(np.concatenate([g.rows for g in group])) + first_row
        example = next((g.example for g in group if g.example is not None), None)
        text = f"{_row_text(numbers)} {what}"
        if example is not None:
            text += f", such as {example}"
        problems.append(Problem(path=column, expected=expected, found=text, hint=hint))
        rows.append(numbers)
    return problems, tuple(rows)


def _row_text(numbers: RowNumbers) -> str:
    first = ", ".join(str(r) for r in numbers[:_FIRST_ROWS].tolist())
    noun = "row" if numbers.size == 1 else "rows"
    return f"{numbers.size} {noun} (first: {first})"


def _compact(
    codes: npt.NDArray[np.int32], labels: tuple[str, ...]
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    """Drop labels no row uses (after rows were set aside), renumbering the codes."""
    present = codes != MISSING_CODE
    used = np.bincount(codes[present], minlength=len(labels)) > 0
    if used.all():
        return codes, labels
    renumber = (np.cumsum(used) - 1).astype(np.int32)
    compacted = np.where(present, renumber[codes], MISSING_CODE).astype(np.int32)
    return compacted, tuple(label for label, keep in zip(labels, used, strict=True) if keep)


def _contains(rows: RowNumbers, row: int) -> bool:
    index = int(np.searchsorted(rows, row))
    return index < rows.size and int(rows[index]) == row


_NOTHING: Final = QuarantinedRows(row_numbers=np.zeros(0, dtype=np.int64))
