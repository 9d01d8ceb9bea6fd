"""Loading agent activity: recorded agent states and the planned schedule, from CSV or Parquet.

`load_agent_states` builds an `AgentStateTable`, `load_schedule` a
`ScheduleTable`, from a CSV file, a Parquet file or a directory of Parquet
files.  They follow the interaction loaders (`load_interactions_csv`): every
problem with the input as a whole (unreadable file, unknown or missing
columns, a column of the wrong type) raises `LoadError`; with
``on_error="strict"`` (the default) any bad row raises one `LoadError` listing
every problem, with ``on_error="quarantine"`` bad rows are set aside with their
reasons and the rest are returned.  Rows are checked with vectorised masks:
missing agents, unknown states or activities, missing or unreadable times,
segments that end before they start, and segments of one agent that overlap
an earlier one (checked among the rows that pass every other check, so
setting a row aside never makes another one bad).

Row numbers count data rows from 1, as in `load_interactions_csv`.  A
directory is read as one input: its ``.parquet`` (and ``.pq``) files in name
order, rows numbered on through the files; each problem names the files its
rows are in.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Generic, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from .. import _namespaces
from .._model._segment_checks import overlapping
from .._model.activity import AgentStateTable, ScheduleTable
from .._progress import Progress
from ..errors import LoadError, ModelError, Problem
from . import _load_display
from ._activity_read import Read, joined, read_csv_segments, read_parquet_segments
from ._finish import OnError
from ._issues import Issue, issue, summarise
from ._load_result import QuarantinedRows
from .interactions import check_options

T = TypeVar("T", AgentStateTable, ScheduleTable)

_PARQUET: Final = (".parquet", ".pq")
_NAT: Final = np.iinfo(np.int64).min


@typing.final
@attrs.frozen(kw_only=True, eq=False)
class ActivityLoadResult(Generic[T]):
    """What loading agent states or a schedule produced: accepted rows, rows set aside, rows read.

    The counterpart of `LoadResult` for `load_agent_states` (whose table is an
    `AgentStateTable`) and `load_schedule` (a `ScheduleTable`).

    Parameters
    ----------
    table : AgentStateTable or ScheduleTable
        The accepted rows, in input order.
    quarantined : QuarantinedRows
        The rows set aside (always empty with ``on_error="strict"``).
    rows_read : int
        Data rows in the input.  Always ``len(table) + len(quarantined)``.
    source : str
        The file or directory name.

    Raises
    ------
    ModelError
        If `rows_read` does not equal the accepted plus the quarantined rows.
    """

    table: T
    quarantined: QuarantinedRows
    rows_read: int
    source: str

    def __repr__(self) -> str:
        return _load_display.load_repr(self)

    def _repr_html_(self) -> str:
        return _load_display.load_html(self)

    def __attrs_post_init__(self) -> None:
        accounted = len(self.table) + len(self.quarantined)
        if accounted != self.rows_read:
            raise ModelError(
                "ActivityLoadResult",
                [
                    Problem(
                        path="rows_read",
                        expected="accepted plus quarantined rows",
                        found=f"{self.rows_read} rows read, {accounted} accounted for",
                    )
                ],
            )


def load_agent_states(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    delimiter: str = ",",
    encoding: str = "utf-8",
    progress: Progress | None = None,
) -> ActivityLoadResult[AgentStateTable]:
    """Load recorded agent states from a CSV file, a Parquet file or a directory of Parquet files.

    The input has one row per segment of an agent's timeline, in the columns
    ``agent_id`` (text), ``state`` (an `AgentState` value, such as
    ``handling``), ``started_at`` and ``ended_at`` (times; the segment is
    ``[started_at, ended_at)``).  Segments of one agent may not overlap.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.parquet`` or ``.pq`` file, a directory of them, or else a CSV file
        whose first row names the columns.
    columns : mapping or None, optional
        Input column names mapped to ours (``{"login": "agent_id"}``); an
        input column mapped to ``None`` is ignored.  Columns not in the
        mapping keep their names.  A column that is neither ours nor mapped
        is an error.
    time_zone : str, optional
        IANA zone (such as ``"Europe/Dublin"``) of times written without a UTC
        offset (or Parquet timestamps without a zone).  Without it such times
        are an error; local times skipped or repeated by a daylight-saving
        change are errors, never guessed.
    on_error : {"strict", "quarantine"}, default "strict"
        ``"strict"`` raises one `LoadError` for any bad row; ``"quarantine"``
        sets bad rows aside in `ActivityLoadResult.quarantined`.
    delimiter : str, optional
        The CSV field separator (one character); a comma by default.
    encoding : str, default "utf-8"
        The CSV file's text encoding.
    progress : Progress or None, default None
        Called with ``(rows, None, "read rows")`` after each file of a
        directory is read, and last with ``(rows, rows, "read rows")`` once
        the whole input is read.

    Returns
    -------
    ActivityLoadResult
        Its `table` an `AgentStateTable`.

    Raises
    ------
    LoadError
        Naming the file, and for bad rows the column, the number of rows and
        the first row numbers: if the input cannot be read, its columns do not
        match, or (strict mode) any row is bad.
    ImportError
        If a Parquet input is given and pyarrow is not installed.

    Notes
    -----
    CSV cells are read as in `load_interactions_csv` (times in ISO 8601 with
    ``Z`` or an offset; text as written); an empty cell is missing, which no
    column allows.  Parquet columns: text or dictionary-encoded text for
    ``agent_id`` and ``state``; timestamps with a time zone (or, with
    `time_zone`, without one; or ISO 8601 text) for the times.  Nulls are
    missing.

    Examples
    --------
    >>> load_agent_states("no-such-file.csv")
    Traceback (most recent call last):
    ...
    iso18295.errors.LoadError: no-such-file.csv: expected a readable file, found ...
    """
    return _load(
        AgentStateTable, path, columns, time_zone, on_error, delimiter, encoding, progress
    )


def load_schedule(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    time_zone: str | None = None,
    on_error: OnError = "strict",
    delimiter: str = ",",
    encoding: str = "utf-8",
    progress: Progress | None = None,
) -> ActivityLoadResult[ScheduleTable]:
    """Load the planned schedule from a CSV file, a Parquet file or a directory of Parquet files.

    As `load_agent_states`, with an ``activity`` column (a `ScheduledActivity`
    value, such as ``contact_work``) instead of ``state``.

    Parameters
    ----------
    path, columns, time_zone, on_error, delimiter, encoding, progress
        As in `load_agent_states`.

    Returns
    -------
    ActivityLoadResult
        Its `table` a `ScheduleTable`.

    Raises
    ------
    LoadError
        As in `load_agent_states`.
    ImportError
        If a Parquet input is given and pyarrow is not installed.
    """
    return _load(ScheduleTable, path, columns, time_zone, on_error, delimiter, encoding, progress)


# --- reading --------------------------------------------------------------------------


def _load(
    cls: type[T],
    path: str | os.PathLike[str],
    columns: Mapping[str, str | None] | None,
    time_zone: str | None,
    on_error: str,
    delimiter: str,
    encoding: str,
    progress: Progress | None = None,
) -> ActivityLoadResult[T]:
    source = str(path)
    zone = check_options(source, time_zone=time_zone, on_error=on_error)
    names = ("agent_id", cls._KIND, "started_at", "ended_at")
    location = Path(path)
    if location.is_dir():
        files = sorted(p for p in location.iterdir() if p.suffix.lower() in _PARQUET)
        if not files:
            raise LoadError(
                source, [Problem(path="", expected="a directory of .parquet files", found="none")]
            )
        parts = []
        done = 0
        for file in files:  # one call per file, never per record
            parts.append(read_parquet_segments(file, names, columns, zone, str(file)))
            done += len(parts[-1].agents)
            if progress is not None:
                progress(done, None, "read rows")
        read = joined(parts, tuple(f.name for f in files))
    elif location.suffix.lower() in _PARQUET:
        read = read_parquet_segments(location, names, columns, zone, source)
    else:
        read = read_csv_segments(location, names, columns, zone, delimiter, encoding, source)
    if progress is not None:
        progress(len(read.agents), len(read.agents), "read rows")
    return _finish(cls, read, source, "quarantine" if on_error == "quarantine" else "strict")


# --- checking -------------------------------------------------------------------------


def _finish(cls: type[T], read: Read, source: str, on_error: OnError) -> ActivityLoadResult[T]:
    """Check the rows, then raise (strict) or set bad rows aside (quarantine)."""
    kind = cls._KIND
    vocabulary = cls._VOCABULARY
    n = len(read.agents)
    issues = list(read.issues)
    known = {word: code for code, word in enumerate(vocabulary)}
    words, inverse = np.unique(read.kinds.astype(str), return_inverse=True)
    lookup = np.array([known.get(str(w), -1) for w in words] + [-1], dtype=np.int32)
    kind_codes = lookup[inverse.reshape(-1)] if n else np.zeros(0, dtype=np.int32)
    issues += issue(
        kind,
        (kind_codes < 0) & (read.kinds != ""),
        expected=f"one of {', '.join(vocabulary)}",
        found="with another value",
        values=read.kinds,
    )
    bad = _rows_of(issues, n, "")
    timed = ~(bad | _rows_of(issues, n, "started_at") | _rows_of(issues, n, "ended_at"))
    backwards = timed & (read.ended < read.started)
    issues += issue(
        "ended_at",
        backwards,
        expected="a time not before started_at",
        found="with an earlier one",
    )
    for found in issues:
        bad[found.rows] = True
    agents, labels = _agent_codes(read.agents)
    overlaps = overlapping(agents, read.started, read.ended, ~bad)
    issues += issue(
        "started_at",
        overlaps,
        expected="no overlap with the agent's other segments",
        found="starting before an earlier segment of the same agent ends",
    )
    bad |= overlaps
    if issues:
        problems, rows = summarise(issues, 1)
        if read.files:
            problems = [_in_files(p, r, read.files) for p, r in zip(problems, rows, strict=True)]
        if on_error == "strict":
            raise LoadError(source, problems)
        quarantined = QuarantinedRows(
            row_numbers=np.flatnonzero(bad) + 1, problems=problems, rows_by_problem=rows
        )
    else:
        quarantined = QuarantinedRows(row_numbers=np.zeros(0, dtype=np.int64))
    keep = ~bad
    kept_agents, kept_labels = _agent_codes(read.agents[keep]) if bad.any() else (agents, labels)
    table = cls(
        {
            "agent_id": kept_agents,
            kind: kind_codes[keep].astype(np.int32),
            "started_at": read.started[keep].view("datetime64[ns]"),
            "ended_at": read.ended[keep].view("datetime64[ns]"),
        },
        kept_labels,
    )
    return ActivityLoadResult(table=table, quarantined=quarantined, rows_read=n, source=source)


def _rows_of(issues: list[Issue], n: int, column: str) -> npt.NDArray[np.bool_]:
    mask = np.zeros(n, dtype=np.bool_)
    for found in issues:
        if found.column == column:
            mask[found.rows] = True
    return mask


def _agent_codes(
    agents: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    """Return int32 codes into the sorted agent labels ("" is not a label: code -1)."""
    labels, inverse = np.unique(agents.astype(str), return_inverse=True)
    codes = inverse.reshape(-1).astype(np.int32)
    kept = [str(x) for x in labels]
    if kept and kept[0] == "":
        kept.pop(0)
        codes -= 1
    return codes, tuple(kept)


def _in_files(
    problem: Problem, rows: npt.NDArray[np.int64], files: tuple[tuple[str, int], ...]
) -> Problem:
    """Name the files of a directory in which a problem's rows are."""
    ends = np.cumsum([count for _, count in files])
    which = np.unique(np.searchsorted(ends, rows - 1, side="right"))
    names = [files[i][0] for i in which.tolist()]
    return attrs.evolve(problem, found=f"{problem.found}, in {', '.join(names)}")


_namespaces.publish_lazy(__name__)
