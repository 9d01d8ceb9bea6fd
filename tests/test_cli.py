"""The command line: output, exit codes, no tracebacks, no personal data."""

from __future__ import annotations

import json
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


def test_summary_tells_records_not_supplied_from_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.toml"
    path.write_text('name = "Demo"\ncomplaints = []\nagents = []\n', encoding="utf-8")
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Staff: 0\n" in out
    assert "Records: 0 complaints, customer surveys not supplied," in out
    assert "Clients: not supplied" in out


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


def test_assess_example_prints_the_report_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--example"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ISO 18295 assessment: Northwind Contact Services, March 2026\n")
    assert "**Conclusion: does not conform.**" in out


def test_assess_fail_on_requirement_exits_1_when_requirements_fail(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The example has unwaived nonconformities of requirements (e.g. P1-4.4-acknowledge).
    assert main(["assess", "--example", "--fail-on", "requirement"]) == 1
    assert "P1-4.4-acknowledge" in capsys.readouterr().out


def test_assess_path_without_as_of_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "example.toml"
    path.write_text(iso18295.examples.example_text(), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", str(path)])
    assert exit_info.value.code == 2
    assert "needs --as-of" in capsys.readouterr().err


def test_assess_writes_json_to_a_file(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text(iso18295.examples.example_text(), encoding="utf-8")
    out = tmp_path / "report.json"
    code = main(
        ["assess", str(path), "--as-of", "2026-04-01", "--format", "json", "--output", str(out)]
    )
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["as_of"] == "2026-04-01"
    assert report["personal_data_included"] is False


def test_assess_to_an_unwritable_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-dir" / "report.md"
    assert main(["assess", "--example", "--output", str(target)]) == 2
    assert "expected a writable file" in capsys.readouterr().err


def test_rules_lists_every_rule_of_the_default_registry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    ids = [r.id for r in iso18295.default_registry()]
    assert ids
    assert all(rule_id in out for rule_id in ids)


def test_rules_show_prints_the_paraphrase_and_evidence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "show", "P1-4.4-acknowledge"]) == 0
    out = capsys.readouterr().out
    rule = iso18295.default_registry().get("P1-4.4-acknowledge")
    assert rule.paraphrase in out
    assert "complaints[].acknowledged_at" in out


def test_rules_show_unknown_id_exits_2_with_suggestions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "show", "P1-4.4-acknowledged"]) == 2
    assert "did you mean 'P1-4.4-acknowledge'" in capsys.readouterr().err


def test_rules_show_a_clause_prefix_suggests_the_rules_of_that_clause(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "show", "P1-4.4"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "iso18295: error: expected the id of a rule, found 'P1-4.4'; did you mean "
        "'P1-4.4-acknowledge', 'P1-4.4-division', 'P1-4.4-procedure'?\n"
    )


def test_a_user_rule_pack_appears_in_rules(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = iso18295.Registry()

    @pack.rule(
        id="ACME-8.4-noise",
        basis=iso18295.Basis.INTERPRETATION,
        part=iso18295.Part.CENTRE,
        clause="8.4",
        paraphrase="Noise is measured.",
    )
    def noise(ctx: iso18295.RuleContext) -> iso18295.Outcome:
        return iso18295.Outcome.conforms("measured", seen=1)

    class FakeEntryPoint:
        name, value = "acme", "acme_rules:pack"

        def load(self) -> iso18295.Registry:
            return pack

    monkeypatch.setattr(
        "importlib.metadata.entry_points",
        lambda group: [FakeEntryPoint()] if group == iso18295.ENTRY_POINT_GROUP else [],
    )
    assert main(["rules"]) == 0
    assert "ACME-8.4-noise" in capsys.readouterr().out
