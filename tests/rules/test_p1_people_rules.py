"""Regression tests for the Part 1 people rules (clauses 5 and 6), issue #13.

Each builds on the hand-built conforming scope of ``builders.py`` with a local change.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import builders as b
import iso18295
from iso18295 import Part, Scope, Status, assess, default_registry
from iso18295.errors import ModelError

AS_OF = b.AS_OF


def finding(scope: Scope, rule_id: str, **kwargs: object) -> iso18295.Finding:
    return assess(scope, as_of=AS_OF, parts=[Part.CENTRE], **kwargs).finding(rule_id)  # type: ignore[arg-type]


def test_engagement_survey_without_respondents_does_not_conform() -> None:
    # The only survey of the last year closed with 0 of its invited staff answering.
    scope = b.conforming_scope()
    (survey,) = scope.engagement_surveys
    scope = attrs.evolve(scope, engagement_surveys=(attrs.evolve(survey, responded=0),))
    result = finding(scope, "P1-5.3-survey")
    assert result.status is Status.DOES_NOT_CONFORM
    assert "measured nothing" in result.reason


def test_empty_competency_framework_is_not_competence_before_contact() -> None:
    # A004 began handling contacts in the last year; the framework requires nothing of
    # agents (every competency is required of trainers only).
    scope = b.conforming_scope()
    trainers_only = frozenset({iso18295.StaffFunction.TRAINER})
    framework = tuple(attrs.evolve(c, required_for=trainers_only) for c in scope.competencies)
    scope = attrs.evolve(scope, competencies=framework)
    result = finding(scope, "P1-6.3.1-competent-before-contact")
    assert result.status is not Status.CONFORMS
    assert "assessed competent" not in result.reason
    assert "requires no competency of A004" in result.reason


def test_gaps_trained_without_any_assessment_is_insufficient_evidence() -> None:
    scope = b.conforming_scope()
    for agent in scope.agents:
        scope = b.with_agent(scope, agent.id, assessments=())
    result = finding(scope, "P1-6.3.1-gaps-trained")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.reason.startswith("no competency assessment on record")


def test_one_overdue_review_is_one_nonconformity_among_the_competency_rules() -> None:
    # A002's only assessments (all met) date from 2025-03-20, over a year before AS_OF.
    found = assess(b.break_yearly_review(b.conforming_scope()), as_of=AS_OF, parts=[Part.CENTRE])
    competency_rules = {
        f.rule_id: f.status for f in found.findings if f.rule_id.startswith("P1-6.3")
    }
    failing = [r for r, s in competency_rules.items() if s.is_nonconformity]
    assert failing == ["P1-6.3.1-yearly-review"]


def test_one_overdue_competency_is_named_by_the_yearly_review_only() -> None:
    # A001's technical (CRM) assessment alone dates from 2025-03-20 (it was met).
    scope = b.with_assessment(b.conforming_scope(), "A001", "tech-crm", date(2025, 3, 20))
    found = assess(scope, as_of=AS_OF, parts=[Part.CENTRE])
    by_id = {f.rule_id: f for f in found.findings}
    assert by_id["P1-6.3.1-yearly-review"].reason == (
        "1 agent not reviewed since 2025-03-31 on required competencies: A001 (tech-crm)"
    )
    assert by_id["P1-6.3.3-technical"].status is Status.CONFORMS


def test_competency_never_met_is_named_by_its_area_rule() -> None:
    # A001's only CRM assessment (2026-03-20) found it not met: never shown held.
    result = finding(b.break_technical(b.conforming_scope()), "P1-6.3.3-technical")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "1 agent never assessed as meeting required technical competencies: A001 (tech-crm)"
    )
    (m,) = result.measurements
    assert (m.numerator, m.denominator) == (3, 4)


def test_area_required_of_no_agent_names_the_agents() -> None:
    # The courtesy competency, the framework's only communication one, is required of nobody.
    result = finding(b.break_communication(b.conforming_scope()), "P1-6.3.2-communication")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "no communication competency required of A001 (agent), A002 (agent), A003 (agent), "
        "A004 (agent)"
    )


def test_client_specific_area_required_of_no_agent_names_the_client() -> None:
    result = finding(b.break_client_specific(b.conforming_scope()), "P1-6.3.4-client-specific")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "no client-specific competency required of A001 (client acme), A002 (client acme), "
        "A003 (client acme), A004 (client acme)"
    )


def test_basis_follows_the_clause_table() -> None:
    # README: 5.1, 5.3, 6.1, 6.3.1 "R"; 5.2 strategy, 6.2, 6.3.2-6.3.4, 6.4 "(inf.)".
    registry = default_registry()
    expected = {
        "P1-5.1-leadership": "requirement",
        "P1-5.3-survey": "requirement",
        "P1-5.2-client-strategy": "interpretation",
        "P1-6.1-job-requirements": "requirement",
        "P1-6.2-functions": "interpretation",
        "P1-6.3.1-yearly-review": "requirement",
        "P1-6.3.1-gaps-trained": "requirement",
        "P1-6.3.1-competent-before-contact": "requirement",
        "P1-6.3.2-communication": "interpretation",
        "P1-6.3.3-technical": "interpretation",
        "P1-6.3.4-client-specific": "interpretation",
        "P1-6.4-induction": "interpretation",
        "P1-6.4-client-training": "interpretation",
        "P1-6.4-ongoing": "interpretation",
    }
    assert {r: str(registry.get(r).basis) for r in expected} == expected


def test_review_window_comes_from_the_assessment_policy() -> None:
    # A002 reviewed 2025-03-20: 377 days before AS_OF; stale at 366 days, current at 400.
    scope = b.break_yearly_review(b.conforming_scope())
    policy = iso18295.AssessmentPolicy(competency_review_days=400)
    assert finding(scope, "P1-6.3.1-yearly-review", policy=policy).status is Status.CONFORMS
    assert finding(scope, "P1-6.3.1-yearly-review").status is Status.DOES_NOT_CONFORM


def test_gap_training_period_comes_from_the_assessment_policy() -> None:
    # A001 failed courtesy on 2026-02-02 (58 days before AS_OF) with no training: overdue at
    # 30 days, still within a 60-day period.
    scope = b.break_gaps_trained(b.conforming_scope())
    policy = iso18295.AssessmentPolicy(competency_gap_training_days=60)
    assert finding(scope, "P1-6.3.1-gaps-trained", policy=policy).status is Status.CONFORMS
    assert finding(scope, "P1-6.3.1-gaps-trained").status is Status.DOES_NOT_CONFORM


def test_engagement_survey_window_comes_from_the_assessment_policy() -> None:
    # The only survey closed 2025-03-20 (377 days before AS_OF).
    scope = b.break_engagement_survey(b.conforming_scope())
    policy = iso18295.AssessmentPolicy(engagement_survey_days=400)
    assert finding(scope, "P1-5.3-survey", policy=policy).status is Status.CONFORMS


def test_training_refresh_window_comes_from_the_assessment_policy() -> None:
    scope = b.break_ongoing(b.conforming_scope())
    assert finding(scope, "P1-6.4-ongoing").status is Status.DOES_NOT_CONFORM
    policy = iso18295.AssessmentPolicy(training_refresh_days=3650)
    assert finding(scope, "P1-6.4-ongoing", policy=policy).status is Status.CONFORMS


def test_no_current_contact_handler_is_named_as_a_fact() -> None:
    scope = b.conforming_scope()
    for agent in scope.agents:
        scope = b.with_agent(scope, agent.id, first_contact_on=None)
    for rule_id in ("P1-6.3.1-yearly-review", "P1-6.3.2-communication", "P1-6.4-ongoing"):
        result = finding(scope, rule_id)
        assert result.status is Status.INSUFFICIENT_EVIDENCE
        assert "has handled customer contacts" in result.reason


def test_agent_training_not_supplied_is_insufficient_evidence() -> None:
    scope = b.with_agent(b.conforming_scope(), "A001", training=None)
    for rule_id in ("P1-6.4-ongoing", "P1-6.3.1-gaps-trained", "P1-6.4-induction"):
        result = finding(scope, rule_id)
        assert result.status is Status.INSUFFICIENT_EVIDENCE
        assert "agents[A001].training" in result.reason


def test_agents_not_supplied_is_insufficient_evidence() -> None:
    # The quality evaluations name agents, and the model refuses names of records not
    # supplied (see test_evaluations_naming_agents_need_the_agents), so both are left out.
    scope = attrs.evolve(b.conforming_scope(), agents=None, quality_evaluations=None)
    for rule_id in ("P1-6.1-job-requirements", "P1-6.3.1-yearly-review", "P1-6.4-induction"):
        result = finding(scope, rule_id)
        assert result.status is Status.INSUFFICIENT_EVIDENCE
        assert result.reason.startswith("not supplied: agents;")


def test_evaluations_naming_agents_need_the_agents() -> None:
    with pytest.raises(ModelError, match=r"quality_evaluations\[0\]\.agent_id"):
        attrs.evolve(b.conforming_scope(), agents=None)


def test_agent_with_no_training_supplied_empty_is_a_nonconformity() -> None:
    scope = b.with_agent(b.conforming_scope(), "A001", training=())
    assert finding(scope, "P1-6.4-ongoing").status is Status.DOES_NOT_CONFORM


def test_survey_counts_not_supplied_is_insufficient_evidence() -> None:
    scope = b.conforming_scope()
    (survey,) = scope.engagement_surveys
    scope = attrs.evolve(scope, engagement_surveys=(attrs.evolve(survey, responded=None),))
    result = finding(scope, "P1-5.3-survey")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.reason.startswith("not supplied: engagement_surveys[eng-2025].responded;")
