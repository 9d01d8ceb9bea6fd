"""``iso18295 rules``: list the rules, their coverage of the clauses, or one rule in full."""

from __future__ import annotations

import argparse
import csv
import io
import json

from .._rules.clauses import Part
from .._rules.registry import Registry, default_registry
from .._rules.rule import Rule
from .exits import EXIT_OK
from .output import write


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``rules`` command and its ``show`` subcommand."""
    parser = commands.add_parser("rules", help="list the rules, or show one")
    parser.add_argument(
        "--part", type=_part, choices=tuple(Part), help="only the rules of this part"
    )
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="list every clause of both parts with its rules, methods and evidence",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="text (default): aligned columns; json or csv: every field of every rule",
    )
    add_no_plugins_argument(parser)
    shows = parser.add_subparsers(dest="rules_command", metavar="show")
    show = shows.add_parser("show", help="show one rule in full")
    show.add_argument("rule_id", metavar="ID")
    parser.set_defaults(run=run)


def add_no_plugins_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--no-plugins``: use the built-in rules only, not the installed rule packs."""
    parser.add_argument(
        "--no-plugins",
        action="store_true",
        help="use the built-in rules only; do not load installed rule packs",
    )


def _part(text: str) -> Part:
    try:
        return Part(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected 1 or 2, found {text!r}") from None


def run(args: argparse.Namespace) -> int:
    """Print the listing, the coverage or one rule of the default registry."""
    registry = default_registry(plugins=not args.no_plugins)
    if args.rules_command == "show":
        write(describe(registry.get(args.rule_id)))
    elif args.coverage:
        write(coverage(registry, args.part))
    elif args.format == "json":
        write(as_json(registry, args.part))
    elif args.format == "csv":
        write(as_csv(registry, args.part))
    else:
        write(listing(registry, args.part))
    return EXIT_OK


def listing(registry: Registry, part: Part | None) -> str:
    """Return one line per rule (of `part`, if given): id, part, clause, basis, method, title."""
    chosen = [r for r in registry if part is None or r.part is part]
    width = max((len(r.id) for r in chosen), default=2)
    lines = [f"{'ID':{width}}  PART  CLAUSE  BASIS           METHOD     TITLE"]
    lines.extend(
        f"{r.id:{width}}  {int(r.part):<4}  {r.clause.number:<6}  {r.basis.value:<14}  "
        f"{r.method.value:<9}  {r.title}"
        for r in chosen
    )
    return "\n".join(lines) + "\n"


def coverage(registry: Registry, part: Part | None) -> str:
    """Return every clause (of `part`, if given) with the rules that check it, and a count."""
    rows = [r for r in registry.coverage() if part is None or r.clause.part is part]
    lines = []
    for row in rows:
        c = row.clause
        head = f"Part {int(c.part)} {c.number:<6} {c.title}"
        if c.heading:
            lines.append(f"{head} (heading)")
            continue
        if not row.rules:
            lines.append(f"{head}: NOT COVERED")
            continue
        lines.append(f"{head}: {row.automated} automated, {row.judgement} judgement")
        lines.extend(f"    {r.id} ({r.basis.value}, {r.method.value})" for r in row.rules)
    clauses = [r for r in rows if not r.clause.heading]
    rules = [rule for r in clauses for rule in r.rules]
    judged = sum(rule.method.value == "judgement" for rule in rules)
    covered = sum(bool(r.rules) for r in clauses)
    lines.append("")
    lines.append(
        f"{covered} of {len(clauses)} clauses covered by {len(rules)} rules "
        f"({len(rules) - judged} automated, {judged} judgement)"
    )
    return "\n".join(lines) + "\n"


def describe(rule: Rule) -> str:
    """Return one rule in full: clause, basis, method, paraphrase, conditions, evidence."""
    lines = [
        rule.id,
        "",
        f"Clause:      Part {int(rule.part)}, {rule.clause.number} {rule.title}",
        f"Basis:       {rule.basis.value}",
        f"Method:      {rule.method.value}",
        f"Requirement: {rule.paraphrase}",
        "Applies if:  " + "; ".join(c.description for c in rule.conditions),
        "Evidence:",
        *(f"  - {path}" for path in rule.evidence),
    ]
    if rule.parameters:
        lines += ["Thresholds (assessment policy):", *(f"  - {p}" for p in rule.parameters)]
    return "\n".join(lines) + "\n"


FIELDS = ("id", "part", "clause", "title", "basis", "method", "evidence", "paraphrase")
"""The fields of each rule in ``--format json`` and ``csv``, in that order."""


def _record(rule: Rule) -> dict[str, str | int | list[str]]:
    return {
        "id": rule.id,
        "part": int(rule.part),
        "clause": rule.clause.number,
        "title": rule.title,
        "basis": rule.basis.value,
        "method": rule.method.value,
        "evidence": list(rule.evidence),
        "paraphrase": rule.paraphrase,
    }


def as_json(registry: Registry, part: Part | None) -> str:
    """Return the rules (of `part`, if given) as a JSON list of objects with `FIELDS`."""
    chosen = [_record(r) for r in registry if part is None or r.part is part]
    return json.dumps(chosen, indent=2, ensure_ascii=False) + "\n"


def as_csv(registry: Registry, part: Part | None) -> str:
    """Return the rules (of `part`, if given) as CSV with a header of `FIELDS`.

    The evidence paths are joined by ``"; "`` in one cell.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for rule in registry:
        if part is None or rule.part is part:
            record = _record(rule)
            record["evidence"] = "; ".join(rule.evidence)
            writer.writerow([record[name] for name in FIELDS])
    return out.getvalue()
