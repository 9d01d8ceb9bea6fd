"""Where a command's text goes: standard output, or a file the user named."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ReportError


def write(text: str, path: Path | None = None) -> None:
    """Write `text` to standard output, or to the file `path` (UTF-8).

    Raises
    ------
    ReportError
        If the file cannot be written.
    """
    if path is None:
        sys.stdout.write(text)
        return
    try:
        path.write_text(text, encoding="utf-8", newline="")  # CSV keeps its CRLF
    except OSError as exc:
        raise ReportError(f"{path}: expected a writable file, found {exc.strerror}") from exc
