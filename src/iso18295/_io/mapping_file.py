"""A `ColumnMapping` written in a TOML or JSON file, for ``iso18295 assess --columns FILE``.

The file holds up to four tables, each optional::

    ignore = ["Notes"]                      # source columns to leave out

    [names]                                 # the source's column -> ours
    Started = "offered_at"
    QueueMs = "wait_seconds"

    [values.direction]                      # the source's labels -> ours
    IN = "inbound"

    [units]                                 # durations not in seconds
    wait_seconds = "milliseconds"

``ignore`` stands for names mapped to None, which TOML cannot write (a JSON
file may write ``null`` in ``names`` instead).  Every problem of the file is
listed at once; nothing in it is run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .._model._checks import describe
from ..errors import LoadError, ModelError, Problem
from ._collect import printable, suggest
from .column_mapping import ColumnMapping
from .fragments import read_table

_KEYS = ("ignore", "names", "units", "values")


def load_column_mapping(path: str | os.PathLike[str]) -> ColumnMapping:
    """Read a column mapping from a ``.toml`` or ``.json`` file (see the module docstring).

    Raises
    ------
    LoadError
        If the file cannot be read or parsed, or holds anything that is not a
        valid mapping; every problem is listed with its path.
    """
    source, document = read_table(path)
    problems: list[Problem] = []
    for key in document:
        if key not in _KEYS:
            hint = suggest(key, list(_KEYS))
            problems.append(
                Problem(
                    path=printable(key),
                    expected="only " + ", ".join(_KEYS),
                    found="an unknown field",
                    hint=hint,
                )
            )
    names: dict[str, str | None] = {}
    for key, value in _table(document.get("names", {}), "names", problems).items():
        if isinstance(value, str) or value is None:
            names[key] = value
        else:
            problems.append(_not_text(f"names.{printable(key)}", value, "or null"))
    ignored = document.get("ignore", [])
    if not isinstance(ignored, list):
        problems.append(
            Problem(path="ignore", expected="a list of column names", found=describe(ignored))
        )
        ignored = []
    for index, column in enumerate(ignored):
        if not isinstance(column, str):
            problems.append(_not_text(f"ignore[{index}]", column))
        elif column in names:
            problems.append(
                Problem(
                    path=f"ignore[{index}]",
                    expected="a column not also in names",
                    found=repr(column),
                )
            )
        else:
            names[column] = None
    values: dict[str, dict[str, str]] = {}
    for column, labels in _table(document.get("values", {}), "values", problems).items():
        where = f"values.{printable(column)}"
        table = _table(labels, where, problems)
        values[column] = {}
        for label, ours in table.items():
            if isinstance(ours, str):
                values[column][label] = ours
            else:
                problems.append(_not_text(f"{where}.{printable(label)}", ours))
    units: dict[str, object] = dict(_table(document.get("units", {}), "units", problems))
    mapping = None
    try:  # units and labels are checked where the mapping is made: the same words
        mapping = ColumnMapping(names=names, values=values, units=units)  # type: ignore[arg-type]
    except ModelError as exc:
        problems.extend(exc.problems)
    if problems or mapping is None:
        raise LoadError(source, problems)
    return mapping


def _table(value: object, path: str, problems: list[Problem]) -> Mapping[str, object]:
    """Return `value` if it is a table; else note the problem and return an empty one."""
    if isinstance(value, Mapping):
        return value
    problems.append(Problem(path=path, expected="a table", found=describe(value)))
    return {}


def _not_text(path: str, value: object, also: str = "") -> Problem:
    expected = f"a string {also}".strip()
    return Problem(path=path, expected=expected, found=describe(value))
