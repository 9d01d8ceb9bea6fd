"""Channels customers use, and outbound campaigns."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, datetime
from typing import ClassVar, final

import attrs

from ..errors import Problem
from ._checks import Validated, checks, identifier, non_empty, not_before, positive, unique
from .common import WeeklyHours


class ChannelKind(enum.StrEnum):
    """The means by which customers and the centre interact."""

    VOICE = "voice"
    EMAIL = "email"
    WEB_CHAT = "web_chat"
    MESSAGING = "messaging"
    SOCIAL = "social"
    SMS = "sms"
    VIDEO = "video"
    SELF_SERVICE = "self_service"
    POST = "post"

    @property
    def is_written(self) -> bool:
        """Tell whether contacts on this channel are answered in writing (response-time KPIs)."""
        return self in {ChannelKind.EMAIL, ChannelKind.SOCIAL, ChannelKind.POST, ChannelKind.SMS}


class Direction(enum.StrEnum):
    """Who starts a contact."""

    INBOUND = "inbound"
    """Started by the customer."""
    OUTBOUND = "outbound"
    """Started by the centre."""


@final
@attrs.frozen(kw_only=True)
class ChannelOutage(Validated):
    """A time a channel could not take contacts (a system failure, a planned shutdown).

    Parameters
    ----------
    started_at : datetime.datetime
        When the channel became unavailable (timezone-aware).
    ended_at : datetime.datetime
        When it was available again (timezone-aware); not before `started_at`.
    cause : str
        What made it unavailable, e.g. ``"telephony provider failure"``.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> outage = ChannelOutage(started_at=datetime(2026, 3, 4, 10, tzinfo=UTC),
    ...                        ended_at=datetime(2026, 3, 4, 11, 30, tzinfo=UTC),
    ...                        cause="telephony provider failure")
    >>> outage.ended_at - outage.started_at
    datetime.timedelta(seconds=5400)
    """

    started_at: datetime
    ended_at: datetime
    cause: str = attrs.field(metadata=checks(non_empty))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_end",)
    _check_end = not_before("ended_at", "started_at")


@final
@attrs.frozen(kw_only=True)
class Channel(Validated):
    """A channel the centre offers, with its hours and accessibility provisions.

    Parameters
    ----------
    id : str
        Identifier, unique among the centre's channels (e.g. ``voice-acme``).
    kind : ChannelKind
        The means of contact.
    directions : frozenset of Direction
        Inbound, outbound or both; at least one.
    opening_hours : tuple of WeeklyHours or None, default None
        When the channel is staffed, in the centre's time zone.  ``None``: not
        supplied (rules that need hours then report insufficient evidence);
        ``()``: the channel states no staffed hours.
    accessibility : tuple of str or None, default None
        Provisions for customers with the widest range of abilities (e.g.
        ``"text relay"``, ``"screen-reader tested"``).  ``None``: not
        supplied; ``()``: the channel has none.
    cost_to_customer : str or None, default None
        What a contact costs the customer, as published to them.
    published_to_customers : bool or None, default None
        Whether customers are told the channel exists and how to use it;
        ``None``: not stated.
    outages : tuple of ChannelOutage or None, default None
        Times the channel could not take contacts, any order, overlaps
        allowed (for channel availability).  ``None``: not supplied
        (availability is then undefined, never 100 %); ``()``: the channel
        had no outage.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "opening_hours",
        "accessibility",
        "published_to_customers",
        "outages",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    kind: ChannelKind
    directions: frozenset[Direction]
    opening_hours: tuple[WeeklyHours, ...] | None = None
    accessibility: tuple[str, ...] | None = attrs.field(default=None, metadata=checks(unique))
    cost_to_customer: str | None = attrs.field(default=None, metadata=checks(non_empty))
    published_to_customers: bool | None = None
    outages: tuple[ChannelOutage, ...] | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_directions",)

    def _check_directions(self) -> Iterator[Problem]:
        if not self.directions:
            yield Problem(path="directions", expected="inbound, outbound or both", found="none")


@final
@attrs.frozen(kw_only=True)
class ContactRules(Validated):
    """Rules an outbound campaign follows to protect customers (Part 1, clause 4.5).

    Parameters
    ----------
    permitted_hours : tuple of WeeklyHours or None, default None
        When customers may be contacted, in the customers' local time.
        ``None``: not supplied; ``()``: no permitted hours are set.
    honours_do_not_contact : bool or None, default None
        Whether customers who asked not to be contacted are suppressed before
        dialling; ``None``: not stated.
    suppression_list_checked_on : datetime.date or None, default None
        When the campaign's list was last screened against the do-not-contact list.
    max_attempts_per_customer : int or None, default None
        Cap on contact attempts per customer; ``None`` means no cap was set.
    opt_in_required : bool or None, default None
        Whether follow-up contact unrelated to the original purpose needs the
        customer's opt-in; ``None``: not stated.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "permitted_hours",
        "honours_do_not_contact",
        "opt_in_required",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    permitted_hours: tuple[WeeklyHours, ...] | None = None
    honours_do_not_contact: bool | None = None
    suppression_list_checked_on: date | None = None
    max_attempts_per_customer: int | None = attrs.field(default=None, metadata=checks(positive))
    opt_in_required: bool | None = None


@final
@attrs.frozen(kw_only=True)
class Campaign(Validated):
    """A planned set of contacts aimed at existing or prospective customers.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    client_id : str
        The client the campaign is run for.
    channel_id : str
        The centre channel used.
    direction : Direction
        Outbound campaigns dial or write to customers; inbound ones respond.
    purpose : str
        What the campaign is for (e.g. ``"contract renewal"``).
    starts_on : datetime.date
        First day of the campaign.
    ends_on : datetime.date or None, default None
        Last day; ``None`` while open-ended.
    contact_rules : ContactRules or None, default None
        Customer-protection rules; required in practice for outbound campaigns.
    """

    id: str = attrs.field(metadata=checks(identifier))
    client_id: str = attrs.field(metadata=checks(identifier))
    channel_id: str = attrs.field(metadata=checks(identifier))
    direction: Direction
    purpose: str = attrs.field(metadata=checks(non_empty))
    starts_on: date
    ends_on: date | None = None
    contact_rules: ContactRules | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_period",)
    _check_period = not_before("ends_on", "starts_on")

    def is_running_on(self, day: date) -> bool:
        """Tell whether the campaign runs on `day` (both ends included)."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
