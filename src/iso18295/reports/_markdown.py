"""The Markdown report: summary first, then nonconformities by clause, then the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.wording import (
    BASIS_LABELS,
    CONCLUSION_LABELS,
    PART_NAMES,
    STATUS_LABELS,
    evidence_text,
    measurement_text,
    percent,
)
from .._rules.outcome import Status

_ATTENTION = (Status.DOES_NOT_CONFORM, Status.PARTIALLY_CONFORMS)
_OPEN = (Status.NEEDS_REVIEW, Status.INSUFFICIENT_EVIDENCE, Status.ERROR)


def to_markdown(assessment: Assessment, *, include_personal_data: bool = False) -> str:
    """Render an assessment as a Markdown report that also reads well in a terminal.

    Parameters
    ----------
    assessment : Assessment
        What to report.
    include_personal_data : bool, default False
        Show personal data (agent names, customer references) next to the
        records they identify.  Off by default: reports identify records by id.

    Returns
    -------
    str
        The report: the conclusion, score and counts first; then each
        nonconformity grouped by part and clause, with reason, measurements and
        evidence; then what needs review or more evidence; then everything else.
    """
    lines: list[str] = []
    out = lines.append
    a, overall, p = assessment, assessment.overall, assessment.provenance
    out(f"# ISO 18295 assessment: {a.scope_name}")
    out("")
    out(
        f"Assessed as of {a.as_of} with iso18295 {p.library_version}: {p.rules_run} rules "
        f"(registry {p.registry_fingerprint}, scope {p.scope_fingerprint}"
        + (f", interactions {p.interactions_fingerprint}" if p.interactions_fingerprint else "")
        + (f", agent states {p.agent_states_fingerprint}" if p.agent_states_fingerprint else "")
        + (f", schedule {p.schedule_fingerprint}" if p.schedule_fingerprint else "")
        + ")."
    )
    if p.record_loads:
        out("")
        out("Records loaded:")
        out("")
    for kind, source, read, accepted, quarantined in p.record_loads:
        rows = "row" if read == 1 else "rows"
        out(
            f"- {source} ({kind}): {read} {rows} read, {accepted} accepted, "
            f"{quarantined} set aside"
        )
    if p.rule_packs:
        packs = [
            pack.label
            + ("" if pack.problem is None else " (left out in part or whole: see errors)")
            for pack in p.rule_packs
        ]
        out(f"Installed rule packs: {', '.join(packs)}.")
    out("")
    out(f"**Conclusion: {CONCLUSION_LABELS[a.conclusion]}.**")
    interpreted = a.interpretation_findings()
    if interpreted:
        failing = [f.rule_id for f in interpreted if f.status.is_nonconformity]
        out(
            f"{len(interpreted)} decided findings rest on our interpretation of clauses whose "
            "wording is not public; their nonconformities do not decide the conclusion"
            + (f" ({', '.join(failing)})." if failing else ".")
        )
    out(
        f"Score {percent(overall.value)} on {overall.decided} decided of {overall.applicable} "
        f"applicable findings (coverage {percent(overall.coverage)})."
    )
    out("")
    out("| Status | Findings |")
    out("| --- | ---: |")
    for status, n in overall.counts:
        out(f"| {STATUS_LABELS[status]} | {n} |")
    out("")
    parts = [s for s in a.scores if s.part is not None and s.clause is None]
    if parts:
        out("| Part | Score | Decided / applicable |")
        out("| --- | ---: | ---: |")
        for s in parts:
            name, value = PART_NAMES[s.part or 0], percent(s.value)
            out(f"| {name} | {value} | {s.decided} / {s.applicable} |")
        out("")
    _section(out, "Nonconformities", a.findings_with(*_ATTENTION), include_personal_data)
    open_title = "Open: needs review, insufficient evidence, errors"
    _section(out, open_title, a.findings_with(*_OPEN), include_personal_data)
    _section(out, "Waived", a.findings_with(Status.WAIVED), include_personal_data)
    rest = a.findings_with(Status.CONFORMS, Status.NOT_APPLICABLE)
    if rest:
        out("## Conforming and not applicable")
        out("")
        out("| Rule | Clause | Status | Reason |")
        out("| --- | --- | --- | --- |")
        for f in rest:
            label, reason = STATUS_LABELS[f.status], _cell(f.reason)
            out(f"| {f.rule_id} | {f.part}: {f.clause} | {label} | {reason} |")
        out("")
    out("## Assessment policy")
    out("")
    out("Thresholds applied where the standard names no number (change them with `--set`,")
    out("the document's `[assessment_policy]` table, or `assess(policy=...)`).")
    out("")
    out("| Parameter | Value | Default | Clause | Basis |")
    out("| --- | ---: | ---: | --- | --- |")
    for q in a.policy.parameters():
        out(f"| {q.name} | {q.value} | {q.default} | {q.clause} | {q.basis} |")
    out("")
    if a.notes:
        out("## Notes")
        out("")
        lines.extend(f"- {note}" for note in a.notes)
        out("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _section(
    emit: Callable[[str], None], title: str, findings: Iterable[Finding], personal: bool
) -> None:
    findings = list(findings)
    if not findings:
        return
    emit(f"## {title}")
    emit("")
    current = None
    for f in findings:
        if (f.part, f.clause) != current:
            if current is not None:
                emit("")
            current = (f.part, f.clause)
            emit(f"### Part {f.part}, {f.clause} {f.clause_title}")
            emit("")
        emit(
            f"- **{f.rule_id}** ({BASIS_LABELS[f.basis]}, {f.method}): "
            f"{STATUS_LABELS[f.status]}. {f.reason}"
        )
        if f.missing:
            emit(f"  - To supply: {', '.join(f.missing)}")
        if f.overridden_by is not None and f.automated_status is not None:
            emit(
                f"  - Overridden by attestation {f.overridden_by}; the rule's own verdict: "
                f"{STATUS_LABELS[f.automated_status]}. {f.automated_reason}"
            )
        if f.parameters:
            emit("  - Thresholds: " + ", ".join(f"{n} = {v}" for n, v in f.parameters))
        for m in f.measurements:
            emit(f"  - Measured: {measurement_text(m)}")
        for e in f.evidence:
            emit(f"  - Evidence: {evidence_text(e, include_personal_data=personal)}")
        if f.error:
            emit(f"  - Error: {f.error_text(include_personal_data=personal)}")
    emit("")
