"""Option validators shared by the KPI definitions, raising `CalculationError`."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

import attrs

from iso18295._model.common import WeeklyHours
from iso18295._timezones import zone_or_none
from iso18295.errors import CalculationError

Direction = Literal["inbound", "outbound", "all"]
DIRECTIONS = ("inbound", "outbound", "all")


def _owner(instance: object) -> str:
    return f"{type(instance).__name__}()"


def check_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a non-empty name of letters, digits and underscores."""
    if not isinstance(value, str) or not value.isidentifier():
        raise CalculationError(
            f"{_owner(instance)}: expected {attribute.name} of letters, digits and"
            f" underscores, found {value!r}"
        )


def check_seconds(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a finite number of seconds >= 0."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise CalculationError(
            f"{_owner(instance)}: expected {attribute.name} as a finite number >= 0, "
            f"found {value!r}"
        )


def check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require True or False."""
    if not isinstance(value, bool):
        raise CalculationError(
            f"{_owner(instance)}: expected {attribute.name} as True or False, found {value!r}"
        )


def check_optional_seconds(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    """Require None or a finite number of seconds >= 0."""
    if value is not None:
        check_seconds(instance, attribute, value)


def check_number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CalculationError(
            f"{_owner(instance)}: expected {attribute.name} as a finite number, found {value!r}"
        )


def one_of(*choices: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Return a validator requiring one of `choices`."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            listed = ", ".join(repr(c) for c in choices)
            raise CalculationError(
                f"{_owner(instance)}: expected {attribute.name} in {{{listed}}}, found {value!r}"
            )

    return check


def to_tuple(value: object) -> object:
    """Turn a list into a tuple, so options given as lists compare and hash; keep anything else."""
    return tuple(value) if isinstance(value, list) else value


def require_zone(owner: str, name: str, value: object, *, optional: bool = False) -> None:
    """Require an IANA zone name (or None if `optional`), else raise `CalculationError`."""
    if optional and value is None:
        return
    kind = "None or an IANA zone name" if optional else "an IANA zone name"
    expected = f"{owner}: expected {name} as {kind} such as 'Europe/Dublin'"
    if zone_or_none(value) is None:
        raise CalculationError(f"{expected}, found {value!r}")


def check_zone(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require an IANA time-zone name."""
    require_zone(_owner(instance), attribute.name, value)


def check_optional_zone(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require None or an IANA time-zone name."""
    require_zone(_owner(instance), attribute.name, value, optional=True)


def check_optional_hours(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require None or a non-empty tuple of `WeeklyHours`."""
    if value is None:
        return
    if (
        not isinstance(value, tuple)
        or not value
        or not all(isinstance(w, WeeklyHours) for w in value)
    ):
        raise CalculationError(
            f"{_owner(instance)}: expected {attribute.name} as None or a non-empty tuple of"
            f" WeeklyHours, found {value!r}"
        )


def check_direction(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require one of the directions."""
    one_of(*DIRECTIONS)(instance, attribute, value)


def scope_words(direction: str) -> str:
    """Return the contacts a direction selects, in words."""
    return "contacts" if direction == "all" else f"{direction} contacts"
