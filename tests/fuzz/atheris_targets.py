"""Coverage-guided fuzzing with atheris, run by ``nox -s fuzz`` where atheris installs.

Not collected by pytest.  Usage: ``python tests/fuzz/atheris_targets.py TARGET
[libFuzzer options]``, TARGET being ``documents`` (bytes as a JSON or TOML
scope document) or ``csv`` (bytes as an interaction CSV file).  Anything but
a `LoadError` whose problems all have paths is a crash.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).parent.parent))

with atheris.instrument_imports():
    from fuzz.hostile import check_load_error
    from iso18295 import load_interactions_csv, load_scope_text
    from iso18295.errors import Iso18295Error

FOLDER = Path(tempfile.mkdtemp(prefix="iso18295-atheris-"))


def documents(data: bytes) -> None:
    """Load the bytes as a JSON and as a TOML document."""
    text = data.decode("utf-8", "replace")
    for fmt in ("json", "toml"):
        try:
            load_scope_text(text, format=fmt)  # type: ignore[arg-type]
        except Iso18295Error as error:
            check_load_error(error)


def csv(data: bytes) -> None:
    """Load the bytes as a CSV file, strict and quarantined."""
    path = FOLDER / "calls.csv"
    path.write_bytes(data)
    for on_error in ("strict", "quarantine"):
        try:
            result = load_interactions_csv(path, on_error=on_error)  # type: ignore[arg-type]
        except Iso18295Error as error:
            check_load_error(error)
        else:
            assert result.rows_read == len(result.table) + len(result.quarantined)


TARGETS = {"documents": documents, "csv": csv}

if __name__ == "__main__":
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()
