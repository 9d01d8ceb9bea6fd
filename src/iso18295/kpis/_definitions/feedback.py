"""Customer-survey and quality KPIs as data: survey satisfaction and resolution, quality, errors.

Surveys are selected by their period (`CustomerSurvey.period_start` to
`CustomerSurvey.period_end`, both included) against the reporting period;
quality evaluations by `QualityEvaluation.evaluated_on`.  Evaluations belong
to the clients their agent serves (`Agent.client_ids`): they record no client
of their own.  The choices are explained in
:doc:`/explanation/feedback-and-quality-kpis`.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Sequence
from typing import ClassVar, Literal

import attrs

from iso18295._model.feedback import CustomerSurvey, QualityEvaluation
from iso18295.errors import CalculationError
from iso18295.kpis._engine.documents import (
    GroupContext,
    Tally,
    check_whole,
    ratio,
    require_default,
)
from iso18295.kpis._engine.families import DocumentKpi, Source
from iso18295.kpis._engine.options import check_name, one_of
from iso18295.kpis._engine.periods import Period


def single_scale(instance: object, scales: dict[float, list[str]]) -> None:
    """Raise if the documents of one group use more than one scale."""
    if len(scales) > 1:
        found = "; ".join(f"{m:g} ({', '.join(ids)})" for m, ids in sorted(scales.items()))
        raise CalculationError(
            f"{type(instance).__name__}(): expected surveys of one scale in a group with"
            f" scale='score', found scale maxima {found}; choose scale='share_of_maximum'"
        )


@typing.final
@attrs.frozen(kw_only=True)
class SurveySatisfaction(DocumentKpi):
    """Customer satisfaction from the scope's customer surveys, weighted by responses.

    Parameters
    ----------
    method : {"mean", "top_box"}, default "mean"
        ``mean``: the surveys' mean scores; ``top_box``: their top-box shares
        (as each survey recorded them, in [0, 1]).
    scale : {"score", "share_of_maximum", "share_of_range"}, default "score"
        With ``mean``: the score on the surveys' scale (every survey of a
        group must have the same `scale_max`); as a share of the scale's top
        (score / scale_max); or as a share of the scale's range, whose bottom
        is 1 ((score - 1) / (scale_max - 1)).
    surveys : {"overlapping", "within"}, default "overlapping"
        Which surveys count: those whose period overlaps the reporting
        period (a quarterly survey counts whole in each of its months), or
        only those whose period lies within it.
    minimum_responses : int, default 1
        Groups with fewer responses than this have no value (NaN).
    name : str, default "survey_satisfaction"
        Name of the result column.

    Notes
    -----
    Numerator: the sum over surveys of responses x result (mean score,
    rescaled as `scale` says, or top-box share); denominator: the responses.
    Surveys without responses weigh nothing, and so do surveys that do not
    state their responses (`responses` None: they cannot be weighted); surveys
    with responses but no recorded result (`mean_score` or `top_box_share`
    None) are left out and their responses counted in `excluded`.

    Examples
    --------
    >>> SurveySatisfaction(scale="share_of_maximum").describe()
    'survey_satisfaction: response-weighted mean score / scale maximum of customer surveys overlapping the period (at least 1 responses)'
    """  # noqa: E501 - doctest output line

    method: Literal["mean", "top_box"] = attrs.field(
        default="mean", validator=one_of("mean", "top_box")
    )
    scale: Literal["score", "share_of_maximum", "share_of_range"] = attrs.field(
        default="score", validator=one_of("score", "share_of_maximum", "share_of_range")
    )
    surveys: Literal["overlapping", "within"] = attrs.field(
        default="overlapping", validator=one_of("overlapping", "within")
    )
    minimum_responses: int = attrs.field(default=1, validator=check_whole(1))
    name: str = attrs.field(default="survey_satisfaction", validator=check_name)

    source: ClassVar[Source] = "customer_surveys"

    def __attrs_post_init__(self) -> None:
        if self.method == "top_box":
            require_default(self, "scale", "with method='mean' (a top-box share is a share)")

    def describe(self) -> str:
        """Return the definition in words."""
        result = {
            "score": "mean score",
            "share_of_maximum": "mean score / scale maximum",
            "share_of_range": "(mean score - 1) / (scale maximum - 1)",
        }[self.scale]
        if self.method == "top_box":
            result = "top-box share"
        which = "overlapping" if self.surveys == "overlapping" else "within"
        return (
            f"{self.name}: response-weighted {result} of customer surveys {which} the period"
            f" (at least {self.minimum_responses} responses)"
        )

    def _selects(self, document: CustomerSurvey, period: Period) -> bool:
        """Select the surveys overlapping (or within) the period."""
        return _surveyed(self.surveys, document, period)

    def _result(self, survey: CustomerSurvey) -> float | None:
        if self.method == "top_box":
            return survey.top_box_share
        if survey.mean_score is None or self.scale == "score":
            return survey.mean_score
        if self.scale == "share_of_maximum":
            return survey.mean_score / survey.scale_max
        return (survey.mean_score - 1.0) / (survey.scale_max - 1.0)

    def _tally(self, documents: Sequence[CustomerSurvey], group: GroupContext) -> Tally:
        """Weight each survey's result by its responses."""
        answered = [s for s in documents if s.responses is not None and s.responses > 0]
        if self.method == "mean" and self.scale == "share_of_range":
            flat = [s.id for s in answered if s.scale_max <= 1.0]
            if flat:
                raise CalculationError(
                    f"SurveySatisfaction(): surveys {', '.join(flat)}: expected scale_max > 1"
                    " with scale='share_of_range', found 1 (a scale with no range)"
                )
        numerator, responses, excluded = 0.0, 0, 0
        scales: dict[float, list[str]] = {}
        for survey in answered:
            result = self._result(survey)
            counted = typing.cast("int", survey.responses)  # selected above: stated and > 0
            if result is None:
                excluded += counted
                continue
            scales.setdefault(survey.scale_max, []).append(survey.id)
            numerator += counted * result
            responses += counted
        if self.method == "mean" and self.scale == "score":
            single_scale(self, scales)
        return ratio(numerator, responses, excluded=excluded, minimum=self.minimum_responses)


def _surveyed(surveys: str, document: CustomerSurvey, period: Period) -> bool:
    """Tell whether a survey overlaps (or lies within) the period."""
    if surveys == "within":
        return document.period_start >= period.start and document.period_end < period.end
    return document.period_start < period.end and document.period_end >= period.start


@typing.final
@attrs.frozen(kw_only=True)
class SurveyFirstContactResolution(DocumentKpi):
    """First contact resolution as customers report it in surveys.

    Parameters
    ----------
    surveys : {"overlapping", "within"}, default "overlapping"
        Which surveys count: those whose period overlaps the reporting
        period, or only those whose period lies within it.
    minimum_answers : int, default 1
        Groups with fewer answers to the resolution question than this have
        no value (NaN).
    name : str, default "survey_first_contact_resolution"
        Name of the result column.

    Notes
    -----
    Numerator: the respondents saying their issue was resolved on first
    contact (`CustomerSurvey.first_contact_resolved`); denominator: the
    respondents answering that question (`first_contact_answers`), summed
    over the surveys selected, so each survey weighs by its answers.  A
    survey that does not state the answers (``None``: the question was not
    supplied) is left out, never read as zero, and its responses are counted
    in `excluded`; a survey stating 0 answers weighs nothing.  With no
    answers at all the value is undefined (NaN), never 0 or 1.  Unlike
    `FirstContactResolution`, which reads the interaction records (repeat
    contacts or a resolution flag), this is the customers' own view.

    Examples
    --------
    >>> SurveyFirstContactResolution().describe()
    'survey_first_contact_resolution: respondents resolved on first contact / respondents answering the question, customer surveys overlapping the period (at least 1 answers)'
    """  # noqa: E501 - doctest output line

    surveys: Literal["overlapping", "within"] = attrs.field(
        default="overlapping", validator=one_of("overlapping", "within")
    )
    minimum_answers: int = attrs.field(default=1, validator=check_whole(1))
    name: str = attrs.field(default="survey_first_contact_resolution", validator=check_name)

    source: ClassVar[Source] = "customer_surveys"

    def describe(self) -> str:
        """Return the definition in words."""
        return (
            f"{self.name}: respondents resolved on first contact / respondents answering the"
            f" question, customer surveys {self.surveys} the period"
            f" (at least {self.minimum_answers} answers)"
        )

    def _selects(self, document: CustomerSurvey, period: Period) -> bool:
        """Select the surveys overlapping (or within) the period."""
        return _surveyed(self.surveys, document, period)

    def _tally(self, documents: Sequence[CustomerSurvey], group: GroupContext) -> Tally:
        """Sum the resolved answers and the answers of the surveys stating them."""
        resolved, answers, excluded = 0, 0, 0
        for survey in documents:
            if survey.first_contact_answers is None or survey.first_contact_resolved is None:
                excluded += survey.responses or 0
                continue
            resolved += survey.first_contact_resolved
            answers += survey.first_contact_answers
        return ratio(float(resolved), answers, excluded=excluded, minimum=self.minimum_answers)


def _evaluated(evaluation: QualityEvaluation, period: Period) -> bool:
    return period.contains(evaluation.evaluated_on)


@typing.final
@attrs.frozen(kw_only=True)
class QualityScore(DocumentKpi):
    """Mean quality-evaluation score as a share of the evaluation's maximum score.

    Parameters
    ----------
    weighting : {"evaluation", "agent"}, default "evaluation"
        ``evaluation``: the mean of score / max_score over evaluations, each
        weighing the same; ``agent``: the mean over agents of each agent's
        mean, so agents evaluated often weigh no more than others.
    minimum_evaluations : int, default 1
        Groups with fewer evaluations than this have no value (NaN): a
        minimum sample size.
    name : str, default "quality_score"
        Name of the result column.

    Notes
    -----
    Evaluations count in the period of their `evaluated_on`.  Numerator: the
    sum of score / max_score (``evaluation``) or of agent means (``agent``);
    denominator: the evaluations, or the agents evaluated.

    Examples
    --------
    >>> QualityScore(weighting="agent").describe()
    'quality_score: mean over agents of their mean score / max_score of evaluations in the period (at least 1 evaluations)'
    """  # noqa: E501 - doctest output line

    weighting: Literal["evaluation", "agent"] = attrs.field(
        default="evaluation", validator=one_of("evaluation", "agent")
    )
    minimum_evaluations: int = attrs.field(default=1, validator=check_whole(1))
    name: str = attrs.field(default="quality_score", validator=check_name)

    source: ClassVar[Source] = "quality_evaluations"

    def describe(self) -> str:
        """Return the definition in words."""
        mean = (
            "mean score / max_score"
            if self.weighting == "evaluation"
            else "mean over agents of their mean score / max_score"
        )
        return (
            f"{self.name}: {mean} of evaluations in the period"
            f" (at least {self.minimum_evaluations} evaluations)"
        )

    def _selects(self, document: QualityEvaluation, period: Period) -> bool:
        """Select the evaluations made in the period."""
        return _evaluated(document, period)

    def _tally(self, documents: Sequence[QualityEvaluation], group: GroupContext) -> Tally:
        """Average the score shares, per evaluation or per agent."""
        enough = len(documents) >= self.minimum_evaluations
        if self.weighting == "evaluation":
            total = sum(e.score / e.max_score for e in documents)
            return ratio(total, len(documents), minimum=self.minimum_evaluations)
        per_agent: dict[str, list[float]] = {}
        for e in documents:
            per_agent.setdefault(e.agent_id, []).append(e.score / e.max_score)
        means = sum(sum(shares) / len(shares) for shares in per_agent.values())
        result = ratio(means, len(per_agent))
        return result if enough else attrs.evolve(result, value=math.nan)


@typing.final
@attrs.frozen(kw_only=True)
class CriticalErrorRate(DocumentKpi):
    """Share of quality evaluations that found a critical error.

    Parameters
    ----------
    minimum_evaluations : int, default 1
        Groups with fewer evaluations than this have no value (NaN).
    name : str, default "critical_error_rate"
        Name of the result column.

    Notes
    -----
    Numerator: evaluations in the period with `critical_error`; denominator:
    evaluations in the period that state `critical_error`.  Evaluations that do
    not state it (``None``) are left out and counted in `excluded`.

    Examples
    --------
    >>> CriticalErrorRate().describe()
    'critical_error_rate: evaluations finding a critical error / evaluations in the period (at least 1 evaluations)'
    """  # noqa: E501 - doctest output line

    minimum_evaluations: int = attrs.field(default=1, validator=check_whole(1))
    name: str = attrs.field(default="critical_error_rate", validator=check_name)

    source: ClassVar[Source] = "quality_evaluations"

    def describe(self) -> str:
        """Return the definition in words."""
        return (
            f"{self.name}: evaluations finding a critical error / evaluations in the period"
            f" (at least {self.minimum_evaluations} evaluations)"
        )

    def _selects(self, document: QualityEvaluation, period: Period) -> bool:
        """Select the evaluations made in the period."""
        return _evaluated(document, period)

    def _tally(self, documents: Sequence[QualityEvaluation], group: GroupContext) -> Tally:
        """Count the evaluations with a critical error."""
        stated = [e.critical_error for e in documents if e.critical_error is not None]
        return ratio(
            float(sum(stated)),
            len(stated),
            excluded=len(documents) - len(stated),
            minimum=self.minimum_evaluations,
        )
