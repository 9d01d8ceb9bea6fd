"""``iso18295 assess`` with agent states and a schedule: occupancy and adherence targets.

The centre below is written by hand: one client whose agreement caps
occupancy at 85 % and asks for 90 % schedule adherence, reported weekly.
The agent-state file puts agent HB01 in handling 135 minutes and available
15 minutes in the week of 4 May 2026 (London summer time); HB02 serves another
client.  By hand: occupancy 135 / 150 = 0.9 > 0.85, so the target is missed.
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

[[centre.sites]]
id = "quay"
name = "Quay Street"
country = "GB"

[[centre.channels]]
id = "hl-phone"
kind = "voice"
directions = ["inbound"]

[[clients]]
id = "harbour-water"
name = "Harbour Water"
relationship = "in_house"

[[clients]]
id = "harbour-gas"
name = "Harbour Gas"
relationship = "in_house"

[[agents]]
id = "HB01"
name = "Morgan Reed"
function = "agent"
site_id = "quay"
hired_on = 2024-02-01
client_ids = ["harbour-water"]

[[agents]]
id = "HB02"
name = "Sam Holt"
function = "agent"
site_id = "quay"
hired_on = 2024-02-01
client_ids = ["harbour-gas"]

[[agreements]]
id = "agr-water"
client_id = "harbour-water"
centre_id = "harbour"
starts_on = 2026-01-01
channel_ids = ["hl-phone"]
reporting_frequency = "weekly"

[[agreements.kpi_targets]]
id = "occupancy-cap"
kpi = "occupancy"
comparison = "at_most"
target = 0.85

[[agreements.kpi_targets]]
id = "adherence"
kpi = "schedule_adherence"
comparison = "at_least"
target = 0.9
definition = "tolerance_seconds=60"
"""

STATES = """\
agent_id,state,started_at,ended_at
HB01,available,2026-05-05T09:00:00+01:00,2026-05-05T09:15:00+01:00
HB01,handling,2026-05-05T09:15:00+01:00,2026-05-05T11:00:00+01:00
HB01,after_contact,2026-05-05T11:00:00+01:00,2026-05-05T11:30:00+01:00
HB02,available,2026-05-05T09:00:00+01:00,2026-05-05T11:30:00+01:00
"""

SCHEDULE = """\
agent_id,activity,started_at,ended_at
HB01,contact_work,2026-05-05T09:00:00+01:00,2026-05-05T11:30:00+01:00
HB02,contact_work,2026-05-05T09:00:00+01:00,2026-05-05T11:30:00+01:00
"""

# Assessed on Monday 11 May: the last complete week is Monday 4 to Sunday 10 May.
ASSESS = ["assess", "--as-of", "2026-05-11", "--select", "P1-9-targets-met"]


@pytest.fixture
def centre(tmp_path: Path) -> Path:
    path = tmp_path / "centre.toml"
    path.write_text(CENTRE, encoding="utf-8")
    return path


def _file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _report(tmp_path: Path, argv: list[str]) -> tuple[int, dict[str, object]]:
    out = tmp_path / "report.json"
    code = main([*argv, "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _finding(report: dict[str, object]) -> dict[str, object]:
    findings = report["findings"]
    assert isinstance(findings, list)
    (finding,) = findings
    return finding  # type: ignore[no-any-return]


def test_without_agent_activity_the_targets_are_not_measured(centre: Path, tmp_path: Path) -> None:
    code, report = _report(tmp_path, [*ASSESS, str(centre), "--fail-on", "requirement"])
    assert code == 0
    finding = _finding(report)
    assert finding["status"] == "insufficient_evidence"
    assert finding["reason"] == (
        "none measured; 2 of 2 targets not measured: agr-water/occupancy-cap (occupancy): "
        "agent states not supplied; agr-water/adherence (schedule_adherence): agent states "
        "and schedule not supplied"
    )


def test_agent_states_show_the_missed_occupancy_cap(centre: Path, tmp_path: Path) -> None:
    states = _file(tmp_path / "states.csv", STATES)
    schedule = _file(tmp_path / "schedule.csv", SCHEDULE)
    argv = [*ASSESS, str(centre), "--agent-states", str(states), "--schedules", str(schedule)]
    code, report = _report(tmp_path, [*argv, "--fail-on", "interpretation"])
    assert code == 1
    finding = _finding(report)
    assert finding["status"] == "does_not_conform"
    assert finding["reason"] == "1 of 2 measured targets missed: agr-water/occupancy-cap"
    measured = {m["name"].split(":")[0]: m for m in finding["measurements"]}  # type: ignore[union-attr, index]
    # HB01 only (HB02 serves Harbour Gas): handling + after-contact 105 + 30 = 135 min,
    # available 15 min; 135 / 150 = 0.9.
    assert measured["occupancy-cap"]["observed"] == pytest.approx(0.9, rel=1e-12)
    assert measured["occupancy-cap"]["numerator"] == 135 * 60
    assert measured["occupancy-cap"]["denominator"] == 150 * 60
    # HB01 is in a contact-work state for all 150 scheduled minutes: adherence 1.0.
    assert measured["adherence"]["observed"] == 1.0
    provenance = report["provenance"]
    assert isinstance(provenance, dict)
    assert provenance["record_loads"] == [
        {
            "kind": "agent_states",
            "source": str(states),
            "rows_read": 4,
            "rows_accepted": 4,
            "rows_quarantined": 0,
        },
        {
            "kind": "schedule",
            "source": str(schedule),
            "rows_read": 2,
            "rows_accepted": 2,
            "rows_quarantined": 0,
        },
    ]
    assert len(provenance["agent_states_fingerprint"]) == 16  # type: ignore[arg-type]


def test_a_parquet_directory_of_agent_states_is_read_whole(centre: Path, tmp_path: Path) -> None:
    pcsv = pytest.importorskip("pyarrow.csv")
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "states"
    folder.mkdir()
    lines = STATES.splitlines(keepends=True)
    for i, part in enumerate((lines[1:3], lines[3:])):
        source = _file(tmp_path / f"part-{i}.csv", lines[0] + "".join(part))
        pq.write_table(pcsv.read_csv(source), folder / f"part-{i}.parquet")
    code, report = _report(tmp_path, [*ASSESS, str(centre), "--agent-states", str(folder)])
    assert code == 0
    finding = _finding(report)
    assert finding["status"] == "does_not_conform"
    assert report["provenance"]["record_loads"][0]["source"] == str(folder)  # type: ignore[index]


def test_a_bad_agent_state_row_is_an_input_error_naming_file_row_and_column(
    centre: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    states = _file(tmp_path / "states.csv", STATES.replace("HB01,handling", "HB01,lunch"))
    assert main([*ASSESS, str(centre), "--agent-states", str(states)]) == 2
    err = capsys.readouterr().err
    assert f"{states}: state: expected one of available" in err
    assert "1 row (first: 2)" in err
    assert "Traceback" not in err


def test_quarantined_agent_states_are_written_with_their_reasons(
    centre: Path, tmp_path: Path
) -> None:
    states = _file(tmp_path / "states.csv", STATES.replace("HB02,available", "HB02,lunch"))
    rejected = tmp_path / "rejected.csv"
    argv = [*ASSESS, str(centre), "--agent-states", str(states)]
    argv += ["--on-error", "quarantine", "--quarantine", str(rejected)]
    _, report = _report(tmp_path, argv)
    assert report["provenance"]["record_loads"][0]["rows_quarantined"] == 1  # type: ignore[index]
    rows = list(csv.reader(rejected.read_text(encoding="utf-8").splitlines()))
    assert rows[1][:2] == [str(states), "4"]
    assert rows[1][2].startswith("state: expected one of available")
    assert _finding(report)["status"] == "does_not_conform"  # HB02's row was not needed
