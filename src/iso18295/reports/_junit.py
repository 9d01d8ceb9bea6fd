"""The JUnit XML report: one test case per finding, for CI systems' test views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.wording import (
    BASIS_LABELS,
    CONCLUSION_LABELS,
    PART_NAMES,
    STATUS_LABELS,
    evidence_text,
    measurement_text,
)
from .._rules.outcome import Status
from ._common import clause_label

# Characters XML 1.0 cannot hold, even escaped; shown as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_SKIPPED = (
    Status.NOT_APPLICABLE,
    Status.WAIVED,
    Status.INSUFFICIENT_EVIDENCE,
    Status.NEEDS_REVIEW,
)


def to_junit(assessment: Assessment, *, include_personal_data: bool = False) -> str:
    """Render an assessment as JUnit XML: a test suite per part, a test case per finding.

    Parameters
    ----------
    assessment : Assessment
        What to report.
    include_personal_data : bool, default False
        Show personal data (agent names, customer references) next to the
        records in each test case's output.  Off by default.

    Returns
    -------
    str
        A ``<testsuites>`` document (UTF-8, with an XML declaration).  Each
        test case has ``classname`` ``P<part>-<clause>`` (``P1-4.4``) and
        ``name`` the rule id.  Does not conform and partially conforms give a
        ``<failure>``, error an ``<error>``; not applicable, waived,
        insufficient evidence and needs review give a ``<skipped>`` whose
        message names the status, because none of them is a nonconformity
        (gate on them with the command line's ``--fail-on``); conforms passes.
        No wall-clock time: every ``time`` is 0.

    Examples
    --------
    >>> import iso18295
    >>> from iso18295 import examples, reports
    >>> a = iso18295.assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
    >>> print(reports.to_junit(a).splitlines()[1][:45])
    <testsuites name="ISO 18295 assessment: North
    """
    root = ET.Element(
        "testsuites",
        {
            "name": f"ISO 18295 assessment: {assessment.scope_name}",
            **_counts(assessment.findings),
            "time": "0",
        },
    )
    for part in sorted({f.part for f in assessment.findings}):
        findings = [f for f in assessment.findings if f.part == part]
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": f"ISO 18295 {PART_NAMES[int(part)]}",
                **_counts(findings),
                "time": "0",
                "timestamp": f"{assessment.as_of.isoformat()}T00:00:00",
            },
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in _properties(assessment):
            ET.SubElement(properties, "property", {"name": name, "value": value})
        for f in findings:
            _case(suite, f, include_personal_data)
    for element in root.iter():
        element.attrib = {k: _xml(v) for k, v in element.attrib.items()}
        if element.text:
            element.text = _xml(element.text)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _counts(findings: Iterable[Finding]) -> dict[str, str]:
    statuses = [f.status for f in findings]
    return {
        "tests": str(len(statuses)),
        "failures": str(sum(s.is_nonconformity for s in statuses)),
        "errors": str(statuses.count(Status.ERROR)),
        "skipped": str(sum(s in _SKIPPED for s in statuses)),
    }


def _properties(assessment: Assessment) -> list[tuple[str, str]]:
    p = assessment.provenance
    return [
        ("scope", assessment.scope_name),
        ("as_of", assessment.as_of.isoformat()),
        ("conclusion", CONCLUSION_LABELS[assessment.conclusion]),
        ("library_version", p.library_version),
        ("registry_fingerprint", p.registry_fingerprint),
        ("scope_fingerprint", p.scope_fingerprint),
        ("interactions_fingerprint", p.interactions_fingerprint or ""),
    ]


def _details(f: Finding, personal: bool) -> str:
    lines = [
        f"{f.rule_id}: {STATUS_LABELS[f.status]} ({BASIS_LABELS[f.basis]}, {f.method}).",
        f"Part {int(f.part)}, {f.clause} {f.clause_title}",
        f"Reason: {f.reason}",
    ]
    lines += [f"Measured: {measurement_text(m)}" for m in f.measurements]
    lines += [f"Threshold: {name} = {value:g}" for name, value in f.parameters]
    lines += [f"To supply: {what}" for what in f.missing]
    lines += [f"Evidence: {evidence_text(e, include_personal_data=personal)}" for e in f.evidence]
    if f.waiver_id is not None:
        until = f" until {f.waiver_expires_on.isoformat()}" if f.waiver_expires_on else ""
        lines.append(f"Waiver: {f.waiver_id}{until}")
    if f.error:
        lines.append(f"Error: {f.error_text(include_personal_data=personal)}")
    return "\n".join(lines)


def _case(suite: ET.Element, f: Finding, personal: bool) -> None:
    case = ET.SubElement(
        suite, "testcase", {"classname": clause_label(f), "name": f.rule_id, "time": "0"}
    )
    message = f"{STATUS_LABELS[f.status]}: {f.reason}"
    details = _details(f, personal)
    if f.status.is_nonconformity:
        failure = ET.SubElement(case, "failure", {"message": message, "type": f.status.value})
        failure.text = details
    elif f.status is Status.ERROR:
        error = ET.SubElement(case, "error", {"message": message, "type": f.status.value})
        error.text = details
    elif f.status in _SKIPPED:
        ET.SubElement(case, "skipped", {"message": message})
        ET.SubElement(case, "system-out").text = details
    else:
        ET.SubElement(case, "system-out").text = details
