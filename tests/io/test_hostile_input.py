"""Hostile and careless input gives the library's errors, with paths, quickly (issue #18)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from deadline import deadline
from iso18295 import (
    InteractionTable,
    examples,
    interactions_from_arrow,
    interactions_from_dataframe,
    load_interactions_csv,
    load_scope_text,
)
from iso18295.errors import MAX_PROBLEMS_PER_KIND, LoadError, ModelError

GOOD = {
    "channel_id": "voice",
    "direction": "inbound",
    "client_id": "acme",
    "offered_at": "2026-03-02T09:30:00+01:00",
    "wait_seconds": "5",
    "answered": "true",
    "abandoned": "false",
}


def _csv(tmp_path: Path, *rows: dict[str, str]) -> Path:
    path = tmp_path / "calls.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(GOOD))
        writer.writeheader()
        for row in rows:
            writer.writerow({**GOOD, **row})
    return path


def _document(**fields: object) -> str:
    return json.dumps({"name": "Demo", **fields})


# --- documents --------------------------------------------------------------------------


def test_json_nan_is_reported_with_its_path() -> None:
    text = '{"name": "Demo", "kpi_targets": [], "forecasts": [{"volumes": [NaN]}]}'
    with pytest.raises(LoadError, match=r"forecasts\[0\]\.volumes\[0\]: expected a number, "):
        load_scope_text(text, format="json")


def test_number_beyond_a_double_is_called_out_of_range_not_a_tuple() -> None:
    text = '{"name": "Demo", "forecasts": [{"volumes": [1e400]}]}'
    with pytest.raises(LoadError) as caught:
        load_scope_text(text, format="json")
    assert (
        "forecasts[0].volumes[0]: expected a number, found 1e400, out of the range of a "
        "64-bit float"
    ) in str(caught.value)
    assert "tuple" not in str(caught.value)


def test_toml_infinity_is_reported_with_its_path() -> None:
    text = 'name = "Demo"\n[[forecasts]]\nvolumes = [inf]\n'
    with pytest.raises(
        LoadError, match=r"forecasts\[0\]\.volumes\[0\]: expected a number, found inf"
    ):
        load_scope_text(text, format="toml")


@pytest.mark.parametrize("digits", [400, 5_000])
def test_huge_json_integer_is_reported_with_its_path(digits: int) -> None:
    text = '{"name": "Demo", "forecasts": [{"interval_minutes": ' + "9" * digits + "}]}"
    with (
        deadline(5.0),
        pytest.raises(
            LoadError, match=rf"forecasts\[0\]\.interval_minutes: .*an integer of {digits} digits"
        ),
    ):
        load_scope_text(text, format="json")


def test_huge_toml_integer_is_a_load_error() -> None:
    with pytest.raises(LoadError, match=r"expected integers of at most 4,300 digits"):
        load_scope_text("name = " + "9" * 5_000, format="toml")


def test_integer_beyond_a_float_in_a_number_field_is_a_load_error() -> None:
    # 10**400 is a valid JSON integer within the digit limit of the parser? No: it has
    # 401 digits, so it stops at the parser; 2**60 passes the parser and stops at the model.
    text = _document(forecasts=[{"volumes": [2**60]}])
    with pytest.raises(
        LoadError, match=r"forecasts\[0\]\.volumes\[0\]: expected a number between"
    ):
        load_scope_text(text, format="json")


def test_lone_surrogate_is_rejected_at_load_with_its_path() -> None:
    text = '{"name": "Demo\\ud800"}'
    with pytest.raises(LoadError, match=r"<string>: name: expected text in valid Unicode"):
        load_scope_text(text, format="json")


def test_lone_surrogate_in_an_unknown_key_does_not_break_the_message() -> None:
    text = '{"name": "Demo", "n\\ud800me": 1}'
    with pytest.raises(LoadError) as caught:
        load_scope_text(text, format="json")
    str(caught.value).encode("utf-8")  # printable, written to any file or terminal


@pytest.mark.parametrize(
    "zone", ["Europe", "localtime", "posixrules", "Factory", "x" * 300, "../../etc/passwd", ""]
)
def test_time_zone_that_is_not_an_iana_key_is_a_load_error(zone: str) -> None:
    scope = examples.load_example()
    data = json.loads(__import__("iso18295").dump_scope_text(scope))
    data["centre"]["time_zone"] = zone
    with pytest.raises(LoadError, match=r"centre\.time_zone: expected an IANA time zone name"):
        load_scope_text(json.dumps(data), format="json")


@pytest.mark.parametrize("zone", ["Europe", "localtime", "Factory", "y" * 300])
def test_loader_time_zone_option_that_is_not_an_iana_key_is_a_load_error(
    tmp_path: Path, zone: str
) -> None:
    with pytest.raises(LoadError, match=r"time_zone: expected an IANA time zone name"):
        load_interactions_csv(_csv(tmp_path, {}), time_zone=zone)


def test_forecast_volume_beyond_the_count_limit_is_a_load_error() -> None:
    scope = examples.load_example()
    data = json.loads(__import__("iso18295").dump_scope_text(scope))
    data["forecasts"][0]["volumes"][3] = 1e300
    data["forecasts"][0]["handling_seconds"][4] = 1e12
    with pytest.raises(LoadError) as caught:
        load_scope_text(json.dumps(data), format="json")
    assert {p.path for p in caught.value.problems} == {
        "forecasts[0].volumes[3]",
        "forecasts[0].handling_seconds[4]",
    }
    assert "a duration of at most 10 years (315,576,000 seconds)" in str(caught.value)


def test_many_bad_records_give_a_message_summarised_per_kind() -> None:
    n = 2_000
    with deadline(30.0), pytest.raises(LoadError) as caught:
        load_scope_text(_document(agents=[{"id": 5}] * n), format="json")
    error = caught.value
    assert len(error.problems) == 5 * n  # every problem is kept
    message = str(error)
    assert message.startswith("<string>: 10,000 problems\n")
    for field in ("id", "name", "function", "site_id", "hired_on"):
        assert message.count(f"agents[{n - 1}].{field}") == 0
        assert f"and {n - MAX_PROBLEMS_PER_KIND:,} more like agents[*].{field}: " in message
    assert message.count("\n") == 5 * MAX_PROBLEMS_PER_KIND + 5


# --- tables -------------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["answered", "abandoned"])
def test_empty_required_boolean_cell_is_an_error_not_false(tmp_path: Path, column: str) -> None:
    path = _csv(tmp_path, {}, {column: ""})
    with pytest.raises(
        LoadError, match=rf"{column}: expected a value in every row, found 1 row \(first: 2\)"
    ):
        load_interactions_csv(path)


def test_empty_required_boolean_cell_is_quarantined(tmp_path: Path) -> None:
    result = load_interactions_csv(_csv(tmp_path, {}, {"answered": ""}), on_error="quarantine")
    assert len(result.table) == 1
    assert len(result.quarantined) == 1
    assert [str(p) for p in result.quarantined.problems] == [
        "answered: expected a value in every row, found 1 row (first: 2) with no value"
    ]


def test_empty_required_boolean_in_an_arrow_text_column_is_an_error() -> None:
    pa = pytest.importorskip("pyarrow")
    data = pa.table({**{k: [v, v] for k, v in GOOD.items()}, "abandoned": ["false", ""]})
    with pytest.raises(LoadError, match=r"abandoned: expected a value in every row"):
        interactions_from_arrow(data)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("wait_seconds", "5\x00"),
        ("answered", "true\x00"),
        ("offered_at", GOOD["offered_at"] + "\x00"),
    ],
)
def test_trailing_nul_is_not_stripped_from_a_value(
    tmp_path: Path, column: str, value: str
) -> None:
    with pytest.raises(LoadError, match=rf"{column}: expected .*found 1 row \(first: 2\)"):
        load_interactions_csv(_csv(tmp_path, {}, {column: value}))


def test_trailing_nul_is_rejected_alike_in_csv_and_arrow_text(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    data = pa.table({**{k: [v, v] for k, v in GOOD.items()}, "wait_seconds": ["5", "5\x00"]})
    with pytest.raises(LoadError) as from_arrow:
        interactions_from_arrow(data)
    with pytest.raises(LoadError) as from_csv:
        load_interactions_csv(_csv(tmp_path, {}, {"wait_seconds": "5\x00"}))
    assert [str(p) for p in from_arrow.value.problems] == [str(p) for p in from_csv.value.problems]


def test_label_with_a_trailing_nul_stays_distinct_as_in_arrow(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    queues = ["c", "c\x00", "c"]
    path = tmp_path / "calls.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=[*GOOD, "queue"])
        writer.writeheader()
        for queue in queues:
            writer.writerow({**GOOD, "queue": queue})
    from_csv = load_interactions_csv(path).table
    arrow = pa.table({**{k: [v] * 3 for k, v in GOOD.items()}, "queue": queues})
    from_arrow = interactions_from_arrow(arrow).table
    assert from_csv.categories("queue") == ("c", "c\x00")
    assert from_arrow.categories("queue") == from_csv.categories("queue")
    np.testing.assert_array_equal(from_csv["queue"], from_arrow["queue"])


def test_repeated_arrow_column_name_is_a_load_error_naming_it() -> None:
    pa = pytest.importorskip("pyarrow")
    names = [*GOOD, "wait_seconds"]
    arrays = [pa.array([v]) for v in GOOD.values()] + [pa.array(["7"])]
    data = pa.Table.from_arrays(arrays, names=names)
    with pytest.raises(
        LoadError, match=r"expected each column name once, found repeated \['wait_seconds'\]"
    ):
        interactions_from_arrow(data)


def test_wait_beyond_ten_years_is_an_error_not_an_infinite_speed_of_answer(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError, match=r"wait_seconds: expected finite numbers of magnitude at most 315,576,000"
    ):
        load_interactions_csv(_csv(tmp_path, {}, {"wait_seconds": "1e308"}))


def test_wait_beyond_ten_years_in_arrow_is_an_error() -> None:
    pa = pytest.importorskip("pyarrow")
    data = pa.table({**{k: [v, v] for k, v in GOOD.items()}, "wait_seconds": [5.0, 1e308]})
    with pytest.raises(
        LoadError, match=r"wait_seconds: .*found 1 row \(first: 2\) with a value out"
    ):
        interactions_from_arrow(data)


def test_table_refuses_a_wait_beyond_ten_years() -> None:
    with pytest.raises(ModelError, match=r"wait_seconds: expected values from 0 to 315,576,000"):
        InteractionTable.from_columns(
            channel_id=["voice"] * 2,
            direction=["inbound"] * 2,
            client_id=["acme"] * 2,
            offered_at=np.array(["2026-03-02T08:30", "2026-03-02T08:31"], dtype="datetime64[ns]"),
            wait_seconds=[5.0, 1e308],
            answered=[True, True],
            abandoned=[False, False],
        )


# --- found by the fuzz tests (tests/fuzz) -------------------------------------------------


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("", 'centre[""]'),
        ("a.b", 'centre["a.b"]'),
        ("x y", 'centre["x y"]'),
        ("\ud800", "centre.\\ud800"),
    ],
)
def test_unknown_key_that_is_no_plain_name_keeps_a_path(key: str, path: str) -> None:
    document = {"name": "Demo", "centre": {"id": "c", "name": "C", key: 1}}
    with pytest.raises(LoadError) as caught:
        load_scope_text(json.dumps(document), format="json")
    assert path in [p.path for p in caught.value.problems]


def test_data_frame_with_a_repeated_column_name_is_a_load_error() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame([["voice", "voice"]], columns=["channel_id", "channel_id"])
    with pytest.raises(
        LoadError, match=r"expected each column name once, found repeated \['channel_id'\]"
    ):
        interactions_from_dataframe(frame)
