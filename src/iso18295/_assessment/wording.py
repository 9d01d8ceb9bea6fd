"""How findings read, in every report and display: labels, colours, numbers, record paths.

The reports (`iso18295.reports`) and the notebook displays of assessments and
findings both use these words, so a status, a measurement or a record reads the
same everywhere; they live here, below both, so that dependencies point one way.
"""

from __future__ import annotations

import math

from .._rules.basis import Basis
from .._rules.outcome import Evidence, Measurement, Status
from .scoring import Conclusion

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


def personal_text(e: Evidence) -> str:
    """Describe a record's personal data (only called when the caller asked for it)."""
    return "; ".join(f"{label}: {value}" for label, value in e.personal)


STATUS_COLOURS = {
    Status.CONFORMS: "#2e7d32",
    Status.PARTIALLY_CONFORMS: "#ef6c00",
    Status.DOES_NOT_CONFORM: "#c62828",
    Status.NOT_APPLICABLE: "#9e9e9e",
    Status.INSUFFICIENT_EVIDENCE: "#6a1b9a",
    Status.NEEDS_REVIEW: "#1565c0",
    Status.WAIVED: "#795548",
    Status.ERROR: "#000000",
}
"""The colour of each status in HTML (reports and notebook displays)."""
