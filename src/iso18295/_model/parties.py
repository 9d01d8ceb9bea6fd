"""The parties: the contact centre, its sites, and the clients it serves."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date
from typing import ClassVar, final

import attrs

from ..errors import Problem, UnknownIdError
from ._checks import Validated, checks, duplicate_ids, identifier, non_empty, time_zone, unique
from .calendar import WorkingCalendar
from .channels import Channel
from .common import Weekday, WeeklyHours


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


@final
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


@final
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
    sites : tuple of Site or None, default None
        Locations; at least one when supplied.  ``None``: not supplied.
    service_hours : tuple of WeeklyHours or None, default None
        When the centre as a whole is open, in `time_zone`.  ``None``: not
        supplied; ``()``: the centre states it keeps no regular hours.
    channels : tuple of Channel or None, default None
        Channels offered to customers.  ``None``: not supplied; ``()``: none.
    working_days : frozenset of Weekday or None, default None
        The days of the week the centre works (for counting working days);
        at least one when stated.  ``None``: not stated.
    holidays : tuple of datetime.date or None, default None
        Days the centre does not work although they fall on a working day
        (public holidays); no repeats.  ``None``: not supplied; ``()``: none.

    Examples
    --------
    >>> from datetime import date
    >>> weekdays = frozenset(list(Weekday)[:5])
    >>> centre = ContactCentre(id="c", name="C", operating_model=OperatingModel.IN_HOUSE,
    ...                        time_zone="Europe/Dublin", working_days=weekdays,
    ...                        holidays=(date(2026, 3, 17),))
    >>> centre.calendar().working_days_between(date(2026, 3, 13), date(2026, 3, 20))
    4
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "sites",
        "service_hours",
        "channels",
        "working_days",
        "holidays",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    name: str = attrs.field(metadata=checks(non_empty))
    operating_model: OperatingModel
    time_zone: str = attrs.field(metadata=checks(time_zone))
    sites: tuple[Site, ...] | None = None
    service_hours: tuple[WeeklyHours, ...] | None = None
    channels: tuple[Channel, ...] | None = None
    working_days: frozenset[Weekday] | None = None
    holidays: tuple[date, ...] | None = attrs.field(default=None, metadata=checks(unique))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_members",)

    def _check_members(self) -> Iterator[Problem]:
        if self.sites is not None and not self.sites:
            yield Problem(path="sites", expected="at least one site", found="none")
        if self.working_days is not None and not self.working_days:
            yield Problem(path="working_days", expected="at least one working day", found="none")
        yield from duplicate_ids(self.sites, "sites")
        yield from duplicate_ids(self.channels, "channels")

    def channel(self, channel_id: str) -> Channel:
        """Return the channel with id `channel_id`.

        Raises
        ------
        UnknownIdError
            If the centre has no such channel, or channels were not supplied; it
            suggests close ids.
        """
        for channel in self.channels or ():
            if channel.id == channel_id:
                return channel
        raise UnknownIdError("channel", channel_id, (c.id for c in self.channels or ()))

    def calendar(self) -> WorkingCalendar | None:
        """Return the centre's working calendar, or ``None`` if it is not fully stated.

        Both `working_days` and `holidays` must be stated (``holidays = []``
        for a centre that works on public holidays): an unstated holiday list
        is never read as "no holidays".
        """
        if self.working_days is None or self.holidays is None:
            return None
        return WorkingCalendar(working_days=self.working_days, holidays=self.holidays)


@final
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
    customer_segments : tuple of str or None, default None
        The customer groups the client has identified (Part 2, clause 5.2), e.g.
        ``("households", "small businesses", "customers in vulnerable situations")``.
        ``None``: not supplied; ``()``: the client has identified none.
    """

    _not_stated: ClassVar[tuple[str, ...]] = ("customer_segments",)
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    name: str = attrs.field(metadata=checks(non_empty))
    relationship: Relationship
    sector: str | None = attrs.field(default=None, metadata=checks(non_empty))
    customer_segments: tuple[str, ...] | None = None
