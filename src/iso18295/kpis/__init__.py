"""Contact-centre KPIs from records and documents, every definitional choice explicit.

Annex A of ISO 18295-1 (Metrics -- Guidelines) is informative: it offers KPIs
a client and a centre may choose from, and fixes neither formulas nor
targets; the exact definitions belong in the agreement between them (ISO
18295-2, 6.8).  This namespace does not reproduce Annex A's list.  Every KPI
here is contact-centre industry practice: the working set centres and
clients usually agree on (service level, speed of answer, abandonment,
handling time...), and platform and planning practice beyond it (missed
contacts, net promoter score, schedule conformance, forecast bias...); see
:doc:`/explanation/kpi-definitions`.  Because the choice of definition is
the agreement's, each KPI is a definition *as data*, a frozen class whose
every choice is a named keyword with a documented default, and each result
says which definition produced it.

Every definition belongs to one family (:class:`Kpi` is their common base),
which says what it is measured from and which function measures it:

* :class:`InteractionKpi`, from interaction records with :func:`compute` or
  :func:`accumulate`: :class:`ServiceLevel`, :class:`AverageSpeedOfAnswer`,
  :class:`AbandonmentRate`, and the counts :class:`Offered`,
  :class:`Answered`, :class:`Abandoned`, :class:`Missed` (queue KPIs, inbound
  contacts by default); :class:`AverageHandlingTime`,
  :class:`FirstContactResolution`, :class:`CustomerSatisfaction`,
  :class:`NetPromoterScore`, :class:`TransferRate` (handled contacts, both
  directions by default); :class:`ResponseTime` (written contacts'
  time to first response, in calendar or business hours);
  :class:`OldestOpenItemAge` and :class:`ClearedWithinDeadline` (deferred
  work: the backlog's oldest open item, the share answered within a
  deadline, leaving out items not yet due); and
  :class:`RolledUp`, which :func:`rollup` makes;
* :class:`DocumentKpi`, from a scope's documents over a period with
  :func:`measure`: :class:`ComplaintRate`,
  :class:`ComplaintAcknowledgementTime`, :class:`ComplaintResolutionTime`,
  :class:`ResolvedComplaintShare` (complaints); :class:`SurveySatisfaction`,
  :class:`SurveyFirstContactResolution` (customer surveys);
  :class:`QualityScore`, :class:`CriticalErrorRate`
  (quality evaluations); :class:`EmployeeEngagement`,
  :class:`AgentAttrition`, :class:`CompetencyCoverage` (people);
  :class:`ChannelAvailability` (the centre's channels and their outages);
* :class:`ActivityKpi`, from agent activity
  (:class:`~iso18295.AgentStateTable`, :class:`~iso18295.ScheduleTable`)
  with :func:`measure_activity`: :class:`Occupancy`,
  :class:`ScheduleAdherence`, :class:`ScheduleConformance`,
  :class:`Absenteeism`;
* :class:`ForecastKpi`, from forecasts against the contacts offered, with
  :func:`measure_forecasts`: :class:`ForecastAccuracy`, :class:`ForecastBias`
  (see :doc:`/explanation/workforce-kpis`).

:func:`amazon_connect_kpis`, :func:`genesys_cloud_kpis` and
:func:`cisco_ucce_kpis` return definitions with the options that reproduce
those platforms' documented queue metrics, for comparing results with the
platforms' own reports.

Each function is annotated with its family, so a type checker flags a KPI of
another family, and refuses one at run time with a `CalculationError` naming
the function to use.

:class:`Grouping` says how to group records: by category columns and by
local-time interval in an IANA time zone (of when a contact was offered or
when its wait ended), optionally counting only contacts within opening
hours.  :func:`compute` returns a :class:`KpiResult`; :func:`accumulate`
returns :class:`Partials` (integer counts and float sums per group) that
merge across batches of records and finalize to the same result;
:func:`rollup` rolls a per-interval result up to coarser groups, contact- or
interval-weighted (:class:`RolledUp` definitions say which).  The
computation is one vectorised pass in
cache-sized chunks, with fused integer ``bincount`` calls (see
:doc:`/how-to/kpis-at-scale`); the definitions are explained in
:doc:`/explanation/kpi-definitions`.

:func:`check_targets` measures every KPI target of the agreements in force
over its reporting period and returns a :class:`TargetResult` per target
(met, missed, or not measured and why; :class:`TargetStatus`); see
:doc:`/how-to/compare-kpis-with-targets`.

This namespace imports numpy only; ``KpiResult.to_pandas`` and
``KpiResult.to_arrow`` import pandas or pyarrow when called.

Examples
--------
>>> from iso18295 import examples
>>> from iso18295.kpis import Grouping, ServiceLevel, AbandonmentRate, compute
>>> table = examples.generate_interactions()
>>> result = compute(table, [ServiceLevel(threshold_seconds=20), AbandonmentRate()],
...                  grouping=Grouping(by=("channel_id",)))
>>> result["service_level"].value.round(3).tolist()
[0.735, 0.0, 0.91, 0.939]
"""

import iso18295._namespaces as _namespaces
from iso18295.kpis._definitions.abandons import AbandonmentRate, Missed
from iso18295.kpis._definitions.activity import measure_activity
from iso18295.kpis._definitions.availability import ChannelAvailability
from iso18295.kpis._definitions.check_targets import (
    TargetResult,
    TargetStatus,
    check_targets,
)
from iso18295.kpis._definitions.complaint_times import (
    ComplaintAcknowledgementTime,
    ComplaintResolutionTime,
)
from iso18295.kpis._definitions.complaints import ComplaintRate, ResolvedComplaintShare
from iso18295.kpis._definitions.deferred import ClearedWithinDeadline, OldestOpenItemAge
from iso18295.kpis._definitions.feedback import (
    CriticalErrorRate,
    QualityScore,
    SurveyFirstContactResolution,
    SurveySatisfaction,
)
from iso18295.kpis._definitions.forecast_bias import ForecastBias
from iso18295.kpis._definitions.forecasts import ForecastAccuracy, measure_forecasts
from iso18295.kpis._definitions.handling import (
    AverageHandlingTime,
    CustomerSatisfaction,
    FirstContactResolution,
    TransferRate,
)
from iso18295.kpis._definitions.people import (
    AgentAttrition,
    CompetencyCoverage,
    EmployeeEngagement,
)
from iso18295.kpis._definitions.presets import (
    amazon_connect_kpis,
    cisco_ucce_kpis,
    genesys_cloud_kpis,
)
from iso18295.kpis._definitions.queue import (
    Abandoned,
    Answered,
    AverageSpeedOfAnswer,
    Offered,
    ServiceLevel,
)
from iso18295.kpis._definitions.response_time import ResponseTime
from iso18295.kpis._definitions.scores import NetPromoterScore
from iso18295.kpis._definitions.workforce import (
    Absenteeism,
    Occupancy,
    ScheduleAdherence,
    ScheduleConformance,
)
from iso18295.kpis._engine.families import (
    ActivityKpi,
    DocumentKpi,
    ForecastKpi,
    InteractionKpi,
    Kpi,
)
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.measure import measure
from iso18295.kpis._engine.partials import Partials
from iso18295.kpis._engine.passes import accumulate, compute
from iso18295.kpis._engine.result import KpiResult, KpiValues
from iso18295.kpis._engine.rollup import rollup
from iso18295.kpis._engine.weighting import RolledUp

__all__ = [
    "Abandoned",
    "AbandonmentRate",
    "Absenteeism",
    "ActivityKpi",
    "AgentAttrition",
    "Answered",
    "AverageHandlingTime",
    "AverageSpeedOfAnswer",
    "ChannelAvailability",
    "ClearedWithinDeadline",
    "CompetencyCoverage",
    "ComplaintAcknowledgementTime",
    "ComplaintRate",
    "ComplaintResolutionTime",
    "CriticalErrorRate",
    "CustomerSatisfaction",
    "DocumentKpi",
    "EmployeeEngagement",
    "FirstContactResolution",
    "ForecastAccuracy",
    "ForecastBias",
    "ForecastKpi",
    "Grouping",
    "InteractionKpi",
    "Kpi",
    "KpiResult",
    "KpiValues",
    "Missed",
    "NetPromoterScore",
    "Occupancy",
    "Offered",
    "OldestOpenItemAge",
    "Partials",
    "QualityScore",
    "ResolvedComplaintShare",
    "ResponseTime",
    "RolledUp",
    "ScheduleAdherence",
    "ScheduleConformance",
    "ServiceLevel",
    "SurveyFirstContactResolution",
    "SurveySatisfaction",
    "TargetResult",
    "TargetStatus",
    "TransferRate",
    "accumulate",
    "amazon_connect_kpis",
    "check_targets",
    "cisco_ucce_kpis",
    "compute",
    "genesys_cloud_kpis",
    "measure",
    "measure_activity",
    "measure_forecasts",
    "rollup",
]

__dir__ = _namespaces.listing(__all__)
_namespaces.publish(__name__, __all__, globals())
