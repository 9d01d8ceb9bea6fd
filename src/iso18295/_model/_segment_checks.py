"""Row checks of agent activity tables: conversion, vectorised masks, per-row problems.

`AgentStateTable` and `ScheduleTable` (`iso18295._model.activity`) convert
their columns here.  Each check builds a mask of bad rows with numpy; every bad
row becomes one `Problem` whose path is ``[row].field`` (rows counted from 0),
up to `LISTED` per check, then one more counting the rest.  A row or field
already reported is not reported again.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..errors import Problem

LISTED: Final = 100
"""Bad rows listed one by one per check; further ones are counted, with the first few."""
_NS: Final = 1_000_000_000
_NAT: Final = np.iinfo(np.int64).min

IntArray = npt.NDArray[np.int64]


def agent_time_order(
    agents: npt.NDArray[np.integer[Any]], times: IntArray
) -> npt.NDArray[np.intp]:
    """Return the stable order of rows by agent code, then by time (int64 nanoseconds).

    One ``argsort`` of a combined ``int64`` key ``agent * span + (time - first)``
    when it cannot overflow, else ``numpy.lexsort``.
    """
    if agents.size == 0:
        return np.empty(0, dtype=np.intp)
    low, high = int(times.min()), int(times.max())
    span = high - low + 1
    if (int(agents.max()) + 1) * span < 2**62:
        key = agents.astype(np.int64) * span
        key += times - low
        return np.argsort(key, kind="stable")
    return np.lexsort((times, agents))


class Findings:
    """Problems found so far; a row or field reported once is not reported again."""

    def __init__(self, known: list[Problem]) -> None:
        self.problems = list(known)
        self._seen = {p.path for p in known}

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            row = problem.path.split(".", 1)[0]
            if problem.path not in self._seen and row not in self._seen:
                self.problems.append(problem)
                self._seen.add(problem.path)


def read_only(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    if array.flags.writeable:
        array = array.copy() if array.base is not None else array
        array.flags.writeable = False
    return array


def length_of(values: object) -> int | None:
    if isinstance(values, list | tuple):
        return len(values)
    array = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    return int(array.shape[0]) if array.ndim == 1 else None


def as_objects(values: object) -> npt.NDArray[Any]:
    if isinstance(values, np.ndarray):
        return values
    array = np.empty(len(typing.cast("Sequence[object]", values)), dtype=object)
    array[:] = list(typing.cast("Sequence[object]", values))
    return array


def described(value: object) -> str:
    if isinstance(value, str):
        return f"a {len(value)}-character string"
    return f"a value of type {type(value).__name__}"


def fields_of(record: object, names: tuple[str, ...]) -> tuple[object, ...] | None:
    if isinstance(record, Mapping):
        if set(record) != set(names):
            return None
        return tuple(record[name] for name in names)
    if isinstance(record, tuple | list) and len(record) == len(names):
        return tuple(record)
    return None


def utc_moment(value: object, path: str, problems: list[Problem]) -> object:
    """Return an aware datetime as a naive UTC one for numpy; record a problem and NaT if not."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, datetime):
        problems.append(
            Problem(
                path=path,
                expected="an aware datetime (with a time zone)",
                found=f"a naive datetime {value.isoformat()}",
                hint="give it a time zone, e.g. tzinfo=zoneinfo.ZoneInfo('Europe/Dublin')",
            )
        )
    else:
        problems.append(Problem(path=path, expected="an aware datetime", found=described(value)))
    return np.datetime64("NaT")


def _row_of(path: str) -> float:
    return int(path[1 : path.index("]")]) if path.startswith("[") else math.inf


def in_row_order(problems: list[Problem]) -> list[Problem]:
    """Order per-row problems by row, then the counts of rows not listed (stable sort)."""
    return sorted(problems, key=lambda p: _row_of(p.path))


def listed(
    mask: npt.NDArray[np.bool_],
    field: str,
    expected: str,
    found: Callable[[npt.NDArray[np.intp]], list[str]],
) -> Iterator[Problem]:
    """Yield a problem per bad row (up to `LISTED`), then one counting the rest."""
    rows = np.flatnonzero(mask)
    shown = rows[:LISTED]
    for row, text in zip(shown.tolist(), found(shown), strict=True):
        yield Problem(path=f"[{row}].{field}", expected=expected, found=text)
    if rows.size > LISTED:
        rest = rows[LISTED:]
        first = ", ".join(str(r) for r in rest[:3].tolist())
        yield Problem(
            path=field,
            expected=expected,
            found=f"{rest.size} more rows like the {LISTED} listed (first: {first})",
        )


def _all(text: str) -> Callable[[npt.NDArray[np.intp]], list[str]]:
    return lambda rows: [text] * rows.size


def encode_agents(
    values: object, found: Findings
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    array = as_objects(values)
    if array.dtype.kind == "U":
        missing = array == ""
        labels, inverse = np.unique(array, return_inverse=True)
    else:
        text = np.fromiter((isinstance(x, str) for x in array), bool, array.size)
        other = ~text & (array != None)  # noqa: E711 - elementwise on an object array
        found.add(
            listed(
                other,
                "agent_id",
                "an agent id (a string)",
                lambda rows: [described(x) for x in array[rows]],
            )
        )
        missing = ~text | (array == "")
        missing &= ~other
        labels, inverse = np.unique(np.where(text, array, ""), return_inverse=True)
    found.add(listed(missing, "agent_id", "an agent id", _all("none")))
    codes = inverse.astype(np.int32)
    kept = [str(x) for x in labels]
    if kept and kept[0] == "":  # "" stands for every missing or unusable id: not a label
        kept.pop(0)
        codes -= 1
    return codes, tuple(kept)


def encode_vocabulary(
    values: object,
    field: str,
    vocabulary: tuple[str, ...],
    found: Findings,
) -> npt.NDArray[np.int32]:
    array = as_objects(values)
    if array.dtype.kind != "U":
        text = np.fromiter((isinstance(x, str) for x in array), bool, array.size)
        array = array.copy()
        array[~text] = None
    known = {word: code for code, word in enumerate(vocabulary)}
    uniques, inverse = np.unique(array.astype(str), return_inverse=True)
    lookup = np.array([known.get(str(u), -1) for u in uniques], dtype=np.int32)
    codes = lookup[inverse] if uniques.size else np.empty(0, np.int32)
    original = as_objects(values)
    words = ", ".join(vocabulary)
    found.add(
        listed(
            codes < 0,
            field,
            f"one of {words}",
            lambda rows: [repr(x) if isinstance(x, str) else described(x) for x in original[rows]],
        )
    )
    return codes.astype(np.int32)


def timestamps(values: object, field: str, found: Findings) -> IntArray | None:
    """Return the column as int64 UTC nanoseconds (NaT as the minimum), or None if unusable."""
    array = np.asarray(values)
    if array.size == 0:
        return np.empty(0, dtype=np.int64)
    if array.dtype.kind != "M":
        hint = "; use from_records for datetime objects" if array.dtype == object else ""
        found.add(
            [
                Problem(
                    path=field,
                    expected="datetime64 values (UTC)",
                    found=f"an array of dtype {array.dtype}{hint}",
                )
            ]
        )
        return None
    converted = array.astype("datetime64[ns]")
    lost = (converted.astype(array.dtype) != array) & ~np.isnat(array)
    if lost.any():
        found.add(
            listed(
                lost,
                field,
                "a time datetime64[ns] holds exactly (years 1678 to 2262)",
                lambda rows: [str(x) for x in array[rows]],
            )
        )
        converted[lost] = np.datetime64("NaT")
    found.add(listed(np.isnat(converted), field, "a time", _all("none")))
    return converted.view(np.int64)


def time_problems(
    agents: npt.NDArray[np.int32], labels: tuple[str, ...], started: IntArray, ended: IntArray
) -> Iterator[Problem]:
    """Check that segments do not end before they start, nor overlap within an agent."""
    timed = (started != _NAT) & (ended != _NAT)
    backwards = timed & (ended < started)
    yield from listed(
        backwards,
        "ended_at",
        "a time not before started_at",
        lambda rows: [f"one {_seconds(started[r] - ended[r])} before it" for r in rows.tolist()],
    )
    mask, other = _overlaps(agents, started, ended, timed)
    if not mask.any():
        return

    def found(rows: npt.NDArray[np.intp]) -> list[str]:
        return [
            f"it starts {_seconds(ended[other[r]] - started[r])} before row {other[r]}"
            f" of agent {labels[agents[r]]!r} ends"
            for r in rows.tolist()
        ]

    yield from listed(mask, "started_at", "no overlap with the agent's other segments", found)


def overlapping(
    agents: npt.NDArray[np.int32],
    started: IntArray,
    ended: IntArray,
    usable: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Return the rows among `usable` that overlap an earlier segment of their agent.

    Rows not `usable`, of no agent (code -1) or of zero length are never compared.
    """
    return _overlaps(agents, started, ended, usable)[0]


def _overlaps(
    agents: npt.NDArray[np.int32],
    started: IntArray,
    ended: IntArray,
    usable: npt.NDArray[np.bool_],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Return the rows that overlap an earlier segment of their agent, and that segment's row."""
    mask = np.zeros(agents.size, dtype=np.bool_)
    other = np.full(agents.size, -1, dtype=np.int64)
    rows = np.flatnonzero(usable & (ended > started) & (agents >= 0))  # zero length: no time
    order = rows[agent_time_order(agents[rows], started[rows])]
    a, s, e = agents[order], started[order], ended[order]
    same = a[1:] == a[:-1]
    if not (same & (s[1:] < e[:-1])).any():  # no consecutive overlap, so no overlap at all
        return mask, other
    # A segment overlaps an earlier one of its agent iff it starts before the latest end so far.
    # Times are ranked so that (agent block, rank) packs into one int64 without overflow.
    n = order.size
    _, ranks = np.unique(np.concatenate([s, e]), return_inverse=True)
    block = np.cumsum(np.concatenate([[0], ~same]))
    width = 2 * n
    packed_start = block * width + ranks[:n]
    packed_end = block * width + ranks[n:]
    latest = np.maximum.accumulate(packed_end)
    bad = np.concatenate([[False], packed_start[1:] < latest[:-1]])
    rises = np.concatenate([[True], packed_end[1:] > latest[:-1]])
    holder = np.maximum.accumulate(np.where(rises, np.arange(n), 0))
    mask[order[bad]] = True
    other[order[bad]] = order[holder[np.flatnonzero(bad) - 1]]
    return mask, other


def _seconds(nanoseconds: object) -> str:
    value = int(typing.cast("int", nanoseconds)) / _NS
    return f"{value:g} s"
