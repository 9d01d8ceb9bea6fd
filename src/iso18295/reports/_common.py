"""What every report format shares: labels, number formatting, record paths, stable ids."""

from __future__ import annotations

import math
import uuid

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.scoring import Conclusion
from .._rules.basis import Basis
from .._rules.outcome import Evidence, Measurement, Status

STATUS_LABELS = {
    Status.CONFORMS: "conforms",
    Status.PARTIALLY_CONFORMS: "partially conforms",
    Status.DOES_NOT_CONFORM: "does not conform",
    Status.NOT_APPLICABLE: "not applicable",
    Status.INSUFFICIENT_EVIDENCE: "insufficient evidence",
    Status.NEEDS_REVIEW: "needs review",
    Status.WAIVED: "waived",
    Status.ERROR: "error",
}
"""How each status reads in prose."""

CONCLUSION_LABELS = {
    Conclusion.CONFORMS: "conforms",
    Conclusion.DOES_NOT_CONFORM: "does not conform",
    Conclusion.INCOMPLETE: "incomplete (some rules could not be decided)",
}
"""How each overall conclusion reads in prose."""

BASIS_LABELS = {
    Basis.REQUIREMENT: "requirement",
    Basis.RECOMMENDATION: "recommendation",
    Basis.INTERPRETATION: "our interpretation",
}

PART_NAMES = {1: "Part 1 (contact centre)", 2: "Part 2 (client)"}


def percent(value: float | None) -> str:
    """Format a share as a percentage, or a dash for no value."""
    if value is None or math.isnan(value):
        return "-"
    if math.isinf(value):
        return _infinite(value)
    return f"{100 * value:.1f} %"


def number(value: float | None, unit: str | None) -> str:
    """Format a measured value in its unit."""
    if value is None or math.isnan(value):
        return "no value"
    if math.isinf(value):
        return _infinite(value)
    if unit == "share":
        return percent(value)
    text = f"{value:g}"
    return f"{text} {unit}" if unit else text


def _infinite(value: float) -> str:
    return "infinite" if value > 0 else "minus infinite"


def measurement_text(m: Measurement) -> str:
    """Describe a measurement in one line."""
    text = f"{m.name}: {number(m.observed, m.unit)}"
    if (
        m.numerator is not None
        and m.denominator is not None
        and math.isfinite(m.numerator)
        and math.isfinite(m.denominator)
    ):
        text += f" ({m.numerator:g}/{m.denominator:g})"
    if m.expected is not None:
        sign = {"at_least": ">=", "at_most": "<=", "equal": "="}.get(m.comparison or "", "vs")
        text += f", expected {sign} {number(m.expected, m.unit)}"
    return text


def evidence_text(e: Evidence, *, include_personal_data: bool) -> str:
    """Describe a record read, with its personal data only if asked."""
    text = f"{e.kind} {e.id}"
    if e.fields:
        text += f" ({', '.join(e.fields)})"
    if e.references:
        text += f"; see {', '.join(e.references)}"
    if include_personal_data and e.personal:
        text += " [" + "; ".join(f"{label}: {value}" for label, value in e.personal) + "]"
    return text


# Where each kind of evidence record lives in the scope document, so that a
# record can be named by a path (``agents[NW0040].training``).
_COLLECTIONS = {
    "agent": "agents",
    "agreement": "agreements",
    "attestation": "attestations",
    "campaign": "campaigns",
    "channel": "centre.channels",
    "client": "clients",
    "complaint": "complaints",
    "continuity plan": "continuity_plans",
    "customer survey": "customer_surveys",
    "engagement survey": "engagement_surveys",
    "forecast": "forecasts",
    "information update": "information_updates",
    "policy": "policies",
    "quality evaluation": "quality_evaluations",
    "site": "centre.sites",
    "staffing plan": "staffing_plans",
}

_NAMESPACE = uuid.UUID(
    "b2a512c4-dd9c-5085-a9ac-d8bee94ee2a5"
)  # uuid5(URL, "urn:iso18295:reports")


def record_path(e: Evidence) -> str:
    """Name a record by its place in the scope document, e.g. ``agents[NW0040]``.

    A kind of record the document does not hold as a list (a fact a rule
    states, such as "no client in scope") is named by its kind.
    """
    collection = _COLLECTIONS.get(e.kind)
    if collection is None or not e.id:
        return f"{e.kind}[{e.id}]" if e.id else e.kind
    return f"{collection}[{e.id}]"


def field_paths(e: Evidence) -> tuple[str, ...]:
    """Name each field a rule read, e.g. ``agents[NW0040].training``; the record if none."""
    base = record_path(e)
    return tuple(f"{base}.{name}" for name in e.fields) or (base,)


def subject(f: Finding) -> str:
    """Name what a finding is about: its records' paths, sorted; empty for the whole scope."""
    return ", ".join(sorted({record_path(e) for e in f.evidence}))


def stable_uuid(*parts: str) -> str:
    """Return a UUID (version 5) derived from `parts` only, so the same input gives the same id."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def report_identity(assessment: Assessment, *, include_personal_data: bool) -> str:
    """Return a stable id of one report of one assessment, for ids derived from it."""
    p = assessment.provenance
    return stable_uuid(
        assessment.scope_name,
        assessment.as_of.isoformat(),
        p.library_version,
        p.registry_fingerprint,
        p.scope_fingerprint,
        p.interactions_fingerprint or "",
        str(include_personal_data),
        # Only when supplied, so reports without agent activity keep their ids.
        *(f for f in (p.agent_states_fingerprint, p.schedule_fingerprint) if f is not None),
    )


def personal_text(e: Evidence) -> str:
    """Describe a record's personal data (only called when the caller asked for it)."""
    return "; ".join(f"{label}: {value}" for label, value in e.personal)


def clause_label(f: Finding) -> str:
    """Name a finding's clause as rule ids do: ``P1-4.4``."""
    return f"P{int(f.part)}-{f.clause}"
