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

import functools

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import builders as b
from iso18295 import (
    Basis,
    InteractionTable,
    Rule,
    Scope,
    Status,
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


@functools.cache
def runs() -> tuple[tuple[Scope, object, InteractionTable | None], ...]:
    """The scopes (with date and records) the recording test reads every rule over."""
    return (
        (load_example(), EXAMPLE_AS_OF, example_interactions()),
        (load_example(), EXAMPLE_AS_OF, None),
        (b.conforming_scope(), b.AS_OF, b.conforming_interactions()),
    )


def _reads(rule: Rule) -> set[str]:
    found: set[str] = set()
    for scope, as_of, table in runs():
        found |= recorded_reads(rule, scope, as_of=as_of, interactions=table)  # type: ignore[arg-type]
    return found


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
    assert never == []


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


_COLLECTIONS = [
    f.name
    for f in attrs.fields(Scope)
    if f.name not in ("name", "centre", "clients", "assessment_policy")
]


@given(
    withheld=st.sets(st.sampled_from(_COLLECTIONS), min_size=1, max_size=4),
    empty=st.booleans(),
)
def test_no_rule_reaches_a_verdict_from_withheld_evidence(withheld: set[str], empty: bool) -> None:
    scope = attrs.evolve(load_example(), **dict.fromkeys(withheld, () if empty else None))
    result = assess(scope, as_of=EXAMPLE_AS_OF, interactions=example_interactions())
    by_id = {r.id: r for r in RULES}
    for f in result.findings:
        touched = {p.split("[")[0].split(".")[0] for p in by_id[f.rule_id].evidence} & withheld
        if not touched:
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
