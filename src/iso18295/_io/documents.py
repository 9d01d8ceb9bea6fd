"""Reading and writing scope documents (TOML or JSON).

A document is a table whose keys are the fields of `iso18295.Scope`, plus an
optional ``format_version`` (currently 1).  Loading never runs code from the
data: it uses :mod:`json` and :mod:`tomllib` only.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from cattrs.errors import BaseValidationError

from .._model._checks import describe
from .._model.scope import Scope
from ..errors import LoadError, ModelError, Problem
from ._collect import Collected
from ._redaction import redacted
from .converter import InvalidValueError, UnreadableNumber, converter, problems_from

DocumentFormat = Literal["toml", "json"]

FORMAT_VERSION = 1
"""The version of the document layout this library reads and writes."""

_SUFFIXES: dict[str, DocumentFormat] = {".toml": "toml", ".json": "json"}


def load_scope(path: str | os.PathLike[str]) -> Scope:
    """Load a scope from a TOML or JSON document.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.toml`` or ``.json`` file.  The suffix decides the format.

    Returns
    -------
    Scope
        The validated scope.

    Raises
    ------
    LoadError
        If the file cannot be read or parsed, or the document is invalid.  The
        error lists every problem, each with its path inside the document.

    Examples
    --------
    >>> load_scope("no-such-file.toml")
    Traceback (most recent call last):
    ...
    iso18295.errors.LoadError: no-such-file.toml: expected a readable file, found ...
    """
    file = Path(path)
    fmt = _SUFFIXES.get(file.suffix.lower())
    if fmt is None:
        raise LoadError(
            str(file),
            [Problem(path="", expected="a .toml or .json file", found=f"suffix {file.suffix!r}")],
        )
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        found = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise LoadError(
            str(file), [Problem(path="", expected="a readable file", found=found)]
        ) from exc
    return load_scope_text(text, format=fmt, source=str(file))


def load_scope_text(text: str, *, format: DocumentFormat, source: str = "<string>") -> Scope:
    r"""Load a scope from the text of a TOML or JSON document.

    Parameters
    ----------
    text : str
        The document.
    format : {"toml", "json"}
        How `text` is written.
    source : str, default "<string>"
        Where the text came from, for error messages.

    Returns
    -------
    Scope

    Raises
    ------
    LoadError
        Listing every problem found.

    Examples
    --------
    >>> load_scope_text('name = "Demo"\nagents = "none"', format="toml")
    Traceback (most recent call last):
    ...
    iso18295.errors.LoadError: <string>: agents: expected a list of Agents, found 'none'
    """
    try:
        data = _parse(text, format, source)
    except RecursionError as exc:  # json and tomllib recurse once per nesting level
        deep = Problem(path="", expected="a document nested less deeply", found="deeper nesting")
        raise LoadError(source, [deep]) from exc
    if not isinstance(data, Mapping):
        raise LoadError(source, [Problem(path="", expected="a table", found=describe(data))])
    document = dict(data)
    version = document.pop("format_version", FORMAT_VERSION)
    if type(version) is not int or version != FORMAT_VERSION:  # not True, not 1.0
        raise LoadError(
            source,
            [Problem(path="format_version", expected=str(FORMAT_VERSION), found=repr(version))],
        )
    try:
        scope: Scope = converter().structure(document, Scope)
    except (BaseValidationError, Collected, InvalidValueError, ModelError) as exc:
        raise LoadError(source, list(problems_from(exc))) from exc
    return scope


def dump_scope_text(scope: Scope, *, redact_personal_data: bool = False) -> str:
    """Write a scope as a JSON document that `load_scope_text` reads back.

    Parameters
    ----------
    scope : Scope
        The scope to write.
    redact_personal_data : bool, default False
        Replace personal data (agent names, customer references) with a
        placeholder.  The result still loads, but no longer round-trips.

    Returns
    -------
    str
        Indented JSON, fields in model order, default values omitted, sets sorted,
        so the same scope always gives the same text.
    """
    data = converter().unstructure(redacted(scope) if redact_personal_data else scope)
    document = {"format_version": FORMAT_VERSION, **data}
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def canonical_scope_json(scope: Scope) -> bytes:
    """Return the scope's canonical JSON, the input of the assessment's scope fingerprint.

    The same document as `dump_scope_text` (every field of the model, default
    values omitted, sets sorted, ``format_version`` included), written compactly:
    keys sorted, no whitespace, UTF-8.  Equal scopes give equal bytes; any
    change to a field that is dumped changes them.
    """
    document = {"format_version": FORMAT_VERSION, **converter().unstructure(scope)}
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def dump_scope(
    scope: Scope, path: str | os.PathLike[str], *, redact_personal_data: bool = False
) -> None:
    """Write a scope to a JSON file (see `dump_scope_text`).

    Raises
    ------
    OSError
        If the file cannot be written.
    """
    Path(path).write_text(
        dump_scope_text(scope, redact_personal_data=redact_personal_data), encoding="utf-8"
    )


def _parse(text: str, fmt: DocumentFormat, source: str) -> object:
    if fmt == "toml":
        try:
            return tomllib.loads(text, parse_float=UnreadableNumber.from_float)
        except tomllib.TOMLDecodeError as exc:
            raise LoadError(
                source, [Problem(path="", expected="valid TOML", found=str(exc))]
            ) from exc
        except ValueError as exc:  # int() refuses more than 4,300 digits; tomllib has no hook
            found = "an integer with more digits than Python reads"
            raise LoadError(
                source,
                [Problem(path="", expected="integers of at most 4,300 digits", found=found)],
            ) from exc
    if fmt == "json":
        try:
            return json.loads(
                text,
                object_pairs_hook=_no_duplicate_keys,
                parse_constant=_not_a_number,
                parse_float=UnreadableNumber.from_float,
                parse_int=UnreadableNumber.from_int,
            )
        except json.JSONDecodeError as exc:
            found = f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
            raise LoadError(
                source, [Problem(path="", expected="valid JSON", found=found)]
            ) from exc
        except _DuplicateKeyError as exc:
            raise LoadError(
                source,
                [
                    Problem(
                        path="", expected="each key once per object", found=f"{exc.key!r} twice"
                    )
                ],
            ) from exc
    raise LoadError(
        source, [Problem(path="", expected="format 'toml' or 'json'", found=repr(fmt))]
    )


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _not_a_number(name: str) -> UnreadableNumber:
    """Stand in for JSON's NaN, Infinity and -Infinity, reported with their path."""
    return UnreadableNumber(f"{name}, which is not a finite number")
