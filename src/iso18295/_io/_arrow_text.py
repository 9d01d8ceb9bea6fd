"""Arrow text columns converted as CSV text: code matrices built from Arrow's buffers.

`ArrowText` gives `_text.convert_text` the same view of a column as the
Python strings of the CSV reader, built straight from an Arrow string array's
offsets and UTF-8 bytes (the loops run over character positions, never over
records), so both CSV engines apply one set of rules.  A value that is not
ASCII is longer in bytes than in characters, but such a value fails every
syntax checked on a matrix (numbers, booleans, times) either way.
`text_column` converts a whole column, category columns with Arrow's hashing,
and time columns written wholly in the common strict form with Arrow's cast.
"""

from __future__ import annotations

from typing import Any, Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .._model.columns import MISSING_CODE, Column
from ._arrow_types import import_pyarrow
from ._issues import Issue, RowArray, missing_issue
from ._text import convert_text

_NUMBER: Final = r"\A[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\z"
# The common strict form of a time, a subset of what `_text` accepts: an upper-case
# T, seconds, a fraction of at most 9 digits, Z or +HH:MM, a year in 1700-2199 (well
# inside datetime64[ns]), every field in its range.  Arrow's cast refuses the dates
# that do not exist (30 February), and so sends the column back to `_text`.
_STRICT_TIME: Final = (
    r"\A(?:1[7-9]|2[01])[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])\z"
)


class ArrowText:
    """One Arrow string array (no nulls: missing is empty) seen as `_text.Text`."""

    def __init__(self, array: Any) -> None:
        pa, _ = import_pyarrow()
        if not pa.types.is_string(array.type):
            array = array.cast(pa.large_string())
        self.array = array
        n = len(array)
        width = np.int64 if pa.types.is_large_string(array.type) else np.int32
        _, offsets_buffer, data_buffer = array.buffers()
        offsets = np.frombuffer(
            offsets_buffer,
            dtype=width,
            count=n + 1,
            offset=array.offset * np.dtype(width).itemsize,
        ).astype(np.int64)
        self._starts = offsets[:-1]
        self._lengths = np.diff(offsets)
        self._data = (
            np.frombuffer(data_buffer, dtype=np.uint8)
            if data_buffer is not None
            else np.zeros(0, np.uint8)
        )

    @property
    def lengths(self) -> RowArray:
        """Length of each value in UTF-8 bytes."""
        return self._lengths

    def matrix(
        self, width: int, *, fixed: bool = True
    ) -> tuple[npt.NDArray[np.unsignedinteger[Any]], npt.NDArray[np.bool_]]:
        """Return the values' bytes as a zero-padded matrix (see `_text.Text.matrix`).

        Built position by position (a gather from the UTF-8 bytes per position),
        position-major, and returned transposed: a column of it is contiguous.
        """
        lengths = self._lengths
        too_long = lengths > width
        kept = np.where(too_long, 0, lengths)
        longest = int(kept.max(initial=0))
        if not fixed:
            width = max(1, longest)
        n = len(lengths)
        codes = np.zeros((width, n), dtype=np.uint8)
        if self._data.size:
            last = self._data.size - 1
            index = self._starts.copy()
            clipped = np.empty_like(index)
            for position in range(min(width, longest)):  # over byte positions, not records
                np.minimum(index, last, out=clipped)
                np.take(self._data, clipped, out=codes[position])
                codes[position] *= kept > position
                index += 1
        # A NUL inside a value would pass for padding ("5<NUL>" would read as 5).
        unfit = too_long | (np.count_nonzero(codes, axis=0) < kept)
        if unfit.any():
            codes[:, unfit] = 0
        return codes.T, unfit

    def numbers(
        self, width: int
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Read the values written as numbers: Arrow's regular expressions, then its cast.

        The expression is the number syntax of `_text`'s state machine; a NUL
        character matches nothing in it.
        """
        pa, pc = import_pyarrow()
        unfit = self._lengths > width
        written = pc.match_substring_regex(self.array, _NUMBER)
        valid = np.asarray(written.to_numpy(zero_copy_only=False), dtype=bool) & ~unfit
        floats = np.full(len(self._lengths), np.nan)
        if valid.any():
            picked = pc.filter(self.array, pa.array(valid))
            floats[valid] = pc.cast(picked, pa.float64()).to_numpy(zero_copy_only=False)
        return floats, valid, unfit

    def spelled(self, words: tuple[str, ...], width: int) -> npt.NDArray[np.bool_]:
        """Compare the values, ASCII letters lower-cased by Arrow, with `words`."""
        pa, pc = import_pyarrow()
        del width  # a longer value is none of the words
        found = pc.is_in(pc.ascii_lower(self.array), value_set=pa.array(words, pa.string()))
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)

    def __getitem__(self, row: Any, /) -> Any:
        """Return one row's value as a Python string."""
        return self.array[int(row)].as_py()


def text_column(
    column: Column, values: Any, *, zone: ZoneInfo | None
) -> tuple[npt.NDArray[Any], tuple[str, ...] | None, list[Issue]]:
    """Convert an Arrow string array like `_text.convert_text` converts strings.

    Category labels are found with Arrow's hashing and sorted by code point,
    "" (empty, missing) left out, as the Python reader sorts them.
    """
    pa, pc = import_pyarrow()
    if column.kind == "timestamp":
        times = _strict_times(values)
        if times is not None:
            return times, None, []
    if column.kind != "category":
        return convert_text(column, ArrowText(values), zone=zone)
    encoded = pc.dictionary_encode(values)
    dictionary = encoded.dictionary.cast(pa.large_string())
    order = np.asarray(pc.sort_indices(dictionary).to_numpy(), dtype=np.int64)
    labels = dictionary.take(pa.array(order)).to_pylist()
    rank = np.empty(len(order) + 1, dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    if labels and labels[0] == "":  # "" sorts first: it is missing
        labels = labels[1:]
        rank[:-1] -= 1
    rank[-1] = MISSING_CODE
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    codes = rank[indices].astype(np.int32)
    found = missing_issue(column, codes == MISSING_CODE) if column.required else []
    return codes, tuple(labels), found


def _strict_times(values: Any) -> npt.NDArray[np.datetime64] | None:
    """Read a column of times all in the strict form with Arrow's cast, in UTC.

    None if any value is in another form (or empty), or names a date that does
    not exist: `_text` then reads the whole column and reports the issues.
    Every strict value has a UTC offset, so the time zone plays no part.
    """
    pa, pc = import_pyarrow()
    if len(values) == 0 or values.null_count:
        return None
    if not pc.all(pc.match_substring_regex(values, _STRICT_TIME)).as_py():
        return None
    try:
        utc = pc.cast(values, pa.timestamp("ns", "UTC"))
    except pa.ArrowInvalid:
        return None
    nanoseconds = np.asarray(utc.cast(pa.int64()).to_numpy(zero_copy_only=False), np.int64)
    times: npt.NDArray[np.datetime64] = nanoseconds.view("datetime64[ns]")
    return times
