"""The forecaster against statsforecast, accuracy by hand, and the long format."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.staffing import (
    forecast_bias,
    forecast_wape,
    from_long_format,
    seasonal_naive,
    seasonal_window_average,
    to_long_format,
)

WEEK = 336


def _history(queues: int, weeks: int, seed: int) -> np.ndarray:
    """Poisson volumes with a daily and weekly shape and a level per queue."""
    rng = np.random.default_rng(seed)
    t = np.arange(weeks * WEEK)
    day = np.sin(np.pi * ((t % 48) / 48.0)) ** 2
    week = np.where((t // 48) % 7 >= 5, 0.4, 1.0)
    level = rng.uniform(0.5, 80.0, queues)
    return rng.poisson(level[:, None] * day * week).astype(np.float64)


def test_point_forecasts_equal_statsforecast_exactly() -> None:
    pandas = pytest.importorskip("pandas")
    statsforecast = pytest.importorskip("statsforecast")
    from statsforecast.models import SeasonalNaive, SeasonalWindowAverage

    history = _history(40, 7, seed=19)
    ids = [f"queue-{i:03d}" for i in range(40)]
    frame = pandas.DataFrame(
        to_long_format(history, unique_ids=ids, start=dt.datetime(2026, 1, 5))
    )
    model = statsforecast.StatsForecast(
        models=[SeasonalWindowAverage(season_length=WEEK, window_size=4), SeasonalNaive(WEEK)],
        freq="30min",
        n_jobs=1,
    )
    theirs = model.forecast(df=frame, h=2 * WEEK + 5)
    window = from_long_format(theirs, value_column="SeasWA")
    naive = from_long_format(theirs, value_column="SeasonalNaive")
    assert window.unique_ids.tolist() == ids
    first = np.datetime64("2026-01-05") + np.timedelta64(7 * WEEK * 1800, "s")
    assert window.timestamps[0] == first
    ours = seasonal_window_average(history, horizon=2 * WEEK + 5, season_length=WEEK)
    np.testing.assert_array_equal(window.values, ours)
    np.testing.assert_array_equal(
        naive.values, seasonal_naive(history, horizon=2 * WEEK + 5, season_length=WEEK)
    )


def test_window_average_by_hand() -> None:
    # Season 3, window 2: the last 6 values 4 5 6 | 8 9 10 -> means 6 7 8, repeated.
    history = [1, 2, 3, 4, 5, 6, 8, 9, 10]
    result = seasonal_window_average(history, horizon=4, season_length=3, window_size=2)
    np.testing.assert_array_equal(result, [6.0, 7.0, 8.0, 6.0])


def test_one_queue_equals_its_row_of_many() -> None:
    history = _history(5, 5, seed=3)
    many = seasonal_window_average(history, horizon=WEEK, window_size=3)
    np.testing.assert_array_equal(
        seasonal_window_average(history[2], horizon=WEEK, window_size=3), many[2]
    )


def test_wape_and_bias_by_hand() -> None:
    # |10-12| + |20-18| + |30-30| = 4 over 60 -> 1/15; forecast total 60 = actual: bias 0.
    # Second: |0-2| = 2 over 10 -> 0.2; forecast 12 vs 10 -> bias +0.2.
    actual = [[10, 20, 30], [5, 5, 0]]
    forecast = [[12, 18, 30], [5, 5, 2]]
    np.testing.assert_allclose(forecast_wape(actual, forecast), [1 / 15, 0.2], rtol=1e-15)
    np.testing.assert_allclose(forecast_bias(actual, forecast), [0.0, 0.2], atol=1e-15)


def test_accuracy_without_actual_volume_is_nan_with_a_warning() -> None:
    with pytest.warns(UndefinedKpiWarning, match=r"forecast_wape\(\): no actual volume in 1"):
        result = forecast_wape([[0, 0], [1, 1]], [[1, 1], [1, 2]])
    assert np.isnan(result[0])
    assert result[1] == 0.5


def test_long_format_round_trip_in_any_row_order() -> None:
    history = _history(4, 1, seed=5)
    long = to_long_format(
        history, unique_ids=["d", "c", "b", "a"], start=np.datetime64("2026-03-02")
    )
    order = np.random.default_rng(1).permutation(long["y"].size)
    shuffled = {name: column[order] for name, column in long.items()}
    series = from_long_format(shuffled)
    assert series.unique_ids.tolist() == ["a", "b", "c", "d"]
    np.testing.assert_array_equal(series.values, history[::-1])
    assert series.timestamps.size == WEEK


def test_aware_start_is_written_in_utc() -> None:
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    long = to_long_format([[1.0]], unique_ids=["q"], start=start)
    assert long["ds"][0] == np.datetime64("2026-03-02T08:00:00")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: seasonal_window_average(
                [1.0, 2.0, 3.0], horizon=2, season_length=2, window_size=2
            ),
            r"seasonal_window_average\(\): expected window_size as a whole number from 1 to 1, f",
        ),
        (
            lambda: seasonal_naive([1.0, -2.0], horizon=2, season_length=1),
            r"seasonal_naive\(\): expected values >= 0, found -2\.0 at index 1",
        ),
        (
            lambda: seasonal_naive([1.0, 2.0], horizon=0, season_length=1),
            r"expected horizon as a whole number from 1 to 10,000,000, found 0",
        ),
        (
            lambda: seasonal_naive(np.ones((2, 2, 2)), horizon=1, season_length=1),
            r"expected values of shape \(intervals,\) or \(queues, intervals\), found \(2, 2, 2\)",
        ),
        (
            lambda: to_long_format(
                [[1.0], [2.0]], unique_ids=["a", "a"], start=np.datetime64("2026-01-01")
            ),
            r"to_long_format\(\): expected 2 distinct unique_ids, one per queue, found 2 with 1 d",
        ),
        (
            lambda: from_long_format({"unique_id": ["a"], "ds": ["2026-01-01"]}),
            r"from_long_format\(\): expected a column 'y', found none",
        ),
        (
            lambda: from_long_format(
                {
                    "unique_id": ["a", "a", "b"],
                    "ds": ["2026-01-01", "2026-01-02", "2026-01-01"],
                    "y": [1.0, 2.0, 3.0],
                }
            ),
            r"expected one row per queue and timestamp \(2 x 2\), found 1 missing and 0 repeated",
        ),
        (
            lambda: forecast_wape(1.0, 2.0),
            r"forecast_wape\(\): expected actual and forecast with an axis of intervals",
        ),
    ],
)
def test_bad_arguments_are_reported(call: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        call()  # type: ignore[operator]


def test_long_format_with_a_timestamp_only_some_queues_have_is_refused() -> None:
    frame = {
        "unique_id": ["a", "b", "b"],
        "ds": ["2026-01-01", "2026-01-01", "2026-01-02"],
        "y": [1.0, 2.0, 3.0],
    }
    with pytest.raises(
        CalculationError, match=r"those of 'a'\), found 1 rows at other timestamps"
    ):
        from_long_format(frame)
