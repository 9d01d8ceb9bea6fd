"""The top-level parser and `main`: parse, set up logging, run a command, map errors to exits."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import Iso18295Error
from . import assess, policy, rules, summary
from .exits import EXIT_BAD_INPUT, UsageError

COMMANDS = (assess, summary, policy, rules)
"""The command modules, in the order ``--help`` lists them."""


def parser() -> argparse.ArgumentParser:
    """Return the parser of every command's arguments."""
    top = argparse.ArgumentParser(
        prog="iso18295", description="Check contact centres and their clients against ISO 18295."
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    top.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    top = parser()
    args = top.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        code: int = args.run(args)
    except UsageError as exc:
        top.error(str(exc))  # exits with EXIT_BAD_INPUT
    except Iso18295Error as exc:
        print(f"iso18295: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return code
