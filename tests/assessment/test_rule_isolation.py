"""A user rule cannot take an assessment or its reports down (issue #18).

Conditions that raise, outcomes of the wrong shape, infinite measurements and
exception messages that quote personal data each stay inside their finding.
"""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import numpy as np
import pytest

import builders as b
from iso18295 import (
    Basis,
    Condition,
    Outcome,
    Part,
    Registry,
    RuleContext,
    Status,
    assess,
    default_registry,
    reports,
)
from iso18295._rules.outcome import Evidence, Measurement

AS_OF: date = b.AS_OF
SENTINEL = "Siobhan O'Sentinel"
"""A person's name a rule's exception quotes; no default report may contain it."""


def registry_with(check: object, *, applies_if: tuple[Condition, ...] = ()) -> Registry:
    registry = default_registry()
    registry.rule(
        basis=Basis.REQUIREMENT,
        id="X-9-user",
        part=Part.CENTRE,
        clause="9",
        paraphrase="A user rule.",
        applies_if=applies_if,
    )(check)  # type: ignore[arg-type]
    return registry


def needs_review(ctx: RuleContext) -> Outcome:
    return Outcome.needs_review("look at it")


def leaking(ctx: RuleContext) -> Outcome:
    raise LookupError(f"no contract for {SENTINEL}")


def test_condition_that_raises_gives_an_error_finding_for_its_rule_only() -> None:
    def explode(ctx: RuleContext) -> bool:
        raise ZeroDivisionError("in the condition")

    condition = Condition("a fact", "the fact is false", explode)
    registry = registry_with(needs_review, applies_if=(condition,))
    assessment = assess(b.conforming_scope(), as_of=AS_OF, registry=registry)
    found = assessment.finding("X-9-user")
    assert (found.status, found.error_type) == (Status.ERROR, "ZeroDivisionError")
    assert found.error is not None
    assert found.error.startswith("ZeroDivisionError raised in rule X-9-user (at explode, line")
    others = [f for f in assessment.findings if f.rule_id != "X-9-user"]
    assert Status.ERROR not in {f.status for f in others}


def test_condition_whose_unmet_text_is_not_a_string_gives_an_error_finding() -> None:
    condition = Condition("a fact", 42, lambda ctx: False)  # type: ignore[arg-type]
    registry = registry_with(needs_review, applies_if=(condition,))
    found = assess(b.conforming_scope(), as_of=AS_OF, registry=registry).finding("X-9-user")
    assert found.status is Status.ERROR
    assert found.error == "reason: expected a str, found int"


@pytest.mark.parametrize(
    ("outcome", "problem"),
    [
        (Outcome.does_not_conform("x", evidence=("agent",)), "evidence[0]: expected an Evidence"),
        (
            Outcome.does_not_conform("x", evidence=(Evidence(kind="agent", id=7),)),  # type: ignore[arg-type]
            "evidence[0].id: expected a str, found int",
        ),
        (
            Outcome.does_not_conform(
                "x", evidence=(Evidence(kind="agent", id="A1", personal=(("name",),)),)
            ),  # type: ignore[arg-type]
            "evidence[0].personal[0]: expected a (label, value) pair, found tuple",
        ),
        (
            Outcome.does_not_conform("x", measurements=(Measurement(name="m", observed="1"),)),  # type: ignore[arg-type]
            "measurements[0].observed: expected a number, found str",
        ),
        (
            Outcome.does_not_conform(
                "x", measurements=(Measurement(name="m", observed=1.0, comparison="above"),)
            ),
            "measurements[0].comparison: expected 'at_least', 'at_most', 'equal' or None",
        ),
        (
            Outcome.does_not_conform("x", measurements=(Measurement(name="m", observed=10**400),)),
            "measurements[0].observed: expected a number a float can hold",
        ),
        (Outcome.does_not_conform("x", measurements="m"), "measurements: expected a tuple"),  # type: ignore[arg-type]
        (Outcome.needs_review(None), "reason: expected a str, found NoneType"),  # type: ignore[arg-type]
    ],
)
def test_malformed_outcome_gives_an_error_finding_and_reports_still_render(
    outcome: Outcome, problem: str
) -> None:
    registry = registry_with(lambda c: outcome)
    assessment = assess(b.conforming_scope(), as_of=AS_OF, registry=registry)
    found = assessment.finding("X-9-user")
    assert (found.status, found.reason) == (Status.ERROR, "the rule returned an invalid outcome")
    assert found.error is not None
    assert found.error.startswith(problem)
    for name in reports.FORMATS:
        assert reports.render(assessment, name)


def test_evidence_and_measurements_given_as_lists_are_kept_as_tuples() -> None:
    evidence = [Evidence(kind="agent", id="A1", fields=["name"])]  # type: ignore[arg-type]
    outcome = Outcome.does_not_conform(
        "x",
        evidence=evidence,
        measurements=[Measurement(name="m", observed=np.int64(3))],  # type: ignore[arg-type]
    )
    found = assess(
        b.conforming_scope(), as_of=AS_OF, registry=registry_with(lambda c: outcome)
    ).finding("X-9-user")
    assert found.status is Status.DOES_NOT_CONFORM
    assert found.evidence == (Evidence(kind="agent", id="A1", fields=("name",)),)
    assert found.measurements == (Measurement(name="m", observed=3.0),)
    assert type(found.measurements[0].observed) is float


def infinite(ctx: RuleContext) -> Outcome:
    m = Measurement(
        name="speed of answer",
        observed=float("inf"),
        expected=float("-inf"),
        comparison="at_most",
        unit="seconds",
        numerator=float("inf"),
        denominator=2.0,
    )
    return Outcome.does_not_conform("too slow", measurements=(m,))


def test_infinite_measurement_renders_in_markdown_as_words() -> None:
    assessment = assess(b.conforming_scope(), as_of=AS_OF, registry=registry_with(infinite))
    text = reports.to_markdown(assessment)
    assert "  - Measured: speed of answer: infinite, expected <= minus infinite" in text


def test_infinite_measurement_is_null_in_valid_json() -> None:
    assessment = assess(b.conforming_scope(), as_of=AS_OF, registry=registry_with(infinite))
    document = json.loads(reports.to_json(assessment))
    jsonschema.validate(document, reports.json_schema())
    (written,) = (f for f in document["findings"] if f["rule_id"] == "X-9-user")
    assert written["measurements"][0]["observed"] is None
    assert written["measurements"][0]["numerator"] is None


@pytest.mark.parametrize("name", ["markdown", "json"])
def test_default_reports_withhold_a_rules_exception_message(name: str) -> None:
    assessment = assess(b.conforming_scope(), as_of=AS_OF, registry=registry_with(leaking))
    text = reports.render(assessment, name)
    assert SENTINEL not in text
    assert "LookupError raised in rule X-9-user" in text
    assert "message withheld (it may hold personal data; include_personal_data=True" in text


@pytest.mark.parametrize("name", ["markdown", "json"])
def test_reports_with_personal_data_show_a_rules_exception_message(name: str) -> None:
    assessment = assess(b.conforming_scope(), as_of=AS_OF, registry=registry_with(leaking))
    assert SENTINEL in reports.render(assessment, name, include_personal_data=True)


def test_json_report_carries_the_error_type() -> None:
    assessment = assess(b.conforming_scope(), as_of=AS_OF, registry=registry_with(leaking))
    document = json.loads(reports.to_json(assessment))
    jsonschema.validate(document, reports.json_schema())
    (written,) = (f for f in document["findings"] if f["rule_id"] == "X-9-user")
    assert written["error_type"] == "LookupError"


def test_exception_whose_str_raises_still_gives_an_error_finding() -> None:
    class HostileError(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    def check(ctx: RuleContext) -> Outcome:
        raise HostileError

    found = assess(b.conforming_scope(), as_of=AS_OF, registry=registry_with(check)).finding(
        "X-9-user"
    )
    assert found.status is Status.ERROR
    assert found.error_message == "(the message could not be rendered)"
