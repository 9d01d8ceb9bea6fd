"""Platform export readers: Amazon Connect contact records, Genesys Cloud conversation details.

The fixtures in tests/data/platforms were written by hand from the platforms'
documented data models; each holds the same seven contacts (answered,
abandoned, transferred, outbound, chat, answered quickly, abandoned within
5 s), so the same hand-worked KPIs hold for both.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from iso18295 import LoadResult, load_amazon_connect, load_genesys_cloud
from iso18295.errors import LoadError
from iso18295.kpis import (
    AbandonmentRate,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    ServiceLevel,
    TransferRate,
    compute,
)

DATA = Path(__file__).parent.parent / "data" / "platforms"
CONNECT = DATA / "amazon_connect_contacts.jsonl"
GENESYS = DATA / "genesys_cloud_conversations.json"
# Chats started through Amazon Connect's StartChatContact API have InitiationMethod API.
API_CHATS = {"direction": {"API": "inbound"}}
PERSONAL = ("+44163296", "alex.agent", "sam.agent", "kim.agent", "Jane Customer", "Alex Agent")


def _labels(result: LoadResult, name: str) -> list[str | None]:
    table = result.table
    labels = table.categories(name)
    return [labels[c] if c >= 0 else None for c in table[name].tolist()]


def _connect_lines() -> list[dict[str, object]]:
    return [json.loads(line) for line in CONNECT.read_text(encoding="utf-8").splitlines()]


def _write_connect(tmp_path: Path, records: list[object], name: str = "ctr.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return path


# --- the columns -----------------------------------------------------------------------


def test_amazon_connect_records_become_the_expected_columns() -> None:
    result = load_amazon_connect(CONNECT, client_id="acme", values=API_CHATS)
    t = result.table
    assert (result.rows_read, len(t), len(result.quarantined)) == (7, 7, 0)
    assert _labels(result, "interaction_id") == [f"c-000{i}" for i in range(1, 8)]
    assert _labels(result, "channel_id") == ["VOICE"] * 4 + ["CHAT", "VOICE", "VOICE"]
    assert _labels(result, "direction") == ["inbound"] * 3 + ["outbound"] + ["inbound"] * 3
    assert _labels(result, "queue") == ["Support"] * 3 + [None, "Chat", "Support", "Support"]
    assert _labels(result, "client_id") == ["acme"] * 7
    assert _labels(result, "agent_id") == [
        "agent-0001", None, "agent-0002", "agent-0001", "agent-0003", "agent-0002", None
    ]  # fmt: skip
    # Queued contacts are offered when enqueued; the outbound one (no queue) when initiated.
    expected_offers = np.array(
        ["2026-03-02T09:00:20", "2026-03-02T09:11:10", "2026-03-02T09:20:20",
         "2026-03-02T10:00:00", "2026-03-02T10:30:10", "2026-03-02T11:00:20",
         "2026-03-02T11:30:20"],
        dtype="datetime64[ns]",
    )  # fmt: skip
    np.testing.assert_array_equal(t["offered_at"], expected_offers)
    np.testing.assert_array_equal(t["wait_seconds"], [12, 45, 25, 0, 8, 5, 3])
    assert t["answered"].tolist() == [True, False, True, True, True, True, False]
    assert t["abandoned"].tolist() == [False, True, False, False, False, False, True]
    assert t["transferred"].tolist() == [False, False, True] + [False] * 4
    nan = np.nan
    np.testing.assert_array_equal(t["talk_seconds"], [240, nan, 180, 120, 600, 200, nan])
    np.testing.assert_array_equal(t["hold_seconds"], [30, nan, 0, 0, 0, 10, nan])
    np.testing.assert_array_equal(t["after_contact_seconds"], [60, nan, 20, 30, 45, 40, nan])
    # What contact records do not say stays "not recorded".
    assert t["resolved"].tolist() == [-1] * 7
    assert np.isnan(t["satisfaction"]).all()
    assert t.categories("customer_reference") == ()


def test_genesys_cloud_conversations_become_the_expected_columns() -> None:
    result = load_genesys_cloud(GENESYS, client_id="acme")
    t = result.table
    assert (result.rows_read, len(t)) == (7, 7)
    assert _labels(result, "interaction_id") == [f"g-000{i}" for i in range(1, 8)]
    assert _labels(result, "channel_id") == ["voice"] * 4 + ["chat", "voice", "voice"]
    assert _labels(result, "direction") == ["inbound"] * 3 + ["outbound"] + ["inbound"] * 3
    assert _labels(result, "queue") == ["Support"] * 3 + [None, "Chat", "Support", "Support"]
    assert _labels(result, "agent_id") == [
        "u-0001", None, "u-0002", "u-0001", "u-0003", "u-0002", None
    ]  # fmt: skip
    # Milliseconds in the metrics (tAnswered 12000...) are seconds here.
    np.testing.assert_array_equal(t["wait_seconds"], [12, 45, 25, 0, 8, 5, 3])
    assert t["answered"].tolist() == [True, False, True, True, True, True, False]
    assert t["abandoned"].tolist() == [False, True, False, False, False, False, True]
    assert t["transferred"].tolist() == [False, False, True] + [False] * 4
    nan = np.nan
    np.testing.assert_array_equal(t["talk_seconds"], [240, nan, 180, 120, 600, 200, nan])
    # Genesys emits tHeld only when a hold happened: none is 0 for a handled contact.
    np.testing.assert_array_equal(t["hold_seconds"], [30, nan, 0, 0, 0, 10, nan])
    np.testing.assert_array_equal(t["after_contact_seconds"], [60, nan, 20, 30, 45, 40, nan])
    assert str(t["offered_at"][0]) == "2026-03-02T09:00:20.000000000"
    assert str(t["offered_at"][3]) == "2026-03-02T10:00:00.000000000"  # no queue: the start


def test_amazon_connect_durations_agree_with_pandas_json_normalize() -> None:
    pd = pytest.importorskip("pandas")
    flat = pd.json_normalize(_connect_lines())
    t = load_amazon_connect(CONNECT, client_id="acme", values=API_CHATS).table
    queued = flat["Queue.Duration"].notna().to_numpy()
    np.testing.assert_array_equal(
        t["wait_seconds"], np.where(queued, flat["Queue.Duration"].fillna(0), 0.0)
    )
    np.testing.assert_array_equal(t["talk_seconds"], flat["Agent.AgentInteractionDuration"])
    np.testing.assert_array_equal(
        t["after_contact_seconds"], flat["Agent.AfterContactWorkDuration"]
    )
    offered = pd.to_datetime(
        flat["Queue.EnqueueTimestamp"].fillna(flat["InitiationTimestamp"]), utc=True
    )
    np.testing.assert_array_equal(t["offered_at"], offered.dt.tz_localize(None).to_numpy())


# --- the KPIs, worked by hand ------------------------------------------------------------

KPIS = [
    ServiceLevel(),  # inbound, answered within 20 s / offered, abandons under 5 s excluded
    AbandonmentRate(),
    AverageSpeedOfAnswer(),
    AverageHandlingTime(),  # both directions
    TransferRate(),
]


@pytest.mark.parametrize(
    "result",
    [
        pytest.param(lambda: load_amazon_connect(CONNECT, client_id="acme", values=API_CHATS),
                     id="amazon-connect"),
        pytest.param(lambda: load_genesys_cloud(GENESYS, client_id="acme"), id="genesys-cloud"),
    ],
)  # fmt: skip
def test_kpis_of_the_platform_fixtures_match_the_hand_computation(result: object) -> None:
    assert callable(result)
    kpis = compute(result().table, KPIS)
    # Inbound offered: waits 12 (answered), 45 (abandoned), 25 (answered), 8 (answered),
    # 5 (answered), 3 (abandoned: under 5 s, so excluded).  Offered counted: 5.
    # Service level: 12, 8 and 5 are within 20 s -> 3/5.
    assert (kpis["service_level"].numerator[0], kpis["service_level"].denominator[0]) == (3, 5)
    assert kpis["service_level"].value[0] == pytest.approx(0.6)
    # Abandonment: the 45 s abandon -> 1/5.
    assert kpis["abandonment_rate"].value[0] == pytest.approx(0.2)
    # ASA: (12 + 25 + 8 + 5) / 4 = 12.5 s.
    assert kpis["average_speed_of_answer"].value[0] == pytest.approx(12.5)
    # AHT over answered contacts of both directions: 240+30+60, 180+0+20, 120+0+30,
    # 600+0+45, 200+10+40 = 330 + 200 + 150 + 645 + 250 = 1575 over 5 -> 315 s.
    assert kpis["average_handling_time"].value[0] == pytest.approx(315.0)
    # One transferred contact of five handled.
    assert kpis["transfer_rate"].value[0] == pytest.approx(0.2)


# --- mappings and what is not guessed ---------------------------------------------------


def test_amazon_connect_other_initiation_methods_are_bad_rows_unless_mapped() -> None:
    with pytest.raises(LoadError, match=r"direction: expected 'inbound' or 'outbound' \(from "
                       r"InitiationMethod INBOUND or OUTBOUND\), found 1 row \(first: 5\) "
                       r"with another value, such as 'API'") as raised:  # fmt: skip
        load_amazon_connect(CONNECT, client_id="acme")
    assert "values={'direction'" in str(raised.value)
    result = load_amazon_connect(CONNECT, client_id="acme", on_error="quarantine")
    assert result.quarantined.row_numbers.tolist() == [5]
    assert (result.rows_read, len(result.table)) == (7, 6)


def test_platform_labels_map_to_the_centre_channel_ids() -> None:
    values = {"channel_id": {"VOICE": "phone", "CHAT": "web-chat"}, **API_CHATS}
    result = load_amazon_connect(CONNECT, client_id="acme", values=values)
    assert _labels(result, "channel_id") == ["phone"] * 4 + ["web-chat", "phone", "phone"]


def test_bad_options_are_load_errors_naming_the_option(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"client_id: expected a non-empty string, found ''"):
        load_amazon_connect(CONNECT, client_id="")
    with pytest.raises(LoadError, match=r"values\.direction: expected 'inbound' or 'outbound'"):
        load_genesys_cloud(GENESYS, client_id="acme", values={"direction": {"in": "incoming"}})
    with pytest.raises(LoadError, match=r"on_error: expected 'strict' or 'quarantine'"):
        load_genesys_cloud(GENESYS, client_id="acme", on_error="lenient")  # type: ignore[arg-type]


def test_personal_data_never_reaches_the_table_or_messages(tmp_path: Path) -> None:
    result = load_amazon_connect(CONNECT, client_id="acme", values=API_CHATS)
    genesys = load_genesys_cloud(GENESYS, client_id="acme")
    shown = [repr(result.table), repr(genesys.table)]
    for t in (result.table, genesys.table):
        shown += [str(t.categories(c)) for c in ("interaction_id", "agent_id", "queue")]
    records = _connect_lines()
    records[0]["CustomerEndpoint"] = 12  # odd, but not read: no problem, nothing echoed
    records[1]["Queue"] = {"Name": "+441632960123", "Duration": "45", "EnqueueTimestamp": None}
    records[2]["Agent"] = "alex.agent"  # a user name where an object belongs: not echoed
    records.append("+441632960555")  # a phone number where a record belongs: not echoed
    with pytest.raises(LoadError) as raised:
        load_amazon_connect(_write_connect(tmp_path, records), client_id="acme")
    shown.append(str(raised.value))
    assert {p.path for p in raised.value.problems} >= {"Agent", "", "Queue.Duration"}
    for text in shown:
        for secret in PERSONAL:
            assert secret not in text


# --- malformed input ---------------------------------------------------------------------


def test_malformed_contact_records_list_every_problem_with_record_and_field(
    tmp_path: Path,
) -> None:
    records = _connect_lines()
    del records[1]["ContactId"]  # record 2: missing
    assert isinstance(records[2]["Queue"], dict)
    records[2]["Queue"]["Duration"] = "25"  # record 3: wrong type
    records[3]["InitiationTimestamp"] = "02/03/2026 10:00"  # record 4: bad time
    assert isinstance(records[5]["Agent"], dict)
    records[5]["Agent"]["CustomerHoldDuration"] = -10  # record 6: negative
    records[6]["Channel"] = ""  # record 7: empty, which would read as missing
    records.append("not a record")  # record 8
    path = _write_connect(tmp_path, records)
    with pytest.raises(LoadError) as raised:
        load_amazon_connect(path, client_id="acme", values=API_CHATS)
    found = {p.path: f"expected {p.expected}, found {p.found}" for p in raised.value.problems}
    assert (
        found["ContactId"]
        == "expected a value in every record, found 1 row (first: 2) with no value"
    )
    assert found["Queue.Duration"] == (
        "expected a number of seconds >= 0, found 1 row (first: 3) with a string, such as '25'"
    )
    assert found["InitiationTimestamp"].startswith("expected an ISO 8601 date and time")
    assert found["InitiationTimestamp"].endswith(
        "found 1 row (first: 4) with other text, such as '02/03/2026 10:00'"
    )
    assert found["Agent.CustomerHoldDuration"] == (
        "expected a number of seconds >= 0, found 1 row (first: 6) with a negative value, "
        "such as -10"
    )
    # A record that is not an object may be anything: only its type is told.
    assert (
        found[""]
        == "expected a JSON object (a contact record), found 1 row (first: 8) with a string"
    )
    assert found["Channel"] == (
        "expected a non-empty string, found 1 row (first: 7) with an empty string, such as ''"
    )
    paths = {p.path for p in raised.value.problems}
    assert paths == {
        "ContactId", "Queue.Duration", "InitiationTimestamp", "Agent.CustomerHoldDuration",
        "Channel", "",
    }  # fmt: skip
    # Quarantine sets exactly those records aside and keeps the rest.
    result = load_amazon_connect(path, client_id="acme", values=API_CHATS, on_error="quarantine")
    assert result.quarantined.row_numbers.tolist() == [2, 3, 4, 6, 7, 8]
    assert _labels(result, "interaction_id") == ["c-0001", "c-0005"]


def test_malformed_conversations_name_the_nested_field_path(tmp_path: Path) -> None:
    page = json.loads(GENESYS.read_text(encoding="utf-8"))
    conversations = page["conversations"]
    conversations[0]["participants"][1]["sessions"][0]["metrics"][1]["value"] = "12000"
    del conversations[2]["conversationStart"]
    conversations[4]["participants"][1]["sessions"][0]["segments"][0]["segmentStart"] = "soon"
    conversations[5]["participants"] = {"purpose": "acd"}
    path = tmp_path / "details.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        load_genesys_cloud(path, client_id="acme")
    found = {p.path: p.found for p in raised.value.problems}
    assert found["participants[1].sessions[0].metrics[1].value"].startswith("1 row (first: 1)")
    assert found["conversationStart"].startswith("1 row (first: 3) with no value")
    assert found["participants[1].sessions[0].segments[0].segmentStart"].startswith(
        "1 row (first: 5)"
    )
    assert found["participants"].startswith("1 row (first: 6) with an object")


def test_a_contact_delivered_twice_is_reported_not_counted_twice(tmp_path: Path) -> None:
    records = _connect_lines()
    records.append(records[0])  # Amazon Connect delivers at least once
    with pytest.raises(LoadError, match=r"ContactId: expected each contact once, found 1 row "
                       r"\(first: 8\) with the id of an earlier record"):  # fmt: skip
        load_amazon_connect(_write_connect(tmp_path, records), client_id="acme", values=API_CHATS)


def test_text_that_is_not_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    lines = CONNECT.read_text(encoding="utf-8").splitlines()
    path.write_text(lines[0] + "\n" + lines[1][:-5] + "\n", encoding="utf-8")
    with pytest.raises(
        LoadError, match=r"record 2: expected JSON: .*, found .* at line \d+, column \d+"
    ):
        load_amazon_connect(path, client_id="acme")
    empty = tmp_path / "empty.json"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"expected JSON records, found an empty file"):
        load_genesys_cloud(empty, client_id="acme")


def test_array_and_concatenated_records_read_as_json_lines(tmp_path: Path) -> None:
    records = _connect_lines()
    as_array = tmp_path / "array.json"
    as_array.write_text(json.dumps(records, indent=2), encoding="utf-8")
    concatenated = tmp_path / "firehose"  # Kinesis Data Firehose: objects back to back
    concatenated.write_text("".join(json.dumps(r) for r in records), encoding="utf-8")
    lines = load_amazon_connect(CONNECT, client_id="acme", values=API_CHATS).table
    for path in (as_array, concatenated):
        assert load_amazon_connect(path, client_id="acme", values=API_CHATS).table.equals(lines)


def test_genesys_pages_and_lines_read_as_one_response(tmp_path: Path) -> None:
    page = json.loads(GENESYS.read_text(encoding="utf-8"))
    conversations = page["conversations"]
    pages = tmp_path / "pages.json"
    pages.write_text(
        json.dumps({"conversations": conversations[:3]})
        + "\n"
        + json.dumps({"conversations": conversations[3:], "totalHits": 7}),
        encoding="utf-8",
    )
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join(json.dumps(c) for c in conversations), encoding="utf-8")
    whole = load_genesys_cloud(GENESYS, client_id="acme").table
    assert len(whole) == 7
    assert load_genesys_cloud(pages, client_id="acme").table.equals(whole)
    assert load_genesys_cloud(lines, client_id="acme").table.equals(whole)


def test_durations_beyond_any_real_one_are_bad_values(tmp_path: Path) -> None:
    records = _connect_lines()
    assert isinstance(records[0]["Queue"], dict)
    records[0]["Queue"]["Duration"] = 1e300
    with pytest.raises(LoadError, match=r"Queue\.Duration: expected a number of seconds >= 0, "
                       r"found 1 row \(first: 1\) with a value above 315,576,000"):  # fmt: skip
        load_amazon_connect(_write_connect(tmp_path, records), client_id="acme", values=API_CHATS)


def test_platform_loaders_report_the_records_read(tmp_path: Path) -> None:
    # 40,000 records (the fixture's, repeated with fresh ids): a call every 16,384 records
    # read, then the total.
    base = _connect_lines()
    records = []
    for i in range(40_000):
        record = dict(base[i % len(base)])
        record["ContactId"] = f"c-{i}"
        records.append(record)
    path = _write_connect(tmp_path, records)
    calls: list[tuple[int, int | None, str]] = []
    result = load_amazon_connect(
        path,
        client_id="acme",
        values=API_CHATS,
        progress=lambda done, total, stage: calls.append((done, total, stage)),
    )
    assert result.rows_read == 40_000
    assert calls == [(n, 40_000, "read rows") for n in (16_384, 32_768, 40_000)]
    genesys: list[tuple[int, int | None, str]] = []
    load_genesys_cloud(GENESYS, client_id="acme", progress=lambda *call: genesys.append(call))
    assert genesys == [(7, 7, "read rows")]
