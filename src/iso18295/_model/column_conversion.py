"""Column conversion: array-likes to the dtypes of `INTERACTION_COLUMNS`.

`iso18295.InteractionTable.from_columns` converts each column given with
these functions; a value that cannot be stored without loss raises
`ConversionError`, which the table reports as a problem of that column.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .columns import MISSING_CODE, Column
from .row_checks import rows_found

CodeArray = npt.NDArray[np.int32]


class ConversionError(Exception):
    """A column's values cannot be stored in its dtype without loss."""

    def __init__(self, expected: str, found: str) -> None:
        self.expected, self.found = expected, found


def length_of(values: object) -> int | None:
    """Return the number of rows in a column, or None for a single value."""
    if isinstance(values, list | tuple):
        return len(values)
    array = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    return int(array.shape[0]) if array.ndim else None


def missing_column(column: Column, n: int) -> npt.NDArray[np.generic]:
    fill: dict[str, object] = {
        "category": MISSING_CODE,
        "float": np.nan,
        "bool": False,
        "tristate": -1,
    }
    return np.full(n, fill[column.kind], dtype=column.dtype)


def encode_categories(values: object) -> tuple[CodeArray, tuple[str, ...]]:
    array = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if array.ndim != 1:
        raise ConversionError(
            "a one-dimensional sequence of strings", f"an array of shape {array.shape}"
        )
    if array.dtype.kind == "U":
        labels, inverse = np.unique(array, return_inverse=True)
        codes: CodeArray = inverse.astype(np.int32)
        return codes, tuple(str(x) for x in labels)
    if array.dtype != object:
        raise ConversionError("strings (None for missing)", f"an array of dtype {array.dtype}")
    missing = array == None  # noqa: E711 - elementwise on an object array
    present = array[~missing]
    not_text = ~np.fromiter((isinstance(x, str) for x in present), bool, len(present))
    if not_text.any():
        raise ConversionError(
            "strings (None for missing)",
            f"{int(not_text.sum())} values that are not strings",
        )
    # Sort the str objects themselves: numpy's fixed-width "U" dtype drops trailing NULs.
    labels, inverse = np.unique(present, return_inverse=True)
    encoded: CodeArray = np.full(array.shape[0], MISSING_CODE, dtype=np.int32)
    encoded[~missing] = inverse
    return encoded, tuple(str(x) for x in labels)


def convert_values(column: Column, values: object) -> npt.NDArray[np.generic]:
    array = np.asarray(values)
    target = column.dtype
    if array.ndim == 1 and array.size == 0:  # no values, so none of the wrong kind
        return np.empty(0, dtype=target)
    if column.kind == "timestamp":
        if array.dtype.kind != "M":
            raise ConversionError("datetime64 values (UTC)", f"an array of dtype {array.dtype}")
        converted = array.astype(target)
        lost = (converted.astype(array.dtype) != array) & ~np.isnat(array)
        if lost.any():  # out of datetime64[ns] range (1678-2262) or finer than nanoseconds
            raise ConversionError(
                "times that datetime64[ns] holds exactly (years 1678 to 2262)", rows_found(lost)
            )
        return converted
    if column.kind == "bool" and array.dtype != np.bool_:
        raise ConversionError("booleans", f"an array of dtype {array.dtype}")
    if column.kind in ("float", "tristate") and array.dtype.kind not in "iuf":
        raise ConversionError("numbers", f"an array of dtype {array.dtype}")
    if column.kind == "tristate":
        if array.size and not np.isin(array, (-1, 0, 1)).all():
            raise ConversionError("1, 0 or -1 (not recorded)", "other values")
        return array.astype(target)
    return array.astype(target, casting="same_kind" if array.dtype.kind == "f" else "unsafe")
