"""JSON records from a file: one JSON array, JSON lines, or objects one after another.

Platform exports come in several shapes: Amazon Connect's data streaming
delivers contact records as JSON objects one after another (with or without
line breaks between them), and users also save them as a JSON array; the
Genesys Cloud analytics API answers with an object whose ``conversations``
array holds the records.  `read_records` accepts all of them and reports where
the text stops being JSON (record number, line and column), never a bare
`json` exception.  Only `json` is used to read: no code runs from data.
"""

from __future__ import annotations

import json
import os
import typing
from pathlib import Path
from typing import Final

from ..errors import LoadError, Problem

_WHITESPACE: Final = " \t\n\r"


def read_records(
    path: str | os.PathLike[str], *, source: str, envelope: str | None = None
) -> list[object]:
    """Return the records of a JSON file; raise `LoadError` if it is not one.

    The file holds one JSON array of records, or JSON values one after
    another (JSON lines).  With `envelope`, a single JSON object holding an
    array under that key (an API response page) is accepted too, and several
    such objects one after another (pages) have their arrays joined.
    """
    text = _read_text(Path(path), source)
    values = _decode_all(text, source)
    if len(values) == 1 and isinstance(values[0], list):
        return values[0]
    if (
        envelope is not None
        and values
        and all(isinstance(v, dict) and envelope in v for v in values)
    ):
        records: list[object] = []
        for index, page in enumerate(values):
            inner = typing.cast("dict[str, object]", page)[envelope]  # a dict: checked above
            if not isinstance(inner, list):
                where = envelope if len(values) == 1 else f"[{index}].{envelope}"
                raise LoadError(
                    source,
                    [Problem(path=where, expected="an array of records", found=_kind(inner))],
                )
            records.extend(inner)
        return records
    return values


def _read_text(file: Path, source: str) -> str:
    try:
        return file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            source, [Problem(path="", expected="text in UTF-8", found="bytes that are not")]
        ) from exc
    except OSError as exc:
        found = exc.strerror or type(exc).__name__
        raise LoadError(
            source, [Problem(path="", expected="a readable file", found=found)]
        ) from exc


def _decode_all(text: str, source: str) -> list[object]:
    """Decode JSON values one after another, separated by nothing but whitespace."""
    decoder = json.JSONDecoder()
    values: list[object] = []
    position = _skip(text, 0)
    while position < len(text):
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise LoadError(
                source,
                [
                    Problem(
                        path="" if not values else f"record {len(values) + 1}",
                        expected="JSON: an array of records or one record after another",
                        found=f"{exc.msg} at line {exc.lineno}, column {exc.colno}",
                    )
                ],
            ) from None
        except RecursionError:
            raise LoadError(
                source,
                [
                    Problem(
                        path=f"record {len(values) + 1}",
                        expected="JSON nested to a reasonable depth",
                        found="nesting too deep to read",
                    )
                ],
            ) from None
        values.append(value)
        position = _skip(text, position)
    if not values:
        raise LoadError(source, [Problem(path="", expected="JSON records", found="an empty file")])
    return values


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), f"a {type(value).__name__}")
