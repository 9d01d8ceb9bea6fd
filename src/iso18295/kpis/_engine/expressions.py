"""Row predicates and values that KPI definitions are lowered to.

A KPI definition (`.._definitions`) says what it counts and sums as small
expression trees over *atoms*: row properties such as "answered" or "waited at
most 20 s".  The kernel (`.kernel`) evaluates each distinct atom once per
chunk of rows, packs the atoms into the bits of one small integer per row, and
counts every combination of bits per group in one ``bincount``; any predicate
over the atoms is then a sum over the combinations where it holds.  The same
trees evaluate on row arrays (for the masks of float sums) and on the table of
combinations, because both are boolean arrays.

Float values (`RowValue`) are a column, a sum of columns (`Value`), or derived
from several columns per chunk and memoised in `Rows` (business seconds,
`.business_hours`); each atom and value names the columns it `reads`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295.kpis._engine.repeats import RepeatSearch

#: Which float columns may be summed, and the handling-time components by name.
COMPONENT_COLUMNS: Final[Mapping[str, str]] = {
    "talk": "talk_seconds",
    "hold": "hold_seconds",
    "after_contact": "after_contact_seconds",
}


class Rows:
    """The columns of one chunk of rows, with a memo of what has been derived from them.

    Parameters
    ----------
    columns : mapping of str to numpy.ndarray
        Slices of the table's columns, all of the same length.
    inbound_code : int
        The code of ``"inbound"`` among the table's direction labels (-2 if absent).
    """

    __slots__ = ("_columns", "_memo", "inbound_code", "size")

    def __init__(self, columns: Mapping[str, NDArray[np.generic]], inbound_code: int) -> None:
        self._columns = columns
        self._memo: dict[object, NDArray[np.generic]] = {}
        self.inbound_code = inbound_code
        self.size = len(columns["offered_at"])

    def column(self, name: str) -> NDArray[np.generic]:
        """Return the chunk's slice of column `name`."""
        return self._columns[name]

    def memo(self, key: object, make: Callable[[], NDArray[np.generic]]) -> NDArray[np.generic]:
        """Return the array cached under `key`, computing it with `make` the first time."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]


class Expr:
    """A boolean expression over atoms; combine with ``&``, ``|`` and ``~``."""

    __slots__ = ()

    def __and__(self, other: Expr) -> Expr:
        terms = [*_terms(self), *_terms(other)]
        unique = tuple(dict.fromkeys(terms))
        return unique[0] if len(unique) == 1 else All(terms=unique)  # () is ALWAYS

    def __or__(self, other: Expr) -> Expr:
        return Not(term=All(terms=(Not(term=self), Not(term=other))))

    def __invert__(self) -> Expr:
        return Not(term=self)

    def atoms(self) -> frozenset[Atom]:
        """Return the atoms the expression reads."""
        raise NotImplementedError

    def evaluate(
        self, lookup: Callable[[Atom], NDArray[np.bool_]], size: int
    ) -> NDArray[np.bool_]:
        """Evaluate on arrays of length `size`, with `lookup` giving each atom's array."""
        raise NotImplementedError


@attrs.frozen
class All(Expr):
    """True where every term is true (true everywhere for no terms)."""

    terms: tuple[Expr, ...]

    def atoms(self) -> frozenset[Atom]:
        """Return the atoms of all the terms."""
        return frozenset().union(*(t.atoms() for t in self.terms))

    def evaluate(
        self, lookup: Callable[[Atom], NDArray[np.bool_]], size: int
    ) -> NDArray[np.bool_]:
        """Evaluate the conjunction."""
        if not self.terms:
            return np.ones(size, dtype=np.bool_)
        result = self.terms[0].evaluate(lookup, size)
        for term in self.terms[1:]:
            result = result & term.evaluate(lookup, size)
        return result


@attrs.frozen
class Not(Expr):
    """True where the term is false."""

    term: Expr

    def atoms(self) -> frozenset[Atom]:
        """Return the atoms of the term."""
        return self.term.atoms()

    def evaluate(
        self, lookup: Callable[[Atom], NDArray[np.bool_]], size: int
    ) -> NDArray[np.bool_]:
        """Evaluate the negation."""
        return ~self.term.evaluate(lookup, size)


def _terms(expr: Expr) -> tuple[Expr, ...]:
    """Return the conjuncts of `expr` (none for ALWAYS), flattening nested conjunctions."""
    return expr.terms if isinstance(expr, All) else (expr,)


ALWAYS: Final[Expr] = All(terms=())
"""The expression that holds for every row."""


class Atom(Expr):
    """A row property read directly from the columns; one bit in the kernel."""

    __slots__ = ()

    def atoms(self) -> frozenset[Atom]:
        """Return the atom itself."""
        return frozenset((self,))

    def evaluate(
        self, lookup: Callable[[Atom], NDArray[np.bool_]], size: int
    ) -> NDArray[np.bool_]:
        """Look the atom up."""
        return lookup(self)

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Compute the atom on a chunk of rows."""
        raise NotImplementedError

    def reads(self) -> frozenset[str]:
        """Return the table columns the atom reads."""
        raise NotImplementedError

    def sort_key(self) -> str:
        """Return a key that orders atoms the same way in every run."""
        return repr(self)


def _bool(array: NDArray[np.generic]) -> NDArray[np.bool_]:
    return array.view(np.bool_) if array.dtype == np.bool_ else array.astype(np.bool_)


@attrs.frozen
class Flag(Atom):
    """The value of a boolean column: ``answered``, ``abandoned`` or ``transferred``."""

    column: str

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Return the column itself."""
        return _bool(rows.column(self.column))

    def reads(self) -> frozenset[str]:
        """Return the column."""
        return frozenset((self.column,))


@attrs.frozen
class Inbound(Atom):
    """The contact was started by the customer (``direction == "inbound"``)."""

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Compare the direction codes with the code of ``"inbound"``."""
        result: NDArray[np.bool_] = np.equal(rows.column("direction"), rows.inbound_code)
        return result

    def reads(self) -> frozenset[str]:
        """Return ``direction``."""
        return frozenset(("direction",))


@attrs.frozen
class WaitWithin(Atom):
    """The wait was at most (`inclusive`) or below `seconds`."""

    seconds: float
    inclusive: bool

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Compare the waits with the limit."""
        wait = rows.column("wait_seconds")
        compare = np.less_equal if self.inclusive else np.less
        result: NDArray[np.bool_] = compare(wait, self.seconds)
        return result

    def reads(self) -> frozenset[str]:
        """Return ``wait_seconds``."""
        return frozenset(("wait_seconds",))


@attrs.frozen
class Recorded(Atom):
    """The value is recorded (not NaN)."""

    value: RowValue

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Test the value for NaN."""
        return ~np.isnan(self.value.rows(rows))

    def reads(self) -> frozenset[str]:
        """Return the columns the value reads."""
        return self.value.reads()


@attrs.frozen
class AtLeast(Atom):
    """The value is recorded and at least `minimum`."""

    value: RowValue
    minimum: float

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Compare the value with the minimum (NaN compares false)."""
        return np.greater_equal(self.value.rows(rows), self.minimum)

    def reads(self) -> frozenset[str]:
        """Return the columns the value reads."""
        return self.value.reads()


@attrs.frozen
class AtMost(Atom):
    """The value is at most (`inclusive`) or below `maximum` (NaN compares false)."""

    value: RowValue
    maximum: float
    inclusive: bool

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Compare the value with the maximum."""
        compare = np.less_equal if self.inclusive else np.less
        result: NDArray[np.bool_] = compare(self.value.rows(rows), self.maximum)
        return result

    def reads(self) -> frozenset[str]:
        """Return the columns the value reads."""
        return self.value.reads()


@attrs.frozen
class ResolvedIs(Atom):
    """The ``resolved`` tristate equals `value` (1 yes, 0 no, -1 not recorded)."""

    value: int

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Compare the tristate with the value."""
        result: NDArray[np.bool_] = np.equal(rows.column("resolved"), self.value)
        return result

    def reads(self) -> frozenset[str]:
        """Return ``resolved``."""
        return frozenset(("resolved",))


@attrs.frozen
class RepeatIs(Atom):
    """The row's repeat-contact status (`.repeats`) equals `value` (1, 0 or -1).

    The status is a derived column, computed over the whole table before the
    chunked pass; the kernel reads it under the name ``search.column``.
    """

    search: RepeatSearch
    value: int

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Compare the derived status column with the value."""
        result: NDArray[np.bool_] = np.equal(rows.column(self.search.column), self.value)
        return result

    def reads(self) -> frozenset[str]:
        """Return the table columns the repeat search reads (the status is derived)."""
        return self.search.columns()


class RowValue:
    """A float value per row, computed from a chunk's columns and memoised per chunk."""

    __slots__ = ()

    def rows(self, rows: Rows) -> NDArray[np.float64]:
        """Compute the value on a chunk of rows."""
        raise NotImplementedError

    def reads(self) -> frozenset[str]:
        """Return the table columns the value reads."""
        raise NotImplementedError

    def may_be_nan(self) -> bool:
        """Tell whether the value can be NaN (not recorded) on some rows."""
        raise NotImplementedError


@attrs.frozen
class Value(RowValue):
    """A float value per row: one column, or the sum of several (NaN if any is NaN)."""

    columns: tuple[str, ...]

    def rows(self, rows: Rows) -> NDArray[np.float64]:
        """Compute the value on a chunk of rows (memoised per chunk)."""

        def make() -> NDArray[np.generic]:
            total = rows.column(self.columns[0])
            for name in self.columns[1:]:
                total = np.add(total, rows.column(name))
            return total

        result: NDArray[np.float64] = rows.memo(self, make)  # type: ignore[assignment]
        return result

    def reads(self) -> frozenset[str]:
        """Return the columns summed."""
        return frozenset(self.columns)

    def may_be_nan(self) -> bool:
        """Tell whether a column may be NaN (all but ``wait_seconds``, which the table checks)."""
        return self.columns != ("wait_seconds",)


@attrs.frozen
class SumOf:
    """The sum of `value` over the rows where `where` holds."""

    value: RowValue
    where: Expr


@attrs.frozen
class MaxOf:
    """The largest `value` over the rows where `where` holds (-inf where there are none).

    Maxima merge by taking the maximum of maxima, so partials holding them
    merge like sums do; `where` is evaluated on the rows themselves, not
    through the kernel's bit codes.
    """

    value: RowValue
    where: Expr


def direction_expr(direction: str) -> Expr:
    """Return the expression selecting contacts of one direction, or all of them."""
    if direction == "inbound":
        return Inbound()
    if direction == "outbound":
        return Not(term=Inbound())
    return ALWAYS


def columns_read(exprs: tuple[Expr | SumOf | MaxOf, ...]) -> frozenset[str]:
    """Return the table columns the expressions read (for the benchmark and docs)."""
    names: set[str] = set()
    for expr in exprs:
        if isinstance(expr, SumOf | MaxOf):
            names.update(expr.value.reads())
            atoms = expr.where.atoms()
        else:
            atoms = expr.atoms()
        for atom in atoms:
            names.update(atom.reads())
    return frozenset(names)
