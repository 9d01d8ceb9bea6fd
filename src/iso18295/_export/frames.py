"""From a ``pyarrow.Table`` to the Arrow stream protocol, pandas and polars.

The library's tables build one ``pyarrow.Table`` each (`to_arrow`); these
functions turn it into what the other methods promise, importing pandas and
polars only when called.
"""

from __future__ import annotations

from typing import Any

from .libraries import require


def arrow_stream(table: Any, requested_schema: object | None) -> object:
    """Return the Arrow C stream PyCapsule of `table` (the PyCapsule interface)."""
    return table.__arrow_c_stream__(requested_schema)


def pandas_frame(table: Any, where: str) -> Any:
    """Return `table` as a ``pandas.DataFrame``.

    Dictionary columns become ``category``; timestamps keep their zone;
    booleans become pandas' nullable ``boolean`` (so a null stays missing
    instead of turning the column into objects); nulls in numbers are NaN.
    """
    pd = require("pandas", where)
    pa = require("pyarrow", where)
    mapping = {pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=mapping.get)


def polars_frame(table: Any, where: str) -> Any:
    """Return `table` as a ``polars.DataFrame`` (dictionary columns become ``Categorical``)."""
    pl = require("polars", where)
    return pl.from_arrow(table)
