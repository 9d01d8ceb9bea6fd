"""Documents that hold a few of a scope document's fields: waivers, attestations, a policy.

Such a document is written exactly as those fields are in a scope document
(``[[waivers]]``, ``[[attestations]]``, ``[assessment_policy]``), so a table
can move between the two unchanged; it may also hold ``format_version``.
"""

from __future__ import annotations

import functools
import os
import typing
from collections.abc import Collection, Mapping
from pathlib import Path

import attrs
from cattrs.errors import BaseValidationError

from .._model._checks import describe
from .._model.scope import Scope
from ..errors import LoadError, ModelError, Problem
from .converter import InvalidValueError, converter, problems_from
from .documents import FORMAT_VERSION, _parse

_SUFFIXES = {".toml": "toml", ".json": "json"}


@functools.cache
def _field_types() -> dict[str, object]:
    hints = typing.get_type_hints(Scope)
    return {f.name: hints[f.name] for f in attrs.fields(Scope)}


def read_table(path: str | os.PathLike[str]) -> tuple[str, dict[str, object]]:
    """Read a ``.toml`` or ``.json`` file holding one table; return its name and the table.

    Raises
    ------
    LoadError
        If the suffix is neither, the file cannot be read or parsed, or it
        holds something other than a table.
    """
    file = Path(path)
    source = str(file)
    fmt = _SUFFIXES.get(file.suffix.lower())
    if fmt is None:
        found = f"suffix {file.suffix!r}"
        raise LoadError(source, [Problem(path="", expected="a .toml or .json file", found=found)])
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        found = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise LoadError(
            source, [Problem(path="", expected="a readable file", found=found)]
        ) from exc
    data = _parse(text, fmt, source)  # type: ignore[arg-type]  # fmt is one of the two
    if not isinstance(data, Mapping):
        raise LoadError(source, [Problem(path="", expected="a table", found=describe(data))])
    return source, {str(k): v for k, v in data.items()}


def load_scope_fragment(
    path: str | os.PathLike[str], fields: Collection[str]
) -> dict[str, object]:
    """Load a document holding only some of `Scope`'s fields, each validated as in a scope.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.toml`` or ``.json`` file.
    fields : collection of str
        The `Scope` fields the document may hold.

    Returns
    -------
    dict
        Each field the document holds, structured as `Scope` holds it.

    Raises
    ------
    LoadError
        If the file cannot be read or parsed, holds other keys, or a value is
        invalid; every problem is listed with its path.
    """
    source, document = read_table(path)
    version = document.pop("format_version", FORMAT_VERSION)
    problems: list[Problem] = []
    if type(version) is not int or version != FORMAT_VERSION:
        problems.append(
            Problem(path="format_version", expected=str(FORMAT_VERSION), found=repr(version))
        )
    allowed = ", ".join(sorted(fields))
    result: dict[str, object] = {}
    types = _field_types()
    for key, value in document.items():
        if key not in fields:
            problems.append(
                Problem(path=str(key), expected=f"only {allowed}", found="an unknown field")
            )
            continue
        try:
            result[key] = converter().structure(value, types[key])  # type: ignore[arg-type]
        except (BaseValidationError, InvalidValueError, ModelError) as exc:
            problems.extend(problems_from(exc, key))
    if not result and not problems:
        problems.append(Problem(path="", expected=f"a table holding {allowed}", found="none"))
    if problems:
        raise LoadError(source, problems)
    return result
