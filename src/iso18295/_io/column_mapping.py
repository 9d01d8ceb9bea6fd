"""How another source's columns and values become ours: `ColumnMapping`.

A light module (attrs only): the mapping is checked when it is built, and
applied to the columns a loader has read by `iso18295._io._recode`, which
uses numpy.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

import attrs

from .._model.columns import COLUMNS_BY_NAME
from ..errors import ModelError, Problem

DurationUnit = Literal["seconds", "milliseconds"]
"""The units a duration column may be given in."""

UNIT_FACTORS: Final[Mapping[str, float]] = MappingProxyType(
    {"seconds": 1.0, "milliseconds": 0.001}
)
"""Seconds per unit of each `DurationUnit`."""

DURATION_COLUMNS: Final = (
    "wait_seconds",
    "talk_seconds",
    "hold_seconds",
    "after_contact_seconds",
    "dial_seconds",
)
"""Our columns that hold durations, in seconds."""

_DIRECTIONS: Final = ("inbound", "outbound")


def _names(value: Mapping[str, str | None]) -> Mapping[str, str | None]:
    return MappingProxyType(dict(value))


def _values(value: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in value.items()})


def _units(value: Mapping[str, DurationUnit]) -> Mapping[str, DurationUnit]:
    return MappingProxyType(dict(value))


@typing.final
@attrs.frozen(kw_only=True)
class ColumnMapping:
    """How the columns and values of another source become our interaction columns.

    Give one to the ``columns=`` option of `load_interactions_csv`,
    `load_interactions_parquet`, `iter_interaction_batches`,
    `interactions_from_arrow` and `interactions_from_dataframe` when renaming
    columns is not enough: when the source labels channels or directions its
    own way, or gives durations in milliseconds.  A plain mapping given to
    ``columns=`` is the same as ``ColumnMapping(names=...)``.

    Parameters
    ----------
    names : mapping, default {}
        The source's column names (str) mapped to names in `INTERACTION_COLUMNS`;
        a column mapped to ``None`` is ignored.  Columns not in the mapping keep
        their names; a source column that is neither one of ours nor mapped is
        an error, and so is a required column of ours that nothing fills.
    values : mapping, default {}
        For category columns of ours (``channel_id``, ``direction``, ``queue``...),
        the source's labels mapped to ours, such as
        ``{"direction": {"IN": "inbound", "OUT": "outbound"}}``.  Labels not in
        the mapping are kept as written (a direction other than ``inbound`` or
        ``outbound`` is then a bad row, never guessed).  Applied after `names`.
    units : mapping, default {}
        Duration columns of ours (``wait_seconds``, ``talk_seconds``,
        ``hold_seconds``, ``after_contact_seconds``) mapped to the unit the
        source gives them in, ``"seconds"`` or ``"milliseconds"``; values are
        converted to seconds.  Columns not listed are in seconds.

    Raises
    ------
    ModelError
        Listing every problem: a value mapping for a column that is not a
        category column of ours, a direction mapped to something other than
        ``inbound`` or ``outbound``, a label that is not a string, a unit for a
        column that is not a duration, or an unknown unit.

    Notes
    -----
    Times given without a UTC offset are read in the loaders' ``time_zone=``
    option, which applies to a mapped source as to any other.

    Values are checked against the duration limit before they are converted:
    a duration given in milliseconds above 315,576,000 (about 3.7 days) is
    refused as too large, although it would fit in seconds.

    Examples
    --------
    >>> from iso18295 import ColumnMapping
    >>> mapping = ColumnMapping(
    ...     names={"Media": "channel_id", "Dir": "direction", "WaitMs": "wait_seconds"},
    ...     values={"direction": {"IN": "inbound", "OUT": "outbound"}},
    ...     units={"wait_seconds": "milliseconds"},
    ... )
    >>> mapping.units["wait_seconds"]
    'milliseconds'
    >>> ColumnMapping(units={"queue": "hours"})
    Traceback (most recent call last):
    ...
    iso18295.errors.ModelError: ColumnMapping: 2 problems
      - units.queue: expected a duration column (wait_seconds, ...), found another name
      - units.queue: expected 'seconds' or 'milliseconds', found 'hours'
    """

    names: Mapping[str, str | None] = attrs.field(factory=dict, converter=_names)
    values: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, converter=_values)
    units: Mapping[str, DurationUnit] = attrs.field(factory=dict, converter=_units)

    def __attrs_post_init__(self) -> None:
        problems = list(_value_problems(self.values)) + list(_unit_problems(self.units))
        if problems:
            raise ModelError("ColumnMapping", problems)


def _value_problems(values: Mapping[str, Mapping[str, str]]) -> typing.Iterator[Problem]:
    for name, labels in values.items():
        column = COLUMNS_BY_NAME.get(name)
        if column is None or column.kind != "category":
            yield Problem(
                path=f"values.{name}",
                expected="a category column of INTERACTION_COLUMNS",
                found="a column that is not" if column is not None else "an unknown column",
            )
            continue
        bad = [k for k, v in labels.items() if not (_is_text(k) and _is_text(v))]
        if bad:
            yield Problem(
                path=f"values.{name}",
                expected="labels and their replacements as strings",
                found=f"{len(bad)} entries that are not",
            )
            continue
        if name == "direction":
            wrong = sorted({v for v in labels.values() if v not in _DIRECTIONS})
            if wrong:
                yield Problem(
                    path="values.direction",
                    expected="'inbound' or 'outbound' as the replacement of each label",
                    found=repr(wrong),
                )


def _is_text(value: object) -> bool:
    """Tell whether a value given as a label is a string (the annotations are not checked)."""
    return isinstance(value, str)


def _unit_problems(units: Mapping[str, object]) -> typing.Iterator[Problem]:
    for name, unit in units.items():
        if name not in DURATION_COLUMNS:
            yield Problem(
                path=f"units.{name}",
                expected=f"a duration column ({', '.join(DURATION_COLUMNS)})",
                found="another name",
            )
        if unit not in UNIT_FACTORS:
            yield Problem(
                path=f"units.{name}",
                expected="'seconds' or 'milliseconds'",
                found=repr(unit) if isinstance(unit, str) else f"a {type(unit).__name__}",
            )


def split_mapping(
    columns: Mapping[str, str | None] | ColumnMapping | None,
) -> tuple[Mapping[str, str | None] | None, ColumnMapping | None]:
    """Return the name mapping for the readers and the mapping to apply after reading.

    The second item is None when nothing but names is mapped.
    """
    if isinstance(columns, ColumnMapping):
        recode = columns if (columns.values or columns.units) else None
        return columns.names, recode
    return columns, None
