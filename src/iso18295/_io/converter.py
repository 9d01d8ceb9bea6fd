"""The one cattrs converter between documents and the model, made strict.

cattrs' defaults are lenient: ``"false"`` becomes True, ``3.7`` becomes 3, a
string becomes a list of characters.  Here every primitive is checked for its
exact type, containers must be lists, objects must be tables, unknown keys are
errors, and dates and times are read only in unambiguous ISO 8601 forms.  Every
problem is collected and flattened into `Problem` objects by `problems_from`.
Records and lists are structured by the collecting hooks of `_collect.py`
rather than cattrs' generated detailed validation: the same problems, with one
exception per bad record instead of a group per record, list and field, so a
document with 100,000 bad records fails in seconds, not tens of seconds.
"""

from __future__ import annotations

import enum
import functools
import math
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time
from typing import Any, cast

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_unstructure_fn
from dateutil.parser import isoparse

from .._limits import MAX_COUNT
from .._model._checks import describe, expected_type, is_personal
from ..errors import ModelError, Problem
from ._collect import (
    Collected,
    Found,
    class_structure,
    printable,
    sequence_items,
    suggest,
    under,
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SLASHED = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")
_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\Z")


class InvalidValueError(Exception):
    """A leaf problem raised by a structure hook: what was expected, the value found."""

    def __init__(self, expected: str, value: object, hint: str | None = None) -> None:
        super().__init__(expected)
        self.expected, self.value, self.hint = expected, value, hint


class UnreadableNumber:
    """A number in a document that no Python number should stand for.

    The parsers put it where a document says ``NaN``, ``Infinity``, ``1e400``
    (beyond a 64-bit float) or an integer of hundreds of digits, so that the
    converter reports it like any other bad value: with its path.
    """

    __slots__ = ("description",)

    def __init__(self, description: str) -> None:
        self.description = description

    def __repr__(self) -> str:
        return self.description

    @classmethod
    def from_float(cls, text: str) -> UnreadableNumber | float:
        """Parse a float's text; a non-finite result becomes an `UnreadableNumber`."""
        value = float(text)
        if math.isfinite(value):
            return value
        if math.isnan(value):
            return cls(f"{text}, which is not a number")
        if text.lstrip("+-").isalpha():  # inf, Infinity
            return cls(f"{text}, which is not a finite number")
        return cls(f"{text}, out of the range of a 64-bit float")

    @classmethod
    def from_int(cls, text: str) -> UnreadableNumber | int:
        """Parse an integer's text; more digits than any limit allows become `UnreadableNumber`."""
        digits = len(text.lstrip("+-"))
        if digits > _LONGEST_INTEGER:
            return cls(f"an integer of {digits} digits, out of range")
        return int(text)


#: Digits of the longest integer parsed (2**53 has 16; longer ones are refused unparsed).
_LONGEST_INTEGER = 30


# --- primitives -------------------------------------------------------------------------


def _str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise InvalidValueError("a string", value)
    return value


def _int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError("an integer", value)
    return value


def _float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError("a number", value)
    if isinstance(value, int) and abs(value) > MAX_COUNT:  # float() would overflow
        raise InvalidValueError(f"a number between -2**53 and 2**53 ({MAX_COUNT:,})", value)
    return float(value)


def _bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError("true or false", value)
    return value


def _date(value: object, _: type) -> date:
    if isinstance(value, datetime):
        raise InvalidValueError("a date (YYYY-MM-DD)", value, "a date has no time of day")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InvalidValueError("a real calendar date (YYYY-MM-DD)", value) from None
    if isinstance(value, str) and _SLASHED.match(value):
        raise InvalidValueError(
            "a date (YYYY-MM-DD)",
            value,
            "day/month order is ambiguous and is never guessed; write it as YYYY-MM-DD",
        )
    raise InvalidValueError("a date (YYYY-MM-DD)", value)


def _datetime(value: object, _: type) -> datetime:
    expected = "a date and time with a UTC offset (ISO 8601, e.g. 2026-03-02T09:30:00+00:00)"
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and not _SLASHED.match(value):
        try:
            parsed = isoparse(value)
        except (ValueError, OverflowError):
            parsed = _from_isoformat(value, expected)
    elif isinstance(value, str):
        raise InvalidValueError(
            expected, value, "day/month order is ambiguous and is never guessed"
        )
    else:
        raise InvalidValueError(expected, value)
    if parsed.utcoffset() is None:
        raise InvalidValueError(
            expected, value, "add the offset (e.g. Z or +01:00); it is never guessed"
        )
    return parsed


def _from_isoformat(value: str, expected: str) -> datetime:
    """Parse what `isoparse` refuses but Python writes: UTC offsets with seconds (-00:25:21)."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(expected, value) from None


def _time(value: object, _: type) -> time:
    if isinstance(value, time):
        return value
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise InvalidValueError("a time of day (HH:MM)", value)
    hour, minute, second = (int(g) if g else 0 for g in match.groups()[:3])
    microsecond = int((match.group(4) or "").ljust(6, "0"))
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidValueError("a real time of day (HH:MM, 00:00 to 23:59)", value)
    return time(hour, minute, second, microsecond)


def _enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    for member in cls:
        if isinstance(value, str) and member.value == value:
            return member
    raise InvalidValueError(expected_type(cls), value)


# --- containers -------------------------------------------------------------------------


def _sequence_hook(converter: cattrs.Converter, tp: Any) -> Callable[[object, Any], object]:
    origin = typing.get_origin(tp)
    (item_type,) = typing.get_args(tp)[:1]
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: object, _: Any) -> object:
        if not isinstance(value, list | tuple):
            raise InvalidValueError(expected_type(tp), value)
        items = sequence_items(structure_item, item_type, value)
        if origin is frozenset:
            result = frozenset(items)
            if len(result) != len(items):
                raise InvalidValueError(expected_type(tp) + " without repeats", value)
            return result
        return tuple(items)

    return structure


def _class_hook(converter: cattrs.Converter, cls: type) -> Callable[[object, Any], object]:
    collecting = class_structure(cls, converter.get_structure_hook, _leaf)

    def structure(value: object, _: Any) -> object:
        if not isinstance(value, Mapping):
            raise InvalidValueError(f"a table of {cls.__name__} fields", value)
        return collecting(value)

    return structure


def _leaf(exc: Exception, personal: bool) -> list[Found]:
    if type(exc) is InvalidValueError:  # the usual case, without building a Problem
        value = exc.value
        shown = repr(value) if isinstance(value, UnreadableNumber) else None
        return [("", exc.expected, shown or describe(value, personal=personal), exc.hint)]
    return [(p.path, p.expected, p.found, p.hint) for p in problems_from(exc, personal=personal)]


def _class_unstructure(converter: cattrs.Converter, cls: type) -> Callable[[Any], object]:
    return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)


def _sorted_list(value: frozenset[Any]) -> list[object]:
    """Unstructure a set deterministically: enums in declaration order, others sorted."""
    items = list(value)
    if items and all(isinstance(v, enum.Enum) for v in items):
        members: list[enum.Enum] = list(cast("type[enum.Enum]", type(items[0])))
        order = {member: i for i, member in enumerate(members)}
        return [v.value for v in sorted(items, key=order.__getitem__)]
    return sorted(items, key=lambda v: (type(v).__name__, v))


def _is_sequence(tp: Any) -> bool:
    return typing.get_origin(tp) in (tuple, frozenset)


def _is_set(tp: Any) -> bool:
    return tp is frozenset or typing.get_origin(tp) is frozenset


_PRIMITIVES: dict[type, Callable[[object, Any], object]] = {
    str: _str,
    int: _int,
    float: _float,
    bool: _bool,
    date: _date,
    datetime: _datetime,
    time: _time,
}


@functools.cache
def converter() -> cattrs.Converter:
    """Return the strict converter (built once, on first use)."""
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    # Singledispatch picks the most specific class in a type's MRO, so the
    # ``StrEnum`` hook wins over ``str`` for our enums and ``bool`` over ``int``.
    for tp, hook in _PRIMITIVES.items():
        conv.register_structure_hook(tp, hook)
    conv.register_structure_hook(enum.Enum, _enum)
    conv.register_structure_hook(enum.StrEnum, _enum)
    conv.register_structure_hook_factory(_is_sequence, lambda t: _sequence_hook(conv, t))
    conv.register_structure_hook_factory(attrs.has, lambda t: _class_hook(conv, t))
    conv.register_unstructure_hook(date, lambda d: d.isoformat())
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    conv.register_unstructure_hook(
        time, lambda t: t.isoformat("minutes" if not (t.second or t.microsecond) else "auto")
    )
    conv.register_unstructure_hook_func(_is_set, _sorted_list)
    conv.register_unstructure_hook_factory(attrs.has, lambda t: _class_unstructure(conv, t))
    return conv


# --- flattening errors into problems ------------------------------------------------------


def problems_from(
    exc: BaseException, path: str = "", *, personal: bool = False
) -> Iterator[Problem]:
    """Flatten a structuring failure into `Problem` objects, each with its full path.

    Parameters
    ----------
    exc : BaseException
        What structuring raised: a cattrs validation group, an `InvalidValueError` leaf, or
        a `ModelError` from a model constructor.
    path : str
        Path of the value `exc` belongs to.
    personal : bool
        Whether the value is personal data (its value is then withheld).
    """
    if isinstance(exc, Collected):
        for where, expected, what, hint in exc.found:
            yield Problem(path=under(path, where), expected=expected, found=what, hint=hint)
        for where, error in exc.pending:
            yield from problems_from(error, under(path, where), personal=personal)
    elif isinstance(exc, ClassValidationError):
        with_notes, others = exc.group_exceptions()
        fields = {f.name: f for f in attrs.fields(exc.cl)} if attrs.has(exc.cl) else {}
        for sub, note in with_notes:
            field = fields.get(note.name)
            flag = field is not None and is_personal(field)
            yield from problems_from(sub, _join(path, note.name), personal=flag)
        for sub in others:
            yield from problems_from(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_index, others_it = exc.group_exceptions()
        for sub, inote in with_index:
            yield from problems_from(sub, f"{path}[{inote.index}]", personal=personal)
        for sub in others_it:
            yield from problems_from(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = sorted(f.name for f in attrs.fields(exc.cl)) if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields):
            yield Problem(
                path=_join(path, printable(key)),
                expected=f"only fields of {exc.cl.__name__}",
                found="an unknown field",
                hint=suggest(key, known),
            )
    elif isinstance(exc, KeyError):  # cattrs' generated code: a required key is absent
        yield Problem(path=path, expected="a value", found="nothing", hint="the field is required")
    elif isinstance(exc, InvalidValueError):
        value = exc.value
        found = repr(value) if isinstance(value, UnreadableNumber) else None
        yield Problem(
            path=path,
            expected=exc.expected,
            found=found or describe(value, personal=personal),
            hint=exc.hint,
        )
    elif isinstance(exc, ModelError):
        for problem in exc.problems:
            yield problem.prefixed(path)
    else:  # pragma: no cover - a hook raised something unforeseen: a bug, surface it
        raise exc


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
