"""`check_targets`: every agreed KPI target measured over its reporting period, and judged."""

from __future__ import annotations

import enum
import math
import typing
from datetime import date, datetime

import attrs

from iso18295._model.activity import AgentStateTable, ScheduleTable
from iso18295._model.agreements import ClientAgreement, Comparison, KpiKind, KpiTarget
from iso18295._model.interaction_table import InteractionTable
from iso18295._model.scope import Scope
from iso18295.errors import CalculationError
from iso18295.kpis._definitions import target_display
from iso18295.kpis._definitions.activity_targets import ActivityTargets
from iso18295.kpis._definitions.target_pass import Request, count_of, measure_requests
from iso18295.kpis._definitions.target_sources import (
    business_hours,
    documents_ready,
    measure_documents,
    rows_by_client,
)
from iso18295.kpis._definitions.targets import TargetKpi, kpi_for_target
from iso18295.kpis._engine.documents import DocumentIndex
from iso18295.kpis._engine.families import ActivityKpi, DocumentKpi, InteractionKpi
from iso18295.kpis._engine.partitions import is_dask_frame
from iso18295.kpis._engine.periods import Period, reporting_period
from iso18295.kpis._engine.result import KpiResult


class TargetStatus(enum.StrEnum):
    """Whether a KPI target was met in its reporting period.

    Examples
    --------
    >>> TargetStatus("met") is TargetStatus.MET
    True
    """

    MET = "met"
    """The measured value is on the good side of the target (or equal to it)."""
    MISSED = "missed"
    """The measured value is on the wrong side of the target."""
    NOT_MEASURED = "not_measured"
    """No value could be measured; `TargetResult.reason` says why."""


@typing.final
@attrs.frozen(kw_only=True)
class TargetResult:
    """One agreed KPI target compared with the value measured over its reporting period.

    Parameters
    ----------
    agreement_id : str
        The agreement setting the target.
    client_id : str
        The agreement's client.
    target_id : str
        The target's id within the agreement.
    kpi : KpiKind
        The indicator.
    comparison : Comparison
        Whether the measured value must be at least or at most `target`.
    target : float
        The agreed value, in the KPI's unit (shares in [0, 1], seconds, scores).
    channel_id : str or None
        The target's channel; None for all the agreement's channels.
    status : TargetStatus
        Met, missed, or not measured.
    measured : float or None
        The measured value; None when not measured.
    numerator : float or None
        The measured numerator (count or sum); None when not measured.
    denominator : int or None
        The measured denominator; None when not measured.
    excluded : int or None
        What the definition left out (see its Notes); None when not measured.
    definition : str or None
        The definition used, in words; None when no definition could be made.
    period_start : datetime.date or None
        The reporting period's first day; None if the agreement sets no
        reporting frequency.
    period_end : datetime.date or None
        The day after the reporting period's last day.
    reason : str or None
        Why the target was not measured; None when it was.

    Examples
    --------
    >>> from datetime import date
    >>> from iso18295 import examples
    >>> from iso18295.kpis import check_targets
    >>> quality = next(r for r in check_targets(examples.load_example(), as_of=date(2026, 4, 1))
    ...                if r.target_id == "quality")
    >>> quality.status, round(quality.measured, 3), quality.denominator
    (<TargetStatus.MET: 'met'>, 0.825, 44)
    """

    agreement_id: str
    client_id: str
    target_id: str
    kpi: KpiKind
    comparison: Comparison
    target: float
    channel_id: str | None
    status: TargetStatus
    measured: float | None = None
    numerator: float | None = None
    denominator: int | None = None
    excluded: int | None = None
    definition: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    reason: str | None = None

    def __repr__(self) -> str:
        return target_display.target_repr(self)

    def _repr_html_(self) -> str:
        return target_display.target_html(self)


def check_targets(
    scope: Scope,
    interactions: InteractionTable | object | None = None,
    *,
    as_of: date,
    agent_states: AgentStateTable | None = None,
    schedule: ScheduleTable | None = None,
) -> tuple[TargetResult, ...]:
    """Measure every KPI target of the agreements in force and compare it with its target.

    Each target is measured over its agreement's last complete reporting
    period before `as_of` (monthly: the last calendar month; weekly: the last
    Monday-to-Sunday week; see `ClientAgreement.reporting_frequency`), with the
    definition its `KpiTarget.definition` names (see `KpiTarget` and the
    KPI classes), on the agreement's client and the target's channel (or
    all the agreement's channels).  Interaction KPIs are computed from
    `interactions` with `compute`; occupancy, schedule adherence and
    absenteeism from `agent_states` (and `schedule`) with `measure_activity`;
    the others from the scope's documents with `measure`.

    Parameters
    ----------
    scope : Scope
        The scope holding the agreements and the documents.
    interactions : InteractionTable, dask.dataframe.DataFrame or None, default None
        The interaction records; without them, targets that need them are
        not measured.  Every target read from them is measured in one pass
        over the records, whatever its reporting period (not one per
        target, nor per period); a dask
        DataFrame's partitions are measured where they lie and merged (see
        :doc:`/how-to/kpis-on-dask`), except repeat-contact first contact
        resolution, which is then not measured.
    as_of : datetime.date
        The assessment date; agreements in force on it are checked.
    agent_states : AgentStateTable or None, default None
        The recorded agent states; without them, occupancy, schedule
        adherence and absenteeism targets are not measured.  An empty table is
        supplied: it gives no value.
    schedule : ScheduleTable or None, default None
        The planned schedule; without it, schedule adherence and absenteeism
        targets are not measured.

    Returns
    -------
    tuple of TargetResult
        One per target, in agreement then target order.  A target is *not
        measured*, with the reason, when: its agreement sets no reporting
        frequency; its KPI is not measured by this library yet (forecast
        accuracy); its definition is invalid; the records it needs were not
        supplied (no interaction records, agent states or schedule, or a scope
        collection left out of the document, which is not read as "none"); its
        records carry no channel but the target names one (quality
        evaluations, agents, engagement surveys, agent states); or the period
        gives no value (nothing to measure, or below a minimum).

    Raises
    ------
    CalculationError
        If an argument is not of the kind described.
    LoadError
        If a dask DataFrame's partitions hold bad records (all are listed).

    Notes
    -----
    Complaints and customer surveys are selected by the agreement's client
    and channels; quality evaluations, agents, agent states and the schedule
    by the agents serving the client (`Agent.client_ids`; states of agents the
    scope does not list count for no client); engagement surveys, which cover
    the whole centre, are not selected by client.  Agent states and scheduled
    segments are cut at the period's bounds, so only their time inside it
    counts.  Local days are the centre's (`ContactCentre.time_zone`).

    Examples
    --------
    >>> from datetime import date
    >>> from iso18295 import examples
    >>> from iso18295.kpis import check_targets
    >>> results = check_targets(examples.load_example(), examples.generate_interactions(),
    ...                         as_of=date(2026, 4, 1))
    >>> [(r.target_id, r.status.value) for r in results][:3]
    [('sl-voice', 'met'), ('aband-voice', 'met'), ('sl-chat', 'met')]
    """
    if not isinstance(scope, Scope):
        raise CalculationError(f"check_targets(): expected a Scope, found {type(scope).__name__}")
    if not (
        interactions is None
        or isinstance(interactions, InteractionTable)
        or is_dask_frame(interactions)
    ):
        raise CalculationError(
            "check_targets(): expected interactions as an InteractionTable, a dask DataFrame"
            f" or None, found {type(interactions).__name__}"
        )
    for name, table, kind in (
        ("agent_states", agent_states, AgentStateTable),
        ("schedule", schedule, ScheduleTable),
    ):
        if table is not None and not isinstance(table, kind):
            raise CalculationError(
                f"check_targets(): expected {name} as an {kind.__name__} or None, found"
                f" {type(table).__name__}"
            )
    day: object = as_of
    if not isinstance(day, date) or isinstance(day, datetime):
        raise CalculationError(
            f"check_targets(): expected as_of as a datetime.date, found {as_of!r}"
        )
    zone = scope.centre.time_zone if scope.centre is not None else "UTC"
    index = DocumentIndex(scope)
    activity = ActivityTargets(agent_states, schedule, index)
    prepared: list[TargetResult | _Prepared] = []
    for agreement in scope.agreements or ():
        if not agreement.is_in_force_on(as_of):
            continue
        period = None
        if agreement.reporting_frequency is not None:
            start, end = reporting_period(agreement.reporting_frequency, as_of)
            period = Period(start=start, end=end, time_zone=zone)
        prepared.extend(
            _prepare(scope, agreement, target, period) for target in agreement.kpi_targets or ()
        )
    counted = _count_records(interactions, prepared)
    results: list[TargetResult] = []
    for item in prepared:
        if isinstance(item, TargetResult):
            results.append(item)
            continue
        outcome: KpiResult | str
        if isinstance(item.kpi, ActivityKpi):
            outcome = activity.measure(item.agreement, item.target, item.kpi, item.period)
        elif item.request is not None and item.request in counted:
            outcome = counted[item.request]
            if isinstance(item.kpi, DocumentKpi) and not isinstance(outcome, str):
                outcome = _measure_documents(scope, index, item, count_of(outcome))
        else:
            outcome = _measure(scope, index, interactions is not None, item)
        results.append(_judge(item, outcome))
    return tuple(results)


@attrs.frozen
class _Prepared:
    """A target ready to measure: its definition, period and (records) request."""

    base: TargetResult
    agreement: ClientAgreement
    target: KpiTarget
    kpi: TargetKpi
    period: Period
    where: dict[str, frozenset[str | None]]
    request: Request | None


def _count_records(
    interactions: object, prepared: list[TargetResult | _Prepared]
) -> dict[Request, KpiResult | str]:
    """Measure every target read from interaction records in one fused pass (`target_pass`)."""
    if interactions is None:
        return {}
    requests = list(
        dict.fromkeys(
            p.request for p in prepared if isinstance(p, _Prepared) and p.request is not None
        )
    )
    if not requests:
        return {}
    rows_of = (
        rows_by_client(interactions) if isinstance(interactions, InteractionTable) else _no_rows
    )
    answers = measure_requests(interactions, requests, rows_of)
    return dict(zip(requests, answers, strict=True))


def _no_rows(client_id: str) -> InteractionTable:  # pragma: no cover - dask never asks
    raise CalculationError(f"check_targets(): no in-memory rows for client {client_id}")


def _prepare(
    scope: Scope,
    agreement: ClientAgreement,
    target: KpiTarget,
    period: Period | None,
) -> TargetResult | _Prepared:
    """Return the target's definition and selection, or its result if it cannot be measured."""
    base = TargetResult(
        agreement_id=agreement.id,
        client_id=agreement.client_id,
        target_id=target.id,
        kpi=target.kpi,
        comparison=target.comparison,
        target=target.target,
        channel_id=target.channel_id,
        status=TargetStatus.NOT_MEASURED,
        period_start=None if period is None else period.start,
        period_end=None if period is None else period.end,
    )
    try:
        kpi = kpi_for_target(
            target,
            business_hours=business_hours(scope, agreement, target),
            time_zone=scope.centre.time_zone if scope.centre is not None else None,
        )
    except CalculationError as exc:
        return attrs.evolve(base, reason=f"invalid definition: {exc}")
    if kpi is None:
        return attrs.evolve(
            base, reason=f"{target.kpi.value} is not measured by iso18295.kpis yet"
        )
    base = attrs.evolve(base, definition=kpi.describe())
    if target.kpi is KpiKind.SERVICE_LEVEL and target.threshold_seconds is None:
        return attrs.evolve(
            base,
            reason="the target names no answer-time threshold; a service level is not "
            "measured against a threshold the agreement does not state",
        )
    if period is None:
        return attrs.evolve(
            base, reason=f"agreement {agreement.id} sets no reporting frequency (no period)"
        )
    channels: frozenset[str | None] = (
        frozenset({target.channel_id})
        if target.channel_id is not None
        else frozenset({*agreement.channel_ids, None})
    )
    where = {"client_id": frozenset({agreement.client_id}), "channel_id": channels}
    request = None
    if isinstance(kpi, InteractionKpi):
        request = Request(period, agreement.client_id, channels, kpi)
    elif (
        isinstance(kpi, DocumentKpi)
        and kpi.needs_contacts
        and documents_ready(scope, target, kpi, where) is None
    ):
        request = Request(period, agreement.client_id, channels, kpi._contact_kpi())
    return _Prepared(
        base=base,
        agreement=agreement,
        target=target,
        kpi=kpi,
        period=period,
        where=where,
        request=request,
    )


def _judge(item: _Prepared, outcome: KpiResult | str) -> TargetResult:
    """Compare a measured value with its target (or say why there is none)."""
    base, kpi, period = item.base, item.kpi, item.period
    if isinstance(outcome, str):
        return attrs.evolve(base, reason=outcome)
    values = outcome[kpi.name]
    numerator = float(values.numerator[0]) if len(outcome) else 0.0
    denominator = int(values.denominator[0]) if len(outcome) else 0
    measured = float(values.value[0]) if len(outcome) else math.nan
    if math.isnan(measured):
        return attrs.evolve(
            base,
            reason=f"no value in {period.describe()} (numerator {numerator:g},"
            f" denominator {denominator}): nothing to measure, or below the definition's minimum",
        )
    return attrs.evolve(
        base,
        status=TargetStatus.MET if item.target.is_met_by(measured) else TargetStatus.MISSED,
        measured=measured,
        numerator=numerator,
        denominator=denominator,
        excluded=int(values.excluded[0]),
    )


def _measure(
    scope: Scope, index: DocumentIndex, has_records: bool, item: _Prepared
) -> KpiResult | str:
    """Measure a document KPI's target, or say why not (records come from the fused pass)."""
    if not isinstance(item.kpi, DocumentKpi):
        return "needs interaction records, and none were supplied"
    unready = documents_ready(scope, item.target, item.kpi, item.where)
    if unready is not None:
        return unready
    if item.kpi.needs_contacts and not has_records:
        return "needs interaction records, and none were supplied"
    return _measure_documents(scope, index, item, None)


def _measure_documents(
    scope: Scope,
    index: DocumentIndex,
    item: _Prepared,
    counted: dict[tuple[str | None, ...], int] | None,
) -> KpiResult | str:
    """Measure a document KPI on its selection; `counted`: its contacts, if it divides by them."""
    kpi = typing.cast("DocumentKpi", item.kpi)
    return measure_documents(scope, index, kpi, item.period, item.where, counted)
