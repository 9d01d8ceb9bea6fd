"""Complaint KPIs as data: the rate per contacts and the share resolved; shared selection.

Every complaint definition (these, and the times to acknowledge and to
resolve) measures the complaints *received* in the period, by the local
calendar day of `Complaint.received_at` in the period's time zone, optionally
of some categories only.  What happened after the period ended is not looked
at.  The choices are explained in :doc:`/explanation/complaint-kpis`.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import ClassVar, Literal

import attrs

from iso18295._model.complaints import Complaint, ComplaintCategory
from iso18295.kpis._definitions.queue import Answered, Offered
from iso18295.kpis._engine.documents import (
    GroupContext,
    Tally,
    check_enum_tuple,
    check_whole,
    enum_words,
    ratio,
    to_enum_tuple,
)
from iso18295.kpis._engine.families import DocumentKpi, InteractionKpi, Source
from iso18295.kpis._engine.options import (
    Direction,
    check_direction,
    check_name,
    one_of,
    scope_words,
)
from iso18295.kpis._engine.periods import Period


def to_categories(value: object) -> object:
    """Convert category names to a tuple of `ComplaintCategory` (attrs converter)."""
    return to_enum_tuple(ComplaintCategory, value)


check_categories = check_enum_tuple(ComplaintCategory, optional=True)


def received_in(
    complaint: Complaint, period: Period, categories: tuple[ComplaintCategory, ...] | None
) -> bool:
    """Tell whether `complaint` was received in `period` (local day) and is of `categories`."""
    in_category = categories is None or complaint.category in categories
    return in_category and period.contains(period.local_day(complaint.received_at))


def complaints_chosen(categories: tuple[ComplaintCategory, ...] | None) -> str:
    """Return the complaints chosen, in words: ``'interaction complaints'``."""
    return "complaints" if categories is None else f"{enum_words(categories)} complaints"


@typing.final
@attrs.frozen(kw_only=True)
class ComplaintRate(DocumentKpi):
    """Complaints received per so many contacts.

    Parameters
    ----------
    per_contacts : int, default 1000
        The rate is per this many contacts.  A whole number >= 1.
    contacts : {"answered", "offered"}, default "answered"
        Which contacts of the interaction records the complaints are divided
        by: those answered (handled), or all offered.
    direction : {"inbound", "outbound", "all"}, default "all"
        Which contacts count.
    categories : tuple of ComplaintCategory or None, default None
        Count only complaints of these categories (e.g. ``("interaction",)``
        for complaints about how contacts were handled); None for all.
    name : str, default "complaint_rate"
        Name of the result column.

    Notes
    -----
    Numerator: complaints received in the period; denominator: contacts
    offered in the period (by their `offered_at`, local calendar day) that are
    answered or offered as `contacts` says, in the same group; value:
    numerator / denominator x `per_contacts`.  Needs the interaction records
    (``measure(..., interactions=table)``).

    Examples
    --------
    >>> ComplaintRate(categories=("interaction",)).describe()
    'complaint_rate: interaction complaints received per 1000 answered contacts'
    """

    per_contacts: int = attrs.field(default=1000, validator=check_whole(1))
    contacts: Literal["answered", "offered"] = attrs.field(
        default="answered", validator=one_of("answered", "offered")
    )
    direction: Direction = attrs.field(default="all", validator=check_direction)
    categories: tuple[ComplaintCategory, ...] | None = attrs.field(
        default=None, converter=to_categories, validator=check_categories
    )
    name: str = attrs.field(default="complaint_rate", validator=check_name)

    source: ClassVar[Source] = "complaints"
    needs_contacts: ClassVar[bool] = True

    def describe(self) -> str:
        """Return the definition in words."""
        return (
            f"{self.name}: {complaints_chosen(self.categories)} received per {self.per_contacts}"
            f" {self.contacts} {scope_words(self.direction)}"
        )

    def _selects(self, document: Complaint, period: Period) -> bool:
        """Select the complaints received in the period, of the chosen categories."""
        return received_in(document, period, self.categories)

    def _contact_kpi(self) -> InteractionKpi:
        """Return the count of contacts divided by."""
        if self.contacts == "offered":
            return Offered(direction=self.direction, name="contacts")
        return Answered(direction=self.direction, name="contacts")

    def _tally(self, documents: Sequence[Complaint], group: GroupContext) -> Tally:
        """Count the complaints and scale by the contacts."""
        contacts = group.contacts or 0
        base = ratio(float(len(documents)), contacts)
        return attrs.evolve(base, value=base.value * self.per_contacts)


@typing.final
@attrs.frozen(kw_only=True)
class ResolvedComplaintShare(DocumentKpi):
    """Share of the complaints received in the period that were resolved by its end.

    Parameters
    ----------
    categories : tuple of ComplaintCategory or None, default None
        Only complaints of these categories; None for all.
    name : str, default "resolved_complaint_share"
        Name of the result column.

    Notes
    -----
    Numerator: complaints received in the period with `Complaint.resolved_at`
    before the period's end (whatever the outcome, withdrawn included);
    denominator: complaints received in the period.

    Examples
    --------
    >>> ResolvedComplaintShare().describe()
    'resolved_complaint_share: complaints received and resolved by the period end / complaints received'
    """  # noqa: E501 - doctest output line

    categories: tuple[ComplaintCategory, ...] | None = attrs.field(
        default=None, converter=to_categories, validator=check_categories
    )
    name: str = attrs.field(default="resolved_complaint_share", validator=check_name)

    source: ClassVar[Source] = "complaints"

    def describe(self) -> str:
        """Return the definition in words."""
        which = complaints_chosen(self.categories)
        return f"{self.name}: {which} received and resolved by the period end / {which} received"

    def _selects(self, document: Complaint, period: Period) -> bool:
        """Select the complaints received in the period, of the chosen categories."""
        return received_in(document, period, self.categories)

    def _tally(self, documents: Sequence[Complaint], group: GroupContext) -> Tally:
        """Count the complaints resolved by the period end."""
        end = group.period.end_instant
        resolved = sum(c.resolved_at is not None and c.resolved_at < end for c in documents)
        return ratio(float(resolved), len(documents))
