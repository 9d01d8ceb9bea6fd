"""The command line: output, exit codes, no tracebacks, no personal data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import iso18295
from iso18295._cli import main


def test_summary_of_the_example_names_centre_clients_and_overdue_policy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["summary", "--example"]) == 0
    out = capsys.readouterr().out
    assert "Northwind Contact Services" in out
    assert "Brightwater Energy" in out
    assert "Lumen Insurance" in out
    assert "1 not current (NW-POL-13)" in out


def test_summary_never_prints_agent_names(capsys: pytest.CaptureFixture[str]) -> None:
    main(["summary", "--example"])
    out = capsys.readouterr().out
    names = [a.name for a in iso18295.examples.load_example().agents]
    assert names
    assert not [n for n in names if n in out]


def test_summary_of_a_bad_document_exits_2_with_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nclients = 3\n', encoding="utf-8")
    assert main(["summary", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "clients: expected a list of Clients, found 3" in err
    assert "Traceback" not in err


def test_summary_reads_a_document_from_a_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "example.toml"
    path.write_text(iso18295.examples.example_text(), encoding="utf-8")
    assert main(["summary", str(path), "--as-of", "2026-04-01"]) == 0
    assert "1 not current (NW-POL-13)" in capsys.readouterr().out


def test_bad_as_of_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["summary", "--example", "--as-of", "01/04/2026"])
    assert exit_info.value.code == 2
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "iso18295", "summary", "--example"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Northwind Contact Services, March 2026\n")
