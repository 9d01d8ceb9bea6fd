"""The JSON Schema of scope documents, generated from the model.

The schema follows the strict converter (`converter.py`) and the field checks
declared in the model (`_model._checks`): every attrs class is an object with
``additionalProperties: false``, fields without a default are required,
``X | None`` admits ``null`` (JSON) or leaving the key out; dates, times and
date-times carry their ISO 8601 pattern; enums list their values; numbers carry
the limits every field obeys.  What a schema cannot say (cross-field and
cross-record rules: references between records, one date not before another,
time zones known to the system) is left to the loader, so a document the schema
accepts may still be refused, never the other way round for type or shape.

JSON Schema counts ``3.0`` as an integer; the loader does not.
"""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from types import NoneType, UnionType
from typing import Final

import attrs

from .._limits import MAX_COUNT, MAX_DURATION_SECONDS
from .._model import _checks
from .._model.scope import Scope
from .documents import FORMAT_VERSION

Schema = dict[str, object]

SCHEMA_ID: Final = "https://iso18295.invalid/schemas/scope-document.schema.json"
"""The ``$id`` of the document schema (not a location to fetch)."""

_DATE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}$"
_TIME_PATTERN: Final = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
_DATETIME_PATTERN: Final = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}(:?\d{2}(:\d{2})?)?)$"
)

_CHECK_KEYWORDS: Final[dict[Callable[[object], str | None], Schema]] = {
    _checks.identifier: {"pattern": r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"},
    _checks.non_empty: {"pattern": r"\S"},
    _checks.non_negative: {"minimum": 0},
    _checks.positive: {"exclusiveMinimum": 0},
    _checks.share: {"minimum": 0, "maximum": 1},
    _checks.unique: {"uniqueItems": True},
}


def _number(name: str, kind: str) -> Schema:
    limit = MAX_DURATION_SECONDS if name.endswith("_seconds") else MAX_COUNT
    bound: float | int = int(limit) if kind == "integer" else limit
    return {"type": kind, "minimum": -bound, "maximum": bound}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}

    def of(self, tp: object, name: str) -> Schema:
        """Return the schema of a value of type `tp` held by field `name`."""
        origin = typing.get_origin(tp)
        if isinstance(tp, UnionType) or origin is typing.Union:
            args = [a for a in typing.get_args(tp) if a is not NoneType]
            inner = [self.of(a, name) for a in args]
            nullable = len(args) < len(typing.get_args(tp))
            options: list[Schema] = [*inner, {"type": "null"}] if nullable else inner
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin in (tuple, frozenset):
            (item,) = typing.get_args(tp)[:1]
            schema: Schema = {"type": "array", "items": self.of(item, name)}
            if origin is frozenset:
                schema["uniqueItems"] = True
            return schema
        if isinstance(tp, type) and attrs.has(tp):
            return {"$ref": f"#/$defs/{self.define(tp)}"}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        return self._primitive(tp, name)

    def _primitive(self, tp: object, name: str) -> Schema:
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return _number(name, "integer")
        if tp is float:
            return _number(name, "number")
        if tp is str:
            return {"type": "string"}
        if tp is datetime:
            return {"type": "string", "format": "date-time", "pattern": _DATETIME_PATTERN}
        if tp is date:
            return {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
        if tp is time:
            return {"type": "string", "pattern": _TIME_PATTERN}
        msg = f"document_schema(): no JSON Schema for {tp!r} (field {name})"
        raise TypeError(msg)

    def define(self, cls: type) -> str:
        """Add the schema of attrs class `cls` to the definitions; return its name."""
        key = cls.__name__
        if key in self.defs:
            return key
        self.defs[key] = {}  # placeholder against recursion
        hints = typing.get_type_hints(cls)
        properties: dict[str, Schema] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            schema = self.of(hints[field.name], field.name)
            schema = _with_checks(schema, field.metadata.get(_checks.CHECKS, ()))
            if field.metadata.get(_checks.PERSONAL):
                schema = {**schema, "description": "personal data"}
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        doc = (cls.__doc__ or "").strip().splitlines()
        self.defs[key] = {
            "type": "object",
            "title": key,
            **({"description": doc[0]} if doc else {}),
            "additionalProperties": False,
            "required": required,
            "properties": properties,
        }
        return key


def _with_checks(schema: Schema, functions: tuple[object, ...]) -> Schema:
    """Add the keywords of the field's declared checks to its schema."""
    keywords: Schema = {}
    for function in functions:
        if function is _checks.all_non_negative:
            items = schema.get("items")
            if isinstance(items, dict):
                schema = {**schema, "items": {**items, "minimum": 0}}
        else:
            keywords.update(_CHECK_KEYWORDS.get(function, {}))  # type: ignore[call-overload]
    if not keywords:
        return schema
    if "anyOf" in schema:  # an optional field: the checks apply to its value
        options = typing.cast("list[Schema]", schema["anyOf"])  # built by `_Builder.of`
        return {"anyOf": [_merged(o, keywords) for o in options]}
    return _merged(schema, keywords)


def _merged(schema: Schema, keywords: Schema) -> Schema:
    if schema.get("type") == "null":
        return schema
    if "pattern" in schema and "pattern" in keywords:  # two patterns: both must hold
        return {**schema, "allOf": [{"pattern": keywords["pattern"]}]} | {
            k: v for k, v in keywords.items() if k != "pattern"
        }
    return {**schema, **keywords}


@functools.cache
def _schema() -> Schema:
    builder = _Builder()
    scope = builder.define(Scope)
    root = dict(builder.defs.pop(scope))
    properties = dict(typing.cast("dict[str, Schema]", root["properties"]))
    properties["format_version"] = {"const": FORMAT_VERSION}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **root,
        "title": "ISO 18295 scope document",
        "properties": properties,
        "$defs": dict(sorted(builder.defs.items())),
    }


def document_schema() -> dict[str, object]:
    """Return the JSON Schema (draft 2020-12) of scope documents, generated from the model.

    A document the loader (`load_scope`) accepts validates against it, and a
    document the loader refuses for a wrong type, an unknown key, a missing
    required key or a value out of a field's declared range fails it too.
    Rules across fields and records (references, dates in order, known time
    zones) are the loader's alone.  TOML documents are checked as the JSON
    their tables make (dates as ISO 8601 text).

    Returns
    -------
    dict
        A new copy on every call.

    Examples
    --------
    >>> schema = document_schema()
    >>> schema["required"], schema["additionalProperties"]
    (['name'], False)
    """
    import copy

    return copy.deepcopy(_schema())
