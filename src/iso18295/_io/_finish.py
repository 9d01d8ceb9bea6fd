"""From parsed columns to a `LoadResult`: check the rows, then raise or set bad rows aside.

Every reader's `Parsed` columns end here.  The row invariants of
`InteractionTable` are checked as masks over all rows (or, by the Arrow reader,
batch by batch as they are converted); with ``on_error="strict"`` any issue
raises one `LoadError` listing every problem, with ``on_error="quarantine"``
the rows concerned are set aside with their reasons.  The accepted rows become
the table without being checked a second time.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt

from .._model.channels import Direction
from .._model.column_conversion import missing_column
from .._model.columns import INTERACTION_COLUMNS, MISSING_CODE
from .._model.interaction_table import InteractionTable
from .._model.row_checks import Seen, row_violations
from ..errors import LoadError, ModelError
from ._issues import Issue, Parsed, issue, summarise
from ._load_result import LoadResult, QuarantinedRows

OnError = Literal["strict", "quarantine"]

_DIRECTIONS: Final = frozenset(d.value for d in Direction)


def finish_each(
    parts: Iterator[tuple[Parsed, list[Issue]]], *, source: str, on_error: OnError
) -> Iterator[LoadResult]:
    """Finish each batch's columns in turn, numbering rows from the start of the input."""
    first_row = 1
    for parsed, checked in parts:
        yield finish(
            parsed, source=source, on_error=on_error, first_row=first_row, checked=checked
        )
        first_row += parsed.n_rows


def finish(
    parsed: Parsed,
    *,
    source: str,
    on_error: OnError,
    first_row: int = 1,
    checked: list[Issue] | None = None,
) -> LoadResult:
    """Check the rows, then raise (strict) or set bad rows aside (quarantine).

    `checked` holds what `invariant_issues` found if the reader ran it already
    (batch by batch); without it, it runs here.
    """
    n = parsed.n_rows
    arrays = _complete(parsed.arrays, n)
    if checked is None:
        checked = invariant_issues(arrays, parsed.issues)
    issues = parsed.issues + _direction_issues(arrays, parsed.labels, parsed.issues) + checked
    labels = dict(parsed.labels)
    if not issues:
        if not set(labels.get("direction", ())) <= _DIRECTIONS:  # unused wrong labels
            arrays["direction"], labels["direction"] = _compact(
                arrays["direction"], labels["direction"]
            )
        table = _table(arrays, labels, source)
        return LoadResult(table=table, quarantined=_NOTHING, rows_read=n, source=source)
    problems, rows = summarise(issues, first_row)
    if on_error == "strict":
        raise LoadError(source, problems)
    bad = np.zeros(n, dtype=bool)
    for found in issues:
        bad[found.rows] = True
    keep = ~bad
    arrays = {name: array[keep] for name, array in arrays.items()}
    for name in labels:
        arrays[name], labels[name] = _compact(arrays[name].astype(np.int32), labels[name])
    quarantined = QuarantinedRows(
        row_numbers=np.flatnonzero(bad) + first_row, problems=problems, rows_by_problem=rows
    )
    table = _table(arrays, labels, source)
    return LoadResult(table=table, quarantined=quarantined, rows_read=n, source=source)


def _table(
    arrays: Mapping[str, npt.NDArray[Any]], labels: Mapping[str, tuple[str, ...]], source: str
) -> InteractionTable:
    """Build the table of accepted rows, which `finish` has checked: no row is checked again.

    `arrays` hold codes that index `labels` (the readers and `_compact` number
    them so), no required category is missing (the readers report those), the
    direction labels are only inbound and outbound, and `invariant_issues` found no
    accepted row that breaks a row invariant (`row_violations`).
    """
    try:
        return InteractionTable._from_checked(arrays, labels)
    except ModelError as exc:  # pragma: no cover - the readers produce the layout
        raise LoadError(source, exc.problems) from exc


def _complete(arrays: Mapping[str, npt.NDArray[Any]], n: int) -> dict[str, npt.NDArray[Any]]:
    """Return every column: those the input lacks are missing throughout."""
    return {
        # A column the input lacks is one value seen n times: a read-only view, no memory.
        c.name: arrays[c.name] if c.name in arrays else np.broadcast_to(missing_column(c, 1), (n,))
        for c in INTERACTION_COLUMNS
    }


def _reported(found: list[Issue], n: int) -> typing.Callable[..., npt.NDArray[np.bool_]]:
    """Return `fine(*columns)`: the rows no issue in `found` reports for those columns."""
    reported: dict[str, npt.NDArray[np.bool_]] = {}

    def fine(*names: str) -> npt.NDArray[np.bool_]:
        ok = np.ones(n, dtype=bool)
        for name in names:
            if name not in reported:
                mask = np.zeros(n, dtype=bool)
                for i in found:
                    if i.column in (name, ""):
                        mask[i.rows] = True
                reported[name] = mask
            ok &= ~reported[name]
        return ok

    return fine


def invariant_issues(
    arrays: Mapping[str, npt.NDArray[Any]],
    found: list[Issue],
    seen: Mapping[str, Seen] | None = None,
) -> list[Issue]:
    """Check the row invariants of `InteractionTable` (`row_violations`), per row, as masks.

    Rows already reported in `found` for a column a check reads (unreadable or
    missing values) are not reported again.  Any rows can be checked, a whole
    input or one batch; the category columns are not read.  Every reader
    reports infinite numbers as unreadable (CSV: "finite only"; Arrow: "finite
    numbers"), so the checks need not look for them.  `seen` is what the
    reader's own passes over some columns found (see `row_violations`).
    """
    n = len(arrays["offered_at"])
    fine = _reported(found, n)
    issues: list[Issue] = []
    for check, mask in row_violations(_complete(arrays, n), infinities_reported=True, seen=seen):
        issues += issue(
            check.path,
            mask & fine(*check.reads),
            # In an input a missing number is an empty cell (or null), not NaN.
            expected=check.expected.replace("or NaN", "or empty"),
            found=check.found,
            values=arrays[check.path] if check.example else None,
        )
    return issues


def _direction_issues(
    arrays: Mapping[str, npt.NDArray[Any]],
    labels: Mapping[str, tuple[str, ...]],
    found: list[Issue],
) -> list[Issue]:
    """Report rows whose direction is neither inbound nor outbound, so they can be set aside.

    `InteractionTable` checks the labels; rows already reported in `found` for
    the direction are not reported again.
    """
    names = labels.get("direction", ())
    unknown = np.array([label not in _DIRECTIONS for label in names] + [False])  # [-1]: missing
    if not unknown.any():
        return []
    codes = arrays["direction"]
    text = np.array([*names, ""], dtype=object)
    return issue(
        "direction",
        unknown[codes] & _reported(found, len(codes))("direction"),
        expected="'inbound' or 'outbound'",
        found="with another value",
        values=_LabelView(text, codes),
    )


class _LabelView:
    """Index a category column's labels by row without building the whole text column."""

    def __init__(self, labels: npt.NDArray[np.object_], codes: npt.NDArray[np.int32]) -> None:
        self.labels, self.codes = labels, codes

    def __getitem__(self, row: np.integer[Any]) -> object:
        return self.labels[self.codes[row]]


def _compact(
    codes: npt.NDArray[np.int32], labels: tuple[str, ...]
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    """Drop labels no row uses (after rows were set aside), renumbering the codes."""
    present = codes != MISSING_CODE
    used = np.bincount(codes[present], minlength=len(labels)) > 0
    if used.all():
        return codes, labels
    renumber = (np.cumsum(used) - 1).astype(np.int32)
    compacted = np.where(present, renumber[codes], MISSING_CODE).astype(np.int32)
    return compacted, tuple(label for label, keep in zip(labels, used, strict=True) if keep)


_NOTHING: Final = QuarantinedRows(row_numbers=np.zeros(0, dtype=np.int64))
