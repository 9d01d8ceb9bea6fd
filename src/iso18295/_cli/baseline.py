"""Baselines: compare an assessment with an earlier JSON report, finding by finding.

Findings are matched by rule id (each rule gives one finding per scope).  An
*issue* is a finding that is neither ``conforms`` nor ``not_applicable``.
Each rule is then marked:

``new``
    an issue now, and none before (the rule was not run, or was met);
``resolved``
    an issue before, and none now;
``worsened`` / ``improved``
    an issue both times, the status more / less severe now, severity rising
    waived < needs review = insufficient evidence < error < partially conforms
    < does not conform;
``changed``
    an issue both times, a different status of the same severity;
``unchanged``
    the same status both times, or no issue either time;
``not_run``
    in the earlier report only (the rule was removed, skipped, or filtered out).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import attrs

from ..errors import LoadError, Problem

_SEVERITY: Final = {
    "conforms": 0,
    "not_applicable": 0,
    "waived": 1,
    "needs_review": 2,
    "insufficient_evidence": 2,
    "error": 3,
    "partially_conforms": 4,
    "does_not_conform": 5,
}

MARKS: Final = ("new", "worsened", "changed", "improved", "resolved", "not_run", "unchanged")
"""The marks a comparison gives, most urgent first."""


@attrs.frozen(kw_only=True)
class Report:
    """What a comparison reads from a JSON report."""

    source: str
    library_version: str
    registry_fingerprint: str
    statuses: Mapping[str, str]
    bases: Mapping[str, str]


@attrs.frozen(kw_only=True)
class Change:
    """One rule's finding compared with the baseline."""

    rule_id: str
    mark: str
    before: str | None
    after: str | None
    basis: str | None


def read_report(path: Path) -> Report:
    """Read a JSON report written by ``iso18295 assess --format json``.

    Raises
    ------
    LoadError
        If the file cannot be read or holds no findings.
    """
    source = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        problem = Problem(path="", expected="a readable file", found=exc.strerror or "an error")
        raise LoadError(source, [problem]) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(
            source, [Problem(path="", expected="a JSON report", found="something else")]
        ) from exc
    findings = data.get("findings") if isinstance(data, dict) else None
    provenance = data.get("provenance") if isinstance(data, dict) else None
    if not isinstance(findings, list) or not isinstance(provenance, dict):
        problem = Problem(
            path="",
            expected="a JSON report of `iso18295 assess --format json`",
            found="no findings or provenance",
        )
        raise LoadError(source, [problem])
    statuses: dict[str, str] = {}
    bases: dict[str, str] = {}
    problems = []
    for i, f in enumerate(findings):
        if not (
            isinstance(f, dict)
            and isinstance(f.get("rule_id"), str)
            and f.get("status") in _SEVERITY
        ):
            problems.append(
                Problem(path=f"findings[{i}]", expected="a rule_id and a status", found="neither")
            )
            continue
        statuses[f["rule_id"]] = f["status"]
        bases[f["rule_id"]] = str(f.get("basis"))
    if problems:
        raise LoadError(source, problems)
    return Report(
        source=source,
        library_version=str(provenance.get("library_version")),
        registry_fingerprint=str(provenance.get("registry_fingerprint")),
        statuses=statuses,
        bases=bases,
    )


def mismatch(before: Report, after: Report) -> str | None:
    """Return a warning if the reports come from other versions or rule sets, else None."""
    differences = []
    if before.library_version != after.library_version:
        differences.append(
            f"library version {before.library_version} (now {after.library_version})"
        )
    if before.registry_fingerprint != after.registry_fingerprint:
        differences.append(
            f"registry {before.registry_fingerprint} (now {after.registry_fingerprint})"
        )
    if not differences:
        return None
    return (
        f"baseline {before.source} was written with {' and '.join(differences)}; "
        "comparing findings by rule id: rules added or changed since show as new or changed"
    )


def _issue(status: str | None) -> bool:
    return status is not None and _SEVERITY[status] > 0


def _mark(before: str | None, after: str | None) -> str:
    if after is None:
        return "not_run"
    if before == after:
        return "unchanged"
    if not _issue(before):
        return "new" if _issue(after) else "unchanged"
    if not _issue(after):
        return "resolved"
    rise = _SEVERITY[after or "conforms"] - _SEVERITY[before or "conforms"]
    return "worsened" if rise > 0 else "improved" if rise < 0 else "changed"


def compare(before: Report, after: Report) -> list[Change]:
    """Return every rule of either report with its mark, in `after`'s order, then the rest."""
    ids = list(after.statuses) + [r for r in before.statuses if r not in after.statuses]
    return [
        Change(
            rule_id=rule_id,
            mark=_mark(before.statuses.get(rule_id), after.statuses.get(rule_id)),
            before=before.statuses.get(rule_id),
            after=after.statuses.get(rule_id),
            basis=after.bases.get(rule_id) or before.bases.get(rule_id),
        )
        for rule_id in ids
    ]


def summary(changes: list[Change]) -> str:
    """Return the count of each mark, e.g. ``1 new, 0 worsened, ...``."""
    return ", ".join(f"{sum(c.mark == m for c in changes)} {m}" for m in MARKS)


def as_text(changes: list[Change]) -> str:
    """Return the comparison as lines: mark, rule id, status before -> after; then a summary."""
    shown = [c for c in changes if c.mark != "unchanged"]
    shown.sort(key=lambda c: MARKS.index(c.mark))
    width = max((len(c.rule_id) for c in shown), default=0)
    lines = [
        f"{c.mark:<9}  {c.rule_id:<{width}}  {c.before or '-'} -> {c.after or '-'}" for c in shown
    ]
    lines.append(summary(changes))
    return "\n".join(lines) + "\n"


def as_json(changes: list[Change], *, before: Report, after: Report) -> str:
    """Return the comparison as JSON: both sources, the counts, every change."""
    document = {
        "before": before.source,
        "after": after.source,
        "counts": {m: sum(c.mark == m for c in changes) for m in MARKS},
        "changes": [attrs.asdict(c) for c in changes],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"
