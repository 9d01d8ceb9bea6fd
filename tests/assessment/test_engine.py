"""The engine: statuses, rule failures, attestations, waivers, notes, parts, determinism."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime

import attrs
import numpy as np
import pytest

import builders as b
import builders_part2 as b2
from iso18295 import (
    INTERACTION_COLUMNS,
    AgentStateTable,
    Attestation,
    Basis,
    Conclusion,
    Condition,
    InteractionTable,
    Outcome,
    Part,
    Registry,
    RuleContext,
    ScheduleTable,
    Scope,
    Status,
    Verdict,
    Waiver,
    assess,
    default_registry,
    dump_scope_text,
    examples,
    reports,
)
from iso18295.errors import RuleError

AS_OF: date = b.AS_OF


def statuses(scope: Scope, as_of: date = AS_OF) -> dict[str, Status]:
    return {f.rule_id: f.status for f in assess(scope, as_of=as_of).findings}


def waiver(rule_id: str, **changes: object) -> Waiver:
    fields: dict[str, object] = {
        "id": "W-1",
        "rule_id": rule_id,
        "justification": "new policy being drafted",
        "approved_by_role": "Operations director",
        "granted_on": date(2026, 3, 1),
        "expires_on": date(2026, 6, 30),
    }
    fields.update(changes)
    return Waiver(**fields)  # type: ignore[arg-type]


def attestation(attestation_id: str, attested_on: date, verdict: Verdict) -> Attestation:
    return Attestation(
        id=attestation_id,
        rule_id="P1-9-cooperation",
        attested_on=attested_on,
        attested_by="Pat Auditor",
        role="lead auditor",
        verdict=verdict,
        note=f"judged on {attested_on}",
    )


def with_attestations(*attestations: Attestation) -> Scope:
    return attrs.evolve(b.conforming_scope(), attestations=attestations)


# --- each status --------------------------------------------------------------------------


def test_conforms_on_the_conforming_scope() -> None:
    scope = b2.extend_conforming(b.conforming_scope())
    found = assess(scope, as_of=AS_OF, interactions=b.conforming_interactions())
    # The builder has no chat or e-mail channel: see builders.with_planning_models.
    assert {f.rule_id for f in found.findings if f.status is Status.NOT_APPLICABLE} == set(
        b.PLANNING_MODEL_RULES
    )
    assert {f.status for f in found.findings} == {Status.CONFORMS, Status.NOT_APPLICABLE}


def test_kpi_targets_need_interaction_records_when_none_were_supplied() -> None:
    # Records not supplied are no evidence: insufficient, never "not applicable".
    found = assess(b.conforming_scope(), as_of=AS_OF).finding("P1-9-targets-met")
    assert found.status is Status.INSUFFICIENT_EVIDENCE
    assert found.reason == (
        "none measured; 1 of 1 target not measured: agr-acme/sl (service_level): needs "
        "interaction records, and none were supplied"
    )


def test_does_not_conform_from_a_broken_scope() -> None:
    scope = b.break_data_policy(b.conforming_scope())
    assert statuses(scope)["P1-8.3-policy"] is Status.DOES_NOT_CONFORM


def test_partially_conforms_from_a_partial_attestation() -> None:
    scope = with_attestations(attestation("A-1", date(2026, 3, 1), Verdict.PARTIALLY_CONFORMS))
    found = assess(scope, as_of=AS_OF).finding("P1-9-cooperation")
    assert found.status is Status.PARTIALLY_CONFORMS
    assert found.reason == (
        "attested partially conforms on 2026-03-01 (lead auditor): judged on 2026-03-01"
    )


def test_not_applicable_names_the_fact() -> None:
    scope = attrs.evolve(b.conforming_scope(), complaints=())
    found = assess(scope, as_of=AS_OF).finding("P1-4.4-acknowledge")
    assert found.status is Status.NOT_APPLICABLE
    assert (
        found.reason == "the complaints supplied include none received up to the assessment date"
    )


def test_not_applicable_from_a_user_condition_uses_its_unmet_text() -> None:
    never = Condition("the moon is blue", "the moon is not blue", lambda ctx: False)
    registry = Registry()
    registry.rule(
        basis=Basis.REQUIREMENT,
        id="X-9-moon",
        part=Part.CENTRE,
        clause="9",
        paraphrase="p",
        applies_if=(never,),
    )(lambda ctx: Outcome.conforms("unreachable", seen=1))
    (found,) = assess(b.conforming_scope(), as_of=AS_OF, registry=registry).findings
    assert (found.status, found.reason) == (Status.NOT_APPLICABLE, "the moon is not blue")


def test_insufficient_evidence_without_agreement_in_force() -> None:
    scope = b.with_agreement(b.conforming_scope(), ends_on=date(2025, 12, 31))
    found = assess(scope, as_of=AS_OF).finding("P1-9-responsibilities")
    assert found.status is Status.INSUFFICIENT_EVIDENCE


def test_needs_review_for_judgement_rule_without_attestation() -> None:
    found = assess(with_attestations(), as_of=AS_OF).finding("P1-9-cooperation")
    assert found.status is Status.NEEDS_REVIEW
    assert found.reason == (
        "needs human judgement: do centre and client work together on changes and "
        "improvements?; no attestation recorded"
    )


def test_waived_by_a_waiver_in_force() -> None:
    scope = b.break_data_policy(b.conforming_scope())
    scope = attrs.evolve(scope, waivers=(waiver("P1-8.3-policy"),))
    found = assess(scope, as_of=AS_OF).finding("P1-8.3-policy")
    assert found.status is Status.WAIVED
    assert (found.waiver_id, found.waiver_expires_on) == ("W-1", date(2026, 6, 30))
    assert found.reason.endswith("(waived by W-1 until 2026-06-30)")


# --- errors -------------------------------------------------------------------------------


def exploding(ctx: RuleContext) -> Outcome:
    raise ValueError("boom in the check")


def with_user_rule(check: object) -> Registry:
    registry = default_registry()
    registry.rule(
        basis=Basis.REQUIREMENT,
        id="X-9-user",
        part=Part.CENTRE,
        clause="9",
        paraphrase="A user rule.",
    )(check)  # type: ignore[arg-type]
    return registry


def test_rule_that_raises_gives_an_error_finding_with_summary() -> None:
    found = assess(b.conforming_scope(), as_of=AS_OF, registry=with_user_rule(exploding))
    error = found.finding("X-9-user")
    assert error.status is Status.ERROR
    assert error.reason == "the rule raised ValueError"
    # The raise is on the line after the def.
    line = exploding.__code__.co_firstlineno + 1
    assert error.error == f"ValueError raised in rule X-9-user (at exploding, line {line})"
    assert (error.error_type, error.error_message) == ("ValueError", "boom in the check")


def test_other_rules_still_run_after_a_rule_raises() -> None:
    found = assess(b.conforming_scope(), as_of=AS_OF, registry=with_user_rule(exploding))
    others = {f.rule_id: f.status for f in found.findings if f.rule_id != "X-9-user"}
    assert others == statuses(b.conforming_scope())


@pytest.mark.parametrize(
    ("returned", "found"),
    [
        ("conforms", "str"),
        (None, "NoneType"),
        (Outcome(status=Status.WAIVED, reason="self-waived"), "waived"),
        (Outcome(status=Status.ERROR, reason="self-errored"), "error"),
    ],
)
def test_rule_returning_an_invalid_outcome_gives_an_error_finding(
    returned: object, found: str
) -> None:
    registry = with_user_rule(lambda ctx: returned)
    error = assess(b.conforming_scope(), as_of=AS_OF, registry=registry).finding("X-9-user")
    assert error.status is Status.ERROR
    assert error.reason == "the rule returned an invalid outcome"
    assert error.error == f"expected an Outcome with a status a check may set, found {found}"


# --- attestations -------------------------------------------------------------------------


def test_attestation_after_as_of_is_ignored() -> None:
    scope = with_attestations(attestation("A-1", date(2026, 4, 2), Verdict.CONFORMS))
    assert statuses(scope)["P1-9-cooperation"] is Status.NEEDS_REVIEW


def test_attestation_on_as_of_counts() -> None:
    scope = with_attestations(attestation("A-1", AS_OF, Verdict.CONFORMS))
    assert statuses(scope)["P1-9-cooperation"] is Status.CONFORMS


@pytest.mark.parametrize("newest_first", [True, False])
@pytest.mark.parametrize(
    ("older", "newer"),
    [
        (Verdict.CONFORMS, Verdict.DOES_NOT_CONFORM),
        (Verdict.DOES_NOT_CONFORM, Verdict.CONFORMS),
    ],
)
def test_latest_attestation_wins(older: Verdict, newer: Verdict, newest_first: bool) -> None:
    # Both document orders, so neither "first" nor "last" can be what decides.
    pair = [
        attestation("A-2", date(2026, 3, 10), newer),
        attestation("A-1", date(2025, 11, 1), older),
    ]
    scope = with_attestations(*(pair if newest_first else pair[::-1]))
    assert statuses(scope)["P1-9-cooperation"].value == newer.value


def test_latest_attestation_on_or_before_as_of_wins_over_a_later_one() -> None:
    # The 2026-05-01 judgement is after AS_OF: the 2026-03-10 one decides.
    scope = with_attestations(
        attestation("A-1", date(2026, 3, 10), Verdict.CONFORMS),
        attestation("A-2", date(2026, 5, 1), Verdict.DOES_NOT_CONFORM),
    )
    assert statuses(scope)["P1-9-cooperation"] is Status.CONFORMS


# --- waivers ------------------------------------------------------------------------------


def broken_policy_with(*waivers: Waiver) -> Scope:
    return attrs.evolve(b.break_data_policy(b.conforming_scope()), waivers=waivers)


@pytest.mark.parametrize("expires_on", [AS_OF, date(2026, 12, 31)])
def test_waiver_is_in_force_through_its_expiry_day(expires_on: date) -> None:
    scope = broken_policy_with(waiver("P1-8.3-policy", expires_on=expires_on))
    assert statuses(scope)["P1-8.3-policy"] is Status.WAIVED


def test_expired_waiver_leaves_the_finding_failing_and_says_so() -> None:
    scope = broken_policy_with(waiver("P1-8.3-policy", expires_on=date(2026, 3, 31)))
    found = assess(scope, as_of=AS_OF)
    policy = found.finding("P1-8.3-policy")
    assert policy.status is Status.DOES_NOT_CONFORM
    assert policy.waiver_id is None
    assert policy.reason.endswith("(waiver W-1 expired on 2026-03-31)")
    assert found.notes == ("waiver W-1 for P1-8.3-policy expired on 2026-03-31",)


def test_waiver_not_yet_granted_changes_nothing() -> None:
    scope = broken_policy_with(waiver("P1-8.3-policy", granted_on=date(2026, 4, 2)))
    found = assess(scope, as_of=AS_OF)
    assert found.finding("P1-8.3-policy").status is Status.DOES_NOT_CONFORM
    assert "waiver" not in found.finding("P1-8.3-policy").reason
    assert found.notes == ()


def test_waiver_does_not_touch_a_conforming_finding() -> None:
    scope = attrs.evolve(b.conforming_scope(), waivers=(waiver("P1-8.3-policy"),))
    found = assess(scope, as_of=AS_OF).finding("P1-8.3-policy")
    assert (found.status, found.waiver_id) == (Status.CONFORMS, None)


def test_waiver_of_another_rule_does_not_waive() -> None:
    scope = broken_policy_with(waiver("P1-8.5-policy"))
    assert statuses(scope)["P1-8.3-policy"] is Status.DOES_NOT_CONFORM


def two_late_complaints(*waivers: Waiver) -> Scope:
    scope = b.break_acknowledge(b.conforming_scope())
    (late,) = scope.complaints
    return attrs.evolve(scope, complaints=(late, attrs.evolve(late, id="cmp-2")), waivers=waivers)


def test_waiver_covering_only_some_records_does_not_waive() -> None:
    scope = two_late_complaints(waiver("P1-4.4-acknowledge", object_ids=("cmp-1",)))
    found = assess(scope, as_of=AS_OF).finding("P1-4.4-acknowledge")
    assert [e.id for e in found.evidence] == ["cmp-1", "cmp-2"]
    assert found.status is Status.DOES_NOT_CONFORM


def test_waiver_covering_every_record_named_waives() -> None:
    scope = two_late_complaints(waiver("P1-4.4-acknowledge", object_ids=("cmp-2", "cmp-1")))
    assert statuses(scope)["P1-4.4-acknowledge"] is Status.WAIVED


def test_latest_expiring_waiver_in_force_is_reported() -> None:
    scope = broken_policy_with(
        waiver("P1-8.3-policy", id="W-1", expires_on=date(2026, 5, 31)),
        waiver("P1-8.3-policy", id="W-2", expires_on=date(2026, 8, 31)),
    )
    found = assess(scope, as_of=AS_OF).finding("P1-8.3-policy")
    assert (found.waiver_id, found.waiver_expires_on) == ("W-2", date(2026, 8, 31))


def test_waiver_naming_an_unknown_rule_is_noted() -> None:
    scope = attrs.evolve(b.conforming_scope(), waivers=(waiver("P1-9-nonexistent"),))
    assert assess(scope, as_of=AS_OF).notes == (
        "waiver W-1 names rule P1-9-nonexistent, which was not run",
    )


def test_attestation_naming_an_unknown_rule_is_noted() -> None:
    stray = attrs.evolve(
        attestation("A-9", date(2026, 3, 1), Verdict.CONFORMS), rule_id="P1-5.1-nonexistent"
    )
    scope = attrs.evolve(
        b.conforming_scope(), attestations=(*b.conforming_scope().attestations, stray)
    )
    assert assess(scope, as_of=AS_OF).notes == (
        "attestation A-9 names rule P1-5.1-nonexistent, which was not run",
    )


# --- parts --------------------------------------------------------------------------------


def part1_registry() -> Registry:
    return Registry([r for r in default_registry() if r.part == 1])


def test_parts_2_runs_only_the_part_2_rules() -> None:
    found = assess(b.conforming_scope(), as_of=AS_OF, parts=[Part.CLIENT])
    part2 = [r.id for r in default_registry() if r.part == 2]
    assert part2
    assert [f.rule_id for f in found.findings] == part2
    assert found.provenance.rules_run == len(part2)
    # The attestation names a Part 1 rule, which was not run.
    assert "attestation att-coop names rule P1-9-cooperation, which was not run" in found.notes


def test_parts_2_with_no_part_2_rule_assesses_nothing() -> None:
    found = assess(
        b.conforming_scope(), as_of=AS_OF, registry=part1_registry(), parts=[Part.CLIENT]
    )
    assert found.findings == ()
    assert found.provenance.rules_run == 0
    assert found.conclusion is Conclusion.INCOMPLETE  # nothing assessed: never "conforms"


def test_parts_2_runs_a_user_part_2_rule_only() -> None:
    registry = part1_registry()
    registry.rule(
        basis=Basis.REQUIREMENT, id="X-P2", part=Part.CLIENT, clause="6.4", paraphrase="p"
    )(lambda ctx: Outcome.conforms("fine", seen=1))
    found = assess(b.conforming_scope(), as_of=AS_OF, registry=registry, parts=[Part.CLIENT])
    assert [(f.rule_id, f.status) for f in found.findings] == [("X-P2", Status.CONFORMS)]


def test_parts_1_runs_every_built_in_part_1_rule() -> None:
    found = assess(b.conforming_scope(), as_of=AS_OF, parts=[Part.CENTRE])
    assert len(found.findings) == len(part1_registry())
    assert {f.part for f in found.findings} == {1}


@pytest.mark.parametrize(("parts", "bad"), [([3], "[3]"), ([1, 3], "[3]"), (["1", 0], "['1', 0]")])
def test_unknown_part_is_refused_naming_the_part_enum(parts: list[object], bad: str) -> None:
    with pytest.raises(
        RuleError,
        match=r"assess\(\): expected parts to hold only an iso18295\.Part \(Part\.CENTRE or"
        rf" Part\.CLIENT\), found {re.escape(bad)}",
    ):
        assess(b.conforming_scope(), as_of=AS_OF, parts=parts)  # type: ignore[arg-type]


def test_the_documented_ints_still_choose_the_parts() -> None:
    by_int = assess(b.conforming_scope(), as_of=AS_OF, parts=[2])  # type: ignore[list-item]
    by_part = assess(b.conforming_scope(), as_of=AS_OF, parts=[Part.CLIENT])
    assert by_int.findings == by_part.findings


# --- determinism and the assessment date --------------------------------------------------


def test_two_runs_give_identical_json_bytes() -> None:
    scope = examples.load_example()
    first = reports.to_json(assess(scope, as_of=examples.EXAMPLE_AS_OF)).encode("utf-8")
    second = reports.to_json(assess(scope, as_of=examples.EXAMPLE_AS_OF)).encode("utf-8")
    assert first == second


def test_findings_are_in_clause_order() -> None:
    found = assess(b.conforming_scope(), as_of=AS_OF)
    keys = [(f.part, tuple(int(n) for n in f.clause.split("."))) for f in found.findings]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # The data-protection policy was approved 2025-09-01 on a 12-month cycle.
        (date(2025, 9, 1), Status.CONFORMS),
        (date(2026, 9, 1), Status.CONFORMS),
        (date(2026, 9, 2), Status.DOES_NOT_CONFORM),
    ],
)
def test_as_of_decides_whether_a_policy_is_current(as_of: date, expected: Status) -> None:
    assert statuses(b.conforming_scope(), as_of=as_of)["P1-8.3-policy"] is expected


def test_as_of_in_the_past_ignores_later_records_not_the_wall_clock() -> None:
    # On 2025-10-01 the complaint (March 2026) has not been received yet.
    found = assess(b.conforming_scope(), as_of=date(2025, 10, 1))
    assert found.as_of == date(2025, 10, 1)
    assert found.provenance.as_of == date(2025, 10, 1)
    assert found.finding("P1-4.4-acknowledge").status is Status.NOT_APPLICABLE


def test_provenance_fingerprints_follow_registry_and_scope() -> None:
    scope = b.conforming_scope()
    found = assess(scope, as_of=AS_OF)
    assert found.provenance.registry_fingerprint == default_registry().fingerprint()
    assert found.provenance.rules_run == len(default_registry())
    assert found.provenance.interactions_fingerprint is None
    changed = assess(b.break_data_policy(scope), as_of=AS_OF)
    assert changed.provenance.scope_fingerprint != found.provenance.scope_fingerprint
    assert assess(scope, as_of=AS_OF).provenance == found.provenance


def test_scope_fingerprint_hashes_the_dumped_document_compact_with_sorted_keys() -> None:
    scope = b.conforming_scope()
    # Independently: re-serialise the indented dump without whitespace, keys sorted.
    document = json.loads(dump_scope_text(scope))
    compact = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256(compact.encode("utf-8")).hexdigest()[:16]
    assert assess(scope, as_of=AS_OF).provenance.scope_fingerprint == expected


def _many_ids(n: int) -> InteractionTable:
    return InteractionTable.from_columns(
        interaction_id=[f"I{i}" for i in range(n)],
        channel_id=["voice"] * n,
        direction=["inbound"] * n,
        client_id=["acme"] * n,
        offered_at=np.full(n, np.datetime64("2026-03-02T09:00", "ns")),
        wait_seconds=np.zeros(n),
        answered=np.ones(n, dtype=bool),
        abandoned=np.zeros(n, dtype=bool),
    )


@pytest.mark.parametrize("n", [3, 200_000], ids=["few", "more labels than one digest update"])
def test_interactions_fingerprint_hashes_each_column_name_bytes_and_labels(n: int) -> None:
    table = _many_ids(n)
    digest = hashlib.sha256()  # independently, with copies: name, bytes, labels per column
    for column in INTERACTION_COLUMNS:
        digest.update(column.name.encode("utf-8") + table[column.name].tobytes())
        if column.kind == "category":
            digest.update("\x1f".join(table.categories(column.name)).encode("utf-8"))
    found = assess(b.conforming_scope(), as_of=AS_OF, interactions=table)
    assert found.provenance.interactions_fingerprint == digest.hexdigest()[:16]


# --- the bundled example ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_assessment() -> object:
    return assess(
        examples.load_example(),
        as_of=examples.EXAMPLE_AS_OF,
        interactions=examples.generate_interactions(),
    )


def test_example_nonconformities_are_exactly_the_planted_gaps(example_assessment) -> None:  # type: ignore[no-untyped-def]
    failing = {
        f.rule_id: (f.status, tuple(e.id for e in f.evidence))
        for f in example_assessment.findings
        if f.status.is_nonconformity
    }
    # From EXAMPLE_GAPS: CMP-2026-0108 never acknowledged; NW0040 in contact before
    # induction and before its Lumen training; plan-bw-voice-2026w10 short on one
    # morning (3 of many intervals: partial; the chat and e-mail plans have rules of their
    # own, and conform); NW-POL-13 overdue.
    assert failing == {
        "P1-4.4-acknowledge": (Status.DOES_NOT_CONFORM, ("CMP-2026-0108",)),
        "P1-6.4-induction": (Status.DOES_NOT_CONFORM, ("NW0040",)),
        "P1-6.4-client-training": (Status.DOES_NOT_CONFORM, ("NW0040",)),
        "P1-7.3-plan-meets-target": (
            Status.PARTIALLY_CONFORMS,
            ("plan-bw-voice-2026w10",),
        ),
        "P1-8.3-policy": (Status.DOES_NOT_CONFORM, ("NW-POL-13",)),
        # The clients' side (Part 2): Brightwater's short notice of a price change; Lumen's
        # missing voice forecast and unassigned customer feedback.
        "P2-6.5-notice": (Status.DOES_NOT_CONFORM, ("IU-BW-2026-03",)),
        "P2-6.7-forecast-per-channel": (Status.DOES_NOT_CONFORM, ("agr-lumen-2024",)),
        "P2-6.9-feedback": (Status.DOES_NOT_CONFORM, ("agr-lumen-2024",)),
    }


def test_example_understaffing_is_on_monday_2_march_from_10_to_11_30(  # type: ignore[no-untyped-def]
    example_assessment,
) -> None:
    reason = example_assessment.finding("P1-7.3-plan-meets-target").reason
    # 10:00-11:30 in half-hour intervals: 10:00, 10:30, 11:00.
    assert reason.startswith("3 of ")
    for start in ("Mon 02 Mar 10:00", "Mon 02 Mar 10:30", "Mon 02 Mar 11:00"):
        assert start in reason


def test_example_other_findings_conform_or_need_review(example_assessment) -> None:  # type: ignore[no-untyped-def]
    others = {f.status for f in example_assessment.findings if not f.status.is_nonconformity}
    assert others <= {Status.CONFORMS, Status.NEEDS_REVIEW}
    assert example_assessment.notes == ()


# --- agent activity -----------------------------------------------------------------------


def _activity() -> tuple[AgentStateTable, ScheduleTable]:
    at = lambda h: datetime(2026, 3, 2, h, tzinfo=UTC)  # noqa: E731 - a local shorthand
    states = AgentStateTable.from_records(
        [("A1", "available", at(9), at(10)), ("A1", "handling", at(10), at(12))]
    )
    schedule = ScheduleTable.from_records([("A1", "contact_work", at(9), at(12))])
    return states, schedule


def test_activity_fingerprints_hash_each_column_name_bytes_and_agent_labels() -> None:
    states, schedule = _activity()
    found = assess(b.conforming_scope(), as_of=AS_OF, agent_states=states, schedule=schedule)
    for table, fingerprint in (
        (states, found.provenance.agent_states_fingerprint),
        (schedule, found.provenance.schedule_fingerprint),
    ):
        digest = hashlib.sha256()  # independently, with copies
        for name in table.column_names:
            digest.update(name.encode("utf-8") + table[name].tobytes())
        digest.update("\x1f".join(table.categories("agent_id")).encode("utf-8"))
        assert fingerprint == digest.hexdigest()[:16]
    plain = assess(b.conforming_scope(), as_of=AS_OF).provenance
    assert (plain.agent_states_fingerprint, plain.schedule_fingerprint) == (None, None)
    empty = assess(
        b.conforming_scope(), as_of=AS_OF, agent_states=AgentStateTable.from_records([])
    ).provenance
    assert empty.agent_states_fingerprint is not None  # supplied, empty: not "not supplied"


def _activity_rule_registry() -> Registry:
    registry = Registry()

    @registry.rule(
        basis=Basis.REQUIREMENT, id="X-9-activity", part=Part.CENTRE, clause="9", paraphrase="p"
    )
    def activity(ctx: RuleContext) -> Outcome:
        states = ctx.agent_state_records()
        plan = ctx.schedule_records()
        return Outcome.conforms(f"{len(states)} states, {len(plan)} scheduled", seen=1)

    return registry


def test_a_rule_needing_agent_activity_gets_insufficient_evidence_naming_it() -> None:
    registry = _activity_rule_registry()
    (found,) = assess(b.conforming_scope(), as_of=AS_OF, registry=registry).findings
    assert found.status is Status.INSUFFICIENT_EVIDENCE
    assert found.missing == ("agent states",)
    assert found.reason.startswith("not supplied: agent states")
    states, schedule = _activity()
    (found,) = assess(
        b.conforming_scope(), as_of=AS_OF, registry=registry, agent_states=states
    ).findings
    assert found.missing == ("schedule",)
    (found,) = assess(
        b.conforming_scope(),
        as_of=AS_OF,
        registry=registry,
        agent_states=AgentStateTable.from_records([]),
        schedule=schedule,
    ).findings
    assert (found.status, found.reason) == (Status.CONFORMS, "0 states, 1 scheduled")
