"""Complaints: received, acknowledged, resolved, escalated, reported (Part 1 clause 4.4)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, datetime
from typing import ClassVar, final

import attrs

from .._display import withheld_repr
from ..errors import Problem
from ._checks import Validated, checks, identifier, non_empty, not_before
from .common import Party


class ComplaintCategory(enum.StrEnum):
    """What a complaint is about, which decides who resolves it (see the agreement)."""

    INTERACTION = "interaction"
    """How the centre handled the contact."""
    PRODUCT = "product"
    """The client's product or service."""
    POLICY = "policy"
    """The client's policies or terms."""
    OTHER = "other"


class ComplaintOutcome(enum.StrEnum):
    """How a resolved complaint ended."""

    UPHELD = "upheld"
    PARTIALLY_UPHELD = "partially_upheld"
    NOT_UPHELD = "not_upheld"
    WITHDRAWN = "withdrawn"


@final
@attrs.frozen(kw_only=True)
class Complaint(Validated):
    """A customer's expression of dissatisfaction that expects a response.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    client_id : str
        The client whose customer complained.
    channel_id : str
        The channel the complaint arrived on.
    received_at : datetime.datetime
        When it arrived (timezone-aware).
    category : ComplaintCategory
        What it is about.
    customer_reference : str or None, default None
        The customer's reference.  Personal data: withheld unless asked.
    acknowledged_at : datetime.datetime or None, default None
        When receipt was acknowledged to the customer; ``None`` if never.
    resolved_at : datetime.datetime or None, default None
        When it was closed with a response; ``None`` while open.
    outcome : ComplaintOutcome or None, default None
        Set exactly when `resolved_at` is.
    escalated_to : Party or None, default None
        Who it was escalated to, if anyone.
    reported_to_client_on : datetime.date or None, default None
        When it was included in a report to the client.
    """

    id: str = attrs.field(metadata=checks(identifier))
    client_id: str = attrs.field(metadata=checks(identifier))
    channel_id: str = attrs.field(metadata=checks(identifier))
    received_at: datetime
    category: ComplaintCategory
    customer_reference: str | None = attrs.field(
        default=None, metadata=checks(non_empty, personal=True), repr=withheld_repr
    )
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: ComplaintOutcome | None = None
    escalated_to: Party | None = None
    reported_to_client_on: date | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_ack", "_check_resolved", "_check_outcome")
    _check_ack = not_before("acknowledged_at", "received_at")
    _check_resolved = not_before("resolved_at", "received_at")

    def _check_outcome(self) -> Iterator[Problem]:
        if (self.outcome is None) != (self.resolved_at is None):
            yield Problem(
                path="outcome",
                expected="an outcome exactly when resolved_at is set",
                found="an outcome without resolved_at"
                if self.outcome is not None
                else "resolved_at without an outcome",
            )
