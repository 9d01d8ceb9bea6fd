"""The progress bar of ``iso18295 assess``: on standard error, only when it is a terminal.

``--progress`` forces it and ``--no-progress`` turns it off; by default it is
shown when standard error is a terminal, so CI logs and redirected output
stay clean.  tqdm draws it when installed (the ``progress`` extra); otherwise
a line of text is redrawn in place.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from .._progress import Progress, tqdm_progress


def add_progress_argument(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Add ``--progress``/``--no-progress`` (default: when standard error is a terminal)."""
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on standard error (default: only when it is a terminal)",
    )


def progress_for(args: argparse.Namespace, stream: TextIO | None = None) -> Progress | None:
    """Return the progress callable the arguments ask for, or None for no bar."""
    out = sys.stderr if stream is None else stream
    wanted: bool | None = args.progress
    if wanted is None:
        isatty = getattr(out, "isatty", None)
        wanted = bool(isatty is not None and isatty())
    if not wanted:
        return None
    try:
        return tqdm_progress(file=out)
    except ImportError:
        return _TextProgress(out)


class _TextProgress:
    """One line of text, redrawn in place: ``stage: done/total``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, done: int, total: int | None, stage: str, /) -> None:
        of = "" if total is None else f"/{total}"
        end = "\n" if total is not None and done >= total else ""
        self.stream.write(f"\r{stage}: {done}{of}{end}")
        self.stream.flush()
