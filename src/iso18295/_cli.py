"""The ``iso18295`` command: parses arguments and calls public functions.

Exit codes: 0 success; 2 bad input or usage (the library's error is printed,
never a traceback).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date

from ._errors import Iso18295Error
from ._io.documents import load_scope
from ._summary import summarise
from ._version import __version__
from .examples import EXAMPLE_AS_OF, load_example

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, found {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iso18295", description="Check contact centres and their clients against ISO 18295."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    summary = commands.add_parser("summary", help="load a scope document and summarise it")
    source = summary.add_mutually_exclusive_group(required=True)
    source.add_argument("path", nargs="?", help="a .toml or .json scope document")
    source.add_argument("--example", action="store_true", help="use the bundled example centre")
    summary.add_argument(
        "--as-of",
        type=_iso_date,
        help="count documents as current or overdue on this date (YYYY-MM-DD); "
        "defaults to the example's date with --example",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        if args.example:
            scope, as_of = load_example(), args.as_of or EXAMPLE_AS_OF
        else:
            scope, as_of = load_scope(args.path), args.as_of
    except Iso18295Error as exc:
        print(f"iso18295: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    sys.stdout.write(summarise(scope, as_of=as_of))
    return EXIT_OK
