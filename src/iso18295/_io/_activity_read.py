"""Reading agent activity inputs into text and UTC-time columns, for `activity.py` to check.

CSV files are read with `csv` (`_csv.read_records`) and their times converted
as in the interaction loaders (`_text.convert_text`); Parquet files are read
with pyarrow, their schema checked first (names, then types).  Each reader
returns a `Read`: agents and states (or activities) as text, times as int64
UTC nanoseconds (NaT as the minimum), and an `Issue` per kind of bad value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import numpy.typing as npt

from .._model.columns import Column
from ..errors import LoadError, Problem
from ._arrow_types import import_parquet, import_pyarrow, is_text
from ._csv import read_records
from ._issues import Issue, issue
from ._text import convert_text


@attrs.define
class Read:
    """The columns of an input as text (agents, kinds) and UTC times, with what was wrong."""

    agents: npt.NDArray[np.object_]
    kinds: npt.NDArray[np.object_]
    started: npt.NDArray[np.int64]
    ended: npt.NDArray[np.int64]
    issues: list[Issue]
    files: tuple[tuple[str, int], ...] = ()  # (name, rows) per file of a directory


def _resolve(
    found: Sequence[str], names: tuple[str, ...], columns: Mapping[str, str | None] | None
) -> tuple[dict[str, str], list[Problem]]:
    """Map the input's columns to ours; report every naming problem."""
    mapping = dict(columns or {})
    problems: list[Problem] = []
    repeated = sorted({n for n in found if found.count(n) > 1})
    if repeated:
        problems.append(
            Problem(path="", expected="each column name once", found=f"repeated {repeated}")
        )
    absent = sorted(set(mapping) - set(found))
    if absent:
        problems.append(
            Problem(
                path="columns",
                expected="names of columns the input has",
                found=f"{absent}, which it does not have",
            )
        )
    wrong = sorted({v for v in mapping.values() if v is not None} - set(names))
    if wrong:
        problems.append(
            Problem(
                path="columns",
                expected=f"our column names ({', '.join(names)}) or None to ignore a column",
                found=str(wrong),
            )
        )
    used = {n: mapping.get(n, n) for n in found if mapping.get(n, n) is not None}
    unknown = sorted(n for n, ours in used.items() if ours not in names)
    if unknown:
        problems.append(
            Problem(
                path="",
                expected=f"the columns {', '.join(names)}",
                found=f"unknown columns {unknown}",
                hint="map them with columns= (to None to ignore them)",
            )
        )
    missing = [n for n in names if n not in used.values()]
    if missing:
        problems.append(
            Problem(path="", expected=f"the columns {', '.join(names)}", found=f"no {missing}")
        )
    return {n: ours for n, ours in used.items() if ours is not None and ours in names}, problems


def _time_column(name: str) -> Column:
    return Column(name=name, kind="timestamp", description="", required=True)


def _times(
    name: str, text: npt.NDArray[np.object_], zone: ZoneInfo | None
) -> tuple[npt.NDArray[np.int64], list[Issue]]:
    array, _, found = convert_text(_time_column(name), text, zone=zone)
    return array.view(np.int64), found


def _missing(name: str, values: npt.NDArray[np.object_]) -> list[Issue]:
    empty = np.fromiter((v == "" for v in values), dtype=np.bool_, count=len(values))
    return issue(name, empty, expected="a value in every row", found="with no value")


def read_csv_segments(
    file: Path,
    names: tuple[str, ...],
    columns: Mapping[str, str | None] | None,
    zone: ZoneInfo | None,
    delimiter: str,
    encoding: str,
    source: str,
) -> Read:
    header, records = read_records(file, delimiter=delimiter, encoding=encoding, source=source)
    used, problems = _resolve(header, names, columns)
    if problems:
        raise LoadError(source, problems)
    n, width = len(records), len(header)
    ragged = np.fromiter((len(r) != width for r in records), dtype=np.bool_, count=n)
    issues = issue(
        "",
        ragged,
        expected=f"{width} fields in every row, as in the header",
        found="with another number of fields",
    )
    index = {ours: header.index(theirs) for theirs, ours in used.items()}
    text = {}
    for ours, i in index.items():
        values = np.empty(n, dtype=object)
        values[:] = [r[i] if len(r) == width else "" for r in records]
        text[ours] = values
    started, found = _times("started_at", text["started_at"], zone)
    ended, more = _times("ended_at", text["ended_at"], zone)
    issues += [
        attrs.evolve(i, rows=i.rows[~ragged[i.rows]])
        for i in found + more
        if (~ragged[i.rows]).any()
    ]
    kind = names[1]
    for name in ("agent_id", kind):
        issues += [
            attrs.evolve(i, rows=i.rows[~ragged[i.rows]])
            for i in _missing(name, text[name])
            if (~ragged[i.rows]).any()
        ]
    return Read(text["agent_id"], text[kind], started, ended, issues)


def read_parquet_segments(
    file: Path,
    names: tuple[str, ...],
    columns: Mapping[str, str | None] | None,
    zone: ZoneInfo | None,
    source: str,
) -> Read:
    pa, pc = import_pyarrow()
    pq = import_parquet()
    try:
        with pq.ParquetFile(file) as parquet:
            schema = parquet.schema_arrow
            used, problems = _resolve(list(schema.names), names, columns)
            if problems:
                raise LoadError(source, problems)
            for theirs, ours in used.items():
                problem = _type_problem(pa, ours, schema.field(theirs).type, zone)
                if problem is not None:
                    problems.append(problem)
            if problems:
                raise LoadError(source, problems)
            table = parquet.read(columns=list(used))
    except (OSError, pa.ArrowException) as exc:
        found = getattr(exc, "strerror", None) or type(exc).__name__
        if isinstance(exc, pa.ArrowInvalid):
            found = "a file that is not Parquet (or is damaged)"
        raise LoadError(
            source, [Problem(path="", expected="a readable Parquet file", found=found)]
        ) from exc
    ours_of = {ours: table.column(theirs) for theirs, ours in used.items()}
    issues: list[Issue] = []
    text = {}
    for name in (names[0], names[1]):
        column = ours_of[name]
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        values = column.cast(pa.string()).to_numpy(zero_copy_only=False).astype(object)
        values[values == None] = ""  # noqa: E711 - elementwise on an object array
        text[name] = values
        issues += _missing(name, values)
    times = {}
    for name in ("started_at", "ended_at"):
        column = ours_of[name]
        if pa.types.is_timestamp(column.type):
            if column.type.tz is None:  # wall-clock times in `zone`: read as text, localized
                local = column.cast(pa.timestamp("ns")).to_numpy(zero_copy_only=False)
                values = np.datetime_as_string(local, unit="ns").astype(object)
                values[np.isnat(local)] = ""
            else:
                instants = pc.cast(column, pa.timestamp("ns", tz="UTC"))
                utc = instants.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
                found = issue(
                    name, np.isnat(utc), expected="a value in every row", found="with no value"
                )
                times[name], issues = utc.view(np.int64), issues + found
                continue
        else:
            values = column.cast(pa.string()).to_numpy(zero_copy_only=False).astype(object)
            values[values == None] = ""  # noqa: E711 - elementwise on an object array
        times[name], found = _times(name, values, zone)
        issues += found
    return Read(text[names[0]], text[names[1]], times["started_at"], times["ended_at"], issues)


def _type_problem(pa: Any, name: str, kind: Any, zone: ZoneInfo | None) -> Problem | None:
    """Return the problem with filling column `name` from Arrow type `kind`, or None."""
    if pa.types.is_null(kind) or is_text(pa, kind):
        return None
    if name in ("started_at", "ended_at"):
        if pa.types.is_timestamp(kind) and (kind.tz is not None or zone is not None):
            return None
        hint = None
        if pa.types.is_timestamp(kind):
            hint = "pass time_zone= with the IANA zone the times were recorded in"
        return Problem(
            path=name,
            expected="timestamps with a time zone (or ISO 8601 text)",
            found=f"type {kind}",
            hint=hint,
        )
    if pa.types.is_dictionary(kind) and is_text(pa, kind.value_type):
        return None
    return Problem(
        path=name,
        expected="text or dictionary-encoded text",
        found=f"type {kind}",
        hint="cast ids to text" if pa.types.is_integer(kind) else None,
    )


def joined(parts: list[Read], names: tuple[str, ...]) -> Read:
    """Join the reads of a directory's files, numbering rows on through them."""
    issues: list[Issue] = []
    start = 0
    for part in parts:
        issues += [attrs.evolve(i, rows=i.rows + start) for i in part.issues]
        start += len(part.agents)
    return Read(
        np.concatenate([p.agents for p in parts]),
        np.concatenate([p.kinds for p in parts]),
        np.concatenate([p.started for p in parts]),
        np.concatenate([p.ended for p in parts]),
        issues,
        tuple((name, len(p.agents)) for name, p in zip(names, parts, strict=True)),
    )
