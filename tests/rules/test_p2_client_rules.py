"""Part 2 rules of 4.1, 5.x, 6.8 and 6.9, and the shared per-client helpers (issue #13).

Regression tests for the defects the issue found in these modules: a judgement
rule that judged itself (4.1), a survey nobody answered counted as feedback
gathered (6.9), and a client with nothing to judge counted as conforming
(`each_client`).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import builders as b
import builders_part2 as b2
from iso18295 import Scope, Status, Verdict, assess, default_registry
from iso18295._rules.basis import Basis
from iso18295._rules.clauses import Part
from iso18295._rules.context import RuleContext
from iso18295._rules.discipline import decide
from iso18295._rules.outcome import Outcome
from iso18295._rules.part2._clients import each_client

AS_OF = b.AS_OF
REGISTRY = default_registry()


def scope() -> Scope:
    return b2.extend_conforming(b.conforming_scope())


@attrs.frozen
class PriorFinding:
    """What the engine hands a rule registered with ``needs_findings=True``, reduced."""

    rule_id: str
    status: Status
    basis: Basis = Basis.REQUIREMENT
    part: Part = Part.CENTRE


def run(rule_id: str, scope: Scope, *findings: PriorFinding) -> Outcome:
    rule = REGISTRY.get(rule_id)
    return decide(rule, RuleContext(scope=scope, as_of=AS_OF, rule_id=rule_id, findings=findings))


def context(scope: Scope) -> RuleContext:
    return RuleContext(scope=scope, as_of=AS_OF, rule_id="test")


# --- each_client: a client with nothing to judge is not a conforming client ---------------


def test_each_client_with_nothing_examined_is_insufficient_evidence() -> None:
    outcome = each_client(
        context(scope()),
        lambda client: [],
        conforms="everything",
        examined=lambda client: 0,
        nothing="no survey supplied",
    )
    assert outcome.status is Status.INSUFFICIENT_EVIDENCE
    assert outcome.reason == f"{b.CLIENT_ID}: no survey supplied"


def test_each_client_conforms_on_the_records_examined() -> None:
    outcome = each_client(
        context(scope()), lambda client: [], conforms="everything", examined=lambda client: 3
    )
    assert outcome.status is Status.CONFORMS
    assert outcome.seen == 3


def test_each_client_without_examined_counts_each_client_once() -> None:
    outcome = each_client(context(scope()), lambda client: [], conforms="everything")
    assert (outcome.status, outcome.seen) == (Status.CONFORMS, 1)
    assert outcome.reason == "the 1 client has everything"


def test_each_client_failing_client_is_named_before_one_with_nothing_to_judge() -> None:
    base = scope()
    beta = attrs.evolve(base.clients[0], id="beta")
    two = attrs.evolve(base, clients=(*base.clients, beta))
    outcome = each_client(
        context(two),
        lambda client: ["lacks x"] if client.id == "beta" else [],
        conforms="x",
        examined=lambda client: 0,
        nothing="no record",
    )
    assert outcome.status is Status.DOES_NOT_CONFORM
    assert outcome.reason == f"beta: lacks x; not judged: {b.CLIENT_ID}: no record"


# --- 4.1: follows the Part 1 findings of the same assessment ------------------------------


def test_part1_nonconformity_makes_the_centre_in_scope_fail() -> None:
    outcome = run(
        "P2-4.1-part1-centre",
        scope(),
        PriorFinding("P1-4.4-procedure", Status.CONFORMS),
        PriorFinding("P1-4.4-acknowledge", Status.DOES_NOT_CONFORM),
    )
    assert outcome.status is Status.DOES_NOT_CONFORM
    assert "P1-4.4-acknowledge" in outcome.reason
    assert "P1-4.4-procedure" not in outcome.reason


def test_part1_requirements_all_met_conform_on_those_findings() -> None:
    outcome = run(
        "P2-4.1-part1-centre",
        scope(),
        PriorFinding("P1-4.4-procedure", Status.CONFORMS),
        PriorFinding("P1-4.5-opt-in", Status.CONFORMS),
        PriorFinding("P1-4.2-costs", Status.NOT_APPLICABLE),
        # our interpretation, and Part 2: neither decides the centre's Part 1 conformity
        PriorFinding("P1-6.4-induction", Status.DOES_NOT_CONFORM, Basis.INTERPRETATION),
        PriorFinding("P2-6.9-feedback", Status.DOES_NOT_CONFORM, part=Part.CLIENT),
    )
    assert outcome.status is Status.CONFORMS
    assert outcome.seen == 2


def test_part1_not_run_is_insufficient_evidence() -> None:
    outcome = run("P2-4.1-part1-centre", scope())
    assert outcome.status is Status.INSUFFICIENT_EVIDENCE
    assert "Part 1 was not assessed" in outcome.reason


def test_part1_assessed_without_the_rule_running_gives_no_verdict() -> None:
    result = assess(scope(), as_of=AS_OF, parts=(2,)).finding("P2-4.1-part1-centre")
    assert result.status is Status.INSUFFICIENT_EVIDENCE


@pytest.mark.parametrize(
    ("undecided", "expected"),
    [
        (Status.NEEDS_REVIEW, Status.NEEDS_REVIEW),
        (Status.INSUFFICIENT_EVIDENCE, Status.INSUFFICIENT_EVIDENCE),
        (Status.ERROR, Status.INSUFFICIENT_EVIDENCE),
    ],
)
def test_undecided_part1_requirement_leaves_the_question_open(
    undecided: Status, expected: Status
) -> None:
    outcome = run(
        "P2-4.1-part1-centre",
        scope(),
        PriorFinding("P1-4.4-procedure", Status.CONFORMS),
        PriorFinding("P1-5.3-survey", undecided),
    )
    assert outcome.status is expected
    assert "P1-5.3-survey" in outcome.reason


def test_attestation_does_not_override_part1_for_the_centre_in_scope() -> None:
    attested = b2.with_attestation(scope(), "P2-4.1-part1-centre", Verdict.CONFORMS)
    outcome = run(
        "P2-4.1-part1-centre",
        attested,
        PriorFinding("P1-4.4-acknowledge", Status.DOES_NOT_CONFORM),
    )
    assert outcome.status is Status.DOES_NOT_CONFORM


def test_client_served_elsewhere_needs_an_attestation() -> None:
    # No centre, and no agreement (supplied, none): a person has to judge.
    clients_only = Scope(name="client only", clients=scope().clients, agreements=())
    outcome = run("P2-4.1-part1-centre", clients_only)
    assert outcome.status is Status.NEEDS_REVIEW
    assert f"{b.CLIENT_ID}: served under no agreement in force" in outcome.reason


def test_attestation_decides_for_a_client_served_elsewhere() -> None:
    clients_only = Scope(name="client only", clients=scope().clients, agreements=())
    attested = b2.with_attestation(clients_only, "P2-4.1-part1-centre", Verdict.DOES_NOT_CONFORM)
    assert run("P2-4.1-part1-centre", attested).status is Status.DOES_NOT_CONFORM


def test_agreements_not_supplied_leave_the_centre_serving_unknown() -> None:
    clients_only = Scope(name="client only", clients=scope().clients)
    outcome = run("P2-4.1-part1-centre", clients_only)
    assert outcome.status is Status.INSUFFICIENT_EVIDENCE
    assert outcome.reason == "not supplied: agreements"


def test_owns_experience_is_our_interpretation() -> None:
    assert REGISTRY.get("P2-5.1-owns-experience").basis is Basis.INTERPRETATION


# --- 6.9: feedback gathered means customers answered -------------------------------------


def with_responses(scope: Scope, responses: int) -> Scope:
    surveys = tuple(
        attrs.evolve(s, responses=responses) if s.client_id == b.CLIENT_ID else s
        for s in scope.customer_surveys
    )
    return attrs.evolve(scope, customer_surveys=surveys)


def test_survey_without_responses_gathers_no_feedback() -> None:
    outcome = run("P2-6.9-feedback", with_responses(scope(), 0))
    assert outcome.status is Status.INSUFFICIENT_EVIDENCE
    assert outcome.reason.startswith(f"{b.CLIENT_ID}: no customer answered its surveys")


def test_one_response_is_feedback() -> None:
    outcome = run("P2-6.9-feedback", with_responses(scope(), 1))
    assert outcome.status is Status.CONFORMS


def test_survey_window_comes_from_the_assessment_policy() -> None:
    rule = REGISTRY.get("P2-6.9-feedback")
    assert rule.parameters == ("customer_survey_days",)


def test_no_survey_at_all_does_not_conform() -> None:
    outcome = run("P2-6.9-feedback", attrs.evolve(scope(), customer_surveys=()))
    assert outcome.status is Status.DOES_NOT_CONFORM
    assert "no customer survey covering contacts since" in outcome.reason


# --- 5.7: the campaigns judged are the client's started outbound campaigns ---------------


def test_outbound_protection_rests_on_the_campaigns_judged() -> None:
    outcome = run("P2-5.7-outbound-protection", scope())
    outbound = [c for c in scope().campaigns if c.direction.value == "outbound"]
    assert outcome.status is Status.CONFORMS
    assert outcome.seen == len([c for c in outbound if c.starts_on <= AS_OF])


def test_outbound_campaigns_not_yet_started_are_not_applicable() -> None:
    later = tuple(
        attrs.evolve(c, starts_on=date(2030, 1, 1), ends_on=None) for c in scope().campaigns
    )
    outcome = run("P2-5.7-outbound-protection", attrs.evolve(scope(), campaigns=later))
    assert outcome.status is Status.NOT_APPLICABLE
