"""Part 1 rules of clauses 7.x, 8.x and 9: regression tests of issue #13."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest

import builders as b
from iso18295 import (
    AssessmentPolicy,
    Basis,
    Channel,
    ChannelKind,
    Comparison,
    Direction,
    KpiKind,
    KpiTarget,
    Part,
    Party,
    Responsibility,
    Scope,
    Status,
    assess,
    default_registry,
)
from iso18295._model.feedback import QualityEvaluation
from iso18295._rules.context import RuleContext
from iso18295._rules.discipline import decide

MINE = ("P1-7", "P1-8", "P1-9")


def finding(scope: Scope, rule_id: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return assess(scope, as_of=b.AS_OF, parts=[Part.CENTRE], **kwargs).finding(rule_id)  # type: ignore[arg-type]


def run(scope: Scope, rule_id: str, policy: AssessmentPolicy | None = None):  # type: ignore[no-untyped-def]
    rule = default_registry().get(rule_id)
    ctx = RuleContext(
        scope=scope,
        as_of=b.AS_OF,
        rule_id=rule_id,
        interactions=b.conforming_interactions(),
        policy=policy or AssessmentPolicy(),
    )
    return decide(rule, ctx)


# --- basis per the clause table: 7.1 "R", everything else here "(inf.)" ----------------------


@pytest.mark.parametrize(
    "rule", [r for r in default_registry() if r.id.startswith(MINE)], ids=lambda r: r.id
)
def test_basis_follows_the_clause_table(rule) -> None:  # type: ignore[no-untyped-def]
    expected = Basis.REQUIREMENT if rule.clause.number == "7.1" else Basis.INTERPRETATION
    assert rule.basis is expected


# --- P1-9-targets-met: never "conforms" with a target unmeasured ----------------------------


def test_unmeasured_target_is_not_conforming() -> None:
    # occupancy is not measured by iso18295.kpis yet: 1 measured and met, 1 unmeasured
    (agreement,) = b.conforming_scope().agreements
    occupancy = KpiTarget(
        id="occ", kpi=KpiKind.OCCUPANCY, comparison=Comparison.AT_MOST, target=0.85
    )
    scope = b.with_agreement(b.conforming_scope(), kpi_targets=(*agreement.kpi_targets, occupancy))
    result = finding(scope, "P1-9-targets-met", interactions=b.conforming_interactions())
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert "agr-acme/occ" in result.reason
    assert result.measurements  # the measured one is still shown


def test_targets_needing_records_are_unmeasured_without_them() -> None:
    result = finding(b.conforming_scope(), "P1-9-targets-met")  # no interaction records
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert "needs interaction records" in result.reason


# --- P1-9-responsibilities: both parties ----------------------------------------------------


@pytest.mark.parametrize("owner", [Party.CENTRE, Party.CLIENT, Party.SHARED])
def test_responsibilities_of_one_party_only_do_not_divide(owner: Party) -> None:
    rows = (Responsibility(topic="performance reporting", owner=owner),)
    scope = b.with_agreement(b.conforming_scope(), responsibilities=rows)
    result = finding(scope, "P1-9-responsibilities")
    assert result.status is Status.DOES_NOT_CONFORM
    assert "agr-acme" in result.reason


# --- 7.3 with no forecast -------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", ["P1-7.3-plan-for-forecast", "P1-7.3-plan-meets-target"])
def test_no_forecast_supplied_as_none_does_not_conform(rule_id: str) -> None:
    scope = attrs.evolve(b.conforming_scope(), forecasts=(), staffing_plans=())
    assert finding(scope, rule_id).status is Status.DOES_NOT_CONFORM


@pytest.mark.parametrize("rule_id", ["P1-7.3-plan-for-forecast", "P1-7.3-plan-meets-target"])
def test_forecasts_not_supplied_is_insufficient_evidence(rule_id: str) -> None:
    scope = b.conforming_scope()
    object.__setattr__(scope, "forecasts", None)  # the model of today cannot say "not supplied"
    outcome = run(scope, rule_id)
    assert outcome.status is Status.INSUFFICIENT_EVIDENCE
    assert outcome.reason == "not supplied: forecasts"


# --- P1-7.4-feedback is linear: no record comparisons -------------------------------------


def test_feedback_does_not_compare_evaluations(monkeypatch: pytest.MonkeyPatch) -> None:
    scope = b.conforming_scope()
    (first, *_) = scope.quality_evaluations
    many = tuple(
        attrs.evolve(
            first,
            id=f"qe-{i}",
            evaluated_on=date(2026, 1, 1) + timedelta(days=i % 60),
            feedback_given_on=date(2026, 1, 2) + timedelta(days=i % 60),
        )
        for i in range(200)
    )
    scope = attrs.evolve(scope, quality_evaluations=many)
    calls = []
    original = QualityEvaluation.__eq__

    def counting(self: object, other: object) -> bool:
        calls.append(1)
        return original(self, other)  # type: ignore[arg-type]

    monkeypatch.setattr(QualityEvaluation, "__eq__", counting)
    assert run(scope, "P1-7.4-feedback").status is Status.CONFORMS
    assert calls == []


# --- P1-7.4-evaluated: every channel in use is evaluated --------------------------------------


def with_email(scope: Scope) -> Scope:
    # The centre adds an e-mail channel; A001 handles voice and e-mail.  The builder's
    # four evaluations (all 2026-03-10) are all on voice.
    assert scope.centre is not None
    email = Channel(id="email", kind=ChannelKind.EMAIL, directions=frozenset({Direction.INBOUND}))
    centre = attrs.evolve(scope.centre, channels=(*scope.centre.channels, email))
    scope = attrs.evolve(scope, centre=centre)
    return b.with_agent(scope, "A001", channel_ids=(b.CHANNEL_ID, "email"))


def test_channel_never_evaluated_does_not_conform_though_its_agents_were() -> None:
    # Every agent has a voice evaluation since 2026-01-01, but no e-mail contact was
    # evaluated: 1 of the 2 channels in use (voice, email) is unevaluated.
    result = run(with_email(b.conforming_scope()), "P1-7.4-evaluated")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "1 of 2 channels the agents handle without an evaluated interaction since "
        "2026-01-01: email (handled by A001)"
    )
    agents, channels = result.measurements
    assert (agents.numerator, agents.denominator) == (4, 4)
    assert (channels.numerator, channels.denominator) == (1, 2)


def test_evaluation_on_the_channel_makes_it_conform() -> None:
    scope = b.with_evaluation(with_email(b.conforming_scope()), "A001", channel_id="email")
    result = run(scope, "P1-7.4-evaluated")
    assert result.status is Status.CONFORMS
    assert result.reason == (
        "all 4 agents in contact since 2026-01-01 or earlier had an interaction evaluated "
        "since 2026-01-01, on each of the 2 channels they handle (4 evaluations supplied)"
    )


def test_evaluation_of_a_channel_before_the_window_does_not_count() -> None:
    # The e-mail evaluation is of 2025-12-31, 91 days before AS_OF; A001 has a voice one.
    scope = with_email(b.conforming_scope())
    old = attrs.evolve(
        scope.quality_evaluations[0],
        id="qe-old",
        channel_id="email",
        evaluated_on=date(2025, 12, 31),
        feedback_given_on=date(2026, 1, 2),
    )
    scope = attrs.evolve(scope, quality_evaluations=(*scope.quality_evaluations, old))
    assert run(scope, "P1-7.4-evaluated").status is Status.DOES_NOT_CONFORM


def test_evaluation_channel_not_stated_is_insufficient_evidence() -> None:
    # A001's evaluation states no channel: it may have been the e-mail one, so the
    # unevaluated e-mail channel is not a nonconformity but a gap in the records.
    scope = b.with_evaluation(with_email(b.conforming_scope()), "A001", channel_id=None)
    result = run(scope, "P1-7.4-evaluated")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.reason == (
        "no evaluated interaction since 2026-01-01 on 1 of 2 channels the agents handle: "
        "email (handled by A001); the channel of 1 evaluation since 2026-01-01 was not "
        "stated (qe-A001): supply quality_evaluations[].channel_id"
    )
    assert [e.id for e in result.evidence] == ["qe-A001"]


def test_evaluation_channel_not_stated_does_not_matter_when_every_channel_is_covered() -> None:
    # Voice is still evaluated through A002, A003 and A004.
    scope = b.with_evaluation(b.conforming_scope(), "A001", channel_id=None)
    assert run(scope, "P1-7.4-evaluated").status is Status.CONFORMS


def test_agents_stating_no_channel_is_insufficient_evidence() -> None:
    scope = b.conforming_scope()
    for agent in scope.agents:
        scope = b.with_agent(scope, agent.id, channel_ids=())
    result = run(scope, "P1-7.4-evaluated")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert "agents[].channel_ids" in result.reason


# --- thresholds come from the assessment policy ---------------------------------------------


def test_feedback_window_comes_from_the_policy() -> None:
    # A002 evaluated 2026-03-10, feedback 2026-03-20: 10 days, late with a 7-day window
    scope = b.with_evaluation(
        b.conforming_scope(),
        "A002",
        evaluated_on=date(2026, 3, 10),
        feedback_given_on=date(2026, 3, 20),
    )
    assert run(scope, "P1-7.4-feedback").status is Status.CONFORMS
    strict = AssessmentPolicy(evaluation_feedback_days=7)
    assert run(scope, "P1-7.4-feedback", strict).status is Status.DOES_NOT_CONFORM


def test_evaluation_interval_comes_from_the_policy() -> None:
    # every evaluation of the builder is on 2026-03-10, 22 days before AS_OF
    strict = AssessmentPolicy(quality_evaluation_days=20)
    assert run(b.conforming_scope(), "P1-7.4-evaluated").status is Status.CONFORMS
    assert run(b.conforming_scope(), "P1-7.4-evaluated", strict).status is (
        Status.DOES_NOT_CONFORM
    )


@pytest.mark.parametrize(
    ("rule_id", "field"),
    [
        ("P1-8.4-sites-assessed", "work_environment_assessment_days"),
        ("P1-8.5-plan-tested", "continuity_exercise_days"),
    ],
)
def test_look_back_comes_from_the_policy(rule_id: str, field: str) -> None:
    assert run(b.conforming_scope(), rule_id).status is Status.CONFORMS
    strict = AssessmentPolicy(**{field: 1})
    assert run(b.conforming_scope(), rule_id, strict).status is Status.DOES_NOT_CONFORM


def test_partly_met_share_comes_from_the_policy() -> None:
    result = run(b.break_plan_meets_target(b.conforming_scope()), "P1-7.3-plan-meets-target")
    assert result.status is Status.DOES_NOT_CONFORM  # 0 of 4 intervals
    lenient = AssessmentPolicy(plan_partly_met_share=0.0)
    result = run(
        b.break_plan_meets_target(b.conforming_scope()), "P1-7.3-plan-meets-target", lenient
    )
    assert result.status is Status.PARTIALLY_CONFORMS


# --- 8.3: purposes and retention --------------------------------------------------------


def test_agreed_use_without_purposes_does_not_conform() -> None:
    scope = b.conforming_scope()
    (agreement,) = scope.agreements
    assert agreement.data_handling is not None
    # the model refuses empty purposes today; a document may state none
    object.__setattr__(agreement.data_handling, "purposes", ())
    result = run(scope, "P1-8.3-agreed-use")
    assert result.status is Status.DOES_NOT_CONFORM
    assert "no purpose" in result.reason
