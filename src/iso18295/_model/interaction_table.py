"""Interaction records as columns: `InteractionTable`.

The layout is `iso18295._model.columns.INTERACTION_COLUMNS`.  Values given as
array-likes are converted by `iso18295._model.column_conversion`; the row
invariants are `iso18295._model.row_checks`, which the loaders
(`iso18295._io._finish`) run too, to set bad rows aside, before they build
tables with `InteractionTable._from_checked`, which checks no row again.
Checks are vectorised reductions, and masks where a row breaks one: no Python
loop over records.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC
from typing import Any, final

import numpy as np
import numpy.typing as npt

from .. import _namespaces
from ..errors import ModelError, Problem, UnknownIdError
from . import table_display
from .channels import Direction
from .column_conversion import (
    ConversionError,
    convert_values,
    encode_categories,
    length_of,
    missing_column,
)
from .columns import COLUMNS_BY_NAME, INTERACTION_COLUMNS, MISSING_CODE
from .interactions import Interaction
from .row_checks import distinct, row_violations, rows_found


@final
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
    >>> import numpy as np
    >>> from iso18295 import InteractionTable
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
        sized = {name: length_of(values) for name, values in columns.items()}
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
                arrays[column.name] = missing_column(column, n)
                continue
            try:
                if column.kind == "category":
                    codes, labels[column.name] = encode_categories(columns[column.name])
                    arrays[column.name] = codes
                else:
                    arrays[column.name] = convert_values(column, columns[column.name])
            except ConversionError as exc:
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
            dial_seconds=[_nan(r.dial_seconds) for r in rows],
        )

    # --- access -----------------------------------------------------------------------

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, name: str) -> npt.NDArray[np.generic]:
        """Return the read-only array of column `name`.

        Raises
        ------
        UnknownIdError
            If there is no such column; the message suggests the closest names.
        """
        try:
            return self._columns[name]
        except KeyError:
            raise UnknownIdError("column of this InteractionTable", name, self._columns) from None

    @property
    def column_names(self) -> tuple[str, ...]:
        """Return the names of the columns, in `INTERACTION_COLUMNS` order."""
        return tuple(self._columns)

    def categories(self, name: str) -> tuple[str, ...]:
        """Return the labels that the codes of category column `name` index.

        Raises
        ------
        UnknownIdError
            If `name` is not a category column; the message suggests the closest names.
        """
        try:
            return self._categories[name]
        except KeyError:
            kind = "category column of this InteractionTable"
            raise UnknownIdError(kind, name, self._categories) from None

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

    # --- export -----------------------------------------------------------------------

    def to_arrow(self, *, include_personal_data: bool = False) -> Any:
        """Return the table as a ``pyarrow.Table``, one row per interaction.

        Columns follow `INTERACTION_COLUMNS`, each field described in its
        metadata: category columns (ids, ``direction``, ``queue``...) are
        dictionary-encoded text (``dictionary<int32, string>``, null where
        missing); ``offered_at`` is ``timestamp[ns, tz=UTC]``; the ``*_seconds``
        columns and ``satisfaction`` are ``double`` (seconds; null where
        missing); ``answered``, ``abandoned`` and ``transferred`` are ``bool``;
        ``resolved`` is ``bool``, null where not recorded.  Required columns
        are declared not nullable.  Numbers are handed over without a copy
        where nothing is missing.

        Parameters
        ----------
        include_personal_data : bool, default False
            Include the columns that hold personal data
            (``customer_reference``); left out unless asked.

        Returns
        -------
        pyarrow.Table

        Raises
        ------
        MissingDependencyError
            If pyarrow is not installed (``pip install 'iso18295[arrow]'``).

        Examples
        --------
        >>> from iso18295 import examples
        >>> table = examples.generate_interactions(seed=1).to_arrow()
        >>> table.schema.field("channel_id").type, table.schema.field("offered_at").type
        (DictionaryType(dictionary<values=string, indices=int32, ordered=0>), TimestampType(timestamp[ns, tz=UTC]))
        >>> "customer_reference" in table.column_names
        False
        """  # noqa: E501 - doctest output line
        from .._export.arrow import column_array, table
        from .._export.libraries import require

        pa = require("pyarrow", "InteractionTable.to_arrow()")
        chosen = [c for c in INTERACTION_COLUMNS if include_personal_data or not c.personal]
        arrays = {
            c.name: column_array(
                pa, c.kind, self._columns[c.name], self._categories.get(c.name, ())
            )
            for c in chosen
        }
        return table(
            pa,
            arrays,
            required=[c.name for c in chosen if c.required],
            descriptions={c.name: c.description for c in chosen},
            metadata={"iso18295.table": "InteractionTable"},
        )

    def to_pandas(self, *, include_personal_data: bool = False) -> Any:
        """Return the table as a ``pandas.DataFrame``, one row per interaction.

        Through `to_arrow`: category columns become ``category``,
        ``offered_at`` ``datetime64[ns, UTC]``, booleans pandas' nullable
        ``boolean`` (``resolved`` is missing where not recorded), and missing
        seconds or scores NaN.

        Parameters
        ----------
        include_personal_data : bool, default False
            Include ``customer_reference``; left out unless asked.

        Raises
        ------
        MissingDependencyError
            If pyarrow or pandas is not installed
            (``pip install 'iso18295[arrow]' pandas``).
        """
        from .._export.frames import pandas_frame

        arrow = self.to_arrow(include_personal_data=include_personal_data)
        return pandas_frame(arrow, "InteractionTable.to_pandas()")

    def to_polars(self, *, include_personal_data: bool = False) -> Any:
        """Return the table as a ``polars.DataFrame``, one row per interaction.

        Through `to_arrow`: category columns become ``Categorical``,
        ``offered_at`` ``Datetime("ns", "UTC")``, and missing values null.

        Parameters
        ----------
        include_personal_data : bool, default False
            Include ``customer_reference``; left out unless asked.

        Raises
        ------
        MissingDependencyError
            If pyarrow or polars is not installed
            (``pip install 'iso18295[arrow]' polars``).
        """
        from .._export.frames import polars_frame

        arrow = self.to_arrow(include_personal_data=include_personal_data)
        return polars_frame(arrow, "InteractionTable.to_polars()")

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Export the table through the Arrow PyCapsule stream interface.

        So ``pyarrow.table(t)``, ``polars.DataFrame(t)``, DuckDB queries and
        other Arrow readers take the table directly.  The columns are those of
        `to_arrow` without personal data; call ``to_arrow(include_personal_data=True)``
        for them.

        Parameters
        ----------
        requested_schema : object or None, default None
            A schema the reader asks for (a PyCapsule holding an Arrow schema);
            pyarrow casts to it where it can.

        Raises
        ------
        MissingDependencyError
            If pyarrow is not installed (``pip install 'iso18295[arrow]'``).
        """
        from .._export.frames import arrow_stream

        return arrow_stream(self.to_arrow(), requested_schema)

    def _repr_html_(self) -> str:
        return table_display.interaction_html(self)


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


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
            some = distinct(array)
            if int(np.minimum.reduce(some, initial=0)) < MISSING_CODE or (
                int(np.maximum.reduce(some, initial=MISSING_CODE)) >= size
            ):
                out = (array < MISSING_CODE) | (array >= size)
                yield Problem(
                    path=column.name, expected=f"codes in -1..{size - 1}", found=rows_found(out)
                )
            if column.required and int(np.minimum.reduce(some, initial=0)) <= MISSING_CODE:
                missing = array == MISSING_CODE
                if missing.any():
                    yield Problem(path=column.name, expected="a value", found=rows_found(missing))
    allowed = {d.value for d in Direction}
    if not set(categories.get("direction", ())) <= allowed:
        yield Problem(
            path="direction",
            expected="'inbound' or 'outbound'",
            found=repr(sorted(set(categories["direction"]) - allowed)),
        )
    for check, mask in row_violations(columns):
        yield Problem(path=check.path, expected=check.expected, found=rows_found(mask))


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


_namespaces.publish_lazy(__name__)
