"""Interaction records as columns: `InteractionTable`.

The layout is `iso18295._model.columns.INTERACTION_COLUMNS`.  Row invariants are
checked with vectorised reductions, and masks where a row breaks one: no Python
loop over records.  `row_violations` is the one definition of the row checks;
the loaders (`iso18295._io._finish`) run it too, to set bad rows aside,
and then build tables with `InteractionTable._from_checked`, which checks no row again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from .._limits import largest, limit_text
from ..errors import ModelError, Problem
from .channels import Direction
from .columns import COLUMNS_BY_NAME, INTERACTION_COLUMNS, MISSING_CODE, Column
from .interactions import Interaction

_FIRST_ROWS: Final = 3

FloatArray = npt.NDArray[np.float64]
CodeArray = npt.NDArray[np.int32]
_NAT_INT: Final = np.iinfo(np.int64).min  # NaT as datetime64's int64


class InteractionTable:
    """Interaction records as columns: one read-only numpy array per field.

    The columns and their dtypes are `INTERACTION_COLUMNS`.  Text-valued
    columns (ids, direction, queue...) are stored as ``int32`` codes into
    per-column category labels (`categories`), -1 where missing, so KPIs group
    and count with integer arithmetic.  Timestamps are ``datetime64[ns]`` in UTC.

    Build tables with `from_columns` or `from_records`; the constructor is
    private.  Tables compare with `equals` (numpy ``==`` is elementwise).

    Examples
    --------
    >>> t = InteractionTable.from_columns(
    ...     channel_id=["voice", "voice", "chat"],
    ...     direction=["inbound"] * 3,
    ...     client_id=["acme"] * 3,
    ...     offered_at=np.array(["2026-03-02T09:00", "2026-03-02T09:01", "2026-03-02T09:02"],
    ...                         dtype="datetime64[ns]"),
    ...     wait_seconds=[5.0, 30.0, 12.0],
    ...     answered=[True, True, False],
    ...     abandoned=[False, False, True],
    ... )
    >>> len(t), t.categories("channel_id")
    (3, ('chat', 'voice'))
    >>> t["channel_id"]
    array([1, 1, 0], dtype=int32)
    """

    __slots__ = ("_categories", "_columns", "_length")

    def __init__(
        self,
        columns: Mapping[str, npt.NDArray[np.generic]],
        categories: Mapping[str, tuple[str, ...]],
    ) -> None:
        problems = list(_table_problems(columns, categories))
        if problems:
            raise ModelError("InteractionTable", problems)
        self._columns = {c.name: _read_only(columns[c.name]) for c in INTERACTION_COLUMNS}
        self._categories = {
            c.name: tuple(categories.get(c.name, ()))
            for c in INTERACTION_COLUMNS
            if c.kind == "category"
        }
        self._length = len(columns["offered_at"])

    @classmethod
    def _from_checked(
        cls,
        columns: Mapping[str, npt.NDArray[np.generic]],
        categories: Mapping[str, tuple[str, ...]],
    ) -> InteractionTable:
        """Build a table from columns a loader has checked already; check no row again.

        Private: for the loaders (`iso18295._io._finish`) only, never public.
        The caller guarantees the row invariants `_table_problems` checks:
        category codes in ``-1..len(labels) - 1``, none missing in a required
        column; `direction` labels only ``inbound`` and ``outbound``; no row
        broken by `row_violations`.  Only the dtypes and shapes are checked here
        (constant time; `ModelError` as from the constructor).  The caller also
        hands the arrays over: they are made read-only in place, not copied, so
        it keeps no writable reference to them (or to arrays they are views of).
        """
        problems = list(_layout_problems(columns))
        if problems:
            raise ModelError("InteractionTable", problems)
        table = cls.__new__(cls)
        table._columns = {c.name: _handed_over(columns[c.name]) for c in INTERACTION_COLUMNS}
        table._categories = {
            c.name: tuple(categories.get(c.name, ()))
            for c in INTERACTION_COLUMNS
            if c.kind == "category"
        }
        table._length = len(columns["offered_at"])
        return table

    # --- construction -----------------------------------------------------------------

    @classmethod
    def from_columns(cls, **columns: object) -> InteractionTable:
        """Build a table from one array-like per column.

        Parameters
        ----------
        **columns : array_like
            Keyed by the names in `INTERACTION_COLUMNS`.  Category columns take
            strings (``None`` for missing); ``offered_at`` takes ``datetime64``
            values, read as UTC; the others take numbers or booleans.  Optional
            columns may be left out (missing throughout).

        Returns
        -------
        InteractionTable

        Raises
        ------
        ModelError
            Listing every problem: unknown or missing columns, lengths that
            differ, values that cannot be stored without loss, and rows that
            break an invariant (counted, with the first row numbers).
        """
        problems: list[Problem] = []
        unknown = sorted(set(columns) - set(COLUMNS_BY_NAME))
        if unknown:
            problems.append(
                Problem(
                    path="",
                    expected="columns named as in INTERACTION_COLUMNS",
                    found=f"unknown columns {unknown}",
                )
            )
        missing = [c.name for c in INTERACTION_COLUMNS if c.required and c.name not in columns]
        if missing:
            problems.append(
                Problem(path="", expected="every required column", found=f"none for {missing}")
            )
        if problems:
            raise ModelError("InteractionTable", problems)
        sized = {name: _length_of(values) for name, values in columns.items()}
        for name, length in sized.items():
            if length is None:
                problems.append(
                    Problem(
                        path=name,
                        expected="a one-dimensional sequence of values (a list or an array)",
                        found=f"a single value of type {type(columns[name]).__name__}",
                    )
                )
        if problems:
            raise ModelError("InteractionTable", problems)
        lengths = {name: length for name, length in sized.items() if length is not None}
        if len(set(lengths.values())) > 1:
            raise ModelError(
                "InteractionTable",
                [
                    Problem(
                        path="",
                        expected="columns of equal length",
                        found=", ".join(f"{k}: {v}" for k, v in sorted(lengths.items())),
                    )
                ],
            )
        n = next(iter(lengths.values()))
        arrays: dict[str, npt.NDArray[np.generic]] = {}
        labels: dict[str, tuple[str, ...]] = {}
        for column in INTERACTION_COLUMNS:
            if column.name not in columns:
                arrays[column.name] = _missing_column(column, n)
                continue
            try:
                if column.kind == "category":
                    arrays[column.name], labels[column.name] = _encode(columns[column.name])
                else:
                    arrays[column.name] = _convert(column, columns[column.name])
            except _ConversionError as exc:
                problems.append(Problem(path=column.name, expected=exc.expected, found=exc.found))
        if problems:
            raise ModelError("InteractionTable", problems)
        return cls(arrays, labels)

    @classmethod
    def from_records(cls, records: Iterable[Interaction]) -> InteractionTable:
        """Build a table from `Interaction` objects (for small data; loops in Python)."""
        rows = list(records)
        return cls.from_columns(
            interaction_id=[r.id for r in rows],
            channel_id=[r.channel_id for r in rows],
            direction=[r.direction.value for r in rows],
            queue=[r.queue for r in rows],
            campaign_id=[r.campaign_id for r in rows],
            client_id=[r.client_id for r in rows],
            customer_reference=[r.customer_reference for r in rows],
            agent_id=[r.agent_id for r in rows],
            offered_at=np.array(
                [r.offered_at.astimezone(UTC).replace(tzinfo=None) for r in rows],
                dtype="datetime64[ns]",
            ),
            wait_seconds=[r.wait_seconds for r in rows],
            answered=[r.answered for r in rows],
            abandoned=[r.abandoned for r in rows],
            talk_seconds=[_nan(r.talk_seconds) for r in rows],
            hold_seconds=[_nan(r.hold_seconds) for r in rows],
            after_contact_seconds=[_nan(r.after_contact_seconds) for r in rows],
            resolved=[-1 if r.resolved is None else int(r.resolved) for r in rows],
            transferred=[r.transferred for r in rows],
            satisfaction=[_nan(r.satisfaction) for r in rows],
        )

    # --- access -----------------------------------------------------------------------

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, name: str) -> npt.NDArray[np.generic]:
        """Return the read-only array of column `name`."""
        return self._columns[name]

    @property
    def column_names(self) -> tuple[str, ...]:
        """Return the names of the columns, in `INTERACTION_COLUMNS` order."""
        return tuple(self._columns)

    def categories(self, name: str) -> tuple[str, ...]:
        """Return the labels that the codes of category column `name` index."""
        return self._categories[name]

    def equals(self, other: object) -> bool:
        """Tell whether `other` is a table with the same rows, in the same order.

        Rows are compared by value: codes are compared through their labels, so
        two tables that number their categories differently are still equal.
        """
        if not isinstance(other, InteractionTable) or len(self) != len(other):
            return False
        for column in INTERACTION_COLUMNS:
            a, b = self._columns[column.name], other._columns[column.name]
            if column.kind == "category":
                la = np.array((*self._categories[column.name], None), dtype=object)
                lb = np.array((*other._categories[column.name], None), dtype=object)
                if not np.array_equal(la[a], lb[b]):
                    return False
            elif not np.array_equal(a, b, equal_nan=column.kind == "float"):
                return False
        return True

    def __repr__(self) -> str:
        return f"<InteractionTable: {self._length} rows, {len(self._columns)} columns>"


class _ConversionError(Exception):
    def __init__(self, expected: str, found: str) -> None:
        self.expected, self.found = expected, found


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def _length_of(values: object) -> int | None:
    """Return the number of rows in a column, or None for a single value."""
    if isinstance(values, list | tuple):
        return len(values)
    array = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    return int(array.shape[0]) if array.ndim else None


def _read_only(array: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
    array = np.asarray(array)
    if array.flags.writeable:
        array = array.copy() if array.base is not None else array
        array.flags.writeable = False
    return array


def _handed_over(array: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
    """Make an array the table now owns read-only, without copying it."""
    if array.flags.writeable:
        array.flags.writeable = False
    return array


def _missing_column(column: Column, n: int) -> npt.NDArray[np.generic]:
    fill: dict[str, object] = {
        "category": MISSING_CODE,
        "float": np.nan,
        "bool": False,
        "tristate": -1,
    }
    return np.full(n, fill[column.kind], dtype=column.dtype)


def _encode(values: object) -> tuple[CodeArray, tuple[str, ...]]:
    array = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if array.ndim != 1:
        raise _ConversionError(
            "a one-dimensional sequence of strings", f"an array of shape {array.shape}"
        )
    if array.dtype.kind == "U":
        labels, inverse = np.unique(array, return_inverse=True)
        codes: CodeArray = inverse.astype(np.int32)
        return codes, tuple(str(x) for x in labels)
    if array.dtype != object:
        raise _ConversionError("strings (None for missing)", f"an array of dtype {array.dtype}")
    missing = array == None  # noqa: E711 - elementwise on an object array
    present = array[~missing]
    not_text = ~np.fromiter((isinstance(x, str) for x in present), bool, len(present))
    if not_text.any():
        raise _ConversionError(
            "strings (None for missing)",
            f"{int(not_text.sum())} values that are not strings",
        )
    # Sort the str objects themselves: numpy's fixed-width "U" dtype drops trailing NULs.
    labels, inverse = np.unique(present, return_inverse=True)
    encoded: CodeArray = np.full(array.shape[0], MISSING_CODE, dtype=np.int32)
    encoded[~missing] = inverse
    return encoded, tuple(str(x) for x in labels)


def _convert(column: Column, values: object) -> npt.NDArray[np.generic]:
    array = np.asarray(values)
    target = column.dtype
    if array.ndim == 1 and array.size == 0:  # no values, so none of the wrong kind
        return np.empty(0, dtype=target)
    if column.kind == "timestamp":
        if array.dtype.kind != "M":
            raise _ConversionError("datetime64 values (UTC)", f"an array of dtype {array.dtype}")
        converted = array.astype(target)
        lost = (converted.astype(array.dtype) != array) & ~np.isnat(array)
        if lost.any():  # out of datetime64[ns] range (1678-2262) or finer than nanoseconds
            raise _ConversionError(
                "times that datetime64[ns] holds exactly (years 1678 to 2262)", _rows(lost)
            )
        return converted
    if column.kind == "bool" and array.dtype != np.bool_:
        raise _ConversionError("booleans", f"an array of dtype {array.dtype}")
    if column.kind in ("float", "tristate") and array.dtype.kind not in "iuf":
        raise _ConversionError("numbers", f"an array of dtype {array.dtype}")
    if column.kind == "tristate":
        if array.size and not np.isin(array, (-1, 0, 1)).all():
            raise _ConversionError("1, 0 or -1 (not recorded)", "other values")
        return array.astype(target)
    return array.astype(target, casting="same_kind" if array.dtype.kind == "f" else "unsafe")


def _rows(mask: npt.NDArray[np.bool_]) -> str:
    rows = np.flatnonzero(mask)
    first = ", ".join(str(r) for r in rows[:_FIRST_ROWS])
    noun = "row" if rows.size == 1 else "rows"
    return f"{rows.size} {noun} (first: {first})"


def _table_problems(
    columns: Mapping[str, npt.NDArray[Any]],
    categories: Mapping[str, tuple[str, ...]],
) -> Iterator[Problem]:
    """Check every column and row invariant; count and locate violations.

    Cheap when nothing is wrong: one reduction per check, and a mask only for a
    check that some row breaks.
    """
    layout = list(_layout_problems(columns))
    if layout:
        yield from layout
        return
    for column in INTERACTION_COLUMNS:
        array = columns[column.name]
        if column.kind == "category":
            size = len(categories.get(column.name, ()))
            some = _distinct(array)
            if int(np.minimum.reduce(some, initial=0)) < MISSING_CODE or (
                int(np.maximum.reduce(some, initial=MISSING_CODE)) >= size
            ):
                out = (array < MISSING_CODE) | (array >= size)
                yield Problem(
                    path=column.name, expected=f"codes in -1..{size - 1}", found=_rows(out)
                )
            if column.required and int(np.minimum.reduce(some, initial=0)) <= MISSING_CODE:
                missing = array == MISSING_CODE
                if missing.any():
                    yield Problem(path=column.name, expected="a value", found=_rows(missing))
    allowed = {d.value for d in Direction}
    if not set(categories.get("direction", ())) <= allowed:
        yield Problem(
            path="direction",
            expected="'inbound' or 'outbound'",
            found=repr(sorted(set(categories["direction"]) - allowed)),
        )
    for check, mask in row_violations(columns):
        yield Problem(path=check.path, expected=check.expected, found=_rows(mask))


def _layout_problems(columns: Mapping[str, npt.NDArray[Any]]) -> Iterator[Problem]:
    """Check the dtypes, then the shapes (the first problem only; constant time)."""
    for column in INTERACTION_COLUMNS:
        array = columns[column.name]
        if array.dtype != column.dtype:
            yield Problem(path=column.name, expected=str(column.dtype), found=str(array.dtype))
            return
    n = len(columns["offered_at"])
    for column in INTERACTION_COLUMNS:
        array = columns[column.name]
        if array.shape != (n,):
            yield Problem(path=column.name, expected=f"shape ({n},)", found=str(array.shape))
            return


# --- row invariants: one definition for the table and the loaders -----------------------


@attrs.frozen(kw_only=True)
class RowCheck:
    """One row invariant of `InteractionTable`, with the words that report it.

    Parameters
    ----------
    path : str
        The column a breaking row is reported under.
    expected : str
        What every row must hold, in words (missing numbers are called NaN).
    found : str
        What a breaking row holds, as a phrase that follows a row count.
    reads : tuple of str
        The columns the check reads: a row already reported as unreadable in one
        of them need not be reported again.
    example : bool
        Whether the value in `path` of a breaking row illustrates the problem.
    """

    path: str
    expected: str
    found: str
    reads: tuple[str, ...]
    example: bool


_NO_TIME: Final = RowCheck(
    path="offered_at",
    expected="a time",
    found="with no time",
    reads=("offered_at",),
    example=False,
)
_WAIT: Final = RowCheck(
    path="wait_seconds",
    expected=f"values from 0 to {limit_text(largest('wait_seconds'))}",
    found="with a negative value",
    reads=("wait_seconds",),
    example=True,
)
_BOTH: Final = RowCheck(
    path="abandoned",
    expected="false where answered is true",
    found="with both true",
    reads=("answered", "abandoned"),
    example=False,
)
_OPTIONAL: Final = tuple(
    RowCheck(
        path=name,
        expected=f"values from 0 to {limit_text(largest(name))} or NaN",
        found="with a negative value",
        reads=(name,),
        example=True,
    )
    for name in ("talk_seconds", "hold_seconds", "after_contact_seconds", "satisfaction")
)
_WAIT_MOST: Final = largest("wait_seconds")
ROW_CHECKS: Final = (_NO_TIME, _WAIT, _BOTH, *_OPTIONAL)
"""Every check `row_violations` runs, in the order it runs them."""


@attrs.frozen
class Seen:
    """What a caller's own passes over one column found, so the checks need not read it.

    Parameters
    ----------
    missing : bool
        Whether a value is missing (NaN, NaT).
    negative : bool
        Whether a number is below 0 (missing values aside).
    infinite : bool
        Whether a number is infinite or beyond its column's limit
        (`iso18295._limits.largest`).
    """

    missing: bool
    negative: bool = False
    infinite: bool = False


def row_violations(
    columns: Mapping[str, npt.NDArray[Any]],
    *,
    infinities_reported: bool = False,
    seen: Mapping[str, Seen] | None = None,
) -> Iterator[tuple[RowCheck, npt.NDArray[np.bool_]]]:
    """Yield each row invariant some row breaks, with the mask of the rows that break it.

    Every invariant concerns one row, so any rows can be checked: a whole table
    or one batch of it.  `columns` holds at least the columns the checks read,
    in their dtypes, all of one length.  Each check is first a reduction
    (minimum, maximum, any) with no temporary arrays; the mask is built only for
    a check the reduction finds broken.  Category codes need the labels and are
    checked by `InteractionTable` itself.

    With `infinities_reported`, the caller vouches that it reports every
    infinite number, and every number beyond its column's limit, itself (the
    loaders do, as unreadable values) and will not
    accept those rows: the reductions then look for NaN and negative numbers
    only, which takes one pass per column instead of two.  The masks still
    include infinite values.

    `seen` gives, for some columns, what the caller's own passes found (a loader
    finds the smallest and largest value of a column as it converts it): the
    checks of those columns then make no pass of their own unless it says a
    check is broken.
    """
    seen = seen or {}
    known = seen.get("offered_at")
    if known is not None:
        no_time = known.missing
    else:
        offered = _distinct(columns["offered_at"])
        no_time = int(np.minimum.reduce(offered.view(np.int64), initial=0)) == _NAT_INT
    if no_time:
        yield _NO_TIME, np.isnat(columns["offered_at"])
    known = seen.get("wait_seconds")
    if known is not None:
        bad_wait = known.missing or known.negative or (known.infinite and not infinities_reported)
    else:
        wait = _distinct(columns["wait_seconds"])
        lowest = np.minimum.reduce(wait, initial=0.0)  # NaN if any value is NaN
        bad_wait = bool(
            np.isnan(lowest)
            or lowest < 0
            or (not infinities_reported and np.maximum.reduce(wait, initial=0.0) > _WAIT_MOST)
        )
    if bad_wait:
        wait = columns["wait_seconds"]
        yield _WAIT, ~((wait >= 0) & (wait <= _WAIT_MOST))
    answered, abandoned = columns["answered"], columns["abandoned"]
    if np.logical_and(_distinct(answered), _distinct(abandoned)).any():
        yield _BOTH, answered & abandoned
    for check in _OPTIONAL:
        known = seen.get(check.path)
        if known is not None:
            broken = known.negative or (known.infinite and not infinities_reported)
        else:
            some = _distinct(columns[check.path])
            broken = bool(
                np.fmin.reduce(some, initial=np.inf) < 0  # fmin skips NaN
                if infinities_reported
                else _negative_or_too_large(some, largest(check.path))
            )
        if broken:
            values = columns[check.path]
            most = largest(check.path)
            yield check, ~np.isnan(values) & ~((values >= 0) & (values <= most))


def _negative_or_too_large(values: npt.NDArray[np.float64], most: float) -> bool:
    """Tell, in two passes without temporaries, whether a value is < 0 or > `most` (NaN aside)."""
    lowest = np.fmin.reduce(values, initial=np.inf)  # fmin and fmax skip NaN
    return bool(lowest < 0 or np.fmax.reduce(values, initial=-np.inf) > most)


def _distinct(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Return the array, or one element of an array that repeats one value (strides 0)."""
    if array.ndim == 1 and array.size > 1 and array.strides[0] == 0:
        return array[:1]
    return array
