"""``iso18295 assess``: selection, ``--fail-on`` levels, exit codes, baselines, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import iso18295
from iso18295 import Basis, Outcome, Registry
from iso18295._cli import assess as assess_command
from iso18295._cli import main

EXAMPLE = ["assess", "--example"]


def _ids(path: Path) -> list[str]:
    report = json.loads(path.read_text(encoding="utf-8"))
    return [f["rule_id"] for f in report["findings"]]


def _with_extra_rule(monkeypatch: pytest.MonkeyPatch, *, crash: bool) -> None:
    """Make the command's default registry hold one more rule: failing, or crashing."""
    extra = Registry(part=2, clause="6.1")  # Part 2: no Part 2 rule reads other findings

    @extra.rule(
        id="X-6.1-broken",
        basis=Basis.REQUIREMENT,
        paraphrase="A rule added after the baseline was written.",
        evidence=("agreements",),
    )
    def broken(ctx: iso18295.RuleContext) -> Outcome:
        if crash:
            raise ZeroDivisionError("division by zero")
        return Outcome.does_not_conform("planted nonconformity")

    def registry(*, plugins: bool = True) -> Registry:
        chosen = iso18295.default_registry(plugins=plugins)
        chosen.update(extra)
        return chosen

    monkeypatch.setattr(assess_command, "default_registry", registry)


# --- selection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("P1-4.4-acknowledge", ["P1-4.4-acknowledge"]),
        ("P1-4.4", ["P1-4.4-acknowledge", "P1-4.4-division", "P1-4.4-procedure"]),
        ("P1-6.3", None),  # 6.3 and its subclauses 6.3.1 to 6.3.4
        ("P2", None),
        ("P1-7.*", None),
    ],
)
def test_select_picks_rules_by_id_clause_part_or_glob(
    tmp_path: Path, selector: str, expected: list[str] | None
) -> None:
    out = tmp_path / "r.json"
    main([*EXAMPLE, "--select", selector, "--format", "json", "--output", str(out)])
    ids = _ids(out)
    if expected is not None:
        assert sorted(ids) == expected
    elif selector == "P1-6.3":
        assert ids
        assert all(i.startswith("P1-6.3.") for i in ids)
        assert {i.split("-")[1] for i in ids} >= {"6.3.1", "6.3.4"}
    elif selector == "P2":
        assert ids
        assert all(i.startswith("P2-") for i in ids)
    else:
        assert ids
        assert all(i.startswith("P1-7.") for i in ids)


def test_skip_leaves_rules_out(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    argv = [*EXAMPLE, "--select", "P1-4.4", "--skip", "P1-4.4-acknowledge"]
    main([*argv, "--format", "json", "--output", str(out)])
    assert sorted(_ids(out)) == ["P1-4.4-division", "P1-4.4-procedure"]


def test_unknown_selector_is_a_usage_error_with_suggestions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*EXAMPLE, "--skip", "P1-4.4-acknowledgement"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--skip: expected the id of a rule, clause (P1-4.4) or part (P1)" in err
    assert "did you mean 'P1-4.4-acknowledge'" in err


# --- gates and exit codes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "code"),
    [
        ("error", 0),
        ("requirement", 1),  # P2-6.5-notice: a requirement the example breaks
        ("recommendation", 1),
        ("interpretation", 1),
        ("insufficient-evidence", 1),
    ],
)
def test_a_requirement_nonconformity_fails_every_level_but_error(level: str, code: int) -> None:
    assert main([*EXAMPLE, "--select", "P2-6.5-notice", "--fail-on", level]) == code


@pytest.mark.parametrize(
    ("level", "code"),
    [
        ("error", 0),
        ("requirement", 0),
        ("recommendation", 0),
        ("interpretation", 1),  # P1-4.4-acknowledge rests on our interpretation
        ("insufficient-evidence", 1),
    ],
)
def test_an_interpretation_nonconformity_fails_from_interpretation_up(
    level: str, code: int
) -> None:
    assert main([*EXAMPLE, "--select", "P1-4.4-acknowledge", "--fail-on", level]) == code


def test_only_insufficient_evidence_counts_findings_that_need_review(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*EXAMPLE, "--select", "P1-5.1-leadership"]  # needs review in the example
    assert main([*argv, "--fail-on", "interpretation"]) == 0
    assert main([*argv, "--fail-on", "insufficient-evidence"]) == 1
    assert "P1-5.1-leadership (needs_review)" in capsys.readouterr().err


def test_a_crashed_rule_exits_3_at_every_level(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_extra_rule(monkeypatch, crash=True)
    argv = [*EXAMPLE, "--select", "X-6.1-broken"]
    assert main([*argv, "--fail-on", "error"]) == 3
    assert main([*argv, "--fail-on", "requirement"]) == 3
    assert "X-6.1-broken (error)" in capsys.readouterr().err


def test_without_a_gate_a_crashed_rule_is_reported_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_extra_rule(monkeypatch, crash=True)
    assert main([*EXAMPLE, "--select", "X-6.1-broken"]) == 0
    err = capsys.readouterr().err
    assert "1 rule(s) crashed, the run is incomplete: X-6.1-broken" in err


# --- output ---------------------------------------------------------------------------


def test_output_writes_several_formats_in_one_run(tmp_path: Path) -> None:
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    argv = [*EXAMPLE, "--select", "P1-4.4", "--output", f"markdown:{md}", "--output", f"json:{js}"]
    assert main(argv) == 0
    assert md.read_text(encoding="utf-8").startswith("# ISO 18295 assessment")
    assert len(_ids(js)) == 3


def test_output_names_an_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*EXAMPLE, "--output", "nosuchformat:report.x"]) == 2
    assert "found 'nosuchformat'" in capsys.readouterr().err


# --- baselines ------------------------------------------------------------------------


def _baseline(tmp_path: Path) -> Path:
    path = tmp_path / "baseline.json"
    assert main([*EXAMPLE, "--format", "json", "--output", str(path)]) == 0
    return path


def test_the_same_input_against_its_own_report_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = _baseline(tmp_path)
    argv = [*EXAMPLE, "--baseline", str(baseline), "--fail-on", "requirement"]
    assert main([*argv, "--output", str(tmp_path / "r.md")]) == 0
    err = capsys.readouterr().err
    assert "0 new, 0 worsened" in err
    assert "warning" not in err


def test_one_new_failing_rule_fails_the_gate_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = _baseline(tmp_path)
    _with_extra_rule(monkeypatch, crash=False)
    capsys.readouterr()
    argv = [*EXAMPLE, "--baseline", str(baseline), "--fail-on", "requirement"]
    assert main([*argv, "--output", str(tmp_path / "r.md")]) == 1
    err = capsys.readouterr().err
    assert "warning: baseline" in err  # the registry changed: fail soft, compare anyway
    assert "registry" in err
    assert "1 new, 0 worsened" in err
    assert "fail the run: X-6.1-broken (does_not_conform)" in err
    assert err.split("fail the run:")[1] == " X-6.1-broken (does_not_conform)\n"


def test_filter_mode_reports_only_new_and_worsened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = _baseline(tmp_path)
    _with_extra_rule(monkeypatch, crash=False)
    out = tmp_path / "r.json"
    argv = [*EXAMPLE, "--baseline", str(baseline), "--baseline-mode", "filter"]
    main([*argv, "--format", "json", "--output", str(out)])
    assert _ids(out) == ["X-6.1-broken"]


def test_annotate_mode_marks_every_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = _baseline(tmp_path)
    _with_extra_rule(monkeypatch, crash=False)
    out = tmp_path / "r.json"
    main([*EXAMPLE, "--baseline", str(baseline), "--format", "json", "--output", str(out)])
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    marks = {f["rule_id"]: f["reason"].rsplit("[baseline: ", 1)[1] for f in findings}
    assert marks["X-6.1-broken"] == "new]"
    assert marks["P1-4.4-acknowledge"] == "unchanged]"


def test_a_baseline_that_is_not_a_report_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main([*EXAMPLE, "--baseline", str(bad)]) == 2
    assert "expected a JSON report" in capsys.readouterr().err


def test_diff_prints_the_same_comparison(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _baseline(tmp_path)
    _with_extra_rule(monkeypatch, crash=False)
    after = tmp_path / "after.json"
    main([*EXAMPLE, "--format", "json", "--output", str(after)])
    capsys.readouterr()
    assert main(["diff", str(before), str(after)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["new", "X-6.1-broken", "-", "->", "does_not_conform"]
    assert out.endswith(
        "1 new, 0 worsened, 0 changed, 0 improved, 0 resolved, 0 not_run, 95 unchanged\n"
    )
    assert main(["diff", str(before), str(after), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["counts"]["new"] == 1
    assert [c["rule_id"] for c in document["changes"] if c["mark"] == "new"] == ["X-6.1-broken"]


def test_diff_marks_worsened_and_resolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def report(status: str, other: str) -> Path:
        path = tmp_path / f"{status}-{other}.json"
        findings = [
            {"rule_id": "R-1", "status": status, "basis": "requirement"},
            {"rule_id": "R-2", "status": other, "basis": "requirement"},
        ]
        provenance = {"library_version": "1", "registry_fingerprint": "a"}
        path.write_text(json.dumps({"findings": findings, "provenance": provenance}))
        return path

    # insufficient evidence -> does not conform (worse); R-2: does not conform -> conforms.
    before = report("insufficient_evidence", "does_not_conform")
    after = report("does_not_conform", "conforms")
    main(["diff", str(before), str(after)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["worsened", "R-1"]
    assert lines[1].split()[:2] == ["resolved", "R-2"]


# --- never a traceback ----------------------------------------------------------------


def test_interrupt_exits_130_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(assess_command, "run", interrupted)
    assert main(EXAMPLE) == 130
    assert capsys.readouterr().err == "iso18295: interrupted\n"


def test_unexpected_error_exits_70_naming_only_its_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crashing(args: object) -> int:
        raise RuntimeError("customer C-SENTINEL-42 broke it")

    monkeypatch.setattr(assess_command, "run", crashing)
    assert main(EXAMPLE) == 70
    err = capsys.readouterr().err
    assert err.startswith("iso18295: internal error (RuntimeError), please report it")
    assert err.count("\n") == 1
    assert "C-SENTINEL-42" not in err


def test_a_closed_pipe_ends_quietly() -> None:
    # `iso18295 rules | head -1`: the reader goes away after one line.
    process = subprocess.Popen(
        [sys.executable, "-m", "iso18295", "rules"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.read(10)
    process.stdout.close()
    err = process.stderr.read().decode("utf-8")
    process.stderr.close()
    code = process.wait(timeout=60)
    assert first.startswith(b"ID")
    assert err == ""
    assert code == 0


# --- machine-readable listings --------------------------------------------------------


def test_rules_as_json_lists_every_rule_with_its_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    registry = iso18295.default_registry()
    assert [r["id"] for r in rules] == [r.id for r in registry]
    first = rules[0]
    assert set(first) == {
        "id",
        "part",
        "clause",
        "title",
        "basis",
        "method",
        "evidence",
        "paraphrase",
    }
    rule = registry.get(first["id"])
    assert first["evidence"] == list(rule.evidence)
    assert first["paraphrase"] == rule.paraphrase


def test_rules_as_csv_reads_back_with_the_stdlib_reader(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import csv

    assert main(["rules", "--format", "csv", "--part", "2"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    part2 = [r for r in iso18295.default_registry() if int(r.part) == 2]
    assert [r["id"] for r in rows] == [r.id for r in part2]
    assert rows[0]["evidence"] == "; ".join(part2[0].evidence)


@pytest.mark.parametrize("kind", ["document", "report"])
def test_schema_prints_the_library_schemas(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", kind]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = iso18295.document_schema() if kind == "document" else iso18295.reports.json_schema()
    assert printed == expected


def test_a_report_validates_against_the_printed_report_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema

    report = tmp_path / "r.json"
    main([*EXAMPLE, "--format", "json", "--output", str(report)])
    main(["schema", "report"])
    schema = json.loads(capsys.readouterr().out)
    jsonschema.validate(json.loads(report.read_text(encoding="utf-8")), schema)
