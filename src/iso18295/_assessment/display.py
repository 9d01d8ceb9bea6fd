"""Notebook displays of assessments, findings, scores and provenance.

The labels, colours and number formats are the reports' own (`wording`, which
the reports use too), imported when a display is drawn, since `wording` builds
on the scoring module that imports this one.  Nothing here shows personal data
unless a caller passes ``include_personal_data=True`` (only `Finding.describe`
does, when asked).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable

from .. import _display as d
from .._rules.outcome import Status

if typing.TYPE_CHECKING:
    from .engine import Assessment, Provenance
    from .findings import Finding
    from .scoring import Score

_OPEN = (
    Status.DOES_NOT_CONFORM,
    Status.PARTIALLY_CONFORMS,
    Status.INSUFFICIENT_EVIDENCE,
    Status.NEEDS_REVIEW,
    Status.ERROR,
)
"""Statuses an assessment display lists finding by finding (the rest it counts)."""

_SHOWN_CLAUSES = 12
_SHOWN_EVIDENCE = 3


def _label(status: Status) -> str:
    from .wording import STATUS_LABELS

    return STATUS_LABELS[status]


def _badge(status: Status) -> str:
    from .wording import STATUS_COLOURS as _COLOURS

    return d.badge(_label(status), _COLOURS[status])


def _counts(counts: Iterable[tuple[Status, int]]) -> str:
    return ", ".join(f"{_label(s)} {n}" for s, n in counts) or "no findings"


def _where(f: Finding) -> str:
    return f"Part {int(f.part)}, {f.clause} {f.clause_title}"


# --- Finding --------------------------------------------------------------------------


def finding_repr(f: Finding) -> str:
    """Return a one-line repr: rule, status, clause, how much evidence."""
    extra = f"; {d.plural(len(f.evidence), 'evidence record')}" if f.evidence else ""
    return f"<Finding {f.rule_id}: {f.status.value} ({_where(f)}){extra}>"


def finding_text(f: Finding, *, include_personal_data: bool) -> str:
    """Return the finding in a few lines, evidence listed (personal data only if asked)."""
    from .wording import BASIS_LABELS, evidence_text, measurement_text

    rows = [
        ("status", _label(f.status)),
        ("clause", _where(f)),
        ("basis", f"{BASIS_LABELS[f.basis]}, {f.method.value}"),
        ("reason", f.reason),
    ]
    rows += [("measured", measurement_text(m)) for m in f.measurements]
    if f.missing:
        rows.append(("to supply", ", ".join(f.missing)))
    if f.waiver_id is not None:
        rows.append(("waived by", f.waiver_id))
    if f.overridden_by is not None:
        rows.append(("attested by record", f.overridden_by))
    error = f.error_text(include_personal_data=include_personal_data)
    if error is not None:
        rows.append(("error", error))
    rows += [
        ("evidence", evidence_text(e, include_personal_data=include_personal_data))
        for e in f.evidence
    ]
    if not include_personal_data and any(e.personal for e in f.evidence):
        rows.append(("personal data", "withheld (describe(include_personal_data=True) shows it)"))
    return d.text(f"Finding {f.rule_id} (as of {f.as_of.isoformat()})", rows)


def finding_html(f: Finding) -> str:
    """Return an HTML card of a finding, evidence in a collapsed list (ids only)."""
    from .wording import BASIS_LABELS, measurement_text

    rows = [
        ("clause", _where(f)),
        ("basis", f"{BASIS_LABELS[f.basis]}, {f.method.value}"),
        ("reason", d.shorten(f.reason, 200)),
    ]
    rows += [("measured", measurement_text(m)) for m in f.measurements[: d.SHOWN_ITEMS]]
    if f.missing:
        rows.append(("to supply", d.listing(list(f.missing))))
    error = f.error_text()
    if error is not None:
        rows.append(("error", d.shorten(error, 200)))
    body = f"<div>{_badge(f.status)}</div>"
    if f.evidence:
        body += _evidence_details(f, d.SHOWN_ITEMS)
    return d.card(f"Finding {f.rule_id}", rows, body=body)


def _evidence_details(f: Finding, limit: int) -> str:
    items = "".join(f"<li>{d.e(e.kind)} <code>{d.e(e.id)}</code></li>" for e in f.evidence[:limit])
    more = len(f.evidence) - limit
    if more > 0:
        items += f"<li>… {more} more</li>"
    return (
        f"<details><summary>{d.e(d.plural(len(f.evidence), 'evidence record'))}</summary>"
        f"<ul>{items}</ul></details>"
    )


# --- Score and Provenance -------------------------------------------------------------


def _score_title(s: Score) -> str:
    if s.part is None:
        return "overall"
    return f"Part {int(s.part)}" + (f", clause {s.clause}" if s.clause is not None else "")


def score_repr(s: Score) -> str:
    """Return a one-line repr: which score, its value, decided of applicable."""
    return (
        f"<Score {_score_title(s)}: {d.share(s.value)} on {s.decided} decided of "
        f"{s.applicable} applicable ({_counts(s.counts)})>"
    )


def score_html(s: Score) -> str:
    """Return an HTML card of a score."""
    rows = [
        ("score", d.share(s.value)),
        ("decided / applicable", f"{s.decided} / {s.applicable}"),
        ("coverage", d.share(s.coverage)),
    ]
    body = " ".join(f"{_badge(st)} {n}" for st, n in s.counts)
    return d.card(f"Score ({_score_title(s)})", rows, body=f"<div>{body}</div>")


def _provenance_rows(p: Provenance) -> list[tuple[str, str]]:
    rows = [
        ("as of", p.as_of.isoformat()),
        ("library", f"iso18295 {p.library_version}"),
        ("rules run", f"{p.rules_run} (registry {p.registry_fingerprint})"),
        ("scope", p.scope_fingerprint),
    ]
    fingerprints = (
        ("interactions", p.interactions_fingerprint),
        ("agent states", p.agent_states_fingerprint),
        ("schedule", p.schedule_fingerprint),
    )
    rows += [(name, value) for name, value in fingerprints if value is not None]
    if p.record_loads:
        loads = [f"{kind} {accepted}/{read}" for kind, _, read, accepted, _ in p.record_loads]
        rows.append(("records loaded (accepted/read)", d.listing(loads, 4)))
    if p.rule_packs:
        rows.append(("rule packs", d.listing([pack.name for pack in p.rule_packs], 4)))
    return rows


def provenance_repr(p: Provenance) -> str:
    """Return a one-line repr: date, version, rules, fingerprints."""
    shown = ", ".join(f"{k} {v}" for k, v in _provenance_rows(p)[1:4])
    return f"<Provenance as of {p.as_of.isoformat()}: {shown}>"


def provenance_html(p: Provenance) -> str:
    """Return an HTML card of a provenance."""
    return d.card("Provenance", _provenance_rows(p))


# --- Assessment -----------------------------------------------------------------------


def _parts(a: Assessment) -> list[Score]:
    return [s for s in a.scores if s.part is not None and s.clause is None]


def assessment_repr(a: Assessment) -> str:
    """Return a one-line repr: scope, date, conclusion, score, findings by status."""
    from .wording import CONCLUSION_LABELS

    o = a.overall
    return (
        f"<Assessment of {d.shorten(a.scope_name, 60)!r} as of {a.as_of.isoformat()}: "
        f"{CONCLUSION_LABELS[a.conclusion]}; score {d.share(o.value)} on {o.decided} decided "
        f"of {o.applicable} applicable; {_counts(o.counts)}>"
    )


def assessment_text(a: Assessment) -> str:
    """Return the assessment in brief: conclusion, scores by part, the open findings."""
    from .wording import CONCLUSION_LABELS

    o = a.overall
    rows = [
        ("conclusion", CONCLUSION_LABELS[a.conclusion]),
        ("score", f"{d.share(o.value)} on {o.decided} decided of {o.applicable} applicable"),
        ("findings", _counts(o.counts)),
    ]
    rows += [
        (_score_title(s), f"{d.share(s.value)} ({s.decided}/{s.applicable})") for s in _parts(a)
    ]
    open_ = a.findings_with(*_OPEN)
    rows += [
        (f.rule_id, f"{_label(f.status)}: {d.shorten(f.reason, 80)}")
        for f in open_[: 2 * _SHOWN_CLAUSES]
    ]
    if len(open_) > 2 * _SHOWN_CLAUSES:
        rows.append(("…", f"{len(open_) - 2 * _SHOWN_CLAUSES} more open findings"))
    title = f"Assessment of {a.scope_name!r} as of {a.as_of.isoformat()}"
    return d.text(title, rows)


def assessment_html(a: Assessment) -> str:
    """Return the report in brief as HTML: conclusion, part scores, open findings by clause."""
    from .wording import CONCLUSION_LABELS, PART_NAMES
    from .wording import STATUS_COLOURS as _COLOURS

    o = a.overall
    colour = {  # as the report's conclusion badge; incomplete in the colour of missing evidence
        "conforms": _COLOURS[Status.CONFORMS],
        "does_not_conform": _COLOURS[Status.DOES_NOT_CONFORM],
    }.get(a.conclusion.value, _COLOURS[Status.INSUFFICIENT_EVIDENCE])
    rows = [
        ("as of", a.as_of.isoformat()),
        ("score", f"{d.share(o.value)} on {o.decided} decided of {o.applicable} applicable"),
    ]
    rows += [
        (PART_NAMES[int(s.part or 0)], f"{d.share(s.value)} ({s.decided}/{s.applicable})")
        for s in _parts(a)
    ]
    counts = " ".join(f"{_badge(s)} {n}" for s, n in o.counts)
    lead = (
        f"<div>Conclusion: {d.badge(CONCLUSION_LABELS[a.conclusion], colour)}</div>"
        f"<div>{counts}</div>"
    )
    note = "reports.to_html(assessment) gives the full report"
    title = f"ISO 18295 assessment: {a.scope_name}"
    return d.card(title, rows, lead=lead, body=_open_by_clause(a), note=note)


def _open_by_clause(a: Assessment) -> str:
    groups: dict[tuple[int, str], list[Finding]] = {}
    for f in sorted(a.findings_with(*_OPEN), key=lambda f: (f.clause_key, f.rule_id)):
        groups.setdefault((int(f.part), f.clause), []).append(f)
    blocks = []
    for findings in list(groups.values())[:_SHOWN_CLAUSES]:
        first = findings[0]
        items = "".join(
            f"<li><code>{d.e(f.rule_id)}</code> {_badge(f.status)} "
            f"{d.e(d.shorten(f.reason, 100))}"
            + (_evidence_details(f, _SHOWN_EVIDENCE) if f.evidence else "")
            + "</li>"
            for f in findings
        )
        blocks.append(
            f"<details><summary>P{int(first.part)} {d.e(first.clause)} "
            f"{d.e(first.clause_title)} ({len(findings)})</summary><ul>{items}</ul></details>"
        )
    more = len(groups) - _SHOWN_CLAUSES
    if more > 0:
        blocks.append(f"<div>… {d.e(d.plural(more, 'more clause'))} with open findings</div>")
    if not groups:
        return "<div>No open findings.</div>"
    return "<div>Open findings by clause:</div>" + "".join(blocks)
