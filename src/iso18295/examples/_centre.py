"""The example centre's document and its generated records (public in `iso18295.examples`)."""

from __future__ import annotations

import functools
from importlib import resources

from .._io.documents import load_scope_text
from .._model.lazy import activity, interaction_table
from .._model.scope import Scope

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
