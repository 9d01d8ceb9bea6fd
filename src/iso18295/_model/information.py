"""Information the client passes to the centre, and its briefing to agents.

Part 2 (clause 6.5) asks the client to give the centre the information it
needs and keep it current; Part 1 (clauses 4.2 and 6.5) asks the centre to
keep customers' information consistent with it and to brief its staff.  An
`InformationUpdate` records both ends of one such hand-over.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import ClassVar, final

import attrs

from ._checks import Validated, checks, identifier, non_empty, not_before


class InformationTopic(enum.StrEnum):
    """What an update from the client is about."""

    PRODUCT_CHANGE = "product_change"
    PRICE_CHANGE = "price_change"
    POLICY_CHANGE = "policy_change"
    CAMPAIGN = "campaign"
    ESCALATION_CONTACTS = "escalation_contacts"
    KNOWLEDGE_BASE = "knowledge_base"
    OTHER = "other"


@final
@attrs.frozen(kw_only=True)
class InformationUpdate(Validated):
    """One piece of information a client gave the centre, and what the centre did with it.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    client_id : str
        The client that sent it.
    topic : InformationTopic
        What it is about.
    summary : str
        What changed, in words.
    sent_on : datetime.date
        When the client sent it to the centre.
    effective_on : datetime.date or None, default None
        When it takes effect for customers; ``None`` if at once.
    acknowledged_on : datetime.date or None, default None
        When the centre confirmed receipt; ``None`` if it did not.
    briefed_on : datetime.date or None, default None
        When the centre's agents were briefed on it; ``None`` if not (yet).
    """

    id: str = attrs.field(metadata=checks(identifier))
    client_id: str = attrs.field(metadata=checks(identifier))
    topic: InformationTopic
    summary: str = attrs.field(metadata=checks(non_empty))
    sent_on: date
    effective_on: date | None = None
    acknowledged_on: date | None = None
    briefed_on: date | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_ack", "_check_briefing")
    _check_ack = not_before("acknowledged_on", "sent_on")
    _check_briefing = not_before("briefed_on", "sent_on")

    def notice_days(self) -> int | None:
        """Return the days between sending and taking effect, or ``None`` if immediate."""
        return None if self.effective_on is None else (self.effective_on - self.sent_on).days
