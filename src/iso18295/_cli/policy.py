"""``iso18295 policy``: list the assessment policy's thresholds."""

from __future__ import annotations

import argparse

from .._model.assessment_policy import AssessmentPolicy
from .exits import EXIT_OK
from .output import write


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``policy`` command."""
    parser = commands.add_parser(
        "policy", help="list the assessment policy's thresholds with defaults and basis"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the thresholds of the default policy."""
    write(policy_table(AssessmentPolicy()))
    return EXIT_OK


def policy_table(policy: AssessmentPolicy) -> str:
    """Return the policy's parameters as aligned columns: name, default, clause, basis."""
    rows = policy.parameters()
    width = max(len(r.name) for r in rows)
    lines = [f"{'NAME':{width}}  DEFAULT  CLAUSE    BASIS"]
    lines.extend(f"{r.name:{width}}  {r.default!s:>7}  {r.clause:<8}  {r.basis}" for r in rows)
    return "\n".join(lines) + "\n"
