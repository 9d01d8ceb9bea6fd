"""Average handling time with outbound dialling: by hand, against an oracle, merging, loading."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iso18295
from iso18295 import InteractionTable
from iso18295.errors import CalculationError, LoadError
from iso18295.kpis import AverageHandlingTime, Grouping, accumulate, compute

NAN = math.nan


def table(
    direction: list[str], talk: list[float], dial: list[float], answered: list[bool] | None = None
) -> InteractionTable:
    n = len(direction)
    return InteractionTable.from_columns(
        channel_id=["voice"] * n,
        direction=direction,
        client_id=["acme"] * n,
        offered_at=np.datetime64("2026-03-02T09:00", "ns") + np.arange(n) * np.timedelta64(1, "s"),
        wait_seconds=[0.0] * n,
        answered=answered if answered is not None else [True] * n,
        abandoned=[False] * n,
        talk_seconds=talk,
        hold_seconds=[0.0] * n,
        after_contact_seconds=[0.0] * n,
        dial_seconds=dial,
    )


def aht(t: InteractionTable, kpi: AverageHandlingTime) -> tuple[float, float, int, int]:
    v = compute(t, [kpi])[kpi.name]
    return float(v.value[0]), float(v.numerator[0]), int(v.denominator[0]), int(v.excluded[0])


# inbound 100 s; outbound 200 s + 30 s dialling; outbound 300 s with no dialling recorded;
# an inbound record carrying a dial time (ignored: inbound contacts are not dialled).
T = table(
    ["inbound", "outbound", "outbound", "inbound"],
    [100.0, 200.0, 300.0, 50.0],
    [NAN, 30.0, NAN, 99.0],
)


def test_default_leaves_dialling_out() -> None:
    # (100 + 200 + 300 + 50) / 4 = 162.5
    assert aht(T, AverageHandlingTime()) == (162.5, 650.0, 4, 0)


def test_dialling_counts_for_outbound_and_missing_is_excluded_not_zero() -> None:
    # 100 + (200 + 30) + 50 = 380 over 3; the outbound contact without dialling is excluded
    kpi = AverageHandlingTime(include_dialling=True)
    value, numerator, denominator, excluded = aht(T, kpi)
    assert (numerator, denominator, excluded) == (380.0, 3, 1)
    assert value == pytest.approx(380 / 3, rel=1e-12)


def test_outbound_only_with_dialling() -> None:
    kpi = AverageHandlingTime(include_dialling=True, direction="outbound")
    assert aht(T, kpi) == (230.0, 230.0, 1, 1)


def test_describe_names_the_dialling() -> None:
    assert AverageHandlingTime(include_dialling=True).describe() == (
        "average_handling_time: mean (talk + hold + after_contact) (+ dialling for outbound)"
        " seconds of answered contacts"
    )


def test_include_dialling_must_be_a_boolean() -> None:
    with pytest.raises(CalculationError, match=r"expected include_dialling as True or False"):
        AverageHandlingTime(include_dialling="yes")  # type: ignore[arg-type]


# --- a plain-Python oracle and the merge property ------------------------------------------------

rows = st.lists(
    st.tuples(
        st.sampled_from(["inbound", "outbound"]),
        st.floats(0, 5000),
        st.none() | st.floats(0, 120),
        st.booleans(),
    ),
    min_size=1,
    max_size=40,
)


def _table(drawn: list[tuple[str, float, float | None, bool]]) -> InteractionTable:
    return table(
        [d for d, _, _, _ in drawn],
        [t for _, t, _, _ in drawn],
        [NAN if x is None else x for _, _, x, _ in drawn],
        [a for _, _, _, a in drawn],
    )


@settings(max_examples=60, deadline=None)
@given(rows)
def test_matches_a_plain_python_oracle(drawn: list[tuple[str, float, float | None, bool]]) -> None:
    total, counted, excluded = 0.0, 0, 0
    for direction, talk, dial, answered in drawn:
        if not answered:
            continue
        if direction == "outbound" and dial is None:
            excluded += 1
            continue
        total += talk + (dial if direction == "outbound" and dial is not None else 0.0)
        counted += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value, numerator, denominator, left_out = aht(
            _table(drawn), AverageHandlingTime(include_dialling=True)
        )
    assert (denominator, left_out) == (counted, excluded)
    assert numerator == pytest.approx(total, rel=1e-9, abs=1e-9)
    if counted:
        assert value == pytest.approx(total / counted, rel=1e-9, abs=1e-9)
    else:
        assert math.isnan(value)


@settings(max_examples=40, deadline=None)
@given(rows, st.integers(0, 40))
def test_halves_merge_to_the_whole(
    drawn: list[tuple[str, float, float | None, bool]], cut: int
) -> None:
    t = _table(drawn)
    cut = min(cut, len(t))
    kpis = [AverageHandlingTime(include_dialling=True)]
    grouping = Grouping(by=("direction",))
    whole = accumulate(t, kpis, grouping=grouping)
    first = accumulate(t, kpis, grouping=grouping, rows=slice(0, cut))
    second = accumulate(t, kpis, grouping=grouping, rows=slice(cut, len(t)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # groups with no answered contact have no value
        a = whole.finalize()["average_handling_time"]
        b = first.merge(second).finalize()["average_handling_time"]
    np.testing.assert_array_equal(a.denominator, b.denominator)
    np.testing.assert_array_equal(a.excluded, b.excluded)
    np.testing.assert_allclose(a.numerator, b.numerator, rtol=1e-12)


# --- the column through the loaders --------------------------------------------------------------

CSV = (
    "channel_id,direction,client_id,offered_at,wait_seconds,answered,abandoned,"
    "talk_seconds,hold_seconds,after_contact_seconds,dial_seconds\n"
    "voice,outbound,acme,2026-03-02T09:00:00Z,0,true,false,200,0,0,30\n"
    "voice,outbound,acme,2026-03-02T09:05:00Z,0,true,false,300,0,0,\n"
)


def test_csv_and_parquet_load_the_dial_column(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(CSV, encoding="utf-8")
    loaded = iso18295.load_interactions_csv(path).table
    np.testing.assert_array_equal(loaded["dial_seconds"], [30.0, NAN])
    parquet = tmp_path / "calls.parquet"
    frame = pa.table(
        {
            "channel_id": ["voice"],
            "direction": ["outbound"],
            "client_id": ["acme"],
            "offered_at": pa.array([0], type=pa.timestamp("ns", tz="UTC")),
            "wait_seconds": [0.0],
            "answered": [True],
            "abandoned": [False],
            "dial_seconds": [12.5],
        }
    )
    pq.write_table(frame, parquet)
    assert iso18295.load_interactions_parquet(parquet).table["dial_seconds"].tolist() == [12.5]


def test_negative_dialling_is_refused_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(CSV.replace(",30\n", ",-4\n"), encoding="utf-8")
    with pytest.raises(LoadError, match=r"dial_seconds"):
        iso18295.load_interactions_csv(path)
