"""Issues: the bad values readers find, and how they become the problems in messages.

Every reader (CSV text, Arrow batches) produces a `Parsed` column set: one array
per present column in the dtype of `INTERACTION_COLUMNS`, the category labels,
and an `Issue` for each kind of bad value, with the (0-based) rows it affects.
`_finish.py` adds what the row checks find, then `summarise` merges the issues
of one kind (from several batches) into a `Problem` that gives the number of
rows and the first row numbers, counted from 1 as a user counts them.
"""

from __future__ import annotations

from typing import Any, Final, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from .._model._checks import describe
from .._model.columns import Column
from ..errors import Problem

RowArray = npt.NDArray[np.int64]

_FIRST_ROWS: Final = 3


class Indexable(Protocol):
    """Anything indexed by row, such as an array of values."""

    def __getitem__(self, row: Any, /) -> Any: ...


@attrs.frozen(kw_only=True, eq=False)
class Issue:
    """One kind of bad value, found in some rows of one column.

    `found` is the phrase that follows the row count in the message, e.g.
    ``without a UTC offset``; `example` describes the first offending value
    (already withheld for personal data).  `column` is empty for problems with
    the row as a whole (a CSV record with the wrong number of fields).
    """

    column: str
    expected: str
    found: str
    rows: RowArray
    example: str | None = None
    hint: str | None = None


@attrs.define(kw_only=True, eq=False)
class Parsed:
    """The columns a reader produced, before row checks: arrays, labels, issues."""

    n_rows: int
    arrays: dict[str, npt.NDArray[Any]]
    labels: dict[str, tuple[str, ...]]
    issues: list[Issue]


def issue(
    column: Column | str,
    mask: npt.NDArray[np.bool_],
    *,
    expected: str,
    found: str,
    values: Indexable | None = None,
    hint: str | None = None,
) -> list[Issue]:
    """Return an issue for the rows where `mask` is true (none if it is all false)."""
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return []
    name = column if isinstance(column, str) else column.name
    personal = not isinstance(column, str) and column.personal
    example = None
    if values is not None:
        first = values[rows[0]]
        example = describe(
            first.item() if isinstance(first, np.generic) else first, personal=personal
        )
    return [
        Issue(column=name, expected=expected, found=found, rows=rows, example=example, hint=hint)
    ]


def missing_issue(column: Column, mask: npt.NDArray[np.bool_]) -> list[Issue]:
    """Return the issue for rows of a required column that have no value."""
    return issue(column, mask, expected="a value in every row", found="with no value")


def shifted(found: Issue, start: int) -> Issue:
    """Return `found` with its rows counted from `start` rows earlier (a batch's first row)."""
    return Issue(
        column=found.column,
        expected=found.expected,
        found=found.found,
        rows=found.rows + start,
        example=found.example,
        hint=found.hint,
    )


def summarise(issues: list[Issue], first_row: int) -> tuple[list[Problem], tuple[RowArray, ...]]:
    """Merge issues of the same kind (from several batches) into problems.

    Returns the problems and, for each, every row it concerns, numbered from
    `first_row` (the input's first data row is 1).
    """
    merged: dict[tuple[str, str, str, str | None], list[Issue]] = {}
    for found in issues:
        key = (found.column, found.expected, found.found, found.hint)
        merged.setdefault(key, []).append(found)
    problems: list[Problem] = []
    rows: list[RowArray] = []
    for (column, expected, what, hint), group in merged.items():
        numbers = np.sort(np.concatenate([g.rows for g in group])) + first_row
        example = next((g.example for g in group if g.example is not None), None)
        text = f"{_row_text(numbers)} {what}"
        if example is not None:
            text += f", such as {example}"
        problems.append(Problem(path=column, expected=expected, found=text, hint=hint))
        rows.append(numbers)
    return problems, tuple(rows)


def _row_text(numbers: RowArray) -> str:
    """Describe row numbers by their count and the first few."""
    first = ", ".join(str(r) for r in numbers[:_FIRST_ROWS].tolist())
    noun = "row" if numbers.size == 1 else "rows"
    return f"{numbers.size} {noun} (first: {first})"
