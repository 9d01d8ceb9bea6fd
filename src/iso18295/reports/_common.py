"""What every report format shares: status order, labels, number formatting."""

from __future__ import annotations

import math

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
