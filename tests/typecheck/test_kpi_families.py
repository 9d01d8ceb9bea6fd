"""Static typing of the KPI families: mypy flags a KPI passed to another family's function.

Runs ``mypy --strict`` on `kpi_families.py` (which pytest does not collect,
see `conftest.py`): with its ``# type: ignore[...]`` markers removed, mypy
must report an error on exactly the marked lines, with the marked codes.  So
the marked file itself type-checks cleanly under ``warn_unused_ignores``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api

HERE = Path(__file__).parent
CHECKED = HERE / "kpi_families.py"
MARKER = re.compile(r"\s*# type: ignore\[([a-z-]+)\]$")
ERROR = re.compile(r"^[^:]+:(\d+): error: .*\[([a-z-]+)\]$")


def _expected(lines: list[str]) -> dict[int, str]:
    found = {number: MARKER.search(line) for number, line in enumerate(lines, start=1)}
    return {number: match.group(1) for number, match in found.items() if match}


@pytest.mark.typecheck
def test_mypy_flags_exactly_the_wrong_family_calls(tmp_path: Path) -> None:
    lines = CHECKED.read_text(encoding="utf-8").splitlines()
    expected = _expected(lines)
    assert len(expected) >= 10  # the file still holds the wrong-family calls
    unmarked = tmp_path / "kpi_families.py"
    unmarked.write_text("\n".join(MARKER.sub("", line) for line in lines) + "\n")
    stdout, stderr, _ = api.run(
        [
            "--strict",
            "--warn-unused-ignores",
            "--show-error-codes",
            "--no-error-summary",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            str(HERE.parents[1] / "pyproject.toml"),
            str(unmarked),
        ]
    )
    assert not stderr, stderr
    errors: dict[int, str] = {}
    for line in stdout.splitlines():
        match = ERROR.match(line)
        assert match, line  # anything else (a note, a crash) is unexpected
        errors[int(match.group(1))] = match.group(2)
    assert errors == expected, stdout
