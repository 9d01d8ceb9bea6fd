"""`load_agent_states` and `load_schedule`: CSV, Parquet and directories; strict and quarantine."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from iso18295 import (
    ActivityLoadResult,
    AgentStateTable,
    ScheduleTable,
    load_agent_states,
    load_schedule,
)
from iso18295.errors import LoadError

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

HEADER = "agent_id,state,started_at,ended_at\n"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 2, hour, minute, tzinfo=UTC)


def write(tmp_path: Path, text: str, name: str = "states.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    HEADER
    + "A1,available,2026-03-02T09:00:00Z,2026-03-02T09:10:00Z\n"
    + "A1,handling,2026-03-02T10:10:00+01:00,2026-03-02T09:40:00Z\n"
    + "B2,break,2026-03-02T09:00:00Z,2026-03-02T09:15:00Z\n"
)


def test_csv_loads_the_same_table_as_from_records(tmp_path: Path) -> None:
    result = load_agent_states(write(tmp_path, GOOD))
    expected = AgentStateTable.from_records(
        [
            ("A1", "available", at(9), at(9, 10)),
            ("A1", "handling", at(9, 10), at(9, 40)),  # +01:00 offset read as UTC 09:10
            ("B2", "break", at(9), at(9, 15)),
        ]
    )
    assert isinstance(result, ActivityLoadResult)
    assert result.table.equals(expected)
    assert (result.rows_read, len(result.quarantined)) == (3, 0)
    assert result.source.endswith("states.csv")


BAD = (
    HEADER
    + "A1,available,2026-03-02T09:00:00Z,2026-03-02T09:10:00Z\n"  # 1 fine
    + "A1,handling,2026-03-02T09:10:00Z,2026-03-02T09:40:00Z\n"  # 2 fine
    + "A1,lunch,2026-03-02T09:40:00Z,2026-03-02T09:45:00Z\n"  # 3 unknown state
    + ",handling,2026-03-02T09:40:00Z,2026-03-02T09:45:00Z\n"  # 4 no agent
    + "A1,handling,2026-03-02T09:30:00Z,2026-03-02T09:50:00Z\n"  # 5 overlaps row 2
    + "A2,handling,2026-03-02T09:30:00Z,2026-03-02T09:20:00Z\n"  # 6 ends before it starts
    + "A2,handling,2026-03-02 09:30,2026-03-02T09:50:00Z\n"  # 7 no UTC offset
    + "A2,handling\n"  # 8 too few fields
)


def test_strict_csv_names_file_row_and_column_of_every_problem(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_agent_states(write(tmp_path, BAD))
    err = caught.value
    assert err.source.endswith("states.csv")
    found = {(p.path, p.found.split(" with")[0].split(" starting")[0]) for p in err.problems}
    assert found == {
        ("", "1 row (first: 8)"),
        ("started_at", "1 row (first: 7)"),
        ("agent_id", "1 row (first: 4)"),
        ("state", "1 row (first: 3)"),
        ("ended_at", "1 row (first: 6)"),
        ("started_at", "1 row (first: 5)"),
    }
    assert str(err).startswith(f"{err.source}: 6 problems")
    assert "state: expected one of available, handling" in str(err)
    assert "such as 'lunch'" in str(err)


def test_quarantine_sets_bad_rows_aside_with_reasons_and_keeps_the_rest(tmp_path: Path) -> None:
    result = load_agent_states(write(tmp_path, BAD), on_error="quarantine")
    assert result.quarantined.row_numbers.tolist() == [3, 4, 5, 6, 7, 8]
    assert result.rows_read == 8 == len(result.table) + len(result.quarantined)
    assert result.table.equals(
        AgentStateTable.from_records(
            [("A1", "available", at(9), at(9, 10)), ("A1", "handling", at(9, 10), at(9, 40))]
        )
    )
    assert result.table.categories("agent_id") == ("A1",)  # A2's rows were all set aside
    (overlap,) = result.quarantined.problems_of(5)
    assert (overlap.path, overlap.expected) == (
        "started_at",
        "no overlap with the agent's other segments",
    )
    assert [p.path for p in result.quarantined.problems_of(3)] == ["state"]


def test_overlap_is_checked_among_rows_that_pass_the_other_checks(tmp_path: Path) -> None:
    # Row 1 has an unknown state: set aside, it makes no overlap with row 2.
    text = (
        HEADER
        + "A1,lunch,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z\n"
        + "A1,handling,2026-03-02T09:30:00Z,2026-03-02T09:50:00Z\n"
    )
    result = load_agent_states(write(tmp_path, text), on_error="quarantine")
    assert result.quarantined.row_numbers.tolist() == [1]
    assert len(result.table) == 1


def test_times_without_offset_are_read_in_the_time_zone_given(tmp_path: Path) -> None:
    # Dublin keeps GMT until 29 March; on 30 March it is IST (UTC+1).
    text = HEADER + "A1,handling,2026-03-30 09:00,2026-03-30T10:00:00\n"
    result = load_agent_states(write(tmp_path, text), time_zone="Europe/Dublin")
    assert result.table["started_at"].astype(str).tolist() == ["2026-03-30T08:00:00.000000000"]
    assert result.table["ended_at"].astype(str).tolist() == ["2026-03-30T09:00:00.000000000"]


def test_columns_are_mapped_and_unknown_or_missing_columns_raise(tmp_path: Path) -> None:
    text = "login,status,from,to,site\nA1,handling,2026-03-02T09:00Z,2026-03-02T09:30Z,cork\n"
    path = write(tmp_path, text)
    result = load_agent_states(
        path,
        columns={
            "login": "agent_id",
            "status": "state",
            "from": "started_at",
            "to": "ended_at",
            "site": None,
        },
    )
    assert len(result.table) == 1
    with pytest.raises(LoadError, match=r"unknown columns \['from', 'login', 'site', 'status'"):
        load_agent_states(path)
    with pytest.raises(LoadError, match=r"found no \['agent_id', 'state'"):
        load_agent_states(
            path,
            columns={
                "site": None,
                "from": "started_at",
                "to": "ended_at",
                "login": None,
                "status": None,
            },
        )


def test_header_only_file_is_an_empty_table_not_an_error(tmp_path: Path) -> None:
    result = load_schedule(write(tmp_path, "agent_id,activity,started_at,ended_at\n"))
    assert isinstance(result.table, ScheduleTable)
    assert (len(result.table), result.rows_read) == (0, 0)


def test_schedule_csv_checks_the_activity_vocabulary(tmp_path: Path) -> None:
    text = (
        "agent_id,activity,started_at,ended_at\n"
        "A1,contact_work,2026-03-02T09:00Z,2026-03-02T12:00Z\n"
        "A1,handling,2026-03-02T12:00Z,2026-03-02T13:00Z\n"
    )
    with pytest.raises(
        LoadError, match=r"activity: expected one of contact_work, break.*found 1 row \(first: 2\)"
    ):
        load_schedule(write(tmp_path, text, "schedule.csv"))


def test_unreadable_path_is_a_load_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"missing\.csv: expected a readable file"):
        load_agent_states(tmp_path / "missing.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(LoadError, match=r"empty: expected a directory of \.parquet files"):
        load_schedule(tmp_path / "empty")
    with pytest.raises(LoadError, match=r"on_error: expected 'strict' or 'quarantine'"):
        load_schedule(tmp_path / "x.csv", on_error="lenient")  # type: ignore[arg-type]


# --- Parquet ----------------------------------------------------------------------------------


def _states_table(**columns: object) -> object:
    base: dict[str, object] = {
        "agent_id": pa.array(["A1", "A1"]).dictionary_encode(),
        "state": ["available", "handling"],
        "started_at": pa.array([at(9), at(9, 10)], pa.timestamp("us", tz="UTC")),
        "ended_at": pa.array([at(9, 10), at(9, 40)], pa.timestamp("us", tz="UTC")),
    }
    return pa.table(base | columns)


def test_parquet_file_loads_like_the_csv(tmp_path: Path) -> None:
    pq.write_table(_states_table(), tmp_path / "states.parquet")
    result = load_agent_states(tmp_path / "states.parquet")
    expected = AgentStateTable.from_records(
        [("A1", "available", at(9), at(9, 10)), ("A1", "handling", at(9, 10), at(9, 40))]
    )
    assert result.table.equals(expected)


def test_parquet_naive_timestamps_need_a_time_zone(tmp_path: Path) -> None:
    naive = pa.array([datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 9, 10)], pa.timestamp("ms"))
    pq.write_table(_states_table(started_at=naive), tmp_path / "s.parquet")
    with pytest.raises(LoadError, match=r"started_at: expected timestamps with a time zone"):
        load_agent_states(tmp_path / "s.parquet")
    result = load_agent_states(tmp_path / "s.parquet", time_zone="Europe/Dublin")  # GMT
    assert str(result.table["started_at"][1]) == "2026-03-02T09:10:00.000000000"


def test_parquet_columns_of_the_wrong_type_raise_naming_them(tmp_path: Path) -> None:
    pq.write_table(_states_table(agent_id=[1, 2]), tmp_path / "s.parquet")
    with pytest.raises(LoadError, match=r"agent_id: expected text .* found type int64; cast ids"):
        load_agent_states(tmp_path / "s.parquet")


def test_parquet_directory_is_one_input_whose_problems_name_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "states"
    folder.mkdir()
    pq.write_table(_states_table(), folder / "part-0.parquet")
    later = _states_table(
        agent_id=["A1", None],
        state=["handling", "nap"],
        started_at=pa.array([at(9, 30), at(11)], pa.timestamp("us", tz="UTC")),
        ended_at=pa.array([at(10), at(12)], pa.timestamp("us", tz="UTC")),
    )
    pq.write_table(later, folder / "part-1.parquet")
    (folder / "notes.txt").write_text("not read", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_agent_states(folder)
    assert caught.value.source == str(folder)
    assert all(p.found.endswith("in part-1.parquet") for p in caught.value.problems)
    result = load_agent_states(folder, on_error="quarantine")
    # Rows numbered on through the files: part-1's rows are 3 (overlaps row 2) and 4.
    assert result.quarantined.row_numbers.tolist() == [3, 4]
    assert result.rows_read == 4
    assert len(result.table) == 2
