"""The OSCAL assessment-results report: findings and observations, for GRC tools."""

from __future__ import annotations

import json
from typing import Final

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.wording import CONCLUSION_LABELS, STATUS_LABELS, evidence_text, measurement_text
from .._rules.outcome import Status
from ._common import clause_label, report_identity, stable_uuid, subject
from ._json import JsonValue

OSCAL_VERSION: Final = "1.1.3"
"""The OSCAL version the assessment-results report is written against."""

OSCAL_NAMESPACE: Final = "urn:iso18295"
"""The namespace (``ns``) of the properties the report adds to OSCAL's own."""

OSCAL_STATES: Final = {
    Status.CONFORMS: ("satisfied", "pass"),
    Status.NOT_APPLICABLE: ("satisfied", "other"),
    Status.PARTIALLY_CONFORMS: ("not-satisfied", "fail"),
    Status.DOES_NOT_CONFORM: ("not-satisfied", "fail"),
    Status.WAIVED: ("not-satisfied", "other"),
    Status.INSUFFICIENT_EVIDENCE: ("not-satisfied", "other"),
    Status.NEEDS_REVIEW: ("not-satisfied", "other"),
    Status.ERROR: ("not-satisfied", "other"),
}
"""The OSCAL objective status (state, reason) of each finding status."""

_METHODS = {"automated": "TEST", "judgement": "EXAMINE"}


def to_oscal(
    assessment: Assessment,
    *,
    include_personal_data: bool = False,
    scope_document: str | None = None,
) -> str:
    """Render an assessment as an OSCAL assessment-results document (JSON).

    Parameters
    ----------
    assessment : Assessment
        What to report.
    include_personal_data : bool, default False
        Show personal data (agent names, customer references) next to the
        records in the observations' evidence.  Off by default.
    scope_document : str or None, default None
        The path or URI of the scope document assessed; each observation's
        evidence then links to it.

    Returns
    -------
    str
        An ``assessment-results`` document (OSCAL `OSCAL_VERSION`) with one
        result.  The result has one observation per finding (its reason,
        measurements and the records read as ``relevant-evidence``; its subject
        is the assessed scope, a party in the metadata) and one finding per
        finding, whose target is the clause as an objective
        (``objective-id`` ``iso18295-P1-4.4``) with the state in `OSCAL_STATES`:
        conforms and not applicable are ``satisfied``; every other status is
        ``not-satisfied``, because the records do not show the objective met;
        the library's own status is a property in `OSCAL_NAMESPACE`.  No
        assessment plan exists as a document: ``import-ap`` names the rule
        registry that was run, by its fingerprint (a URN, not a link).  Times
        are the assessment date at midnight UTC, never the wall clock, and every
        ``uuid`` is derived from the assessment (version 5), so the same
        assessment always gives the same bytes.

    Examples
    --------
    >>> import json, iso18295
    >>> from iso18295 import examples, reports
    >>> a = iso18295.assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
    >>> doc = json.loads(reports.to_oscal(a))["assessment-results"]
    >>> doc["results"][0]["findings"][0]["target"]["target-id"]
    'iso18295-P1-4.1'
    """
    a, p = assessment, assessment.provenance
    root = report_identity(a, include_personal_data=include_personal_data)
    when = f"{a.as_of.isoformat()}T00:00:00+00:00"
    party = stable_uuid(root, "party")
    observations: list[JsonValue] = []
    findings: list[JsonValue] = []
    for f in a.findings:
        observation = stable_uuid(root, "observation", f.rule_id)
        observations.append(
            _observation(
                f, observation, party, a.scope_name, when, include_personal_data, scope_document
            )
        )
        findings.append(_finding(f, stable_uuid(root, "finding", f.rule_id), observation))
    document: dict[str, JsonValue] = {
        "uuid": root,
        "metadata": {
            "title": _line(f"ISO 18295 assessment: {a.scope_name}"),
            "last-modified": when,
            "version": p.library_version,
            "oscal-version": OSCAL_VERSION,
            "props": [
                _prop("as-of", a.as_of.isoformat()),
                _prop("conclusion", a.conclusion.value),
                _prop("registry-fingerprint", p.registry_fingerprint),
                _prop("scope-fingerprint", p.scope_fingerprint),
                *(
                    [_prop("interactions-fingerprint", p.interactions_fingerprint)]
                    if p.interactions_fingerprint
                    else []
                ),
                _prop("personal-data-included", str(include_personal_data).lower()),
            ],
            "parties": [{"uuid": party, "type": "organization", "name": _line(a.scope_name)}],
        },
        "import-ap": {"href": f"urn:iso18295:registry:{p.registry_fingerprint}"},
        "results": [
            {
                "uuid": stable_uuid(root, "result"),
                "title": _line(f"ISO 18295 assessment as of {a.as_of.isoformat()}"),
                "description": f"Conclusion: {CONCLUSION_LABELS[a.conclusion]}. "
                f"{p.rules_run} rules run by iso18295 {p.library_version}."
                + "".join(f"\n\n{note}" for note in a.notes),
                "start": when,
                "end": when,
                "reviewed-controls": {
                    "description": "The clauses of ISO 18295 Parts 1 and 2 that the rules check.",
                    "control-selections": [{"include-all": {}}],
                },
                "observations": observations,
                "findings": findings,
            }
        ],
    }
    text = json.dumps(
        {"assessment-results": document}, indent=2, ensure_ascii=False, allow_nan=False
    )
    return text + "\n"


def _line(text: str) -> str:
    """Make a one-line OSCAL title."""
    return " ".join(text.split()) or "-"


def _prop(name: str, value: str) -> JsonValue:
    return {"name": name, "ns": OSCAL_NAMESPACE, "value": _line(value)}


def _observation(
    f: Finding,
    uuid: str,
    party: str,
    scope_name: str,
    when: str,
    personal: bool,
    document: str | None,
) -> JsonValue:
    lines = [f"{STATUS_LABELS[f.status]}: {f.reason}"]
    lines += [f"Measured: {measurement_text(m)}" for m in f.measurements]
    lines += [f"Threshold: {name} = {value:g}" for name, value in f.parameters]
    lines += [f"To supply: {what}" for what in f.missing]
    if f.error:
        lines.append(f"Error: {f.error_text(include_personal_data=personal)}")
    observation: dict[str, JsonValue] = {
        "uuid": uuid,
        "title": _line(f"{f.rule_id}: {STATUS_LABELS[f.status]}"),
        "description": "\n\n".join(lines),
        "props": [_prop("rule-id", f.rule_id), _prop("status", f.status.value)]
        + ([_prop("subject", subject(f))] if f.evidence else []),
        "methods": [_METHODS.get(f.method.value, "UNKNOWN")],
        "subjects": [{"subject-uuid": party, "type": "party", "title": _line(scope_name)}],
        "collected": when,
    }
    evidence: list[JsonValue] = []
    for e in f.evidence:
        item: dict[str, JsonValue] = {
            "description": evidence_text(e, include_personal_data=personal)
        }
        if document is not None:
            item["href"] = document
        evidence.append(item)
    if evidence:
        observation["relevant-evidence"] = evidence
    return observation


def _finding(f: Finding, uuid: str, observation: str) -> JsonValue:
    state, reason = OSCAL_STATES[f.status]
    status: dict[str, JsonValue] = {"state": state, "reason": reason}
    if f.status not in (Status.CONFORMS, Status.PARTIALLY_CONFORMS, Status.DOES_NOT_CONFORM):
        status["remarks"] = STATUS_LABELS[f.status]
    return {
        "uuid": uuid,
        "title": _line(f"{f.rule_id}: {STATUS_LABELS[f.status]}"),
        "description": f.reason,
        "props": [
            _prop("rule-id", f.rule_id),
            _prop("status", f.status.value),
            _prop("basis", f.basis.value),
            _prop("method", f.method.value),
        ],
        "target": {
            "type": "objective-id",
            "target-id": f"iso18295-{clause_label(f)}",
            "title": _line(f"ISO 18295-{int(f.part)}, {f.clause} {f.clause_title}"),
            "status": status,
        },
        "related-observations": [{"observation-uuid": observation}],
    }
