"""The people side: functions, the competency framework, assessments, training, engagement."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date
from typing import ClassVar, final

import attrs

from .._display import withheld_repr
from ..errors import Problem
from ._checks import (
    Validated,
    checks,
    identifier,
    non_empty,
    non_negative,
    not_before,
    positive,
    unique,
)


class StaffFunction(enum.StrEnum):
    """A staff function needed to run a centre (Part 1 clause 6.2): what a person's job is."""

    AGENT = "agent"
    TEAM_LEADER = "team_leader"
    MANAGER = "manager"
    PLANNER = "planner"
    QUALITY_ANALYST = "quality_analyst"
    TRAINER = "trainer"
    SUPPORT = "support"


class CompetencyArea(enum.StrEnum):
    """The three families of agent competency in Part 1 (clauses 6.3.2 to 6.3.4)."""

    COMMUNICATION = "communication"
    """Communication and customer service (6.3.2)."""
    TECHNICAL = "technical"
    """Use of the centre's systems, tools and channels (6.3.3)."""
    CLIENT_SPECIFIC = "client_specific"
    """Knowledge of a client's products, services, policies and processes (6.3.4)."""


class TrainingKind(enum.StrEnum):
    """Why a training course was taken (Part 1 clause 6.4)."""

    INDUCTION = "induction"
    """Before handling any contact."""
    REFRESHER = "refresher"
    """Periodic renewal of an existing competency."""
    CLIENT_SPECIFIC = "client_specific"
    """A client's products, policies and processes."""
    DEVELOPMENT = "development"
    """Closing a gap found by a competency review."""


class LeavingReason(enum.StrEnum):
    """Why a member of staff left, for attrition measured as voluntary or all leavers."""

    VOLUNTARY = "voluntary"
    """They chose to leave (resignation)."""
    INVOLUNTARY = "involuntary"
    """The centre ended the employment (dismissal, redundancy)."""
    OTHER = "other"
    """Neither of those, such as the end of a fixed-term contract, retirement or a transfer."""


class CompetencyOutcome(enum.StrEnum):
    """The outcome of a competency assessment: whether a person met one competency.

    Not to be confused with `Assessment`, the result of a conformity assessment.
    """

    MET = "met"
    NOT_MET = "not_met"


@final
@attrs.frozen(kw_only=True)
class Competency(Validated):
    """An item of the centre's competency framework.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    name : str
        What the competency is, e.g. ``"complaint recognition"``.
    area : CompetencyArea
        Communication, technical or client-specific.
    client_id : str or None, default None
        For client-specific competencies, the client concerned.
    required_for : frozenset of StaffFunction, default {agent}
        The functions that must hold the competency.
    """

    id: str = attrs.field(metadata=checks(identifier))
    name: str = attrs.field(metadata=checks(non_empty))
    area: CompetencyArea
    client_id: str | None = attrs.field(default=None, metadata=checks(identifier))
    required_for: frozenset[StaffFunction] = frozenset({StaffFunction.AGENT})

    _invariants: ClassVar[tuple[str, ...]] = ("_check_client",)

    def _check_client(self) -> Iterator[Problem]:
        if self.area is CompetencyArea.CLIENT_SPECIFIC and self.client_id is None:
            yield Problem(
                path="client_id",
                expected="the client's id for a client-specific competency",
                found="none",
            )


@final
@attrs.frozen(kw_only=True)
class RoleProfile(Validated):
    """The documented requirements of one function (Part 1 clauses 6.1 and 6.2).

    Parameters
    ----------
    function : StaffFunction
        The function described.
    responsibilities : tuple of str
        What the function is responsible for; at least one.
    document : str or None, default None
        Reference to the job description document.
    """

    function: StaffFunction
    responsibilities: tuple[str, ...]
    document: str | None = attrs.field(default=None, metadata=checks(non_empty))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_responsibilities",)

    def _check_responsibilities(self) -> Iterator[Problem]:
        if not self.responsibilities:
            yield Problem(
                path="responsibilities", expected="at least one responsibility", found="none"
            )


@final
@attrs.frozen(kw_only=True)
class CompetencyAssessment(Validated):
    """The result of assessing one person on one competency.

    Parameters
    ----------
    competency_id : str
        The competency assessed.
    assessed_on : datetime.date
        Date of the assessment.
    outcome : CompetencyOutcome
        Whether the competency was shown.
    """

    competency_id: str = attrs.field(metadata=checks(identifier))
    assessed_on: date
    outcome: CompetencyOutcome


@final
@attrs.frozen(kw_only=True)
class TrainingRecord(Validated):
    """One training course an agent took.

    Parameters
    ----------
    course : str
        Name of the course.
    kind : TrainingKind
        Induction, refresher, client-specific or development.
    started_on : datetime.date
        First day of the course.
    completed_on : datetime.date or None, default None
        Day the course was completed; ``None`` while in progress.
    client_id : str or None, default None
        The client, for client-specific training.
    competency_ids : tuple of str, default ()
        The competencies the course develops.
    """

    course: str = attrs.field(metadata=checks(non_empty))
    kind: TrainingKind
    started_on: date
    completed_on: date | None = None
    client_id: str | None = attrs.field(default=None, metadata=checks(identifier))
    competency_ids: tuple[str, ...] = attrs.field(default=(), metadata=checks(unique))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_dates",)
    _check_dates = not_before("completed_on", "started_on")


@final
@attrs.frozen(kw_only=True)
class Agent(Validated):
    """A member of the centre's staff, with their assessments and training.

    Despite the name (the standard's word for contact-handling staff), any
    function can be recorded; `function` says which.

    Parameters
    ----------
    id : str
        Identifier (a staff number, not a name), unique in the scope.
    name : str
        Full name.  Personal data: withheld from messages and reports unless asked.
    function : StaffFunction
        What the person does.
    site_id : str
        The site they work from.
    hired_on : datetime.date
        First day of employment.
    left_on : datetime.date or None, default None
        Last day of employment; ``None`` while employed.
    leaving_reason : LeavingReason or None, default None
        Why they left (voluntary, involuntary, other; written as its value in
        documents); set only with `left_on`.  ``None``: not
        recorded, or still employed.
    first_contact_on : datetime.date or None, default None
        The day they first handled a customer contact; ``None`` if never.
    client_ids : tuple of str, default ()
        Clients whose contacts they handle.
    channel_ids : tuple of str, default ()
        Channels they handle.
    assessments : tuple of CompetencyAssessment or None, default None
        Competency assessments, any order.  ``None``: not supplied; ``()``:
        never assessed.
    training : tuple of TrainingRecord or None, default None
        Training courses, any order.  ``None``: not supplied; ``()``: no
        training taken.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "assessments",
        "training",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    name: str = attrs.field(metadata=checks(non_empty, personal=True), repr=withheld_repr)
    function: StaffFunction
    site_id: str = attrs.field(metadata=checks(identifier))
    hired_on: date
    left_on: date | None = None
    leaving_reason: LeavingReason | None = None
    first_contact_on: date | None = None
    client_ids: tuple[str, ...] = attrs.field(default=(), metadata=checks(unique))
    channel_ids: tuple[str, ...] = attrs.field(default=(), metadata=checks(unique))
    assessments: tuple[CompetencyAssessment, ...] | None = None
    training: tuple[TrainingRecord, ...] | None = None

    _invariants: ClassVar[tuple[str, ...]] = (
        "_check_left",
        "_check_first_contact",
        "_check_leaving_reason",
    )
    _check_left = not_before("left_on", "hired_on")
    _check_first_contact = not_before("first_contact_on", "hired_on")

    def _check_leaving_reason(self) -> Iterator[Problem]:
        if self.leaving_reason is not None and self.left_on is None:
            yield Problem(
                path="leaving_reason",
                expected="a leaving reason only with left_on",
                found=f"{self.leaving_reason.value!r} without left_on",
            )

    def is_employed_on(self, day: date) -> bool:
        """Tell whether the person is employed on `day`."""
        return self.hired_on <= day and (self.left_on is None or day <= self.left_on)

    def induction_completed_on(self) -> date | None:
        """Return the day induction training was completed, or ``None`` if it never was.

        Also ``None`` when the training records were not supplied (`training`
        is ``None``); tell the two apart by `training`.
        """
        days = [
            t.completed_on
            for t in self.training or ()
            if t.kind is TrainingKind.INDUCTION and t.completed_on is not None
        ]
        return min(days) if days else None

    def latest_assessment(self, competency_id: str) -> CompetencyAssessment | None:
        """Return the most recent assessment of a competency, or ``None`` if never assessed.

        Also ``None`` when the assessments were not supplied (`assessments` is
        ``None``); tell the two apart by `assessments`.
        """
        found = [a for a in self.assessments or () if a.competency_id == competency_id]
        return max(found, key=lambda a: a.assessed_on) if found else None


@final
@attrs.frozen(kw_only=True)
class EngagementSurvey(Validated):
    """An employee satisfaction or engagement survey (Part 1 clause 5.3).

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    instrument : str
        The questionnaire used, e.g. ``"annual engagement pulse v2"``.
    conducted_on : datetime.date
        When the survey closed.
    invited : int or None, default None
        Staff invited; at least 1.  ``None``: not stated.
    responded : int or None, default None
        Staff who answered; at most `invited` when both are stated.  ``None``:
        not stated.
    score : float
        The overall result, on the instrument's scale.
    scale_max : float
        Top of the scale (e.g. 5 or 100).
    actions : tuple of str or None, default None
        Actions decided on the results.  ``None``: not supplied; ``()``: none.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "actions",
        "invited",
        "responded",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    instrument: str = attrs.field(metadata=checks(non_empty))
    conducted_on: date
    invited: int | None = attrs.field(default=None, metadata=checks(positive))
    responded: int | None = attrs.field(default=None, metadata=checks(non_negative))
    score: float = attrs.field(metadata=checks(non_negative))
    scale_max: float = attrs.field(metadata=checks(positive))
    actions: tuple[str, ...] | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_counts",)

    def _check_counts(self) -> Iterator[Problem]:
        if (
            self.responded is not None
            and self.invited is not None
            and self.responded > self.invited
        ):
            yield Problem(
                path="responded",
                expected=f"at most invited ({self.invited})",
                found=str(self.responded),
            )
        if self.score > self.scale_max:
            yield Problem(
                path="score",
                expected=f"at most scale_max ({self.scale_max})",
                found=str(self.score),
            )

    @property
    def response_share(self) -> float | None:
        """Return the share of invited staff who responded, in [0, 1]; ``None`` if not stated."""
        if self.responded is None or self.invited is None:
            return None
        return self.responded / self.invited
