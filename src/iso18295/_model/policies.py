"""Documented policies and processes, with owners, approvals and review intervals."""

from __future__ import annotations

import enum
from datetime import date
from typing import final

import attrs
from dateutil.relativedelta import relativedelta

from ._checks import Validated, checks, identifier, non_empty, positive
from .common import Party


class PolicyKind(enum.StrEnum):
    """What a documented policy or process covers.

    The centre's documents serve Part 1; the client's serve Part 2.
    """

    # The centre's (Part 1)
    CUSTOMER_INFORMATION = "customer_information"
    CUSTOMER_EXPERIENCE_MEASUREMENT = "customer_experience_measurement"
    COMPLAINTS_HANDLING = "complaints_handling"
    CUSTOMER_PROTECTION = "customer_protection"
    ACCESSIBILITY = "accessibility"
    EMPLOYEE_ENGAGEMENT = "employee_engagement"
    RECRUITMENT = "recruitment"
    TRAINING = "training"
    EMPLOYEE_COMMUNICATION = "employee_communication"
    CUSTOMER_HANDLING = "customer_handling"
    WORKFORCE_PLANNING = "workforce_planning"
    QUALITY_ASSURANCE = "quality_assurance"
    DATA_PROTECTION = "data_protection"
    INFORMATION_SECURITY = "information_security"
    HEALTH_AND_SAFETY = "health_and_safety"
    BUSINESS_CONTINUITY = "business_continuity"
    # The client's (Part 2)
    CUSTOMER_NEEDS = "customer_needs"
    CUSTOMER_EXPERIENCE_STRATEGY = "customer_experience_strategy"
    ACCESS_AND_CONTACT_STRATEGY = "access_and_contact_strategy"
    CUSTOMER_COST = "customer_cost"
    INFORMATION_CONSISTENCY = "information_consistency"
    ETHICAL_CONDUCT = "ethical_conduct"


@final
@attrs.frozen(kw_only=True)
class Policy(Validated):
    """A documented policy, process or strategy, with its approval and review cycle.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    kind : PolicyKind
        What the document covers.
    title : str
        Title of the document.
    party : Party
        Whose document it is: the centre's or the client's (or shared).
    party_id : str
        Id of the centre or client that owns it.
    owner_role : str
        The role accountable for it (a role, not a person's name).
    version : str
        Version label.
    approved_on : datetime.date or None, default None
        When the current version was approved; ``None`` if it never was.
    review_interval_months : int, default 12
        The longest time allowed between reviews.
    last_reviewed_on : datetime.date or None, default None
        The last review; ``None`` means none since approval.

    Examples
    --------
    >>> from datetime import date
    >>> p = Policy(id="pol-1", kind=PolicyKind.COMPLAINTS_HANDLING, title="Complaints",
    ...            party=Party.CENTRE, party_id="ccc", owner_role="Quality manager",
    ...            version="3", approved_on=date(2025, 1, 31), review_interval_months=12)
    >>> p.review_due_on()
    datetime.date(2026, 1, 31)
    >>> p.is_current(date(2026, 2, 1))
    False
    """

    id: str = attrs.field(metadata=checks(identifier))
    kind: PolicyKind
    title: str = attrs.field(metadata=checks(non_empty))
    party: Party
    party_id: str = attrs.field(metadata=checks(identifier))
    owner_role: str = attrs.field(metadata=checks(non_empty))
    version: str = attrs.field(metadata=checks(non_empty))
    approved_on: date | None = None
    review_interval_months: int = attrs.field(default=12, metadata=checks(positive))
    last_reviewed_on: date | None = None

    def review_due_on(self, as_of: date | None = None) -> date | None:
        """Return the day the next review is due, or ``None`` if not approved.

        The due day is the later of approval and last review, plus
        `review_interval_months` (clamped to the month's last day).

        Parameters
        ----------
        as_of : datetime.date or None, default None
            Judge as on this day: an approval or review dated later has not
            happened yet and is ignored.  ``None`` uses every date on record.
        """

        def happened(day: date | None) -> bool:
            return day is not None and (as_of is None or day <= as_of)

        if not happened(self.approved_on):
            return None
        since = max(d for d in (self.approved_on, self.last_reviewed_on) if d and happened(d))
        return add_months(since, self.review_interval_months)

    def is_current(self, as_of: date) -> bool:
        """Tell whether, on `as_of`, the document is approved and not overdue for review.

        Approvals and reviews dated after `as_of` do not count.
        """
        due = self.review_due_on(as_of)
        return due is not None and as_of <= due


def add_months(day: date, months: int) -> date:
    """Return `day` plus `months` calendar months, clamped to the target month's end.

    Examples
    --------
    >>> add_months(date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)

    A result past the last representable day (year 9999) is that last day:

    >>> add_months(date(9999, 6, 1), 12)
    datetime.date(9999, 12, 31)
    """
    try:
        result: date = day + relativedelta(months=months)
    except (ValueError, OverflowError):  # beyond year 9999
        return date.max
    return result
