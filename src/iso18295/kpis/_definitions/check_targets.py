"""`check_targets`: every agreed KPI target measured over its reporting period, and judged."""

from __future__ import annotations

import enum
import functools
import math
import typing
import warnings
from collections.abc import Callable
from datetime import date, datetime

import attrs
import numpy as np

from iso18295._model.activity import AgentStateTable, ScheduleTable
from iso18295._model.agreements import ClientAgreement, Comparison, KpiKind, KpiTarget
from iso18295._model.columns import INTERACTION_COLUMNS
from iso18295._model.common import WeeklyHours
from iso18295._model.interaction_table import InteractionTable
from iso18295._model.scope import Scope
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis._definitions import target_display
from iso18295.kpis._definitions.activity_targets import ActivityTargets
from iso18295.kpis._definitions.targets import TargetKpi, kpi_for_target
from iso18295.kpis._engine.documents import SOURCE_FIELDS, DocumentIndex
from iso18295.kpis._engine.families import ActivityKpi, DocumentKpi, InteractionKpi
from iso18295.kpis._engine.measure import contact_rows, measure_selected, unsupplied
from iso18295.kpis._engine.partials import compute
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
    interactions: InteractionTable | None = None,
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
    interactions : InteractionTable or None, default None
        The interaction records; without them, targets that need them are
        not measured.
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
    if interactions is not None and not isinstance(interactions, InteractionTable):
        raise CalculationError(
            "check_targets(): expected interactions as an InteractionTable or None, found"
            f" {type(interactions).__name__}"
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
    rows_of = None if interactions is None else _rows_by_client(interactions)
    index = DocumentIndex(scope)
    activity = ActivityTargets(agent_states, schedule, index)
    results: list[TargetResult] = []
    for agreement in scope.agreements or ():
        if not agreement.is_in_force_on(as_of):
            continue
        period = None
        if agreement.reporting_frequency is not None:
            start, end = reporting_period(agreement.reporting_frequency, as_of)
            period = Period(start=start, end=end, time_zone=zone)
        client_rows = None if rows_of is None else rows_of(agreement.client_id)
        results.extend(
            _check(scope, index, client_rows, activity, agreement, target, period)
            for target in agreement.kpi_targets or ()
        )
    return tuple(results)


def _rows_by_client(table: InteractionTable) -> Callable[[str], InteractionTable]:
    """Split the records by client once, so each agreement reads only its client's rows.

    Every target selects its agreement's client, so measuring it on that
    client's rows (in their original order) gives the same result as on the
    whole table, and the work over all agreements stays linear in the records.
    """
    codes = table["client_id"]
    labels = table.categories("client_id")
    order = np.argsort(codes, kind="stable")  # rows of each client, in table order
    bounds = np.searchsorted(codes[order], np.arange(len(labels) + 1))
    position = {label: i for i, label in enumerate(labels)}
    categories = {
        c.name: table.categories(c.name) for c in INTERACTION_COLUMNS if c.kind == "category"
    }

    @functools.cache
    def rows_of(client_id: str) -> InteractionTable:
        i = position.get(client_id)
        rows = order[bounds[i] : bounds[i + 1]] if i is not None else order[:0]
        return InteractionTable(
            {name: table[name][rows] for name in table.column_names}, categories
        )

    return rows_of


def _check(
    scope: Scope,
    index: DocumentIndex,
    interactions: InteractionTable | None,
    activity: ActivityTargets,
    agreement: ClientAgreement,
    target: KpiTarget,
    period: Period | None,
) -> TargetResult:
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
            business_hours=_business_hours(scope, agreement, target),
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
    outcome = (
        activity.measure(agreement, target, kpi, period)
        if isinstance(kpi, ActivityKpi)
        else _measure(scope, index, interactions, agreement, target, kpi, period)
    )
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
        status=TargetStatus.MET if target.is_met_by(measured) else TargetStatus.MISSED,
        measured=measured,
        numerator=numerator,
        denominator=denominator,
        excluded=int(values.excluded[0]),
    )


def _business_hours(
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


def _measure(
    scope: Scope,
    index: DocumentIndex,
    interactions: InteractionTable | None,
    agreement: ClientAgreement,
    target: KpiTarget,
    kpi: TargetKpi,
    period: Period,
) -> KpiResult | str:
    """Measure one target's KPI on its client and channels, or say why not.

    Document KPIs go to `measure`'s machinery, interaction KPIs to `compute`.
    """
    channels: frozenset[str | None] = (
        frozenset({target.channel_id})
        if target.channel_id is not None
        else frozenset({*agreement.channel_ids, None})
    )
    where = {"client_id": frozenset({agreement.client_id}), "channel_id": channels}
    record = kpi if isinstance(kpi, DocumentKpi) else None
    if record is not None:
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
    if interactions is None and (record is None or record.needs_contacts):
        return "needs interaction records, and none were supplied"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)  # reported as "no value"
        try:
            if isinstance(kpi, DocumentKpi):
                return measure_selected(
                    "check_targets",
                    scope,
                    [kpi],
                    period.start,
                    period.end,
                    (),
                    interactions,
                    period.time_zone,
                    where,
                    index,
                )
            table = typing.cast("InteractionTable", interactions)
            contact_kpi = typing.cast("InteractionKpi", kpi)  # activity KPIs go to ActivityTargets
            return compute(contact_rows(table, period, where), [contact_kpi])
        except CalculationError as exc:
            return f"cannot be measured: {exc}"
