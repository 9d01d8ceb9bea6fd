"""The engine's boundary with rule code: an outcome is checked before a finding holds it.

A check is user code: it may return anything.  Reports, waivers and scores
read a finding's evidence and measurements as the model's types, so anything
else is refused here, once, and becomes an "error" finding naming what was
wrong, instead of an ``AttributeError`` in a report written later.
"""

from __future__ import annotations

import numbers
import typing
from collections.abc import Callable
from typing import TypeVar

from .._rules.outcome import Evidence, Measurement, Outcome, Status

_ALLOWED = frozenset(Status) - {Status.WAIVED, Status.ERROR}
"""The statuses a check may set; the engine alone sets "waived" and "error"."""

_COMPARISONS = frozenset({"at_least", "at_most", "equal"})

T = TypeVar("T")


class InvalidOutcome(Exception):  # noqa: N818 - a signal inside the engine, never raised out
    """A check returned something that is not a well-formed `Outcome`; the message says what."""


def checked_outcome(value: object) -> Outcome:
    """Return `value` as a plain, well-formed `Outcome`, or raise `InvalidOutcome`.

    Evidence and measurements given as lists are accepted as tuples; numbers of
    other real types than ``int`` and ``float`` (``numpy.int64``) become
    ``float``; nothing else is converted.
    """
    if not isinstance(value, Outcome):
        raise InvalidOutcome(
            f"expected an Outcome with a status a check may set, found {_kind(value)}"
        )
    status: object = value.status  # typed Status, but a rule may have put anything there
    if not isinstance(status, Status) or status not in _ALLOWED:
        found = status.value if isinstance(status, Status) else _kind(status)
        raise InvalidOutcome(f"expected an Outcome with a status a check may set, found {found}")
    _text(value.reason, "reason")
    seen: object = value.seen
    if not isinstance(seen, int) or isinstance(seen, bool):
        raise InvalidOutcome(f"seen: expected an int, found {_kind(seen)}")
    if status is Status.CONFORMS and seen < 1:
        raise InvalidOutcome(f"seen: expected >= 1 for 'conforms', found {seen}")
    return Outcome(
        status=status,
        reason=value.reason,
        evidence=_items(value.evidence, "evidence", _evidence),
        measurements=_items(value.measurements, "measurements", _measurement),
        seen=seen,
    )


def _items(value: object, where: str, check: Callable[[object, str], T]) -> tuple[T, ...]:
    if not isinstance(value, tuple | list):
        raise InvalidOutcome(f"{where}: expected a tuple, found {_kind(value)}")
    return tuple(check(item, f"{where}[{i}]") for i, item in enumerate(value))


def _evidence(e: object, where: str) -> Evidence:
    if not isinstance(e, Evidence):
        raise InvalidOutcome(f"{where}: expected an Evidence, found {_kind(e)}")
    return Evidence(
        kind=_text(e.kind, f"{where}.kind"),
        id=_text(e.id, f"{where}.id"),
        fields=_items(e.fields, f"{where}.fields", _text),
        personal=_items(e.personal, f"{where}.personal", _pair),
        references=_items(e.references, f"{where}.references", _text),
    )


def _measurement(m: object, where: str) -> Measurement:
    if not isinstance(m, Measurement):
        raise InvalidOutcome(f"{where}: expected a Measurement, found {_kind(m)}")
    comparison = m.comparison
    if comparison is not None and comparison not in _COMPARISONS:
        raise InvalidOutcome(
            f"{where}.comparison: expected 'at_least', 'at_most', 'equal' or None, "
            f"found {_kind(comparison)}"
        )
    return Measurement(
        name=_text(m.name, f"{where}.name"),
        observed=_real(m.observed, f"{where}.observed"),
        expected=_optional_real(m.expected, f"{where}.expected"),
        comparison=comparison,
        unit=None if m.unit is None else _text(m.unit, f"{where}.unit"),
        numerator=_optional_real(m.numerator, f"{where}.numerator"),
        denominator=_optional_real(m.denominator, f"{where}.denominator"),
    )


def _text(value: object, where: str) -> str:
    if type(value) is not str:  # a str subclass could render as anything
        raise InvalidOutcome(f"{where}: expected a str, found {_kind(value)}")
    return value


def _pair(value: object, where: str) -> tuple[str, str]:
    if not isinstance(value, tuple) or len(value) != 2:
        raise InvalidOutcome(f"{where}: expected a (label, value) pair, found {_kind(value)}")
    return (_text(value[0], f"{where}[0]"), _text(value[1], f"{where}[1]"))


def _real(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidOutcome(f"{where}: expected a number, found {_kind(value)}")
    try:
        as_float = float(value)
    except (OverflowError, ValueError, TypeError):  # an int too large for a float
        raise InvalidOutcome(f"{where}: expected a number a float can hold") from None
    kind: type = type(value)
    if kind in (int, float):  # an int is kept: counts read 17, not 17.0, in reports
        return typing.cast("float", value)
    return as_float


def _optional_real(value: object, where: str) -> float | None:
    return None if value is None else _real(value, where)


def _kind(value: object) -> str:
    """Describe a value by its type only: what a rule returned may hold personal data."""
    return type(value).__name__
