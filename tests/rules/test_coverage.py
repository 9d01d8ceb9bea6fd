"""Coverage of the standard: every clause of both parts is checked, and published."""

from __future__ import annotations

import pytest

from iso18295 import Outcome, Registry, default_registry
from iso18295._cli import main
from iso18295._rules.basis import Basis, CheckMethod
from iso18295._rules.clauses import CLAUSES, PART1, PART2, Clause, Part
from iso18295._rules.rule import Rule
from iso18295.errors import RuleError

REGISTRY = default_registry()
NON_HEADINGS = [c for c in PART1 + PART2 if not c.heading]


@pytest.mark.parametrize("clause", NON_HEADINGS, ids=lambda c: c.label)
def test_every_clause_of_both_parts_has_a_rule(clause: Clause) -> None:
    assert any(
        r.part == int(clause.part) and r.clause.number == clause.number for r in REGISTRY
    ), f"no rule checks {clause.label} {clause.title}"


def test_every_rule_names_a_clause_of_the_list() -> None:
    for rule in REGISTRY:
        assert CLAUSES[(rule.clause.part, rule.clause.number)] == rule.clause, rule.id


def test_headings_are_exactly_the_clauses_with_sub_clauses() -> None:
    # By hand from the clause lists: Part 1 groups 4, 5, 6, 6.3, 7, 8; Part 2 groups 4, 5, 6.
    headings = {(int(c.part), c.number) for c in PART1 + PART2 if c.heading}
    expected_part1 = {"4", "5", "6", "6.3", "7", "8"}
    expected_part2 = {"4", "5", "6"}
    assert headings == {(1, n) for n in expected_part1} | {(2, n) for n in expected_part2}


def test_a_rule_cannot_name_a_clause_outside_the_list() -> None:
    invented = Clause(Part.CENTRE, "4.9", "Invented")
    with pytest.raises(
        RuleError, match=r"expected a clause of the clause list, found Part 1, 4\.9"
    ):
        Rule(
            id="X-4.9",
            clause=invented,
            paraphrase="p",
            basis=Basis.REQUIREMENT,
            method=CheckMethod.AUTOMATED,
            evidence=(),
            parameters=(),
            conditions=(),
            check=lambda ctx: Outcome.conforms("ok", seen=1),
        )


def test_a_rule_cannot_give_a_listed_number_a_different_title() -> None:
    retitled = Clause(Part.CENTRE, "4.4", "Complaints")
    with pytest.raises(RuleError, match="expected a clause of the clause list"):
        Rule(
            id="X-4.4",
            clause=retitled,
            paraphrase="p",
            basis=Basis.REQUIREMENT,
            method=CheckMethod.AUTOMATED,
            evidence=(),
            parameters=(),
            conditions=(),
            check=lambda ctx: Outcome.conforms("ok", seen=1),
        )


def test_coverage_rows_follow_the_clause_list_and_hold_every_rule_once() -> None:
    rows = REGISTRY.coverage()
    assert [r.clause for r in rows] == list(PART1 + PART2)
    listed = [rule.id for row in rows for rule in row.rules]
    assert sorted(listed) == sorted(r.id for r in REGISTRY)


def test_coverage_counts_methods_and_evidence() -> None:
    registry = Registry()

    @registry.rule(
        id="T-4.4-a",
        basis=Basis.REQUIREMENT,
        part=Part.CENTRE,
        clause="4.4",
        paraphrase="a",
        evidence=("complaints[].id",),
    )
    def a(ctx: object) -> Outcome:
        return Outcome.conforms("a", seen=1)

    @registry.rule(
        id="T-4.4-b",
        basis=Basis.RECOMMENDATION,
        part=Part.CENTRE,
        clause="4.4",
        paraphrase="b",
        method=CheckMethod.JUDGEMENT,
        evidence=("attestations[].verdict", "complaints[].id"),
    )
    def b(ctx: object) -> Outcome:
        return Outcome.conforms("b", seen=1)

    row = next(r for r in registry.coverage() if r.clause == CLAUSES[(Part.CENTRE, "4.4")])
    assert (row.automated, row.judgement) == (1, 1)
    # "centre": every Part 1 rule reads whether the scope has a centre.
    assert row.evidence == ("attestations[].verdict", "centre", "complaints[].id")
    uncovered = next(r for r in registry.coverage() if r.clause == CLAUSES[(Part.CENTRE, "4.5")])
    assert not uncovered.is_covered


def test_cli_coverage_lists_every_clause_and_no_gap(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--coverage"]) == 0
    out = capsys.readouterr().out
    for clause in PART1 + PART2:
        assert f"Part {int(clause.part)} {clause.number:<6} {clause.title}" in out
    assert "NOT COVERED" not in out
