"""Text values to typed columns: numbers, booleans, times and category labels from strings.

Used for every CSV column and for text-typed Arrow columns.  The conversion is
vectorised with numpy: a column of strings becomes a fixed-width matrix of code
points, checked position by position (the loops run over character positions,
never over records).  Each kind of bad value becomes an `Issue` naming its rows.
Local times without a UTC offset are converted with `iso18295._timezones.localize`.
"""

from __future__ import annotations

from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .._limits import largest, limit_text
from .._model.columns import MISSING_CODE, Column
from .._timezones import localize
from ._issues import Issue, RowArray, issue, missing_issue

ObjectArray = npt.NDArray[np.object_]
Codes = npt.NDArray[np.unsignedinteger[Any]]
"""A matrix of character codes, one row per value: code points, or UTF-8 bytes."""

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


class Text(Protocol):
    """A column of text values, seen as code-point matrices (Python strings or Arrow buffers).

    `lengths` counts what the matrix holds per value (characters, or UTF-8
    bytes for Arrow text; a value that is not ASCII fails every syntax checked
    here either way).  Indexing gives a row's value as a Python string, for
    the examples in messages.
    """

    @property
    def lengths(self) -> RowArray:
        """Length of each value (0: empty, that is missing)."""
        ...

    def matrix(self, width: int, *, fixed: bool = True) -> tuple[Codes, npt.NDArray[np.bool_]]:
        """Return codes padded with 0 to `width` (or the longest value kept) and the rows unfit.

        Values longer than `width`, or holding NUL characters that padding
        would hide (``"5<NUL>"`` must not read as 5), are unfit: their rows are
        all 0 in the matrix.
        """
        ...

    def numbers(
        self, width: int
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Read the values written as numbers (``12``, ``-1.5e3``...; at most `width` long).

        Returns the floats (NaN for other values), which values are written
        so, and which are unfit to read (too long, or holding NUL characters).
        """
        ...

    def spelled(self, words: tuple[str, ...], width: int) -> npt.NDArray[np.bool_]:
        """Tell which values spell one of the lower-case ASCII `words`, in any letter case.

        Values longer than `width` or holding NUL characters spell none.
        """
        ...

    def __getitem__(self, row: Any, /) -> Any:
        """Return one row's value."""
        ...


class Strings:
    """Text held as a numpy array of Python strings (the CSV reader's records)."""

    def __init__(self, values: ObjectArray) -> None:
        self.values = values
        self._lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))

    @property
    def lengths(self) -> RowArray:
        """Length of each value in characters."""
        return self._lengths

    def matrix(self, width: int, *, fixed: bool = True) -> tuple[Codes, npt.NDArray[np.bool_]]:
        """Return the values as fixed-width code points (see `Text.matrix`)."""
        _, codes, unfit = _code_matrix(self.values, self._lengths, width, fixed=fixed)
        return codes, unfit

    def numbers(
        self, width: int
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Read the values written as numbers with the number syntax's state machine."""
        text, codes, unfit = _code_matrix(self.values, self._lengths, width, fixed=False)
        valid = _number_syntax(codes) & ~unfit
        floats = np.full(len(self.values), np.nan)
        floats[valid] = text[valid].astype(np.float64)
        return floats, valid, unfit

    def spelled(self, words: tuple[str, ...], width: int) -> npt.NDArray[np.bool_]:
        """Compare the values, ASCII letters lower-cased, with `words`, as packed numbers."""
        codes, unfit = self.matrix(width)
        # ASCII letters only: of the others only the Kelvin sign lower-cases to ASCII (k).
        upper = (codes >= ord("A")) & (codes <= ord("Z"))
        keys = _word_keys(np.where(upper, codes | 0x20, codes))
        found = np.zeros(len(keys), dtype=bool)
        for word in words:
            found |= keys == _key(word)
        return found & ~unfit

    def __getitem__(self, row: Any, /) -> Any:
        """Return one row's string."""
        return self.values[row]


def convert_text(
    column: Column, values: ObjectArray | Text, *, zone: ZoneInfo | None
) -> tuple[npt.NDArray[Any], tuple[str, ...] | None, list[Issue]]:
    """Convert a column of strings (empty for missing) to its dtype.

    Returns the array, the labels (category columns only) and the issues.
    Category columns must be given as an array of strings.
    """
    text = Strings(values) if isinstance(values, np.ndarray) else values
    lengths = text.lengths
    empty = lengths == 0
    issues = missing_issue(column, empty) if column.required else []
    if column.kind == "category":
        if not isinstance(text, Strings):  # pragma: no cover - Arrow encodes categories itself
            raise TypeError("category columns are converted from strings")
        codes, labels = _categories(text.values, lengths)
        return codes, labels, issues
    if column.kind == "float":
        floats, found = _floats(column, text, lengths)
        return floats, None, issues + found
    if column.kind == "timestamp":
        times, found = _times(column, text, lengths, zone)
        return times, None, issues + found
    flags, known, found = _booleans(column, text, lengths)
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


def _character_classes(codes: Codes) -> npt.NDArray[np.uint8]:
    classes = np.full(codes.shape, _OTHER, dtype=np.uint8)
    classes[codes == 0] = _NUL
    classes[(codes >= ord("0")) & (codes <= ord("9"))] = _DIGIT
    classes[codes == ord(".")] = _DOT
    classes[(codes == ord("e")) | (codes == ord("E"))] = _EXP
    classes[(codes == ord("+")) | (codes == ord("-"))] = _SIGN
    return classes


def _number_syntax(codes: Codes) -> npt.NDArray[np.bool_]:
    """Tell which rows of a zero-padded matrix are written in the number syntax."""
    classes = _character_classes(codes)
    state = np.zeros(codes.shape[0], dtype=np.uint8)
    for position in range(codes.shape[1]):  # over character positions, not records
        state = _NUMBER_STATES[state, classes[:, position]]
    accepted: npt.NDArray[np.bool_] = _NUMBER_STATES[state, _NUL] == _ACCEPT
    return accepted


def _floats(
    column: Column, text: Text, lengths: RowArray
) -> tuple[npt.NDArray[np.float64], list[Issue]]:
    floats, valid, unfit = text.numbers(_NUMBER_WIDTH)
    empty = lengths == 0
    most = largest(column.name)
    infinite = valid & ~(np.abs(floats) <= most)  # infinite, or beyond the column's limit
    floats[infinite] = np.nan
    issues = issue(
        column,
        ~valid & ~empty | unfit,
        expected="numbers written like 12, 12.5 or 1.25e3 ('.' for decimals, no separators)",
        found="with other text",
        values=text,
    )
    issues += issue(
        column,
        infinite,
        expected=f"finite numbers of magnitude at most {limit_text(most)}",
        found="with a value out of that range",
        values=text,
    )
    return floats, issues


def _word_keys(codes: Codes) -> npt.NDArray[np.uint64]:
    """Pack each row of a zero-padded matrix (at most 8 wide) into one number.

    Codes above 255 are packed as 255, which no ASCII word holds, so a row
    packs to the same number as an ASCII word only if it spells that word.
    """
    keys = np.zeros(codes.shape[0], dtype=np.uint64)
    for position in range(codes.shape[1]):
        byte = np.minimum(codes[:, position], 255).astype(np.uint64)
        keys |= byte << np.uint64(8 * position)
    return keys


def _key(word: str) -> int:
    return sum(ord(c) << (8 * i) for i, c in enumerate(word))


def _booleans(
    column: Column, text: Text, lengths: RowArray
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], list[Issue]]:
    true = text.spelled(("true", "1"), _BOOL_WIDTH)
    false = text.spelled(("false", "0"), _BOOL_WIDTH)
    known = true | false
    issues = issue(
        column,
        ~known & (lengths > 0),
        expected=BOOLEANS,
        found="with other text",
        values=text,
    )
    return true & known, known, issues


def _digits(codes: Codes, start: int, stop: int) -> npt.NDArray[np.int64]:
    number = np.zeros(codes.shape[0], dtype=np.int64)
    for position in range(start, stop):
        number = number * 10 + (codes[:, position].astype(np.int64) - ord("0"))
    return number


def _is_digit(code: Codes) -> npt.NDArray[np.bool_]:
    return (code >= ord("0")) & (code <= ord("9"))


def _times(
    column: Column, values: Text, lengths: RowArray, zone: ZoneInfo | None
) -> tuple[npt.NDArray[np.datetime64], list[Issue]]:
    """Parse ISO 8601 times, vectorised over a matrix of code points."""
    n = len(lengths)
    codes, too_long = values.matrix(_TIME_WIDTH)
    length = np.where(too_long, 0, lengths)
    rows = np.arange(n)

    def at(offset_from_end: int) -> Codes:
        picked: Codes = codes[rows, np.clip(length - offset_from_end, 0, 34)]
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
    # Only as far as the longest fraction: past it every row would just scale by 10.
    stop = min(29, max(20, int(body.max(initial=0))))
    for position in range(20, stop):
        inside = position < body
        ok &= ~inside | _is_digit(codes[:, position])
        digit = codes[:, position].astype(np.int64) - ord("0")
        fraction = np.where(inside, fraction * 10 + digit, fraction * 10)
    fraction *= 10 ** (29 - stop)
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
