"""Fuzz the engine with hostile user rules: raising, returning garbage, slow but bounded.

Whatever the rules do, `assess` completes with one finding per rule (an
"error" finding for each rule that misbehaved), every report renders, the JSON
report validates against its schema, and a rule's exception message (which may
quote personal data) appears in no default report.
"""

from __future__ import annotations

import json
import time
from datetime import date

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

import builders as b
from fuzz.hostile import json_values, numbers, odd_text
from iso18295 import (
    Basis,
    Condition,
    Outcome,
    Part,
    Registry,
    RuleContext,
    Status,
    assess,
    reports,
)
from iso18295._rules.outcome import Evidence, Measurement

SECRET = "Ms Secret Sentinel"

EXCEPTIONS = (
    ValueError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    RecursionError,
    AttributeError,
    UnicodeEncodeError,
    OverflowError,
    MemoryError,
    StopIteration,
)

any_values = st.one_of(
    json_values, numbers, st.sampled_from([object(), b"bytes", 1j, Status.ERROR])
)

evidence = st.builds(
    Evidence,
    kind=st.one_of(odd_text, any_values),
    id=st.one_of(odd_text, any_values),
    fields=st.one_of(st.tuples(odd_text), any_values),
    personal=st.one_of(st.tuples(st.tuples(odd_text, odd_text)), any_values),
)
measurements = st.builds(
    Measurement,
    name=st.one_of(odd_text, any_values),
    observed=st.one_of(numbers, st.floats(), any_values),
    expected=st.one_of(st.none(), st.floats(), any_values),
    comparison=st.one_of(st.sampled_from([None, "at_least", "at_most", "equal"]), any_values),
    unit=st.one_of(st.none(), odd_text),
    numerator=st.one_of(st.none(), st.floats()),
    denominator=st.one_of(st.none(), st.floats()),
)


def forged(**fields: object) -> Outcome:
    """Return an Outcome holding `fields` as given, past its own checks, as a hostile rule may."""
    outcome = Outcome.needs_review("forged")
    for name, value in fields.items():
        object.__setattr__(outcome, name, value)
    return outcome


outcomes = st.builds(
    forged,
    status=st.one_of(st.sampled_from(Status), any_values),
    reason=st.one_of(odd_text, any_values),
    evidence=st.one_of(st.lists(evidence, max_size=2).map(tuple), any_values),
    measurements=st.one_of(st.lists(measurements, max_size=2).map(tuple), any_values),
    seen=st.one_of(st.integers(min_value=1, max_value=3), any_values),
)


def raising(kind: type[BaseException]) -> object:
    def check(ctx: RuleContext) -> Outcome:
        if kind is UnicodeEncodeError:
            raise UnicodeEncodeError("utf-8", SECRET, 0, 1, "surrogates not allowed")
        raise kind(f"no contract for {SECRET}")  # type: ignore[call-arg]

    return check


def returning(value: object) -> object:
    return lambda ctx: value


def slow(seconds: float) -> object:
    def check(ctx: RuleContext) -> Outcome:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            pass
        return Outcome.needs_review("took its time")

    return check


def condition_raising(kind: type[BaseException]) -> Condition:
    return Condition("a fact", "the fact is false", raising(kind))  # type: ignore[arg-type]


behaviours = st.one_of(
    st.sampled_from(EXCEPTIONS).map(lambda k: ("raises", raising(k), ())),
    outcomes.map(lambda o: ("returns", returning(o), ())),
    any_values.map(lambda v: ("returns", returning(v), ())),
    st.floats(min_value=0, max_value=0.01).map(lambda s: ("slow", slow(s), ())),
    st.sampled_from(EXCEPTIONS).map(
        lambda k: ("condition", returning(Outcome.needs_review("x")), (condition_raising(k),))
    ),
)


@given(st.lists(behaviours, min_size=1, max_size=4), st.booleans())
def test_hostile_rules_never_stop_an_assessment_or_its_reports(
    rules: list[tuple[str, object, tuple[Condition, ...]]], needs_findings: bool
) -> None:
    registry = Registry(part=Part.CENTRE, clause="9")
    for i, (_, check, conditions) in enumerate(rules):
        registry.rule(
            id=f"X-9-hostile-{i}",
            basis=Basis.REQUIREMENT,
            paraphrase="A hostile rule.",
            applies_if=conditions,
            needs_findings=needs_findings and i % 2 == 1,
        )(check)  # type: ignore[arg-type]
    assessment = assess(b.conforming_scope(), as_of=date(2026, 4, 1), registry=registry)
    assert len(assessment.findings) == len(rules)
    for (kind, _, _), finding in zip(
        rules,
        sorted(assessment.findings, key=lambda f: int(f.rule_id.rsplit("-", 1)[1])),
        strict=True,
    ):
        if kind in ("raises", "condition"):
            assert finding.status is Status.ERROR
            assert finding.error_type is not None
        if finding.status is Status.ERROR:
            assert finding.error
    for name in reports.FORMATS:
        text = reports.render(assessment, name)
        text.encode("utf-8")
        assert SECRET not in text
    jsonschema.validate(json.loads(reports.to_json(assessment)), reports.json_schema())
