"""Notebook displays of rules, registries, rule packs and clause coverage.

A registry holds about a hundred rules; its displays count them by part and
method instead of listing them all.
"""

from __future__ import annotations

import typing
from collections import Counter

from .. import _display as d

if typing.TYPE_CHECKING:
    from .coverage import ClauseCoverage
    from .packs import RulePack
    from .registry import Registry
    from .rule import Rule


def _rule_rows(rule: Rule) -> list[tuple[str, str]]:
    rows = [
        ("clause", f"{rule.clause.label} {rule.clause.title}"),
        ("basis", f"{rule.basis.value}, {rule.method.value}"),
        ("paraphrase", d.shorten(rule.paraphrase, 200)),
    ]
    if rule.evidence:
        rows.append(("reads", d.listing(list(rule.evidence), 5)))
    if rule.parameters:
        rows.append(("thresholds", d.listing(list(rule.parameters), 5)))
    if rule.conditions:
        rows.append(("applies if", d.listing([c.description for c in rule.conditions], 3)))
    return rows


def rule_repr(rule: Rule) -> str:
    """Return a one-line repr: id, clause, basis and method, the paraphrase cut short."""
    return (
        f"<Rule {rule.id} ({rule.clause.label}, {rule.basis.value}, {rule.method.value}): "
        f"{d.shorten(rule.paraphrase, 80)!r}>"
    )


def rule_html(rule: Rule) -> str:
    """Return an HTML card of a rule."""
    return d.card(f"Rule {rule.id}", _rule_rows(rule))


def _registry_rows(registry: Registry) -> list[tuple[str, str]]:
    by_part = Counter(int(r.clause.part) for r in registry)
    by_method = Counter(r.method.value for r in registry)
    covered = [c for c in registry.coverage() if not c.clause.heading]
    rows = [
        ("rules", str(len(registry))),
        ("by part", ", ".join(f"Part {p}: {n}" for p, n in sorted(by_part.items())) or "-"),
        ("by method", ", ".join(f"{m}: {n}" for m, n in sorted(by_method.items())) or "-"),
        ("clauses checked", f"{sum(1 for c in covered if c.rules)} of {len(covered)}"),
        ("fingerprint", registry.fingerprint()),
    ]
    if registry.packs:
        rows.append(("rule packs", d.listing([pack_summary(p) for p in registry.packs], 4)))
    return rows


def registry_repr(registry: Registry) -> str:
    """Return a one-line repr: how many rules, by part, and packs."""
    by_part = Counter(int(r.clause.part) for r in registry)
    parts = ", ".join(f"Part {p}: {n}" for p, n in sorted(by_part.items()))
    packs = f"; {d.plural(len(registry.packs), 'rule pack')}" if registry.packs else ""
    return (
        f"<Registry: {d.plural(len(registry), 'rule')}"
        + (f" ({parts})" if parts else "")
        + (f"{packs}>")
    )


def registry_html(registry: Registry) -> str:
    """Return an HTML card of a registry."""
    return d.card("Registry", _registry_rows(registry))


def pack_summary(pack: RulePack) -> str:
    """Return a rule pack's name, its rule count, and whether something went wrong."""
    state = "problem" if pack.problem is not None else "loaded"
    return f"{pack.name} ({d.plural(len(pack.rule_ids), 'rule')}, {state})"


def pack_repr(pack: RulePack) -> str:
    """Return a one-line repr of a rule pack (its error message withheld, as reports do)."""
    problem = f"; {d.shorten(pack.problem, 80)}" if pack.problem is not None else ""
    return f"<RulePack {pack.label}: {d.plural(len(pack.rule_ids), 'rule')}{problem}>"


def pack_html(pack: RulePack) -> str:
    """Return an HTML card of a rule pack."""
    rows = [("target", pack.target), ("distribution", f"{pack.distribution} {pack.version}")]
    rows.append(("rules", d.listing(list(pack.rule_ids), 5) or "none"))
    if pack.collisions:
        rows.append(("left out (ids taken)", d.listing(list(pack.collisions), 5)))
    if pack.problem is not None:
        rows.append(("problem", d.shorten(pack.problem, 200)))
    return d.card(f"Rule pack {pack.name}", rows)


def coverage_repr(coverage: ClauseCoverage) -> str:
    """Return a one-line repr: the clause and the rules that check it."""
    ids = d.listing([r.id for r in coverage.rules], 4) or "no rule"
    return f"<ClauseCoverage {coverage.clause.label} {coverage.clause.title}: {ids}>"


def coverage_html(coverage: ClauseCoverage) -> str:
    """Return an HTML card of a clause's coverage."""
    rows = [
        ("rules", d.listing([r.id for r in coverage.rules]) or "none"),
        ("automated / judgement", f"{coverage.automated} / {coverage.judgement}"),
        ("reads", d.listing(list(coverage.evidence), 5) or "-"),
    ]
    title = f"{coverage.clause.label} {coverage.clause.title}"
    return d.card(title, rows)
