"""The SARIF 2.1.0 report: the registry's rules and one result per nonconformity, for CI."""

from __future__ import annotations

import hashlib
import json
from typing import Final

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.wording import (
    CONCLUSION_LABELS,
    STATUS_LABELS,
    field_paths,
    measurement_text,
    personal_text,
    record_path,
)
from .._rules.basis import Basis
from .._rules.outcome import Status
from .._rules.registry import Registry, default_registry
from .._rules.rule import Rule
from ._common import subject
from ._json import JsonValue

SARIF_SCHEMA: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
"""The ``$schema`` a SARIF report names (the OASIS SARIF 2.1.0 schema, errata 01)."""

SARIF_LEVELS: Final = {
    Basis.REQUIREMENT: "error",
    Basis.RECOMMENDATION: "warning",
    Basis.INTERPRETATION: "note",
}
"""The SARIF ``level`` of a nonconformity, by the basis of its rule."""

_FINGERPRINT = "iso18295RuleSubject/v1"


def to_sarif(
    assessment: Assessment,
    *,
    include_personal_data: bool = False,
    scope_document: str | None = None,
    registry: Registry | None = None,
) -> str:
    """Render an assessment as a SARIF 2.1.0 log, for code-scanning views in CI.

    Parameters
    ----------
    assessment : Assessment
        What to report.
    include_personal_data : bool, default False
        Add each evidence record's personal data (agent names, customer
        references) to the result's ``properties``.  Off by default.
    scope_document : str or None, default None
        The path (relative to the repository root, with ``/``) or URI of the
        scope document that was assessed; results then point into it.  If
        None, results carry only logical locations (record paths).
    registry : Registry or None, default None
        The rules to describe: one ``reportingDescriptor`` per rule;
        `default_registry()` if None.  A finding whose rule the registry lacks
        gets a descriptor made from the finding.

    Returns
    -------
    str
        A SARIF log with one run.  Each nonconformity (does not conform,
        partially conforms) is a result of ``kind`` ``"fail"`` whose ``level``
        follows its rule's basis (`SARIF_LEVELS`: requirement ``error``,
        recommendation ``warning``, our interpretation ``note``); a waived
        finding is a result with an accepted external suppression naming the
        waiver.  Each result has a location per evidence record: the scope
        document (if given) and logical locations naming the fields read
        (``agents[NW0040].training``), and a partial fingerprint
        ``iso18295RuleSubject/v1`` derived from the rule id and the records the
        finding is about, so the same problem keeps its fingerprint between runs.

    Examples
    --------
    >>> import json, iso18295
    >>> from iso18295 import examples, reports
    >>> a = iso18295.assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
    >>> log = json.loads(reports.to_sarif(a))
    >>> log["version"], log["runs"][0]["results"][0]["ruleId"]
    ('2.1.0', 'P1-4.4-acknowledge')
    """
    rules = list(registry if registry is not None else default_registry())
    known = {r.id for r in rules}
    descriptors = [_descriptor(r) for r in rules]
    descriptors += [_finding_descriptor(f) for f in assessment.findings if f.rule_id not in known]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results: list[JsonValue] = [
        _result(f, index, include_personal_data, scope_document)
        for f in assessment.findings
        if f.status.is_nonconformity or f.status is Status.WAIVED
    ]
    p = assessment.provenance
    run: dict[str, JsonValue] = {
        "tool": {
            "driver": {
                "name": "iso18295",
                "version": p.library_version,
                "semanticVersion": p.library_version,
                "rules": list(descriptors),
            }
        },
        "automationDetails": {"id": f"iso18295/{assessment.as_of.isoformat()}/"},
        "results": results,
        "properties": {
            "scope": assessment.scope_name,
            "asOf": assessment.as_of.isoformat(),
            "conclusion": assessment.conclusion.value,
            "conclusionText": CONCLUSION_LABELS[assessment.conclusion],
            "registryFingerprint": p.registry_fingerprint,
            "scopeFingerprint": p.scope_fingerprint,
            "interactionsFingerprint": p.interactions_fingerprint,
            "personalDataIncluded": include_personal_data,
        },
    }
    if scope_document is not None:
        run["artifacts"] = [{"location": {"uri": scope_document}, "roles": ["analysisTarget"]}]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _descriptor(r: Rule) -> dict[str, JsonValue]:
    clause = r.clause
    return {
        "id": r.id,
        "name": r.id,
        "shortDescription": {"text": r.paraphrase},
        "fullDescription": {
            "text": f"ISO 18295-{int(clause.part)}, {clause.number} {clause.title}: {r.paraphrase}"
        },
        "defaultConfiguration": {"level": SARIF_LEVELS[r.basis]},
        "properties": {
            "part": int(clause.part),
            "clause": clause.number,
            "clauseTitle": clause.title,
            "basis": r.basis.value,
            "method": r.method.value,
            "evidence": list(r.evidence),
            "parameters": list(r.parameters),
            "tags": ["iso18295", f"part-{int(clause.part)}", r.basis.value, r.method.value],
        },
    }


def _finding_descriptor(f: Finding) -> dict[str, JsonValue]:
    return {
        "id": f.rule_id,
        "name": f.rule_id,
        "shortDescription": {"text": f"ISO 18295-{int(f.part)}, {f.clause} {f.clause_title}"},
        "defaultConfiguration": {"level": SARIF_LEVELS[f.basis]},
        "properties": {
            "part": int(f.part),
            "clause": f.clause,
            "clauseTitle": f.clause_title,
            "basis": f.basis.value,
            "method": f.method.value,
            "tags": ["iso18295", f"part-{int(f.part)}", f.basis.value, f.method.value],
        },
    }


def _result(
    f: Finding, index: dict[JsonValue, int], personal: bool, document: str | None
) -> JsonValue:
    about = subject(f)
    fingerprint = hashlib.sha256(f"{f.rule_id}\x1f{about}".encode()).hexdigest()[:32]
    locations: list[JsonValue] = []
    for e in f.evidence:
        location: dict[str, JsonValue] = {
            "logicalLocations": [
                {"fullyQualifiedName": path, "kind": "member"} for path in field_paths(e)
            ],
            "message": {"text": f"{e.kind} {e.id}".strip()},
        }
        if document is not None:
            location["physicalLocation"] = {"artifactLocation": {"uri": document, "index": 0}}
        locations.append(location)
    if not locations and document is not None:
        locations.append({"physicalLocation": {"artifactLocation": {"uri": document, "index": 0}}})
    properties: dict[str, JsonValue] = {
        "status": f.status.value,
        "statusText": STATUS_LABELS[f.status],
        "part": int(f.part),
        "clause": f.clause,
        "basis": f.basis.value,
        "method": f.method.value,
        "subject": about,
        "measurements": [measurement_text(m) for m in f.measurements],
        "parameters": dict(f.parameters),
    }
    if personal:
        properties["personal"] = {
            record_path(e): personal_text(e) for e in f.evidence if e.personal
        }
    result: dict[str, JsonValue] = {
        "ruleId": f.rule_id,
        "ruleIndex": index[f.rule_id],
        "kind": "fail",
        "level": SARIF_LEVELS[f.basis],
        "message": {"text": f"{STATUS_LABELS[f.status]}: {f.reason}"},
        "locations": locations,
        "partialFingerprints": {_FINGERPRINT: fingerprint},
        "properties": properties,
    }
    if f.status is Status.WAIVED:
        until = f" until {f.waiver_expires_on.isoformat()}" if f.waiver_expires_on else ""
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"waiver {f.waiver_id}{until}",
            }
        ]
    return result
