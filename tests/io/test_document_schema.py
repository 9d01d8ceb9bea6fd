"""`iso18295.document_schema()` agrees with the loader, checked by a validator we did not write.

Mutations of the bundled example (as the JSON a document holds) are given to
both the loader and `jsonschema`: a wrong type, an unknown key or a missing
required key must be refused by both; whatever the loader accepts, the schema
must accept.
"""

from __future__ import annotations

import copy
import datetime
import json
import tomllib
from collections.abc import Iterator

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iso18295
from iso18295.errors import LoadError

Json = object
Path_ = tuple[str | int, ...]

VALIDATOR = jsonschema.Draft202012Validator(
    iso18295.document_schema(),
    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
)
EXAMPLE: dict[str, Json] = json.loads(iso18295.dump_scope_text(iso18295.examples.load_example()))


def _entries(node: Json, path: Path_ = ()) -> Iterator[tuple[Path_, Json]]:
    """Yield (path, value) of every key of every table in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key), value
            yield from _entries(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _entries(value, (*path, index))


def _tables(node: Json, path: Path_ = ()) -> Iterator[Path_]:
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _tables(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _tables(value, (*path, index))


ENTRIES = list(_entries(EXAMPLE))
TABLES = list(_tables(EXAMPLE))


def _parent(document: Json, path: Path_) -> dict[str, Json]:
    node = document
    for step in path[:-1]:
        node = node[step]  # type: ignore[index]
    assert isinstance(node, dict)
    return node


def _wrong_values(value: Json) -> list[Json]:
    """Values of a type the field cannot hold, given the type of its valid `value`."""
    if isinstance(value, bool):
        return ["true", 1, [True]]
    if isinstance(value, int | float):
        return [str(value), True, [value], {"value": value}]
    if isinstance(value, str):
        return [7, 2.5, False, [value], {"text": value}]
    if isinstance(value, list):
        return ["a", 3, {"items": value}]
    if isinstance(value, dict):
        return ["a", 3, [value]]
    raise AssertionError(f"unexpected JSON value {value!r}")


def _loads(document: Json) -> bool:
    try:
        iso18295.load_scope_text(json.dumps(document), format="json")
    except LoadError:
        return False
    return True


def _valid(document: Json) -> bool:
    return VALIDATOR.is_valid(document)


def test_the_example_validates_as_dumped() -> None:
    assert list(VALIDATOR.iter_errors(EXAMPLE)) == []


def _as_json(node: Json) -> Json:
    """Tables of a TOML document as JSON holds them: dates and times as ISO 8601 text."""
    if isinstance(node, dict):
        return {k: _as_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_json(v) for v in node]
    if isinstance(node, datetime.date | datetime.time):
        return node.isoformat()
    return node


def test_the_bundled_toml_example_validates() -> None:
    document = _as_json(tomllib.loads(iso18295.examples.example_text()))
    assert list(VALIDATOR.iter_errors(document)) == []


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(iso18295.document_schema())


def test_each_call_returns_a_new_copy() -> None:
    first = iso18295.document_schema()
    first["required"] = ["nothing"]
    assert iso18295.document_schema()["required"] == ["name"]


@given(st.sampled_from(ENTRIES), st.data())
def test_a_wrong_type_is_refused_by_both(entry: tuple[Path_, Json], data: st.DataObject) -> None:
    path, value = entry
    wrong = data.draw(st.sampled_from(_wrong_values(value)))
    document = copy.deepcopy(EXAMPLE)
    _parent(document, path)[path[-1]] = wrong  # type: ignore[index]
    assert not _loads(document)
    assert not _valid(document)


@given(st.sampled_from(TABLES), st.sampled_from(["unexpected", "Name", "agent_names"]))
def test_an_unknown_key_is_refused_by_both(table: Path_, key: str) -> None:
    document = copy.deepcopy(EXAMPLE)
    node = document
    for step in table:
        node = node[step]  # type: ignore[index]
    assert isinstance(node, dict)
    node[key] = "x"
    assert not _loads(document)
    assert not _valid(document)


@given(st.sampled_from(ENTRIES))
def test_a_missing_key_is_refused_by_both_or_by_neither_for_shape(
    entry: tuple[Path_, Json],
) -> None:
    path, _ = entry
    document = copy.deepcopy(EXAMPLE)
    del _parent(document, path)[path[-1]]  # type: ignore[arg-type]
    try:
        iso18295.load_scope_text(json.dumps(document), format="json")
    except LoadError as exc:
        required = any(p.hint == "the field is required" for p in exc.problems)
    else:
        required = False
        assert _valid(document)  # what the loader accepts, the schema accepts
    schema_required = any(_names_required(e) for e in VALIDATOR.iter_errors(document))
    assert schema_required == required


def _names_required(error: jsonschema.ValidationError) -> bool:
    """Tell whether the error, or one of the alternatives it lists (anyOf), is "required"."""
    return error.validator == "required" or any(_names_required(e) for e in error.context or ())


@given(st.sets(st.sampled_from(sorted(EXAMPLE)), max_size=6))
def test_valid_variations_are_accepted_by_both(dropped: set[str]) -> None:
    # Leaving out top-level records the document need not hold (the scope's name
    # aside) is a valid document whenever no remaining record refers to them.
    document = {k: v for k, v in EXAMPLE.items() if k not in dropped or k == "name"}
    if _loads(document):
        assert _valid(document)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "   "),
        ("centre.id", "no spaces allowed"),
        ("assessment_policy.plan_partly_met_share", 1.5),
        ("assessment_policy.forecast_notice_days", 2**60),
    ],
)
def test_declared_checks_are_in_the_schema(field: str, value: Json) -> None:
    document = copy.deepcopy(EXAMPLE)
    *parents, last = field.split(".")
    node = document
    for step in parents:
        node = node.setdefault(step, {})  # type: ignore[union-attr]
    node[last] = value  # type: ignore[index]
    assert not _loads(document)
    assert not _valid(document)
