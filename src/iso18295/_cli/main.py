"""The top-level parser and `main`: parse, set up logging, run a command, map errors to exits.

Whatever happens, the command ends with one line on standard error and a
documented exit code (`exits`), never a traceback: the library's errors exit 2,
an interrupt 130, a closed output pipe 0 quietly, anything else 70 with the
exception's type (never its message, which may hold personal data).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import Iso18295Error
from . import assess, diff, policy, rules, schema, summary
from .exits import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    UsageError,
)

COMMANDS = (assess, diff, summary, policy, rules, schema)
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
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("iso18295: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, no traceback
        print(
            f"iso18295: internal error ({type(exc).__name__}), please report it "
            "at the project's issue tracker with the command you ran",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _main(argv: Sequence[str] | None) -> int:
    top = parser()
    args = top.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        code: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers of `main`
    except UsageError as exc:
        top.error(str(exc))  # exits with EXIT_BAD_INPUT
    except Iso18295Error as exc:
        print(f"iso18295: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return code


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (captured output): nothing to do
        pass
