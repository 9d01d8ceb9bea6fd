"""KPIs from interaction records, with every definitional choice explicit (ISO 18295-1, Annex A).

Annex A of ISO 18295-1 (Metrics -- Guidelines) lists KPIs to choose from but
fixes no formulas: the exact definitions belong in the agreement between the
client and the centre (ISO 18295-2, 6.8).  So each KPI here is a definition
*as data*, a frozen class whose every choice is a named keyword with a
documented default, and each result says which definition produced it:

* :class:`ServiceLevel`, :class:`AverageSpeedOfAnswer`,
  :class:`AbandonmentRate`, and the counts :class:`Offered`,
  :class:`Answered`, :class:`Abandoned` -- queue metrics, inbound contacts
  by default;
* :class:`AverageHandlingTime`, :class:`FirstContactResolution`,
  :class:`CustomerSatisfaction`, :class:`TransferRate` -- metrics of handled
  contacts, both directions by default.

:class:`Grouping` says how to group records: by category columns and by
local-time interval in an IANA time zone, optionally counting only contacts
offered within opening hours.  :func:`compute` returns a
:class:`KpiResult`; :func:`accumulate` returns :class:`Partials` (integer
counts and float sums per group) that merge across batches of records and
finalize to the same result.  The computation is one vectorised pass in
cache-sized chunks, with fused integer ``bincount`` calls (see
:doc:`/how-to/kpis-at-scale`); the definitions are explained in
:doc:`/explanation/kpi-definitions`.

This namespace imports numpy only; ``KpiResult.to_pandas`` and
``KpiResult.to_arrow`` import pandas or pyarrow when called.

Examples
--------
>>> from iso18295 import examples
>>> from iso18295.metrics import Grouping, ServiceLevel, AbandonmentRate, compute
>>> table = examples.generate_interactions()
>>> result = compute(table, [ServiceLevel(threshold_seconds=20), AbandonmentRate()],
...                  grouping=Grouping(by=("channel_id",)))
>>> result["service_level"].value.round(3).tolist()
[0.735, 0.0, 0.91, 0.939]
"""

from iso18295.metrics._base import Metric
from iso18295.metrics._definitions import (
    Abandoned,
    AbandonmentRate,
    Answered,
    AverageSpeedOfAnswer,
    Offered,
    ServiceLevel,
)
from iso18295.metrics._grouping import Grouping
from iso18295.metrics._handling import (
    AverageHandlingTime,
    CustomerSatisfaction,
    FirstContactResolution,
    TransferRate,
)
from iso18295.metrics._partials import Partials, accumulate, compute
from iso18295.metrics._result import KpiResult, MetricValues

__all__ = [
    "Abandoned",
    "AbandonmentRate",
    "Answered",
    "AverageHandlingTime",
    "AverageSpeedOfAnswer",
    "CustomerSatisfaction",
    "FirstContactResolution",
    "Grouping",
    "KpiResult",
    "Metric",
    "MetricValues",
    "Offered",
    "Partials",
    "ServiceLevel",
    "TransferRate",
    "accumulate",
    "compute",
]
