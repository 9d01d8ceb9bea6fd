"""The CI, GRC, spreadsheet and HTML formats, each read back by a reader we did not write."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import attrs
import junitparser
import pytest
from jsonschema import Draft4Validator
from trestle.oscal.assessment_results import AssessmentResults

import builders as b
from iso18295 import (
    Assessment,
    Basis,
    Outcome,
    Part,
    Status,
    assess,
    default_registry,
    examples,
    reports,
)
from report_assessments import AS_OF, every_status_assessment

DATA = Path(__file__).resolve().parents[1] / "data"
NONCONFORMITIES = (Status.DOES_NOT_CONFORM, Status.PARTIALLY_CONFORMS)


# --- every format ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", reports.FORMATS)
def test_same_assessment_gives_the_same_bytes(fmt: str) -> None:
    # Two separate runs on the same input: not the same objects, the same report.
    first = reports.render(every_status_assessment(), fmt, include_personal_data=True)
    second = reports.render(every_status_assessment(), fmt, include_personal_data=True)
    assert first.encode() == second.encode()


@pytest.mark.parametrize("fmt", reports.FORMATS)
def test_example_renders_the_same_twice(example: Assessment, fmt: str) -> None:
    assert reports.render(example, fmt) == reports.render(example, fmt)


def test_render_matches_every_format_function(example: Assessment) -> None:
    functions = {
        "markdown": reports.to_markdown,
        "json": reports.to_json,
        "html": reports.to_html,
        "junit": reports.to_junit,
        "sarif": reports.to_sarif,
        "oscal": reports.to_oscal,
        "csv": reports.to_csv,
    }
    assert tuple(functions) == reports.FORMATS
    for fmt, function in functions.items():
        assert reports.render(example, fmt) == function(example), fmt


# --- CSV, read with the standard library ------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("which", ["example", "every_status"])
def test_csv_has_one_row_per_finding(which: str, request: pytest.FixtureRequest) -> None:
    assessment: Assessment = request.getfixturevalue(which)
    rows = csv_rows(reports.to_csv(assessment))
    assert [
        (r["part"], r["clause"], r["rule_id"], r["basis"], r["method"], r["status"], r["reason"])
        for r in rows
    ] == [
        (str(int(f.part)), f.clause, f.rule_id, f.basis, f.method, f.status, f.reason)
        for f in assessment.findings
    ]


def test_csv_header_and_line_ends(example: Assessment) -> None:
    text = reports.to_csv(example)
    assert text.split("\r\n", 1)[0] == ",".join(reports.CSV_COLUMNS)
    assert text.count("\r\n") == len(example.findings) + 1
    assert "\n" not in text.replace("\r\n", "")


def test_csv_keeps_subjects_measurements_waiver_and_error(every_status: Assessment) -> None:
    rows = {r["rule_id"]: r for r in csv_rows(reports.to_csv(every_status))}
    assert rows["P1-8.3-policy"]["subjects"] == "policies[pol-dp]"
    assert rows["P1-8.5-policy"]["waiver"] == "W-1 until 2026-06-30"
    error = rows["X-9-raises"]["error"]
    assert error.startswith("RuntimeError raised in rule X-9-raises")
    assert "the check fell over" not in error  # the message is withheld unless asked for
    # NaN share of 0/0 against an expected 1.0 share.
    assert rows["X-9-undefined"]["measurements"].startswith(
        "share of nothing: no value (0/0), expected >= 100.0 %"
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_read_as_formulas_get_an_apostrophe(start: str) -> None:
    registry = type(default_registry())()
    reason = f"{start}HYPERLINK(1)"
    registry.rule(
        basis=Basis.REQUIREMENT, id="X-9-formula", part=Part.CENTRE, clause="9", paraphrase="p"
    )(lambda ctx: Outcome.conforms(reason, seen=1))
    found = assess(b.conforming_scope(), as_of=AS_OF, registry=registry)
    (row,) = csv_rows(reports.to_csv(found))
    assert row["reason"] == "'" + reason


def test_csv_personal_data_column_only_when_asked(sentinel: Assessment) -> None:
    assert "personal_data" not in csv_rows(reports.to_csv(sentinel))[0]
    rows = {
        r["rule_id"]: r for r in csv_rows(reports.to_csv(sentinel, include_personal_data=True))
    }
    assert rows["P1-4.4-acknowledge"]["personal_data"] == (
        "customer_reference: ZZ-CUSTOMER-SENTINEL-917"
    )


# --- JUnit XML, read with junitparser ---------------------------------------------------------


def junit_cases(text: str) -> list[junitparser.TestCase]:
    xml = junitparser.JUnitXml.fromstring(text)
    return [case for suite in xml for case in suite]


@pytest.mark.parametrize("which", ["example", "every_status"])
def test_junit_has_a_test_case_per_finding(which: str, request: pytest.FixtureRequest) -> None:
    assessment: Assessment = request.getfixturevalue(which)
    text = reports.to_junit(assessment)
    xml = junitparser.JUnitXml.fromstring(text)
    statuses = Counter(f.status for f in assessment.findings)
    assert sum(suite.tests for suite in xml) == len(assessment.findings)
    assert sum(suite.failures for suite in xml) == sum(statuses[s] for s in NONCONFORMITIES)
    assert sum(suite.errors for suite in xml) == statuses[Status.ERROR]
    cases = junit_cases(text)
    assert [(c.classname, c.name) for c in cases] == [
        (f"P{int(f.part)}-{f.clause}", f.rule_id) for f in assessment.findings
    ]


def test_junit_maps_each_status(every_status: Assessment) -> None:
    cases = {c.name: c for c in junit_cases(reports.to_junit(every_status))}
    kinds = {
        f.rule_id: sorted(type(r).__name__ for r in cases[f.rule_id].result)
        for f in every_status.findings
    }
    by_status = {f.status: kinds[f.rule_id] for f in every_status.findings}
    assert by_status == {
        Status.CONFORMS: [],
        Status.PARTIALLY_CONFORMS: ["Failure"],
        Status.DOES_NOT_CONFORM: ["Failure"],
        Status.NOT_APPLICABLE: ["Skipped"],
        Status.INSUFFICIENT_EVIDENCE: ["Skipped"],
        Status.NEEDS_REVIEW: ["Skipped"],
        Status.WAIVED: ["Skipped"],
        Status.ERROR: ["Error"],
    }
    (failure,) = cases["P1-8.3-policy"].result
    assert failure.message.startswith("does not conform: data-protection policy")


def test_junit_replaces_characters_xml_cannot_hold() -> None:
    registry = type(default_registry())()
    registry.rule(
        basis=Basis.REQUIREMENT, id="X-9-control", part=Part.CENTRE, clause="9", paraphrase="p"
    )(lambda ctx: Outcome.does_not_conform("bell \x07 here"))
    found = assess(b.conforming_scope(), as_of=AS_OF, registry=registry)
    (case,) = junit_cases(reports.to_junit(found))
    (failure,) = case.result
    assert failure.message == "does not conform: bell \ufffd here"


# --- SARIF, validated against the OASIS schema ------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


@pytest.mark.parametrize("document", [None, "centres/northwind.toml"])
@pytest.mark.parametrize("which", ["example", "every_status", "sentinel"])
def test_sarif_validates_against_the_oasis_schema(
    which: str,
    document: str | None,
    sarif_validator: Draft4Validator,
    request: pytest.FixtureRequest,
) -> None:
    assessment: Assessment = request.getfixturevalue(which)
    for personal in (False, True):
        log = json.loads(
            reports.to_sarif(assessment, include_personal_data=personal, scope_document=document)
        )
        assert sorted(sarif_validator.iter_errors(log), key=str) == []


def test_sarif_schema_check_can_fail(
    example: Assessment, sarif_validator: Draft4Validator
) -> None:
    log = json.loads(reports.to_sarif(example))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not sarif_validator.is_valid(log)


def test_sarif_describes_every_registry_rule(example: Assessment) -> None:
    run = json.loads(reports.to_sarif(example))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    registry = list(default_registry())
    assert [r["id"] for r in rules] == [r.id for r in registry]
    first = rules[0]
    assert first["shortDescription"]["text"] == registry[0].paraphrase
    assert first["properties"]["clause"] == registry[0].clause.number
    assert first["properties"]["basis"] == registry[0].basis
    assert first["properties"]["method"] == registry[0].method


def test_sarif_has_one_result_per_nonconformity(every_status: Assessment) -> None:
    run = json.loads(reports.to_sarif(every_status))["runs"][0]
    results = run["results"]
    shown = [f for f in every_status.findings if f.status in (*NONCONFORMITIES, Status.WAIVED)]
    assert [r["ruleId"] for r in results] == [f.rule_id for f in shown]
    levels = {"requirement": "error", "recommendation": "warning", "interpretation": "note"}
    assert [r["level"] for r in results] == [levels[f.basis] for f in shown]
    ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    (waived,) = [r for r in results if r["ruleId"] == "P1-8.5-policy"]
    assert waived["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "waiver W-1 until 2026-06-30"}
    ]
    assert all("suppressions" not in r for r in results if r is not waived)


def test_sarif_locations_point_into_the_document(example: Assessment) -> None:
    run = json.loads(reports.to_sarif(example, scope_document="centres/northwind.toml"))["runs"][0]
    (result,) = [r for r in run["results"] if r["ruleId"] == "P1-6.4-induction"]
    (location,) = result["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "centres/northwind.toml"
    assert [loc["fullyQualifiedName"] for loc in location["logicalLocations"]] == [
        "agents[NW0040].first_contact_on",
        "agents[NW0040].training",
    ]
    assert run["artifacts"] == [
        {"location": {"uri": "centres/northwind.toml"}, "roles": ["analysisTarget"]}
    ]


def test_sarif_fingerprint_is_stable_per_rule_and_subject(example: Assessment) -> None:
    later = assess(
        examples.load_example(),
        as_of=examples.EXAMPLE_AS_OF.replace(day=2),
        interactions=examples.generate_interactions(),
    )

    def prints(a: Assessment) -> dict[str, str]:
        results = json.loads(reports.to_sarif(a))["runs"][0]["results"]
        return {r["ruleId"]: r["partialFingerprints"]["iso18295RuleSubject/v1"] for r in results}

    now, then = prints(example), prints(later)
    assert now["P1-6.4-induction"] == then["P1-6.4-induction"]
    assert len(set(now.values())) == len(now)


# --- OSCAL, loaded with compliance-trestle --------------------------------------------------


def oscal(assessment: Assessment, **options: object) -> AssessmentResults:
    document = json.loads(reports.to_oscal(assessment, **options))  # type: ignore[arg-type]
    return AssessmentResults.model_validate(document["assessment-results"])


@pytest.mark.parametrize("which", ["example", "every_status", "sentinel"])
def test_oscal_loads_as_trestle_assessment_results(
    which: str, request: pytest.FixtureRequest
) -> None:
    assessment: Assessment = request.getfixturevalue(which)
    for personal in (False, True):
        model = oscal(
            assessment, include_personal_data=personal, scope_document="centres/northwind.toml"
        )
        (result,) = model.results
        assert len(result.findings or []) == len(assessment.findings)
        assert len(result.observations or []) == len(assessment.findings)


def test_oscal_finding_states(every_status: Assessment) -> None:
    (result,) = oscal(every_status).results
    states = {
        f.target.target_id: (f.target.status.state.value, f.title)  # type: ignore[union-attr]
        for f in result.findings or []
    }
    assert len(states) < len(every_status.findings)  # several rules per clause
    by_rule = {
        f.title.split(":")[0]: f.target.status.state.value  # type: ignore[union-attr]
        for f in result.findings or []
    }
    expected = {
        Status.CONFORMS: "satisfied",
        Status.NOT_APPLICABLE: "satisfied",
        Status.PARTIALLY_CONFORMS: "not-satisfied",
        Status.DOES_NOT_CONFORM: "not-satisfied",
        Status.WAIVED: "not-satisfied",
        Status.INSUFFICIENT_EVIDENCE: "not-satisfied",
        Status.NEEDS_REVIEW: "not-satisfied",
        Status.ERROR: "not-satisfied",
    }
    assert by_rule == {f.rule_id: expected[f.status] for f in every_status.findings}


def test_oscal_findings_target_the_clause_and_link_their_observation(example: Assessment) -> None:
    (result,) = oscal(example, scope_document="centres/northwind.toml").results
    observations = {o.uuid: o for o in result.observations or []}
    (finding,) = [f for f in result.findings or [] if f.title.startswith("P1-6.4-induction:")]
    assert finding.target.target_id == "iso18295-P1-6.4"
    assert finding.target.type.value == "objective-id"
    (related,) = finding.related_observations or []
    observation = observations[related.observation_uuid]
    (evidence,) = observation.relevant_evidence or []
    assert evidence.description.startswith("agent NW0040 (first_contact_on, training)")
    assert evidence.href == "centres/northwind.toml"
    (subject,) = observation.subjects or []
    (party,) = example_parties(example)
    assert subject.subject_uuid == party


def example_parties(assessment: Assessment) -> list[str]:
    document = json.loads(reports.to_oscal(assessment))["assessment-results"]
    return [p["uuid"] for p in document["metadata"]["parties"]]


def test_oscal_uuids_are_unique_version_5_and_depend_on_the_input(
    example: Assessment, every_status: Assessment
) -> None:
    def uuids(a: Assessment) -> list[str]:
        text = reports.to_oscal(a)
        found: list[str] = []

        def walk(value: object) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    if key == "uuid":
                        found.append(item)
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(json.loads(text))
        return found

    mine = uuids(example)
    assert len(mine) == len(set(mine))
    assert {uuid.UUID(u).version for u in mine} == {5}
    assert not set(mine) & set(uuids(every_status))
    # Another assessment date is another document.
    assert uuids(attrs.evolve(example, as_of=example.as_of.replace(day=2)))[0] != mine[0]


# --- HTML, parsed with html.parser --------------------------------------------------------------


class Resources(HTMLParser):
    """Collect every tag, every URL-bearing attribute and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in {"src", "href", "srcset", "action", "poster", "data", "xlink:href"}:
                self.urls.append(value or "")
            if name == "style":
                self.styles.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def parsed(text: str) -> Resources:
    parser = Resources()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.parametrize("which", ["example", "every_status", "sentinel"])
def test_html_loads_nothing_from_the_network(which: str, request: pytest.FixtureRequest) -> None:
    page = parsed(reports.to_html(request.getfixturevalue(which)))
    assert "script" not in page.tags
    assert {"link", "img", "iframe", "object", "embed"}.isdisjoint(page.tags)
    remote = [u for u in page.urls if u.startswith(("http:", "https:", "//"))]
    assert remote == []
    styles = " ".join(page.styles)
    assert "@import" not in styles
    assert "url(" not in styles


def test_html_shows_every_finding_and_the_clause_chart(example: Assessment) -> None:
    text = reports.to_html(example)
    page = parsed(text)
    body = " ".join(page.text)
    assert "Conclusion: does not conform" in body
    for f in example.findings:
        assert f'<details id="{f.rule_id}"' in text
    assert page.tags.count("svg") == 2
    clause_scores = [s for s in example.scores if s.clause is not None]
    assert all(f"P{int(s.part or 0)} {s.clause}" in body for s in clause_scores)
    assert "Measurements (KPIs)" in body


def test_html_escapes_what_the_data_says() -> None:
    registry = type(default_registry())()
    registry.rule(
        basis=Basis.REQUIREMENT, id="X-9-markup", part=Part.CENTRE, clause="9", paraphrase="p"
    )(lambda ctx: Outcome.does_not_conform('<script src="https://x.test/a.js"></script>'))
    text = reports.to_html(assess(b.conforming_scope(), as_of=AS_OF, registry=registry))
    page = parsed(text)
    assert "script" not in page.tags
    assert "&lt;script src=&quot;https://x.test/a.js&quot;&gt;&lt;/script&gt;" in text
