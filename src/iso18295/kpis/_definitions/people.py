"""People KPIs as data: employee engagement, agent attrition, competency coverage.

Engagement surveys are selected by `EngagementSurvey.conducted_on`; they cover
the centre's staff, name no client, and so cannot be grouped.  Agents are
counted by their employment (`Agent.hired_on` to `Agent.left_on`, both
included) and belong to every client they serve.  The choices are explained
in :doc:`/explanation/people-kpis`.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar, Final, Literal

import attrs

from iso18295._model.people import (
    Agent,
    CompetencyOutcome,
    EngagementSurvey,
    LeavingReason,
    StaffFunction,
)
from iso18295.kpis._definitions.feedback import single_scale
from iso18295.kpis._engine.documents import (
    FUNCTIONS_DEFAULT,
    GroupContext,
    Tally,
    check_functions,
    check_whole,
    enum_words,
    ratio,
    require_default,
    to_functions,
)
from iso18295.kpis._engine.families import DocumentKpi, Source
from iso18295.kpis._engine.options import check_name, one_of
from iso18295.kpis._engine.periods import Period

DAYS_PER_YEAR: Final = 365
"""Days in the year attrition is annualised to."""


@typing.final
@attrs.frozen(kw_only=True)
class EmployeeEngagement(DocumentKpi):
    """Employee engagement: the response-weighted result of engagement surveys in the period.

    Parameters
    ----------
    scale : {"score", "share_of_maximum"}, default "score"
        The result on the instrument's scale (every survey in the period must
        then have the same `scale_max`), or as a share of its top
        (score / scale_max).
    minimum_responses : int, default 1
        With fewer responses than this in the period there is no value (NaN).
    name : str, default "employee_engagement"
        Name of the result column.

    Notes
    -----
    Surveys count in the period of their `conducted_on`.  Numerator: the sum
    over surveys of responded x result; denominator: the staff who responded.
    A survey nobody answered weighs nothing; a survey that does not state how
    many responded (`responded` None) cannot be weighted and is left out.

    Examples
    --------
    >>> EmployeeEngagement(scale="share_of_maximum").describe()
    'employee_engagement: response-weighted score / scale maximum of engagement surveys conducted in the period (at least 1 responses)'
    """  # noqa: E501 - doctest output line

    scale: Literal["score", "share_of_maximum"] = attrs.field(
        default="score", validator=one_of("score", "share_of_maximum")
    )
    minimum_responses: int = attrs.field(default=1, validator=check_whole(1))
    name: str = attrs.field(default="employee_engagement", validator=check_name)

    source: ClassVar[Source] = "engagement_surveys"

    def describe(self) -> str:
        """Return the definition in words."""
        result = "score" if self.scale == "score" else "score / scale maximum"
        return (
            f"{self.name}: response-weighted {result} of engagement surveys conducted in the"
            f" period (at least {self.minimum_responses} responses)"
        )

    def _selects(self, document: EngagementSurvey, period: Period) -> bool:
        """Select the surveys conducted in the period."""
        return period.contains(document.conducted_on)

    def _tally(self, documents: Sequence[EngagementSurvey], group: GroupContext) -> Tally:
        """Weight each survey's result by the staff who responded."""
        numerator, responses = 0.0, 0
        scales: dict[float, list[str]] = {}
        for survey in documents:
            if not survey.responded:  # None (not stated) or 0
                continue
            scales.setdefault(survey.scale_max, []).append(survey.id)
            result = survey.score if self.scale == "score" else survey.score / survey.scale_max
            numerator += survey.responded * result
            responses += survey.responded
        if self.scale == "score":
            single_scale(self, scales)
        return ratio(numerator, responses, minimum=self.minimum_responses)


def _employed_days(agent: Agent, period: Period) -> int:
    """Return the days of the period on which `agent` was employed."""
    first = max(agent.hired_on, period.start)
    last = period.last_day if agent.left_on is None else min(agent.left_on, period.last_day)
    return max(0, (last - first).days + 1)


@typing.final
@attrs.frozen(kw_only=True)
class AgentAttrition(DocumentKpi):
    """Agent attrition: leavers / average headcount, annualised by default.

    Parameters
    ----------
    leavers : {"all", "voluntary"}, default "all"
        Which leavers count: all, or those who left voluntarily
        (`Agent.leaving_reason`).
    unrecorded_reasons : {"counted", "excluded"}, default "counted"
        With ``voluntary``: leavers without a recorded reason are counted as
        voluntary (attrition is not understated for want of records), or left
        out and counted in `excluded`.
    headcount : {"daily_mean", "start_end_mean"}, default "daily_mean"
        The average headcount: the mean over every day of the period of the
        staff employed that day, or the mean of the headcounts on the first
        and the last day.
    per : {"year", "period"}, default "year"
        Annualise (x 365 / days in the period) or give the period's attrition.
    functions : tuple of StaffFunction, default ("agent",)
        The functions counted (``("agent",)``: contact-handling staff).
    name : str, default "agent_attrition"
        Name of the result column.

    Notes
    -----
    A leaver is someone whose last day (`Agent.left_on`) is in the period.
    Numerator: the leavers.  Denominator: with ``daily_mean``, the staff-days
    employed in the period (so the average headcount is denominator / days);
    with ``start_end_mean``, the sum of the two headcounts (average:
    denominator / 2).  Value: leavers / average headcount, x 365 / days with
    ``per="year"``.  No headcount: no value.

    Raises
    ------
    CalculationError
        If an option is not of the kind described, or `unrecorded_reasons`
        is set with ``leavers="all"``.

    Examples
    --------
    >>> AgentAttrition(leavers="voluntary").describe()
    'agent_attrition: voluntary leavers (unrecorded reasons counted as voluntary) / mean daily headcount of agent staff, annualised (x 365 / days)'
    """  # noqa: E501 - doctest output line

    leavers: Literal["all", "voluntary"] = attrs.field(
        default="all", validator=one_of("all", "voluntary")
    )
    unrecorded_reasons: Literal["counted", "excluded"] = attrs.field(
        default="counted", validator=one_of("counted", "excluded")
    )
    headcount: Literal["daily_mean", "start_end_mean"] = attrs.field(
        default="daily_mean", validator=one_of("daily_mean", "start_end_mean")
    )
    per: Literal["year", "period"] = attrs.field(
        default="year", validator=one_of("year", "period")
    )
    functions: tuple[StaffFunction, ...] = attrs.field(
        default=FUNCTIONS_DEFAULT, converter=to_functions, validator=check_functions
    )
    name: str = attrs.field(default="agent_attrition", validator=check_name)

    source: ClassVar[Source] = "agents"

    def __attrs_post_init__(self) -> None:
        if self.leavers == "all":
            require_default(self, "unrecorded_reasons", "with leavers='voluntary'")

    def describe(self) -> str:
        """Return the definition in words."""
        who = "leavers"
        if self.leavers == "voluntary":
            how = "counted as voluntary" if self.unrecorded_reasons == "counted" else "excluded"
            who = f"voluntary leavers (unrecorded reasons {how})"
        base = (
            "mean daily headcount"
            if self.headcount == "daily_mean"
            else "mean of the first and last day's headcounts"
        )
        per = ", annualised (x 365 / days)" if self.per == "year" else " over the period"
        return f"{self.name}: {who} / {base} of {enum_words(self.functions)} staff{per}"

    def _selects(self, document: Agent, period: Period) -> bool:
        """Select the staff of the functions employed on some day of the period."""
        return document.function in self.functions and _employed_days(document, period) > 0

    def _tally(self, documents: Sequence[Agent], group: GroupContext) -> Tally:
        """Count the leavers and the headcount."""
        period = group.period
        left = [a for a in documents if a.left_on is not None and period.contains(a.left_on)]
        excluded = 0
        if self.leavers == "voluntary":
            unrecorded = [a for a in left if a.leaving_reason is None]
            excluded = len(unrecorded) if self.unrecorded_reasons == "excluded" else 0
            left = [
                a
                for a in left
                if a.leaving_reason is LeavingReason.VOLUNTARY
                or (a.leaving_reason is None and self.unrecorded_reasons == "counted")
            ]
        if self.headcount == "daily_mean":
            denominator = sum(_employed_days(a, period) for a in documents)
            average = denominator / period.days
        else:
            first, last = period.start, period.last_day
            denominator = sum(a.is_employed_on(first) for a in documents) + sum(
                a.is_employed_on(last) for a in documents
            )
            average = denominator / 2
        factor = DAYS_PER_YEAR / period.days if self.per == "year" else 1.0
        value = len(left) / average * factor if denominator > 0 else math.nan
        return Tally(
            numerator=float(len(left)), denominator=denominator, excluded=excluded, value=value
        )


def _is_current(agent: Agent, competency_id: str, day: date, review_days: int) -> bool:
    """Tell whether the latest assessment on or before `day` is met and recent enough."""
    assessments = [
        a
        for a in agent.assessments or ()
        if a.competency_id == competency_id and a.assessed_on <= day
    ]
    if not assessments:
        return False
    latest = max(assessments, key=lambda a: a.assessed_on)
    return latest.outcome is CompetencyOutcome.MET and latest.assessed_on >= day - timedelta(
        days=review_days
    )


@typing.final
@attrs.frozen(kw_only=True)
class CompetencyCoverage(DocumentKpi):
    """Share of agents holding every required competency, currently assessed, and inducted.

    Parameters
    ----------
    review_days : int, default 365
        An assessment is current when made at most this many days before the
        period's last day (ISO 18295-1 6.3.1 asks for a review at least once
        a year).  A whole number >= 1.
    requirements : {"competencies_and_induction", "competencies", "induction"}, default "competencies_and_induction"
        What an agent must have to count as covered: a current ``met``
        assessment of every competency required of them and completed
        induction training; only the former; or only the latter.
    functions : tuple of StaffFunction, default ("agent",)
        The functions counted.
    name : str, default "competency_coverage"
        Name of the result column.

    Notes
    -----
    Denominator: staff of the functions employed on the period's last day.
    Numerator: those covered on that day.  A competency of the framework
    (`Scope.competencies`) is required of someone when their function is in
    its `required_for`, and, for a client-specific one, when they serve its
    client.  For each, the latest assessment on or before the last day must be
    ``met`` and current.  Induction counts when completed on or before that day.
    Staff whose training records (when induction counts) or assessments (when
    a competency is required of them) were not supplied cannot be judged: they
    are left out of both and counted in `excluded`.  The framework itself
    (`Scope.competencies`) must be supplied unless only induction counts.

    Examples
    --------
    >>> CompetencyCoverage().describe()
    "competency_coverage: agent staff employed on the period's last day with a met assessment of every required competency within 365 days and completed induction / agent staff employed then"
    """  # noqa: E501 - doctest output lines

    review_days: int = attrs.field(default=365, validator=check_whole(1))
    requirements: Literal["competencies_and_induction", "competencies", "induction"] = attrs.field(
        default="competencies_and_induction",
        validator=one_of("competencies_and_induction", "competencies", "induction"),
    )
    functions: tuple[StaffFunction, ...] = attrs.field(
        default=FUNCTIONS_DEFAULT, converter=to_functions, validator=check_functions
    )
    name: str = attrs.field(default="competency_coverage", validator=check_name)

    source: ClassVar[Source] = "agents"

    def describe(self) -> str:
        """Return the definition in words."""
        held = f"a met assessment of every required competency within {self.review_days} days"
        needs = {
            "competencies_and_induction": f"{held} and completed induction",
            "competencies": held,
            "induction": "completed induction",
        }[self.requirements]
        staff = f"{enum_words(self.functions)} staff"
        return (
            f"{self.name}: {staff} employed on the period's last day with {needs}"
            f" / {staff} employed then"
        )

    def _selects(self, document: Agent, period: Period) -> bool:
        """Select the staff of the functions employed on the period's last day."""
        return document.function in self.functions and document.is_employed_on(period.last_day)

    def _collections(self) -> tuple[str, ...]:
        """Return the scope's collections read: the agents, and the framework if required."""
        return ("agents",) if self.requirements == "induction" else ("agents", "competencies")

    def _covered(self, agent: Agent, group: GroupContext) -> bool | None:
        """Tell whether `agent` is covered; ``None`` if their records were not supplied."""
        day = group.period.last_day
        required = [
            c.id
            for c in group.scope.competencies or ()
            if agent.function in c.required_for
            and (c.client_id is None or c.client_id in agent.client_ids)
        ]
        if self.requirements == "induction":
            required = []
        if (self.requirements != "competencies" and agent.training is None) or (
            required and agent.assessments is None
        ):
            return None
        if self.requirements != "competencies":
            inducted = agent.induction_completed_on()
            if inducted is None or inducted > day:
                return False
        return all(_is_current(agent, c, day, self.review_days) for c in required)

    def _tally(self, documents: Sequence[Agent], group: GroupContext) -> Tally:
        """Count the covered staff, leaving out those whose records were not supplied."""
        judged = [c for c in (self._covered(a, group) for a in documents) if c is not None]
        return ratio(float(sum(judged)), len(judged), excluded=len(documents) - len(judged))
