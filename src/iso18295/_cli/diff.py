"""``iso18295 diff``: compare two JSON reports finding by finding."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import baseline
from .exits import EXIT_OK
from .output import write


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` command."""
    parser = commands.add_parser(
        "diff",
        help="compare two JSON reports: new, worsened, changed, improved, resolved findings",
    )
    parser.add_argument("before", type=Path, metavar="A.json", help="the earlier JSON report")
    parser.add_argument("after", type=Path, metavar="B.json", help="the later JSON report")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the comparison of the two reports (as ``assess --baseline`` makes it)."""
    before = baseline.read_report(args.before)
    after = baseline.read_report(args.after)
    warning = baseline.mismatch(before, after)
    if warning:
        print(f"iso18295: warning: {warning}", file=sys.stderr)
    changes = baseline.compare(before, after)
    if args.format == "json":
        write(baseline.as_json(changes, before=before, after=after))
    else:
        write(baseline.as_text(changes))
    return EXIT_OK
