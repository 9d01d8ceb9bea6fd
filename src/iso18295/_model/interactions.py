"""One customer interaction as an object (bulk records are `InteractionTable` columns)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import ClassVar, final

import attrs

from .._display import withheld_repr
from ..errors import Problem
from ._checks import Validated, checks, identifier, non_empty, non_negative
from .channels import Direction


@final
@attrs.frozen(kw_only=True)
class Interaction(Validated):
    """One customer contact.

    For bulk records use `InteractionTable`; this class is for single records,
    tests and small examples.

    Parameters
    ----------
    id : str
        Identifier of the interaction.
    channel_id : str
        The centre channel used.
    direction : Direction
        Inbound or outbound.
    client_id : str
        The client served.
    offered_at : datetime.datetime
        When the contact was offered (timezone-aware).
    wait_seconds : float
        Seconds until answered or abandoned.
    answered : bool
        Whether an agent answered.
    abandoned : bool, default False
        Whether the customer gave up first; never true together with `answered`.
    queue : str or None, default None
        Routing queue.
    campaign_id : str or None, default None
        Campaign.
    customer_reference : str or None, default None
        Personal data: withheld from messages and reports unless asked.
    agent_id : str or None, default None
        Handling agent.
    talk_seconds, hold_seconds, after_contact_seconds : float or None, default None
        Handling time components, in seconds.
    resolved : bool or None, default None
        Whether the need was resolved in this contact; ``None`` if not recorded.
    transferred : bool, default False
        Whether the contact was transferred.
    satisfaction : float or None, default None
        The customer's score for the contact.
    dial_seconds : float or None, default None
        Seconds an outbound contact spent dialling and ringing before it
        connected; ``None`` if not recorded.
    """

    id: str = attrs.field(metadata=checks(identifier))
    channel_id: str = attrs.field(metadata=checks(identifier))
    direction: Direction
    client_id: str = attrs.field(metadata=checks(identifier))
    offered_at: datetime
    wait_seconds: float = attrs.field(metadata=checks(non_negative))
    answered: bool
    abandoned: bool = False
    queue: str | None = attrs.field(default=None, metadata=checks(non_empty))
    campaign_id: str | None = attrs.field(default=None, metadata=checks(identifier))
    customer_reference: str | None = attrs.field(
        default=None, metadata=checks(non_empty, personal=True), repr=withheld_repr
    )
    agent_id: str | None = attrs.field(default=None, metadata=checks(identifier))
    talk_seconds: float | None = attrs.field(default=None, metadata=checks(non_negative))
    hold_seconds: float | None = attrs.field(default=None, metadata=checks(non_negative))
    after_contact_seconds: float | None = attrs.field(default=None, metadata=checks(non_negative))
    resolved: bool | None = None
    transferred: bool = False
    satisfaction: float | None = attrs.field(default=None, metadata=checks(non_negative))
    dial_seconds: float | None = attrs.field(default=None, metadata=checks(non_negative))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_outcome",)

    def _check_outcome(self) -> Iterator[Problem]:
        if self.answered and self.abandoned:
            yield Problem(
                path="abandoned",
                expected="false for an answered contact",
                found="true",
            )
