"""Loading interaction records from CSV, Parquet, Arrow and data frames."""

from __future__ import annotations

import codecs
import csv
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iso18295 import (
    MAX_DURATION_SECONDS,
    InteractionTable,
    LoadResult,
    examples,
    interactions_from_arrow,
    interactions_from_dataframe,
    iter_interaction_batches,
    load_interactions_csv,
    load_interactions_parquet,
)
from iso18295._io._issues import issue
from iso18295._model.columns import COLUMNS_BY_NAME, INTERACTION_COLUMNS
from iso18295.errors import LoadError, ModelError

HEADER = [
    "channel_id",
    "direction",
    "client_id",
    "offered_at",
    "wait_seconds",
    "answered",
    "abandoned",
]
GOOD = {
    "channel_id": "voice",
    "direction": "inbound",
    "client_id": "acme",
    "offered_at": "2026-03-02T09:30:00+01:00",
    "wait_seconds": "5",
    "answered": "true",
    "abandoned": "false",
}
SENTINEL = "PII-SENTINEL-7f3a"


def _write(
    tmp_path: Path,
    rows: Sequence[Mapping[str, str] | Sequence[str]],
    *,
    header: Sequence[str] | None = None,
    name: str = "interactions.csv",
) -> Path:
    """Write rows (dicts completed from GOOD, or raw lists) under a header."""
    columns = list(header) if header is not None else _header_of(rows)
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        for row in rows:
            if isinstance(row, Mapping):
                values = {**GOOD, **row}
                writer.writerow([values.get(c, "") for c in columns])
            else:
                writer.writerow(row)
    return path


def _header_of(rows: Sequence[Mapping[str, str] | Sequence[str]]) -> list[str]:
    extra = [k for row in rows if isinstance(row, Mapping) for k in row if k not in HEADER]
    return HEADER + list(dict.fromkeys(extra))


def _load(path: Path, **options: Any) -> LoadResult:
    """Load with both CSV engines, check they agree, and return (or raise) the outcome.

    Every test that loads through here checks the arrow engine against the
    Python one: the same table, quarantined rows and messages, or the same error.
    """
    python, arrow = (_outcome(path, engine=e, **options) for e in ("python", "arrow"))
    assert_same_outcome(python, arrow)
    if isinstance(python, LoadError):
        raise python
    return python


def _outcome(path: Path, **options: Any) -> LoadResult | LoadError:
    """Return what loading gives: the result, or the `LoadError` (compared by the caller)."""
    try:
        return load_interactions_csv(path, **options)
    except LoadError as exc:
        return exc


def assert_same_outcome(python: LoadResult | LoadError, arrow: LoadResult | LoadError) -> None:
    """Assert two loads gave the same table, quarantine and messages, or the same error."""
    if isinstance(python, LoadError) or isinstance(arrow, LoadError):
        assert isinstance(python, LoadError), f"only the arrow engine failed: {arrow}"
        assert isinstance(arrow, LoadError), f"only the python engine failed: {python}"
        assert str(arrow) == str(python)
        assert arrow.problems == python.problems
        return
    assert arrow.rows_read == python.rows_read
    assert arrow.table.equals(python.table)
    for column in INTERACTION_COLUMNS:
        if column.kind == "category":
            assert arrow.table.categories(column.name) == python.table.categories(column.name)
    assert arrow.quarantined.row_numbers.tolist() == python.quarantined.row_numbers.tolist()
    assert arrow.quarantined.problems == python.quarantined.problems
    assert [r.tolist() for r in arrow.quarantined.rows_by_problem] == [
        r.tolist() for r in python.quarantined.rows_by_problem
    ]


def _labels(table: InteractionTable, name: str) -> list[str | None]:
    labels = table.categories(name)
    return [None if code == -1 else labels[code] for code in table[name].tolist()]


def _utc(*values: str) -> npt.NDArray[np.datetime64]:
    return np.array(values, dtype="datetime64[ns]")


# --- values read as documented -------------------------------------------------------


def test_good_rows_load_with_times_in_utc_and_values_converted(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {"talk_seconds": "120.5", "resolved": "true", "queue": "billing"},
            {
                "offered_at": "2026-03-02T08:31:00Z",
                "wait_seconds": "1.5e1",
                "answered": "FALSE",
                "abandoned": "1",
                "resolved": "",
            },
            {
                "offered_at": "2026-03-02 03:32:00.25-05:00",
                "answered": "0",
                "abandoned": "True",
                "resolved": "0",
                "talk_seconds": "",
            },
        ],
    )
    result = _load(path)
    table = result.table
    # 09:30 at +01:00 is 08:30 UTC; 03:32:00.25 at -05:00 is 08:32:00.25 UTC
    np.testing.assert_array_equal(
        table["offered_at"],
        _utc("2026-03-02T08:30:00", "2026-03-02T08:31:00", "2026-03-02T08:32:00.25"),
    )
    assert table["wait_seconds"].tolist() == [5.0, 15.0, 5.0]
    assert table["answered"].tolist() == [True, False, False]
    assert table["abandoned"].tolist() == [False, True, True]
    np.testing.assert_array_equal(table["talk_seconds"], [120.5, np.nan, np.nan])
    assert table["resolved"].tolist() == [1, -1, 0]
    assert _labels(table, "queue") == ["billing", None, None]
    assert result.rows_read == 3
    assert len(result.quarantined) == 0


def test_header_only_file_gives_an_empty_table(tmp_path: Path) -> None:
    result = _load(_write(tmp_path, []))
    assert len(result.table) == 0
    assert result.rows_read == 0


def test_nanosecond_fractions_are_kept(tmp_path: Path) -> None:
    table = _load(_write(tmp_path, [{"offered_at": "2026-03-02T08:30:00.123456789Z"}])).table
    assert table["offered_at"][0] == np.datetime64("2026-03-02T08:30:00.123456789", "ns")


@pytest.mark.parametrize("text", ["TRUE", "True", "true", "1"])
def test_every_documented_spelling_of_true_is_read(tmp_path: Path, text: str) -> None:
    table = _load(_write(tmp_path, [{"answered": text}])).table
    assert table["answered"].tolist() == [True]


@pytest.mark.parametrize("text", ["yes", "Y", "t", "2", " true", "on", "-1"])
def test_other_spellings_of_booleans_are_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(
        LoadError,
        match=r"answered: expected true, false, 1 or 0 \(any letter case\), "
        r"found 1 row \(first: 1\) with other text",
    ):
        _load(_write(tmp_path, [{"answered": text}]))


@pytest.mark.parametrize("text", ["12,5", "1 000", "abc", "nan", "inf", "0x10", "1_000", "5s"])
def test_text_that_is_not_a_plain_number_is_an_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(
        LoadError,
        match=r"wait_seconds: expected numbers written like 12.*"
        r"found 1 row \(first: 1\) with other text",
    ):
        _load(_write(tmp_path, [{"wait_seconds": text}]))


def test_numbers_too_large_for_a_float_are_errors(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError,
        match=r"wait_seconds: expected finite numbers of magnitude at most 315,576,000 "
        r"\(10 years\), found 1 row \(first: 1\) with a value out of that range",
    ):
        _load(_write(tmp_path, [{"wait_seconds": "1e999"}]))


# --- times ---------------------------------------------------------------------------


def test_day_month_order_is_never_guessed(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError,
        match=r"offered_at: expected an ISO 8601 date and time .*"
        r"found 1 row \(first: 1\) with other text, "
        r"such as '02/03/2026 09:30'",
    ):
        _load(_write(tmp_path, [{"offered_at": "02/03/2026 09:30"}]))


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-02",
        "2026-03-02T09",
        "2026-03-02T09:30:00+0100",
        "2026-03-02T09:30:00+01",
        "2026-03-02T09:30:00.Z",
        "2026-03-02T09:30:00.1234567891Z",
        "2026-3-2T09:30:00Z",
    ],
)
def test_times_not_in_the_documented_format_are_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(LoadError, match=r"offered_at: expected an ISO 8601 date and time"):
        _load(_write(tmp_path, [{"offered_at": text}]))


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30T10:00:00Z",
        "2026-13-01T10:00:00Z",
        "2026-03-02T24:00:00Z",
        "2026-03-02T09:60:00Z",
        "2026-03-02T09:30:60Z",
        "2400-01-01T00:00:00Z",
    ],
)
def test_impossible_dates_and_times_are_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(
        LoadError,
        match=r"offered_at: expected a real date and time between "
        r"the years 1678 and 2261, found 1 row",
    ):
        _load(_write(tmp_path, [{"offered_at": text}]))


def test_leap_day_is_a_real_date(tmp_path: Path) -> None:
    table = _load(_write(tmp_path, [{"offered_at": "2028-02-29T10:00:00Z"}])).table
    assert table["offered_at"][0] == np.datetime64("2028-02-29T10:00:00", "ns")


def test_times_without_offset_are_errors_without_a_time_zone(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError,
        match=r"offered_at: expected a UTC offset \(Z or \+HH:MM\) on every time, found 1 row "
        r"\(first: 1\) without one, such as '2026-03-02T09:30:00'; pass time_zone=",
    ):
        _load(_write(tmp_path, [{"offered_at": "2026-03-02T09:30:00"}]))


def test_times_without_offset_are_read_in_the_given_zone_with_daylight_saving(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        [
            {"offered_at": "2026-03-02T09:30:00"},  # GMT, +00:00
            {"offered_at": "2026-07-01T09:30:00"},  # BST, +01:00
            {"offered_at": "2026-03-29T02:00:00"},  # first BST minute after the gap
            {"offered_at": "2026-07-01T09:30:00+02:00"},  # an offset wins over the zone
        ],
    )
    table = _load(path, time_zone="Europe/London").table
    np.testing.assert_array_equal(
        table["offered_at"],
        _utc("2026-03-02T09:30", "2026-07-01T08:30", "2026-03-29T01:00", "2026-07-01T07:30"),
    )


def test_local_times_in_the_spring_gap_are_errors_never_shifted(tmp_path: Path) -> None:
    # Europe/London skips 01:00-02:00 local on 2026-03-29.
    path = _write(tmp_path, [{}, {"offered_at": "2026-03-29T01:30:00"}])
    with pytest.raises(
        LoadError,
        match=r"offered_at: expected local times that exist in Europe/London, found 1 row "
        r"\(first: 2\) skipped by a daylight-saving change, such as '2026-03-29T01:30:00'",
    ):
        _load(path, time_zone="Europe/London")


def test_local_times_repeated_in_autumn_are_errors_never_guessed(tmp_path: Path) -> None:
    # Europe/London repeats 01:00-02:00 local on 2026-10-25.
    path = _write(tmp_path, [{"offered_at": "2026-10-25T01:30:00"}])
    with pytest.raises(
        LoadError,
        match=r"offered_at: expected local times that happen once in Europe/London, "
        r"found 1 row \(first: 1\) repeated by a daylight-saving change.*give these times a UTC",
    ):
        _load(path, time_zone="Europe/London")


def test_zone_far_from_utc_converts_across_the_date_line(tmp_path: Path) -> None:
    # Pacific/Kiritimati is UTC+14 all year.
    path = _write(tmp_path, [{"offered_at": "2026-01-01T05:00:00"}])
    table = _load(path, time_zone="Pacific/Kiritimati").table
    assert table["offered_at"][0] == np.datetime64("2025-12-31T15:00", "ns")


def test_unknown_time_zone_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError,
        match=r"time_zone: expected an IANA time zone name .*"
        r"found 'Europe/Atlantis'",
    ):
        _load(_write(tmp_path, [{}]), time_zone="Europe/Atlantis")


# --- columns -------------------------------------------------------------------------


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    header = [c for c in HEADER if c != "client_id"]
    with pytest.raises(
        LoadError, match=r"expected every required column, found none for \['client_id'\]$"
    ):
        _load(_write(tmp_path, [{}], header=header))


def test_unknown_column_is_an_error_with_the_way_out(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError,
        match=r"expected only columns from INTERACTION_COLUMNS, found unknown columns "
        r"\['notes'\]; map them with columns=",
    ):
        _load(_write(tmp_path, [{"notes": "called back"}]))


def test_column_mapped_to_none_is_ignored(tmp_path: Path) -> None:
    result = _load(_write(tmp_path, [{"notes": "called back"}]), columns={"notes": None})
    assert len(result.table) == 1


def test_file_columns_are_renamed_by_the_mapping(tmp_path: Path) -> None:
    header = ["Channel", "Direction", "Client", "Offered", "Wait", "Answered", "abandoned"]
    path = _write(
        tmp_path,
        [["chat", "outbound", "zeta", "2026-03-02T08:00:00Z", "7", "true", "false"]],
        header=header,
    )
    mapping = {
        "Channel": "channel_id",
        "Direction": "direction",
        "Client": "client_id",
        "Offered": "offered_at",
        "Wait": "wait_seconds",
        "Answered": "answered",
    }
    table = _load(path, columns=mapping).table
    assert _labels(table, "channel_id") == ["chat"]
    assert _labels(table, "direction") == ["outbound"]
    assert table["wait_seconds"].tolist() == [7.0]


def test_mapping_mistakes_are_all_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"Queue": "q", "queue": "q"}])
    with pytest.raises(LoadError, match=r"4 problems") as caught:
        _load(path, columns={"Missing": "queue", "Queue": "queue", "channel_id": "chanel"})
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        (
            "columns: expected names of columns the input has, found ['Missing'], "
            "which it does not have"
        ),
        (
            "columns: expected column names from INTERACTION_COLUMNS (or None to ignore a "
            "column), found ['chanel']"
        ),
        (
            "columns: expected each of our columns from one input column, "
            "found queue from ['Queue', 'queue']"
        ),
        "expected every required column, found none for ['channel_id']",
    ]


def test_repeated_header_names_are_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, [[*GOOD.values(), "x"]], header=[*HEADER, "channel_id"])
    with pytest.raises(
        LoadError, match=r"expected each column name once, found repeated \['channel_id'\]"
    ):
        _load(path)


def test_byte_order_mark_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(GOOD.values()) + "\n", encoding="utf-8-sig")
    with pytest.raises(LoadError, match=r"byte-order mark: pass encoding='utf-8-sig'"):
        _load(path)
    assert len(_load(path, encoding="utf-8-sig").table) == 1


def test_other_delimiters_are_read(tmp_path: Path) -> None:
    path = tmp_path / "semicolons.csv"
    path.write_text(";".join(HEADER) + "\n" + ";".join(GOOD.values()) + "\n", encoding="utf-8")
    assert len(_load(path, delimiter=";").table) == 1


# --- file-level problems -------------------------------------------------------------


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError, match=r"nope\.csv: expected a readable file, found No such file"
    ):
        _load(tmp_path / "nope.csv")


def test_empty_file_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(LoadError, match=r"expected a header row, found an empty file"):
        _load(path)


def test_bytes_in_another_encoding_are_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((",".join(HEADER) + "\nvoïce,inbound\n").encode("latin-1"))
    with pytest.raises(LoadError, match=r"expected text in utf-8, found bytes that are not"):
        _load(path)


def test_unterminated_quote_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(",".join(HEADER) + '\nvoice,"inbound\n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"expected valid CSV, found .* in data row 1"):
        _load(path)


def test_bad_options_are_reported_together(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"2 problems") as caught:
        _load(_write(tmp_path, [{}]), on_error="skip", time_zone="Nowhere")
    assert [p.path for p in caught.value.problems] == ["on_error", "time_zone"]


# --- rows: every problem, counted and located ----------------------------------------


def test_row_with_another_number_of_fields_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [{}, ["voice", "inbound"], {}])
    with pytest.raises(
        LoadError,
        match=r"^\S+: expected 7 fields in every row, as in the "
        r"header, found 1 row \(first: 2\) with another number",
    ):
        _load(path)


def test_empty_cell_in_a_required_column_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError,
        match=r"client_id: expected a value in every row, found 1 row "
        r"\(first: 2\) with no value$",
    ):
        _load(_write(tmp_path, [{}, {"client_id": ""}]))


def test_empty_transferred_cell_is_an_error_not_a_guess(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"transferred: .*no 'not recorded' value.*map it to None"):
        _load(_write(tmp_path, [{"transferred": "true"}, {"transferred": ""}]))


def test_problem_in_many_rows_is_counted_with_the_first_row_numbers(tmp_path: Path) -> None:
    # Every 7th of 250 rows has a negative wait: rows 7, 14, ..., 245, that is 250 // 7 = 35 rows.
    rows = [{"wait_seconds": "-1" if i % 7 == 0 else "3"} for i in range(1, 251)]
    with pytest.raises(
        LoadError,
        match=r"^\S+interactions\.csv: wait_seconds: expected values from 0 to "
        r"315,576,000 \(10 years\), found 35 rows \(first: 7, 14, 21\) with a "
        r"negative value, such as -1\.0$",
    ):
        _load(_write(tmp_path, rows))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    rows = [
        {"answered": "yes"},  # 1
        {"direction": "sideways"},  # 2
        {"answered": "true", "abandoned": "true"},  # 3
        {"talk_seconds": "-4"},  # 4
        {"offered_at": "yesterday"},  # 5
    ]
    with pytest.raises(LoadError, match=r"interactions\.csv: 5 problems\n") as caught:
        _load(_write(tmp_path, rows))
    found = {p.path: p.found for p in caught.value.problems}
    assert found == {
        "answered": "1 row (first: 1) with other text, such as 'yes'",
        "direction": "1 row (first: 2) with another value, such as 'sideways'",
        "abandoned": "1 row (first: 3) with both true",
        "talk_seconds": "1 row (first: 4) with a negative value, such as -4.0",
        "offered_at": "1 row (first: 5) with other text, such as 'yesterday'",
    }


def test_unreadable_value_is_not_reported_again_as_a_broken_invariant(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        _load(_write(tmp_path, [{"wait_seconds": "abc"}]))
    assert [p.path for p in caught.value.problems] == ["wait_seconds"]


def test_loader_reports_the_invariants_interaction_table_checks(tmp_path: Path) -> None:
    """The loader's own row checks agree with `InteractionTable`'s, column by column."""
    columns: dict[str, object] = {
        "channel_id": ["voice"] * 4,
        "direction": ["inbound", "sideways", "inbound", "inbound"],
        "client_id": ["acme"] * 4,
        "offered_at": _utc(*["2026-03-02T08:30"] * 4),
        "wait_seconds": [1.0, 1.0, -2.0, 1.0],
        "answered": [True, True, True, True],
        "abandoned": [False, False, False, True],
        "hold_seconds": [-1.0, np.nan, 0.0, 0.0],
    }
    with pytest.raises(ModelError) as from_table:
        InteractionTable.from_columns(**columns)
    rows = [
        {"direction": "inbound", "hold_seconds": "-1"},
        {"direction": "sideways"},
        {"wait_seconds": "-2"},
        {"abandoned": "true"},
    ]
    with pytest.raises(LoadError) as from_file:
        _load(_write(tmp_path, rows))
    expected = {(p.path, p.expected.replace("NaN", "empty")) for p in from_table.value.problems}
    assert {(p.path, p.expected) for p in from_file.value.problems} == expected


def test_personal_data_is_never_echoed(tmp_path: Path) -> None:
    rows = [
        {"customer_reference": SENTINEL, "wait_seconds": "-1", "answered": "maybe"},
        {"customer_reference": SENTINEL, "offered_at": "soon"},
        [SENTINEL] * 3,  # a row with too few fields
    ]
    path = _write(tmp_path, rows)
    with pytest.raises(LoadError) as caught:
        _load(path)
    assert len(caught.value.problems) == 4
    assert SENTINEL not in str(caught.value)
    result = _load(path, on_error="quarantine")
    assert SENTINEL not in repr(result.quarantined.problems)


def test_a_problem_in_a_personal_column_describes_the_value() -> None:
    column = COLUMNS_BY_NAME["customer_reference"]
    values = np.array(["ok", SENTINEL], dtype=object)
    (found,) = issue(column, np.array([False, True]), expected="x", found="y", values=values)
    assert found.example == "a 17-character string (withheld: personal data)"


# --- quarantine ----------------------------------------------------------------------


def test_quarantine_sets_bad_rows_aside_with_their_reasons(tmp_path: Path) -> None:
    rows = [
        {"channel_id": "voice"},
        {"channel_id": "chat", "wait_seconds": "-1"},
        {"channel_id": "email"},
        {"channel_id": "sms", "answered": "true", "abandoned": "true", "offered_at": "x"},
    ]
    result = _load(_write(tmp_path, rows), on_error="quarantine")
    assert _labels(result.table, "channel_id") == ["email", "voice"][::-1]
    assert result.table.categories("channel_id") == ("email", "voice")  # unused labels dropped
    assert result.quarantined.row_numbers.tolist() == [2, 4]
    assert result.rows_read == 4 == len(result.table) + len(result.quarantined)
    assert [p.path for p in result.quarantined.problems_of(4)] == ["offered_at", "abandoned"]
    assert [p.path for p in result.quarantined.problems_of(2)] == ["wait_seconds"]
    assert result.quarantined.problems_of(1) == ()
    assert not result.quarantined.row_numbers.flags.writeable


def test_quarantine_still_raises_for_problems_with_the_whole_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"unknown columns \['notes'\]"):
        _load(_write(tmp_path, [{"notes": "x"}]), on_error="quarantine")


def test_load_result_refuses_inconsistent_counts(tmp_path: Path) -> None:
    result = _load(_write(tmp_path, [{}]))
    with pytest.raises(ModelError, match=r"rows_read: expected accepted plus quarantined rows"):
        LoadResult(table=result.table, quarantined=result.quarantined, rows_read=2, source="x")


_BAD_CELLS: dict[str, dict[str, str] | None] = {
    "time": {"offered_at": "03/02/2026 10:00"},
    "naive time": {"offered_at": "2026-03-02T10:00:00"},
    "boolean": {"answered": "yes"},
    "number": {"wait_seconds": "1,5"},
    "negative wait": {"wait_seconds": "-0.5"},
    "both flags": {"answered": "1", "abandoned": "1"},
    "missing client": {"client_id": ""},
    "direction": {"direction": "inward"},
    "short row": None,
}

good_rows = st.fixed_dictionaries(
    {
        "channel_id": st.sampled_from(["voice", "chat", "email"]),
        "direction": st.sampled_from(["inbound", "outbound"]),
        "client_id": st.text("abc", min_size=1, max_size=3),
        "seconds": st.integers(0, 10**9),
        "offset_minutes": st.sampled_from([0, 60, -300, 330]),
        "wait_seconds": st.floats(0, 1e6, allow_nan=False),
        "answered": st.booleans(),
    }
)
rows_strategy = st.lists(st.one_of(good_rows, st.sampled_from(sorted(_BAD_CELLS))), max_size=25)


def _iso(seconds: int, offset_minutes: int) -> str:
    local = np.datetime64(seconds, "s") + np.timedelta64(offset_minutes, "m")
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{np.datetime_as_string(local, unit='s')}{sign}{hours:02d}:{minutes:02d}"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(rows=rows_strategy)
def test_quarantine_accounts_for_every_row_and_keeps_exactly_the_good_ones(
    tmp_path: Path, rows: list[dict[str, Any] | str]
) -> None:
    written: list[dict[str, str] | list[str]] = []
    good = [r for r in rows if isinstance(r, dict)]
    for row in rows:
        if isinstance(row, str):
            cells = _BAD_CELLS[row]
            written.append(["voice"] if cells is None else cells)
        else:
            written.append(
                {
                    "channel_id": row["channel_id"],
                    "direction": row["direction"],
                    "client_id": row["client_id"],
                    "offered_at": _iso(row["seconds"], row["offset_minutes"]),
                    "wait_seconds": repr(row["wait_seconds"]),
                    "answered": "true" if row["answered"] else "false",
                    "abandoned": "false" if row["answered"] else "true",
                }
            )
    result = _load(_write(tmp_path, written, header=HEADER), on_error="quarantine")

    assert result.rows_read == len(rows) == len(result.table) + len(result.quarantined)
    bad_rows = [i + 1 for i, r in enumerate(rows) if isinstance(r, str)]
    assert result.quarantined.row_numbers.tolist() == bad_rows
    expected = InteractionTable.from_columns(
        channel_id=[r["channel_id"] for r in good],
        direction=[r["direction"] for r in good],
        client_id=[r["client_id"] for r in good],
        offered_at=np.array([r["seconds"] for r in good], dtype="datetime64[s]").astype(
            "datetime64[ns]"
        ),
        wait_seconds=np.array([r["wait_seconds"] for r in good], dtype=np.float64),
        answered=np.array([r["answered"] for r in good], dtype=bool),
        abandoned=np.array([not r["answered"] for r in good], dtype=bool),
    )
    assert result.table.equals(expected)


# --- round trips ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_table() -> InteractionTable:
    """Two thousand generated records with every column filled somewhere."""
    table: InteractionTable = examples.generate_interactions()
    keep = np.arange(2000)
    columns: dict[str, object] = {}
    for column in INTERACTION_COLUMNS:
        values = table[column.name][keep]
        if column.kind == "category":
            labels = np.array([*table.categories(column.name), None], dtype=object)
            columns[column.name] = labels[values]
        else:
            columns[column.name] = values
    satisfaction = np.where(np.arange(2000) % 3 == 0, np.arange(2000) % 5 + 1.0, np.nan)
    columns["satisfaction"] = satisfaction
    columns["agent_id"] = np.where(np.arange(2000) % 4 == 0, None, "agent-7").astype(object)
    return InteractionTable.from_columns(**columns)


def _write_table_csv(table: InteractionTable, path: Path) -> None:
    """Write a table as CSV, column by column, independently of the loader."""
    cells: list[list[str]] = []
    for column in INTERACTION_COLUMNS:
        values = table[column.name]
        if column.kind == "category":
            labels = np.array([*table.categories(column.name), ""], dtype=object)
            cells.append(labels[values].tolist())
        elif column.kind == "timestamp":
            cells.append([f"{t}Z" for t in np.datetime_as_string(values, unit="ns")])
        elif column.kind == "float":
            cells.append(["" if np.isnan(v) else repr(v) for v in values.tolist()])
        elif column.kind == "bool":
            cells.append(["true" if v else "false" for v in values.tolist()])
        else:
            cells.append([{1: "1", 0: "0", -1: ""}[v] for v in values.tolist()])
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow([c.name for c in INTERACTION_COLUMNS])
        writer.writerows(zip(*cells, strict=True))


def test_table_written_as_csv_loads_back_equal(
    tmp_path: Path, sample_table: InteractionTable
) -> None:
    path = tmp_path / "round.csv"
    _write_table_csv(sample_table, path)
    result = _load(path)
    assert result.rows_read == len(sample_table)
    assert result.table.equals(sample_table)


# --- Arrow and Parquet ---------------------------------------------------------------


def _arrow_table(table: InteractionTable) -> Any:
    pa = pytest.importorskip("pyarrow")
    arrays = {}
    for column in INTERACTION_COLUMNS:
        values = table[column.name]
        if column.kind == "category":
            arrays[column.name] = pa.DictionaryArray.from_arrays(
                pa.array(values, mask=values == -1),
                pa.array(table.categories(column.name), pa.string()),
            )
        elif column.kind == "timestamp":
            arrays[column.name] = pa.array(values.view(np.int64), pa.timestamp("ns", tz="UTC"))
        elif column.kind == "tristate":
            arrays[column.name] = pa.array(values == 1, mask=values == -1)
        elif column.kind == "float":
            arrays[column.name] = pa.array(values, mask=np.isnan(values))
        else:
            arrays[column.name] = pa.array(values)
    return pa.table(arrays)


def test_table_written_as_parquet_loads_back_equal(
    tmp_path: Path, sample_table: InteractionTable
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "round.parquet"
    pq.write_table(_arrow_table(sample_table), path, row_group_size=700)
    result = load_interactions_parquet(path, batch_rows=300)
    assert result.rows_read == len(sample_table)
    assert result.table.equals(sample_table)


def test_batches_of_a_parquet_file_add_up_to_the_whole(
    tmp_path: Path, sample_table: InteractionTable
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "round.parquet"
    pq.write_table(_arrow_table(sample_table), path, row_group_size=700)
    results = list(iter_interaction_batches(path, batch_rows=500))
    assert all(0 < len(r.table) <= 500 for r in results)
    assert sum(r.rows_read for r in results) == len(sample_table)
    starts = np.cumsum([0] + [len(r.table) for r in results])
    for result, start in zip(results, starts, strict=False):
        expected = _arrow_table(sample_table).slice(start, len(result.table))
        assert result.table.equals(interactions_from_arrow(expected).table)


def test_streamed_batches_number_rows_from_the_start_of_the_file(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    waits = [1.0] * 10
    waits[7] = -1.0  # row 8
    table = pa.table(
        {
            "channel_id": ["voice"] * 10,
            "direction": ["inbound"] * 10,
            "client_id": ["a"] * 10,
            "offered_at": pa.array(range(10), pa.timestamp("s", tz="UTC")),
            "wait_seconds": waits,
            "answered": [True] * 10,
            "abandoned": [False] * 10,
        }
    )
    path = tmp_path / "ten.parquet"
    pq.write_table(table, path)
    results = list(iter_interaction_batches(path, batch_rows=3, on_error="quarantine"))
    assert [r.quarantined.row_numbers.tolist() for r in results] == [[], [], [8], []]
    assert sum(r.rows_read for r in results) == 10
    with pytest.raises(LoadError, match=r"wait_seconds: .*found 1 row \(first: 8\)"):
        list(iter_interaction_batches(path, batch_rows=3))


def _minimal_arrow(**changes: Any) -> Any:
    pa = pytest.importorskip("pyarrow")
    columns: dict[str, Any] = {
        "channel_id": pa.array(["voice", "chat", "voice"]),
        "direction": pa.array(["inbound"] * 3),
        "client_id": pa.array(["acme"] * 3),
        "offered_at": pa.array([0, 60, 120], pa.timestamp("s", tz="Europe/Paris")),
        "wait_seconds": pa.array([1, 2, 3], pa.int32()),
        "answered": pa.array([True, True, False]),
        "abandoned": pa.array([False, False, True]),
    }
    columns.update(changes)
    return pa.table(columns)


def test_arrow_types_are_converted(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    data = _minimal_arrow(
        queue=pa.array([None, "billing", ""]),  # null and "" are both missing
        resolved=pa.array([1, -1, 0], pa.int8()),
        talk_seconds=pa.array([10.0, None, float("nan")]),
    )
    table = interactions_from_arrow(data).table
    # Stored in UTC whatever the column's zone: 0, 60, 120 seconds after the epoch.
    np.testing.assert_array_equal(
        table["offered_at"], _utc("1970-01-01T00:00", "1970-01-01T00:01", "1970-01-01T00:02")
    )
    assert table["wait_seconds"].tolist() == [1.0, 2.0, 3.0]
    assert _labels(table, "queue") == [None, "billing", None]
    assert table["resolved"].tolist() == [1, -1, 0]
    np.testing.assert_array_equal(table["talk_seconds"], [10.0, np.nan, np.nan])


def test_arrow_text_columns_are_read_as_csv_text() -> None:
    pa = pytest.importorskip("pyarrow")
    data = _minimal_arrow(
        offered_at=pa.array(["2026-03-02T09:30:00+01:00", "2026-03-02T08:31:00Z", "x"]),
        answered=pa.array(["true", "1", "0"]),
    )
    with pytest.raises(
        LoadError,
        match=r"^<arrow>: offered_at: expected an ISO 8601 .*"
        r"found 1 row \(first: 3\) with other text, such as 'x'$",
    ):
        interactions_from_arrow(data)


def test_arrow_timestamps_without_zone_need_a_time_zone() -> None:
    pa = pytest.importorskip("pyarrow")
    naive = pa.array(
        np.array(
            ["2026-03-29T00:30", "2026-03-29T01:30", "2026-03-29T02:30"], dtype="datetime64[us]"
        )
    )
    with pytest.raises(
        LoadError,
        match=r"offered_at: expected timestamps with a time zone .*"
        r"found type timestamp\[us\]; pass time_zone=",
    ):
        interactions_from_arrow(_minimal_arrow(offered_at=naive))
    result = interactions_from_arrow(
        _minimal_arrow(offered_at=naive), time_zone="Europe/London", on_error="quarantine"
    )
    # 00:30 GMT is 00:30 UTC; 01:30 does not exist that night; 02:30 BST is 01:30 UTC.
    np.testing.assert_array_equal(
        result.table["offered_at"], _utc("2026-03-29T00:30", "2026-03-29T01:30")
    )
    assert result.quarantined.row_numbers.tolist() == [2]


def test_arrow_column_of_the_wrong_type_is_named() -> None:
    pa = pytest.importorskip("pyarrow")
    data = _minimal_arrow(
        wait_seconds=pa.array([True, False, True]), channel_id=pa.array([1, 2, 3])
    )
    with pytest.raises(LoadError, match=r"2 problems") as caught:
        interactions_from_arrow(data)
    assert [str(p) for p in caught.value.problems] == [
        "channel_id: expected text or dictionary-encoded text, found type int64; cast ids to text",
        "wait_seconds: expected numbers, found type bool",
    ]


def test_arrow_nulls_in_required_columns_and_infinities_are_errors() -> None:
    pa = pytest.importorskip("pyarrow")
    data = _minimal_arrow(
        client_id=pa.array(["acme", None, "acme"]),
        answered=pa.array([True, None, False]),
        wait_seconds=pa.array([1.0, float("inf"), float("nan")]),
    )
    with pytest.raises(LoadError) as caught:
        interactions_from_arrow(data, source="calls")
    assert {str(p) for p in caught.value.problems} == {
        "client_id: expected a value in every row, found 1 row (first: 2) with no value",
        "answered: expected a value in every row, found 1 row (first: 2) with no value",
        "wait_seconds: expected a value in every row, found 1 row (first: 3) with no value",
        (
            "wait_seconds: expected finite numbers of magnitude at most 315,576,000 (10 years), "
            "found 1 row (first: 2) with a value out of "
            "that range, such as inf"
        ),
    }
    assert str(caught.value).startswith("calls: 4 problems")


def test_unused_dictionary_labels_are_dropped() -> None:
    pa = pytest.importorskip("pyarrow")
    direction = pa.DictionaryArray.from_arrays(
        pa.array([0, 0, 0], pa.int8()), pa.array(["inbound", "sideways"])
    )
    table = interactions_from_arrow(_minimal_arrow(direction=direction)).table
    assert table.categories("direction") == ("inbound",)


def test_record_batches_with_different_dictionaries_are_merged() -> None:
    pa = pytest.importorskip("pyarrow")
    first = _minimal_arrow().to_batches()[0]
    second = _minimal_arrow(channel_id=pa.array(["email", "voice", None])).to_batches()[0]
    with pytest.raises(
        LoadError, match=r"channel_id: expected a value in every row, found 1 row \(first: 6\)"
    ):
        interactions_from_arrow([first, second])
    table = interactions_from_arrow([first, second], on_error="quarantine").table
    assert _labels(table, "channel_id") == ["voice", "chat", "voice", "email", "voice"]
    assert table.categories("channel_id") == ("chat", "email", "voice")


def test_other_objects_are_not_arrow_data() -> None:
    pytest.importorskip("pyarrow")
    with pytest.raises(LoadError, match=r"expected Arrow data: a pyarrow Table, .* found a dict"):
        interactions_from_arrow({"channel_id": ["voice"]})


def test_file_that_is_not_parquet_is_a_load_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = _write(tmp_path, [{}], name="really.csv.parquet")
    with pytest.raises(
        LoadError, match=r"expected a readable Parquet file, found a file that is not"
    ):
        load_interactions_parquet(path)


# --- data frames ---------------------------------------------------------------------


def test_pandas_frame_loads_through_arrow(sample_table: InteractionTable) -> None:
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    frame = _arrow_table(sample_table).to_pandas()
    result = interactions_from_dataframe(frame)
    assert result.source == "<pandas.DataFrame>"
    assert result.table.equals(sample_table)


def test_pandas_index_is_never_dropped_silently() -> None:
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    frame = _minimal_arrow().to_pandas().set_index("channel_id")
    # A named index is a column like any other ...
    table = interactions_from_dataframe(frame).table
    assert _labels(table, "channel_id") == ["voice", "chat", "voice"]
    # ... and an unnamed one that is not a plain range must be mapped or ignored.
    relabelled = frame.reset_index().set_axis([10, 20, 30])
    with pytest.raises(LoadError, match=r"found unknown columns \['__index_level_0__'\]"):
        interactions_from_dataframe(relabelled)
    ignored = interactions_from_dataframe(relabelled, columns={"__index_level_0__": None})
    assert len(ignored.table) == 3


def test_pandas_columns_arrow_cannot_convert_are_named_without_values() -> None:
    pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    frame = _minimal_arrow().to_pandas()
    frame["client_id"] = pd.Series([SENTINEL, 3, 4.5], dtype=object)
    with pytest.raises(LoadError, match=r"client_id: expected values of one type") as caught:
        interactions_from_dataframe(frame)
    assert SENTINEL not in str(caught.value)


def test_polars_frame_loads_through_arrow(sample_table: InteractionTable) -> None:
    pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    frame = pl.from_arrow(_arrow_table(sample_table))
    result = interactions_from_dataframe(frame)
    assert result.source == "<polars.DataFrame>"
    assert result.table.equals(sample_table)


def test_other_objects_are_not_data_frames() -> None:
    pytest.importorskip("pyarrow")
    with pytest.raises(LoadError, match=r"<builtins.list>: expected a pandas or polars DataFrame"):
        interactions_from_dataframe([1, 2])


# --- light imports -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "imported"), [("python", []), ("arrow", ["pyarrow"]), ("auto", ["pyarrow"])]
)
def test_loading_a_csv_imports_only_the_engine_it_uses(
    tmp_path: Path, engine: str, imported: list[str]
) -> None:
    path = _write(tmp_path, [{}])
    code = (
        "import json, sys\n"
        "from iso18295 import load_interactions_csv\n"
        f"load_interactions_csv({str(path)!r}, engine={engine!r})\n"
        "print(json.dumps(sorted(m for m in ('pyarrow', 'polars') if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == imported


# --- one set of row checks; batch by batch ---------------------------------------------


def test_loader_checks_every_row_invariant_the_table_checks() -> None:
    """Each check of `row_violations` is also reported by the loader, worded for files."""
    from iso18295._model.row_checks import ROW_CHECKS

    pa = pytest.importorskip("pyarrow")
    bad = {
        "offered_at": pa.array([0, -(2**63), 120], pa.timestamp("ns", tz="UTC")),  # NaT
        "wait_seconds": pa.array([1.0, -1.0, 3.0]),
        "abandoned": pa.array([False, True, True]),  # row 2 answered too
        **{name: pa.array([-1.0, 0.0, None]) for name in _OPTIONAL_NUMBERS},
    }
    with pytest.raises(LoadError) as caught:
        interactions_from_arrow(_minimal_arrow(**bad))
    reported = {(p.path, p.expected) for p in caught.value.problems}
    assert reported == {(c.path, c.expected.replace("NaN", "empty")) for c in ROW_CHECKS}


_OPTIONAL_NUMBERS = (
    "talk_seconds",
    "hold_seconds",
    "after_contact_seconds",
    "satisfaction",
    "dial_seconds",
)


def test_values_under_arrow_nulls_are_never_read() -> None:
    """Arrow leaves the value under a null undefined: negative, infinite or NaN are all fine."""
    pa = pytest.importorskip("pyarrow")
    valid = pa.py_buffer(np.packbits([1, 0, 0, 0, 1, 0], bitorder="little").tobytes())

    def under_nulls(*values: float) -> Any:
        data = pa.py_buffer(np.array(values, dtype=np.float64).tobytes())
        return pa.Array.from_buffers(pa.float64(), len(values), [valid, data], null_count=4)

    data = _minimal_arrow(
        talk_seconds=under_nulls(7.0, -5.0, float("inf"), float("nan"), 8.0, float("-inf"))[:3],
        hold_seconds=under_nulls(-2.0, -5.0, float("inf"), float("nan"), 8.0, float("-inf"))[:3],
        satisfaction=under_nulls(7.0, -5.0, float("inf"), float("nan"), 8.0, float("-inf"))[1:4],
    )
    with pytest.raises(LoadError) as caught:  # the one valid negative number: row 1
        interactions_from_arrow(data)
    assert [str(p) for p in caught.value.problems] == [
        (
            "hold_seconds: expected values from 0 to 315,576,000 (10 years) or empty, "
            "found 1 row (first: 1) with a "
            "negative value, such as -2.0"
        )
    ]
    table = interactions_from_arrow(data, on_error="quarantine").table
    np.testing.assert_array_equal(table["talk_seconds"], [np.nan, np.nan])
    np.testing.assert_array_equal(table["satisfaction"], [np.nan, np.nan])
    np.testing.assert_array_equal(table["hold_seconds"], [np.nan, np.nan])


def test_nan_values_that_are_not_nulls_are_missing_and_checked_around() -> None:
    pa = pytest.importorskip("pyarrow")
    data = _minimal_arrow(
        wait_seconds=pa.array([1.0, float("nan"), 3.0]),  # no nulls: NaN as a value
        talk_seconds=pa.array([float("nan"), -1.0, 2.0]),
        hold_seconds=pa.array([float("nan"), 4.0, float("-inf")]),
    )
    assert pa.compute.sum(pa.compute.is_null(data.column("wait_seconds"))).as_py() == 0
    with pytest.raises(LoadError) as caught:
        interactions_from_arrow(data)
    assert [str(p) for p in caught.value.problems] == [
        "wait_seconds: expected a value in every row, found 1 row (first: 2) with no value",
        (
            "hold_seconds: expected finite numbers of magnitude at most 315,576,000 (10 years), "
            "found 1 row (first: 3) with a value out of "
            "that range, such as -inf"
        ),
        (
            "talk_seconds: expected values from 0 to 315,576,000 (10 years) or empty, "
            "found 1 row (first: 2) with a "
            "negative value, such as -1.0"
        ),
    ]


def test_arrow_values_at_the_edges_of_the_one_pass_checks() -> None:
    """Without nulls, one pass clears the usual column; the values next to its bounds."""
    pa = pytest.importorskip("pyarrow")
    only_inf = _minimal_arrow(talk_seconds=pa.array([1.0, float("inf"), 2.0]))  # no nulls
    with pytest.raises(LoadError) as caught:
        interactions_from_arrow(only_inf)
    assert [str(p) for p in caught.value.problems] == [
        (
            "talk_seconds: expected finite numbers of magnitude at most 315,576,000 (10 years), "
            "found 1 row (first: 2) with a value out of that range, such as inf"
        )
    ]
    largest = MAX_DURATION_SECONDS  # the longest duration a table holds
    fine = _minimal_arrow(
        wait_seconds=pa.array([-0.0, 0.0, 5.0]),  # -0.0 has a sign but is not negative
        talk_seconds=pa.array([largest, 1.0, 2.0]),
        offered_at=pa.array([-86_400, 0, 60], pa.timestamp("s", tz="UTC")),  # 1969 too
    )
    table = interactions_from_arrow(fine).table
    np.testing.assert_array_equal(table["wait_seconds"], [0.0, 0.0, 5.0])
    np.testing.assert_array_equal(table["talk_seconds"], [largest, 1.0, 2.0])
    np.testing.assert_array_equal(
        table["offered_at"],
        _utc("1969-12-31T00:00:00", "1970-01-01T00:00:00", "1970-01-01T00:01:00"),
    )


def test_arrow_infinity_in_an_optional_column_is_not_called_negative() -> None:
    pa = pytest.importorskip("pyarrow")
    data = _minimal_arrow(talk_seconds=pa.array([float("inf"), 1.0, -2.0]))
    with pytest.raises(LoadError) as caught:
        interactions_from_arrow(data)
    assert [str(p) for p in caught.value.problems] == [
        (
            "talk_seconds: expected finite numbers of magnitude at most 315,576,000 (10 years), "
            "found 1 row (first: 1) with a value out of "
            "that range, such as inf"
        ),
        (
            "talk_seconds: expected values from 0 to 315,576,000 (10 years) or empty, "
            "found 1 row (first: 3) with a "
            "negative value, such as -2.0"
        ),
    ]


def test_rows_broken_in_later_batches_are_numbered_from_the_start(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    n = 10
    answered = [True] * n
    abandoned = [False] * n
    abandoned[8] = True  # row 9, in the third batch of 4
    waits = [1.0] * n
    waits[5] = -3.0  # row 6, in the second batch
    table = pa.table(
        {
            "channel_id": ["voice"] * n,
            "direction": ["inbound"] * n,
            "client_id": ["a"] * n,
            "offered_at": pa.array(range(n), pa.timestamp("s", tz="UTC")),
            "wait_seconds": waits,
            "answered": answered,
            "abandoned": abandoned,
        }
    )
    path = tmp_path / "ten.parquet"
    pq.write_table(table, path, row_group_size=4)
    result = load_interactions_parquet(path, batch_rows=4, on_error="quarantine")
    assert result.quarantined.row_numbers.tolist() == [6, 9]
    assert [str(p) for p in result.quarantined.problems] == [
        (
            "wait_seconds: expected values from 0 to 315,576,000 (10 years), "
            "found 1 row (first: 6) with a "
            "negative value, such as -3.0"
        ),
        "abandoned: expected false where answered is true, found 1 row (first: 9) with both true",
    ]


def test_batches_with_other_and_empty_labels_merge_into_one_sorted_set() -> None:
    pa = pytest.importorskip("pyarrow")

    def batch(labels: list[str], codes: list[int]) -> Any:
        channel = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(labels))
        return _minimal_arrow(channel_id=channel).to_batches()[0]

    batches = [
        batch(["voice", "chat"], [0, 1, 0]),
        batch(["voice", "chat"], [1, 1, 0]),  # the same dictionary again
        batch(["", "sms", "chat"], [2, 1, 2]),  # "" is missing, sorts first
    ]
    table = interactions_from_arrow(batches).table
    assert table.categories("channel_id") == ("chat", "sms", "voice")
    assert _labels(table, "channel_id") == [
        "voice", "chat", "voice", "chat", "chat", "voice", "chat", "sms", "chat",
    ]  # fmt: skip
    with pytest.raises(LoadError, match=r"channel_id: expected a value in every row"):
        interactions_from_arrow([batch(["", "chat"], [1, 0, 1])])


def test_missing_labels_in_dictionaries_not_sorted_batch_by_batch_are_found() -> None:
    # Dictionaries too large to sort per batch, or holding a null, are merged at
    # the end: a "" or null label used by a row is still a missing required value.
    pa = pytest.importorskip("pyarrow")
    many = [f"c{i:05d}" for i in range(5000)]  # more labels than are sorted per batch

    def channels(labels: list[str | None], codes: list[int]) -> Any:
        return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(labels))

    cases = {
        "large, with ''": (channels(["", *many], [1, 0, 2]), 2),
        "with a null label": (channels(["voice", None], [0, 0, 1]), 3),
    }
    for case, (channel, bad_row) in cases.items():
        with pytest.raises(LoadError) as caught:
            interactions_from_arrow(_minimal_arrow(channel_id=channel))
        text = str(caught.value)
        assert "channel_id: expected a value in every row" in text, case
        assert f"found 1 row (first: {bad_row}) with no value" in text, case
    # The same large dictionary without "" (rows use other labels) loads.
    fine = channels(["", *many], [1, 2, 5000])
    table = interactions_from_arrow(_minimal_arrow(channel_id=fine)).table
    assert _labels(table, "channel_id") == ["c00000", "c00001", "c04999"]


def test_loaded_columns_are_read_only(tmp_path: Path, sample_table: InteractionTable) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "round.parquet"
    pq.write_table(_arrow_table(sample_table), path, row_group_size=700)
    table = load_interactions_parquet(path, batch_rows=300).table
    for name in table.column_names:
        assert not table[name].flags.writeable, name


# --- the two CSV engines ---------------------------------------------------------------

_LINE = ",".join(GOOD.values())
_TEXT = ",".join(HEADER) + "\n"


def _raw(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "raw.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty cell", (_TEXT + _LINE.replace(",acme,", ",,") + "\n").encode()),
        ("trailing NUL", (_TEXT + _LINE.replace(",5,", ",5\x00,") + "\n").encode()),
        ("NUL in a label", (_TEXT + _LINE.replace("acme", "acme\x00") + "\n").encode()),
        ("surrogate", (_TEXT + _LINE + "\n").encode().replace(b"acme", b"ac\xed\xa0\x80")),
        ("invalid UTF-8", (_TEXT + _LINE + "\n").encode().replace(b"acme", b"ac\xff")),
        ("quoted newline", (_TEXT + _LINE.replace("acme", '"ac\nme"') + "\n" + _LINE).encode()),
        ("BOM", codecs.BOM_UTF8 + (_TEXT + _LINE + "\n").encode()),
        ("missing column", (b"channel_id,direction\nvoice,inbound\n")),
        ("extra column", (_TEXT.rstrip("\n") + ",colour\n" + _LINE + ",red\n").encode()),
        ("repeated column", (_TEXT.rstrip("\n") + ",queue,queue\n" + _LINE + ",a,b\n").encode()),
        ("huge integer", (_TEXT + _LINE.replace(",5,", "," + "9" * 39 + ",") + "\n").encode()),
        ("too long", (_TEXT + _LINE.replace(",5,", "," + "1" * 41 + ",") + "\n").encode()),
        ("ragged", (_TEXT + _LINE + ",x\n" + _LINE + "\n").encode()),
        ("blank line", (_TEXT + _LINE + "\n\n" + _LINE + "\n").encode()),
        ("text after a quote", (_TEXT + _LINE.replace("acme", '"ac"me') + "\n").encode()),
        ("unterminated quote", (_TEXT + _LINE.replace("acme", '"acme') + "\n").encode()),
        ("CRLF", (_TEXT + _LINE + "\n" + _LINE + "\n").replace("\n", "\r\n").encode()),
        ("header only", _TEXT.encode()),
        ("empty", b""),
        ("zone names", (_TEXT + _LINE.replace("+01:00", "") + "\n").encode()),
    ],
)
@pytest.mark.parametrize(
    "options", [{}, {"on_error": "quarantine"}, {"time_zone": "Europe/Paris"}]
)
def test_engines_agree_on_edge_cases(
    tmp_path: Path, name: str, data: bytes, options: dict[str, str]
) -> None:
    path = _raw(tmp_path, data)
    python, arrow = (_outcome(path, engine=e, **options) for e in ("python", "arrow"))
    assert_same_outcome(python, arrow)


def test_quoted_line_breaks_do_not_shift_row_numbers(tmp_path: Path) -> None:
    # Row 1 spans two lines; row 2 has a bad wait: it is row 2, not 3, in both engines.
    data = _TEXT + _LINE.replace("acme", '"ac\nme"') + "\n" + _LINE.replace(",5,", ",x,") + "\n"
    with pytest.raises(LoadError, match=r"wait_seconds: .*found 1 row \(first: 2\)"):
        _load(_raw(tmp_path, data.encode()))


@pytest.mark.parametrize(
    ("data", "encoding", "read_by_arrow"),
    [
        ((_TEXT + _LINE + "\n").encode(), "utf-8", True),
        (codecs.BOM_UTF8 + (_TEXT + _LINE + "\n").encode(), "utf-8-sig", True),
        (codecs.BOM_UTF8 + (_TEXT + _LINE + "\n").encode(), "utf-8", False),
        ((_TEXT + _LINE + "\n").encode("latin-1"), "latin-1", False),
        ((_TEXT + _LINE + "\n\n").encode(), "utf-8", False),
        ((_TEXT + _LINE + ",x\n").encode(), "utf-8", False),
        ((_TEXT + _LINE.replace("acme", 'a"b') + "\n").encode(), "utf-8", False),
    ],
)
def test_arrow_engine_reads_plain_utf8_itself_and_hands_the_rest_over(
    tmp_path: Path, data: bytes, encoding: str, read_by_arrow: bool
) -> None:
    from iso18295._io._csv_arrow import read_csv_arrow

    parsed = read_csv_arrow(
        _raw(tmp_path, data), columns=None, zone=None, delimiter=",", encoding=encoding
    )
    assert (parsed is not None) is read_by_arrow


def test_unknown_engine_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        LoadError, match=r"engine: expected 'auto', 'arrow' or 'python', found 'c'"
    ):
        load_interactions_csv(_write(tmp_path, [{}]), engine="c")  # type: ignore[arg-type]


_CELLS = {
    "offered_at": st.sampled_from(
        [
            "2026-03-02T09:30:00+01:00",
            "2026-03-02 09:30:00.5Z",
            "2026-02-30T09:30:00Z",
            "2026-03-29T02:30:00",
            "2026-03-02T9:30Z",
            "",
            "2026-03-02T09:30:00Z\x00",
        ]
    ),
    "wait_seconds": st.one_of(
        st.sampled_from(["5", "+.5", "1.", "-1", "1e999", "9" * 41, "", "1,5", "٣", "5\x00"]),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.text(alphabet="0123456789.eE+-", max_size=6),
    ),
    "answered": st.sampled_from(["true", "TRUE", "fAlSe", "1", "0", "yes", "", "true\x00"]),
    "abandoned": st.sampled_from(["false", "0", "False", "no"]),
    "client_id": st.one_of(st.sampled_from(["acme", "", "a\x00"]), st.text(max_size=4)),
}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(st.fixed_dictionaries(_CELLS), min_size=1, max_size=12),
    on_error=st.sampled_from(["strict", "quarantine"]),
)
def test_engines_agree_on_generated_bad_cells(
    tmp_path: Path, rows: list[dict[str, str]], on_error: str
) -> None:
    path = _write(tmp_path, rows, header=HEADER)
    options = {"on_error": on_error, "time_zone": "Europe/Dublin"}
    python, arrow = (_outcome(path, engine=e, **options) for e in ("python", "arrow"))
    assert_same_outcome(python, arrow)


# --- the arrow engine, batch by batch ---------------------------------------------------


def _arrow_batches(path: Path, block: int) -> int:
    """Count the batches pyarrow's own streaming reader makes of a file (all text)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    with path.open(newline="", encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    reader = pa_csv.open_csv(
        path,
        read_options=pa_csv.ReadOptions(block_size=block),
        convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.string())),
    )
    return sum(1 for _ in reader)


def _batched_rows() -> list[dict[str, str]]:
    """400 rows whose bad cells and category labels differ from one part of the file to another.

    In each column the kinds of bad value first seen early are those the Python
    reader lists last, so batch by batch they would come out in the wrong order.
    """
    segments = ["voice", "Ålesund", "zeta", "Zeta", "éclair", "acme", "a\u00a0b", "b"]
    rows = []
    for i in range(400):
        part = i // 50
        rows.append(
            {
                "interaction_id": f"id-{i % 170}",
                "client_id": segments[part] if i % 3 else f"client-{part}",
                "queue": "" if i % 4 else f"queue-{(i * 7) % (part + 2)}",
                "talk_seconds": "",
                "resolved": "",
            }
        )
    bad = {
        (30, "wait_seconds"): "1e999",  # out of range: listed last
        (250, "wait_seconds"): "abc",  # other text
        (251, "wait_seconds"): "12,5",
        (370, "wait_seconds"): "",  # missing: listed first
        (40, "offered_at"): "2026-03-02T09:30:00",  # without an offset: listed last
        (200, "offered_at"): "2026-02-30T09:30:00Z",  # impossible
        (310, "offered_at"): "yesterday",  # other text: listed first
        (120, "answered"): "yes",
        (333, "client_id"): "",  # a required category with no value
        (5, "talk_seconds"): "x",
        (380, "resolved"): "maybe",
    }
    for (row, name), value in bad.items():
        rows[row][name] = value
    return rows


@pytest.mark.parametrize("on_error", ["strict", "quarantine"])
def test_engines_agree_when_the_file_spans_many_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_error: str
) -> None:
    from iso18295._io import _csv_arrow

    block = 2048
    monkeypatch.setattr(_csv_arrow, "_BLOCK_BYTES", block)
    path = _write(tmp_path, _batched_rows())
    assert _arrow_batches(path, block) >= 10
    # The arrow engine reads this file itself (no hand-over to the Python reader).
    parsed = _csv_arrow.read_csv_arrow(
        path, columns=None, zone=None, delimiter=",", encoding="utf-8"
    )
    assert parsed is not None
    assert parsed.n_rows == 400
    python, arrow = (_outcome(path, engine=e, on_error=on_error) for e in ("python", "arrow"))
    assert_same_outcome(python, arrow)
    if on_error == "strict":
        assert isinstance(arrow, LoadError)
        # The order the Python reader lists the kinds in, hand-written: not file order.
        assert [p.found for p in arrow.problems if p.path == "wait_seconds"] == [
            "1 row (first: 371) with no value",
            "2 rows (first: 251, 252) with other text, such as 'abc'",
            "1 row (first: 31) with a value out of that range, such as '1e999'",
        ]
        assert [p.found for p in arrow.problems if p.path == "offered_at"] == [
            "1 row (first: 311) with other text, such as 'yesterday'",
            "1 row (first: 201) with an impossible one, such as '2026-02-30T09:30:00Z'",
            "1 row (first: 41) without one, such as '2026-03-02T09:30:00'",
        ]
    else:
        assert isinstance(arrow, LoadResult)
        assert arrow.quarantined.row_numbers.tolist() == [
            6,
            31,
            41,
            121,
            201,
            251,
            252,
            311,
            334,
            371,
            381,
        ]
        # Labels seen in different batches, merged in code-point order.
        kept = [
            r["client_id"]
            for i, r in enumerate(_batched_rows())
            if i + 1 not in arrow.quarantined.row_numbers.tolist()
        ]
        assert arrow.table.categories("client_id") == tuple(sorted(set(kept)))


def test_engines_agree_on_large_category_dictionaries_over_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iso18295._io import _batch_arrays, _csv_arrow

    # Batches of more labels than are sorted batch by batch, repeated across batches.
    monkeypatch.setattr(_batch_arrays, "_PRESORT_LABELS", 50)
    monkeypatch.setattr(_csv_arrow, "_BLOCK_BYTES", 8192)
    rows = [{"interaction_id": "" if i % 97 == 0 else f"id-{(i * 31) % 900}"} for i in range(1500)]
    path = _write(tmp_path, rows)
    assert _arrow_batches(path, 8192) >= 10
    result = _load(path)
    ids = [r["interaction_id"] for r in rows]
    assert result.table.categories("interaction_id") == tuple(sorted(set(ids) - {""}))
    assert _labels(result.table, "interaction_id") == [v or None for v in ids]


_BATCH_CELLS = {
    **_CELLS,
    "queue": st.sampled_from(["", "billing", "Billing", "ünïcode", "z", "a b"]),
    "client_id": st.sampled_from(["acme", "", "Acme", "été", "zz"]),
}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(st.fixed_dictionaries(_BATCH_CELLS), min_size=1, max_size=80),
    block=st.integers(min_value=300, max_value=6000),
    on_error=st.sampled_from(["strict", "quarantine"]),
)
def test_engines_agree_whatever_the_block_size(
    tmp_path: Path, rows: list[dict[str, str]], block: int, on_error: str
) -> None:
    from unittest import mock

    from iso18295._io import _csv_arrow

    path = _write(tmp_path, rows, header=[*HEADER, "queue"])
    options = {"on_error": on_error, "time_zone": "Europe/Dublin"}
    python = _outcome(path, engine="python", **options)
    with mock.patch.object(_csv_arrow, "_BLOCK_BYTES", block):
        arrow = _outcome(path, engine="arrow", **options)
    assert_same_outcome(python, arrow)


def test_arrow_engine_holds_a_few_batches_of_text_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    from iso18295._io import _csv_arrow

    block = 1 << 16
    monkeypatch.setattr(_csv_arrow, "_BLOCK_BYTES", block)
    # Long labels: the text is large next to the converted columns (4-byte codes).
    long = {"client_id": "client-{}-" + "x" * 300, "queue": "queue-{}-" + "y" * 300}
    rows = [{name: text.format(i % 5) for name, text in long.items()} for i in range(12_000)]
    path = _write(tmp_path, rows)
    size = path.stat().st_size
    assert 24 * block < size / 4  # the bound below is far below the file's text
    # Arrow's memory in use, sampled whenever a batch's column is converted: the batches
    # of text read but not yet dropped, and the converted chunks Arrow holds (times and
    # category codes, at most 8 + 2 * 4 bytes a row).
    peak = 0
    convert = _csv_arrow.text_column

    def sampled(*args: Any, **kwargs: Any) -> Any:
        nonlocal peak
        peak = max(peak, pa.total_allocated_bytes() - before)
        return convert(*args, **kwargs)

    monkeypatch.setattr(_csv_arrow, "text_column", sampled)
    before = pa.total_allocated_bytes()
    result = load_interactions_csv(path, engine="arrow")
    assert result.rows_read == 12_000
    assert result.table.categories("queue") == tuple(
        sorted({long["queue"].format(i) for i in range(5)})
    )
    # About ten blocks are alive at the peak (the workers' and pyarrow's read-ahead).
    assert 0 < peak < 24 * block + 16 * 12_000


def test_arrow_engine_leaves_the_file_to_the_python_one_if_the_kinds_cannot_be_ordered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iso18295._io import _csv_arrow

    monkeypatch.setattr(_csv_arrow, "_BLOCK_BYTES", 2048)
    path = _write(tmp_path, _batched_rows())
    # Were a kind of issue ever to depend on more than its value, converting the first
    # values again would not give the kinds back: the Python reader must read the file.
    monkeypatch.setattr(_csv_arrow, "convert_text", lambda *args, **kwargs: (None, None, []))
    parsed = _csv_arrow.read_csv_arrow(
        path, columns=None, zone=None, delimiter=",", encoding="utf-8"
    )
    assert parsed is None
    python, arrow = (_outcome(path, engine=e, on_error="quarantine") for e in ("python", "arrow"))
    assert_same_outcome(python, arrow)


@pytest.mark.parametrize("long_first", [True, False], ids=["grows", "estimate-too-high"])
def test_arrow_engine_sizes_its_arrays_from_the_first_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, long_first: bool
) -> None:
    # The table's arrays are made for the rows the first block suggests.  Long rows first:
    # the file holds far more rows than that, and the arrays grow.  Short rows first: far
    # fewer, and the values are copied to arrays of their own size.  Both as the Python
    # engine reads the file.
    from iso18295._io import _csv_arrow

    block = 4096
    monkeypatch.setattr(_csv_arrow, "_BLOCK_BYTES", block)
    long = [{"queue": f"q{i % 7}-" + "z" * 2000} for i in range(200)]
    short = [{"queue": f"s{i % 3}"} for i in range(200)]
    rows = long + short if long_first else short + long
    path = _write(tmp_path, rows)
    sizes: list[tuple[int, int]] = []  # per column: the array made, the memory it keeps
    finished = _csv_arrow._Column.finished

    def recorded(self: Any, pa: Any, n: int) -> Any:
        made = len(self.array)
        values, labels = finished(self, pa, n)
        owner = values
        while isinstance(owner, np.ndarray) and owner.base is not None:
            owner = owner.base
        size = owner.nbytes if isinstance(owner, np.ndarray) else owner.size  # Arrow's buffer
        sizes.append((made, size // values.itemsize))
        return values, labels

    monkeypatch.setattr(_csv_arrow._Column, "finished", recorded)
    result = _load(path)
    assert result.rows_read == len(rows)
    assert [result.table.categories("queue")[c] for c in result.table["queue"]] == [
        r["queue"] for r in rows
    ]
    assert sizes
    if long_first:  # grown past the estimate, to within a quarter of the rows; kept as made
        assert all(len(rows) <= made == kept <= len(rows) * 5 // 4 + 1 for made, kept in sizes)
    else:  # estimated far too many rows, then copied to arrays of the rows' size
        assert all(made > 2 * len(rows) and kept == len(rows) for made, kept in sizes)
