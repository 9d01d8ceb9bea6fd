"""Every interaction-record target of an assessment measured in one fused pass.

A target's KPI is measured on its agreement's client, its channels (or all
the agreement's channels) and its reporting period.  Rather than select and
copy those rows once per target, or walk the table once per period, one
`accumulate` computes the partials of *all* the targets' distinct KPIs,
grouped by client, channel and span of time: the periods' bounds cut time
into elementary spans (`.spans.cover`; a monthly and a weekly period that
overlap give at most three), each row is placed in its span chunk by chunk,
and rows in no period count nowhere (no column is copied).  Each target then
adds up the partial counts and sums of its client's and channels' groups in
its period's spans and finalizes them: since every KPI is a function of
counts and sums that add up over disjoint groups (and maxima that combine by
maximum), this equals computing the KPI on the selected rows.

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
from iso18295.kpis._engine.spans import Spans, cover

BY: Final = Grouping(by=("client_id", "channel_id"))
"""The groups (with the span of time) every target's selection is a union of."""


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


def period_bounds(period: Period) -> tuple[int, int]:
    """Return the period as UTC nanoseconds ``[start, end)`` of ``offered_at``."""
    return utc_ns(period, period.start), utc_ns(period, period.end)


@attrs.frozen
class _Fused:
    """The requests' distinct KPIs, renamed apart, and the spans of time of their periods."""

    kpis: tuple[InteractionKpi, ...]
    spans: Spans


def _fused_partials(table: InteractionTable, fused: _Fused) -> Partials:
    """Accumulate every KPI over `table` in one pass, grouped by client, channel and span."""
    return _accumulate(
        "check_targets",
        table,
        fused.kpis,
        BY,
        rows=None,
        chunk_rows=DEFAULT_CHUNK_ROWS,
        threads=None,
        spans=fused.spans,
    )


@attrs.frozen
class _PerPartition:
    """One dask partition's fused partials (picklable, for process workers)."""

    fused: _Fused

    def __call__(self, frame: object, index: int) -> Outcome:
        loaded = load_partition(frame, index, "strict", None)
        if isinstance(loaded, Outcome):
            return loaded
        return Outcome(_fused_partials(loaded[0], self.fused))


def _merge(first: Partials, second: Partials) -> Partials:
    return first.merge(second)


def _select(
    partials: Partials, position: int, request: Request, spans: NDArray[np.int64]
) -> KpiResult:
    """Add up the request's groups in its period's `spans` and finalize its one KPI."""
    data = partials._data
    clients, channels = partials._categories
    client = clients.index(request.client_id) if request.client_id in clients else None
    codes = [
        -1 if c is None else channels.index(c)
        for c in request.channels
        if c is None or c in channels
    ]
    keep = (
        (data.labels[:, 0] == client)
        & np.isin(data.labels[:, 1], codes)
        & np.isin(data.labels[:, 2], spans)
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
    measured on their own).  Every other request is measured in one pass over
    the records (over each partition of a dask DataFrame), whatever their
    periods; requests with equal definitions share one KPI of the pass.
    """
    answers: list[KpiResult | str | None] = [None] * len(requests)
    positions: dict[InteractionKpi, int] = {}
    fused: list[tuple[int, int]] = []  # (request, position of its KPI in the pass)
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
            fused.append((i, positions.setdefault(request.kpi, len(positions))))
    if fused:
        periods = list(dict.fromkeys(requests[i].period for i, _ in fused))
        spans, covered = cover([period_bounds(p) for p in periods])
        spans_of = dict(zip(periods, covered, strict=True))
        kpis = tuple(_renamed(kpi, f"target_{n}") for kpi, n in positions.items())
        plan = _Fused(kpis=kpis, spans=spans)
        merged: Partials
        if dask:
            merged = typing.cast(
                "Partials", reduce_partitions(interactions, _PerPartition(plan), _merge)
            )
        else:
            merged = _fused_partials(typing.cast("InteractionTable", interactions), plan)
        for i, position in fused:
            request = requests[i]
            answers[i] = _select(merged, position, request, spans_of[request.period])
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
