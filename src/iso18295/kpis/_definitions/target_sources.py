"""Where `check_targets` reads from: a client's own rows, the channels' hours, the documents."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from iso18295._model.agreements import ClientAgreement, KpiTarget
from iso18295._model.columns import INTERACTION_COLUMNS
from iso18295._model.common import WeeklyHours
from iso18295._model.interaction_table import InteractionTable
from iso18295._model.scope import Scope
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis._engine.documents import SOURCE_FIELDS, DocumentIndex
from iso18295.kpis._engine.families import DocumentKpi
from iso18295.kpis._engine.measure import measure_selected, unsupplied
from iso18295.kpis._engine.periods import Period
from iso18295.kpis._engine.result import KpiResult


def rows_by_client(table: InteractionTable) -> Callable[[str], InteractionTable]:
    """Split the records by client once, on first use, for targets measured on their own rows.

    Only repeat-contact first contact resolution is (see `target_pass`):
    measuring it on its client's rows (in their original order) gives the
    same result as on the whole table.  Without such a target the records are
    never sorted nor copied.
    """
    labels = table.categories("client_id")
    position = {label: i for i, label in enumerate(labels)}
    categories = {
        c.name: table.categories(c.name) for c in INTERACTION_COLUMNS if c.kind == "category"
    }

    @functools.cache
    def split() -> tuple[np.ndarray[Any, np.dtype[np.intp]], np.ndarray[Any, np.dtype[np.intp]]]:
        codes = table["client_id"]
        order = np.argsort(codes, kind="stable")  # rows of each client, in table order
        return order, np.searchsorted(codes[order], np.arange(len(labels) + 1))

    @functools.cache
    def rows_of(client_id: str) -> InteractionTable:
        order, bounds = split()
        i = position.get(client_id)
        rows = order[bounds[i] : bounds[i + 1]] if i is not None else order[:0]
        return InteractionTable(
            {name: table[name][rows] for name in table.column_names}, categories
        )

    return rows_of


def business_hours(
    scope: Scope, agreement: ClientAgreement, target: KpiTarget
) -> tuple[WeeklyHours, ...] | None:
    """Return the opening hours of the target's channel(s), for the business-hours clock.

    The target's channel, or else the agreement's channels if they all keep
    the same hours; None if the centre is not described, a channel is unknown
    or declares no hours (or does not supply them), or the channels' hours differ.
    """
    if scope.centre is None:
        return None
    wanted = (target.channel_id,) if target.channel_id is not None else agreement.channel_ids
    known = {channel.id: channel for channel in scope.centre.channels or ()}
    hours = {frozenset((known[c].opening_hours or ()) if c in known else ()) for c in wanted}
    if len(hours) != 1:
        return None
    (only,) = hours
    channel = known.get(wanted[0])
    return channel.opening_hours if only and channel is not None else None


def documents_ready(
    scope: Scope, target: KpiTarget, record: DocumentKpi, where: dict[str, frozenset[str | None]]
) -> str | None:
    """Say why a document KPI's target cannot be measured from the scope, or None if it can."""
    words = record.source.replace("_", " ")
    if target.channel_id is not None and "channel_id" not in SOURCE_FIELDS[record.source]:
        return (
            f"{words} record no channel, so a target for channel {target.channel_id}"
            " cannot be measured"
        )
    missing = unsupplied(scope, record, (), where)
    if missing:
        return (
            f"needs the scope's {' and '.join(n.replace('_', ' ') for n in missing)},"
            " which were not supplied"
        )
    return None


def measure_documents(
    scope: Scope,
    index: DocumentIndex,
    kpi: DocumentKpi,
    period: Period,
    where: dict[str, frozenset[str | None]],
    counted: dict[tuple[str | None, ...], int] | None,
) -> KpiResult | str:
    """Measure a document KPI on its selection, or say why not.

    `counted` holds its contacts by group, if it divides by them (counted in
    the fused pass over the records).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)  # reported as "no value"
        try:
            return measure_selected(
                "check_targets",
                scope,
                [kpi],
                period.start,
                period.end,
                (),
                None,
                period.time_zone,
                where,
                index,
                counted,
            )
        except CalculationError as exc:
            return f"cannot be measured: {exc}"
