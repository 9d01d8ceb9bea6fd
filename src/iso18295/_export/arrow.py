"""Arrow arrays and tables from the library's columns (pyarrow imported by the caller).

Every conversion is vectorised: numeric columns are handed to Arrow without a
copy where no value is missing, category codes become dictionary indices over
the labels, and masks mark the missing values.  No Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

UTC_TIMESTAMP: Final = ("ns", "UTC")
"""The unit and zone of every exported timestamp column."""


def dictionary(pa: Any, codes: npt.NDArray[np.int32], labels: Sequence[str]) -> Any:
    """Return codes into `labels` as an Arrow dictionary array; code -1 is null."""
    missing = codes < 0
    indices = pa.array(codes, type=pa.int32(), mask=missing if missing.any() else None)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(labels), type=pa.string()))


def timestamps(pa: Any, values: npt.NDArray[np.datetime64]) -> Any:
    """Return ``datetime64[ns]`` UTC values as Arrow ``timestamp[ns, tz=UTC]``; NaT is null."""
    missing = np.isnat(values)
    return pa.array(
        values.view(np.int64),
        type=pa.timestamp(*UTC_TIMESTAMP),
        mask=missing if missing.any() else None,
    )


def floats(pa: Any, values: npt.NDArray[np.float64]) -> Any:
    """Return float64 values as an Arrow ``double`` array; NaN (missing) is null."""
    missing = np.isnan(values)
    return pa.array(values, type=pa.float64(), mask=missing if missing.any() else None)


def tristate(pa: Any, values: npt.NDArray[np.int8]) -> Any:
    """Return 1/0/-1 (yes, no, not recorded) as an Arrow ``bool`` array; -1 is null."""
    missing = values < 0
    return pa.array(values == 1, type=pa.bool_(), mask=missing if missing.any() else None)


def column_array(pa: Any, kind: str, values: npt.NDArray[Any], labels: Sequence[str]) -> Any:
    """Return one `InteractionTable` column as an Arrow array, by the column's `kind`.

    `kind` is the column's storage kind (``Column.kind``): ``category``,
    ``timestamp``, ``float``, ``bool`` or ``tristate``.
    """
    if kind == "category":
        return dictionary(pa, values, labels)
    if kind == "timestamp":
        return timestamps(pa, values)
    if kind == "float":
        return floats(pa, values)
    if kind == "bool":
        return pa.array(values, type=pa.bool_())
    return tristate(pa, values)


def table(
    pa: Any,
    arrays: Mapping[str, Any],
    *,
    required: Sequence[str] = (),
    descriptions: Mapping[str, str] | None = None,
    metadata: Mapping[str, str] | None = None,
) -> Any:
    """Return a ``pyarrow.Table`` of `arrays`, in order.

    Columns named in `required` are declared not nullable; `descriptions` go
    to each field's metadata (``description``); `metadata` to the schema's.
    """
    fields = [
        pa.field(
            name,
            array.type,
            nullable=name not in required,
            metadata=None if descriptions is None else {"description": descriptions[name]},
        )
        for name, array in arrays.items()
    ]
    schema = pa.schema(fields, metadata=None if metadata is None else dict(metadata))
    return pa.Table.from_arrays(list(arrays.values()), schema=schema)
