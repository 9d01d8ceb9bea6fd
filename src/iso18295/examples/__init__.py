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

import functools
from datetime import date
from importlib import resources

from .._io.documents import load_scope_text
from .._model.lazy import activity, interaction_table
from .._model.scope import Scope

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

_RESOURCE = "example_centre.toml"


def example_text() -> str:
    """Return the example's TOML document, as shipped in the package."""
    return resources.files("iso18295._data").joinpath(_RESOURCE).read_text(encoding="utf-8")


@functools.cache
def _example() -> Scope:
    return load_scope_text(example_text(), format="toml", source=_RESOURCE)


def load_example() -> Scope:
    """Load the bundled example centre.

    Returns
    -------
    Scope
        Northwind Contact Services and its two clients (see the module docstring).
        The scope is immutable, so the same object is returned on every call.
    """
    return _example()


def generate_interactions(
    *, seed: int = 18295, scope: Scope | None = None
) -> interaction_table.InteractionTable:
    """Generate March 2026's interaction records for the example centre.

    The records are synthetic but consistent with the example document: only
    agents serving a client and channel handle its contacts, each from their
    `first_contact_on` day (so agent NW0040's contacts before induction show in
    the data too), within the channels' opening hours, local time
    (Europe/Dublin, whose clocks change on 29 March 2026).

    Parameters
    ----------
    seed : int, default 18295
        Seed of the random generator; the same seed gives the same table.
    scope : Scope or None, default None
        The scope whose agents handle the contacts; the bundled example if None.

    Returns
    -------
    InteractionTable
        About 57,000 records, ordered by channel stream and time.
    """
    from ._generator import generate  # numpy is imported only when records are wanted

    return generate(seed, scope if scope is not None else load_example())


def generate_agent_activity(
    *, seed: int = 18295, scope: Scope | None = None
) -> tuple[activity.AgentStateTable, activity.ScheduleTable]:
    """Generate March 2026's recorded agent states and schedule for the example centre.

    Every agent who handles contacts (one with a `first_contact_on` day)
    works eight-hour weekday shifts from that day on, starting between 08:00
    and 12:00 Dublin time, with breaks, a weekly meeting, occasional
    training, a few days of planned leave and some unplanned absence; agents
    of Brightwater's voice line take turns on Saturdays.  The recorded states
    follow the schedule with some lateness, and split contact work into
    waiting, handling and after-contact work.  Consistent with
    `generate_interactions` in agents, days and hours, not contact by contact.

    Parameters
    ----------
    seed : int, default 18295
        Seed of the random generator; the same seed gives the same tables.
    scope : Scope or None, default None
        The scope whose agents work; the bundled example if None.

    Returns
    -------
    tuple of (AgentStateTable, ScheduleTable)
        The recorded states (about 112,000 segments of 32 agents) and the
        schedule (about 4,700 segments).

    Examples
    --------
    >>> from iso18295.kpis import Absenteeism, Occupancy, measure_activity
    >>> states, schedule = generate_agent_activity()
    >>> result = measure_activity(states, [Occupancy(), Absenteeism()], schedule=schedule)
    >>> result["occupancy"].value.round(3).tolist(), result["absenteeism"].value.round(3).tolist()
    ([0.831], [0.047])
    """
    from ._activity_generator import generate  # numpy is imported only when asked

    return generate(seed, scope if scope is not None else load_example())
