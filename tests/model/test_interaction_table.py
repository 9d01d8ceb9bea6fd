"""`InteractionTable`: encoding, row invariants, read-only columns, equality."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import Direction, Interaction, InteractionTable
from iso18295.errors import ModelError, UnknownIdError
from strategies import interactions

OFFERED = np.array(
    ["2026-03-02T09:00", "2026-03-02T09:01", "2026-03-02T09:02", "2026-03-02T09:03"],
    dtype="datetime64[ns]",
)


def _columns(**changes: object) -> dict[str, object]:
    columns: dict[str, object] = {
        "channel_id": ["voice", "chat", "voice", "email"],
        "direction": ["inbound", "inbound", "outbound", "inbound"],
        "client_id": ["acme", "acme", "acme", "zeta"],
        "queue": [None, "billing", None, "billing"],
        "offered_at": OFFERED,
        "wait_seconds": [5.0, 30.0, 12.0, 0.0],
        "answered": [True, True, False, True],
        "abandoned": [False, False, True, False],
    }
    return {**columns, **changes}


def _labels(table: InteractionTable, name: str) -> list[str | None]:
    labels = table.categories(name)
    return [None if code == -1 else labels[code] for code in table[name]]


def test_category_labels_are_sorted_and_codes_index_them() -> None:
    table = InteractionTable.from_columns(**_columns())
    # labels sorted: chat=0, email=1, voice=2
    assert table.categories("channel_id") == ("chat", "email", "voice")
    assert table["channel_id"].tolist() == [2, 0, 2, 1]
    assert table["channel_id"].dtype == np.int32


def test_missing_category_values_get_code_minus_one() -> None:
    table = InteractionTable.from_columns(**_columns())
    assert table.categories("queue") == ("billing",)
    assert table["queue"].tolist() == [-1, 0, -1, 0]


def test_left_out_optional_columns_are_missing_throughout() -> None:
    table = InteractionTable.from_columns(**_columns())
    assert table["agent_id"].tolist() == [-1, -1, -1, -1]
    assert np.isnan(table["talk_seconds"]).all()
    assert table["resolved"].tolist() == [-1, -1, -1, -1]
    assert table["transferred"].tolist() == [False] * 4


def test_negative_waits_are_counted_with_first_rows() -> None:
    with pytest.raises(
        ModelError,
        match=r"^InteractionTable: wait_seconds: expected values from 0 to "
        r"315,576,000 \(10 years\), "
        r"found 2 rows \(first: 1, 3\)$",
    ):
        InteractionTable.from_columns(**_columns(wait_seconds=[5.0, -1.0, 12.0, -0.5]))


def test_only_the_first_three_offending_rows_are_listed() -> None:
    waits = [-1.0, 2.0, np.nan, np.inf, -3.0, 1.0]
    columns = {name: values * 2 if isinstance(values, list) else values
               for name, values in _columns().items()}  # fmt: skip
    columns["offered_at"] = np.concatenate([OFFERED, OFFERED[:2]])
    columns = {k: v[:6] for k, v in columns.items()}
    with pytest.raises(ModelError, match=r"wait_seconds: .*found 4 rows \(first: 0, 2, 3\)$"):
        InteractionTable.from_columns(**{**columns, "wait_seconds": waits})


def test_answered_and_abandoned_together_is_reported_with_its_row() -> None:
    with pytest.raises(
        ModelError,
        match=r"abandoned: expected false where answered is true, found 1 row \(first: 1\)$",
    ):
        InteractionTable.from_columns(**_columns(abandoned=[False, True, True, False]))


def test_every_broken_invariant_is_reported_at_once() -> None:
    with pytest.raises(ModelError, match=r"^InteractionTable: 3 problems\n") as caught:
        InteractionTable.from_columns(
            **_columns(
                client_id=["acme", None, "acme", "zeta"],
                wait_seconds=[-1.0, 0.0, 0.0, 0.0],
                talk_seconds=[1.0, np.nan, -2.0, 3.0],
            )
        )
    assert [p.path for p in caught.value.problems] == ["client_id", "wait_seconds", "talk_seconds"]


def test_direction_outside_inbound_and_outbound_is_rejected() -> None:
    with pytest.raises(
        ModelError, match=r"direction: expected 'inbound' or 'outbound', found \['sideways'\]"
    ):
        InteractionTable.from_columns(
            **_columns(direction=["inbound", "sideways", "inbound", "inbound"])
        )


def test_missing_offer_time_is_reported() -> None:
    offered = OFFERED.copy()
    offered[2] = np.datetime64("NaT")
    with pytest.raises(ModelError, match=r"offered_at: expected a time, found 1 row \(first: 2\)"):
        InteractionTable.from_columns(**_columns(offered_at=offered))


def test_unknown_column_is_rejected() -> None:
    with pytest.raises(
        ModelError,
        match=r"expected columns named as in INTERACTION_COLUMNS, "
        r"found unknown columns \['wait'\]",
    ):
        InteractionTable.from_columns(**_columns(wait=[1.0, 2.0, 3.0, 4.0]))


def test_missing_required_columns_are_listed() -> None:
    columns = _columns()
    del columns["client_id"], columns["answered"]
    with pytest.raises(
        ModelError,
        match=r"expected every required column, found none for \['client_id', 'answered'\]",
    ):
        InteractionTable.from_columns(**columns)


def test_columns_of_unequal_length_are_rejected_with_their_lengths() -> None:
    with pytest.raises(
        ModelError, match=r"expected columns of equal length, found .*wait_seconds: 3"
    ):
        InteractionTable.from_columns(**_columns(wait_seconds=[1.0, 2.0, 3.0]))


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        (
            "channel_id",
            [1, 2, 3, 4],
            r"channel_id: expected strings \(None for missing\), found 4 values",
        ),
        ("answered", [1, 1, 0, 1], r"answered: expected booleans, found an array of dtype int"),
        (
            "wait_seconds",
            ["1", "2", "3", "4"],
            r"wait_seconds: expected numbers, found an array of dtype <U1",
        ),
        (
            "resolved",
            [1, 0, 2, -1],
            r"resolved: expected 1, 0 or -1 \(not recorded\), found other values",
        ),
        ("offered_at", ["2026-03-02"] * 4, r"offered_at: expected datetime64 values \(UTC\)"),
    ],
)
def test_values_of_the_wrong_kind_are_rejected(name: str, values: object, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        InteractionTable.from_columns(**_columns(**{name: values}))


@pytest.mark.parametrize("value", ["voice", 3.0, None], ids=["str", "float", "none"])
def test_scalar_instead_of_a_column_is_rejected(value: object) -> None:
    with pytest.raises(ModelError, match=r"channel_id: expected a one-dimensional sequence"):
        InteractionTable.from_columns(**_columns(channel_id=value))


def test_nested_lists_in_a_category_column_are_rejected() -> None:
    with pytest.raises(ModelError, match=r"channel_id: expected a one-dimensional sequence"):
        InteractionTable.from_columns(**_columns(channel_id=[["a"], ["b"], ["c"], ["d"]]))


def test_timestamps_beyond_nanosecond_range_are_rejected_not_wrapped() -> None:
    # datetime64[ns] ends in 2262; year 3000 cannot be stored without loss.
    offered = np.array(
        ["2026-03-02", "3000-01-01", "2026-03-02", "2026-03-02"], dtype="datetime64[s]"
    )
    with pytest.raises(ModelError, match=r"offered_at: .*found 1 row \(first: 1\)"):
        InteractionTable.from_columns(**_columns(offered_at=offered))


def test_columns_are_read_only() -> None:
    table = InteractionTable.from_columns(**_columns())
    for name in table.column_names:
        assert not table[name].flags.writeable, name
    with pytest.raises(ValueError, match=r"read-only"):
        table["wait_seconds"][0] = 99.0


def test_changing_the_input_afterwards_does_not_change_the_table() -> None:
    waits = np.array([5.0, 30.0, 12.0, 0.0])
    table = InteractionTable.from_columns(**_columns(wait_seconds=waits))
    waits[0] = 1000.0
    assert table["wait_seconds"][0] == 5.0
    assert waits.flags.writeable  # the caller's array is left as it was


def test_tables_with_different_category_numbering_are_equal() -> None:
    table = InteractionTable.from_columns(**_columns())
    # The same rows with channel labels numbered in reverse: voice=0, email=1, chat=2.
    labels = tuple(reversed(table.categories("channel_id")))
    arrays = {name: np.array(table[name]) for name in table.column_names}
    arrays["channel_id"] = np.array([0, 2, 0, 1], dtype=np.int32)
    categories = {name: table.categories(name) for name in ("direction", "client_id", "queue")}
    renumbered = InteractionTable(arrays, {**categories, "channel_id": labels})
    assert _labels(renumbered, "channel_id") == ["voice", "chat", "voice", "email"]
    assert renumbered.equals(table)
    assert table.equals(renumbered)


def test_tables_differing_in_one_value_are_not_equal() -> None:
    table = InteractionTable.from_columns(**_columns())
    other = InteractionTable.from_columns(**_columns(wait_seconds=[5.0, 30.0, 12.5, 0.0]))
    assert not table.equals(other)


def test_tables_differing_in_one_label_are_not_equal() -> None:
    table = InteractionTable.from_columns(**_columns())
    other = InteractionTable.from_columns(**_columns(client_id=["acme", "acme", "acme", "acme"]))
    assert not table.equals(other)


def test_missing_and_present_value_are_not_equal() -> None:
    table = InteractionTable.from_columns(**_columns())
    other = InteractionTable.from_columns(
        **_columns(queue=["billing", "billing", None, "billing"])
    )
    assert not table.equals(other)


def test_table_is_not_equal_to_other_objects() -> None:
    assert not InteractionTable.from_columns(**_columns()).equals(_columns())


def test_from_records_equals_from_columns_of_the_same_data() -> None:
    plus_one = timezone(timedelta(hours=1))
    records = [
        Interaction(id="i1", channel_id="voice", direction=Direction.INBOUND, client_id="acme",
                    offered_at=datetime(2026, 3, 2, 10, 0, tzinfo=plus_one), wait_seconds=5.0,
                    answered=True, agent_id="A1", talk_seconds=200.0, resolved=True,
                    customer_reference="C-1"),
        Interaction(id="i2", channel_id="chat", direction=Direction.OUTBOUND, client_id="acme",
                    offered_at=datetime(2026, 3, 2, 9, 1, tzinfo=UTC), wait_seconds=40.0,
                    answered=False, abandoned=True, queue="q1", satisfaction=4.0),
    ]  # fmt: skip
    expected = InteractionTable.from_columns(
        interaction_id=["i1", "i2"],
        channel_id=["voice", "chat"],
        direction=["inbound", "outbound"],
        client_id=["acme", "acme"],
        queue=[None, "q1"],
        customer_reference=["C-1", None],
        agent_id=["A1", None],
        # 10:00 at +01:00 is 09:00 UTC
        offered_at=np.array(["2026-03-02T09:00", "2026-03-02T09:01"], dtype="datetime64[ns]"),
        wait_seconds=[5.0, 40.0],
        answered=[True, False],
        abandoned=[False, True],
        talk_seconds=[200.0, np.nan],
        resolved=[1, -1],
        satisfaction=[np.nan, 4.0],
    )
    assert InteractionTable.from_records(records).equals(expected)


def test_empty_table_has_no_rows() -> None:
    table = InteractionTable.from_records([])
    assert len(table) == 0
    assert table.categories("channel_id") == ()


@given(st.lists(interactions(), max_size=6))
def test_from_records_keeps_every_value_of_every_record(records: list[Interaction]) -> None:
    table = InteractionTable.from_records(records)
    assert len(table) == len(records)
    for name in ("channel_id", "client_id", "agent_id", "customer_reference"):
        assert _labels(table, name) == [getattr(r, name) for r in records]
    assert _labels(table, "direction") == [r.direction.value for r in records]
    utc = [r.offered_at.astimezone(UTC).replace(tzinfo=None) for r in records]
    assert table["offered_at"].astype("datetime64[us]").tolist() == utc
    assert table["wait_seconds"].tolist() == [r.wait_seconds for r in records]
    assert table["resolved"].tolist() == [
        -1 if r.resolved is None else r.resolved for r in records
    ]


def test_labels_differing_only_by_a_trailing_nul_stay_distinct() -> None:
    refs = ["C-1", "C-1\x00", None, "C-1"]
    table = InteractionTable.from_columns(**_columns(customer_reference=refs))
    assert _labels(table, "customer_reference") == refs


# --- row checks through the table, and the loaders' trusted path ------------------------------


def _arrays(**changes: object) -> dict[str, np.ndarray]:
    table = InteractionTable.from_columns(**_columns())
    arrays = {name: np.array(table[name]) for name in table.column_names}
    arrays.update({k: np.asarray(v) for k, v in changes.items()})
    return arrays


def test_a_repeated_bad_value_is_reported_in_every_row() -> None:
    arrays = _arrays()
    arrays["talk_seconds"] = np.broadcast_to(np.array([-1.0]), (4,))  # strides 0
    with pytest.raises(ModelError, match=r"talk_seconds: .*found 4 rows \(first: 0, 1, 2\)"):
        InteractionTable(arrays, _categories())


def _categories() -> dict[str, tuple[str, ...]]:
    table = InteractionTable.from_columns(**_columns())
    return {
        name: table.categories(name) for name in ("channel_id", "direction", "client_id", "queue")
    }


def test_table_rejects_codes_outside_its_labels_with_their_rows() -> None:
    arrays = _arrays(channel_id=np.array([0, 5, -2, 1], dtype=np.int32))
    with pytest.raises(ModelError, match=r"channel_id: expected codes in -1\.\.2, found 2 rows"):
        InteractionTable(arrays, _categories())


def test_trusted_construction_takes_the_arrays_without_copying() -> None:
    arrays = _arrays()
    table = InteractionTable._from_checked(arrays, _categories())
    assert table.equals(InteractionTable.from_columns(**_columns()))
    assert table["wait_seconds"] is arrays["wait_seconds"]
    assert not arrays["wait_seconds"].flags.writeable


def test_trusted_construction_still_checks_dtypes() -> None:
    arrays = _arrays(wait_seconds=np.array([1, 2, 3, 4]))
    with pytest.raises(ModelError, match=r"wait_seconds: expected float64, found int64"):
        InteractionTable._from_checked(arrays, _categories())


def test_unknown_column_is_an_unknown_id_error_with_suggestions() -> None:
    table = InteractionTable.from_columns(**_columns())
    with pytest.raises(
        UnknownIdError,
        match=r"expected the id of a column of this InteractionTable, found 'wait'; "
        r"did you mean 'wait_seconds'\?",
    ):
        table["wait"]
    with pytest.raises(KeyError, match=r"did you mean 'channel_id'\?"):
        table.categories("channel")
