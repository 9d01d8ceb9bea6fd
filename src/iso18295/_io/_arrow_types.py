"""Arrow types: pyarrow imported on demand, and the types each kind of column accepts.

pyarrow is an optional dependency (the ``parquet`` extra), imported by the
functions here on first use, never at module import; without it they say how
to install it.  `type_problem` is the rule, checked once on an input's schema,
for which Arrow types can fill each of `INTERACTION_COLUMNS`.
"""

from __future__ import annotations

from typing import Any, Final
from zoneinfo import ZoneInfo

from .._model.columns import Column
from ..errors import Problem

_INSTALL: Final = "pip install 'iso18295[parquet]'"


def import_pyarrow() -> tuple[Any, Any]:
    """Return pyarrow and pyarrow.compute, or explain how to install them."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
        import pyarrow.compute as pc  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as exc:  # pragma: no cover - the test environments install pyarrow
        raise ImportError(f"reading Arrow and Parquet data needs pyarrow: {_INSTALL}") from exc
    return pa, pc


def import_parquet() -> Any:
    """Return pyarrow.parquet, or explain how to install pyarrow."""
    import_pyarrow()
    import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return pq


def is_text(pa: Any, kind: Any) -> bool:
    """Tell whether an Arrow type holds text (string, large string or string view)."""
    view = getattr(pa.types, "is_string_view", lambda _: False)
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or view(kind))


def type_problem(pa: Any, column: Column, kind: Any, zone: ZoneInfo | None) -> Problem | None:
    """Return the problem with filling `column` from Arrow type `kind`, or None if it fits."""
    if pa.types.is_null(kind) or (is_text(pa, kind) and column.kind != "category"):
        return None  # all missing; or text, read as in CSV
    expected: str
    hint = None
    if column.kind == "category":
        values = kind.value_type if pa.types.is_dictionary(kind) else kind
        if is_text(pa, values) or pa.types.is_null(values):
            return None
        expected = "text or dictionary-encoded text"
        hint = "cast ids to text" if pa.types.is_integer(kind) else None
    elif column.kind == "timestamp":
        if pa.types.is_timestamp(kind) and (kind.tz is not None or zone is not None):
            return None
        expected = "timestamps with a time zone (or ISO 8601 text)"
        if pa.types.is_timestamp(kind):
            hint = "pass time_zone= with the IANA zone the times were recorded in"
    elif column.kind == "float":
        if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
            return None
        expected = "numbers"
    elif column.kind == "bool":
        if pa.types.is_boolean(kind) or pa.types.is_integer(kind):
            return None  # integers must be 1 or 0, checked value by value
        expected = "booleans (or the integers 1 and 0)"
    else:
        if pa.types.is_boolean(kind) or pa.types.is_integer(kind):
            return None
        expected = "booleans (null: not recorded) or the integers 1, 0, -1"
    return Problem(path=column.name, expected=expected, found=f"type {kind}", hint=hint)
