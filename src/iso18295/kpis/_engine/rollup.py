"""Rolling per-interval KPI results up to coarser groups, contact- or interval-weighted.

A `KpiResult` keeps every KPI's numerator and denominator per group, so a
coarser result follows from a finer one without the records:

* **contact-weighted**: numerators and denominators are summed over the groups
  rolled up, so every contact weighs the same (this equals computing the
  coarser grouping from the records);
* **interval-weighted**: within each interval of the finer result the groups
  rolled up are first summed (so the interval's value is the one computed
  from its contacts), then the coarse value is the plain mean of the interval
  values, over the intervals that have one, so every interval weighs the same.

Loops run over groups' labels, never over records.
"""

from __future__ import annotations

import typing
import warnings
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis._engine.families import InteractionKpi, Kpi, Lowering
from iso18295.kpis._engine.grouping import (
    Grouping,
    canonical_folds,
    has_folds,
    interval_index,
    utc_starts,
)
from iso18295.kpis._engine.intervals import Interval, IntervalAlias, canonical_interval
from iso18295.kpis._engine.result import KpiResult, KpiValues
from iso18295.kpis._engine.weighting import RolledUp, Weighting

# Which coarser intervals each interval nests in (local wall time; weeks do not nest in months).
_NESTS_IN: Final[dict[str, tuple[str, ...]]] = {
    "15min": ("15min", "30min", "60min", "day", "week", "month"),
    "30min": ("30min", "60min", "day", "week", "month"),
    "60min": ("60min", "day", "week", "month"),
    "day": ("day", "week", "month"),
    "week": ("week",),
    "month": ("month",),
}


def _check_arguments(
    result: object, by: object, interval: object, weighting: object
) -> tuple[KpiResult, tuple[str, ...], Interval | None, Weighting]:
    if not isinstance(result, KpiResult):
        raise CalculationError(f"rollup(): expected a KpiResult, found {type(result).__name__}")
    fine = result.grouping
    if isinstance(by, list):
        by = tuple(by)
    if (
        not isinstance(by, tuple)
        or not all(isinstance(name, str) and name in fine.by for name in by)
        or len(set(by)) != len(by)
    ):
        hint = "; write by=('channel_id',) for one column" if isinstance(by, str) else ""
        raise CalculationError(
            f"rollup(): expected by as a tuple of distinct columns the result is grouped by"
            f" {fine.by}, found {by!r}{hint}"
        )
    if weighting not in ("contact", "interval"):
        raise CalculationError(
            f"rollup(): expected weighting in {{'contact', 'interval'}}, found {weighting!r}"
        )
    if isinstance(interval, str):
        interval = canonical_interval(typing.cast("IntervalAlias", interval))
    if interval is not None:
        allowed = _NESTS_IN.get(fine.interval or "", ())
        if interval not in allowed:
            listed = ", ".join(repr(i) for i in (None, *allowed))
            raise CalculationError(
                f"rollup(): expected interval in {{{listed}}} (intervals the result's"
                f" {fine.interval!r} intervals nest in), found {interval!r}"
            )
    if weighting == "interval" and fine.interval is None:
        raise CalculationError(
            "rollup(): expected a result per interval for weighting='interval', found one"
            " grouped without an interval"
        )
    for kpi in result.kpis:
        if isinstance(kpi, RolledUp) and kpi.weighting == "interval":
            raise CalculationError(
                f"rollup(): expected a result computed from records or contact-weighted,"
                f" found interval-weighted {kpi.name!r}; roll the per-interval result up"
                " once, straight to the groups wanted"
            )
    return result, by, typing.cast("Interval | None", interval), weighting


def _lowering(kpi: Kpi) -> tuple[InteractionKpi, Lowering]:
    """Return the definition computed from interaction records, and what it counts."""
    definition = kpi.definition if isinstance(kpi, RolledUp) else kpi
    if not isinstance(definition, InteractionKpi):
        raise CalculationError(
            f"rollup(): expected KPIs computed from interaction records (compute,"
            f" accumulate), found {kpi.name!r} ({type(definition).__name__}), measured"
            " otherwise; measure it per coarser group directly"
        )
    return definition, definition._lower()


def _codes(column: NDArray[typing.Any]) -> tuple[NDArray[np.int64], NDArray[typing.Any]]:
    """Return codes for a label column's values (None first, then sorted), and the values."""
    distinct = sorted(set(column.tolist()), key=lambda v: (v is not None, v or ""))
    index = {value: i for i, value in enumerate(distinct)}
    codes = np.array([index[v] for v in column.tolist()], dtype=np.int64)
    return codes, np.array(distinct, dtype=object)


def _fine_folds(result: KpiResult) -> NDArray[np.int64]:
    """Return 1 for the finer result's intervals that are a repeated hour's second pass."""
    fine = result.grouping
    local = result.labels["interval_start"].view(np.int64)
    utc = result.labels["interval_start_utc"].view(np.int64)
    index = interval_index(local, fine.interval or "day")
    _, first_pass = utc_starts(index, np.zeros(index.size, np.int8), fine)
    folds: NDArray[np.int64] = (utc != first_pass).astype(np.int64)
    return folds


def _sum(inverse: NDArray[np.intp], values: NDArray[typing.Any], size: int) -> NDArray[typing.Any]:
    total = np.zeros(size, dtype=values.dtype)
    np.add.at(total, inverse, values)
    return total


def _unique_rows(keys: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.intp]]:
    if keys.shape[0] == 0:
        return keys, np.zeros(0, np.intp)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1)


@attrs.frozen(eq=False)
class _Groups:
    """Which coarser group, and which (coarser group, finer interval) cell, each row is in."""

    labels: dict[str, NDArray[typing.Any]]
    inverse: NDArray[np.intp]
    size: int
    cells: NDArray[np.intp]
    cell_group: NDArray[np.intp]

    @classmethod
    def of(cls, result: KpiResult, grouping: Grouping) -> _Groups:
        """Find the coarser groups of `result`'s rows (ordered by labels, then interval)."""
        n = len(result)
        labels = result.labels
        columns: list[NDArray[np.int64]] = []
        distinct: list[NDArray[typing.Any]] = []
        for name in grouping.by:
            codes, names = _codes(labels[name])
            columns.append(codes)
            distinct.append(names)
        if grouping.interval is not None:
            index = interval_index(labels["interval_start"].view(np.int64), grouping.interval)
            folds = _fine_folds(result) if has_folds(grouping) else np.zeros(n, np.int64)
            columns += [index, canonical_folds(index, folds, grouping)]
        if columns:
            unique, inverse = _unique_rows(np.stack(columns, axis=1))
        else:  # everything in one group
            unique, inverse = np.zeros((min(n, 1), 0), np.int64), np.zeros(n, np.intp)
        out = {name: distinct[c][unique[:, c]] for c, name in enumerate(grouping.by)}
        if grouping.interval is not None:
            width = len(grouping.by)
            local, utc = utc_starts(
                unique[:, width], unique[:, width + 1].astype(np.int8), grouping
            )
            out["interval_start"] = local.view("datetime64[ns]")
            out["interval_start_utc"] = utc.view("datetime64[ns]")
        cells, cell_group = inverse, np.arange(unique.shape[0], dtype=np.intp)
        if "interval_start" in labels:  # a cell: a coarser group's rows of one finer interval
            fine = [labels["interval_start"].view(np.int64), labels["interval_start_utc"]]
            keys = np.stack([inverse.astype(np.int64), fine[0], fine[1].view(np.int64)], axis=1)
            cell_keys, cells = _unique_rows(keys)
            cell_group = cell_keys[:, 0].astype(np.intp)
        return cls(
            labels=out, inverse=inverse, size=unique.shape[0], cells=cells, cell_group=cell_group
        )

    def sum(self, values: NDArray[typing.Any]) -> NDArray[typing.Any]:
        """Sum per-row values per coarser group."""
        return _sum(self.inverse, values, self.size)

    def weigh(
        self, column: KpiValues, lowering: Lowering, weighting: Weighting
    ) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
        """Return one KPI's numerator, denominator, excluded and value per coarser group."""
        numerator = self.sum(column.numerator.astype(np.float64))
        denominator = self.sum(column.denominator.astype(np.int64))
        excluded = self.sum(column.excluded.astype(np.int64))
        minimum = max(1, lowering.minimum_denominator)
        if lowering.kind == "count":
            return numerator, denominator, excluded, numerator.copy()
        if lowering.kind == "maximum":  # the maximum of maxima, either weighting
            highest = np.full(self.size, -np.inf)
            finer = column.numerator[column.denominator >= 1]
            np.maximum.at(highest, self.inverse[column.denominator >= 1], finer)
            value = np.where(denominator >= 1, highest, np.nan)
            return value.copy(), denominator, excluded, value
        if weighting == "interval":  # the mean of the cells' values, where they have one
            n_cells = self.cell_group.size
            cell_numerator = _sum(self.cells, column.numerator.astype(np.float64), n_cells)
            cell_denominator = _sum(self.cells, column.denominator.astype(np.int64), n_cells)
            defined = cell_denominator >= minimum
            cell_value = np.zeros(n_cells)
            np.divide(cell_numerator, cell_denominator, out=cell_value, where=defined)
            numerator = _sum(self.cell_group, cell_value, self.size)
            denominator = _sum(self.cell_group, defined.astype(np.int64), self.size)
            excluded = _sum(self.cell_group, (~defined).astype(np.int64), self.size)
            minimum = 1
        value = np.full(self.size, np.nan)
        np.divide(numerator, denominator, out=value, where=denominator >= minimum)
        return numerator, denominator, excluded, value


def rollup(
    result: KpiResult,
    *,
    by: tuple[str, ...] = (),
    interval: Interval | IntervalAlias | None = None,
    weighting: Weighting = "contact",
) -> KpiResult:
    """Roll a KPI result up to coarser groups, weighting by contact or by interval.

    Parameters
    ----------
    result : KpiResult
        A result of `compute` (or `Partials.finalize`), usually per interval.
    by : tuple of str, default ()
        The category columns to keep, a subset of the result's `Grouping.by`
        (a list is accepted); the others are rolled up.  Empty: all
        categories together.
    interval : {None, "15min", "30min", "60min", "day", "week", "month"}, default None
        The coarser interval to roll up to (or its pandas or polars alias, as
        for `Grouping`, e.g. ``"1D"``), one the result's intervals nest in
        (30-minute intervals into hours, days, weeks or months; days into
        weeks or months); None for the whole period.
    weighting : {"contact", "interval"}, default "contact"
        ``contact``: sum numerators and denominators, so each contact weighs
        the same; the result equals computing the coarser grouping from the
        records.  ``interval``: in each of the result's intervals, first sum
        the groups rolled up, then take the unweighted mean of the interval
        values, so each interval weighs the same; needs a result per interval.

    Returns
    -------
    KpiResult
        One row per coarser group, grouped by `by` and `interval` (other
        grouping options kept).  Each KPI's definition is a `RolledUp`
        saying how it was weighted.  Count KPIs are summed.  With interval
        weighting, a ratio or mean KPI's numerator is the sum of the
        interval values, its denominator the number of intervals with a value
        and its excluded count the number of intervals with records but no
        value (denominator 0 or below a minimum), which are left out of the
        mean.  Intervals with no records are not in a result at all, so
        they never count.

    Raises
    ------
    CalculationError
        If `result` is not a `KpiResult`, `by` names a column the result is
        not grouped by, `interval` is not one the result's intervals nest in,
        `weighting` is not one of the choices or is ``"interval"`` for a
        result without intervals, or the result is already interval-weighted.

    Warns
    -----
    UndefinedKpiWarning
        Once, if any KPI has no value (NaN) in any coarser group.

    Examples
    --------
    Two 30-minute intervals: 9 of 10 contacts in time, then 1 of 2.

    >>> import numpy as np
    >>> from iso18295 import InteractionTable
    >>> from iso18295.kpis import Grouping, ServiceLevel, compute
    >>> table = InteractionTable.from_columns(
    ...     channel_id=["voice"] * 12, direction=["inbound"] * 12, client_id=["acme"] * 12,
    ...     offered_at=np.array(["2026-03-02T09:00"] * 10 + ["2026-03-02T09:30"] * 2,
    ...                         dtype="datetime64[ns]"),
    ...     wait_seconds=[5.0] * 9 + [60.0] + [5.0, 60.0],
    ...     answered=[True] * 12, abandoned=[False] * 12,
    ... )
    >>> per_interval = compute(table, [ServiceLevel()], grouping=Grouping(interval="30min"))
    >>> float(rollup(per_interval, weighting="contact")["service_level"].value[0])  # 10 / 12
    0.8333333333333334
    >>> float(rollup(per_interval, weighting="interval")["service_level"].value[0])  # (0.9 + 0.5) / 2
    0.7
    """  # noqa: E501 - doctest line
    result, keep, coarse, weighting = _check_arguments(result, by, interval, weighting)
    lowered = [_lowering(kpi) for kpi in result.kpis]
    fine = result.grouping
    interval_of = fine.interval_of
    if coarse is None and fine.within_hours is None:
        interval_of = "offered"  # no interval, no hours: the moment makes no difference
    grouping = attrs.evolve(fine, by=keep, interval=coarse, interval_of=interval_of)
    groups = _Groups.of(result, grouping)
    values = []
    undefined = []
    for kpi, (definition, lowering) in zip(result.kpis, lowered, strict=True):
        numerator, denominator, excluded, value = groups.weigh(
            result[kpi.name], lowering, weighting
        )
        missing = int(np.isnan(value).sum())
        if missing:
            undefined.append(f"{kpi.name} in {missing} of {groups.size} groups")
        values.append(
            KpiValues(
                definition=RolledUp(
                    definition=definition, weighting=weighting, source=fine, name=kpi.name
                ),
                value=value,
                numerator=numerator,
                denominator=denominator,
                excluded=excluded,
            )
        )
    if undefined:
        warnings.warn(
            "KPIs undefined (no interval with a value, or too small a denominator), NaN: "
            + "; ".join(undefined),
            UndefinedKpiWarning,
            stacklevel=2,
        )
    return KpiResult(grouping, groups.labels, groups.sum(result.records), tuple(values))
