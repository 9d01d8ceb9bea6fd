"""Grouping(interval=...) takes the pandas and polars spellings users type."""

from __future__ import annotations

import typing
from datetime import UTC, datetime

import numpy as np
import pytest

from iso18295 import InteractionTable
from iso18295.errors import CalculationError
from iso18295.kpis import Grouping, Offered, compute, rollup
from iso18295.kpis._engine.intervals import INTERVAL_ALIASES, IntervalAlias
from reference.kpis import Row, table_of

pd = pytest.importorskip("pandas")

# What each alias means in the library it comes from (the pandas offset or polars duration).
MEANING = {
    "15m": "15min", "30m": "30min", "60m": "60min",
    "h": "60min", "1h": "60min", "H": "60min", "1H": "60min",
    "D": "day", "1D": "day", "d": "day", "1d": "day",
    "W": "week", "1W": "week", "w": "week", "1w": "week",
    "MS": "month", "1MS": "month", "ME": "month", "1ME": "month", "mo": "month", "1mo": "month",
}  # fmt: skip

# pandas' own binning of a UTC instant, per interval (weeks Monday to Sunday, by start).
PANDAS_BINS = {
    "15min": lambda s: s.dt.floor("15min"),
    "30min": lambda s: s.dt.floor("30min"),
    "60min": lambda s: s.dt.floor("1h"),
    "day": lambda s: s.dt.floor("1D"),
    "week": lambda s: s.dt.to_period("W-SUN").dt.start_time,
    "month": lambda s: s.dt.to_period("M").dt.start_time,
}


def test_the_alias_type_lists_exactly_the_accepted_aliases() -> None:
    assert set(typing.get_args(IntervalAlias)) == set(INTERVAL_ALIASES) == set(MEANING)


@pytest.mark.parametrize(("alias", "interval"), sorted(MEANING.items()))
def test_an_alias_is_stored_as_the_interval_it_names(alias: str, interval: str) -> None:
    assert Grouping(interval=alias).interval == interval  # type: ignore[arg-type]


@pytest.mark.parametrize("alias", ["1h", "1D", "1W", "MS", "1mo", "15m"])
def test_an_alias_groups_as_pandas_bins_the_same_instants(alias: str) -> None:
    rng = np.random.default_rng(7)
    seconds = rng.integers(0, 70 * 86_400, size=2_000)  # ten weeks from a Thursday
    offered = np.datetime64("2026-01-01T00:00", "ns") + seconds.astype("timedelta64[s]")
    table = InteractionTable.from_columns(
        channel_id=["voice"] * offered.size,
        direction=["inbound"] * offered.size,
        client_id=["acme"] * offered.size,
        offered_at=offered,
        wait_seconds=np.zeros(offered.size),
        answered=np.ones(offered.size, dtype=bool),
        abandoned=np.zeros(offered.size, dtype=bool),
    )
    result = compute(table, [Offered()], grouping=Grouping(interval=alias))  # type: ignore[arg-type]
    bins = PANDAS_BINS[MEANING[alias]](pd.Series(offered))
    expected = bins.value_counts().sort_index()
    starts = expected.index.to_numpy().astype("datetime64[ns]")
    np.testing.assert_array_equal(result.labels["interval_start"], starts)
    assert result["offered"].value.tolist() == expected.to_numpy().astype(float).tolist()


@pytest.mark.parametrize("wrong", ["2h", "M", "1M", "W-MON", "hour", "1 D", 15])
def test_anything_else_is_refused_listing_the_valid_forms(wrong: object) -> None:
    with pytest.raises(CalculationError, match=r"expected interval in \{None, '15min'.*'1mo'\)"):
        Grouping(interval=wrong)  # type: ignore[arg-type]


def test_rollup_takes_the_aliases_too() -> None:
    at = [datetime(2026, 3, 2, hour, tzinfo=UTC) for hour in (9, 10, 11)]
    table = table_of([Row(offered_at=moment, wait=1.0, outcome="answered") for moment in at])
    hourly = compute(table, [Offered()], grouping=Grouping(interval="1h"))
    daily = rollup(hourly, interval="1D")
    assert daily.grouping.interval == "day"
    assert daily["offered"].value.tolist() == [3.0]  # three contacts on one day, by hand
