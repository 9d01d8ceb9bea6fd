"""KPIs from documents: records not supplied are never measured as none."""

from __future__ import annotations

from datetime import date

import pytest

from iso18295 import QualityEvaluation, Scope
from iso18295.errors import CalculationError
from iso18295.kpis import (
    CompetencyCoverage,
    CriticalErrorRate,
    EmployeeEngagement,
    ResolvedComplaintShare,
    measure,
)
from record_scopes import END, START, agent, base_scope


def _evaluation(eid: str, critical_error: bool | None) -> QualityEvaluation:
    return QualityEvaluation(
        id=eid,
        interaction_id=f"INT-{eid}",
        agent_id="A1",
        evaluated_on=date(2026, 3, 10),
        criteria_version="1",
        score=8.0,
        max_score=10.0,
        critical_error=critical_error,
    )


@pytest.mark.parametrize(
    ("metric", "collection"),
    [
        (ResolvedComplaintShare(), "complaints"),
        (EmployeeEngagement(), "engagement_surveys"),
        (CriticalErrorRate(), "quality_evaluations"),
    ],
    ids=["complaints", "engagement_surveys", "quality_evaluations"],
)
def test_measure_refuses_a_source_not_supplied(metric: object, collection: str) -> None:
    scope = base_scope(**{collection: None})
    with pytest.raises(
        CalculationError,
        match=rf"measure\(\): expected the scope's {collection} for {type(metric).__name__}\(\),"
        rf" found {collection} not supplied \(left out of the document\); list {collection},"
        r" as \[\] if there are none",
    ):
        measure(scope, [metric], start=START, end=END)  # type: ignore[list-item]


def test_measure_by_client_needs_the_agents_of_quality_evaluations() -> None:
    scope = Scope(name="s", quality_evaluations=())
    with pytest.raises(
        CalculationError, match=r"expected the scope's agents for CriticalErrorRate"
    ):
        measure(scope, [CriticalErrorRate()], start=START, end=END, by=["client_id"])


def test_competency_coverage_needs_the_framework() -> None:
    scope = base_scope(competencies=None)
    with pytest.raises(
        CalculationError, match=r"expected the scope's competencies for Competency"
    ):
        measure(scope, [CompetencyCoverage()], start=START, end=END)


def test_competency_coverage_of_induction_alone_does_not_need_the_framework() -> None:
    # one agent, inducted on no day on record: 0 covered of 1
    scope = base_scope(competencies=None, agents=(agent("A1"),))
    result = measure(scope, [CompetencyCoverage(requirements="induction")], start=START, end=END)
    assert result["competency_coverage"].value.tolist() == [0.0]


def test_competency_coverage_leaves_out_agents_whose_training_was_not_supplied() -> None:
    # A1 has no training (supplied, none): not covered; A2's training is not known: left out.
    # covered 0 of 1 judged, 1 excluded.
    scope = base_scope(agents=(agent("A1"), agent("A2", training=None)))
    values = measure(scope, [CompetencyCoverage(requirements="induction")], start=START, end=END)[
        "competency_coverage"
    ]
    assert (values.numerator.tolist(), values.denominator.tolist()) == ([0.0], [1])
    assert values.excluded.tolist() == [1]


def test_critical_error_rate_leaves_out_evaluations_that_do_not_state_it() -> None:
    # E1 critical, E2 not, E3 unstated: 1 / 2, E3 excluded.
    scope = base_scope(
        agents=(agent("A1"),),
        quality_evaluations=(
            _evaluation("E1", True),
            _evaluation("E2", False),
            _evaluation("E3", None),
        ),
    )
    values = measure(scope, [CriticalErrorRate()], start=START, end=END)["critical_error_rate"]
    assert (values.numerator.tolist(), values.denominator.tolist()) == ([1.0], [2])
    assert (values.value.tolist(), values.excluded.tolist()) == ([0.5], [1])
