"""Workforce planning: how many agents a queue of contacts needs (ISO 18295-1, 7.3).

Clause 7.3 of ISO 18295-1 (Workforce planning) asks a centre to plan staff
numbers that meet the service levels agreed with the client.  This namespace
holds the queueing formulas used for that, all vectorised over numpy arrays
so that a year of 30-minute intervals is sized in one call:

* :func:`erlang_b` -- blocking probability when nobody waits (Erlang B);
* :func:`erlang_c`, :func:`service_level`, :func:`average_speed_of_answer`,
  :func:`occupancy` -- a queue where nobody abandons (Erlang C, M/M/n);
* :func:`erlang_a` -> :class:`ErlangAResult` -- a queue whose waiting contacts
  abandon (Erlang A, M/M/n+M);
* :func:`required_agents` -- the smallest number of agents meeting targets;
  :func:`rostered_agents` adds shrinkage; :func:`offered_traffic` turns a
  forecast volume into Erlangs;
* :func:`check_plan` -> :class:`PlanCheck` -- a staffing plan checked interval
  by interval against its forecast and a service-level target;
* :func:`concurrent_queue` -> :class:`ConcurrencyResult` and
  :func:`concurrent_required_agents` -- web chat and messaging, where each
  agent holds up to :data:`MAX_CONCURRENCY` conversations at once;
* :func:`expected_service_level`, :func:`target_met_share` and
  :func:`uncertain_required_agents` -- staffing to a forecast whose arrival
  rate is uncertain (a Poisson-gamma mixture around it);
* :func:`seasonal_window_average` and :func:`seasonal_naive` -- forecasts for
  thousands of queues at once, judged by :func:`forecast_wape` and
  :func:`forecast_bias`; :func:`to_long_format` and :func:`from_long_format`
  (-> :class:`QueueSeries`) convert to and from statsforecast's long format;
* :func:`deferred_backlog` -> :class:`BacklogResult` and
  :func:`deferred_required_agents` -- e-mail and back-office work answered
  within a deadline in business hours: a backlog worked first in, first out;
* :func:`check_multiskill_plan` -> :class:`MultiSkillCheck` -- a simulation
  of a plan that counts agents with several skills in each of them.

Every function takes array-likes, broadcasts them, and returns numpy arrays
(0-d arrays for scalar input; use ``float()`` or ``int()`` for a Python
number).  Bad input raises :class:`iso18295.errors.CalculationError` naming the
function and the argument.  Every argument has a range, checked before any
work, so the work of every call is bounded: traffic from 0 to
:data:`MAX_TRAFFIC_ERLANGS`, agents from 0 to :data:`MAX_AGENTS`, anything in
seconds up to :data:`iso18295.MAX_DURATION_SECONDS` (10 years), contact volumes up to
:data:`iso18295.MAX_COUNT`, shares in [0, 1], and Erlang A's patience at most
:data:`MAX_PATIENCE_RATIO` times the handling time.  The numerics (stable
recursions, never factorials) are explained in :doc:`/explanation/erlang-formulas`.

Examples
--------
>>> from iso18295 import staffing
>>> traffic = staffing.offered_traffic(100, interval_seconds=1800, handling_seconds=180)
>>> agents = staffing.required_agents(traffic, handling_seconds=180, service_level_share=0.8)
>>> int(agents), int(staffing.rostered_agents(agents, shrinkage_share=0.3))
(14, 20)
"""

import iso18295._namespaces as _namespaces
from iso18295._limits import (
    MAX_AGENTS,
    MAX_CONCURRENCY,
    MAX_PATIENCE_RATIO,
    MAX_TRAFFIC_ERLANGS,
)
from iso18295.staffing._concurrency import (
    ConcurrencyResult,
    concurrent_queue,
    concurrent_required_agents,
)
from iso18295.staffing._deferred import BacklogResult, deferred_backlog, deferred_required_agents
from iso18295.staffing._erlang_a import ErlangAResult, erlang_a
from iso18295.staffing._erlang_b import erlang_b
from iso18295.staffing._erlang_c import average_speed_of_answer, erlang_c, occupancy, service_level
from iso18295.staffing._forecast import (
    QueueSeries,
    forecast_bias,
    forecast_wape,
    from_long_format,
    seasonal_naive,
    seasonal_window_average,
    to_long_format,
)
from iso18295.staffing._multiskill import MultiSkillCheck, check_multiskill_plan
from iso18295.staffing._plan import PlanCheck, check_plan
from iso18295.staffing._required import offered_traffic, required_agents, rostered_agents
from iso18295.staffing._uncertain import (
    expected_service_level,
    target_met_share,
    uncertain_required_agents,
)

__all__ = [
    "MAX_AGENTS",
    "MAX_CONCURRENCY",
    "MAX_PATIENCE_RATIO",
    "MAX_TRAFFIC_ERLANGS",
    "BacklogResult",
    "ConcurrencyResult",
    "ErlangAResult",
    "MultiSkillCheck",
    "PlanCheck",
    "QueueSeries",
    "average_speed_of_answer",
    "check_multiskill_plan",
    "check_plan",
    "concurrent_queue",
    "concurrent_required_agents",
    "deferred_backlog",
    "deferred_required_agents",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "expected_service_level",
    "forecast_bias",
    "forecast_wape",
    "from_long_format",
    "occupancy",
    "offered_traffic",
    "required_agents",
    "rostered_agents",
    "seasonal_naive",
    "seasonal_window_average",
    "service_level",
    "target_met_share",
    "to_long_format",
    "uncertain_required_agents",
]

__dir__ = _namespaces.listing(__all__)
_namespaces.publish(__name__, __all__, globals())
