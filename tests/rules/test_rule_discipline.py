"""Every registered rule keeps the evidence discipline: declared reads, no verdict from nothing.

- The recording scope: each built-in rule, run over the bundled example (with
  and without interaction records) and over the hand-built conforming scope,
  reads exactly the fields it declares.
- Properties over every rule: with any collection or fact its evidence passes
  through left out, a rule never reaches a verdict; with it empty, never
  "conforms".  `iso18295.check_rule` is the helper users run on their own rules.
- A document holding only a centre and a client gives no "conforms" at all,
  and every finding says what to supply.
"""

from __future__ import annotations

import copy
import functools
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import builders as b
import builders_part2 as b2
from iso18295 import (
    Attestation,
    Basis,
    CheckMethod,
    Comparison,
    InformationTopic,
    InformationUpdate,
    InteractionTable,
    KpiKind,
    KpiTarget,
    Rule,
    Scope,
    Status,
    TrainingKind,
    TrainingRecord,
    Verdict,
    assess,
    check_rule,
    default_registry,
    load_scope_text,
)
from iso18295._rules.discipline import recorded_reads, undeclared
from iso18295._rules.recording import leaves
from iso18295.examples import EXAMPLE_AS_OF, generate_interactions, load_example

RULES = list(default_registry())
RULE_IDS = [r.id for r in RULES]
_WITHHELD_OK = (Status.INSUFFICIENT_EVIDENCE, Status.NEEDS_REVIEW, Status.NOT_APPLICABLE)


@functools.cache
def example_interactions() -> InteractionTable:
    return generate_interactions()


def _attested(scope: Scope) -> Scope:
    """Return `scope` with a valid attestation of every judgement rule, so they read it."""
    made = tuple(
        Attestation(
            id=f"att-{rule.id}",
            rule_id=rule.id,
            attested_on=EXAMPLE_AS_OF,
            attested_by="Pat Auditor",
            role="lead auditor",
            verdict=Verdict.CONFORMS,
            note="seen",
            evidence_refs=("REF-1",),
            valid_until=EXAMPLE_AS_OF,
        )
        for rule in RULES
        if rule.method is CheckMethod.JUDGEMENT
    )
    return attrs.evolve(scope, attestations=made)


Run = tuple[Scope, date, InteractionTable | None]


@functools.cache
def runs() -> tuple[Run, ...]:
    """The scopes every rule is read over: the example and the hand-built scope, as they are,
    attested, and broken for each rule (so the branches that fail are read too)."""
    example, conforming = load_example(), b2.extend_conforming(b.conforming_scope())
    found: list[Run] = [
        (example, EXAMPLE_AS_OF, example_interactions()),
        (example, EXAMPLE_AS_OF, None),
        (_attested(example), EXAMPLE_AS_OF, example_interactions()),
        (conforming, b.AS_OF, b.conforming_interactions()),
        (_attested(conforming), b.AS_OF, b.conforming_interactions()),
    ]
    for breaker, _ in (*b.BREAKERS.values(), *b2.BREAKERS_PART2.values()):
        found.append((breaker(conforming), b.AS_OF, b.conforming_interactions()))
    found.extend((scope, b.AS_OF, b.conforming_interactions()) for scope in _branches(conforming))
    return tuple(found)


def _branches(conforming: Scope) -> list[Scope]:
    """Scopes that reach branches neither the example nor a breaker reaches."""
    # A competency gap with development training that does not answer it (started before).
    gap = b.break_gaps_trained(conforming)
    agent = gap.agent("A001")
    early = TrainingRecord(
        course="Courtesy refresher",
        kind=TrainingKind.DEVELOPMENT,
        started_on=date(2026, 1, 5),
        competency_ids=("comm-courtesy",),
    )
    gap = b.with_agent(gap, "A001", training=(*(agent.training or ()), early))
    # No escalation procedure in the agreement, but escalation contacts were sent.
    contacts = attrs.evolve(
        b2.break_escalation_contacts(conforming),
        information_updates=(
            InformationUpdate(
                id="iu-esc",
                client_id=b.CLIENT_ID,
                topic=InformationTopic.ESCALATION_CONTACTS,
                summary="Escalation contacts for 2026",
                sent_on=date(2026, 1, 5),
            ),
        ),
    )
    # No centre in scope: whether the client's centre meets Part 1 is attested.
    elsewhere = copy.copy(_attested(conforming))
    object.__setattr__(elsewhere, "centre", None)
    # Targets measured from every kind of document.
    (agreement,) = conforming.agreements or ()
    targets = b.with_agreement(
        conforming,
        kpi_targets=(*(agreement.kpi_targets or ()), *_document_targets()),
    )
    return [gap, contacts, elsewhere, targets]


def _document_targets() -> tuple[KpiTarget, ...]:
    at_most, at_least = Comparison.AT_MOST, Comparison.AT_LEAST
    return (
        KpiTarget(
            id="ack", kpi=KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME, comparison=at_most, target=3
        ),
        KpiTarget(id="res", kpi=KpiKind.COMPLAINT_RESOLUTION_TIME, comparison=at_most, target=30),
        KpiTarget(id="rate", kpi=KpiKind.COMPLAINT_RATE, comparison=at_most, target=5),
        KpiTarget(
            id="csat",
            kpi=KpiKind.CUSTOMER_SATISFACTION,
            comparison=at_least,
            target=0.5,
            definition="source=surveys",
        ),
        KpiTarget(id="quality", kpi=KpiKind.QUALITY_SCORE, comparison=at_least, target=0.5),
        KpiTarget(id="engagement", kpi=KpiKind.EMPLOYEE_ENGAGEMENT, comparison=at_least, target=3),
        KpiTarget(id="attrition", kpi=KpiKind.AGENT_ATTRITION, comparison=at_most, target=0.5),
        KpiTarget(id="coverage", kpi=KpiKind.COMPETENCY_COVERAGE, comparison=at_least, target=0.5),
    )


BRANCH_ONLY: dict[str, set[str]] = {
    # Read only under definition options none of the scopes above sets: complaint
    # categories, voluntary leavers, top-box survey results, engagement surveys
    # conducted in the measured period.  The transfer flag: no KPI target kind reads it;
    # only a repeat-contact first contact resolution target (method=repeat), measured
    # on a copy of its own rows, copies it with the other columns.  The dialling time:
    # only a handling-time target with include_dialling=true reads it.
    "P1-9-targets-met": {
        "interactions.transferred",
        "interactions.dial_seconds",
        "agents[].leaving_reason",
        "complaints[].category",
        "customer_surveys[].top_box_share",
        "engagement_surveys[].responded",
        "engagement_surveys[].scale_max",
        "engagement_surveys[].score",
    },
}
"""Declared evidence a rule reads only on branches these scopes do not reach, with why."""


@functools.cache
def _reads(rule: Rule) -> frozenset[str]:
    found: set[str] = set()
    for scope, as_of, table in runs():
        found |= recorded_reads(rule, scope, as_of=as_of, interactions=table)
    return frozenset(found)


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_reads_only_what_it_declares(rule: Rule) -> None:
    assert undeclared(_reads(rule), rule.evidence) == []


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_reads_everything_it_declares(rule: Rule) -> None:
    read = _reads(rule)
    never = sorted(
        path
        for path in leaves(rule.evidence)
        if not any(r == path or r.startswith((path + ".", path + "[]")) for r in read)
    )
    assert set(never) == BRANCH_ONLY.get(rule.id, set())


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_keeps_the_discipline_on_the_example(rule: Rule) -> None:
    assert (
        check_rule(rule, load_example(), as_of=EXAMPLE_AS_OF, interactions=example_interactions())
        == ()
    )


def test_every_rule_states_its_basis_and_built_in_ids_name_their_clause() -> None:
    for rule in RULES:
        assert isinstance(rule.basis, Basis)
        assert rule.id.startswith(f"P{int(rule.part)}-{rule.clause.number}-"), rule.id


_COLLECTIONS = list(Scope._not_stated)


@functools.cache
def _example_reads() -> dict[str, frozenset[str]]:
    """The scope collections each rule reads on the example with its records."""
    return {
        rule.id: frozenset(
            p.split("[")[0].split(".")[0]
            for p in recorded_reads(
                rule, load_example(), as_of=EXAMPLE_AS_OF, interactions=example_interactions()
            )
        )
        for rule in RULES
    }


@settings(max_examples=25)
@given(
    withheld=st.sets(st.sampled_from(_COLLECTIONS), min_size=1, max_size=4),
    empty=st.booleans(),
)
def test_no_rule_reaches_a_verdict_from_withheld_evidence(withheld: set[str], empty: bool) -> None:
    example = load_example()
    scope = copy.copy(example)  # left out whole, references into them are not re-checked
    for name in withheld:
        object.__setattr__(scope, name, () if empty else None)
    result = assess(scope, as_of=EXAMPLE_AS_OF, interactions=example_interactions())
    reads = _example_reads()
    for f in result.findings:
        if not reads[f.rule_id] & withheld:
            continue
        if empty:
            assert f.status is not Status.CONFORMS, (f.rule_id, f.reason)
        else:
            assert f.status in _WITHHELD_OK, (f.rule_id, f.status, f.reason)


def test_interactions_not_supplied_never_conform() -> None:
    result = assess(load_example(), as_of=EXAMPLE_AS_OF)
    readers = {r.id for r in RULES if any(p.startswith("interactions.") for p in r.evidence)}
    assert readers  # the test can fail
    for f in result.findings:
        if f.rule_id in readers:
            assert f.status is not Status.CONFORMS, (f.rule_id, f.reason)


BARE = """
format_version = 1
name = "A centre and a client, nothing else"

[centre]
id = "c1"
name = "Centre"
operating_model = "outsourced"
time_zone = "Europe/Dublin"

[[clients]]
id = "aurora"
name = "Aurora"
relationship = "external"
"""


def test_a_bare_document_gives_no_conforms_and_says_what_to_supply() -> None:
    result = assess(load_scope_text(BARE, format="toml"), as_of=EXAMPLE_AS_OF)
    assert not result.findings_with(Status.CONFORMS)
    for f in result.findings:
        if f.status is Status.INSUFFICIENT_EVIDENCE:
            assert f.missing or "supply" in f.reason, (f.rule_id, f.reason)
        elif f.status is Status.NEEDS_REVIEW:
            assert "attestation" in f.reason, (f.rule_id, f.reason)
        else:
            assert f.status is Status.NOT_APPLICABLE, (f.rule_id, f.status, f.reason)
    assert result.conclusion.value == "incomplete"
