"""Hostile values shared by the fuzz tests: odd text, numbers at and past every limit."""

from __future__ import annotations

from hypothesis import strategies as st

from iso18295.errors import Iso18295Error, LoadError, Problem

ODD_TEXT = (
    "",
    " ",
    "\x00",
    "5\x00",
    "c\x00",
    "\ud800",  # a lone surrogate: loads from JSON, no file can hold it
    "\u202e",  # right-to-left override
    "e\u0301",  # a combining accent
    "\ufeff",
    "\U0001f4de",
    "Europe",
    "localtime",
    "posixrules",
    "Factory",
    "Europe/Dublin",
    "x" * 300,
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "2026-03-02T09:30:00",
    "2026-03-02T09:30:00+01:00",
    "24:00",
    "31/02/2024",
    "true",
    "NaN",
    "1e400",
)

HUGE_NUMBERS = (
    0,
    -1,
    2**53,
    2**53 + 1,
    2**63,
    -(2**63) - 1,
    10**30,
    10**400,
    1e19,
    1e300,
    1e308,
    -1e308,
    5e-324,
    0.5,
    -0.0,
)

odd_text = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=20))
numbers = st.one_of(
    st.sampled_from(HUGE_NUMBERS),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, odd_text)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)
    ),
    max_leaves=8,
)


WHOLE_INPUT = (
    "a .toml or .json file",
    "a document nested less deeply",
    "a header row",
    "a pandas or polars DataFrame",
    "a pyarrow Table",
    "a readable Parquet file",
    "a readable file",
    "a table",
    "batches with one schema",
    "each column name once",
    "each key once per object",
    "every required column",
    "format 'toml' or 'json'",
    "integers of at most",
    "only columns from INTERACTION_COLUMNS",
    "valid CSV",
    "valid JSON",
    "valid TOML",
    "text in ",
)
"""How the problems of an input as a whole (not of one value) begin what they expect.

They alone have an empty path: the input does not parse, its header or
schema is wrong, it is nested too deeply."""


def is_about_the_whole_input(problem: Problem) -> bool:
    """Tell whether a problem concerns the input as a whole, so it may have no path."""
    return problem.expected.startswith(WHOLE_INPUT) or problem.expected.endswith(
        "rows, as the file's metadata says"
    )


def check_problem(problem: Problem) -> None:
    """Assert a problem has a path (or is about the whole input) and prints as UTF-8."""
    assert isinstance(problem, Problem)
    assert problem.path or is_about_the_whole_input(problem), str(problem)
    str(problem).encode("utf-8")  # printable: no lone surrogate in a message


def check_load_error(error: Iso18295Error) -> None:
    """Assert the error is a `LoadError` whose every problem has a path."""
    assert isinstance(error, LoadError), f"{type(error).__name__}: {error}"
    assert error.problems
    for problem in error.problems:
        check_problem(problem)
    str(error).encode("utf-8")
