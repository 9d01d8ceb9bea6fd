"""Customer-experience surveys and quality evaluations of interactions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar, final

import attrs

from ..errors import Problem
from ._checks import (
    Validated,
    checks,
    identifier,
    non_empty,
    non_negative,
    not_before,
    positive,
    share,
)


@final
@attrs.frozen(kw_only=True)
class CustomerSurvey(Validated):
    """A measurement of how customers experienced their interactions (Part 1 4.3, Part 2 6.9).

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    client_id : str
        The client whose customers were surveyed.
    method : str
        How feedback was gathered, e.g. ``"post-contact IVR survey"``.
    period_start : datetime.date
        First day of contacts covered.
    period_end : datetime.date
        Last day of contacts covered.
    invited : int or None, default None
        Customers asked; ``None``: not stated.
    responses : int or None, default None
        Customers who answered; at most `invited` when both are stated.
        ``None``: not stated.
    scale_max : float
        Top of the answer scale (the bottom is 1).
    mean_score : float or None, default None
        Mean answer, on the scale; ``None`` with no responses.
    top_box_share : float or None, default None
        Share of answers in the top box(es), in [0, 1].
    channel_id : str or None, default None
        The channel surveyed; ``None`` for all.
    actions : tuple of str or None, default None
        Actions taken on the results.  ``None``: not supplied; ``()``: none.
    first_contact_answers : int or None, default None
        Respondents who answered the survey's first-contact-resolution
        question ("was your issue resolved on your first contact?"); at most
        `responses` when both are stated.  ``None``: not supplied (the
        question was not asked, or its answers were not recorded); ``0``:
        asked, nobody answered.
    first_contact_resolved : int or None, default None
        Of those, the respondents saying their issue was resolved on first
        contact; at most `first_contact_answers`.  Stated together with
        `first_contact_answers` or not at all.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "actions",
        "first_contact_answers",
        "first_contact_resolved",
        "invited",
        "responses",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    client_id: str = attrs.field(metadata=checks(identifier))
    method: str = attrs.field(metadata=checks(non_empty))
    period_start: date
    period_end: date
    invited: int | None = attrs.field(default=None, metadata=checks(non_negative))
    responses: int | None = attrs.field(default=None, metadata=checks(non_negative))
    scale_max: float = attrs.field(metadata=checks(positive))
    mean_score: float | None = attrs.field(default=None, metadata=checks(non_negative))
    top_box_share: float | None = attrs.field(default=None, metadata=checks(share))
    channel_id: str | None = attrs.field(default=None, metadata=checks(identifier))
    actions: tuple[str, ...] | None = None
    first_contact_answers: int | None = attrs.field(default=None, metadata=checks(non_negative))
    first_contact_resolved: int | None = attrs.field(default=None, metadata=checks(non_negative))

    _invariants: ClassVar[tuple[str, ...]] = (
        "_check_period",
        "_check_counts",
        "_check_first_contact",
    )
    _check_period = not_before("period_end", "period_start")

    def _check_counts(self) -> Iterator[Problem]:
        if (
            self.responses is not None
            and self.invited is not None
            and self.responses > self.invited
        ):
            yield Problem(
                path="responses",
                expected=f"at most invited ({self.invited})",
                found=str(self.responses),
            )
        if self.mean_score is not None and not 1.0 <= self.mean_score <= self.scale_max:
            yield Problem(
                path="mean_score",
                expected=f"a score between 1 and scale_max ({self.scale_max})",
                found=str(self.mean_score),
            )

    def _check_first_contact(self) -> Iterator[Problem]:
        answers, resolved = self.first_contact_answers, self.first_contact_resolved
        if (answers is None) != (resolved is None):
            missing = "first_contact_answers" if answers is None else "first_contact_resolved"
            yield Problem(
                path=missing,
                expected="first_contact_answers and first_contact_resolved stated together",
                found="only the other one",
            )
            return
        if answers is None or resolved is None:
            return
        if resolved > answers:
            yield Problem(
                path="first_contact_resolved",
                expected=f"at most first_contact_answers ({answers})",
                found=str(resolved),
            )
        if self.responses is not None and answers > self.responses:
            yield Problem(
                path="first_contact_answers",
                expected=f"at most responses ({self.responses})",
                found=str(answers),
            )


@final
@attrs.frozen(kw_only=True)
class QualityEvaluation(Validated):
    """A scored review of one interaction against the centre's criteria (Part 1 clause 7.4).

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    interaction_id : str
        The interaction evaluated.
    agent_id : str
        The agent who handled it.
    evaluated_on : datetime.date
        Date of the evaluation.
    criteria_version : str
        Version of the evaluation form used.
    score : float
        Points scored; at most `max_score`.
    max_score : float
        Points available.
    critical_error : bool or None, default None
        Whether a critical error (e.g. a data-protection breach) was found;
        ``None``: not stated.
    feedback_given_on : datetime.date or None, default None
        When the result was fed back to the agent (coaching).
    channel_id : str or None, default None
        The channel of the interaction evaluated; ``None``: not stated.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "critical_error",
        "channel_id",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    interaction_id: str = attrs.field(metadata=checks(identifier))
    agent_id: str = attrs.field(metadata=checks(identifier))
    evaluated_on: date
    criteria_version: str = attrs.field(metadata=checks(non_empty))
    score: float = attrs.field(metadata=checks(non_negative))
    max_score: float = attrs.field(metadata=checks(positive))
    critical_error: bool | None = None
    feedback_given_on: date | None = None
    channel_id: str | None = attrs.field(default=None, metadata=checks(identifier))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_score", "_check_feedback")
    _check_feedback = not_before("feedback_given_on", "evaluated_on")

    def _check_score(self) -> Iterator[Problem]:
        if self.score > self.max_score:
            yield Problem(
                path="score",
                expected=f"at most max_score ({self.max_score})",
                found=str(self.score),
            )
