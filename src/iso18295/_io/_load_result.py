"""What loading interaction records returns: `LoadResult` and `QuarantinedRows`.

A `LoadResult` accounts for every row read: accepted (the table) or set aside
with its reasons (the quarantine); its constructor checks that nothing is
dropped without being listed.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable

import attrs
import numpy as np
import numpy.typing as npt

from .. import _namespaces
from .._model.interaction_table import InteractionTable
from ..errors import ModelError, Problem
from . import _load_display

RowNumbers = npt.NDArray[np.int64]


def _frozen(values: object) -> RowNumbers:
    array = np.array(values, dtype=np.int64).reshape(-1)
    array.flags.writeable = False
    return array


def _problem_tuple(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(problems)


def _frozen_each(arrays: Iterable[object]) -> tuple[RowNumbers, ...]:
    return tuple(_frozen(a) for a in arrays)


@typing.final
@attrs.frozen(kw_only=True, eq=False)
class QuarantinedRows:
    """Rows set aside by ``on_error="quarantine"``, with the reasons.

    Parameters
    ----------
    row_numbers : numpy.ndarray of int64
        The rows set aside, ascending, each once; data rows counted from 1 as in
        the input (the header is not a row).
    problems : tuple of Problem
        Every kind of problem found, each with its column, what was expected
        and what was found (a count and the first row numbers).  Personal data
        is described, never shown.
    rows_by_problem : tuple of numpy.ndarray of int64
        For each of `problems`, every row it concerns.  A row may have several
        problems.
    """

    row_numbers: RowNumbers = attrs.field(converter=_frozen)
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_problem_tuple)
    rows_by_problem: tuple[RowNumbers, ...] = attrs.field(default=(), converter=_frozen_each)

    def __len__(self) -> int:
        return len(self.row_numbers)

    def __repr__(self) -> str:
        return _load_display.quarantine_repr(self)

    def _repr_html_(self) -> str:
        return _load_display.quarantine_html(self)

    def problems_of(self, row_number: int) -> tuple[Problem, ...]:
        """Return the problems found in one row (empty if the row was accepted).

        Parameters
        ----------
        row_number : int
            A data row number, counted from 1 as in `row_numbers`.
        """
        return tuple(
            problem
            for problem, rows in zip(self.problems, self.rows_by_problem, strict=True)
            if _contains(rows, row_number)
        )


@typing.final
@attrs.frozen(kw_only=True, eq=False)
class LoadResult:
    """What loading interaction records produced: accepted rows, rows set aside, rows read.

    Parameters
    ----------
    table : InteractionTable
        The accepted rows, in input order.
    quarantined : QuarantinedRows
        The rows set aside (always empty with ``on_error="strict"``).
    rows_read : int
        Data rows in the input.  Always ``len(table) + len(quarantined)``:
        nothing is dropped without being listed.
    source : str
        The file name, or a description of the in-memory input.

    Raises
    ------
    ModelError
        If `rows_read` does not equal the accepted plus the quarantined rows.
    """

    table: InteractionTable
    quarantined: QuarantinedRows
    rows_read: int
    source: str

    def __repr__(self) -> str:
        return _load_display.load_repr(self)

    def _repr_html_(self) -> str:
        return _load_display.load_html(self)

    def __attrs_post_init__(self) -> None:
        accounted = len(self.table) + len(self.quarantined)
        if accounted != self.rows_read:
            raise ModelError(
                "LoadResult",
                [
                    Problem(
                        path="rows_read",
                        expected="accepted plus quarantined rows",
                        found=f"{self.rows_read} rows read, {accounted} accounted for",
                    )
                ],
            )


def _contains(rows: RowNumbers, row: int) -> bool:
    index = int(np.searchsorted(rows, row))
    return index < rows.size and int(rows[index]) == row


_namespaces.publish_lazy(__name__)
