"""Scores and the conclusion: the documented formula, checked on hand-worked examples."""

from __future__ import annotations

from collections import Counter
from datetime import date

import attrs
import pytest

import builders as b
from iso18295 import (
    Assessment,
    Basis,
    CheckMethod,
    Conclusion,
    Finding,
    Outcome,
    Part,
    Registry,
    Rule,
    RuleContext,
    Status,
    assess,
    default_registry,
    examples,
)
from iso18295._assessment.scoring import conclude, score
from iso18295.errors import UnknownIdError

AS_OF: date = b.AS_OF


def finding(status: Status, *, basis: Basis = Basis.REQUIREMENT, clause: str = "4.4") -> Finding:
    return Finding(
        rule_id=f"r-{status.value}",
        part=Part.CENTRE,
        clause=clause,
        clause_title="t",
        basis=basis,
        method=CheckMethod.AUTOMATED,
        status=status,
        reason="",
        as_of=AS_OF,
    )


def many(**counts: int) -> list[Finding]:
    return [finding(Status(name)) for name, n in counts.items() for _ in range(n)]


# --- the formula --------------------------------------------------------------------------


def test_score_of_every_status_mixed() -> None:
    # 3 conforms, 2 partial, 1 does not conform -> decided 6, points 3 + 0.5 * 2 = 4,
    # score 4 / 6.  Plus 1 not applicable, 1 waived, 1 insufficient, 1 review, 1 error:
    # applicable = 11 - 1 = 10, coverage = 6 / 10.
    s = score(
        many(
            conforms=3,
            partially_conforms=2,
            does_not_conform=1,
            not_applicable=1,
            waived=1,
            insufficient_evidence=1,
            needs_review=1,
            error=1,
        )
    )
    assert s.value == pytest.approx(4 / 6)
    assert (s.decided, s.applicable) == (6, 10)
    assert s.coverage == pytest.approx(0.6)


def test_score_counts_follow_status_order_without_zeros() -> None:
    s = score(many(error=2, conforms=1, needs_review=1))
    assert s.counts == ((Status.CONFORMS, 1), (Status.NEEDS_REVIEW, 1), (Status.ERROR, 2))


def test_score_of_only_partial_findings_is_one_half() -> None:
    # (0 + 0.5 * 4) / 4 = 0.5.
    assert score(many(partially_conforms=4)).value == 0.5


def test_waived_findings_are_left_out_of_the_score() -> None:
    # 1 conforms, 3 waived: decided 1, score 1 / 1; applicable 4, coverage 1 / 4.
    s = score(many(conforms=1, waived=3))
    assert (s.value, s.decided, s.applicable, s.coverage) == (1.0, 1, 4, 0.25)


def test_nothing_decided_has_no_score_but_zero_coverage() -> None:
    s = score(many(needs_review=2, not_applicable=1))
    assert (s.value, s.decided, s.applicable, s.coverage) == (None, 0, 2, 0.0)


def test_only_not_applicable_has_no_score_and_no_coverage() -> None:
    s = score(many(not_applicable=3))
    assert (s.value, s.decided, s.applicable, s.coverage) == (None, 0, 0, None)


def test_no_findings_has_no_score() -> None:
    s = score([])
    assert (s.value, s.decided, s.applicable, s.coverage, s.counts) == (None, 0, 0, None, ())


# --- the conclusion -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        # A requirement not met, or only partly met, is a nonconformity.
        ([finding(Status.DOES_NOT_CONFORM)], Conclusion.DOES_NOT_CONFORM),
        ([finding(Status.PARTIALLY_CONFORMS)], Conclusion.DOES_NOT_CONFORM),
        # ... even when other rules are undecided.
        ([finding(Status.DOES_NOT_CONFORM), finding(Status.ERROR)], Conclusion.DOES_NOT_CONFORM),
        # A recommendation (or our interpretation) not met is not...
        (
            [
                finding(Status.DOES_NOT_CONFORM, basis=Basis.RECOMMENDATION),
                finding(Status.DOES_NOT_CONFORM, basis=Basis.INTERPRETATION),
                finding(Status.CONFORMS),
            ],
            Conclusion.CONFORMS,
        ),
        # ... but no requirement shown met is no conformity either.
        (
            [finding(Status.CONFORMS, basis=Basis.RECOMMENDATION)],
            Conclusion.INCOMPLETE,
        ),
        (
            [
                finding(Status.PARTIALLY_CONFORMS, basis=Basis.RECOMMENDATION),
                finding(Status.NEEDS_REVIEW),
            ],
            Conclusion.INCOMPLETE,
        ),
        # Undecided rules make it incomplete.
        ([finding(Status.CONFORMS), finding(Status.NEEDS_REVIEW)], Conclusion.INCOMPLETE),
        ([finding(Status.INSUFFICIENT_EVIDENCE)], Conclusion.INCOMPLETE),
        ([finding(Status.ERROR)], Conclusion.INCOMPLETE),
        # Waived and not applicable do not fail, but nothing was shown to conform either.
        ([finding(Status.WAIVED), finding(Status.NOT_APPLICABLE)], Conclusion.INCOMPLETE),
        ([finding(Status.WAIVED), finding(Status.CONFORMS)], Conclusion.CONFORMS),
        ([], Conclusion.INCOMPLETE),
        ([finding(Status.CONFORMS)], Conclusion.CONFORMS),
    ],
)
def test_conclusion_rules(findings: list[Finding], expected: Conclusion) -> None:
    assert conclude(findings) is expected


def part1_rules() -> list[Rule]:
    return [r for r in default_registry() if r.part == 1]


def test_recommendation_failing_in_a_full_assessment_still_conforms() -> None:
    # P1-9-cooperation is a recommendation: attested "does not conform", the other
    # n - 1 applicable Part 1 rules conform (the chat and e-mail plan rules are not
    # applicable: no such channel).  Score (n - 1) / n, conclusion "conforms".
    n = len(part1_rules()) - len(b.PLANNING_MODEL_RULES)
    found = assess(
        b.break_cooperation(b.conforming_scope()),
        as_of=AS_OF,
        parts=[Part.CENTRE],
        interactions=b.conforming_interactions(),
    )
    assert found.conclusion is Conclusion.CONFORMS
    assert found.overall.value == pytest.approx((n - 1) / n)


def test_requirement_failing_in_a_full_assessment_does_not_conform() -> None:
    found = assess(b.break_data_policy(b.conforming_scope()), as_of=AS_OF)
    assert found.conclusion is Conclusion.DOES_NOT_CONFORM


def test_missing_attestation_makes_the_full_assessment_incomplete() -> None:
    scope = attrs.evolve(b.conforming_scope(), attestations=())
    found = assess(
        scope, as_of=AS_OF, parts=[Part.CENTRE], interactions=b.conforming_interactions()
    )
    assert found.conclusion is Conclusion.INCOMPLETE
    # The j judgement rules need review; the other n - j applicable Part 1 rules are
    # decided (all conform) of n applicable (not the chat and e-mail plan rules).
    n = len(part1_rules()) - len(b.PLANNING_MODEL_RULES)
    j = sum(r.method is CheckMethod.JUDGEMENT for r in part1_rules())
    assert j == 6
    assert (found.overall.value, found.overall.decided, found.overall.applicable) == (
        1.0,
        n - j,
        n,
    )
    assert found.overall.coverage == pytest.approx((n - j) / n)


# --- per-part and per-clause scores -------------------------------------------------------


def fixed(status: Status) -> object:
    def check(ctx: RuleContext) -> Outcome:
        return Outcome(status=status, reason=status.value, seen=1)

    return check


def mixed_registry() -> Registry:
    """Rules in two parts and four clauses with known statuses (see the sums below)."""
    registry = Registry()
    plan = [
        ("a1", 1, "4.4", Status.CONFORMS),
        ("a2", 1, "4.4", Status.PARTIALLY_CONFORMS),
        ("a3", 1, "4.4", Status.NEEDS_REVIEW),
        ("b1", 1, "9", Status.DOES_NOT_CONFORM),
        ("b2", 1, "9", Status.CONFORMS),
        ("c1", 2, "6.4", Status.CONFORMS),
        ("c2", 2, "6.4", Status.INSUFFICIENT_EVIDENCE),
        ("d1", 2, "5.9", Status.PARTIALLY_CONFORMS),
    ]
    for rule_id, part, clause, status in plan:
        registry.rule(
            basis=Basis.REQUIREMENT, id=rule_id, part=part, clause=clause, paraphrase="p"
        )(fixed(status))  # type: ignore[arg-type]
    return registry


@pytest.fixture(scope="module")
def mixed() -> Assessment:
    return assess(b.conforming_scope(), as_of=AS_OF, registry=mixed_registry())


def test_part_and_clause_scores_by_hand(mixed: Assessment) -> None:
    # Part 1, 4.4: (1 + 0.5) / 2 = 0.75, 2 decided of 3.   Part 1, 9: 1 / 2 = 0.5.
    # Part 1: (2 + 0.5) / 4 = 0.625.   Part 2, 5.9: 0.5 / 1.   Part 2, 6.4: 1 / 1.
    # Part 2: (1 + 0.5) / 2 = 0.75.   Overall: (3 + 1) / 6 = 2/3, 6 decided of 8.
    expected = {
        (None, None): (2 / 3, 6, 8),
        (1, None): (0.625, 4, 5),
        (2, None): (0.75, 2, 3),
        (1, "4.4"): (0.75, 2, 3),
        (1, "9"): (0.5, 2, 2),
        (2, "5.9"): (0.5, 1, 1),
        (2, "6.4"): (1.0, 1, 2),
    }
    got = {(s.part, s.clause): (s.value, s.decided, s.applicable) for s in mixed.scores}
    assert got.keys() == expected.keys()
    for key, (value, decided, applicable) in expected.items():
        assert got[key][0] == pytest.approx(value)
        assert got[key][1:] == (decided, applicable)


def test_scores_are_ordered_overall_parts_then_clauses(mixed: Assessment) -> None:
    order = [(s.part, s.clause) for s in mixed.scores]
    assert order == [
        (None, None),
        (1, None),
        (2, None),
        (1, "4.4"),
        (1, "9"),
        (2, "5.9"),
        (2, "6.4"),
    ]


def _sum_counts(scores: list) -> Counter[Status]:  # type: ignore[type-arg]
    total: Counter[Status] = Counter()
    for s in scores:
        total.update(dict(s.counts))
    return total


@pytest.mark.parametrize("which", ["mixed", "example"])
def test_clause_scores_add_up_to_part_scores(which: str, mixed: Assessment) -> None:
    found = (
        mixed
        if which == "mixed"
        else assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
    )
    parts = [s for s in found.scores if s.part is not None and s.clause is None]
    for part in parts:
        clauses = [s for s in found.scores if s.part == part.part and s.clause is not None]
        assert sum(s.decided for s in clauses) == part.decided
        assert sum(s.applicable for s in clauses) == part.applicable
        assert _sum_counts(clauses) == Counter(dict(part.counts))
    assert sum(p.decided for p in parts) == found.overall.decided
    assert sum(p.applicable for p in parts) == found.overall.applicable
    assert _sum_counts(parts) == Counter(dict(found.overall.counts))
    assert sum(n for _, n in found.overall.counts) == len(found.findings)


def test_score_of_looks_up_a_part_or_clause(mixed: Assessment) -> None:
    assert mixed.score_of(part=Part.CENTRE, clause="9").value == 0.5
    assert mixed.score_of(part=Part.CLIENT).decided == 2
    with pytest.raises(KeyError):
        mixed.score_of(part=Part.CENTRE, clause="8.5")


def test_score_of_takes_the_documented_ints_as_parts(mixed: Assessment) -> None:
    assert mixed.score_of(part=1, clause="9") is mixed.score_of(part=Part.CENTRE, clause="9")  # type: ignore[arg-type]
    assert mixed.score_of(part=2) is mixed.score_of(part=Part.CLIENT)  # type: ignore[arg-type]
    assert mixed.score_of(part=Part.CLIENT).part is Part.CLIENT


@pytest.mark.parametrize("part", ["1", 3, True])
def test_score_of_anything_else_is_an_unknown_part(mixed: Assessment, part: object) -> None:
    with pytest.raises(UnknownIdError, match=r"expected the id of a part and clause scored"):
        mixed.score_of(part=part)  # type: ignore[arg-type]


def test_basis_of_a_rule_reaches_its_finding() -> None:
    registry = Registry()
    registry.rule(
        id="rec", part=Part.CENTRE, clause="9", paraphrase="p", basis=Basis.RECOMMENDATION
    )(fixed(Status.DOES_NOT_CONFORM))  # type: ignore[arg-type]
    registry.rule(id="req", part=Part.CENTRE, clause="9", paraphrase="p", basis=Basis.REQUIREMENT)(
        fixed(Status.CONFORMS)
    )  # type: ignore[arg-type]
    found = assess(b.conforming_scope(), as_of=AS_OF, registry=registry)
    assert found.finding("rec").basis is Basis.RECOMMENDATION
    assert found.conclusion is Conclusion.CONFORMS
