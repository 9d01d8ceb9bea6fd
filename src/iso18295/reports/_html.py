"""The HTML report: one self-contained page (inline CSS and SVG, nothing from the network)."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.scoring import Score
from .._assessment.wording import (
    BASIS_LABELS,
    CONCLUSION_LABELS,
    PART_NAMES,
    STATUS_LABELS,
    evidence_text,
    number,
    percent,
)
from .._assessment.wording import STATUS_COLOURS as _COLOURS
from .._rules.outcome import Measurement, Status

_OPEN = (
    Status.DOES_NOT_CONFORM,
    Status.PARTIALLY_CONFORMS,
    Status.INSUFFICIENT_EVIDENCE,
    Status.NEEDS_REVIEW,
    Status.ERROR,
)

# Only inline styles and data: images; nothing may be fetched, even if a value slipped through.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;
background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 .3em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}
h3{margin:1.2em 0 .4em;font-size:1.1em}
.meta{color:#555;font-size:.9em}
.conclusion{display:inline-block;padding:.4em .8em;border-radius:4px;color:#fff;font-weight:600}
.c-conforms{background:#2e7d32}.c-does_not_conform{background:#c62828}
.c-incomplete{background:#6a1b9a}
table{border-collapse:collapse;margin:.5em 0 1em;background:#fff}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:.85em}
details{background:#fff;border:1px solid #ddd;border-radius:4px;margin:.4em 0;padding:.3em .6em}
summary{cursor:pointer}summary code{font-weight:600}
.clause{margin-left:.5em}.muted{color:#666}
svg text{font:12px system-ui,sans-serif}
""".strip()


def to_html(assessment: Assessment, *, include_personal_data: bool = False) -> str:
    """Render an assessment as one self-contained HTML page.

    Parameters
    ----------
    assessment : Assessment
        What to report.
    include_personal_data : bool, default False
        Show personal data (agent names, customer references) next to the
        records they identify.  Off by default: records are named by id.

    Returns
    -------
    str
        An HTML5 document with its CSS inline and its charts as inline SVG; it
        loads nothing (a Content-Security-Policy forbids it) and runs no
        script.  It holds the conclusion, the scores by part and by clause
        (with a bar per clause), the findings grouped by part and clause
        (expandable: nonconformities and open findings start expanded) with
        reason, basis, method, thresholds, measurements and evidence, every
        measurement in one table, the assessment policy and the notes.  Every
        value is HTML-escaped.

    Examples
    --------
    >>> import iso18295
    >>> from iso18295 import examples, reports
    >>> a = iso18295.assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
    >>> reports.to_html(a).startswith("<!DOCTYPE html>")
    True
    """
    a, p = assessment, assessment.provenance
    title = f"ISO 18295 assessment: {a.scope_name}"
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">Assessed as of {_e(a.as_of.isoformat())} with iso18295 '
        f"{_e(p.library_version)}: {p.rules_run} rules (registry "
        f"<code>{_e(p.registry_fingerprint)}</code>, scope <code>{_e(p.scope_fingerprint)}</code>"
        + (
            f", interactions <code>{_e(p.interactions_fingerprint)}</code>"
            if p.interactions_fingerprint
            else ""
        )
        + ").</p>",
        (
            f'<p><span class="conclusion c-{_e(a.conclusion.value)}">Conclusion: '
            f"{_e(CONCLUSION_LABELS[a.conclusion])}</span></p>"
        ),
        '<p class="meta">'
        + (
            "Personal data is shown next to the records it identifies."
            if include_personal_data
            else "Personal data (agent names, customer references) is left out; "
            "records are named by id."
        )
        + "</p>",
    ]
    interpreted = a.interpretation_findings()
    if interpreted:
        failing = [f.rule_id for f in interpreted if f.status.is_nonconformity]
        out.append(
            f"<p>{len(interpreted)} decided findings rest on our interpretation of clauses whose "
            "wording is not public; their nonconformities do not decide the conclusion"
            + (f" ({_e(', '.join(failing))})." if failing else ".")
            + "</p>"
        )
    out += _summary(a)
    out += _clause_scores(a)
    out += _findings(a, include_personal_data)
    out += _measurements(a.findings)
    out += _policy(a)
    if a.notes:
        out.append("<h2>Notes</h2>")
        out.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in a.notes) + "</ul>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _badge(status: Status) -> str:
    return (
        f'<span class="badge" style="background:{_COLOURS[status]}">'
        f"{_e(STATUS_LABELS[status])}</span>"
    )


def _summary(a: Assessment) -> list[str]:
    overall = a.overall
    out = [
        "<h2>Summary</h2>",
        (
            f"<p>Score <strong>{_e(percent(overall.value))}</strong> on {overall.decided} decided "
            f"of {overall.applicable} applicable findings (coverage "
            f"{_e(percent(overall.coverage))}).</p>"
        ),
        _status_bar(overall),
        "<table><thead><tr><th>Status</th><th>Findings</th></tr></thead><tbody>",
    ]
    out += [f'<tr><td>{_badge(s)}</td><td class="n">{n}</td></tr>' for s, n in overall.counts]
    out.append("</tbody></table>")
    parts = [s for s in a.scores if s.part is not None and s.clause is None]
    if parts:
        out.append(
            "<table><thead><tr><th>Part</th><th>Score</th><th>Decided / applicable</th>"
            "</tr></thead><tbody>"
        )
        out += [
            f"<tr><td>{_e(PART_NAMES[int(s.part or 0)])}</td>"
            f'<td class="n">{_e(percent(s.value))}</td>'
            f'<td class="n">{s.decided} / {s.applicable}</td></tr>'
            for s in parts
        ]
        out.append("</tbody></table>")
    return out


def _status_bar(score: Score) -> str:
    """Draw the findings of a score as one bar split by status."""
    total = sum(n for _, n in score.counts)
    width, x = 640.0, 0.0
    rects = []
    for status, n in score.counts:
        w = width * n / total if total else 0.0
        rects.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="22" fill="{_COLOURS[status]}">'
            f"<title>{_e(STATUS_LABELS[status])}: {n}</title></rect>"
        )
        x += w
    label = ", ".join(f"{STATUS_LABELS[s]} {n}" for s, n in score.counts)
    return (
        f'<svg role="img" aria-label="findings by status: {_e(label)}" width="{width:.0f}" '
        f'height="22" viewBox="0 0 {width:.0f} 22" xmlns="http://www.w3.org/2000/svg">'
        + "".join(rects)
        + "</svg>"
    )


def _clause_scores(a: Assessment) -> list[str]:
    clauses = [s for s in a.scores if s.part is not None and s.clause is not None]
    if not clauses:
        return []
    row, label_w, bar_w = 20, 70, 480
    height = row * len(clauses) + 24
    items = []
    for i, s in enumerate(clauses):
        y = i * row
        name = f"P{int(s.part or 0)} {s.clause}"
        items.append(f'<text x="0" y="{y + 14}">{_e(name)}</text>')
        items.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row - 6}" fill="#eee"/>'
        )
        if s.value is not None and math.isfinite(s.value):
            w = bar_w * s.value
            colour = "#2e7d32" if s.value >= 1 else "#ef6c00" if s.value >= 0.5 else "#c62828"
            items.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
                f'fill="{colour}"><title>{_e(name)}: {_e(percent(s.value))}</title></rect>'
            )
        text = f"{percent(s.value)} ({s.decided}/{s.applicable})"
        items.append(f'<text x="{label_w + bar_w + 8}" y="{y + 14}">{_e(text)}</text>')
    axis_y = row * len(clauses) + 16
    items.extend(
        f'<text x="{label_w + bar_w * tick / 100:.0f}" y="{axis_y}" '
        f'text-anchor="middle" fill="#666">{tick} %</text>'
        for tick in (0, 50, 100)
    )
    return [
        "<h2>Score by clause</h2>",
        (
            '<p class="meta">Score = (conforms + half of partially conforms) / decided; '
            "a clause with nothing decided has no bar.</p>"
        ),
        f'<svg role="img" aria-label="score by clause" width="{label_w + bar_w + 140}" '
        f'height="{height}" viewBox="0 0 {label_w + bar_w + 140} {height}" '
        'xmlns="http://www.w3.org/2000/svg">' + "".join(items) + "</svg>",
    ]


def _findings(a: Assessment, personal: bool) -> list[str]:
    out = ["<h2>Findings by clause</h2>"]
    scores = {(s.part, s.clause): s for s in a.scores}
    current: tuple[int, str] | None = None
    for f in sorted(a.findings, key=lambda f: (f.clause_key, f.rule_id)):
        if (int(f.part), f.clause) != current:
            if current is None or current[0] != int(f.part):
                out.append(f"<h2>{_e(PART_NAMES[int(f.part)])}</h2>")
            current = (int(f.part), f.clause)
            s = scores.get((f.part, f.clause))
            score = f" · score {percent(s.value)}" if s is not None else ""
            out.append(
                f'<h3 id="p{int(f.part)}-{_e(f.clause)}">Part {int(f.part)}, {_e(f.clause)} '
                f'{_e(f.clause_title)}<span class="muted clause">{_e(score)}</span></h3>'
            )
        out += _finding(f, personal)
    return out


def _finding(f: Finding, personal: bool) -> list[str]:
    opened = " open" if f.status in _OPEN else ""
    out = [
        (
            f'<details id="{_e(f.rule_id)}"{opened}><summary><code>{_e(f.rule_id)}</code> '
            f"{_badge(f.status)} {_e(f.reason)}</summary>"
        ),
        f"<p>Basis: {_e(BASIS_LABELS[f.basis])}; method: {_e(f.method.value)}.</p>",
    ]
    if f.missing:
        out.append(f"<p>To supply: {_e(', '.join(f.missing))}</p>")
    if f.overridden_by is not None and f.automated_status is not None:
        out.append(
            f"<p>Overridden by attestation {_e(f.overridden_by)}; the rule's own verdict: "
            f"{_e(STATUS_LABELS[f.automated_status])}. {_e(f.automated_reason or '')}</p>"
        )
    if f.waiver_id is not None:
        until = f" until {f.waiver_expires_on.isoformat()}" if f.waiver_expires_on else ""
        out.append(f"<p>Waived by {_e(f.waiver_id)}{_e(until)}.</p>")
    if f.parameters:
        out.append(
            "<table><thead><tr><th>Threshold</th><th>Value</th></tr></thead><tbody>"
            + "".join(
                f'<tr><td>{_e(n)}</td><td class="n">{_e(f"{v:g}")}</td></tr>'
                for n, v in f.parameters
            )
            + "</tbody></table>"
        )
    if f.measurements:
        out.append(_measurement_table(f.measurements, rule=None))
    if f.evidence:
        out.append(
            "<p>Evidence:</p><ul>"
            + "".join(
                f"<li>{_e(evidence_text(e, include_personal_data=personal))}</li>"
                for e in f.evidence
            )
            + "</ul>"
        )
    if f.error:
        out.append(
            f"<p>Error: <code>{_e(f.error_text(include_personal_data=personal))}</code></p>"
        )
    out.append("</details>")
    return out


def _measurement_table(measurements: Iterable[Measurement], rule: str | None) -> str:
    head = "<th>Rule</th>" if rule is not None else ""
    rows = []
    for m in measurements:
        ratio = (
            f"{m.numerator:g} / {m.denominator:g}"
            if m.numerator is not None
            and m.denominator is not None
            and math.isfinite(m.numerator)
            and math.isfinite(m.denominator)
            else ""
        )
        sign = {"at_least": ">= ", "at_most": "<= ", "equal": "= "}.get(m.comparison or "", "")
        expected = f"{sign}{number(m.expected, m.unit)}" if m.expected is not None else ""
        cell = f"<td><code>{_e(rule)}</code></td>" if rule is not None else ""
        rows.append(
            f'<tr>{cell}<td>{_e(m.name)}</td><td class="n">{_e(number(m.observed, m.unit))}'
            f'</td><td class="n">{_e(expected)}</td><td class="n">{_e(ratio)}</td></tr>'
        )
    return (
        f"<table><thead><tr>{head}<th>Measurement</th><th>Observed</th><th>Expected</th>"
        "<th>Count</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _measurements(findings: Iterable[Finding]) -> list[str]:
    rows = [(f.rule_id, m) for f in findings for m in f.measurements]
    if not rows:
        return []
    tables = [_measurement_table([m], rule=rule) for rule, m in rows]
    # One table: keep the first table's head, then every row.
    body = "".join(t.split("<tbody>", 1)[1].rsplit("</tbody>", 1)[0] for t in tables)
    head = tables[0].split("<tbody>", 1)[0]
    return [
        "<h2>Measurements (KPIs)</h2>",
        '<p class="meta">Every number a rule observed, against what was expected.</p>',
        f"{head}<tbody>{body}</tbody></table>",
    ]


def _policy(a: Assessment) -> list[str]:
    out = [
        "<h2>Assessment policy</h2>",
        '<p class="meta">Thresholds applied where the standard names no number.</p>',
        (
            "<table><thead><tr><th>Parameter</th><th>Value</th><th>Default</th><th>Clause</th>"
            "<th>Basis</th></tr></thead><tbody>"
        ),
    ]
    out += [
        f'<tr><td>{_e(q.name)}</td><td class="n">{_e(q.value)}</td>'
        f'<td class="n">{_e(q.default)}</td><td>{_e(q.clause)}</td><td>{_e(q.basis)}</td></tr>'
        for q in a.policy.parameters()
    ]
    out.append("</tbody></table>")
    return out
