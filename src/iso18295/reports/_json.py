"""The JSON report: versioned, deterministic, described by a published JSON Schema."""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from typing import Final

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.scoring import Score
from .._rules.outcome import Evidence, Measurement

REPORT_VERSION: Final = 2
"""The version of the JSON report layout; it changes only with the schema."""

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def to_json(assessment: Assessment, *, include_personal_data: bool = False) -> str:
    """Render an assessment as a JSON document that validates against `json_schema()`.

    Parameters
    ----------
    assessment : Assessment
        What to report.
    include_personal_data : bool, default False
        Add each evidence record's personal data (agent names, customer
        references) under ``"personal"``.  Off by default.

    Returns
    -------
    str
        Indented JSON with sorted keys and no wall-clock time in it, so the same
        assessment always gives the same bytes.  Values that are not finite
        numbers (NaN, infinity) are written as ``null``.
    """
    document = to_dict(assessment, include_personal_data=include_personal_data)
    return (
        json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    )


def to_dict(
    assessment: Assessment, *, include_personal_data: bool = False
) -> dict[str, JsonValue]:
    """Return the JSON report as Python data (see `to_json`)."""
    a, p = assessment, assessment.provenance
    return {
        "report_version": REPORT_VERSION,
        "scope": a.scope_name,
        "as_of": a.as_of.isoformat(),
        "conclusion": a.conclusion.value,
        "provenance": {
            "library_version": p.library_version,
            "registry_fingerprint": p.registry_fingerprint,
            "rules_run": p.rules_run,
            "scope_fingerprint": p.scope_fingerprint,
            "interactions_fingerprint": p.interactions_fingerprint,
            **{
                name: value
                for name, value in (
                    ("agent_states_fingerprint", p.agent_states_fingerprint),
                    ("schedule_fingerprint", p.schedule_fingerprint),
                )
                if value is not None
            },
            "record_loads": [
                {
                    "kind": kind,
                    "source": source,
                    "rows_read": read,
                    "rows_accepted": accepted,
                    "rows_quarantined": quarantined,
                }
                for kind, source, read, accepted, quarantined in p.record_loads
            ],
            "rule_packs": [
                {
                    "name": pack.name,
                    "target": pack.target,
                    "distribution": pack.distribution,
                    "version": pack.version,
                    "rules": list(pack.rule_ids),
                    "collisions": list(pack.collisions),
                    "problem": pack.problem,
                }
                for pack in p.rule_packs
            ],
        },
        "scores": [_score(s) for s in a.scores],
        "findings": [_finding(f, include_personal_data) for f in a.findings],
        "notes": list(a.notes),
        "policy": [
            {
                "name": q.name,
                "value": q.value,
                "default": q.default,
                "clause": q.clause,
                "basis": q.basis,
            }
            for q in a.policy.parameters()
        ],
        "interpretation_findings": [f.rule_id for f in a.interpretation_findings()],
        "personal_data_included": include_personal_data,
    }


@functools.cache
def _schema_text() -> str:
    return (
        resources.files(__package__).joinpath("assessment-report.schema.json").read_text("utf-8")
    )


def json_schema() -> dict[str, JsonValue]:
    """Return the JSON Schema (draft 2020-12) of the JSON report."""
    schema: dict[str, JsonValue] = json.loads(_schema_text())
    return schema


def _number(value: float | None) -> float | None:
    """Return a number JSON can hold: NaN and infinity (no JSON number) become null."""
    return None if value is None or not math.isfinite(value) else value


def _score(s: Score) -> dict[str, JsonValue]:
    return {
        "part": s.part,
        "clause": s.clause,
        "value": _number(s.value),
        "decided": s.decided,
        "applicable": s.applicable,
        "coverage": _number(s.coverage),
        "counts": {status.value: n for status, n in s.counts},
    }


def _evidence(e: Evidence, personal: bool) -> dict[str, JsonValue]:
    item: dict[str, JsonValue] = {
        "kind": e.kind,
        "id": e.id,
        "fields": list(e.fields),
        "references": list(e.references),
    }
    if personal:
        item["personal"] = dict(e.personal)
    return item


def _measurement(m: Measurement) -> dict[str, JsonValue]:
    return {
        "name": m.name,
        "observed": _number(m.observed),
        "expected": _number(m.expected),
        "comparison": m.comparison,
        "unit": m.unit,
        "numerator": _number(m.numerator),
        "denominator": _number(m.denominator),
    }


def _finding(f: Finding, personal: bool) -> dict[str, JsonValue]:
    return {
        "rule_id": f.rule_id,
        "part": f.part,
        "clause": f.clause,
        "clause_title": f.clause_title,
        "basis": f.basis.value,
        "method": f.method.value,
        "status": f.status.value,
        "reason": f.reason,
        "evidence": [_evidence(e, personal) for e in f.evidence],
        "measurements": [_measurement(m) for m in f.measurements],
        "waiver": None
        if f.waiver_id is None
        else {
            "id": f.waiver_id,
            "expires_on": f.waiver_expires_on.isoformat() if f.waiver_expires_on else None,
        },
        "error": f.error_text(include_personal_data=personal),
        "error_type": f.error_type,
        "parameters": dict(f.parameters),
        "missing": list(f.missing),
        "override": None
        if f.overridden_by is None
        else {
            "attestation_id": f.overridden_by,
            "automated_status": f.automated_status.value if f.automated_status else None,
            "automated_reason": f.automated_reason,
        },
    }
