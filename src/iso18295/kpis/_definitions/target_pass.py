"""Every interaction-record target of an assessment measured in one fused pass.

A target's KPI is measured on its agreement's client, its channels (or all
the agreement's channels) and its reporting period.  Rather than select and
copy those rows once per target, the pass computes, per distinct period, the
partials of *all* the targets' KPIs in one `accumulate` grouped by client and
channel, counting only the period's rows through a boolean mask applied chunk
by chunk (no column is copied).  Each target then adds up the partial counts
and sums of its client's and channels' groups and finalizes them: since every
KPI is a function of counts and sums that add up over disjoint groups, this
equals computing the KPI on the selected rows.

The repeat-contact `FirstContactResolution` is the exception: whether a
contact was repeated depends on the other selected rows, so it is measured
on its own selection, as before (and not at all on a dask DataFrame).
"""

from __future__ import annotations

import typing
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.interaction_table import InteractionTable
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis._engine.accumulate import Sparse
from iso18295.kpis._engine.families import InteractionKpi
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.kernel import compile_plan
from iso18295.kpis._engine.measure import contact_rows, utc_ns
from iso18295.kpis._engine.partials import DEFAULT_CHUNK_ROWS, Partials
from iso18295.kpis._engine.partitions import (
    Outcome,
    is_dask_frame,
    load_partition,
    reduce_partitions,
)
from iso18295.kpis._engine.passes import _accumulate
from iso18295.kpis._engine.periods import Period
from iso18295.kpis._engine.result import KpiResult, finalize

BY: Final = Grouping(by=("client_id", "channel_id"))
"""The groups every target's selection is a union of."""


@attrs.frozen
class Request:
    """One interaction KPI to measure on a client's channels over a period.

    Parameters
    ----------
    period : Period
        The reporting period; contacts offered in it count.
    client_id : str
        The agreement's client.
    channels : frozenset of str or None
        The channels whose contacts count (None: contacts with no channel).
    kpi : InteractionKpi
        The definition.
    """

    period: Period
    client_id: str
    channels: frozenset[str | None]
    kpi: InteractionKpi


def period_mask(table: InteractionTable, period: Period) -> NDArray[np.bool_]:
    """Mark the rows offered in the period (one vectorised comparison, no copy of the table)."""
    offered = table["offered_at"].view(np.int64)
    return (offered >= utc_ns(period, period.start)) & (offered < utc_ns(period, period.end))


@attrs.frozen
class _Fused:
    """The KPIs of one period's requests, renamed apart, and which request reads which."""

    period: Period
    kpis: tuple[InteractionKpi, ...]


def _fused_partials(table: InteractionTable, fused: Sequence[_Fused]) -> tuple[Partials, ...]:
    """Accumulate each period's KPIs over `table`, grouped by client and channel."""
    return tuple(
        _accumulate(
            "check_targets",
            table,
            group.kpis,
            BY,
            rows=None,
            chunk_rows=DEFAULT_CHUNK_ROWS,
            threads=None,
            selected=period_mask(table, group.period),
        )
        for group in fused
    )


@attrs.frozen
class _PerPartition:
    """One dask partition's fused partials (picklable, for process workers)."""

    fused: tuple[_Fused, ...]

    def __call__(self, frame: object, index: int) -> Outcome:
        loaded = load_partition(frame, index, "strict", None)
        if isinstance(loaded, Outcome):
            return loaded
        return Outcome(_fused_partials(loaded[0], self.fused))


def _merge_each(first: tuple[Partials, ...], second: tuple[Partials, ...]) -> tuple[Partials, ...]:
    return tuple(a.merge(b) for a, b in zip(first, second, strict=True))


def _select(partials: Partials, position: int, request: Request) -> KpiResult:
    """Add up the request's groups in `partials` and finalize its one KPI."""
    data = partials._data
    clients, channels = partials._categories
    client = clients.index(request.client_id) if request.client_id in clients else None
    codes = [
        -1 if c is None else channels.index(c)
        for c in request.channels
        if c is None or c in channels
    ]
    keep = (
        (data.labels[:, 0] == client) & np.isin(data.labels[:, 1], codes)
        if client is not None
        else np.zeros(len(data.records), np.bool_)
    )
    plan = partials._plan
    if keep.any():
        one = Sparse(
            labels=np.zeros((1, 2), np.int64),
            records=data.records[keep].sum(keepdims=True),
            counts=data.counts[keep].sum(axis=0, keepdims=True),
            sums=data.sums[keep].sum(axis=0, keepdims=True),
            maxima=data.maxima[keep].max(axis=0, keepdims=True),
        )
    else:
        one = Sparse(
            labels=np.zeros((0, 2), np.int64),
            records=np.zeros(0, np.int64),
            counts=np.zeros((0, data.counts.shape[1]), np.int64),
            sums=np.zeros((0, data.sums.shape[1]), np.float64),
            maxima=np.zeros((0, data.maxima.shape[1]), np.float64),
        )
    single = attrs.evolve(plan, lowerings=(plan.lowerings[position],))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)  # reported as "no value"
        return finalize((request.kpi,), Grouping(), single, (), one)


def _renamed(kpi: InteractionKpi, name: str) -> InteractionKpi:
    """Return the definition under another name (every KPI class is an attrs class)."""
    renamed: InteractionKpi = attrs.evolve(typing.cast("Any", kpi), name=name)
    return renamed


def _searches_repeats(kpi: InteractionKpi) -> bool:
    return bool(compile_plan((kpi,), Grouping()).searches)


def measure_requests(
    interactions: object,
    requests: Sequence[Request],
    rows_of: Callable[[str], InteractionTable],
) -> list[KpiResult | str]:
    """Measure every request; a result, or why it cannot be measured.

    `interactions` is an `InteractionTable` or a dask DataFrame; `rows_of`
    gives a client's rows of an in-memory table (for the repeat-contact KPIs
    measured on their own).
    """
    answers: list[KpiResult | str | None] = [None] * len(requests)
    by_period: dict[Period, list[tuple[int, InteractionKpi]]] = {}
    dask = is_dask_frame(interactions)
    for i, request in enumerate(requests):
        try:
            searching = _searches_repeats(request.kpi)
        except CalculationError as exc:
            answers[i] = f"cannot be measured: {exc}"
            continue
        if searching and dask:
            answers[i] = (
                "cannot be measured on a dask DataFrame: a contact's repeat may lie in another"
                " partition (method='repeat'); pass an InteractionTable, or use method='flag'"
            )
        elif searching:
            answers[i] = _alone(rows_of(request.client_id), request)
        else:
            by_period.setdefault(request.period, []).append((i, request.kpi))
    fused = tuple(
        _Fused(
            period=period,
            kpis=tuple(_renamed(kpi, f"target_{i}") for i, kpi in members),
        )
        for period, members in by_period.items()
    )
    if fused:
        partials: tuple[Partials, ...]
        if dask:
            partials = typing.cast(
                "tuple[Partials, ...]",
                reduce_partitions(interactions, _PerPartition(fused), _merge_each),
            )
        else:
            partials = _fused_partials(typing.cast("InteractionTable", interactions), fused)
        for members, merged in zip(by_period.values(), partials, strict=True):
            for position, (i, _) in enumerate(members):
                answers[i] = _select(merged, position, requests[i])
    return [typing.cast("KpiResult | str", a) for a in answers]


def _alone(table: InteractionTable, request: Request) -> KpiResult | str:
    """Measure one request on a copy of its own rows (repeat-contact KPIs)."""
    from iso18295.kpis._engine.passes import compute

    where = {"client_id": frozenset({request.client_id}), "channel_id": request.channels}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        try:
            return compute(contact_rows(table, request.period, where), [request.kpi])
        except CalculationError as exc:
            return f"cannot be measured: {exc}"


def count_of(result: KpiResult | str) -> dict[tuple[str | None, ...], int]:
    """Return a contact-count result as measure's contacts by group (empty if none)."""
    if isinstance(result, str) or not len(result):
        return {}
    (values,) = result.kpis
    return {(): round(float(result[values.name].value[0]))}
