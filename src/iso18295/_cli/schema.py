"""``iso18295 schema``: print the JSON Schema of scope documents or of JSON reports."""

from __future__ import annotations

import argparse
import json

from .. import reports
from .._io._schema import document_schema
from .exits import EXIT_OK
from .output import write


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` command."""
    parser = commands.add_parser(
        "schema", help="print the JSON Schema of scope documents or of JSON reports"
    )
    parser.add_argument(
        "kind",
        choices=("document", "report"),
        help="document: what `assess PATH` reads; report: what `assess --format json` writes",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema as indented JSON with sorted keys."""
    schema = document_schema() if args.kind == "document" else reports.json_schema()
    write(json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return EXIT_OK
