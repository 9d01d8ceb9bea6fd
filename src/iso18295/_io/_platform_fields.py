"""Reading the fields of platform export records, and turning them into our columns.

The platform readers (`platforms.py`) walk each JSON record once, reading
the fields they use with `Fields`, which notes every bad value under the
record's number and the field's path in the platform's own terms (such as
``Queue.EnqueueTimestamp``).  JSON arrives as Python objects, so this walk is
per record; everything after it is vectorised: `Columns.parsed` converts the
collected values with numpy (times with the CSV loader's ISO 8601 parser),
finds records delivered twice, and returns a `Parsed` column set that
`_finish.finish` checks and raises or quarantines like any other input.
"""

from __future__ import annotations

import math
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from .._limits import MAX_DURATION_SECONDS, limit_text
from .._model._checks import describe
from .._model.columns import COLUMNS_BY_NAME, Column
from ._issues import Issue, Parsed, issue
from ._recode import relabel
from ._text import TIME_FORMAT, convert_text

_SECONDS: Final = "a number of seconds >= 0"
_MOST: Final = limit_text(MAX_DURATION_SECONDS)


def kind_of(value: object) -> str:
    """Describe the JSON type of a value, for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"  # pragma: no cover - json makes no other types


class Fields:
    """Reads fields of JSON records, noting every bad value by record and field path."""

    def __init__(self) -> None:
        self._bad: dict[tuple[str, str, str], tuple[list[int], str]] = {}

    def flag(
        self,
        row: int,
        path: str,
        expected: str,
        value: object,
        found: str = "",
        *,
        show: bool = True,
    ) -> None:
        """Note that record `row` (0-based) holds a bad `value` at `path`.

        With ``show=False`` only the value's JSON type is told, never the value:
        for records and objects whose bad value may be anything, personal data too.
        """
        key = (path, expected, found or f"with {kind_of(value)}")
        example = describe(value) if show and not (found and value is None) else ""
        rows, _ = self._bad.setdefault(key, ([], example))
        rows.append(row)

    def missing(self, row: int, path: str, expected: str) -> None:
        """Note that record `row` lacks a required field."""
        key = (path, expected, "with no value")
        rows, _ = self._bad.setdefault(key, ([], ""))
        rows.append(row)

    def get(
        self, row: int, record: dict[str, Any], key: str, path: str, *, required: bool
    ) -> object:
        """Return ``record[key]`` (None if absent or null); note it if required and absent."""
        value = record.get(key)
        if value is None and required:
            self.missing(row, path, "a value in every record")
        return value

    def text(
        self, row: int, record: dict[str, Any], key: str, path: str, *, required: bool
    ) -> str | None:
        """Return a string field, or None (absent, null, or bad: noted)."""
        value = self.get(row, record, key, path, required=required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.flag(row, path, "a string", value)
            return None
        if not value and required:  # an empty label would be read as missing
            self.flag(row, path, "a non-empty string", value, found="with an empty string")
            return None
        return value

    def time(
        self, row: int, record: dict[str, Any], key: str, path: str, *, required: bool
    ) -> str:
        """Return a time field's text for `Columns.time` ('' if absent; bad types noted)."""
        value = self.text(row, record, key, path, required=required)
        return value or ""

    def seconds(
        self,
        row: int,
        record: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool,
        scale: float = 1.0,
    ) -> float:
        """Return a duration field in seconds (`scale` per unit), NaN if absent or bad."""
        value = self.get(row, record, key, path, required=required)
        if value is None:
            return math.nan
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.flag(row, path, _SECONDS, value)
            return math.nan
        seconds = float(value) * scale
        if seconds < 0:
            self.flag(row, path, _SECONDS, value, found="with a negative value")
            return math.nan
        if not seconds <= MAX_DURATION_SECONDS:  # beyond any real duration (or infinite)
            self.flag(row, path, _SECONDS, value, found=f"with a value above {_MOST}")
            return math.nan
        return seconds

    def child(
        self, row: int, record: dict[str, Any], key: str, path: str, *, required: bool
    ) -> dict[str, Any] | None:
        """Return an object field, or None (absent, null, or bad: noted)."""
        value = self.get(row, record, key, path, required=required)
        if value is None or isinstance(value, dict):
            return value
        self.flag(row, path, "an object", value, show=False)
        return None

    def items(
        self, row: int, record: dict[str, Any], key: str, path: str, *, required: bool
    ) -> list[dict[str, Any]]:
        """Return the objects of an array field; note the field or items that are not."""
        value = self.get(row, record, key, path, required=required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.flag(row, path, "an array of objects", value, show=False)
            return []
        kept: list[dict[str, Any]] = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                kept.append(item)
            else:
                self.flag(row, f"{path}[{index}]", "an object", item, show=False)
        return kept

    def issues(self) -> list[Issue]:
        """Return the bad values noted, one issue per field path and kind of problem."""
        found: list[Issue] = []
        for (path, expected, what), (rows, example) in self._bad.items():
            found.append(
                Issue(
                    column=path,
                    expected=expected,
                    found=what,
                    rows=np.unique(np.array(rows, dtype=np.int64)),
                    example=example or None,
                )
            )
        return found


@attrs.define
class Columns:
    """Values collected per record, in our columns (text, numbers, flags), and time texts."""

    n: int
    text: dict[str, list[str | None]] = attrs.Factory(dict)
    numbers: dict[str, list[float]] = attrs.Factory(dict)
    flags: dict[str, list[bool]] = attrs.Factory(dict)
    times: dict[str, list[str]] = attrs.Factory(dict)
    time_paths: dict[str, list[str]] = attrs.Factory(dict)
    """For time fields whose path differs by record (under an array), each record's path."""

    def parsed(
        self,
        fields: Fields,
        *,
        id_path: str,
        values: dict[str, dict[str, str]],
        direction_hint: str,
        direction_from: str,
    ) -> tuple[Parsed, dict[str, npt.NDArray[np.datetime64]]]:
        """Convert the collected values; return the column set and the times by field path.

        `values` relabels category columns (the platform's defaults merged with
        the caller's).  Rows with a bad value get neutral values in our columns,
        so that the row checks do not report them a second time.
        """
        issues = fields.issues()
        times: dict[str, npt.NDArray[np.datetime64]] = {}
        for path, time_texts in self.times.items():
            column = Column(name=path, kind="timestamp", description="", required=False)
            array = np.array(time_texts, dtype=object)
            converted, _, found = convert_text(column, array, zone=None)
            found = [attrs.evolve(i, expected=TIME_FORMAT) for i in found]
            if path in self.time_paths:
                found = _by_path(found, self.time_paths[path])
            issues += found
            times[path] = converted
        arrays: dict[str, npt.NDArray[Any]] = {}
        labels: dict[str, tuple[str, ...]] = {}
        for name, texts in self.text.items():
            array = np.array(texts, dtype=object)
            array[array == None] = ""  # noqa: E711 - elementwise: missing, as in a CSV cell
            # Fields reports missing required values (and empty ones) in the platform's terms.
            column = attrs.evolve(COLUMNS_BY_NAME[name], required=False)
            codes, found_labels, _ = convert_text(column, array, zone=None)
            names = found_labels or ()
            if name in values:
                codes, names = relabel(codes, names, values[name])
            arrays[name], labels[name] = codes, names
        for name, numbers in self.numbers.items():
            arrays[name] = np.array(numbers, dtype=np.float64)
        for name, flags in self.flags.items():
            arrays[name] = np.array(flags, dtype=bool)
        issues += _repeated(arrays["interaction_id"], id_path)
        issues += _directions(arrays, labels, direction_from, direction_hint)
        parsed = Parsed(n_rows=self.n, arrays=arrays, labels=labels, issues=issues)
        return parsed, times


def _by_path(found: list[Issue], paths: list[str]) -> list[Issue]:
    """Split issues by each record's own path of the field (rows with issues only)."""
    split: list[Issue] = []
    for one in found:
        groups: dict[str, list[int]] = {}
        for row in one.rows.tolist():
            groups.setdefault(paths[row], []).append(row)
        for path, rows in groups.items():
            rows_array = np.array(rows, dtype=np.int64)
            example = one.example if rows[0] == int(one.rows[0]) else None
            split.append(attrs.evolve(one, column=path, rows=rows_array, example=example))
    return split


def _repeated(codes: npt.NDArray[np.int32], path: str) -> list[Issue]:
    """Report records whose id an earlier record had (platforms may deliver a record twice)."""
    present = np.flatnonzero(codes >= 0)
    _, first = np.unique(codes[present], return_index=True)
    again = np.ones(present.size, dtype=bool)
    again[first] = False
    mask = np.zeros(codes.size, dtype=bool)
    mask[present[again]] = True
    return issue(
        path,
        mask,
        expected="each contact once",
        found="with the id of an earlier record",
        hint="keep one copy of each (the platform may deliver a record again when it changes)",
    )


def _directions(
    arrays: dict[str, npt.NDArray[Any]],
    labels: dict[str, tuple[str, ...]],
    source_field: str,
    hint: str,
) -> list[Issue]:
    """Report directions the mapping left as something other than inbound or outbound."""
    names = labels["direction"]
    unknown = np.array([n not in ("inbound", "outbound") for n in names] + [False])
    codes = arrays["direction"]
    mask = unknown[codes]
    if not mask.any():
        return []
    text = np.array([*names, ""], dtype=object)
    return issue(
        COLUMNS_BY_NAME["direction"],
        mask,
        expected=f"'inbound' or 'outbound' (from {source_field})",
        found="with another value",
        values=text[codes],
        hint=hint,
    )


def neutralise(parsed: Parsed) -> None:
    """Give rows with a noted problem neutral values, so the row checks do not report them too."""
    bad = np.zeros(parsed.n_rows, dtype=bool)
    for found in parsed.issues:
        bad[found.rows] = True
    if not bad.any():
        return
    arrays = parsed.arrays
    offered = arrays["offered_at"]
    offered[bad & np.isnat(offered)] = np.datetime64(0, "ns")
    wait = arrays["wait_seconds"]
    wait[bad & ~(wait >= 0)] = 0.0
    arrays["abandoned"][bad & arrays["answered"]] = False
    for name in ("talk_seconds", "hold_seconds", "after_contact_seconds"):
        if name in arrays:
            arrays[name][bad & (arrays[name] < 0)] = np.nan
