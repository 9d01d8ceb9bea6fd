"""Continuity plans and their tests (Part 1 clause 8.5); work-environment assessments (8.4)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date
from typing import ClassVar, final

import attrs

from ..errors import Problem
from ._checks import Validated, checks, identifier, non_empty, non_negative, positive, unique


class ExerciseKind(enum.StrEnum):
    """How a continuity plan was tested, from lightest to most realistic."""

    WALKTHROUGH = "walkthrough"
    TABLETOP = "tabletop"
    SIMULATION = "simulation"
    LIVE_FAILOVER = "live_failover"


class ExerciseResult(enum.StrEnum):
    """The result of a continuity exercise."""

    PASSED = "passed"
    PASSED_WITH_ACTIONS = "passed_with_actions"
    FAILED = "failed"


@final
@attrs.frozen(kw_only=True)
class ContinuityExercise(Validated):
    """One test of a continuity plan.

    Parameters
    ----------
    exercised_on : datetime.date
        Date of the exercise.
    kind : ExerciseKind
        How the plan was tested.
    result : ExerciseResult
        What happened.
    scenario : str
        The disruption exercised, e.g. ``"loss of the Cork site"``.
    actions : tuple of str or None, default None
        Improvements decided.  ``None``: not supplied; ``()``: none decided.
    """

    _not_stated: ClassVar[tuple[str, ...]] = ("actions",)
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    exercised_on: date
    kind: ExerciseKind
    result: ExerciseResult
    scenario: str = attrs.field(metadata=checks(non_empty))
    actions: tuple[str, ...] | None = None


@final
@attrs.frozen(kw_only=True)
class ContinuityPlan(Validated):
    """A plan to keep or restore the service after a disruption.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    title : str
        Title of the plan.
    scenarios : tuple of str
        Disruptions the plan covers; at least one.
    recovery_time_objective_hours : float or None, default None
        The target time to restore the service, in hours; ``None``: not stated.
    policy_id : str or None, default None
        The business-continuity policy document the plan belongs to.
    exercises : tuple of ContinuityExercise or None, default None
        Tests of the plan, any order.  ``None``: not supplied; ``()``: the
        plan was never tested.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "exercises",
        "recovery_time_objective_hours",
    )
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    title: str = attrs.field(metadata=checks(non_empty))
    scenarios: tuple[str, ...] = attrs.field(metadata=checks(unique))
    recovery_time_objective_hours: float | None = attrs.field(
        default=None, metadata=checks(positive)
    )
    policy_id: str | None = attrs.field(default=None, metadata=checks(identifier))
    exercises: tuple[ContinuityExercise, ...] | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_scenarios",)

    def _check_scenarios(self) -> Iterator[Problem]:
        if not self.scenarios:
            yield Problem(path="scenarios", expected="at least one scenario", found="none")

    def last_exercised_on(self) -> date | None:
        """Return the date of the most recent exercise, or ``None`` if never tested.

        Also ``None`` when the exercises were not supplied (`exercises` is ``None``);
        tell the two apart by `exercises`.
        """
        return max((e.exercised_on for e in self.exercises or ()), default=None)


class WorkEnvironmentArea(enum.StrEnum):
    """Aspects of the workplace assessed for staff health and comfort."""

    ERGONOMICS = "ergonomics"
    NOISE = "noise"
    LIGHTING = "lighting"
    TEMPERATURE = "temperature"
    HEALTH_AND_SAFETY = "health_and_safety"
    HOME_WORKING = "home_working"


@final
@attrs.frozen(kw_only=True)
class WorkEnvironmentAssessment(Validated):
    """An assessment of a site's working environment (Part 1 clause 8.4).

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    site_id : str
        The site assessed.
    assessed_on : datetime.date
        Date of the assessment.
    areas : frozenset of WorkEnvironmentArea
        Aspects covered; at least one.
    open_actions : int or None, default None
        Actions raised and not yet closed; ``None``: not stated.
    """

    _not_stated: ClassVar[tuple[str, ...]] = ("open_actions",)
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    id: str = attrs.field(metadata=checks(identifier))
    site_id: str = attrs.field(metadata=checks(identifier))
    assessed_on: date
    areas: frozenset[WorkEnvironmentArea]
    open_actions: int | None = attrs.field(default=None, metadata=checks(non_negative))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_areas",)

    def _check_areas(self) -> Iterator[Problem]:
        if not self.areas:
            yield Problem(path="areas", expected="at least one area", found="none")
