"""The thresholds an assessment applies where the standard names no number.

ISO 18295 asks for things "regularly", "promptly" or "in time" without saying
how often or how soon; a rule that checks such a requirement needs a number.
Every number the library chose lives here, as one named field with a default,
the clause it serves and its basis, so that an auditor sees it in the report
and a user can change it: from Python (``assess(..., policy=...)``), from the
scope document (an ``[assessment_policy]`` table) or from the command line
(``--set NAME=VALUE``).
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable

import attrs

from ..errors import ModelError, Problem
from ._checks import Validated, checks, positive, share

POLICY_BASIS = "iso18295.policy_basis"
"""Field metadata key: why the default is what it is."""

_STANDARD = "the standard asks for it at least once a year"
_CHOICE = "the library's choice where the standard gives no number"


def _parameter(
    default: int | float, clause: str, basis: str, check: typing.Any = positive
) -> typing.Any:
    metadata = checks(check)
    metadata[POLICY_BASIS] = (clause, basis)
    return attrs.field(default=default, metadata=metadata)


@typing.final
@attrs.frozen(kw_only=True)
class AssessmentPolicy(Validated):
    """The thresholds rules apply where the standard gives no number.

    Every field is a named parameter with a documented default; the report of
    every assessment lists them with their values.  Change one with
    ``attrs.evolve(policy, name=value)`` or in the scope document.

    Parameters
    ----------
    competency_review_days : int, default 366
        Part 1, 6.3.1: an agent's competency assessment counts as current this
        many days (the standard asks for a review at least once a year).
    competency_gap_training_days : int, default 30
        Part 1, 6.3.1 and 6.4: days after a competency gap is found within which
        training for it must have started.
    training_refresh_days : int, default 366
        Part 1, 6.4: ongoing training counts as current this many days.
    leaver_lookback_days : int, default 366
        Part 1, 6.4: staff who left this many days before the assessment date or
        later are still checked for induction and client training before contact.
    customer_survey_days : int, default 366
        Part 1, 4.3, and Part 2, 6.9: a customer survey counts as current this
        many days (for 6.9, the survey must have responses).
    engagement_survey_days : int, default 366
        Part 1, 5.3: an employee-engagement survey counts as current this many days.
    quality_evaluation_days : int, default 90
        Part 1, 7.4: each agent in contact this long has an interaction evaluated
        within this many days.
    evaluation_feedback_days : int, default 14
        Part 1, 7.4: evaluation results reach the agent within this many days.
    evaluation_lookback_days : int, default 366
        Part 1, 7.4: evaluations made within this many days before the assessment
        date are checked for timely feedback.
    screening_lead_days : int, default 30
        Part 1, 4.5: an outbound list is screened against do-not-contact lists
        no earlier than this many days before the campaign starts.
    outbound_campaign_lookback_days : int, default 366
        Part 1, 4.5: the customer-protection rules check the outbound campaigns
        that ran at some time within this many days before the assessment date.
    work_environment_assessment_days : int, default 366
        Part 1, 8.4: a site's work-environment assessment counts as current this many days.
    continuity_exercise_days : int, default 366
        Part 1, 8.5: a continuity plan is exercised at least this often.
    plan_partly_met_share : float, default 0.9
        Part 1, 7.3: a staffing plan meeting the target in at least this share
        of intervals (but not all) partly conforms; below it, it does not.
    forecast_notice_days : int, default 7
        Part 2, 6.7: days before its period begins that a forecast reaches the centre.
    information_notice_days : int, default 7
        Part 2, 6.5: days before a customer-facing change takes effect that the
        centre is told of it.
    information_acknowledgement_days : int, default 3
        Part 2, 6.5: days within which the centre confirms it received an update.
    """

    competency_review_days: int = _parameter(366, "P1 6.3.1", _STANDARD)
    competency_gap_training_days: int = _parameter(30, "P1 6.3.1", _CHOICE)
    training_refresh_days: int = _parameter(366, "P1 6.4", _CHOICE)
    leaver_lookback_days: int = _parameter(366, "P1 6.4", _CHOICE)
    customer_survey_days: int = _parameter(366, "P1 4.3, P2 6.9", _CHOICE)
    engagement_survey_days: int = _parameter(366, "P1 5.3", _CHOICE)
    quality_evaluation_days: int = _parameter(90, "P1 7.4", _CHOICE)
    evaluation_feedback_days: int = _parameter(14, "P1 7.4", _CHOICE)
    evaluation_lookback_days: int = _parameter(366, "P1 7.4", _CHOICE)
    screening_lead_days: int = _parameter(30, "P1 4.5", _CHOICE)
    outbound_campaign_lookback_days: int = _parameter(366, "P1 4.5", _CHOICE)
    work_environment_assessment_days: int = _parameter(366, "P1 8.4", _CHOICE)
    continuity_exercise_days: int = _parameter(366, "P1 8.5", _CHOICE)
    plan_partly_met_share: float = _parameter(0.9, "P1 7.3", _CHOICE, share)
    forecast_notice_days: int = _parameter(7, "P2 6.7", _CHOICE)
    information_notice_days: int = _parameter(7, "P2 6.5", _CHOICE)
    information_acknowledgement_days: int = _parameter(3, "P2 6.5", _CHOICE)

    def with_settings(self, settings: Iterable[str]) -> AssessmentPolicy:
        """Return a copy with thresholds changed by ``NAME=VALUE`` settings (as ``--set`` takes).

        Parameters
        ----------
        settings : iterable of str
            Each ``NAME=VALUE``, NAME a field of this class, VALUE a number of
            the field's type (an integer for the ``*_days`` fields).

        Returns
        -------
        AssessmentPolicy

        Raises
        ------
        ModelError
            Listing every setting that is malformed, names no field (with the
            closest names), or holds a value the field refuses.

        Examples
        --------
        >>> AssessmentPolicy().with_settings(["forecast_notice_days=10"]).forecast_notice_days
        10
        """
        fields = attrs.fields_dict(AssessmentPolicy)
        changes: dict[str, typing.Any] = {}
        problems: list[Problem] = []
        for setting in settings:
            name, equals, text = setting.partition("=")
            name = name.strip()
            if not equals:
                problems.append(
                    Problem(path=setting, expected="NAME=VALUE", found=f"no '=' in {setting!r}")
                )
                continue
            if name not in fields:
                close = difflib.get_close_matches(name, list(fields), n=3)
                problems.append(
                    Problem(
                        path=name,
                        expected="a parameter of the assessment policy",
                        found=repr(name),
                        hint=f"did you mean {', '.join(close)}?" if close else None,
                    )
                )
                continue
            kind = int if fields[name].type in (int, "int") else float
            try:
                changes[name] = kind(text.strip())
            except ValueError:
                problems.append(
                    Problem(
                        path=name,
                        expected="an integer" if kind is int else "a number",
                        found=repr(text.strip()),
                    )
                )
        if problems:
            raise ModelError("AssessmentPolicy", problems)
        return attrs.evolve(self, **changes)

    def parameters(self) -> tuple[PolicyParameter, ...]:
        """Return every parameter with its value, default, clause and basis, in field order."""
        rows = []
        for field in attrs.fields(AssessmentPolicy):
            clause, basis = field.metadata[POLICY_BASIS]
            rows.append(
                PolicyParameter(
                    name=field.name,
                    value=getattr(self, field.name),
                    default=typing.cast("int | float", field.default),
                    clause=clause,
                    basis=basis,
                )
            )
        return tuple(rows)


@typing.final
@attrs.frozen(kw_only=True)
class PolicyParameter:
    """One threshold of an `AssessmentPolicy`, as reports list it.

    Parameters
    ----------
    name : str
        The field name, e.g. ``"forecast_notice_days"``.
    value : int or float
        The value applied.
    default : int or float
        The library's default.
    clause : str
        The clause it serves, e.g. ``"P2 6.7"``.
    basis : str
        Why the default is what it is.
    """

    name: str
    value: int | float
    default: int | float
    clause: str
    basis: str

    @property
    def is_default(self) -> bool:
        """Tell whether the value applied is the library's default."""
        return self.value == self.default
