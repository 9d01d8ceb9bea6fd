"""Replacing personal data in model objects with a placeholder."""

from __future__ import annotations

from typing import TypeVar, cast

import attrs

from .._model._checks import is_personal

WITHHELD = "withheld"
"""The text that stands in for redacted personal data."""

_T = TypeVar("_T")


def redacted(obj: _T) -> _T:
    """Return a copy of a model object with every personal-data field replaced.

    Fields marked personal (agent names, customer references) that hold text
    become `WITHHELD`; everything else is kept.  Nested objects and tuples of
    objects are redacted too.
    """
    if isinstance(obj, tuple):
        return type(obj)(redacted(item) for item in obj)
    if not attrs.has(type(obj)):
        return obj
    changes: dict[str, object] = {}
    for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(obj))):
        value = getattr(obj, field.name)
        if is_personal(field):
            if isinstance(value, str):
                changes[field.name] = WITHHELD
        elif isinstance(value, tuple) or attrs.has(type(value)):
            new = redacted(value)
            if new is not value:
                changes[field.name] = new
    return attrs.evolve(obj, **changes) if changes else obj  # type: ignore[misc]
