"""Interaction records from text: CSV files, and text values from any source.

Every reader produces a `Parsed` column set: one array per present column in
the dtype of `INTERACTION_COLUMNS`, the category labels, and an `Issue` for each
kind of bad value, with the (0-based) rows it affects.  `interactions.py` turns
issues into problems, and raises or quarantines.

Text values are converted with vectorised numpy operations: a column of strings
becomes a fixed-width matrix of code points, checked position by position (the
loops run over character positions, never over records).  The Arrow reader uses
the same converters for text-typed columns.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import numpy.typing as npt

from .._errors import LoadError, Problem
from .._model._checks import describe
from .._model.columns import COLUMNS_BY_NAME, INTERACTION_COLUMNS, MISSING_CODE, Column

ObjectArray = npt.NDArray[np.object_]
RowArray = npt.NDArray[np.int64]

_NS: Final = 1_000_000_000
_DAY: Final = 86_400
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_BOOL_WIDTH: Final = 5  # "false"
_NUMBER_WIDTH: Final = 40
_TIME_WIDTH: Final = 35  # YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM
_FIRST_YEAR, _LAST_YEAR = 1678, 2261  # within datetime64[ns]

TIME_FORMAT: Final = (
    "an ISO 8601 date and time with a UTC offset, "
    "such as '2026-03-02T09:30:00+01:00' or '2026-03-02T08:30:00Z'"
)
BOOLEANS: Final = "true, false, 1 or 0 (any letter case)"


class Indexable(Protocol):
    """Anything indexed by row, such as an array of values."""

    def __getitem__(self, row: Any, /) -> Any: ...


@attrs.frozen(kw_only=True, eq=False)
class Issue:
    """One kind of bad value, found in some rows of one column.

    `found` is the phrase that follows the row count in the message, e.g.
    ``without a UTC offset``; `example` describes the first offending value
    (already withheld for personal data).  `column` is empty for problems with
    the row as a whole (a CSV record with the wrong number of fields).
    """

    column: str
    expected: str
    found: str
    rows: RowArray
    example: str | None = None
    hint: str | None = None


@attrs.define(kw_only=True, eq=False)
class Parsed:
    """The columns a reader produced, before row checks: arrays, labels, issues."""

    n_rows: int
    arrays: dict[str, npt.NDArray[Any]]
    labels: dict[str, tuple[str, ...]]
    issues: list[Issue]


def issue(
    column: Column | str,
    mask: npt.NDArray[np.bool_],
    *,
    expected: str,
    found: str,
    values: Indexable | None = None,
    hint: str | None = None,
) -> list[Issue]:
    """Return an issue for the rows where `mask` is true (none if it is all false)."""
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return []
    name = column if isinstance(column, str) else column.name
    personal = not isinstance(column, str) and column.personal
    example = None
    if values is not None:
        first = values[rows[0]]
        example = describe(
            first.item() if isinstance(first, np.generic) else first, personal=personal
        )
    return [
        Issue(column=name, expected=expected, found=found, rows=rows, example=example, hint=hint)
    ]


def missing_issue(column: Column, mask: npt.NDArray[np.bool_]) -> list[Issue]:
    """Return the issue for rows of a required column that have no value."""
    return issue(column, mask, expected="a value in every row", found="with no value")


# --- column names --------------------------------------------------------------------


def resolve_names(
    names: Sequence[str], columns: Mapping[str, str | None] | None
) -> tuple[dict[str, str], list[Problem]]:
    """Map the input's column names to ours; report every naming problem.

    Returns the used input columns keyed by input name, valued by our column
    name (columns mapped to ``None`` are left out), and the problems.
    """
    mapping = dict(columns or {})
    problems: list[Problem] = []
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        problems.append(
            Problem(path="", expected="each column name once", found=f"repeated {repeated}")
        )
    absent = sorted(set(mapping) - set(names))
    if absent:
        problems.append(
            Problem(
                path="columns",
                expected="names of columns the input has",
                found=f"{absent}, which it does not have",
            )
        )
    targets = sorted({v for v in mapping.values() if v is not None} - set(COLUMNS_BY_NAME))
    if targets:
        problems.append(
            Problem(
                path="columns",
                expected="column names from INTERACTION_COLUMNS (or None to ignore a column)",
                found=f"{targets}",
            )
        )
    used: dict[str, str] = {}
    unknown: list[str] = []
    for name in dict.fromkeys(names):
        target = mapping.get(name, name)
        if target is None:
            continue
        if target in COLUMNS_BY_NAME:
            used[name] = target
        elif name not in mapping:
            unknown.append(name)
    if unknown:
        bom = any(n.startswith("\ufeff") for n in unknown)
        problems.append(
            Problem(
                path="",
                expected="only columns from INTERACTION_COLUMNS",
                found=f"unknown columns {unknown}",
                hint=(
                    "the file starts with a byte-order mark: pass encoding='utf-8-sig'"
                    if bom
                    else "map them with columns={'their name': 'our name'}, "
                    "or to None to ignore them"
                ),
            )
        )
    by_target: dict[str, list[str]] = {}
    for name, target in used.items():
        by_target.setdefault(target, []).append(name)
    twice = {t: n for t, n in by_target.items() if len(n) > 1}
    if twice:
        problems.append(
            Problem(
                path="columns",
                expected="each of our columns from one input column",
                found="; ".join(f"{t} from {n}" for t, n in sorted(twice.items())),
            )
        )
    missing = [c.name for c in INTERACTION_COLUMNS if c.required and c.name not in by_target]
    if missing:
        problems.append(
            Problem(path="", expected="every required column", found=f"none for {missing}")
        )
    return used, problems


# --- CSV files -----------------------------------------------------------------------


def read_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str | None] | None,
    zone: ZoneInfo | None,
    delimiter: str,
    encoding: str,
    source: str,
) -> Parsed:
    """Read a CSV file into columns; raise `LoadError` for problems with the file as a whole."""
    header, records = _read_records(
        Path(path), delimiter=delimiter, encoding=encoding, source=source
    )
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
    for index, name in enumerate(header):
        target = used.get(name)
        if target is None:
            continue
        values = np.array(fields[index], dtype=object) if n else np.empty(0, dtype=object)
        column = COLUMNS_BY_NAME[target]
        array, labels, found = convert_text(column, values, zone=zone)
        parsed.arrays[target] = array
        if labels is not None:
            parsed.labels[target] = labels
        parsed.issues.extend(
            attrs.evolve(i, rows=i.rows[~ragged[i.rows]]) for i in found if (~ragged[i.rows]).any()
        )
    return parsed


def _read_records(
    file: Path, *, delimiter: str, encoding: str, source: str
) -> tuple[list[str], list[list[str]]]:
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


# --- text values ---------------------------------------------------------------------


def convert_text(
    column: Column, values: ObjectArray, *, zone: ZoneInfo | None
) -> tuple[npt.NDArray[Any], tuple[str, ...] | None, list[Issue]]:
    """Convert a column of strings (empty for missing) to its dtype.

    Returns the array, the labels (category columns only) and the issues.
    """
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    empty = lengths == 0
    issues = missing_issue(column, empty) if column.required else []
    if column.kind == "category":
        codes, labels = _categories(values, lengths)
        return codes, labels, issues
    if column.kind == "float":
        floats, found = _floats(column, values, lengths)
        return floats, None, issues + found
    if column.kind == "timestamp":
        times, found = _times(column, values, lengths, zone)
        return times, None, issues + found
    flags, known, found = _booleans(column, values, lengths)
    if column.kind == "tristate":
        return np.where(known, flags, -1).astype(np.int8), None, found
    if not column.required:  # a bool column has no "not recorded" value
        found += issue(
            column,
            empty,
            expected=BOOLEANS + " in every row (the column has no 'not recorded' value)",
            found="with no value",
            hint="leave the column out (or map it to None) if it is not recorded",
        )
    return flags, None, found


def _code_matrix(
    values: ObjectArray, lengths: RowArray, width: int, *, fixed: bool = True
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.uint32], npt.NDArray[np.bool_]]:
    """Return values as fixed-width strings and code points; longer values become ''.

    The matrix is `width` wide, or (``fixed=False``) as wide as the longest value kept.
    """
    too_long = lengths > width
    if too_long.any():
        values = values.copy()
        values[too_long] = ""
    if not fixed:
        width = max(1, int(lengths[~too_long].max(initial=0)))
    text = values.astype(f"U{width}")
    codes: npt.NDArray[np.uint32] = text.view(np.uint32).reshape(len(values), width)
    return text, codes, too_long


def _categories(
    values: ObjectArray, lengths: RowArray
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    present = lengths > 0
    codes = np.full(len(values), MISSING_CODE, dtype=np.int32)
    if not present.any():
        return codes, ()
    kept = values[present]
    longest = int(lengths.max())
    # Fixed-width text sorts in C; very long labels would make that array huge.
    kept_text = kept.astype(f"U{longest}") if longest <= 256 else kept
    labels, inverse = np.unique(kept_text, return_inverse=True)
    codes[present] = inverse.reshape(-1)
    return codes, tuple(str(x) for x in labels.tolist())


# Number syntax, as a state machine over character classes (see _floats).
_NUL, _DIGIT, _DOT, _EXP, _SIGN, _OTHER = range(6)
_ACCEPT, _FAIL = 9, 10
_NUMBER_STATES: Final = np.array(
    [
        #  NUL digit dot  e  sign other
        [_FAIL, 2, 5, _FAIL, 1, _FAIL],  # 0 start
        [_FAIL, 2, 5, _FAIL, _FAIL, _FAIL],  # 1 after a sign
        [_ACCEPT, 2, 3, 6, _FAIL, _FAIL],  # 2 integer digits
        [_ACCEPT, 4, _FAIL, 6, _FAIL, _FAIL],  # 3 "1."
        [_ACCEPT, 4, _FAIL, 6, _FAIL, _FAIL],  # 4 fraction digits
        [_FAIL, 4, _FAIL, _FAIL, _FAIL, _FAIL],  # 5 "." without digits yet
        [_FAIL, 8, _FAIL, _FAIL, 7, _FAIL],  # 6 after e
        [_FAIL, 8, _FAIL, _FAIL, _FAIL, _FAIL],  # 7 after e and a sign
        [_ACCEPT, 8, _FAIL, _FAIL, _FAIL, _FAIL],  # 8 exponent digits
        [_ACCEPT, _FAIL, _FAIL, _FAIL, _FAIL, _FAIL],  # 9 accepted, only padding follows
        [_FAIL] * 6,  # 10 failed
    ],
    dtype=np.uint8,
)


def _character_classes(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint8]:
    classes = np.full(codes.shape, _OTHER, dtype=np.uint8)
    classes[codes == 0] = _NUL
    classes[(codes >= ord("0")) & (codes <= ord("9"))] = _DIGIT
    classes[codes == ord(".")] = _DOT
    classes[(codes == ord("e")) | (codes == ord("E"))] = _EXP
    classes[(codes == ord("+")) | (codes == ord("-"))] = _SIGN
    return classes


def _floats(
    column: Column, values: ObjectArray, lengths: RowArray
) -> tuple[npt.NDArray[np.float64], list[Issue]]:
    text, codes, too_long = _code_matrix(values, lengths, _NUMBER_WIDTH, fixed=False)
    classes = _character_classes(codes)
    state = np.zeros(len(values), dtype=np.uint8)
    for position in range(codes.shape[1]):  # over character positions, not records
        state = _NUMBER_STATES[state, classes[:, position]]
    state = _NUMBER_STATES[state, _NUL]
    empty = lengths == 0
    valid = state == _ACCEPT
    floats = np.full(len(values), np.nan)
    floats[valid] = text[valid].astype(np.float64)
    infinite = valid & ~np.isfinite(floats)
    floats[infinite] = np.nan
    issues = issue(
        column,
        ~valid & ~empty | too_long,
        expected="numbers written like 12, 12.5 or 1.25e3 ('.' for decimals, no separators)",
        found="with other text",
        values=values,
    )
    issues += issue(
        column,
        infinite,
        expected="finite numbers",
        found="with numbers too large to store",
        values=values,
    )
    return floats, issues


def _booleans(
    column: Column, values: ObjectArray, lengths: RowArray
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], list[Issue]]:
    text, _, too_long = _code_matrix(values, lengths, _BOOL_WIDTH)
    lower = np.char.lower(text)
    true = (lower == "true") | (lower == "1")
    false = (lower == "false") | (lower == "0")
    known = (true | false) & ~too_long
    issues = issue(
        column,
        ~known & (lengths > 0),
        expected=BOOLEANS,
        found="with other text",
        values=values,
    )
    return true & known, known, issues


def _digits(codes: npt.NDArray[np.uint32], start: int, stop: int) -> npt.NDArray[np.int64]:
    number = np.zeros(codes.shape[0], dtype=np.int64)
    for position in range(start, stop):
        number = number * 10 + (codes[:, position].astype(np.int64) - ord("0"))
    return number


def _is_digit(code: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    return (code >= ord("0")) & (code <= ord("9"))


def _times(
    column: Column, values: ObjectArray, lengths: RowArray, zone: ZoneInfo | None
) -> tuple[npt.NDArray[np.datetime64], list[Issue]]:
    """Parse ISO 8601 times, vectorised over a matrix of code points."""
    n = len(values)
    _, codes, too_long = _code_matrix(values, lengths, _TIME_WIDTH)
    length = np.where(too_long, 0, lengths)
    rows = np.arange(n)

    def at(offset_from_end: int) -> npt.NDArray[np.uint32]:
        picked: npt.NDArray[np.uint32] = codes[rows, np.clip(length - offset_from_end, 0, 34)]
        return picked

    last = at(1)
    zulu = (length > 16) & ((last == ord("Z")) | (last == ord("z")))
    sign = at(6)
    has_offset = (
        (length >= 22)
        & ((sign == ord("+")) | (sign == ord("-")))
        & (at(3) == ord(":"))
        & _is_digit(at(5))
        & _is_digit(at(4))
        & _is_digit(at(2))
        & _is_digit(at(1))
    )
    suffix = np.where(zulu, 1, np.where(has_offset, 6, 0))
    body = length - suffix
    ok = (body == 16) | (body == 19) | ((body >= 21) & (body <= 29))
    for position in (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15):
        ok &= _is_digit(codes[:, position])
    for position, char in ((4, "-"), (7, "-"), (13, ":")):
        ok &= codes[:, position] == ord(char)
    separator = codes[:, 10]
    ok &= (separator == ord("T")) | (separator == ord("t")) | (separator == ord(" "))
    seconds_given = body >= 19
    ok &= ~seconds_given | (
        (codes[:, 16] == ord(":")) & _is_digit(codes[:, 17]) & _is_digit(codes[:, 18])
    )
    ok &= (body <= 19) | (codes[:, 19] == ord("."))
    fraction = np.zeros(n, dtype=np.int64)
    for position in range(20, 29):
        inside = position < body
        ok &= ~inside | _is_digit(codes[:, position])
        digit = codes[:, position].astype(np.int64) - ord("0")
        fraction = np.where(inside, fraction * 10 + digit, fraction * 10)
    empty = lengths == 0
    malformed = ~ok & ~empty
    issues = issue(column, malformed, expected=TIME_FORMAT, found="with other text", values=values)

    year = np.where(ok, _digits(codes, 0, 4), 1970)
    month = np.where(ok, _digits(codes, 5, 7), 1)
    day = _digits(codes, 8, 10)
    hour, minute = _digits(codes, 11, 13), _digits(codes, 14, 16)
    second = np.where(seconds_given, _digits(codes, 17, 19), 0)
    offset_hours = (at(5).astype(np.int64) - ord("0")) * 10 + at(4).astype(np.int64) - ord("0")
    offset_minutes = (at(2).astype(np.int64) - ord("0")) * 10 + at(1).astype(np.int64) - ord("0")
    real = (year >= _FIRST_YEAR) & (year <= _LAST_YEAR) & (month >= 1) & (month <= 12)
    year, month = np.where(real, year, 1970), np.where(real, month, 1)
    first_day = ((year - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]")
    next_month = (((year - 1970) * 12 + month).astype("datetime64[M]")).astype("datetime64[D]")
    days_in_month = (next_month - first_day).astype(np.int64)
    real &= (day >= 1) & (day <= days_in_month) & (hour <= 23) & (minute <= 59) & (second <= 59)
    real &= ~has_offset | ((offset_hours <= 23) & (offset_minutes <= 59))
    impossible = ok & ~real
    issues += issue(
        column,
        impossible,
        expected=f"a real date and time between the years {_FIRST_YEAR} and {_LAST_YEAR}",
        found="with an impossible one",
        values=values,
    )
    good = ok & real
    clock = ((hour * 60 + minute) * 60 + second) * _NS + fraction
    local = np.where(good, (first_day.astype(np.int64) + day - 1) * _DAY * _NS + clock, 0)
    offset = np.where(has_offset, offset_hours * 3600 + offset_minutes * 60, 0)
    offset = np.where(has_offset & (sign == ord("-")), -offset, offset)
    utc = local - offset * _NS
    naive = good & ~zulu & ~has_offset
    if zone is None:
        issues += issue(
            column,
            naive,
            expected="a UTC offset (Z or +HH:MM) on every time",
            found="without one",
            values=values,
            hint="pass time_zone= with the IANA zone the times were recorded in",
        )
        good &= ~naive
    elif naive.any():
        converted, nonexistent, ambiguous = localize(local, zone)
        utc = np.where(naive, converted, utc)
        issues += issue(
            column,
            naive & nonexistent,
            expected=f"local times that exist in {zone.key}",
            found="skipped by a daylight-saving change",
            values=values,
            hint="check the source; such times cannot be converted to UTC",
        )
        issues += issue(
            column,
            naive & ambiguous,
            expected=f"local times that happen once in {zone.key}",
            found="repeated by a daylight-saving change",
            values=values,
            hint="give these times a UTC offset to say which one is meant",
        )
        good &= ~(naive & (nonexistent | ambiguous))
    times = np.where(good, utc, np.iinfo(np.int64).min).view("datetime64[ns]")
    return times, issues


# --- local times ---------------------------------------------------------------------


def _offset_seconds(zone: ZoneInfo, instant: int) -> int:
    offset = (_EPOCH + timedelta(seconds=instant)).astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def localize(
    local: npt.NDArray[np.int64], zone: ZoneInfo
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Convert wall-clock times in `zone` to UTC, without guessing.

    `local` holds nanoseconds since 1970-01-01 on the wall clock.  Returns the UTC
    nanoseconds and two masks: times that do not exist (skipped by a change of
    offset) and times that happen twice.  Offsets are looked up once per day the
    data touches (a transition is found to the second by bisection), then every
    row is checked against each candidate offset with array operations.
    """
    if local.size == 0:
        empty = np.zeros(0, dtype=bool)
        return local.copy(), empty, empty
    days = np.unique(np.floor_divide(local, _DAY * _NS))
    utc_days = np.unique(np.concatenate([days - 1, days, days + 1]))
    starts: list[int] = []
    offsets: list[int] = []
    for day in utc_days.tolist():  # over the days the data covers, not records
        start = day * _DAY
        before, after = _offset_seconds(zone, start), _offset_seconds(zone, start + _DAY)
        starts.append(start)
        offsets.append(before)
        if before != after:  # one change of offset in the day: find its second
            low, high = start, start + _DAY
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (
                    (middle, high) if _offset_seconds(zone, middle) == before else (low, middle)
                )
            starts.append(high)
            offsets.append(after)
    change_at = np.array(starts, dtype=np.int64) * _NS
    offset_of = np.array(offsets, dtype=np.int64)
    matches = np.zeros(local.shape, dtype=np.int64)
    utc = np.zeros(local.shape, dtype=np.int64)
    for candidate in np.unique(offset_of).tolist():
        instant = local - candidate * _NS
        index = np.searchsorted(change_at, instant, side="right") - 1
        fits = offset_of[index] == candidate
        matches += fits
        utc = np.where(fits, instant, utc)
    return utc, matches == 0, matches > 1
