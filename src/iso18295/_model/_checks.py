"""Validation shared by every model class.

Model classes are ``@attrs.frozen(kw_only=True)`` and derive from `Validated`.
Their fields declare checks in metadata (``attrs.field(metadata=checks(...))``)
instead of attrs validators, so that construction reports *every* problem on an
object in one `ModelError`, not the first one only.  Cross-field invariants are
methods named in a class's ``_invariants`` tuple.

A check is a plain function ``(value) -> Problem-text | None``; it returns what
was expected when the value is wrong.

Before a field's own checks, every number in it (or in its list) must lie
within the limits of `iso18295._limits`: a magnitude of at most `MAX_COUNT`
(2**53), and in a field of seconds (``*_seconds``) a duration of at most
`MAX_DURATION_SECONDS` (10 years).  Every string must be valid Unicode (no lone
surrogates, which JSON can spell but no file or report can hold).

Fields holding personal data are marked with ``checks(..., personal=True)``;
their values are never echoed in messages.
"""

from __future__ import annotations

import enum
import math
import re
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING, ClassVar

import attrs

from .._limits import MAX_COUNT, MAX_DURATION_SECONDS
from ..errors import ModelError, Problem

Check = Callable[[object], str | None]
"""A check returns ``None`` when the value is fine, or what was expected."""

PERSONAL = "iso18295.personal"
CHECKS = "iso18295.checks"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]*\Z")


def checks(*functions: Check, personal: bool = False) -> dict[str, object]:
    """Build field metadata that declares `functions` as the field's checks.

    Parameters
    ----------
    *functions : Check
        Run in order on the field's value when the object is constructed.
    personal : bool, default False
        Whether the field holds personal data (customer references and contact
        details, agent names): its value is then never shown in messages and is
        redacted on request when the model is dumped.

    Returns
    -------
    dict
        Metadata for ``attrs.field(metadata=...)``.
    """
    return {CHECKS: functions, PERSONAL: personal}


def is_personal(field: attrs.Attribute[object]) -> bool:
    """Tell whether an attrs field is marked as holding personal data."""
    return bool(field.metadata.get(PERSONAL, False))


def describe(value: object, *, personal: bool = False) -> str:
    """Describe a found value for a message, withholding personal data."""
    if personal and isinstance(value, str):
        return f"a {len(value)}-character string (withheld: personal data)"
    if personal and value is not None:
        return f"a value of type {type(value).__name__} (withheld: personal data)"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int) and abs(value) > _LONGEST_SHOWN:  # repr fails beyond 4,300 digits
        return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date | time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if isinstance(value, list | tuple | frozenset | set):
        return f"a {type(value).__name__} of {len(value)} items"
    if isinstance(value, Mapping):
        return f"a table with keys {sorted(map(str, value))!r}"
    return f"a value of type {type(value).__name__}"


_LONGEST_SHOWN = 10**30


# --- limits every field obeys ---------------------------------------------------------

_COUNT_EXPECTED = f"a number between -2**53 and 2**53 ({MAX_COUNT:,})"
_DURATION_EXPECTED = f"a duration of at most 10 years ({MAX_DURATION_SECONDS:,.0f} seconds)"
_UNICODE_EXPECTED = "text in valid Unicode"


def _limit_of(name: str) -> tuple[float, str]:
    """Return the largest magnitude a number in field `name` may have, and its description."""
    if name.endswith("_seconds"):
        return MAX_DURATION_SECONDS, _DURATION_EXPECTED
    return float(MAX_COUNT), _COUNT_EXPECTED


def _out_of_limits(value: object, limit: float) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > limit  # exact, however large the integer
    if isinstance(value, float):
        return abs(value) > limit  # infinity too; NaN is left to the field's checks
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def limit_problems(name: str, value: object, *, personal: bool = False) -> Iterator[Problem]:
    """Yield a problem for each number beyond its limit and each string not valid Unicode.

    `name` is the field's name, which gives the unit; items of a list are
    reported by index.  Used for every field of every model class.
    """
    limit, expected = _limit_of(name)
    items = value if isinstance(value, tuple | frozenset) else (value,)
    for index, item in enumerate(items):
        if _out_of_limits(item, limit):
            path = f"{name}[{index}]" if isinstance(value, tuple) else name
            wanted = _UNICODE_EXPECTED if isinstance(item, str) else expected
            found = "a string with a lone surrogate" if isinstance(item, str) else None
            yield Problem(
                path=path, expected=wanted, found=found or describe(item, personal=personal)
            )
            if personal or not isinstance(value, tuple):
                return


# --- checks ---------------------------------------------------------------------------


def non_empty(value: object) -> str | None:
    """Require a string with at least one non-blank character."""
    if isinstance(value, str) and not value.strip():
        return "a non-empty string"
    return None


def identifier(value: object) -> str | None:
    """Require an identifier: letters, digits and ``. _ : / -``, starting alphanumeric."""
    if isinstance(value, str) and not _ID.match(value):
        return "an identifier (letters, digits and . _ : / -, starting with a letter or digit)"
    return None


def non_negative(value: object) -> str | None:
    """Require a finite number >= 0 (``None`` passes: optional fields)."""
    if isinstance(value, int | float) and not (_finite(value) and value >= 0):
        return "a finite number >= 0"
    return None


def positive(value: object) -> str | None:
    """Require a finite number > 0."""
    if isinstance(value, int | float) and not (_finite(value) and value > 0):
        return "a finite number > 0"
    return None


def _finite(value: float) -> bool:
    return isinstance(value, int) or math.isfinite(value)  # math.isfinite(10**400) overflows


def share(value: object) -> str | None:
    """Require a fraction in [0, 1]."""
    if isinstance(value, int | float) and not (0.0 <= value <= 1.0):
        return "a fraction between 0 and 1"
    return None


def all_non_negative(value: object) -> str | None:
    """Require every item of a sequence to be a finite number >= 0."""
    if isinstance(value, tuple) and any(non_negative(v) for v in value):
        return "finite numbers >= 0 only"
    return None


def time_zone(value: object) -> str | None:
    """Require an IANA time zone name such as ``Europe/Dublin``."""
    from .._timezones import ZONE_EXPECTED, zone_or_none  # numpy: only once a zone is checked

    if isinstance(value, str) and zone_or_none(value) is None:
        return ZONE_EXPECTED
    return None


def unique(value: object) -> str | None:
    """Require a sequence without repeated items."""
    if isinstance(value, tuple):
        try:
            distinct = len(set(value))
        except TypeError:  # unhashable items: the type check reports them
            return None
        if distinct != len(value):
            return "no repeated items"
    return None


def duplicate_ids(items: tuple[object, ...] | None, path: str) -> Iterator[Problem]:
    """Yield a problem for every item whose ``id`` repeats an earlier item's.

    ``None`` (a collection not supplied) has no items, hence no repeats.
    """
    first_at: dict[str, int] = {}
    for index, item in enumerate(items or ()):
        item_id = getattr(item, "id", None)
        if not isinstance(item_id, str):
            continue
        if item_id in first_at:
            yield Problem(
                path=f"{path}[{index}].id",
                expected=f"an id not used before in {path}",
                found=f"{item_id!r}, already the id of {path}[{first_at[item_id]}]",
            )
        else:
            first_at[item_id] = index


# --- runtime type checking --------------------------------------------------------------


def _type_name(tp: object) -> str:
    names: dict[object, str] = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        date: "a date (YYYY-MM-DD)",
        datetime: "a date and time with a UTC offset",
        time: "a time of day (HH:MM)",
    }
    if tp in names:
        return names[tp]
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        parts = [_type_name(a) for a in typing.get_args(tp) if a is not type(None)]
        return " or ".join(parts) + (" or nothing" if type(None) in typing.get_args(tp) else "")
    if origin in (tuple, frozenset):
        return f"a list of {_plural(typing.get_args(tp)[0])}"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(repr(m.value) for m in tp)
    if isinstance(tp, type):
        return f"a {tp.__name__}"
    return str(tp)


def _plural(tp: object) -> str:
    name = _type_name(tp)
    for article in ("an ", "a "):
        if name.startswith(article):
            return name[len(article) :] + "s"
    return name


def expected_type(tp: object) -> str:
    """Describe, for a message, what a value of annotation `tp` looks like."""
    return _type_name(tp)


def conforms(value: object, tp: object) -> bool:
    """Tell whether `value` is an instance of annotation `tp` (shallow for containers).

    Supports the annotations the model uses: plain classes, ``X | None``,
    ``tuple[X, ...]`` and ``frozenset[X]``.  ``bool`` is not accepted as a number,
    and naive datetimes are not accepted.
    """
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return any(conforms(value, arg) for arg in typing.get_args(tp))
    if origin in (tuple, frozenset):
        return isinstance(value, origin) and all(
            conforms(item, typing.get_args(tp)[0]) for item in value
        )
    if tp is type(None):
        return value is None
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if tp is datetime:
        return isinstance(value, datetime) and value.utcoffset() is not None
    if tp is time:  # a local time of day: an offset would make it a different thing
        return isinstance(value, time) and value.tzinfo is None
    if isinstance(tp, type):
        return isinstance(value, tp)
    return True  # pragma: no cover - every model annotation is one of the above


def _enum_wanted(tp: object) -> tuple[type[enum.Enum], str] | None:
    """Return the enum annotation `tp` asks for, and its container (``""``, tuple, frozenset).

    ``X | None`` asks for what ``X`` asks for; None when `tp` asks for no enum.
    """
    args = [a for a in typing.get_args(tp) if a is not type(None)] if _is_union(tp) else [tp]
    if len(args) != 1:
        return None
    inner = args[0]
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return inner, ""
    origin = typing.get_origin(inner)
    if origin in (tuple, frozenset):
        item = typing.get_args(inner)[0]
        if isinstance(item, type) and issubclass(item, enum.Enum):
            return item, origin.__name__
    return None


def _is_union(tp: object) -> bool:
    return typing.get_origin(tp) in (types.UnionType, typing.Union)


def public_name(cls: type) -> str:
    """Return the name users import `cls` by, such as ``iso18295.Party``."""
    package = sys.modules.get("iso18295")
    if package is not None and vars(package).get(cls.__name__) is cls:
        return f"iso18295.{cls.__name__}"
    return cls.__name__


def enum_mismatch(path: str, value: object, tp: object) -> Problem | None:
    """Describe a value that is not what enum annotation `tp` asks for, naming the enum.

    Python callers who pass ``"centre"`` for a `Party` field need to hear which
    enum to use, not the list of its values (documents, which hold strings,
    get the values instead).  Returns None unless `tp` asks for an enum, or a
    tuple or frozenset of one.
    """
    wanted = _enum_wanted(tp)
    if wanted is None:
        return None
    cls, container = wanted
    members = ", ".join(f"{cls.__name__}.{m.name}" for m in cls)
    if container:
        expected = f"a {container} of {public_name(cls)} members ({members})"
    else:
        expected = f"an {public_name(cls)} member ({members})"
    if _is_union(tp):
        expected += " or None"
    wrong: object = value
    among = ""
    if container and isinstance(value, tuple if container == "tuple" else frozenset):
        wrong = next((v for v in value if not isinstance(v, cls)), None)
        among = " among its items"
    found = (f"the str {describe(wrong)}" if isinstance(wrong, str) else describe(wrong)) + among
    known = {m.value for m in cls}
    hint = f"use {cls.__name__}({wrong!r})" if isinstance(wrong, str) and wrong in known else None
    return Problem(path=path, expected=expected, found=found, hint=hint)


_HINTS: dict[type, dict[str, object]] = {}


def _hints(cls: type) -> dict[str, object]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


class Validated:
    """Mixin for model classes: check every field, then every invariant, at construction.

    Subclasses are ``@attrs.frozen(kw_only=True)`` classes.  They list the names of
    cross-field invariant methods in ``_invariants``; each such method yields
    `Problem` objects (paths relative to the object).
    """

    __slots__ = ()
    _invariants: ClassVar[tuple[str, ...]] = ()
    _not_stated: ClassVar[tuple[str, ...]] = ()
    """Fields whose ``None`` means *not supplied*; elsewhere ``None`` is a fact
    (an open-ended agreement, an unacknowledged complaint)."""
    if TYPE_CHECKING:  # every subclass is an attrs class
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[object], ...]]

    def __attrs_post_init__(self) -> None:
        """Raise `ModelError` listing every problem found on the new object."""
        problems = list(self._field_problems())
        if not problems:
            for name in self._invariants:
                problems.extend(getattr(self, name)())
        if problems:
            raise ModelError(type(self).__name__, problems)

    def _field_problems(self) -> Iterator[Problem]:
        cls = type(self)
        hints = _hints(cls)
        for field in attrs.fields(cls):
            value = getattr(self, field.name)
            personal = is_personal(field)
            tp = hints[field.name]
            if not conforms(value, tp):
                yield enum_mismatch(field.name, value, tp) or Problem(
                    path=field.name,
                    expected=expected_type(tp),
                    found=describe(value, personal=personal),
                )
                continue
            beyond = list(limit_problems(field.name, value, personal=personal))
            if beyond:
                yield from beyond
                continue
            for check in field.metadata.get(CHECKS, ()):
                wanted = check(value)
                if wanted is not None:
                    yield Problem(
                        path=field.name,
                        expected=wanted,
                        found=describe(value, personal=personal),
                    )
                    break


def not_before(later: str, earlier: str) -> Callable[[Validated], Iterator[Problem]]:
    """Build an invariant: field `later`, when set, is not before field `earlier`."""

    def invariant(obj: Validated) -> Iterator[Problem]:
        a, b = getattr(obj, later), getattr(obj, earlier)
        if a is not None and b is not None and a < b:
            yield Problem(
                path=later,
                expected=f"a value on or after {earlier} ({describe(b)})",
                found=describe(a),
            )

    return invariant


def same_length(*names: str) -> Callable[[Validated], Iterator[Problem]]:
    """Build an invariant: the sequences in fields `names` all have the same length."""

    def invariant(obj: Validated) -> Iterator[Problem]:
        lengths = {name: len(getattr(obj, name)) for name in names}
        first = names[0]
        for name in names[1:]:
            if lengths[name] != lengths[first]:
                yield Problem(
                    path=name,
                    expected=f"as many items as {first} ({lengths[first]})",
                    found=f"{lengths[name]} items",
                )

    return invariant
