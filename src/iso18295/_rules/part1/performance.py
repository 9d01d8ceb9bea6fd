"""Part 1, clause 9 (Client relationship): agreed KPI targets measured from interaction records."""

from __future__ import annotations

import math
import warnings
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np
from dateutil.relativedelta import relativedelta

from ..._errors import MetricError, UndefinedMetricWarning
from ..._model.agreements import ClientAgreement, Comparison, KpiTarget
from ..._model.common import Frequency
from ..._text import all_of, count
from ..context import HAS_INTERACTIONS, Context
from ..outcome import Measurement, Outcome
from ..registry import Registry

if TYPE_CHECKING:
    from ..._model.tables import InteractionTable

rules = Registry()

_PERIOD_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}


def reporting_period(frequency: Frequency, as_of: date) -> tuple[date, date]:
    """Return the last complete reporting period before `as_of`: first day, day after the last.

    Daily: the day before; weekly: the last full Monday-to-Sunday week;
    monthly, quarterly, half-yearly, yearly: the last full calendar period.

    Examples
    --------
    >>> reporting_period(Frequency.MONTHLY, date(2026, 4, 1))
    (datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
    >>> reporting_period(Frequency.WEEKLY, date(2026, 4, 1))
    (datetime.date(2026, 3, 23), datetime.date(2026, 3, 30))
    >>> reporting_period(Frequency.QUARTERLY, date(2026, 5, 15))
    (datetime.date(2026, 1, 1), datetime.date(2026, 4, 1))
    """
    if frequency is Frequency.DAILY:
        return as_of - timedelta(days=1), as_of
    if frequency is Frequency.WEEKLY:
        end = as_of - timedelta(days=as_of.weekday())
        return end - timedelta(days=7), end
    months = _PERIOD_MONTHS[frequency]
    index = as_of.month - 1
    end = date(as_of.year, index - index % months + 1, 1)
    start: date = end - relativedelta(months=months)
    return start, end


def _instant(day: date, zone: ZoneInfo) -> np.int64:
    """Midnight of `day` in `zone`, as UTC nanoseconds."""
    moment = datetime(day.year, day.month, day.day, tzinfo=zone)
    return np.datetime64(moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None), "ns").view(
        np.int64
    )


def _rows(
    table: InteractionTable,
    agreement: ClientAgreement,
    target: KpiTarget,
    period: tuple[np.int64, np.int64],
) -> InteractionTable:
    """Select the agreement's client, the target's channel(s) and the period (vectorised)."""
    from ..._model.tables import InteractionTable  # numpy-backed; only with records

    clients = table.categories("client_id")
    channels = table.categories("channel_id")
    wanted = (target.channel_id,) if target.channel_id else agreement.channel_ids
    codes = [channels.index(c) for c in wanted if c in channels]
    offered = table["offered_at"].view(np.int64)
    mask = (offered >= period[0]) & (offered < period[1])
    if agreement.client_id in clients:
        mask &= table["client_id"] == clients.index(agreement.client_id)
    else:
        mask[:] = False
    mask &= np.isin(table["channel_id"], codes)
    columns = {name: table[name][mask] for name in table.column_names}
    labels = {name: table.categories(name) for name in _CATEGORY_COLUMNS}
    return InteractionTable(columns, labels)


_CATEGORY_COLUMNS = (
    "interaction_id",
    "channel_id",
    "direction",
    "queue",
    "campaign_id",
    "client_id",
    "customer_reference",
    "agent_id",
)


def _measure(table: InteractionTable, target: KpiTarget) -> Measurement | str:
    """Measure one target on the selected rows, or say why it cannot be measured."""
    from ...metrics import compute  # numpy-backed; only with records
    from ...metrics._targets import metric_for_target

    try:
        metric = metric_for_target(target)
    except MetricError as exc:
        return f"target {target.id}: {exc}"
    if metric is None:
        return f"target {target.id} ({target.kpi.value}) is not measured from interaction records"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)  # reported as "no value" below
        values = compute(table, [metric])[metric.name]
    observed = float(values.value[0]) if len(values.value) else math.nan
    numerator = float(values.numerator[0]) if len(values.numerator) else 0.0
    denominator = float(values.denominator[0]) if len(values.denominator) else 0.0
    return Measurement(
        name=f"{target.id}: {metric.describe()}",
        observed=observed,
        expected=target.target,
        comparison=target.comparison.value,
        numerator=numerator,
        denominator=denominator,
    )


def _met(m: Measurement) -> bool:
    if m.expected is None:
        return False
    if m.comparison == Comparison.AT_LEAST.value:
        return m.observed >= m.expected
    return m.observed <= m.expected


@rules.rule(
    id="P1-9-targets-met",
    part=1,
    clause="9",
    paraphrase="The centre meets the KPI targets agreed with each client, measured from its "
    "interaction records over the last complete reporting period with the definitions the "
    "agreement names.",
    evidence=(
        "agreements[].kpi_targets[].kpi",
        "agreements[].kpi_targets[].target",
        "agreements[].kpi_targets[].threshold_seconds",
        "agreements[].kpi_targets[].definition",
        "agreements[].reporting_frequency",
        "interactions.client_id",
        "interactions.channel_id",
        "interactions.offered_at",
        "interactions.wait_seconds",
        "interactions.answered",
        "interactions.abandoned",
        "interactions.talk_seconds",
        "interactions.hold_seconds",
        "interactions.after_contact_seconds",
        "interactions.resolved",
        "interactions.satisfaction",
    ),
    applies_if=(HAS_INTERACTIONS,),
)
def targets_met(ctx: Context) -> Outcome:
    """Measure every agreed KPI target that interaction records can measure, and compare."""
    table = ctx.interactions
    centre = ctx.scope.centre
    if table is None or centre is None:  # the conditions rule both out
        return Outcome.insufficient_evidence("no interaction records or no centre")
    zone = ZoneInfo(centre.time_zone)
    measured: list[tuple[ClientAgreement, Measurement]] = []
    unmeasured: list[str] = []
    for agreement in ctx.agreements_in_force():
        if agreement.reporting_frequency is None:
            unmeasured.append(f"{agreement.id} sets no reporting frequency")
            continue
        first, end = reporting_period(agreement.reporting_frequency, ctx.as_of)
        period = (_instant(first, zone), _instant(end, zone))
        for target in agreement.kpi_targets:
            result = _measure(_rows(table, agreement, target, period), target)
            if isinstance(result, str):
                unmeasured.append(result)
            elif not result.is_defined:
                unmeasured.append(f"target {target.id} of {agreement.id}: no records to measure")
            else:
                measured.append((agreement, result))
    measurements = tuple(m for _, m in measured)
    evidence = tuple(
        ctx.evidence("agreement", a, "kpi_targets") for a in ctx.agreements_in_force()
    )
    if not measured:
        return Outcome.insufficient_evidence(
            "no agreed target could be measured from the records: " + "; ".join(unmeasured),
            evidence,
        )
    missed = [(a, m) for a, m in measured if not _met(m)]
    note = f"; {count(len(unmeasured), 'target')} not measured here" if unmeasured else ""
    if missed:
        names = ", ".join(f"{a.id}/{m.name.split(':')[0]}" for a, m in missed)
        return Outcome.does_not_conform(
            f"{len(missed)} of {count(len(measured), 'measured target')} missed: {names}{note}",
            evidence,
            measurements,
        )
    return Outcome.conforms(
        f"{all_of(len(measured), 'measured target')} met in the last reporting period{note}",
        evidence,
        measurements,
    )
