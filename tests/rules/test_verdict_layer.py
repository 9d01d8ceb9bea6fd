"""The layer every rule stands on: basis, declared reads, evidence not supplied, attestations.

These tests use small rules of their own on hand-built scopes, so they test the
layer and not the built-in rules (which have their own tests).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from iso18295 import (
    AssessmentPolicy,
    Attestation,
    Basis,
    CheckMethod,
    Client,
    Outcome,
    Part,
    Registry,
    Relationship,
    RuleContext,
    Scope,
    Status,
    Verdict,
    assess,
    load_scope_text,
    reads,
)
from iso18295._rules.discipline import check_rule, recorded_reads
from iso18295.errors import RuleError

AS_OF = date(2026, 4, 1)


def client_scope(**changes: object) -> Scope:
    scope = Scope(
        name="clients only",
        clients=(Client(id="aurora", name="Aurora", relationship=Relationship.EXTERNAL),),
    )
    return attrs.evolve(scope, **changes)


def attestation(rule_id: str, **changes: object) -> Attestation:
    made = Attestation(
        id="att-1",
        rule_id=rule_id,
        attested_on=date(2026, 3, 1),
        attested_by="Pat Auditor",
        role="lead auditor",
        verdict=Verdict.CONFORMS,
        note="seen the minutes",
        evidence_refs=("MIN-2026-02",),
    )
    return attrs.evolve(made, **changes)


# --- registration: basis, pack defaults, derived evidence -----------------------------------


def test_a_rule_without_part_or_clause_is_refused_naming_what_is_missing() -> None:
    with pytest.raises(RuleError, match=r"rule 'X-1': expected a part and clause, found none"):
        Registry().rule(id="X-1", basis=Basis.REQUIREMENT, paraphrase="p")


def test_registry_part_and_clause_apply_to_every_rule() -> None:
    pack = Registry(part=Part.CLIENT, clause="6.7")
    rule = pack.rule(id="X-6.7-a", basis=Basis.RECOMMENDATION, paraphrase="p")(
        lambda ctx: Outcome.needs_review("q")
    )
    assert (rule.part, rule.clause.number, rule.clause.title) == (
        2,
        "6.7",
        "Forecasting and planning",
    )


def test_a_rule_may_name_another_clause_than_its_registry() -> None:
    pack = Registry(part=Part.CENTRE, clause="9")
    rule = pack.rule(id="X", basis=Basis.REQUIREMENT, clause="4.4", paraphrase="p")(
        lambda ctx: Outcome.needs_review("q")
    )
    assert rule.clause.number == "4.4"


def test_basis_must_be_a_basis() -> None:
    with pytest.raises(RuleError, match=r"expected basis to be a Basis, found 'requirement'"):
        Registry(part=Part.CENTRE, clause="9").rule(id="X", basis="requirement", paraphrase="p")  # type: ignore[arg-type]


def test_unknown_policy_parameter_is_refused() -> None:
    register = Registry(part=Part.CENTRE, clause="9").rule(
        id="X", basis=Basis.REQUIREMENT, paraphrase="p", parameters=("no_such_days",)
    )
    with pytest.raises(RuleError, match=r"parameters: expected a field of AssessmentPolicy"):
        register(lambda ctx: Outcome.needs_review("q"))


@reads("clients[].name", parameters=("forecast_notice_days",))
def _names(ctx: RuleContext) -> list[str]:
    return [c.name for c in ctx.need(ctx.scope.clients, "clients")]


@reads("agreements[].client_id", uses=(_names, RuleContext.agreements_in_force))
def _clients_with_agreements(ctx: RuleContext) -> list[str]:
    return [a.client_id for a in ctx.agreements_in_force()] + _names(ctx)


def test_evidence_and_parameters_are_the_union_of_the_helpers_used() -> None:
    rule = Registry(part=Part.CLIENT, clause="6.1").rule(
        id="X",
        basis=Basis.REQUIREMENT,
        paraphrase="p",
        evidence=("clients[].id",),
        uses=(_clients_with_agreements,),
    )(lambda ctx: Outcome.needs_review(str(_clients_with_agreements(ctx))))
    assert rule.evidence == (
        "agreements[].client_id",
        "agreements[].ends_on",
        "agreements[].starts_on",
        "clients",  # from the implied condition: Part 2 needs clients
        "clients[].id",
        "clients[].name",
    )
    assert rule.parameters == ("forecast_notice_days",)


# --- evidence not supplied, empty populations ------------------------------------------------


def _agreements_rule() -> Registry:
    pack = Registry(part=Part.CLIENT, clause="6.1")

    @pack.rule(
        id="X-agreements",
        basis=Basis.REQUIREMENT,
        paraphrase="p",
        uses=(RuleContext.agreements_in_force,),
    )
    def check(ctx: RuleContext) -> Outcome:
        agreements = ctx.agreements_in_force()
        if not agreements:
            return Outcome.does_not_conform("no agreement in force")
        return Outcome.conforms("an agreement is in force", seen=len(agreements))

    return pack


def test_evidence_not_supplied_gives_insufficient_evidence_naming_what_to_supply() -> None:
    found = assess(client_scope(), as_of=AS_OF, registry=_agreements_rule()).findings[0]
    assert found.status is Status.INSUFFICIENT_EVIDENCE
    assert found.missing == ("agreements",)
    assert found.reason.startswith("not supplied: agreements; state it in the document")


def test_evidence_supplied_as_none_is_a_fact_the_rule_judges() -> None:
    found = assess(client_scope(agreements=()), as_of=AS_OF, registry=_agreements_rule())
    assert found.findings[0].status is Status.DOES_NOT_CONFORM
    assert found.findings[0].missing == ()


def test_conforms_on_no_record_is_refused() -> None:
    with pytest.raises(ValueError, match=r"expected seen >= 1 .* found 0"):
        Outcome.conforms("all of nothing is fine", seen=0)


def test_a_rule_concluding_conforms_from_nothing_gives_an_error_finding() -> None:
    pack = Registry(part=Part.CLIENT, clause="6.1")
    pack.rule(id="X", basis=Basis.REQUIREMENT, paraphrase="p")(
        lambda ctx: Outcome.conforms("fine", seen=0)
    )
    found = assess(client_scope(), as_of=AS_OF, registry=pack).findings[0]
    assert found.status is Status.ERROR
    assert "seen >= 1" in (found.error_message or "")


def test_a_condition_reading_evidence_not_supplied_gives_insufficient_evidence() -> None:
    from iso18295._rules.context import HAS_OUTBOUND

    pack = Registry(part=Part.CLIENT, clause="5.7")
    pack.rule(id="X", basis=Basis.REQUIREMENT, paraphrase="p", applies_if=(HAS_OUTBOUND,))(
        lambda ctx: Outcome.needs_review("q")
    )
    not_supplied = assess(client_scope(), as_of=AS_OF, registry=pack).findings[0]
    none = assess(client_scope(campaigns=()), as_of=AS_OF, registry=pack).findings[0]
    assert (not_supplied.status, not_supplied.missing) == (
        Status.INSUFFICIENT_EVIDENCE,
        ("campaigns",),
    )
    assert none.status is Status.NOT_APPLICABLE
    assert none.reason == "the campaigns supplied include no outbound campaign"


# --- judgement, overrides, expiry ------------------------------------------------------------


def _judged_pack(method: CheckMethod = CheckMethod.JUDGEMENT) -> Registry:
    pack = Registry(part=Part.CLIENT, clause="5.1")
    pack.rule(
        id="X-5.1",
        basis=Basis.RECOMMENDATION,
        method=method,
        paraphrase="p",
        uses=(RuleContext.judged,),
    )(lambda ctx: ctx.judged("does each client own its part?"))
    return pack


def test_judgement_without_attestation_needs_review() -> None:
    found = assess(client_scope(), as_of=AS_OF, registry=_judged_pack()).findings[0]
    assert found.status is Status.NEEDS_REVIEW


def test_attestation_reaches_the_finding_with_its_references() -> None:
    scope = client_scope(attestations=(attestation("X-5.1"),))
    found = assess(scope, as_of=AS_OF, registry=_judged_pack()).findings[0]
    assert found.status is Status.CONFORMS
    assert found.evidence[0].references == ("MIN-2026-02",)


def test_expired_attestation_needs_review_and_is_noted() -> None:
    scope = client_scope(attestations=(attestation("X-5.1", valid_until=date(2026, 3, 31)),))
    result = assess(scope, as_of=AS_OF, registry=_judged_pack())
    assert result.findings[0].status is Status.NEEDS_REVIEW
    assert "attestation att-1 expired on 2026-03-31" in result.findings[0].reason
    assert result.notes == ("attestation att-1 of X-5.1 expired on 2026-03-31",)


def test_attestation_valid_until_before_it_was_made_is_refused() -> None:
    with pytest.raises(Exception, match=r"valid_until: expected a value on or after attested_on"):
        attestation("X", valid_until=date(2026, 2, 1))


def test_an_auditor_can_record_not_applicable_with_a_justification() -> None:
    scope = client_scope(
        attestations=(attestation("X-5.1", verdict=Verdict.NOT_APPLICABLE, note="no products"),)
    )
    found = assess(scope, as_of=AS_OF, registry=_judged_pack()).findings[0]
    assert found.status is Status.NOT_APPLICABLE
    assert "no products" in found.reason


def test_attestation_of_an_automated_rule_without_override_changes_nothing_but_is_noted() -> None:
    scope = client_scope(agreements=(), attestations=(attestation("X-agreements"),))
    result = assess(scope, as_of=AS_OF, registry=_agreements_rule())
    assert result.findings[0].status is Status.DOES_NOT_CONFORM
    assert result.notes == (
        (
            "attestation att-1 of X-agreements not used: the rule decides from records; "
            "record it with override = true to replace the rule's verdict"
        ),
    )


def test_override_replaces_an_automated_verdict_and_keeps_the_rule_s_own() -> None:
    scope = client_scope(agreements=(), attestations=(attestation("X-agreements", override=True),))
    found = assess(scope, as_of=AS_OF, registry=_agreements_rule()).findings[0]
    assert found.status is Status.CONFORMS
    assert found.overridden_by == "att-1"
    assert found.automated_status is Status.DOES_NOT_CONFORM
    assert found.automated_reason == "no agreement in force"
    assert "overrides the rule's own verdict: does not conform" in found.reason


# --- policy, findings-dependent rules, conclusion --------------------------------------------


def _notice_pack() -> Registry:
    pack = Registry(part=Part.CLIENT, clause="6.7")
    pack.rule(
        id="X-notice",
        basis=Basis.INTERPRETATION,
        paraphrase="p",
        parameters=("forecast_notice_days",),
    )(lambda ctx: Outcome.does_not_conform(f"{ctx.policy.forecast_notice_days} days"))
    return pack


def test_finding_lists_the_thresholds_applied() -> None:
    found = assess(client_scope(), as_of=AS_OF, registry=_notice_pack()).findings[0]
    assert found.parameters == (("forecast_notice_days", 7),)


def test_policy_argument_wins_over_the_document() -> None:
    scope = client_scope(assessment_policy=AssessmentPolicy(forecast_notice_days=10))
    from_document = assess(scope, as_of=AS_OF, registry=_notice_pack())
    from_argument = assess(
        scope,
        as_of=AS_OF,
        registry=_notice_pack(),
        policy=AssessmentPolicy(forecast_notice_days=3),
    )
    assert from_document.findings[0].reason == "10 days"
    assert from_argument.findings[0].reason == "3 days"
    assert from_argument.policy.forecast_notice_days == 3


def test_policy_loads_from_the_document() -> None:
    scope = load_scope_text(
        'format_version = 1\nname = "s"\n[assessment_policy]\nforecast_notice_days = 5\n',
        format="toml",
    )
    assert scope.assessment_policy == AssessmentPolicy(forecast_notice_days=5)


def test_policy_rejects_a_non_positive_threshold() -> None:
    with pytest.raises(Exception, match=r"forecast_notice_days"):
        AssessmentPolicy(forecast_notice_days=0)


def test_every_policy_parameter_is_listed_with_default_clause_and_basis() -> None:
    rows = AssessmentPolicy(forecast_notice_days=5).parameters()
    assert [r.name for r in rows] == [f.name for f in attrs.fields(AssessmentPolicy)]
    notice = next(r for r in rows if r.name == "forecast_notice_days")
    assert (notice.value, notice.default, notice.clause, notice.is_default) == (
        5,
        7,
        "P2 6.7",
        False,
    )
    assert all(r.basis for r in rows)


def test_interpretation_nonconformity_does_not_decide_the_conclusion() -> None:
    result = assess(client_scope(), as_of=AS_OF, registry=_notice_pack())
    assert result.conclusion.value == "incomplete"  # decided, but nothing rests on the standard
    assert [f.rule_id for f in result.interpretation_findings()] == ["X-notice"]


def test_rules_needing_findings_run_last_and_see_the_others() -> None:
    pack = _notice_pack()
    pack.rule(
        id="X-after", basis=Basis.REQUIREMENT, clause="4.1", paraphrase="p", needs_findings=True
    )(
        lambda ctx: Outcome.needs_review(
            ",".join(f"{f.rule_id}={f.status.value}" for f in ctx.findings)
        )
    )
    found = assess(client_scope(), as_of=AS_OF, registry=pack).finding("X-after")
    assert found.reason == "X-notice=does_not_conform"


# --- holding a rule to its declaration ----------------------------------------------------


def test_recorded_reads_name_what_a_rule_really_reads() -> None:
    pack = Registry(part=Part.CLIENT, clause="6.1")
    rule = pack.rule(id="X", basis=Basis.REQUIREMENT, paraphrase="p")(
        lambda ctx: Outcome.needs_review(",".join(c.name for c in ctx.scope.clients or ()))
    )
    assert recorded_reads(rule, client_scope(), as_of=AS_OF) == {"clients[].name"}


def test_check_rule_reports_an_undeclared_read() -> None:
    pack = Registry(part=Part.CLIENT, clause="6.1")
    rule = pack.rule(id="X", basis=Basis.REQUIREMENT, paraphrase="p")(
        lambda ctx: Outcome.needs_review(",".join(c.name for c in ctx.scope.clients or ()))
    )
    assert check_rule(rule, client_scope(), as_of=AS_OF) == (
        "X: reads clients[].name, which its evidence does not declare",
    )


def test_check_rule_reports_conforms_on_evidence_not_supplied() -> None:
    pack = Registry(part=Part.CLIENT, clause="6.1")

    def careless(ctx: RuleContext) -> Outcome:
        seen = len(ctx.scope.agreements or ())  # reads them, but not through ctx.need
        return Outcome.conforms(f"nothing wrong seen in {seen} agreements", seen=1)

    rule = pack.rule(id="X", basis=Basis.REQUIREMENT, paraphrase="p", evidence=("agreements",))(
        careless
    )
    problems = check_rule(rule, client_scope(agreements=()), as_of=AS_OF)
    assert problems == (
        (
            "X: with agreements not supplied, expected insufficient evidence, needs review "
            "or not applicable, found conforms"
        ),
        "X: with agreements empty, expected no 'conforms', found it",
    )


def test_check_rule_passes_a_disciplined_rule() -> None:
    rule = next(iter(_agreements_rule()))
    assert check_rule(rule, client_scope(agreements=()), as_of=AS_OF) == ()
