"""``iso18295 assess`` on records as users have them: platform exports and other columns.

The platform fixtures are the ones tests/io/test_platforms.py checks field by
field; here the command line must give the assessment exactly the table the
library's own loaders give (the report's interactions fingerprint hashes its
columns).  The column-mapped CSV holds the hand-written centre's late call
(tests/test_cli_records.py) in another system's columns and labels: only if
the mapping is applied does the assessment find the breach.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from iso18295 import (
    ColumnMapping,
    assess,
    examples,
    load_amazon_connect,
    load_genesys_cloud,
    load_interactions_csv,
    load_scope,
)
from iso18295._cli import main
from test_cli_records import ASSESS, CENTRE, _report

DATA = Path(__file__).parent / "data" / "platforms"
CONNECT = DATA / "amazon_connect_contacts.jsonl"
GENESYS = DATA / "genesys_cloud_conversations.json"
CONNECT_LABELS = """\
[values.direction]
API = "inbound"   # chats started through the StartChatContact API
"""


def _provenance(report: dict[str, object]) -> dict[str, object]:
    provenance = report["provenance"]
    assert isinstance(provenance, dict)
    return provenance


@pytest.mark.parametrize("platform", ["amazon-connect", "genesys-cloud"])
def test_a_platform_export_is_assessed_as_the_library_loads_it(
    tmp_path: Path, platform: str
) -> None:
    labels = tmp_path / "labels.toml"
    labels.write_text(CONNECT_LABELS, encoding="utf-8")
    path, options = (
        (CONNECT, ["--columns", str(labels)]) if platform == "amazon-connect" else (GENESYS, [])
    )
    argv = ["assess", "--example", "--interactions", str(path), "--client", "lumen"]
    code, report = _report(tmp_path, [*argv, "--interactions-format", platform, *options])
    assert code == 0
    if platform == "amazon-connect":
        loaded = load_amazon_connect(
            path, client_id="lumen", values={"direction": {"API": "inbound"}}
        )
    else:
        loaded = load_genesys_cloud(path, client_id="lumen")
    expected = assess(
        examples.load_example(), as_of=date(2026, 4, 1), interactions=loaded.table
    ).provenance
    provenance = _provenance(report)
    assert provenance["interactions_fingerprint"] == expected.interactions_fingerprint
    assert provenance["record_loads"] == [
        {"kind": "interactions", "source": str(path), "rows_read": 7, "rows_accepted": 7,
         "rows_quarantined": 0}
    ]  # fmt: skip


def test_a_directory_of_exports_is_read_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    page = json.loads(GENESYS.read_text(encoding="utf-8"))
    for i, part in enumerate((page["conversations"][:3], page["conversations"][3:])):
        (folder / f"page-{i}.json").write_text(json.dumps({"conversations": part}), "utf-8")
    (folder / "notes.txt").write_text("not records", encoding="utf-8")
    argv = ["assess", "--example", "--interactions", str(folder), "--client", "lumen"]
    code, report = _report(tmp_path, [*argv, "--interactions-format", "genesys-cloud"])
    assert code == 0
    loads = _provenance(report)["record_loads"]
    assert isinstance(loads, list)
    assert [(Path(r["source"]).name, r["rows_read"]) for r in loads] == [
        ("page-0.json", 3),
        ("page-1.json", 4),
    ]


THEIRS = """\
Media,Dir,Campaign,Client,Started,QueueMs,Outcome,Answered,Abandoned,Notes
PHONE,OUT,winback-2026,harbour-water,2026-05-04T10:00:00+01:00,0,done,true,false,first
PHONE,OUT,winback-2026,harbour-water,2026-05-05T20:15:00+01:00,0,done,true,false,late
"""
THEIR_COLUMNS = """\
ignore = ["Outcome", "Notes"]

[names]
Media = "channel_id"
Dir = "direction"
Campaign = "campaign_id"
Client = "client_id"
Started = "offered_at"
QueueMs = "wait_seconds"
Answered = "answered"
Abandoned = "abandoned"

[values.channel_id]
PHONE = "hl-phone"

[values.direction]
OUT = "outbound"

[units]
wait_seconds = "milliseconds"
"""


THEIR_NAMES: dict[str, str | None] = {
    "Media": "channel_id", "Dir": "direction", "Campaign": "campaign_id", "Client": "client_id",
    "Started": "offered_at", "QueueMs": "wait_seconds", "Answered": "answered",
    "Abandoned": "abandoned",
}  # fmt: skip
THEIR_VALUES = {"channel_id": {"PHONE": "hl-phone"}, "direction": {"OUT": "outbound"}}


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_records_in_other_columns_are_read_through_a_mapping_file(
    tmp_path: Path, suffix: str
) -> None:
    centre = tmp_path / "centre.toml"
    centre.write_text(CENTRE, encoding="utf-8")
    records = tmp_path / "calls.csv"
    records.write_text(THEIRS, encoding="utf-8")
    mapping = tmp_path / f"columns{suffix}"
    if suffix == ".toml":
        mapping.write_text(THEIR_COLUMNS, encoding="utf-8")
    else:  # JSON can say "ignored" with null in names
        document = {
            "names": THEIR_NAMES | {"Outcome": None, "Notes": None},
            "values": THEIR_VALUES,
            "units": {"wait_seconds": "milliseconds"},
        }
        mapping.write_text(json.dumps(document), encoding="utf-8")
    argv = [*ASSESS, str(centre), "--interactions", str(records), "--columns", str(mapping)]
    code, report = _report(tmp_path, [*argv, "--fail-on", "requirement"])
    assert code == 1  # the 20:15 call breaks the campaign's hours
    findings = report["findings"]
    assert isinstance(findings, list)
    (hours,) = findings
    assert hours["status"] == "does_not_conform"
    table = load_interactions_csv(
        records,
        columns=ColumnMapping(
            names=THEIR_NAMES | {"Outcome": None, "Notes": None},
            values=THEIR_VALUES,
            units={"wait_seconds": "milliseconds"},
        ),
    ).table
    expected = assess(load_scope(centre), as_of=date(2026, 5, 29), interactions=table)
    fingerprint = _provenance(report)["interactions_fingerprint"]
    assert fingerprint == expected.provenance.interactions_fingerprint


def test_every_problem_of_a_mapping_file_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'names = 3\nignore = ["a", 4]\ncolums = {}\n[values]\ndirection = "IN"\n'
        '[units]\nwait_seconds = "hours"\n',
        encoding="utf-8",
    )
    argv = ["assess", "--example", "--interactions", str(CONNECT), "--columns", str(bad)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "bad.toml: 5 problems" in err
    for line in (
        "colums: expected only ignore, names, units, values, found an unknown field",
        "names: expected a table, found 3",
        "ignore[1]: expected a string, found 4",
        "values.direction: expected a table, found 'IN'",
        "units.wait_seconds: expected 'seconds' or 'milliseconds', found 'hours'",
    ):
        assert f"  - {line}" in err


def test_a_column_in_names_and_ignore_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both = tmp_path / "both.toml"
    both.write_text('ignore = ["Notes"]\n[names]\nNotes = "queue"\n', encoding="utf-8")
    argv = ["assess", "--example", "--interactions", str(CONNECT), "--columns", str(both)]
    assert main(argv) == 2
    assert "ignore[0]: expected a column not also in names, found 'Notes'" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--interactions-format", "amazon-connect"], "needs --client ID"),
        (["--client", "lumen"], "--client goes with --interactions-format amazon-connect"),
        (
            ["--interactions-format", "genesys-cloud", "--client", "lumen", "--columns", "NAMES"],
            "a column mapping may hold only [values]",
        ),
    ],
)
def test_record_options_that_do_not_fit_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    names = tmp_path / "names.toml"
    names.write_text('[names]\nX = "queue"\n', encoding="utf-8")
    options = [str(names) if o == "NAMES" else o for o in options]
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", "--example", "--interactions", str(GENESYS), *options])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("option", [["--client", "lumen"], ["--columns", "m.toml"]])
def test_record_options_without_records_are_usage_errors(
    capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["assess", "--example", *option])
    assert exit_info.value.code == 2
    assert f"{option[0]} goes with --interactions PATH, which is missing" in (
        capsys.readouterr().err
    )


def test_a_client_the_scope_does_not_know_is_named_with_the_closest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["assess", "--example", "--interactions", str(GENESYS), "--client", "lumn"]
    assert main([*argv, "--interactions-format", "genesys-cloud"]) == 2
    assert "expected the id of a client, found 'lumn'; did you mean 'lumen'?" in (
        capsys.readouterr().err
    )


def test_a_csv_given_as_a_platform_export_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "calls.csv"
    records.write_text(THEIRS, encoding="utf-8")
    argv = ["assess", "--example", "--interactions", str(records), "--client", "lumen"]
    assert main([*argv, "--interactions-format", "amazon-connect"]) == 2
    assert "expected a JSON (.json, .jsonl, .ndjson) file, found suffix '.csv'" in (
        capsys.readouterr().err
    )


def test_the_mapping_file_in_the_docs_is_the_mapping_of_the_docs_example(tmp_path: Path) -> None:
    page = Path(__file__).parents[1] / "docs" / "how-to" / "load-platform-exports.md"
    text = page.read_text(encoding="utf-8")
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "columns.toml"
    path.write_text(block, encoding="utf-8")
    from iso18295._io.mapping_file import load_column_mapping

    assert load_column_mapping(path) == ColumnMapping(
        names={"Id": "interaction_id", "Media": "channel_id", "Dir": "direction",
               "Client": "client_id", "Started": "offered_at", "QueueMs": "wait_seconds",
               "Answered": "answered", "Abandoned": "abandoned", "Agent Name": None},
        values={"channel_id": {"PHONE": "voice", "WEBCHAT": "chat"},
                "direction": {"IN": "inbound", "OUT": "outbound"}},
        units={"wait_seconds": "milliseconds"},
    )  # fmt: skip
