"""`measure`: KPIs from a scope's documents over a period, per group, as a `KpiResult`."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.columns import INTERACTION_COLUMNS
from iso18295._model.interaction_table import InteractionTable
from iso18295._model.scope import Scope
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis._engine.documents import (
    SOURCE_FIELDS,
    DocumentIndex,
    GroupContext,
    Tally,
    document_labels,
)
from iso18295.kpis._engine.families import DocumentKpi, Kpi
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.passes import compute
from iso18295.kpis._engine.periods import Period, make_period
from iso18295.kpis._engine.result import KpiResult, KpiValues

Key = tuple[str | None, ...]
Where = Mapping[str, frozenset[str | None]]

_CATEGORY_COLUMNS: Final = tuple(c.name for c in INTERACTION_COLUMNS if c.kind == "category")


def measure(
    scope: Scope,
    kpis: Sequence[DocumentKpi],
    *,
    start: date,
    end: date,
    by: Sequence[str] = (),
    interactions: InteractionTable | None = None,
    time_zone: str | None = None,
) -> KpiResult:
    """Measure KPIs from a scope's documents over the days ``[start, end)``, per group.

    Parameters
    ----------
    scope : Scope
        The scope whose complaints, customer surveys, quality evaluations,
        agents and engagement surveys are read.
    kpis : sequence of Kpi
        Definitions measured from documents (`ComplaintRate`,
        `ComplaintAcknowledgementTime`, `ComplaintResolutionTime`,
        `ResolvedComplaintShare`, `SurveySatisfaction`, `QualityScore`,
        `CriticalErrorRate`, `EmployeeEngagement`, `AgentAttrition`,
        `CompetencyCoverage`), with distinct names.  Interaction KPIs
        (`ServiceLevel`, ...) go to `compute`.
    start : datetime.date
        The period's first day.
    end : datetime.date
        The day after the period's last day (``date(2026, 4, 1)`` ends March).
    by : sequence of str, default ()
        Fields to group by; every KPI's documents must carry them:
        complaints and customer surveys carry ``client_id`` and
        ``channel_id`` (a survey of all channels has None); quality
        evaluations ``agent_id`` and ``client_id`` (their agent's clients);
        agents ``client_id``; engagement surveys nothing.  An agent serving
        several clients counts in each client's group, so such groups overlap.
    interactions : InteractionTable or None, default None
        The interaction records, needed by `ComplaintRate` only: its contacts
        are those offered in the period, grouped alike.
    time_zone : str or None, default None
        IANA zone whose midnights bound the period for complaint timestamps;
        None for the centre's `ContactCentre.time_zone`.

    Returns
    -------
    KpiResult
        One row per group that has documents (or, for `ComplaintRate`,
        contacts), ordered by label with missing (None) first; with no `by`,
        exactly one row.  ``records`` counts the documents read per group.
        The grouping's time zone is the period's.

    Raises
    ------
    CalculationError
        If an argument is not of the kind described; a KPI is an
        interaction KPI (use `compute`); `by` names a field some KPI's
        documents lack; `ComplaintRate` is measured without `interactions`;
        complaints are measured without a time zone (no centre and no
        `time_zone`); a scope collection a KPI reads was not supplied
        (``None``: the document leaves it out, which is not the same as
        listing none); or the documents are inconsistent with a definition
        (the message names them).

    Warns
    -----
    UndefinedKpiWarning
        Once, if any KPI is undefined (NaN) in any group.

    Examples
    --------
    >>> from datetime import date
    >>> from iso18295 import examples
    >>> from iso18295.kpis import CriticalErrorRate, QualityScore, measure
    >>> result = measure(examples.load_example(), [QualityScore(), CriticalErrorRate()],
    ...                  start=date(2026, 3, 1), end=date(2026, 4, 1), by=["client_id"])
    >>> result.labels["client_id"].tolist(), result.records.tolist()
    (['brightwater', 'lumen'], [44, 20])
    >>> result["critical_error_rate"].numerator.tolist()
    [1.0, 0.0]
    """
    return measure_selected("measure", scope, kpis, start, end, by, interactions, time_zone)


def _check_kpis(where: str, kpis: object) -> tuple[DocumentKpi, ...]:
    if isinstance(kpis, Kpi):
        raise CalculationError(
            f"{where}(): expected kpis as a sequence, found one {type(kpis).__name__};"
            " wrap it in a list"
        )
    if not isinstance(kpis, Sequence) or isinstance(kpis, str) or not kpis:
        raise CalculationError(
            f"{where}(): expected kpis as a non-empty sequence of definitions, found {kpis!r}"
        )
    for kpi in kpis:
        if isinstance(kpi, DocumentKpi):
            continue
        if isinstance(kpi, Kpi):
            raise CalculationError(
                f"{where}(): expected KPIs of a scope's documents, found"
                f" {type(kpi).__name__}(), {kpi._elsewhere()}"
            )
        raise CalculationError(
            f"{where}(): expected KPI definitions such as QualityScore(), found {kpi!r}"
        )
    names = [m.name for m in kpis]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise CalculationError(
            f"{where}(): expected distinct KPI names, found {duplicated} more than once;"
            " give one of them another name=..."
        )
    return tuple(kpis)


def _check_by(where: str, by: object, kpis: tuple[DocumentKpi, ...]) -> tuple[str, ...]:
    if isinstance(by, str) or not isinstance(by, Sequence):
        hint = f"; write by=({by!r},) for one field" if isinstance(by, str) else ""
        raise CalculationError(
            f"{where}(): expected by as a sequence of field names, found {by!r}{hint}"
        )
    fields = tuple(by)
    if not all(isinstance(f, str) for f in fields) or len(set(fields)) != len(fields):
        raise CalculationError(
            f"{where}(): expected by as distinct field names, each at most once, found {by!r}"
        )
    for kpi in kpis:
        carried = SOURCE_FIELDS[kpi.source]
        for field in fields:
            if field not in carried:
                has = ", ".join(carried) if carried else "no field to group by"
                raise CalculationError(
                    f"{where}(): expected by fields that every KPI's documents carry, found"
                    f" {field!r}; {type(kpi).__name__}() reads"
                    f" {kpi.source.replace('_', ' ')}, which carry {has}"
                )
    return fields


def _resolve_zone(scope: Scope, time_zone: object) -> object:
    if time_zone is not None:
        return time_zone
    return scope.centre.time_zone if scope.centre is not None else None


def contact_rows(table: InteractionTable, period: Period, where: Where | None) -> InteractionTable:
    """Select the rows offered in the period (and matching `where`), vectorised."""
    offered = table["offered_at"].view(np.int64)
    bounds = (utc_ns(period, period.start), utc_ns(period, period.end))
    mask = (offered >= bounds[0]) & (offered < bounds[1])
    for field, allowed in (where or {}).items():
        labels = table.categories(field)
        codes = [labels.index(v) for v in allowed if v is not None and v in labels]
        if None in allowed:
            codes.append(-1)
        mask &= np.isin(table[field], codes)
    columns = {name: table[name][mask] for name in table.column_names}
    categories = {name: table.categories(name) for name in _CATEGORY_COLUMNS}
    return InteractionTable(columns, categories)


def utc_ns(period: Period, day: date) -> int:
    """Return midnight starting `day` in the period's zone as UTC nanoseconds."""
    moment = period.midnight(day)
    return round(moment.timestamp()) * 10**9


def _contacts(kpi: DocumentKpi, table: InteractionTable, by: tuple[str, ...]) -> dict[Key, int]:
    result = compute(table, [kpi._contact_kpi()], grouping=Grouping(by=by))
    labels = result.labels
    counts = result[kpi._contact_kpi().name].value
    keys = zip(*(labels[f].tolist() for f in by), strict=True) if by else [()] * len(result)
    return {tuple(k): round(float(c)) for k, c in zip(keys, counts, strict=True)}


def _keys(
    labels: Mapping[str, tuple[str | None, ...]], by: tuple[str, ...], where: Where | None
) -> list[Key]:
    """Return the groups a document belongs to (none if `where` rules it out)."""
    values = []
    for field in dict.fromkeys((*by, *(where or {}))):  # `by` first, each field once
        options = labels.get(field)
        if options is None:  # the source does not carry this selection field
            continue
        if where is not None and field in where:
            options = tuple(v for v in options if v in where[field])
            if not options:
                return []
        if field in by:
            values.append(options)
    return [tuple(k) for k in itertools.product(*values)] if by else [()]


def _order(key: Key) -> tuple[tuple[bool, str], ...]:
    return tuple((v is not None, v or "") for v in key)


def measure_selected(
    where_name: str,
    scope: Scope,
    kpis: Sequence[Kpi],
    start: date,
    end: date,
    by: Sequence[str],
    interactions: InteractionTable | None,
    time_zone: str | None,
    where: Where | None = None,
    index: DocumentIndex | None = None,
    counted: Mapping[Key, int] | None = None,
) -> KpiResult:
    """Measure as `measure` does, keeping only documents and contacts that `where` allows.

    `where` maps a field to its allowed values; a document is kept when, for
    every field its source carries, one of its values is allowed (fields a
    source does not carry do not restrict it).  For `check_targets`, which
    passes one `index` of `scope` for all its selections, and `counted`, the
    contacts by group already counted in its fused pass over the records
    (instead of `interactions`).
    """
    if not isinstance(scope, Scope):
        raise CalculationError(f"{where_name}(): expected a Scope, found {type(scope).__name__}")
    checked = _check_kpis(where_name, kpis)
    fields = _check_by(where_name, by, checked)
    zone = _resolve_zone(scope, time_zone)
    period = make_period(where_name, start, end, zone)
    if interactions is not None and not isinstance(interactions, InteractionTable):
        raise CalculationError(
            f"{where_name}(): expected interactions as an InteractionTable or None, found"
            f" {type(interactions).__name__}"
        )
    for kpi in checked:
        if kpi.source == "complaints" and period.time_zone is None:
            raise CalculationError(
                f"{where_name}(): expected time_zone for {type(kpi).__name__}() (complaints"
                " are timestamped), found None and a scope without a centre"
            )
        if kpi.needs_contacts and interactions is None and counted is None:
            raise CalculationError(
                f"{where_name}(): expected interactions for {type(kpi).__name__}(), which"
                " divides complaints by contacts, found None; pass interactions=table"
            )
    for kpi in checked:
        missing = unsupplied(scope, kpi, fields, where)
        if missing:
            names = " and ".join(missing)
            raise CalculationError(
                f"{where_name}(): expected the scope's {names} for {type(kpi).__name__}(),"
                f" found {names} not supplied (left out of the document); list {names},"
                " as [] if there are none"
            )
    index = index if index is not None else DocumentIndex(scope)
    members, contacts = _collect(index, checked, fields, period, interactions, where, counted)
    universe: set[Key] = {()} if not fields else set()
    for groups, counted in zip(members, contacts, strict=True):
        universe.update(groups)
        universe.update(counted or {})
    keys = sorted(universe, key=_order)
    values = tuple(
        _values(kpi, keys, groups, counted, GroupContext(scope=scope, period=period))
        for kpi, groups, counted in zip(checked, members, contacts, strict=True)
    )
    undefined = [
        f"{v.name} in {int(np.isnan(v.value).sum())} of {len(keys)} groups"
        for v in values
        if np.isnan(v.value).any()
    ]
    if undefined:
        warnings.warn(
            "KPIs undefined (denominator 0 or below the minimum), NaN: " + "; ".join(undefined),
            UndefinedKpiWarning,
            stacklevel=3,
        )
    read = [len({id(d) for groups in members for d in groups.get(key, [])}) for key in keys]
    columns: dict[str, NDArray[Any]] = {}
    for i, field in enumerate(fields):
        column = np.empty(len(keys), dtype=object)
        column[:] = [key[i] for key in keys]
        columns[field] = column
    grouping = Grouping(by=fields, time_zone=period.time_zone or "UTC")
    return KpiResult(grouping, columns, np.array(read, dtype=np.int64), values)


def unsupplied(
    scope: Scope, kpi: DocumentKpi, fields: tuple[str, ...], where: Where | None
) -> list[str]:
    """Return the scope collections `kpi` needs that were not supplied (``None``).

    Quality evaluations belong to their agent's clients, so grouping or
    selecting them by client needs the agents too.
    """
    needed = list(kpi._collections())
    by_client = "client_id" in fields or (where is not None and "client_id" in where)
    if kpi.source == "quality_evaluations" and by_client:
        needed.append("agents")
    return [name for name in dict.fromkeys(needed) if getattr(scope, name) is None]


def _collect(
    index: DocumentIndex,
    kpis: tuple[DocumentKpi, ...],
    fields: tuple[str, ...],
    period: Period,
    interactions: InteractionTable | None,
    where: Where | None,
    counted: Mapping[Key, int] | None = None,
) -> tuple[list[dict[Key, list[Any]]], list[dict[Key, int] | None]]:
    """Return, per KPI, its selected documents by group and its contacts by group."""
    agent_clients = index.agent_clients
    members: list[dict[Key, list[Any]]] = []
    contacts: list[dict[Key, int] | None] = []
    rows: InteractionTable | None = None
    for kpi in kpis:
        groups: dict[Key, list[Any]] = {}
        for document in index.documents(kpi.source, where):
            if kpi._selects(document, period):
                labels = document_labels(kpi.source, document, agent_clients)
                for key in _keys(labels, fields, where):
                    groups.setdefault(key, []).append(document)
        members.append(groups)
        if kpi.needs_contacts and counted is not None:
            contacts.append(dict(counted))
        elif kpi.needs_contacts and interactions is not None:
            rows = contact_rows(interactions, period, where) if rows is None else rows
            contacts.append(_contacts(kpi, rows, fields))
        else:
            contacts.append(None)
    return members, contacts


def _values(
    kpi: DocumentKpi,
    keys: list[Key],
    groups: dict[Key, list[Any]],
    counted: dict[Key, int] | None,
    context: GroupContext,
) -> KpiValues:
    """Tally one KPI in every group."""
    tallies: list[Tally] = [
        kpi._tally(
            groups.get(key, []),
            attrs.evolve(context, contacts=None if counted is None else counted.get(key, 0)),
        )
        for key in keys
    ]
    return KpiValues(
        definition=kpi,
        value=np.array([t.value for t in tallies], dtype=np.float64),
        numerator=np.array([t.numerator for t in tallies], dtype=np.float64),
        denominator=np.array([t.denominator for t in tallies], dtype=np.int64),
        excluded=np.array([t.excluded for t in tallies], dtype=np.int64),
    )
