"""The client/centre agreement: scope, KPI targets, reporting, responsibilities."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date
from typing import ClassVar, final

import attrs

from ..errors import Problem
from ._checks import (
    Validated,
    checks,
    duplicate_ids,
    identifier,
    non_empty,
    non_negative,
    not_before,
    positive,
    unique,
)
from .common import Frequency, Party


class KpiKind(enum.StrEnum):
    """The kind of KPI a target names: one per KPI definition the library offers.

    The kinds follow common contact-centre industry practice; Annex A
    (informative) of ISO 18295-1 offers KPIs to choose from but fixes neither
    formulas nor targets (see :doc:`/explanation/kpi-definitions`).
    """

    SERVICE_LEVEL = "service_level"
    AVERAGE_SPEED_OF_ANSWER = "average_speed_of_answer"
    ABANDONMENT_RATE = "abandonment_rate"
    RESPONSE_TIME = "response_time"
    FIRST_CONTACT_RESOLUTION = "first_contact_resolution"
    CUSTOMER_SATISFACTION = "customer_satisfaction"
    COMPLAINT_RATE = "complaint_rate"
    COMPLAINT_ACKNOWLEDGEMENT_TIME = "complaint_acknowledgement_time"
    COMPLAINT_RESOLUTION_TIME = "complaint_resolution_time"
    QUALITY_SCORE = "quality_score"
    AVERAGE_HANDLING_TIME = "average_handling_time"
    OCCUPANCY = "occupancy"
    SCHEDULE_ADHERENCE = "schedule_adherence"
    FORECAST_ACCURACY = "forecast_accuracy"
    EMPLOYEE_ENGAGEMENT = "employee_engagement"
    AGENT_ATTRITION = "agent_attrition"
    ABSENTEEISM = "absenteeism"
    COMPETENCY_COVERAGE = "competency_coverage"


def _options(value: object) -> str | None:
    """Require ``key=value`` pairs separated by ``;``, keys being identifiers."""
    if not isinstance(value, str):
        return None
    for part in value.split(";"):
        key, equals, rest = part.partition("=")
        if part.strip() and (not equals or not key.strip().isidentifier() or not rest.strip()):
            return "options as key=value pairs separated by ';' (e.g. 'short_abandon_seconds=5')"
    return None


_SHARES = frozenset(
    {
        KpiKind.SERVICE_LEVEL,
        KpiKind.ABANDONMENT_RATE,
        KpiKind.FIRST_CONTACT_RESOLUTION,
        KpiKind.QUALITY_SCORE,
        KpiKind.OCCUPANCY,
        KpiKind.SCHEDULE_ADHERENCE,
        KpiKind.ABSENTEEISM,
        KpiKind.COMPETENCY_COVERAGE,
    }
)
"""The KPIs whose value is always a share in [0, 1], whatever the definition's options."""


def _option_values(definition: str | None) -> dict[str, str]:
    """Return a target definition's ``key=value`` options (keys and values stripped)."""
    pairs = {}
    for part in (definition or "").split(";"):
        key, _, value = part.partition("=")
        if key.strip():
            pairs[key.strip()] = value.strip()
    return pairs


class Comparison(enum.StrEnum):
    """Which side of a target is good."""

    AT_LEAST = "at_least"
    """The measured value must be >= the target (e.g. service level)."""
    AT_MOST = "at_most"
    """The measured value must be <= the target (e.g. abandonment rate)."""


@final
@attrs.frozen(kw_only=True)
class KpiTarget(Validated):
    """A KPI target agreed between client and centre.

    Parameters
    ----------
    id : str
        Identifier, unique within the agreement.
    kpi : KpiKind
        Which indicator.
    comparison : Comparison
        Whether the measured value must be at least or at most `target`.
    target : float
        The agreed value, in the KPI's unit: fractions in [0, 1] for rates and
        shares (80 % is written 0.8; see `is_share`), seconds for times, the
        survey's scale for scores.
    channel_id : str or None, default None
        The channel the target applies to; ``None`` for all channels in scope.
    threshold_seconds : float or None, default None
        The time threshold of the definition, where it has one (service level:
        answered within this many seconds).
    definition : str or None, default None
        How the agreement defines the KPI: options of its definition in
        `iso18295.kpis` as ``key=value`` pairs separated by ``;`` (e.g.
        ``"denominator=offered; short_abandon_seconds=5"``), so a measured value
        is computed the way the contract means it.  ``None`` means the
        documented defaults.
    """

    id: str = attrs.field(metadata=checks(identifier))
    kpi: KpiKind
    comparison: Comparison
    target: float = attrs.field(metadata=checks(non_negative))
    channel_id: str | None = attrs.field(default=None, metadata=checks(identifier))
    threshold_seconds: float | None = attrs.field(default=None, metadata=checks(non_negative))
    definition: str | None = attrs.field(default=None, metadata=checks(non_empty, _options))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_share",)

    def _check_share(self) -> Iterator[Problem]:
        if self.is_share and not 0.0 <= self.target <= 1.0:
            yield Problem(
                path="target",
                expected="a share in [0, 1] (write 80 % as 0.8)",
                found=f"{self.target:g}",
            )

    @property
    def is_share(self) -> bool:
        """Tell whether the target is a share in [0, 1] rather than a time, score or rate.

        Service level, abandonment rate, first-contact resolution, quality score
        (a share of the maximum), occupancy, schedule adherence, absenteeism and
        competency coverage always are.  Response time is a share when the target
        has a threshold (the share answered in time) and a time otherwise;
        customer satisfaction when its definition says ``method=top_box`` or
        ``scale=share_of_maximum``/``share_of_range``; employee engagement with
        ``scale=share_of_maximum``.  Complaint rate (per so many contacts), agent
        attrition (annualised, may exceed 1), times and forecast accuracy are not.

        Examples
        --------
        >>> KpiTarget(id="aht", kpi=KpiKind.AVERAGE_HANDLING_TIME, comparison=Comparison.AT_MOST,
        ...           target=300).is_share
        False
        >>> KpiTarget(id="sl", kpi=KpiKind.SERVICE_LEVEL, comparison=Comparison.AT_LEAST, target=80)
        Traceback (most recent call last):
        ...
        iso18295.errors.ModelError: KpiTarget: target: expected a share in [0, 1] (write 80 % as 0.8), found 80
        """  # noqa: E501 - doctest output line
        if self.kpi in _SHARES:
            return True
        options = _option_values(self.definition)
        if self.kpi is KpiKind.RESPONSE_TIME:
            threshold = options.get("threshold_seconds", "none").lower()
            return self.threshold_seconds is not None or threshold not in ("none", "null")
        if self.kpi is KpiKind.CUSTOMER_SATISFACTION:
            return options.get("method") == "top_box" or options.get("scale", "").startswith(
                "share_of_"
            )
        if self.kpi is KpiKind.EMPLOYEE_ENGAGEMENT:
            return options.get("scale") == "share_of_maximum"
        return False

    def is_met_by(self, measured: float) -> bool:
        """Tell whether a measured value meets the target."""
        if self.comparison is Comparison.AT_LEAST:
            return measured >= self.target
        return measured <= self.target


@final
@attrs.frozen(kw_only=True)
class Responsibility(Validated):
    """Who owns one topic of the arrangement (a row of the Annex B responsibility matrix).

    Parameters
    ----------
    topic : str
        What is being divided, e.g. ``"complaint resolution (product)"``.
    owner : Party
        Client, centre, or shared.
    note : str or None, default None
        How the division works in practice.
    """

    topic: str = attrs.field(metadata=checks(non_empty))
    owner: Party
    note: str | None = None


@final
@attrs.frozen(kw_only=True)
class DataHandlingTerms(Validated):
    """What the agreement says about customer data (Part 1 8.3, Part 2 5.9).

    Parameters
    ----------
    purposes : tuple of str
        The purposes the centre may use customer data for; at least one.
    retention_days : int or None, default None
        How long interaction records with personal data are kept, in days;
        ``None``: not stated.
    processing_agreement_signed_on : datetime.date or None, default None
        When the data-processing terms were signed; ``None`` if not signed.
    transfers_outside_jurisdiction : bool or None, default None
        Whether personal data leaves the client's jurisdiction; ``None``: not stated.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "retention_days",
        "transfers_outside_jurisdiction",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    purposes: tuple[str, ...] = attrs.field(metadata=checks(unique))
    retention_days: int | None = attrs.field(default=None, metadata=checks(positive))
    processing_agreement_signed_on: date | None = None
    transfers_outside_jurisdiction: bool | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_purposes",)

    def _check_purposes(self) -> Iterator[Problem]:
        if not self.purposes:
            yield Problem(path="purposes", expected="at least one purpose", found="none")


@final
@attrs.frozen(kw_only=True)
class ClientAgreement(Validated):
    """The terms under which a centre serves a client (Part 1 clause 9, Part 2 clause 6).

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    client_id : str
        The client.
    centre_id : str
        The centre.
    starts_on : datetime.date
        First day in force.
    ends_on : datetime.date or None, default None
        Last day in force; ``None`` while open-ended.
    signed_on : datetime.date or None, default None
        When both parties signed; ``None`` if unsigned (Part 2 clause 6.10).
    channel_ids : tuple of str
        The centre channels in scope; at least one.
    services : tuple of str or None, default None
        The services in scope, in words (``"billing enquiries"``).  ``None``:
        not supplied.
    kpi_targets : tuple of KpiTarget or None, default None
        The agreed targets.  ``None``: not supplied; ``()``: the agreement
        sets none.
    reporting_frequency : Frequency or None, default None
        How often the centre reports performance to the client.
    review_frequency : Frequency or None, default None
        How often both parties review performance together.
    last_reviewed_on : datetime.date or None, default None
        The last joint performance review.
    responsibilities : tuple of Responsibility or None, default None
        The division of responsibilities (Annex B of Part 1).  ``None``: not
        supplied; ``()``: the agreement divides none.
    data_handling : DataHandlingTerms or None, default None
        Terms for customer data.
    complaint_acknowledgement_days : int or None, default None
        Working days within which complaints must be acknowledged.
    escalation_procedure : str or None, default None
        Reference to the agreed escalation procedure document.
    change_procedure : str or None, default None
        Reference to the agreed change procedure document.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "services",
        "kpi_targets",
        "responsibilities",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    client_id: str = attrs.field(metadata=checks(identifier))
    centre_id: str = attrs.field(metadata=checks(identifier))
    starts_on: date
    ends_on: date | None = None
    signed_on: date | None = None
    channel_ids: tuple[str, ...] = attrs.field(metadata=checks(unique))
    services: tuple[str, ...] | None = None
    kpi_targets: tuple[KpiTarget, ...] | None = None
    reporting_frequency: Frequency | None = None
    review_frequency: Frequency | None = None
    last_reviewed_on: date | None = None
    responsibilities: tuple[Responsibility, ...] | None = None
    data_handling: DataHandlingTerms | None = None
    complaint_acknowledgement_days: int | None = attrs.field(
        default=None, metadata=checks(positive)
    )
    escalation_procedure: str | None = attrs.field(default=None, metadata=checks(non_empty))
    change_procedure: str | None = attrs.field(default=None, metadata=checks(non_empty))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_period", "_check_members")
    _check_period = not_before("ends_on", "starts_on")

    def _check_members(self) -> Iterator[Problem]:
        if not self.channel_ids:
            yield Problem(path="channel_ids", expected="at least one channel", found="none")
        yield from duplicate_ids(self.kpi_targets, "kpi_targets")

    def is_in_force_on(self, day: date) -> bool:
        """Tell whether the agreement is in force on `day` (both ends included)."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
