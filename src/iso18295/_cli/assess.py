"""``iso18295 assess``: assess a scope and print (or write) the report."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .. import reports
from .._assessment.engine import Assessment, assess
from .._model.assessment_policy import AssessmentPolicy
from .._rules.basis import Basis
from .._rules.registry import default_registry
from ..examples import EXAMPLE_AS_OF, generate_interactions
from .exits import EXIT_NONCONFORMING, EXIT_OK
from .inputs import add_scope_arguments, load_scope_argument
from .output import write
from .rules import add_no_plugins_argument

log = logging.getLogger("iso18295")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``assess`` command and its arguments."""
    parser = commands.add_parser("assess", help="assess a scope and print the report")
    add_scope_arguments(
        parser,
        as_of_help="the assessment date (required with PATH; with --example, the example's)",
    )
    parser.add_argument("--format", choices=reports.FORMATS, default="markdown")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here")
    parser.add_argument(
        "--fail-on",
        choices=[b.value for b in Basis],
        help="exit 1 if a nonconformity remains whose basis is this or stronger "
        "(requirement < recommendation < interpretation: each includes those before it)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="settings",
        help="change a threshold of the assessment policy (repeatable); "
        "`iso18295 policy` lists them",
    )
    parser.add_argument(
        "--include-personal-data",
        action="store_true",
        help="show agent names and customer references in the report (off by default)",
    )
    add_no_plugins_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Assess the scope the arguments name; return 1 if `--fail-on` is reached."""
    scope, as_of = load_scope_argument(args, needs_as_of=True)
    as_of = as_of or EXAMPLE_AS_OF
    log.info("assessing %s as of %s", scope.name, as_of)
    interactions = generate_interactions() if args.example else None
    policy = (scope.assessment_policy or AssessmentPolicy()).with_settings(args.settings)
    registry = default_registry(plugins=not args.no_plugins)
    assessment = assess(
        scope, as_of=as_of, registry=registry, interactions=interactions, policy=policy
    )
    text = reports.render(
        assessment, args.format, include_personal_data=args.include_personal_data
    )
    write(text, args.output)
    return EXIT_NONCONFORMING if fails(assessment, args.fail_on) else EXIT_OK


def fails(assessment: Assessment, fail_on: str | None) -> bool:
    """Tell whether a nonconformity of basis `fail_on`, or a stronger one, remains."""
    if fail_on is None:
        return False
    order = list(Basis)
    counted = set(order[: order.index(Basis(fail_on)) + 1])
    return any(f.status.is_nonconformity and f.basis in counted for f in assessment.findings)
