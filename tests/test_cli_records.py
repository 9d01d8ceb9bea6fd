"""``iso18295 assess`` with the user's own records: interactions, waivers, attestations, policy.

The centre below is written by hand (not derived from the bundled example):
one outbound campaign with permitted hours 09:00-20:00 on weekdays, and calls
placed at 10:00 and at 20:15 (London summer time).  Only the records show the
20:15 call, so only an assessment that reads them finds the breach.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from iso18295._cli import main

CENTRE = """\
name = "Harbour Lights Contact Centre, May 2026"

[centre]
id = "harbour"
name = "Harbour Lights Contact Centre"
operating_model = "in_house"
time_zone = "Europe/London"

[[centre.channels]]
id = "hl-phone"
kind = "voice"
directions = ["inbound", "outbound"]

[[clients]]
id = "harbour-water"
name = "Harbour Water"
relationship = "in_house"

[[campaigns]]
id = "winback-2026"
client_id = "harbour-water"
channel_id = "hl-phone"
direction = "outbound"
purpose = "win back lapsed customers"
starts_on = 2026-04-01

[campaigns.contact_rules]
honours_do_not_contact = true
suppression_list_checked_on = 2026-03-30
opt_in_required = true

[[campaigns.contact_rules.permitted_hours]]
days = ["monday", "tuesday", "wednesday", "thursday", "friday"]
opens = 09:00:00
closes = 20:00:00
"""

HEADER = "channel_id,direction,campaign_id,client_id,offered_at,wait_seconds,answered,abandoned\n"
IN_HOURS = "hl-phone,outbound,winback-2026,harbour-water,2026-05-04T10:00:00+01:00,0,true,false\n"
LATE = "hl-phone,outbound,winback-2026,harbour-water,2026-05-05T20:15:00+01:00,0,true,false\n"
ASSESS = ["assess", "--as-of", "2026-05-29", "--select", "P1-4.5-contact-hours"]


@pytest.fixture
def centre(tmp_path: Path) -> Path:
    path = tmp_path / "centre.toml"
    path.write_text(CENTRE, encoding="utf-8")
    return path


def _csv(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _parquet(path: Path, csv_path: Path) -> Path:
    """Write the rows of a CSV file as Parquet, times as zoned timestamps (pyarrow's writer)."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pcsv = pytest.importorskip("pyarrow.csv")
    table = pcsv.read_csv(csv_path)
    assert pa.types.is_timestamp(table.schema.field("offered_at").type)
    pq.write_table(table, path)
    return path


def _report(tmp_path: Path, argv: list[str]) -> tuple[int, dict[str, object]]:
    out = tmp_path / "report.json"
    code = main([*argv, "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _finding(report: dict[str, object], rule_id: str) -> dict[str, object]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return next(f for f in findings if f["rule_id"] == rule_id)


def test_document_alone_cannot_show_the_late_call(centre: Path, tmp_path: Path) -> None:
    code, report = _report(tmp_path, [*ASSESS, str(centre), "--fail-on", "requirement"])
    assert code == 0
    assert _finding(report, "P1-4.5-contact-hours")["status"] == "insufficient_evidence"


def test_csv_and_parquet_records_show_the_call_at_20_15(
    centre: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    early = _csv(tmp_path / "monday.csv", IN_HOURS)
    late = _parquet(tmp_path / "tuesday.parquet", _csv(tmp_path / "tuesday.csv", LATE))
    argv = [*ASSESS, str(centre), "--interactions", str(early), "--interactions", str(late)]
    code, report = _report(tmp_path, [*argv, "--fail-on", "requirement"])
    assert code == 1
    finding = _finding(report, "P1-4.5-contact-hours")
    assert finding["status"] == "does_not_conform"
    assert "1 of 2 outbound contacts outside permitted hours" in str(finding["reason"])
    assert "Tue 05 May 2026 20:15" in str(finding["reason"])
    assert "P1-4.5-contact-hours (does_not_conform)" in capsys.readouterr().err


def test_load_summary_is_in_json_and_markdown(
    centre: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _csv(tmp_path / "calls.csv", IN_HOURS, LATE)
    _, report = _report(tmp_path, [*ASSESS, str(centre), "--interactions", str(calls)])
    provenance = report["provenance"]
    assert isinstance(provenance, dict)
    assert provenance["record_loads"] == [
        {
            "kind": "interactions",
            "source": str(calls),
            "rows_read": 2,
            "rows_accepted": 2,
            "rows_quarantined": 0,
        }
    ]
    main([*ASSESS, str(centre), "--interactions", str(calls)])
    out = capsys.readouterr().out
    assert (
        f"Records loaded:\n\n- {calls} (interactions): 2 rows read, 2 accepted, 0 set aside\n"
        in out
    )


def test_a_directory_of_parquet_files_is_read_whole(centre: Path, tmp_path: Path) -> None:
    folder = tmp_path / "march"
    folder.mkdir()
    _parquet(folder / "a.parquet", _csv(tmp_path / "a.csv", IN_HOURS))
    _parquet(folder / "b.parquet", _csv(tmp_path / "b.csv", LATE))
    code, report = _report(tmp_path, [*ASSESS, str(centre), "--interactions", str(folder)])
    assert code == 0  # no gate asked for
    assert _finding(report, "P1-4.5-contact-hours")["status"] == "does_not_conform"


def test_a_bad_row_is_an_error_by_default(
    centre: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = IN_HOURS.replace("true,false", "yes,false")
    calls = _csv(tmp_path / "calls.csv", bad, LATE)
    assert main([*ASSESS, str(centre), "--interactions", str(calls)]) == 2
    err = capsys.readouterr().err
    assert "answered" in err
    assert "Traceback" not in err


def test_quarantine_sets_bad_rows_aside_and_writes_them(centre: Path, tmp_path: Path) -> None:
    bad = IN_HOURS.replace("true,false", "yes,false")
    calls = _csv(tmp_path / "calls.csv", bad, LATE)
    rejected = tmp_path / "rejected.csv"
    argv = [*ASSESS, str(centre), "--interactions", str(calls)]
    argv += ["--on-error", "quarantine", "--quarantine", str(rejected)]
    _, report = _report(tmp_path, argv)
    provenance = report["provenance"]
    assert isinstance(provenance, dict)
    assert provenance["record_loads"][0]["rows_quarantined"] == 1  # type: ignore[index]
    rows = list(csv.reader(rejected.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["source", "row", "reasons"]
    assert rows[1][:2] == [str(calls), "1"]
    assert rows[1][2].startswith("answered: expected")
    assert len(rows) == 2


def test_quarantine_file_without_quarantine_mode_is_a_usage_error(
    centre: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*ASSESS, str(centre), "--quarantine", str(tmp_path / "q.csv")])
    assert exit_info.value.code == 2
    assert "--quarantine FILE needs --on-error quarantine" in capsys.readouterr().err


def test_a_file_that_is_neither_csv_nor_parquet_is_an_input_error(
    centre: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "calls.xlsx"
    other.write_bytes(b"")
    assert main([*ASSESS, str(centre), "--interactions", str(other)]) == 2
    assert "expected a .csv or .parquet file, found suffix '.xlsx'" in capsys.readouterr().err


WAIVER = """\
[[waivers]]
id = "W-HOURS"
rule_id = "P1-4.5-contact-hours"
justification = "dialler clock fixed on 6 May; late calls reviewed with the client"
approved_by_role = "Head of operations"
granted_on = 2026-05-06
expires_on = 2026-06-30
"""


def test_waivers_file_waives_the_finding(centre: Path, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(WAIVER, encoding="utf-8")
    calls = _csv(tmp_path / "calls.csv", LATE)
    argv = [*ASSESS, str(centre), "--interactions", str(calls), "--waivers", str(waivers)]
    code, report = _report(tmp_path, [*argv, "--fail-on", "requirement"])
    assert code == 0
    assert _finding(report, "P1-4.5-contact-hours")["status"] == "waived"


def test_a_waiver_id_in_both_places_is_an_error_naming_both(
    centre: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    centre.write_text(CENTRE.replace("[centre]", WAIVER + "\n[centre]", 1), encoding="utf-8")
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(WAIVER, encoding="utf-8")
    assert main([*ASSESS, str(centre), "--waivers", str(waivers)]) == 2
    err = capsys.readouterr().err
    assert f"{waivers}: waivers[0].id: expected an id used once" in err
    assert f"'W-HOURS', also at {centre} waivers[0]" in err


def test_a_waivers_file_with_other_keys_is_refused(
    centre: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('name = "x"\n' + WAIVER, encoding="utf-8")
    assert main([*ASSESS, str(centre), "--waivers", str(waivers)]) == 2
    assert "name: expected only waivers, found an unknown field" in capsys.readouterr().err


def test_attestations_file_decides_a_judgement_rule(centre: Path, tmp_path: Path) -> None:
    attestations = tmp_path / "attestations.json"
    attestations.write_text(
        json.dumps(
            {
                "attestations": [
                    {
                        "id": "ATT-1",
                        "rule_id": "P1-4.5-no-pressure-selling",
                        "verdict": "conforms",
                        "attested_by": "R. Byrne",
                        "role": "Quality lead",
                        "attested_on": "2026-05-20",
                        "note": "call sampling found no pressure selling",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    argv = [
        "assess",
        str(centre),
        "--as-of",
        "2026-05-29",
        "--select",
        "P1-4.5-no-pressure-selling",
    ]
    _, report = _report(tmp_path, [*argv, "--attestations", str(attestations)])
    assert _finding(report, "P1-4.5-no-pressure-selling")["status"] == "conforms"


def test_policy_file_replaces_the_document_policy_and_set_changes_it(
    centre: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[assessment_policy]\nscreening_lead_days = 10\n", encoding="utf-8")
    argv = [*ASSESS, str(centre), "--policy", str(policy), "--set", "forecast_notice_days=9"]
    _, report = _report(tmp_path, argv)
    values = {p["name"]: p["value"] for p in report["policy"]}  # type: ignore[attr-defined]
    assert values["screening_lead_days"] == 10
    assert values["forecast_notice_days"] == 9
