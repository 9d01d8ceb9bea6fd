"""Reports: the JSON schema, personal data, the Markdown layout, formats, NaN."""

from __future__ import annotations

import json
import re

import attrs
import pytest
from jsonschema import Draft202012Validator

import builders as b
from iso18295 import (
    Assessment,
    Attestation,
    Basis,
    Outcome,
    Part,
    Status,
    assess,
    default_registry,
    reports,
)
from iso18295.errors import ReportError
from report_assessments import AGENT_SENTINEL, AS_OF, CUSTOMER_SENTINEL

# --- JSON and its schema ------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = reports.json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_json_schema_returns_a_fresh_copy() -> None:
    first = reports.json_schema()
    first["title"] = "changed"
    assert reports.json_schema()["title"] == "iso18295 assessment report"


def test_every_status_assessment_has_every_status(every_status: Assessment) -> None:
    assert {f.status for f in every_status.findings} == set(Status)


@pytest.mark.parametrize("personal", [False, True])
@pytest.mark.parametrize("which", ["example", "every_status"])
def test_json_validates_against_schema(
    which: str, personal: bool, request: pytest.FixtureRequest
) -> None:
    assessment = request.getfixturevalue(which)
    document = json.loads(reports.to_json(assessment, include_personal_data=personal))
    errors = sorted(Draft202012Validator(reports.json_schema()).iter_errors(document), key=str)
    assert errors == []


def test_schema_rejects_a_report_with_an_unknown_status(every_status: Assessment) -> None:
    # The validation above can fail: a made-up status is refused.
    document = reports.to_dict(every_status)
    document["findings"][0]["status"] = "sort_of"  # type: ignore[index]
    assert not Draft202012Validator(reports.json_schema()).is_valid(document)


def test_json_mirrors_the_assessment(every_status: Assessment) -> None:
    document = json.loads(reports.to_json(every_status))
    assert document["report_version"] == reports.REPORT_VERSION == 2
    assert document["as_of"] == "2026-04-01"
    assert document["conclusion"] == "does_not_conform"
    assert [(f["rule_id"], f["status"]) for f in document["findings"]] == [
        (f.rule_id, f.status.value) for f in every_status.findings
    ]
    assert document["notes"] == ["waiver W-0 for P1-8.3-policy expired on 2025-12-31"]
    assert document["personal_data_included"] is False


def test_json_equals_to_dict(every_status: Assessment) -> None:
    assert json.loads(reports.to_json(every_status)) == reports.to_dict(every_status)


def test_json_records_waiver_and_error(every_status: Assessment) -> None:
    findings = {f["rule_id"]: f for f in reports.to_dict(every_status)["findings"]}  # type: ignore[union-attr]
    assert findings["P1-8.5-policy"]["waiver"] == {"id": "W-1", "expires_on": "2026-06-30"}
    assert findings["P1-8.3-policy"]["waiver"] is None
    error = findings["X-9-raises"]["error"]
    assert error.startswith("RuntimeError raised in rule X-9-raises (at ")
    assert findings["X-9-raises"]["error_type"] == "RuntimeError"


def test_nan_measurements_become_null(every_status: Assessment) -> None:
    text = reports.to_json(every_status)
    assert "NaN" not in text
    findings = {f["rule_id"]: f for f in json.loads(text)["findings"]}
    undefined, odd = findings["X-9-undefined"]["measurements"]
    assert (undefined["observed"], undefined["expected"]) == (None, 1.0)
    assert (undefined["numerator"], undefined["denominator"]) == (0, 0)
    assert (odd["observed"], odd["numerator"], odd["denominator"]) == (0.5, 1, None)


def test_nan_measurement_reads_as_no_value_in_markdown(every_status: Assessment) -> None:
    # NaN share of 0/0 against an expected 1.0 share (100.0 %).
    assert (
        "  - Measured: share of nothing: no value (0/0), expected >= 100.0 %"
        in reports.to_markdown(every_status).splitlines()
    )


def test_undecided_score_value_is_null() -> None:
    # Only a judgement rule, no attestation: nothing decided, so no score.
    scope = attrs.evolve(b.conforming_scope(), attestations=())
    registry = default_registry()
    only = type(registry)([registry.get("P1-9-cooperation")])
    document = reports.to_dict(assess(scope, as_of=AS_OF, registry=only))
    overall = document["scores"][0]  # type: ignore[index]
    assert (overall["value"], overall["coverage"], overall["decided"]) == (None, 0.0, 0)


# --- personal data ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", reports.FORMATS)
def test_personal_data_is_left_out_by_default(sentinel: Assessment, fmt: str) -> None:
    text = reports.render(sentinel, fmt)
    assert CUSTOMER_SENTINEL not in text
    assert AGENT_SENTINEL not in text
    assert "Pat Auditor" not in text  # the attestation's author


@pytest.mark.parametrize("fmt", reports.FORMATS)
def test_personal_data_is_shown_when_asked(sentinel: Assessment, fmt: str) -> None:
    text = reports.render(sentinel, fmt, include_personal_data=True)
    assert CUSTOMER_SENTINEL in text
    assert AGENT_SENTINEL in text


def test_sentinel_records_are_the_failing_ones(sentinel: Assessment) -> None:
    # The sentinels must sit on findings that the reports list in detail.
    assert sentinel.finding("P1-4.4-acknowledge").status is Status.DOES_NOT_CONFORM
    assert sentinel.finding("P1-6.4-induction").status is Status.DOES_NOT_CONFORM


def test_personal_data_in_json_sits_under_personal(sentinel: Assessment) -> None:
    document = reports.to_dict(sentinel, include_personal_data=True)
    findings = {f["rule_id"]: f for f in document["findings"]}  # type: ignore[union-attr]
    (complaint,) = findings["P1-4.4-acknowledge"]["evidence"]
    (agent,) = findings["P1-6.4-induction"]["evidence"]
    assert complaint["id"] == "cmp-late"
    assert complaint["personal"] == {"customer_reference": CUSTOMER_SENTINEL}
    assert agent["personal"] == {"name": AGENT_SENTINEL}
    assert document["personal_data_included"] is True
    default = reports.to_dict(sentinel)
    assert all(
        "personal" not in e
        for f in default["findings"]  # type: ignore[union-attr]
        for e in f["evidence"]
    )


# --- Markdown layout ----------------------------------------------------------------------


def test_markdown_starts_with_title_and_summary_before_nonconformities(
    example: Assessment,
) -> None:
    lines = reports.to_markdown(example).splitlines()
    assert lines[0] == "# ISO 18295 assessment: Northwind Contact Services, March 2026"
    conclusion = lines.index("**Conclusion: does not conform.**")
    # Conforming findings count 1, partial ones 0.5, the rest 0, over the decided ones
    # (all but "needs review" and "insufficient evidence"); the example has no waiver,
    # error or not-applicable finding.
    statuses = [f.status for f in example.findings]
    conforming = statuses.count(Status.CONFORMS)
    partial = statuses.count(Status.PARTIALLY_CONFORMS)
    open_ = statuses.count(Status.NEEDS_REVIEW) + statuses.count(Status.INSUFFICIENT_EVIDENCE)
    decided = len(statuses) - open_
    value, coverage = (conforming + partial / 2) / decided, decided / len(statuses)
    score = lines.index(
        f"Score {100 * value:.1f} % on {decided} decided of {len(statuses)} applicable "
        f"findings (coverage {100 * coverage:.1f} %)."
    )
    nonconformities = lines.index("## Nonconformities")
    assert conclusion < score < nonconformities
    assert not any(line.startswith("## ") for line in lines[:nonconformities])


def nonconformity_headings(markdown: str) -> dict[str, str]:
    """Map each rule listed under "Nonconformities" to the ### heading above it."""
    section = markdown.split("## Nonconformities\n", 1)[1].split("\n## ", 1)[0]
    heading, placed = "", {}
    for line in section.splitlines():
        if line.startswith("### "):
            heading = line[4:]
        elif found := re.match(r"- \*\*(\S+)\*\*", line):
            placed[found.group(1)] = heading
    return placed


def test_markdown_groups_nonconformities_by_clause(example: Assessment) -> None:
    placed = nonconformity_headings(reports.to_markdown(example))
    assert placed == {
        "P1-4.4-acknowledge": "Part 1, 4.4 Complaints handling",
        "P1-6.4-client-training": "Part 1, 6.4 Skills development",
        "P1-6.4-induction": "Part 1, 6.4 Skills development",
        "P1-7.3-plan-meets-target": "Part 1, 7.3 Workforce planning",
        "P1-8.3-policy": "Part 1, 8.3 Customer data",
        "P2-6.5-notice": "Part 2, 6.5 Communication of information to the CCC",
        "P2-6.7-forecast-per-channel": "Part 2, 6.7 Forecasting and planning",
        "P2-6.9-feedback": "Part 2, 6.9 Customer feedback",
    }


def test_markdown_each_clause_heading_appears_once(example: Assessment) -> None:
    markdown = reports.to_markdown(example)
    assert markdown.count("### Part 1, 6.4 Skills development") == 1


def test_markdown_lists_open_waived_and_notes(every_status: Assessment) -> None:
    markdown = reports.to_markdown(every_status)
    order = [
        markdown.index("## Nonconformities"),
        markdown.index("## Open: needs review, insufficient evidence, errors"),
        markdown.index("## Waived"),
        markdown.index("## Conforming and not applicable"),
        markdown.index("## Notes"),
    ]
    assert order == sorted(order)
    assert "- waiver W-0 for P1-8.3-policy expired on 2025-12-31" in markdown
    assert "  - Error: RuntimeError raised in rule X-9-raises (at exploding" in markdown


def test_render_matches_the_format_functions(example: Assessment) -> None:
    assert reports.render(example, "markdown") == reports.to_markdown(example)
    assert reports.render(example, "json") == reports.to_json(example)


@pytest.mark.parametrize("fmt", ["pdf", "JSON", ""])
def test_render_unknown_format_is_refused(example: Assessment, fmt: str) -> None:
    with pytest.raises(ReportError, match=rf"render\(\): expected format in .*found '{fmt}'"):
        reports.render(example, fmt)


def test_markdown_escapes_pipes_in_table_cells() -> None:
    registry = type(default_registry())()
    registry.rule(
        basis=Basis.REQUIREMENT, id="X-9-pipe", part=Part.CENTRE, clause="9", paraphrase="p"
    )(lambda ctx: Outcome.conforms("a | b", seen=1))
    markdown = reports.to_markdown(assess(b.conforming_scope(), as_of=AS_OF, registry=registry))
    assert "| X-9-pipe | 1: 9 | conforms | a \\| b |" in markdown


def test_attestation_evidence_is_reported_by_id() -> None:
    found = assess(b.break_cooperation(b.conforming_scope()), as_of=AS_OF)
    (evidence,) = found.finding("P1-9-cooperation").evidence
    assert (evidence.kind, evidence.id) == ("attestation", "att-coop")
    assert evidence.personal == (("attested_by", "Pat Auditor"),)
    assert isinstance(b.conforming_scope().attestations[0], Attestation)
