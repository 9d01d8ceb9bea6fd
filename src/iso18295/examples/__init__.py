"""The bundled example centre, for tutorials, notebooks and tests.

Northwind Contact Services is an invented outsourced contact centre in Cork
(plus home workers) serving two clients in March 2026: Brightwater Energy
(voice, web chat and e-mail, with an outbound renewal campaign) and Lumen
Insurance (inbound voice only).  It has 41 staff, two agreements with KPI
targets, documented policies, complaints, surveys, quality evaluations, a
forecasts with staffing plans, a continuity plan and work-environment
assessments, and the clients' own records under Part 2 (their documents,
information sent to the centre, forecasts).  It mostly conforms to both parts of
ISO 18295, with the gaps listed in `EXAMPLE_GAPS` planted on purpose, so an
assessment has something true to say.  Its month of interaction records
(`generate_interactions`) and of agent states and schedule
(`generate_agent_activity`) are generated, seeded, on request.

Examples
--------
>>> from iso18295 import examples
>>> scope = examples.load_example()
>>> [c.name for c in scope.clients]
['Brightwater Energy', 'Lumen Insurance']
>>> table = examples.generate_interactions()
>>> len(table) > 50_000
True
"""

from __future__ import annotations

from datetime import date

from .. import _namespaces
from ._centre import example_text, generate_agent_activity, generate_interactions, load_example

__all__ = [
    "EXAMPLE_AS_OF",
    "EXAMPLE_GAPS",
    "example_text",
    "generate_agent_activity",
    "generate_interactions",
    "load_example",
]

EXAMPLE_AS_OF = date(2026, 4, 1)
"""The date the example is meant to be assessed on (the day after its month ends)."""

EXAMPLE_GAPS: tuple[str, ...] = (
    "policy NW-POL-13 (data protection) is overdue: last reviewed 2025-01-28 (12-month cycle)",
    "agent NW0040 handled contacts from 2026-03-09, before completing induction on 2026-03-14",
    "complaint CMP-2026-0108 was never acknowledged",
    (
        "staffing plan plan-bw-voice-2026w10 rosters 3 agents too few (2 on the phones after "
        "shrinkage) 10:00-11:30 on Monday 2 March 2026"
    ),
    (
        "client Brightwater sent price change IU-BW-2026-03 on 2026-03-24, 3 days before it "
        "took effect on 2026-03-27 (7 days' notice expected)"
    ),
    "client Lumen gives the centre no workload forecast for its voice channel lumen-voice",
    "client Lumen's agreement agr-lumen-2024 names no one to gather customer feedback",
)
"""The nonconformities planted in the example, in words; everything else conforms."""

__dir__ = _namespaces.listing(__all__)
_namespaces.publish(__name__, __all__, globals())
