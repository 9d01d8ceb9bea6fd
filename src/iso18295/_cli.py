"""The ``iso18295`` command: parses arguments and calls public functions.

Exit codes: 0 success; 1 nonconformities of the ``--fail-on`` basis (or a
stronger one); 2 bad input or usage (the library's error is printed, never a
traceback).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import reports
from ._assessment.engine import Assessment, assess
from ._io.documents import load_scope
from ._model.assessment_policy import AssessmentPolicy
from ._model.scope import Scope
from ._rules.registry import Registry, default_registry
from ._rules.rule import Basis, Rule
from ._summary import summarise
from ._version import __version__
from .errors import Iso18295Error, ReportError
from .examples import EXAMPLE_AS_OF, generate_interactions, load_example

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_BAD_INPUT = 2

log = logging.getLogger("iso18295")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, found {text!r}"
        ) from None


def _add_source(parser: argparse.ArgumentParser, *, as_of_help: str) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("path", nargs="?", help="a .toml or .json scope document")
    source.add_argument("--example", action="store_true", help="use the bundled example centre")
    parser.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD", help=as_of_help)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iso18295", description="Check contact centres and their clients against ISO 18295."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("assess", help="assess a scope and print the report")
    _add_source(
        run,
        as_of_help="the assessment date (required with PATH; with --example, the example's)",
    )
    run.add_argument("--format", choices=reports.FORMATS, default="markdown")
    run.add_argument("--output", type=Path, metavar="FILE", help="write the report here")
    run.add_argument(
        "--fail-on",
        choices=[b.value for b in Basis],
        help="exit 1 if a nonconformity remains whose basis is this or stronger "
        "(requirement < recommendation < interpretation: each includes those before it)",
    )
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="settings",
        help="change a threshold of the assessment policy (repeatable); "
        "`iso18295 policy` lists them",
    )
    run.add_argument(
        "--include-personal-data",
        action="store_true",
        help="show agent names and customer references in the report (off by default)",
    )

    summary = commands.add_parser("summary", help="load a scope document and summarise it")
    _add_source(summary, as_of_help="count documents as current or overdue on this date")

    commands.add_parser(
        "policy", help="list the assessment policy's thresholds with defaults and basis"
    )

    rules = commands.add_parser("rules", help="list the rules, or show one")
    rules.add_argument("--part", type=int, choices=(1, 2), help="only the rules of this part")
    rules.add_argument(
        "--coverage",
        action="store_true",
        help="list every clause of both parts with its rules, methods and evidence",
    )
    rules_commands = rules.add_subparsers(dest="rules_command", metavar="show")
    show = rules_commands.add_parser("show", help="show one rule in full")
    show.add_argument("rule_id", metavar="ID")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        if args.command == "rules":
            return _rules(args, default_registry())
        if args.command == "policy":
            sys.stdout.write(_policy(AssessmentPolicy()))
            return EXIT_OK
        scope, as_of = _source(args, parser)
        if args.command == "summary":
            sys.stdout.write(summarise(scope, as_of=as_of))
            return EXIT_OK
        return _assess(args, scope, as_of or EXAMPLE_AS_OF)
    except Iso18295Error as exc:
        print(f"iso18295: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _source(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[Scope, date | None]:
    if args.example:
        return load_example(), args.as_of or EXAMPLE_AS_OF
    if args.command == "assess" and args.as_of is None:
        parser.error("assess PATH needs --as-of YYYY-MM-DD (assessments never use today's date)")
    return load_scope(args.path), args.as_of


def _assess(args: argparse.Namespace, scope: Scope, as_of: date) -> int:
    log.info("assessing %s as of %s", scope.name, as_of)
    interactions = generate_interactions() if args.example else None
    policy = (scope.assessment_policy or AssessmentPolicy()).with_settings(args.settings)
    assessment = assess(scope, as_of=as_of, interactions=interactions, policy=policy)
    text = reports.render(
        assessment, args.format, include_personal_data=args.include_personal_data
    )
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ReportError(
                f"{args.output}: expected a writable file, found {exc.strerror}"
            ) from exc
    return EXIT_NONCONFORMING if _fails(assessment, args.fail_on) else EXIT_OK


def _fails(assessment: Assessment, fail_on: str | None) -> bool:
    if fail_on is None:
        return False
    order = list(Basis)
    counted = set(order[: order.index(Basis(fail_on)) + 1])
    return any(f.status.is_nonconformity and f.basis in counted for f in assessment.findings)


def _policy(policy: AssessmentPolicy) -> str:
    rows = policy.parameters()
    width = max(len(r.name) for r in rows)
    lines = [f"{'NAME':{width}}  DEFAULT  CLAUSE    BASIS"]
    lines.extend(f"{r.name:{width}}  {r.default!s:>7}  {r.clause:<8}  {r.basis}" for r in rows)
    return "\n".join(lines) + "\n"


def _rules(args: argparse.Namespace, registry: Registry) -> int:
    if args.rules_command == "show":
        sys.stdout.write(_describe(registry.get(args.rule_id)))
        return EXIT_OK
    if args.coverage:
        sys.stdout.write(_coverage(registry, args.part))
        return EXIT_OK
    chosen = [r for r in registry if args.part is None or r.part == args.part]
    width = max((len(r.id) for r in chosen), default=2)
    print(f"{'ID':{width}}  PART  CLAUSE  BASIS           METHOD     TITLE")
    for r in chosen:
        print(
            f"{r.id:{width}}  {int(r.part):<4}  {r.clause.number:<6}  {r.basis.value:<14}  "
            f"{r.method.value:<9}  {r.title}"
        )
    return EXIT_OK


def _coverage(registry: Registry, part: int | None) -> str:
    rows = [r for r in registry.coverage() if part is None or int(r.clause.part) == part]
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


def _describe(rule: Rule) -> str:
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
