"""Structuring records that collects every problem, at a cost proportional to the problems.

cattrs' detailed validation reports every problem, but it does so with an
exception group per bad record and per bad list, a note per bad field and a
``KeyError`` per missing one; a document with 100,000 bad records spent most
of its 10-20 seconds building those groups and flattening them again.  The
hooks here keep the same promise (every problem, each with its path) with one
exception per bad record: a missing field becomes a problem directly, a bad
value's `InvalidValueError` is turned into one where the field's
personal-data flag is known, and a record or list hands its problems up as a
flat list (`Collected`) whose paths are extended on the way up.  A `Problem`
is built once, at the top.

Values that are read (primitives, enums, dates) still go through the hooks of
the converter, so what counts as a problem is decided in one place.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .._model._checks import is_personal
from ..errors import ModelError

Hook = Callable[[Any, Any], object]

Found = tuple[str, str, str, str | None]
"""A problem on its way up: path (relative to the value that raised it), expected, found, hint.

A tuple of strings, not an object: the garbage collector stops tracking such
tuples, so a million of them cost it nothing."""

Leaf = Callable[[Exception, bool], list[Found]]
"""Turns a bad value's exception into problems, withholding the value if the field is personal."""


class Collected(Exception):  # noqa: N818 - carries problems up; never leaves the loader
    """Every problem found in one record or list, with paths relative to it.

    `found` holds finished problems; `pending` holds bad values below a list,
    described once the field that holds the list says whether they are
    personal data.
    """

    def __init__(self, found: list[Found], pending: list[tuple[str, Exception]]) -> None:
        super().__init__(f"{len(found) + len(pending)} problems")
        self.found, self.pending = found, pending


def sequence_items(
    structure_item: Hook, item_type: object, value: list[object] | tuple[object, ...]
) -> list[object]:
    """Structure every item; raise `Collected` with every item's problems if any fails."""
    items: list[object] = []
    found: list[Found] = []
    pending: list[tuple[str, Exception]] = []
    for index, item in enumerate(value):
        try:
            items.append(structure_item(item, item_type))
        except Collected as bad:
            prefix = f"[{index}]"
            found.extend((under(prefix, p), e, f, h) for p, e, f, h in bad.found)
            pending.extend((under(prefix, p), error) for p, error in bad.pending)
        except Exception as exc:  # noqa: BLE001 - described where its field is known
            pending.append((f"[{index}]", exc))
    if found or pending:
        raise Collected(found, pending)
    return items


@attrs.frozen
class _Field:
    name: str
    type: object
    hook: Hook
    required: bool
    personal: bool


def class_structure(
    cls: type, get_hook: Callable[[object], Hook], leaf: Leaf
) -> Callable[[Mapping[str, object]], object]:
    """Return a function that structures a mapping into `cls`, collecting every problem.

    `get_hook` gives the converter's hook for a field's type (looked up on
    first use, so that a class may contain itself); `leaf` turns a bad value's
    exception into problems.  Problems come in field order, then unknown
    fields; below a field, the problems of records before those of values.
    """
    fields: tuple[_Field, ...] = ()
    known: frozenset[str] = frozenset()

    def structure(value: Mapping[str, object]) -> object:
        nonlocal fields, known
        if not known:
            fields = tuple(
                _Field(
                    name=f.name,
                    type=f.type,
                    hook=get_hook(f.type),
                    required=f.default is attrs.NOTHING,
                    personal=is_personal(f),
                )
                for f in attrs.fields(attrs.resolve_types(cls))
            )
            known = frozenset(f.name for f in fields)
        kwargs: dict[str, object] = {}
        found: list[Found] = []
        for f in fields:
            if f.name in value:
                try:
                    kwargs[f.name] = f.hook(value[f.name], f.type)
                except Collected as bad:
                    found.extend(_settle(bad, f.name, f.personal, leaf))
                except Exception as exc:  # noqa: BLE001 - every bad value is a problem
                    found.extend(
                        (under(f.name, p), e, d, h) for p, e, d, h in leaf(exc, f.personal)
                    )
            elif f.required:
                found.append((f.name, "a value", "nothing", "the field is required"))
        if not known.issuperset(value):
            found.extend(_unknown(cls, value, known))
        if found:
            raise Collected(found, [])
        try:
            return cls(**kwargs)
        except ModelError as invalid:
            problems = [(p.path, p.expected, p.found, p.hint) for p in invalid.problems]
            raise Collected(problems, []) from None

    return structure


def _settle(bad: Collected, name: str, personal: bool, leaf: Leaf) -> list[Found]:
    """Put the field's name in front of each path; describe pending values as the field says."""
    settled = [(under(name, p), e, f, h) for p, e, f, h in bad.found]
    for where, error in bad.pending:
        prefix = under(name, where)
        settled.extend((under(prefix, p), e, f, h) for p, e, f, h in leaf(error, personal))
    return settled


def _unknown(cls: type, value: Mapping[str, object], known: frozenset[str]) -> list[Found]:
    names = sorted(known)
    unknown = sorted(str(k) for k in value if k not in known)
    expected = f"only fields of {cls.__name__}"
    return [(printable(key), expected, "an unknown field", suggest(key, names)) for key in unknown]


def printable(key: str) -> str:
    """Return a key as a path segment that a message can hold and a reader can find.

    A plain name stays as it is.  A key that is empty or holds what a path
    uses (``.``, ``[``, ``]``), spaces or control characters is quoted in
    brackets, ``[""]`` or ``["a.b"]``, so that no problem of a key loses its
    path; lone surrogates, which no file or terminal can hold, are escaped.
    """
    if _PLAIN.fullmatch(key) is None:
        key = "[" + json.dumps(key, ensure_ascii=False) + "]"
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


_PLAIN = re.compile(r"[^\s.\[\]\x00-\x1f\x7f]+")


def suggest(key: str, known: list[str]) -> str:
    """Return a hint naming the closest known field, or listing them all."""
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "known fields: " + ", ".join(known)


def under(prefix: str, path: str) -> str:
    """Join `prefix` and a path below it, as `Problem.prefixed` does."""
    if not path:
        return prefix
    if not prefix:
        return path
    if path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"
