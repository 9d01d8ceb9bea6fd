"""Records named on the command line: CSV or Parquet files, or Parquet directories.

Interaction records: each file is loaded by the library's loaders (strict, or
quarantining bad rows), the accepted rows of every file are joined into one
table.  They are in our columns (renamed and relabelled by a column mapping
file, ``--columns``), or a platform's export (``--interactions-format``):
Amazon Connect contact records or Genesys Cloud conversation details, JSON
files or directories of them, for one client (``--client``).

Agent states and the schedule: one path each, loaded by `load_agent_states`
and `load_schedule` (a directory is one input).  What each load read,
accepted and set aside is kept for the report's provenance.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._model.columns import INTERACTION_COLUMNS
from .._progress import Progress
from ..errors import LoadError, Problem, ReportError

if TYPE_CHECKING:
    from .._io._finish import OnError
    from .._io._load_result import LoadResult
    from .._io.activity import ActivityLoadResult
    from .._io.column_mapping import ColumnMapping
    from .._model.interaction_table import InteractionTable

_PARQUET_SUFFIXES = (".parquet", ".pq")
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")

InteractionsFormat = Literal["table", "amazon-connect", "genesys-cloud"]
"""How ``--interactions`` files are written: our columns, or a platform's export."""
INTERACTIONS_FORMATS: tuple[InteractionsFormat, ...] = ("table", "amazon-connect", "genesys-cloud")

RecordLoad = tuple[str, str, int, int, int]
"""(kind, source, rows read, rows accepted, rows set aside), as `Provenance.record_loads`."""


@attrs.frozen(kw_only=True)
class LoadedRecords:
    """The interaction records of every file, joined, and how each file was loaded."""

    table: InteractionTable
    loads: tuple[LoadResult, ...]

    @property
    def record_loads(self) -> tuple[RecordLoad, ...]:
        """Return the load summary of every file, in the order read."""
        return tuple(
            ("interactions", r.source, r.rows_read, len(r.table), len(r.quarantined))
            for r in self.loads
        )


def files_of(paths: Sequence[Path], *, json: bool = False) -> list[Path]:
    """Return the files the paths name: each file itself, a directory's files sorted.

    A directory's ``.parquet`` files; with `json`, files of JSON records
    (``.json``, ``.jsonl``, ``.ndjson``) instead of CSV and Parquet files.

    Raises
    ------
    LoadError
        If a path does not exist, a directory holds none of those files, or a
        file has another suffix.
    """
    in_folders = _JSON_SUFFIXES if json else _PARQUET_SUFFIXES
    accepted = _JSON_SUFFIXES if json else (".csv", *_PARQUET_SUFFIXES)
    kinds = "JSON (.json, .jsonl, .ndjson)" if json else ".parquet"
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in in_folders)
            if not found:
                raise LoadError(
                    str(path),
                    [Problem(path="", expected=f"a directory of {kinds} files", found="none")],
                )
            files.extend(found)
        elif not path.exists():
            raise LoadError(str(path), [Problem(path="", expected="a file", found="nothing")])
        elif path.suffix.lower() not in accepted:
            expected = f"a {kinds} file" if json else "a .csv or .parquet file"
            problem = Problem(path="", expected=expected, found=f"suffix {path.suffix!r}")
            raise LoadError(str(path), [problem])
        else:
            files.append(path)
    return files


def load_interactions(
    paths: Sequence[Path],
    *,
    on_error: str,
    time_zone: str | None,
    progress: Progress | None = None,
    source_format: InteractionsFormat = "table",
    client_id: str | None = None,
    mapping: ColumnMapping | None = None,
) -> LoadedRecords:
    """Load every interaction file the paths name and join their accepted rows.

    `source_format` says how the files are written; a platform's export needs
    `client_id`, and takes only the label mappings (`ColumnMapping.values`)
    of `mapping`.

    Raises
    ------
    LoadError
        As the library's loaders do (strict mode: any bad row).
    """
    from .. import (
        load_amazon_connect,
        load_genesys_cloud,
        load_interactions_csv,
        load_interactions_parquet,
    )

    mode: OnError = "quarantine" if on_error == "quarantine" else "strict"
    results = []
    platform = source_format != "table"
    for file in files_of(paths, json=platform):
        if platform:
            read = load_amazon_connect if source_format == "amazon-connect" else load_genesys_cloud
            values = mapping.values if mapping is not None else None
            results.append(
                read(
                    file,
                    client_id=client_id or "",
                    values=values,
                    on_error=mode,
                    progress=progress,
                )
            )
        elif file.suffix.lower() == ".csv":
            results.append(
                load_interactions_csv(
                    file, columns=mapping, on_error=mode, time_zone=time_zone, progress=progress
                )
            )
        else:
            results.append(
                load_interactions_parquet(
                    file, columns=mapping, on_error=mode, time_zone=time_zone, progress=progress
                )
            )
    return LoadedRecords(table=_joined([r.table for r in results]), loads=tuple(results))


def _joined(tables: list[InteractionTable]) -> InteractionTable:
    """Return one table holding the rows of `tables`, in order."""
    if len(tables) == 1:
        return tables[0]
    import numpy as np

    from .._model.interaction_table import InteractionTable

    columns: dict[str, object] = {}
    for column in INTERACTION_COLUMNS:
        parts = []
        for table in tables:
            values = table[column.name]
            if column.kind == "category":
                labels = np.array([*table.categories(column.name), None], dtype=object)
                parts.append(labels[values])  # code -1 picks the trailing None
            else:
                parts.append(values)
        columns[column.name] = np.concatenate(parts)
    return InteractionTable.from_columns(**columns)


def load_activity(
    path: Path, kind: Literal["agent_states", "schedule"], *, on_error: str, time_zone: str | None
) -> ActivityLoadResult[Any]:
    """Load agent states or the schedule from one CSV or Parquet file, or a Parquet directory.

    Raises
    ------
    LoadError
        If the path does not exist or is neither ``.csv``, ``.parquet`` nor a
        directory, and as the library's loaders do (strict mode: any bad row).
    """
    from .. import load_agent_states, load_schedule

    files_of([path])  # the same checks of the path as for interaction records
    mode: OnError = "quarantine" if on_error == "quarantine" else "strict"
    loader = load_agent_states if kind == "agent_states" else load_schedule
    return loader(path, on_error=mode, time_zone=time_zone)


def activity_load(kind: str, result: ActivityLoadResult[Any]) -> RecordLoad:
    """Return the load summary of agent states or a schedule, as `Provenance.record_loads`."""
    return (kind, result.source, result.rows_read, len(result.table), len(result.quarantined))


def quarantine_csv(loads: Sequence[LoadResult | ActivityLoadResult[Any]]) -> str:
    """Return the rows set aside as CSV: source, row number (from 1), and the reasons.

    Reasons name the column and what was expected; the rejected values are not
    repeated, since they may be personal data.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "row", "reasons"])
    for load in loads:
        q = load.quarantined
        reasons: dict[int, list[str]] = {}
        for problem, rows in zip(q.problems, q.rows_by_problem, strict=True):
            reason = (
                f"{problem.path}: expected {problem.expected}"
                if problem.path
                else (f"expected {problem.expected}")
            )
            for row in rows.tolist():
                reasons.setdefault(row, []).append(reason)
        for row in q.row_numbers.tolist():
            writer.writerow([load.source, row, "; ".join(reasons.get(row, []))])
    return out.getvalue()


def write_quarantine(path: Path, loads: Sequence[LoadResult | ActivityLoadResult[Any]]) -> None:
    """Write `quarantine_csv` to `path`.

    Raises
    ------
    ReportError
        If the file cannot be written.
    """
    try:
        path.write_text(quarantine_csv(loads), encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: expected a writable file, found {exc.strerror}") from exc
