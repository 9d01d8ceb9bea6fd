"""AgentStateTable and ScheduleTable: construction, read-only columns, every bad row reported."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import AgentState, AgentStateTable, ScheduledActivity, ScheduleTable
from iso18295.errors import ModelError, UnknownIdError

DUBLIN = ZoneInfo("Europe/Dublin")
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def ns(minutes: list[float]) -> np.ndarray:
    base = np.datetime64("2026-03-02T09:00", "ns")
    return base + (np.asarray(minutes) * 60e9).astype("timedelta64[ns]")


def paths(error: ModelError) -> list[str]:
    return [p.path for p in error.problems]


# --- construction ----------------------------------------------------------------------


def test_from_records_reads_tuples_and_mappings_and_converts_to_utc() -> None:
    dublin_summer = datetime(2026, 7, 1, 10, 0, tzinfo=DUBLIN)  # 09:00 UTC (IST = UTC+1)
    table = AgentStateTable.from_records(
        [
            ("a2", "handling", dublin_summer, dublin_summer + timedelta(minutes=5)),
            {
                "agent_id": "a1",
                "state": AgentState.BREAK,
                "started_at": at(0),
                "ended_at": at(15),
            },
        ]
    )
    assert table.categories("agent_id") == ("a1", "a2")
    assert table["agent_id"].tolist() == [1, 0]
    assert table["state"].tolist() == [1, 3]  # handling, break in AgentState order
    assert table["started_at"].astype(str).tolist() == [
        "2026-07-01T09:00:00.000000000",
        "2026-03-02T09:00:00.000000000",
    ]
    assert table.column_names == ("agent_id", "state", "started_at", "ended_at")
    assert len(table) == 2


def test_from_columns_reads_numpy_arrays() -> None:
    table = ScheduleTable.from_columns(
        agent_id=np.array(["b", "a"]),
        activity=np.array(["contact_work", "planned_absence"]),
        started_at=ns([0, 0]),
        ended_at=ns([60, 480]),
    )
    assert table.categories("agent_id") == ("a", "b")
    assert table["activity"].tolist() == [0, 5]
    assert table.categories("activity") == tuple(a.value for a in ScheduledActivity)
    assert table["started_at"].dtype == np.dtype("datetime64[ns]")


def test_columns_are_read_only() -> None:
    table = AgentStateTable.from_columns(
        agent_id=["a"], state=["available"], started_at=ns([0]), ended_at=ns([1])
    )
    for name in table.column_names:
        with pytest.raises(ValueError, match="read-only"):
            table[name][0] = table[name][0]


def test_input_arrays_are_not_frozen_or_shared() -> None:
    started = ns([0, 10])
    table = AgentStateTable.from_columns(
        agent_id=["a", "a"], state=["available"] * 2, started_at=started, ended_at=ns([10, 20])
    )
    started[0] = np.datetime64("2030-01-01")
    assert table["started_at"][0] == np.datetime64("2026-03-02T09:00")


def test_empty_tables_are_fine() -> None:
    empty = np.array([], dtype="datetime64[ns]")
    table = AgentStateTable.from_columns(agent_id=[], state=[], started_at=empty, ended_at=empty)
    assert len(table) == 0
    assert table.categories("agent_id") == ()
    assert repr(table) == "<AgentStateTable: 0 segments, 0 agents>"


def test_back_to_back_and_zero_length_segments_are_not_overlaps() -> None:
    table = AgentStateTable.from_records(
        [
            ("a", "available", at(0), at(10)),
            ("a", "handling", at(10), at(20)),  # starts where the first ends
            ("a", "after_contact", at(20), at(20)),  # zero length
            ("a", "offline", at(15), at(15)),  # zero length inside another: no time, no overlap
            ("b", "handling", at(0), at(20)),  # another agent at the same time
        ]
    )
    assert len(table) == 5


def test_equals_compares_through_agent_labels() -> None:
    a = AgentStateTable.from_records([("x", "break", at(0), at(1)), ("y", "break", at(0), at(1))])
    b = AgentStateTable.from_columns(
        agent_id=np.array(["x", "y"], dtype=object),
        state=["break", "break"],
        started_at=ns([0, 0]),
        ended_at=ns([1, 1]),
    )
    c = AgentStateTable.from_records([("y", "break", at(0), at(1)), ("x", "break", at(0), at(1))])
    assert a.equals(b)
    assert not a.equals(c)
    assert not a.equals("a table")


def test_unknown_column_and_category_names_raise_unknown_id_error_with_the_choices() -> None:
    table = AgentStateTable.from_records([("x", "break", at(0), at(1))])
    with pytest.raises(
        UnknownIdError,
        match=r"expected the id of a column of this AgentStateTable \('agent_id', 'state',"
        r" 'started_at', 'ended_at'\), found 'stat'; did you mean 'state'\?",
    ):
        table["stat"]
    with pytest.raises(
        UnknownIdError,
        match=r"category column of this AgentStateTable \('agent_id', 'state'\), found 'activity'",
    ):
        table.categories("activity")


def test_unknown_column_is_still_a_key_error() -> None:
    table = AgentStateTable.from_records([("x", "break", at(0), at(1))])
    with pytest.raises(KeyError):
        table["activity"]


# --- every bad row, with its number and field ----------------------------------------------


def test_every_bad_row_is_reported_with_row_number_and_field() -> None:
    with pytest.raises(ModelError) as caught:
        AgentStateTable.from_records(
            [
                ("a", "available", at(0), at(10)),  # 0: fine
                ("a", "lunch", at(20), at(30)),  # 1: unknown state
                (None, "handling", at(0), at(5)),  # 2: missing agent
                ("", "handling", at(0), at(5)),  # 3: missing agent (empty)
                ("b", "handling", at(10), at(5)),  # 4: ends before it starts
                ("c", "handling", datetime(2026, 3, 2, 9), at(5)),  # 5: naive start
                ("c", "break", at(0), "10:00"),  # 6: end not a datetime
                ("a", "handling", at(5), at(15)),  # 7: overlaps row 0
                ("d", "handling"),  # 8: not a record
                (42, "handling", at(0), at(5)),  # 9: agent id not a string
            ]
        )
    assert paths(caught.value) == [
        "[1].state",
        "[2].agent_id",
        "[3].agent_id",
        "[4].ended_at",
        "[5].started_at",
        "[6].ended_at",
        "[7].started_at",
        "[8]",
        "[9].agent_id",
    ]
    message = str(caught.value)
    assert message.startswith("AgentStateTable: 9 problems")
    assert "[1].state: expected one of available, handling," in message
    assert "found 'lunch'" in message
    assert "[4].ended_at: expected a time not before started_at, found one 300 s before it" in (
        message
    )
    assert "[5].started_at: expected an aware datetime (with a time zone), found a naive" in (
        message
    )
    assert "[7].started_at: expected no overlap with the agent's other segments, found it" in (
        message
    )
    assert "starts 300 s before row 0 of agent 'a' ends" in message
    assert "[9].agent_id: expected an agent id (a string), found a value of type int" in message


def test_an_overlap_with_an_earlier_segment_that_is_not_the_previous_one_is_reported() -> None:
    # Row 0 runs 0-100 min; row 1 (10-20) and row 2 (30-40) both lie inside it, though row 2
    # does not overlap row 1, its predecessor by start: both are reported, naming row 0.
    with pytest.raises(ModelError) as caught:
        ScheduleTable.from_records(
            [
                ("a", "contact_work", at(0), at(100)),
                ("a", "break", at(10), at(20)),
                ("a", "meeting", at(30), at(40)),
            ]
        )
    assert paths(caught.value) == ["[1].started_at", "[2].started_at"]
    assert all("before row 0 of agent 'a' ends" in p.found for p in caught.value.problems)


def test_overlaps_are_found_when_times_span_centuries() -> None:
    # Times 500 years apart do not fit the combined sort key: the other sort path runs.
    early = datetime(1800, 1, 1, tzinfo=UTC)
    rows = [
        ("a", "break", early, early + timedelta(hours=2)),
        ("b", "break", at(0), at(10)),
        ("a", "handling", early + timedelta(hours=1), early + timedelta(hours=3)),
        ("b", "break", at(10), at(20)),
    ]
    with pytest.raises(ModelError) as caught:
        AgentStateTable.from_records(rows)
    assert paths(caught.value) == ["[2].started_at"]
    assert "starts 3600 s before row 0 of agent 'a' ends" in str(caught.value)


def test_from_columns_reports_missing_times_and_unknown_states_per_row() -> None:
    with pytest.raises(ModelError) as caught:
        AgentStateTable.from_columns(
            agent_id=np.array(["a", "a", "b"]),
            state=np.array(["available", "standby", "break"]),
            started_at=np.array(["2026-03-02T09:00", "NaT", "2026-03-02T09:00"], "M8[s]"),
            ended_at=np.array(["2026-03-02T09:10", "2026-03-02T09:20", "NaT"], "M8[s]"),
        )
    assert paths(caught.value) == ["[1].state", "[1].started_at", "[2].ended_at"]


def test_more_than_a_hundred_bad_rows_are_listed_then_counted() -> None:
    n = 130
    with pytest.raises(ModelError) as caught:
        AgentStateTable.from_columns(
            agent_id=["a"] * n,
            state=["nap"] * n,
            started_at=ns(list(range(n))),
            ended_at=ns([m + 1 for m in range(n)]),
        )
    problems = caught.value.problems
    assert [p.path for p in problems[:100]] == [f"[{i}].state" for i in range(100)]
    assert problems[100].path == "state"
    assert problems[100].found == "30 more rows like the 100 listed (first: 100, 101, 102)"
    assert len(problems) == 101


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            {"agent_id": "a", "state": ["break"], "started_at": ns([0]), "ended_at": ns([1])},
            (
                "agent_id: expected a one-dimensional sequence of values (a list or an array),"
                " found a single value of type str"
            ),
        ),
        (
            {"agent_id": ["a"], "state": ["break"], "started_at": ns([0, 1]), "ended_at": ns([1])},
            (
                "expected columns of equal length, found agent_id: 1, state: 1, started_at: 2,"
                " ended_at: 1"
            ),
        ),
        (
            {"agent_id": ["a"], "state": ["break"], "started_at": [1.0], "ended_at": ns([1])},
            "started_at: expected datetime64 values (UTC), found an array of dtype float64",
        ),
        (
            {"agent_id": ["a"], "state": ["break"], "started_at": [T0], "ended_at": ns([1])},
            (
                "started_at: expected datetime64 values (UTC), found an array of dtype object;"
                " use from_records for datetime objects"
            ),
        ),
    ],
)
def test_from_columns_explains_unusable_columns(columns: dict[str, object], expected: str) -> None:
    with pytest.raises(ModelError, match=rf"^AgentStateTable: {_escaped(expected)}$"):
        AgentStateTable.from_columns(**columns)  # type: ignore[arg-type]


def _escaped(text: str) -> str:
    return re.escape(text)


def test_times_beyond_nanosecond_range_are_reported_per_row() -> None:
    with pytest.raises(ModelError) as caught:
        AgentStateTable.from_columns(
            agent_id=["a", "a"],
            state=["break", "break"],
            started_at=np.array(["2026-03-02", "2500-01-01"], "M8[D]"),
            ended_at=np.array(["2026-03-03", "2500-01-02"], "M8[D]"),
        )
    assert paths(caught.value) == ["[1].started_at", "[1].ended_at"]
    assert "years 1678 to 2262" in caught.value.problems[0].expected


# --- the overlap check against a plain-Python one ---------------------------------------


segment_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.integers(0, 40),  # start minute
        st.integers(0, 15),  # length in minutes (0: zero length)
    ),
    max_size=25,
)


@given(segment_rows)
def test_overlapping_rows_are_exactly_those_a_pairwise_scan_finds(
    rows: list[tuple[str, int, int]],
) -> None:
    # A row is reported if it overlaps (in positive-length time) a row of its agent that comes
    # before it in (start, row number) order.
    expected = set()
    for j, (agent_j, start_j, length_j) in enumerate(rows):
        for i, (agent_i, start_i, length_i) in enumerate(rows):
            if (
                i != j
                and agent_i == agent_j
                and length_i > 0
                and length_j > 0
                and (start_i, i) < (start_j, j)
                and start_j < start_i + length_i
            ):
                expected.add(f"[{j}].started_at")
    records = [(a, "handling", at(s), at(s + n)) for a, s, n in rows]
    if expected:
        with pytest.raises(ModelError) as caught:
            AgentStateTable.from_records(records)
        assert set(paths(caught.value)) == expected
    else:
        assert len(AgentStateTable.from_records(records)) == len(rows)
