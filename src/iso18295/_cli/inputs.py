"""Where a command's scope comes from: a document (``PATH``) or the bundled example."""

from __future__ import annotations

import argparse
from datetime import date

from .._io.documents import load_scope
from .._model.scope import Scope
from ..examples import EXAMPLE_AS_OF, load_example
from .exits import UsageError


def iso_date(text: str) -> date:
    """Parse an argument given as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, found {text!r}"
        ) from None


def add_scope_arguments(parser: argparse.ArgumentParser, *, as_of_help: str) -> None:
    """Add ``PATH | --example`` and ``--as-of`` to a command's parser."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("path", nargs="?", help="a .toml or .json scope document")
    source.add_argument("--example", action="store_true", help="use the bundled example centre")
    parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help=as_of_help)


def load_scope_argument(
    args: argparse.Namespace, *, needs_as_of: bool = False
) -> tuple[Scope, date | None]:
    """Return the scope the arguments name, and the date to judge it on.

    With ``--example`` the date defaults to the example's.  Raise `UsageError`
    if `needs_as_of` and a document was given without ``--as-of``.
    """
    if args.example:
        return load_example(), args.as_of or EXAMPLE_AS_OF
    if needs_as_of and args.as_of is None:
        raise UsageError(
            f"{args.command} PATH needs --as-of YYYY-MM-DD (assessments never use today's date)"
        )
    return load_scope(args.path), args.as_of
