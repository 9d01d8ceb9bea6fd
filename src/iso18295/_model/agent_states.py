"""The vocabularies of agent activity: what an agent was doing, and what was planned.

Workforce KPIs (occupancy, schedule adherence, absenteeism) compare two
timelines per agent: the states a contact-centre platform recorded
(`AgentState`, held in an `AgentStateTable`) and the activities the
workforce plan scheduled (`ScheduledActivity`, held in a `ScheduleTable`).
Platforms name their states differently; map them onto these words when
loading.  This module does not import numpy.
"""

from __future__ import annotations

import enum
from typing import Final


class AgentState(enum.StrEnum):
    """What an agent was actually doing, as recorded by the contact-centre platform.

    The default roles in the workforce KPIs (each can be changed on the
    definition, see :doc:`/explanation/workforce-kpis`):

    * occupancy counts ``handling`` and ``after_contact`` as handling time and
      ``available`` as available time; every other state is left out;
    * schedule adherence matches scheduled ``contact_work`` with ``available``,
      ``handling`` or ``after_contact``, and every other scheduled activity
      with the state of the same name;
    * absenteeism counts ``unplanned_absence`` during scheduled time as absence.

    Time for which no state is recorded counts as none of them.

    Examples
    --------
    >>> AgentState("after_contact") is AgentState.AFTER_CONTACT
    True
    >>> [s.value for s in AgentState][:3]
    ['available', 'handling', 'after_contact']
    """

    AVAILABLE = "available"
    """Logged in and ready, waiting for a contact."""
    HANDLING = "handling"
    """Handling a contact (talking, chatting, writing, or the customer on hold)."""
    AFTER_CONTACT = "after_contact"
    """Work that finishes a contact after the customer has gone (wrap-up)."""
    BREAK = "break"
    """A rest or meal break."""
    MEETING = "meeting"
    """A team meeting, briefing or coaching session."""
    TRAINING = "training"
    """Training away from contacts."""
    OTHER_WORK = "other_work"
    """Other work that is not contact handling (back office, projects)."""
    PLANNED_ABSENCE = "planned_absence"
    """Absence agreed in advance (annual leave, a public holiday, a planned day off)."""
    UNPLANNED_ABSENCE = "unplanned_absence"
    """Absence not agreed in advance (sickness, an emergency, not turning up)."""
    OFFLINE = "offline"
    """Logged out, with no other state recorded."""


class ScheduledActivity(enum.StrEnum):
    """What the workforce plan scheduled an agent to do (ISO 18295-1, 7.3).

    Scheduled time is every scheduled segment; time an agent is not
    scheduled has no segment.  Schedule adherence counts every activity but
    ``planned_absence`` by default, and absenteeism leaves scheduled
    ``planned_absence`` out of the scheduled time.

    Examples
    --------
    >>> ScheduledActivity("contact_work").value
    'contact_work'
    """

    CONTACT_WORK = "contact_work"
    """Handling contacts (available for, handling or finishing them)."""
    BREAK = "break"
    """A rest or meal break."""
    MEETING = "meeting"
    """A team meeting, briefing or coaching session."""
    TRAINING = "training"
    """Training away from contacts."""
    OTHER_WORK = "other_work"
    """Other work that is not contact handling."""
    PLANNED_ABSENCE = "planned_absence"
    """Leave agreed in advance (kept in the schedule so plans show it)."""


AGENT_STATES: Final = tuple(AgentState)
"""Every `AgentState`, in the order of its codes in an `AgentStateTable`."""

SCHEDULED_ACTIVITIES: Final = tuple(ScheduledActivity)
"""Every `ScheduledActivity`, in the order of its codes in a `ScheduleTable`."""

__all__ = ["AGENT_STATES", "SCHEDULED_ACTIVITIES", "AgentState", "ScheduledActivity"]
