"""Fuzz the scope document loader with mutations of the valid example document.

Each example applies one to three mutations (a value swapped for another
type, a key deleted, a huge number, odd text, deep nesting) to the example
centre's JSON document.  Whatever the mutation, loading either gives a scope
that dumps and reloads equal, with no text or true/false value changed in
type, or raises `LoadError` whose every problem has a path.
"""

from __future__ import annotations

import copy
import functools
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from fuzz.hostile import check_load_error, json_values, numbers, odd_text
from iso18295 import dump_scope_text, examples, load_scope_text
from iso18295.errors import Iso18295Error

Path = tuple[str | int, ...]


@functools.cache
def example_document() -> dict[str, object]:
    document: dict[str, object] = json.loads(dump_scope_text(examples.load_example()))
    return document


@functools.cache
def paths() -> tuple[Path, ...]:
    found: list[Path] = []

    def walk(value: object, path: Path) -> None:
        if path:
            found.append(path)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(example_document(), ())
    return tuple(found)


DEEP = re.compile(r'"@@deep (\d+)@@"')
"""Where a nested list goes in the document's text."""


class Nested:
    """A list nested `depth` levels deep, built when applied (its repr stays short)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth

    def __repr__(self) -> str:
        return f"Nested({self.depth})"


Mutation = tuple[Path, str, object]

replacements = st.one_of(
    json_values, numbers, odd_text, st.integers(min_value=1, max_value=100_000).map(Nested)
)
mutations = st.lists(
    st.tuples(
        st.sampled_from(paths()),
        st.sampled_from(["replace", "delete"]),
        replacements,
    ),
    min_size=1,
    max_size=3,
)
unknown_keys = st.none() | st.tuples(odd_text, json_values)


def mutated(changes: list[Mutation], extra: tuple[str, object] | None) -> dict[str, object]:
    document = copy.deepcopy(example_document())
    for path, kind, value in changes:
        parent: object = document
        for step in path[:-1]:
            try:
                parent = parent[step]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):  # an earlier change altered the shape
                break
        else:
            last = path[-1]
            if isinstance(parent, dict) and kind == "delete":
                parent.pop(last, None)
            elif isinstance(parent, dict) or (
                isinstance(parent, list) and isinstance(last, int) and last < len(parent)
            ):
                parent[last] = (  # type: ignore[index]
                    f"@@deep {value.depth}@@" if isinstance(value, Nested) else value
                )
    if extra is not None:
        document[extra[0]] = extra[1]  # an unknown key, or one of the document's own
    return document


def scalar_leaves(value: object, path: Path = ()) -> dict[Path, object]:
    if isinstance(value, dict):
        return {
            k: v
            for key, item in value.items()
            for k, v in scalar_leaves(item, (*path, key)).items()
        }
    if isinstance(value, list):
        return {
            k: v
            for i, item in enumerate(value)
            for k, v in scalar_leaves(item, (*path, i)).items()
        }
    return {path: value}


@given(mutations, unknown_keys)
def test_mutated_document_loads_round_trips_or_fails_with_paths(
    changes: list[Mutation], extra: tuple[str, object] | None
) -> None:
    document = mutated(changes, extra)
    try:
        text = json.dumps(document)
    except ValueError:  # an integer beyond Python's own str() limit: nothing to load
        return
    # Nesting is written out here: the encoder recurses, and stops before the loader does.
    text = DEEP.sub(lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)
    try:
        scope = load_scope_text(text, format="json")
    except Iso18295Error as error:
        check_load_error(error)
        return
    dumped = dump_scope_text(scope)
    assert load_scope_text(dumped, format="json") == scope
    # Strict: an accepted text or true/false value is never read as another type.
    before, after = scalar_leaves(document), scalar_leaves(json.loads(dumped))
    for path, value in before.items():
        if path in after and isinstance(value, bool | str):
            assert type(after[path]) is type(value), (path, value, after[path])
