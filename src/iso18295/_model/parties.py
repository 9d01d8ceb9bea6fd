"""The parties: the contact centre, its sites, and the clients it serves."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import ClassVar

import attrs

from .._errors import Problem
from ._checks import Validated, checks, duplicate_ids, identifier, non_empty, time_zone
from .channels import Channel
from .common import WeeklyHours


class OperatingModel(enum.StrEnum):
    """Whether a centre belongs to the organisation it serves."""

    IN_HOUSE = "in_house"
    """A captive centre, part of the client's own organisation."""
    OUTSOURCED = "outsourced"
    """A separate organisation serving clients under contract."""


class Relationship(enum.StrEnum):
    """How a client relates to the centre that serves it."""

    IN_HOUSE = "in_house"
    """The client and the centre are parts of one organisation."""
    EXTERNAL = "external"
    """The client commissions an outside centre."""


@attrs.frozen(kw_only=True)
class Site(Validated):
    """A location the centre operates from (agents working from home count as one site).

    Parameters
    ----------
    id : str
        Identifier, unique among the centre's sites.
    name : str
        Display name, e.g. ``"Cork"``.
    country : str
        ISO 3166-1 alpha-2 country code, e.g. ``"IE"``.
    remote : bool, default False
        Whether the site stands for agents working from home.
    """

    id: str = attrs.field(metadata=checks(identifier))
    name: str = attrs.field(metadata=checks(non_empty))
    country: str = attrs.field(metadata=checks(non_empty))
    remote: bool = False


@attrs.frozen(kw_only=True)
class ContactCentre(Validated):
    """The customer contact centre (the CCC) that Part 1 of ISO 18295 applies to.

    Parameters
    ----------
    id : str
        Identifier of the centre.
    name : str
        Trading name.
    operating_model : OperatingModel
        In-house (captive) or outsourced.
    time_zone : str
        IANA time zone of the centre's hours, e.g. ``"Europe/Dublin"``.
    sites : tuple of Site
        Locations, at least one.
    service_hours : tuple of WeeklyHours, default ()
        When the centre as a whole is open, in `time_zone`.
    channels : tuple of Channel, default ()
        Channels offered to customers.
    """

    id: str = attrs.field(metadata=checks(identifier))
    name: str = attrs.field(metadata=checks(non_empty))
    operating_model: OperatingModel
    time_zone: str = attrs.field(metadata=checks(time_zone))
    sites: tuple[Site, ...]
    service_hours: tuple[WeeklyHours, ...] = ()
    channels: tuple[Channel, ...] = ()

    _invariants: ClassVar[tuple[str, ...]] = ("_check_members",)

    def _check_members(self) -> Iterator[Problem]:
        if not self.sites:
            yield Problem(path="sites", expected="at least one site", found="none")
        yield from duplicate_ids(self.sites, "sites")
        yield from duplicate_ids(self.channels, "channels")

    def channel(self, channel_id: str) -> Channel:
        """Return the channel with id `channel_id`.

        Raises
        ------
        KeyError
            If the centre has no such channel (a lookup, not input validation).
        """
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        raise KeyError(channel_id)


@attrs.frozen(kw_only=True)
class Client(Validated):
    """An organisation that has the centre handle customer interactions for it (Part 2).

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    name : str
        Organisation name.
    relationship : Relationship
        In-house or external.
    sector : str or None, default None
        Line of business, e.g. ``"energy"``.
    customer_segments : tuple of str, default ()
        The customer groups the client has identified (Part 2, clause 5.2), e.g.
        ``("households", "small businesses", "customers in vulnerable situations")``.
    """

    id: str = attrs.field(metadata=checks(identifier))
    name: str = attrs.field(metadata=checks(non_empty))
    relationship: Relationship
    sector: str | None = attrs.field(default=None, metadata=checks(non_empty))
    customer_segments: tuple[str, ...] = ()
