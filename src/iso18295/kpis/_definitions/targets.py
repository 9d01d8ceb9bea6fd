"""From an agreement's KPI target to the KPI definition that measures it.

`MEASURES` is the one table: for each `KpiKind`, the sources it can be measured
from and the definition class for each, the first being the default.  A
target picks another source with the option ``source=...`` in its
`KpiTarget.definition` (``source=surveys`` measures customer satisfaction from
the scope's customer surveys instead of the interaction records).  A KPI
missing from the table is not measured yet; adding it is one line here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, cast

import attrs

from iso18295._model.agreements import KpiKind, KpiTarget
from iso18295._model.common import WeeklyHours
from iso18295.errors import CalculationError
from iso18295.kpis._definitions.abandons import AbandonmentRate
from iso18295.kpis._definitions.complaint_times import (
    ComplaintAcknowledgementTime,
    ComplaintResolutionTime,
)
from iso18295.kpis._definitions.complaints import ComplaintRate
from iso18295.kpis._definitions.feedback import QualityScore, SurveySatisfaction
from iso18295.kpis._definitions.handling import (
    AverageHandlingTime,
    CustomerSatisfaction,
    FirstContactResolution,
)
from iso18295.kpis._definitions.people import (
    AgentAttrition,
    CompetencyCoverage,
    EmployeeEngagement,
)
from iso18295.kpis._definitions.queue import AverageSpeedOfAnswer, ServiceLevel
from iso18295.kpis._definitions.response_time import ResponseTime
from iso18295.kpis._definitions.workforce import Absenteeism, Occupancy, ScheduleAdherence
from iso18295.kpis._engine.families import ActivityKpi, DocumentKpi, InteractionKpi

INTERACTIONS: Final = "interactions"
"""The source word for KPIs measured from interaction records."""

AGENT_STATES: Final = "agent_states"
"""The source word for KPIs measured from agent activity (states, and the schedule)."""

TargetKpi = InteractionKpi | DocumentKpi | ActivityKpi
"""A definition a KPI target can be measured with."""

MEASURES: Final[
    Mapping[KpiKind, Mapping[str, type[InteractionKpi] | type[DocumentKpi] | type[ActivityKpi]]]
] = {
    KpiKind.SERVICE_LEVEL: {INTERACTIONS: ServiceLevel},
    KpiKind.AVERAGE_SPEED_OF_ANSWER: {INTERACTIONS: AverageSpeedOfAnswer},
    KpiKind.ABANDONMENT_RATE: {INTERACTIONS: AbandonmentRate},
    KpiKind.RESPONSE_TIME: {INTERACTIONS: ResponseTime},
    KpiKind.AVERAGE_HANDLING_TIME: {INTERACTIONS: AverageHandlingTime},
    KpiKind.FIRST_CONTACT_RESOLUTION: {INTERACTIONS: FirstContactResolution},
    KpiKind.CUSTOMER_SATISFACTION: {
        INTERACTIONS: CustomerSatisfaction,
        "surveys": SurveySatisfaction,
    },
    KpiKind.COMPLAINT_RATE: {"complaints": ComplaintRate},
    KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME: {"complaints": ComplaintAcknowledgementTime},
    KpiKind.COMPLAINT_RESOLUTION_TIME: {"complaints": ComplaintResolutionTime},
    KpiKind.QUALITY_SCORE: {"quality_evaluations": QualityScore},
    KpiKind.EMPLOYEE_ENGAGEMENT: {"engagement_surveys": EmployeeEngagement},
    KpiKind.AGENT_ATTRITION: {"agents": AgentAttrition},
    KpiKind.COMPETENCY_COVERAGE: {"agents": CompetencyCoverage},
    KpiKind.OCCUPANCY: {AGENT_STATES: Occupancy},
    KpiKind.SCHEDULE_ADHERENCE: {AGENT_STATES: ScheduleAdherence},
    KpiKind.ABSENTEEISM: {AGENT_STATES: Absenteeism},
}
"""Per KPI, the sources it is measured from and their definition classes (default first).

Not yet measured: `KpiKind.FORECAST_ACCURACY`.
"""

MEASURED_FROM_INTERACTIONS: Final[Mapping[KpiKind, type[InteractionKpi]]] = {
    kpi: cls
    for kpi, sources in MEASURES.items()
    for source, cls in sources.items()
    if source == INTERACTIONS and issubclass(cls, InteractionKpi)
}
"""The KPIs measured from interaction records, and the definition class of each."""


def _value(text: str) -> object:
    lowered = text.lower()
    if lowered in ("none", "null"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    if "+" in text:  # a tuple of names, e.g. components=talk+hold
        return tuple(part.strip() for part in text.split("+"))
    try:
        return float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:
        return text


def _options(target: KpiTarget) -> dict[str, str]:
    pairs = {}
    for part in (target.definition or "").split(";"):
        if part.strip():
            key, _, text = (s.strip() for s in part.partition("="))
            pairs[key] = text
    return pairs


def target_source(target: KpiTarget) -> str | None:
    """Return the source a target is measured from, or None if its KPI is not measured.

    The source named by ``source=...`` in the definition, else the KPI's
    default; an unknown source is returned as named (`kpi_for_target`
    reports it).
    """
    sources = MEASURES.get(target.kpi)
    if sources is None:
        return None
    return _options(target).get("source", next(iter(sources)))


def kpi_for_target(
    target: KpiTarget,
    *,
    business_hours: tuple[WeeklyHours, ...] | None = None,
    time_zone: str | None = None,
) -> TargetKpi | None:
    """Return the KPI definition a KPI target names, or ``None`` if its KPI is not measured.

    The target's `KpiTarget.definition` lists options of the KPI's definition
    class as ``key=value`` pairs separated by ``;`` (for example
    ``"denominator=offered; short_abandon_seconds=5"``); ``source=...`` picks
    the definition class where a KPI has several (`MEASURES`); its
    `KpiTarget.threshold_seconds` sets ``threshold_seconds`` where the class has
    one.  Several names are joined with ``+`` (``handling_states=handling+after_contact``);
    one name alone is a collection of one where the option is a collection.
    Everything not named keeps the class's documented default.

    Weekly hours cannot be written as ``key=value`` text, so a response-time
    target on the business-hours clock (``clock=business``) takes
    `business_hours` from the caller (`check_targets` passes the target
    channel's opening hours), and `time_zone` unless the definition names one.

    Raises
    ------
    CalculationError
        If the definition names a source the KPI is not measured from, an
        option the KPI's class does not have, or a value it does not accept.

    Examples
    --------
    >>> from iso18295 import Comparison, KpiTarget
    >>> t = KpiTarget(id="sl", kpi=KpiKind.SERVICE_LEVEL, comparison=Comparison.AT_LEAST,
    ...               target=0.8, threshold_seconds=30, definition="short_abandon_seconds=10")
    >>> m = kpi_for_target(t)
    >>> m.threshold_seconds, m.short_abandon_seconds
    (30.0, 10.0)
    >>> csat = KpiTarget(id="csat", kpi=KpiKind.CUSTOMER_SATISFACTION, comparison=Comparison.AT_LEAST,
    ...                  target=0.8, definition="source=surveys; scale=share_of_maximum")
    >>> kpi_for_target(csat)
    SurveySatisfaction(method='mean', scale='share_of_maximum', surveys='overlapping', minimum_responses=1, name='survey_satisfaction')
    >>> email = KpiTarget(id="email", kpi=KpiKind.RESPONSE_TIME, comparison=Comparison.AT_LEAST,
    ...                   target=0.9, threshold_seconds=28800, definition="clock=business")
    >>> from datetime import time
    >>> from iso18295 import Weekday, WeeklyHours
    >>> weekdays = WeeklyHours(days=frozenset(list(Weekday)[:5]), opens=time(9), closes=time(17))
    >>> print(kpi_for_target(email, business_hours=(weekdays,),
    ...                         time_zone="Europe/Dublin").describe())
    response_time: inbound contacts with a first response within 28800 s (<= 28800 s) of business time Mon-Fri 09:00-17:00 (Europe/Dublin) / arrived, unanswered counted as missed
    """  # noqa: E501 - doctest output line
    sources = MEASURES.get(target.kpi)
    if sources is None:
        return None
    pairs = _options(target)
    source = pairs.pop("source", next(iter(sources)))
    if source not in sources:
        raise CalculationError(
            f"KpiTarget {target.id!r}: expected source in {{{', '.join(sources)}}} for"
            f" {target.kpi.value}, found {source!r}"
        )
    cls = sources[source]
    fields = attrs.fields(cast("type[attrs.AttrsInstance]", cls))
    hints = {f.name: str(f.type) for f in fields}
    known = set(hints) - {"name"}
    options: dict[str, object] = {}
    if target.threshold_seconds is not None and "threshold_seconds" in known:
        options["threshold_seconds"] = float(target.threshold_seconds)
    for key, text in pairs.items():
        if key not in known:
            raise CalculationError(
                f"KpiTarget {target.id!r}: expected options of {cls.__name__} "
                f"({', '.join(sorted(known))}), found {key!r}"
            )
        value = _value(text)
        if hints[key].startswith("float") and type(value) is int:
            value = float(value)  # "5" means 5.0 seconds for a float option
        if hints[key].startswith("frozenset") and isinstance(value, str):
            value = (value,)  # "available_states=available": a collection of one
        options[key] = value
    if options.get("clock") == "business" and "business_hours" in known:
        if business_hours is not None:
            options["business_hours"] = business_hours
        if time_zone is not None:
            options.setdefault("time_zone", time_zone)
    kpi: TargetKpi = cls(**options)
    return kpi
