"""The vectorised pass: a plan compiled from KPI definitions, run chunk by chunk.

For each chunk of rows (a few hundred kilobytes per column, so it stays in
cache) the kernel

1. builds the combined ``int64`` group key (`.grouping`), relative to the
   lowest key the chunk can reach;
2. packs the distinct atoms of the count predicates into the bits of a
   ``uint8`` code and counts every (key, code) pair with ONE integer
   ``bincount`` of ``key << bits | code`` (several if more than six atoms are
   needed, each with at most six);
3. takes each float sum with one weighted ``bincount`` of the key;
4. takes each maximum (`MaxOf`, such as the oldest open item's age) with one
   ``np.maximum.at`` of the key, over the rows where it is taken.

The histograms are added into a window of dense bins per thread (`Window`);
a window that would grow past `WINDOW_BINS` is flushed to sparse form (its
non-empty groups only), so memory is bounded by the chunk and the window,
never by the table.  The combinations are reduced to predicate counts once,
at the flush, with a small integer matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.interaction_table import InteractionTable
from iso18295._timezones import is_utc, zone_offsets
from iso18295.errors import CalculationError
from iso18295.kpis._engine.expressions import (
    ALWAYS,
    Atom,
    Expr,
    MaxOf,
    Recorded,
    RepeatIs,
    Rows,
    SumOf,
    columns_read,
)
from iso18295.kpis._engine.families import InteractionKpi, Lowering
from iso18295.kpis._engine.grouping import Grouping, by_layout, has_folds, interval_index
from iso18295.kpis._engine.repeats import RepeatSearch

MAX_BITS: Final = 6
WINDOW_BINS: Final = 1 << 19


@attrs.frozen
class BitGroup:
    """Atoms packed into one fused key, and the counts and sums read from it.

    Parameters
    ----------
    atoms : tuple of Atom
        Atom ``i`` is bit ``i`` of the code.
    predicates : tuple of int
        Indices (into `Plan.predicates`) of the predicates this group counts.
    matrix : numpy.ndarray of int64, shape (2**len(atoms), len(predicates))
        1 where the predicate holds for the combination of bits.
    sums : tuple of int
        Indices (into `Plan.sums`) of the sums taken over this group's fused key.
    sum_combinations : tuple of numpy.ndarray of intp
        Per sum, the combinations of bits where its rows are (its `where` holds
        and its value is recorded), so bins holding NaN are never read.
    """

    atoms: tuple[Atom, ...]
    predicates: tuple[int, ...]
    matrix: NDArray[np.int64] = attrs.field(eq=False)
    sums: tuple[int, ...] = ()
    sum_combinations: tuple[NDArray[np.intp], ...] = attrs.field(default=(), eq=False)


def _truth_table(atoms: tuple[Atom, ...], exprs: Sequence[Expr]) -> NDArray[np.bool_]:
    """Return, per combination of the atoms' bits (rows), whether each expression holds."""
    combos = np.arange(1 << len(atoms))
    bits = {atom: ((combos >> i) & 1).astype(np.bool_) for i, atom in enumerate(atoms)}
    columns = [e.evaluate(bits.__getitem__, combos.size) for e in exprs]
    return np.stack(columns, axis=1) if columns else np.zeros((combos.size, 0), np.bool_)


@attrs.frozen
class Plan:
    """What to count and sum for a tuple of KPIs, deduplicated.

    Parameters
    ----------
    lowerings : tuple of Lowering
        One per KPI, in order.
    predicates : tuple of Expr
        The distinct count predicates.
    sums : tuple of SumOf
        The distinct float sums.
    groups : tuple of BitGroup
        The fused ``bincount`` calls; the first also gives the record counts.
    columns : frozenset of str
        The table columns read.
    searches : tuple of RepeatSearch
        The repeat-contact columns to derive from the whole table before the
        chunked pass (see `.repeats`); empty for most plans.
    maxima : tuple of MaxOf
        The distinct maxima; empty for most plans.
    """

    lowerings: tuple[Lowering, ...]
    predicates: tuple[Expr, ...]
    sums: tuple[SumOf, ...]
    groups: tuple[BitGroup, ...]
    columns: frozenset[str]
    searches: tuple[RepeatSearch, ...] = ()
    maxima: tuple[MaxOf, ...] = ()


def _sum_rows(spec: SumOf) -> Expr:
    """Return where a sum's rows are: its `where`, and its value recorded if it may be NaN."""
    if not spec.value.may_be_nan():  # e.g. wait_seconds: the table refuses NaN
        return spec.where
    return spec.where & Recorded(value=spec.value)


def compile_plan(kpis: tuple[InteractionKpi, ...], grouping: Grouping) -> Plan:
    """Lower the KPIs and pack their atoms into fused ``bincount`` groups (6 bits each)."""
    lowerings = tuple(m._lower() for m in kpis)
    predicates: list[Expr] = []
    sums: list[SumOf] = []
    maxima: list[MaxOf] = []
    for lowering in lowerings:
        for part in (lowering.numerator, lowering.denominator, lowering.excluded):
            if isinstance(part, MaxOf):
                if part not in maxima:
                    maxima.append(part)
            elif isinstance(part, SumOf):
                if part not in sums:
                    sums.append(part)
            elif part is not None and part != ALWAYS and part not in predicates:
                predicates.append(part)
    items = [("count", i, p) for i, p in enumerate(predicates)]
    items += [("sum", j, _sum_rows(spec)) for j, spec in enumerate(sums)]
    items.sort(key=lambda item: -len(item[2].atoms()))
    packed: list[tuple[set[Atom], list[tuple[str, int, Expr]]]] = [(set(), [])]
    for item in items:
        atoms = item[2].atoms()
        if len(atoms) > MAX_BITS:  # pragma: no cover - no definition reads more than 5 atoms
            raise CalculationError(f"compute(): expected predicates of <= {MAX_BITS} atoms")
        for group_atoms, members in packed:
            if len(group_atoms | atoms) <= MAX_BITS:
                group_atoms |= atoms
                members.append(item)
                break
        else:
            packed.append((set(atoms), [item]))
    groups = []
    for group_atoms, members in packed:
        ordered = tuple(sorted(group_atoms, key=lambda a: a.sort_key()))
        counted = sorted((i, e) for kind, i, e in members if kind == "count")
        summed = sorted((j, e) for kind, j, e in members if kind == "sum")
        table = _truth_table(ordered, [e for _, e in summed])
        groups.append(
            BitGroup(
                atoms=ordered,
                predicates=tuple(i for i, _ in counted),
                matrix=_truth_table(ordered, [e for _, e in counted]).astype(np.int64),
                sums=tuple(j for j, _ in summed),
                sum_combinations=tuple(np.flatnonzero(table[:, k]) for k in range(len(summed))),
            )
        )
    columns = columns_read((*predicates, *sums, *maxima)) | {"offered_at", *grouping.by}
    if grouping.interval_of == "wait_end":
        columns |= {"wait_seconds"}
    searches = {
        atom.search: None for group in groups for atom in group.atoms if isinstance(atom, RepeatIs)
    }
    return Plan(
        lowerings=lowerings,
        predicates=tuple(predicates),
        sums=tuple(sums),
        groups=tuple(groups),
        columns=columns,
        searches=tuple(searches),
        maxima=tuple(maxima),
    )


@attrs.frozen
class Layout:
    """The key layout of one table under a grouping (see `.grouping`)."""

    grouping: Grouping
    strides: tuple[int, ...]
    radices: tuple[int, ...]
    combinations: int
    folds: int
    missing_shift: int


def layout_for(grouping: Grouping, table: InteractionTable) -> Layout:
    """Return the key layout for `table`'s category labels."""
    categories = {name: table.categories(name) for name in grouping.by}
    radices, strides, combinations = by_layout(grouping, categories)
    return Layout(
        grouping=grouping,
        strides=strides,
        radices=radices,
        combinations=combinations,
        folds=2 if has_folds(grouping) else 1,
        missing_shift=sum(strides),
    )


def _year(ns: int) -> int:
    return int(np.datetime64(ns, "ns").astype("datetime64[Y]").astype(np.int64)) + 1970


def chunk_keys(
    layout: Layout, rows: Rows, moments: NDArray[np.int64]
) -> tuple[NDArray[np.int64], int, int]:
    """Return the chunk's keys relative to `low`, `low` and the span of keys they may take.

    `moments` are the UTC instants (int64 nanoseconds) that place each row in
    its interval (`.grouping.grouping_moments`).
    """
    grouping, per_interval = layout.grouping, layout.combinations * layout.folds
    if grouping.interval is None or rows.size == 0:
        key = np.full(rows.size, layout.missing_shift, dtype=np.int64)
        low, span = 0, layout.combinations
    else:
        t = moments
        t_min, t_max = int(t.min()), int(t.max())
        fold = None
        if is_utc(grouping.time_zone):
            local, lowest, highest = t, t_min, t_max
        else:
            offsets = zone_offsets(grouping.time_zone, _year(t_min - 86_400 * 10**9), _year(t_max))
            if offsets.changes.size == 0:
                local = t + offsets.offsets[0]
            else:
                segment = np.searchsorted(offsets.changes, t, side="right")
                local = t + offsets.offsets[segment]
                if layout.folds == 2:
                    fold = local < offsets.repeat_until[segment]
            lowest = t_min + int(offsets.offsets.min())
            highest = t_max + int(offsets.offsets.max())
        bounds = interval_index(np.array([lowest, highest], dtype=np.int64), grouping.interval)
        first, last = int(bounds[0]), int(bounds[1])
        key = interval_index(local, grouping.interval)
        key -= first
        key *= per_interval
        if fold is not None:
            key += fold.astype(np.int64) * layout.combinations
        key += layout.missing_shift
        low, span = first * per_interval, (last - first + 1) * per_interval
    for name, stride in zip(grouping.by, layout.strides, strict=True):
        codes = rows.column(name)
        if stride == 1:
            np.add(key, codes, out=key)
        else:
            key += codes.astype(np.int64) * stride
    return key, low, span


def chunk_histograms(
    plan: Plan, rows: Rows, key: NDArray[np.int64], span: int
) -> tuple[list[NDArray[np.int64]], list[NDArray[np.float64]]]:
    """Count (key, code) pairs per bit group, and sum values per (key, code).

    The code is built with multiply-adds on ``uint8`` (numpy vectorises them;
    shifts of ``uint8`` by a scalar it does not).  The float sums are weighted
    ``bincount`` calls on the same fused key with the raw values as weights:
    a row whose value is NaN lands in a combination no sum reads, so no
    ``np.where`` pass is needed.
    """
    cache: dict[Atom, NDArray[np.bool_]] = {}
    counts = []
    sums: list[NDArray[np.float64]] = [np.zeros(0)] * len(plan.sums)
    for group in plan.groups:
        bits = len(group.atoms)
        if bits == 0:
            fused = key
        else:
            code = np.zeros(rows.size, dtype=np.uint8)
            for i, atom in enumerate(group.atoms):
                if atom not in cache:
                    cache[atom] = atom.rows(rows)
                code += cache[atom].view(np.uint8) * np.uint8(1 << i)
            fused = np.left_shift(key, bits)
            fused += code
        counts.append(np.bincount(fused, minlength=span << bits))
        for j in group.sums:
            weights = plan.sums[j].value.rows(rows)
            totals: NDArray[np.float64] = np.bincount(
                fused, weights=weights, minlength=span << bits
            ).astype(np.float64, copy=False)
            sums[j] = totals
    return counts, sums


def chunk_maxima(
    plan: Plan, rows: Rows, key: NDArray[np.int64], span: int
) -> list[NDArray[np.float64]]:
    """Return, per maximum of the plan, the largest value per key (-inf for none), dense."""
    result = []
    for spec in plan.maxima:
        where = spec.where.evaluate(lambda atom: atom.rows(rows), rows.size)
        values = spec.value.rows(rows)
        where = where & ~np.isnan(values)
        out = np.full(span, -np.inf)  # rows elsewhere add -inf, cheaper than selecting rows
        np.maximum.at(out, key, np.where(where, values, -np.inf))
        result.append(out)
    return result
