"""Text values to typed columns: numbers, booleans, times and category labels from strings.

Used for every CSV column and for text-typed Arrow columns.  The conversion is
vectorised with numpy: a column of strings becomes a fixed-width matrix of code
points, checked position by position (the loops run over character positions,
never over records).  Each kind of bad value becomes an `Issue` naming its rows.
Local times without a UTC offset are converted with `iso18295._timezones.localize`.
"""

from __future__ import annotations

from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .._limits import largest, limit_text
from .._model.columns import MISSING_CODE, Column
from .._timezones import localize
from ._issues import Issue, RowArray, issue, missing_issue

ObjectArray = npt.NDArray[np.object_]

_NS: Final = 1_000_000_000
_DAY: Final = 86_400
_BOOL_WIDTH: Final = 5  # "false"
_NUMBER_WIDTH: Final = 40
_TIME_WIDTH: Final = 35  # YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM
_FIRST_YEAR, _LAST_YEAR = 1678, 2261  # within datetime64[ns]

TIME_FORMAT: Final = (
    "an ISO 8601 date and time with a UTC offset, "
    "such as '2026-03-02T09:30:00+01:00' or '2026-03-02T08:30:00Z'"
)
BOOLEANS: Final = "true, false, 1 or 0 (any letter case)"


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
    found = issues + found
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
    """Return values as fixed-width strings and code points, and the rows unfit to read.

    The matrix is `width` wide, or (``fixed=False``) as wide as the longest value kept.
    Values longer than `width` become ''; so do values ending in NUL characters,
    which fixed-width numpy strings would silently strip (``"5<NUL>"`` would read
    as 5).  Both are flagged in the returned mask.
    """
    too_long = lengths > width
    if too_long.any():
        values = values.copy()
        values[too_long] = ""
    if not fixed:
        width = max(1, int(lengths[~too_long].max(initial=0)))
    text = values.astype(f"U{width}")
    unfit = too_long | (np.char.str_len(text) != np.where(too_long, 0, lengths))
    if unfit.any():
        text[unfit] = ""
    codes: npt.NDArray[np.uint32] = text.view(np.uint32).reshape(len(values), width)
    return text, codes, unfit


def _categories(
    values: ObjectArray, lengths: RowArray
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    present = lengths > 0
    codes = np.full(len(values), MISSING_CODE, dtype=np.int32)
    if not present.any():
        return codes, ()
    kept = values[present]
    longest = int(lengths.max())
    # Fixed-width text sorts in C; very long labels would make that array huge, and
    # labels ending in NUL would lose it (c + NUL would merge into c, as Arrow never does).
    kept_text: npt.NDArray[Any] = kept
    if longest <= 256:
        fixed = kept.astype(f"U{longest}")
        if (np.char.str_len(fixed) == lengths[present]).all():
            kept_text = fixed
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
    most = largest(column.name)
    infinite = valid & ~(np.abs(floats) <= most)  # infinite, or beyond the column's limit
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
        expected=f"finite numbers of magnitude at most {limit_text(most)}",
        found="with a value out of that range",
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
