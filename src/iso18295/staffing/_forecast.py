"""A forecaster for thousands of queues at once, its accuracy, and statsforecast's long format.

Contact volumes per interval have a strong weekly pattern.  The seasonal window
average forecasts each interval of the week as the mean of the same interval in
the last few weeks; the seasonal naive forecast repeats the last week.  Both
are the definitions of statsforecast's ``SeasonalWindowAverage`` and
``SeasonalNaive`` (Nixtla), computed here for an array of shape
``(queues, intervals)`` in one numpy expression, with the same floating-point
operations in the same order, so the point forecasts are identical.
"""

from __future__ import annotations

import dataclasses
import datetime
import typing
import warnings
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

import iso18295._display as _display
from iso18295.errors import UndefinedKpiWarning
from iso18295.staffing import _validation as v

#: Half-hour intervals in a week: the default season.
WEEK_OF_HALF_HOURS = 336
_MAX_HORIZON = 10_000_000


def _series(values: ArrayLike, function: str) -> NDArray[np.float64]:
    """Check a volume history: a 1-d or 2-d array of finite numbers >= 0."""
    array = v.real(values, function=function, name="values", bound=">= 0")
    if array.ndim not in (1, 2):
        raise v.fail(
            function, "values of shape (intervals,) or (queues, intervals)", str(array.shape)
        )
    return array


def _whole(value: object, *, function: str, name: str, low: int, high: int) -> int:
    """Check a whole-number option such as `horizon` or `season_length`."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not low <= value <= high
    ):
        raise v.fail(function, f"{name} as a whole number from {low:,} to {high:,}", repr(value))
    return int(value)


def _tile(season: NDArray[np.float64], horizon: int) -> NDArray[np.float64]:
    """Repeat the last axis of `season` to `horizon` values, as statsforecast does."""
    repeats = -(-horizon // season.shape[-1])
    return np.asarray(np.tile(season, repeats)[..., :horizon], dtype=np.float64)


def seasonal_window_average(
    values: ArrayLike,
    *,
    horizon: int,
    season_length: int = WEEK_OF_HALF_HOURS,
    window_size: int = 4,
) -> NDArray[np.float64]:
    """Forecast each interval of the season as its mean over the last few seasons.

    For every queue, the forecast for an interval of the week is the mean of
    the volumes in the same interval of the last `window_size` weeks: the
    history's last ``season_length * window_size`` values, folded into
    weeks and averaged.  Identical to statsforecast's
    ``SeasonalWindowAverage(season_length, window_size)``.

    Parameters
    ----------
    values : array_like of float
        Shape (intervals,) or (queues, intervals).
        Volumes per interval, oldest first, every queue over the same
        intervals; finite, >= 0.  The last interval is the one just before the
        forecast starts.
    horizon : int
        Number of intervals to forecast, from 1 to 10,000,000.
    season_length : int, default 336
        Intervals in a season: 336 half-hours in a week, 168 hours, 7 days.
    window_size : int, default 4
        Seasons to average, >= 1; the history must hold at least
        ``season_length * window_size`` intervals.

    Returns
    -------
    numpy.ndarray of float64
        Shape (horizon,) or (queues, horizon).
        Forecast volume per queue and interval.

    Raises
    ------
    CalculationError
        If `values` is not a 1-d or 2-d array of finite numbers >= 0, an option
        is not a whole number in its range, or the history is too short.

    Examples
    --------
    Two queues, a "season" of 2 intervals, the last 2 seasons averaged:

    >>> from iso18295.staffing import seasonal_window_average
    >>> history = [[9, 9, 1, 3, 5, 7], [0, 0, 2, 2, 4, 6]]
    >>> seasonal_window_average(history, horizon=3, season_length=2, window_size=2)
    array([[3., 5., 3.],
           [3., 4., 3.]])
    """
    function = "seasonal_window_average"
    y = _series(values, function)
    horizon = _whole(horizon, function=function, name="horizon", low=1, high=_MAX_HORIZON)
    season = _whole(
        season_length, function=function, name="season_length", low=1, high=y.shape[-1]
    )
    window = _whole(
        window_size, function=function, name="window_size", low=1, high=y.shape[-1] // season
    )
    recent = y[..., y.shape[-1] - season * window :]
    folded = recent.reshape(*y.shape[:-1], window, season)
    return _tile(folded.mean(axis=-2), horizon)


def seasonal_naive(
    values: ArrayLike, *, horizon: int, season_length: int = WEEK_OF_HALF_HOURS
) -> NDArray[np.float64]:
    """Forecast each interval of the season as its value one season ago.

    The last `season_length` volumes of every queue, repeated.  Identical to
    statsforecast's ``SeasonalNaive(season_length)``.

    Parameters
    ----------
    values : array_like of float
        Shape (intervals,) or (queues, intervals).
        Volumes per interval, oldest first; finite, >= 0; at least
        `season_length` intervals.
    horizon : int
        Number of intervals to forecast, from 1 to 10,000,000.
    season_length : int, default 336
        Intervals in a season (336 half-hours in a week).

    Returns
    -------
    numpy.ndarray of float64
        Shape (horizon,) or (queues, horizon).
        Forecast volume per queue and interval.

    Raises
    ------
    CalculationError
        If `values` is not a 1-d or 2-d array of finite numbers >= 0, an option
        is not a whole number in its range, or the history is too short.

    Examples
    --------
    >>> from iso18295.staffing import seasonal_naive
    >>> seasonal_naive([5, 1, 2, 8, 3], horizon=5, season_length=2)
    array([8., 3., 8., 3., 8.])
    """
    function = "seasonal_naive"
    y = _series(values, function)
    horizon = _whole(horizon, function=function, name="horizon", low=1, high=_MAX_HORIZON)
    season = _whole(
        season_length, function=function, name="season_length", low=1, high=y.shape[-1]
    )
    return _tile(y[..., y.shape[-1] - season :], horizon)


def _accuracy_inputs(
    function: str, actual: ArrayLike, forecast: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    a = v.real(actual, function=function, name="actual", bound=">= 0")
    f = v.real(forecast, function=function, name="forecast", bound=">= 0")
    shape = v.broadcast(function, actual=a, forecast=f)
    if len(shape) == 0:
        raise v.fail(function, "actual and forecast with an axis of intervals", "scalars")
    a, f = np.broadcast_to(a, shape), np.broadcast_to(f, shape)
    total = a.sum(axis=-1)
    if (total == 0.0).any():
        warnings.warn(
            f"{function}(): no actual volume in {int((total == 0.0).sum())} series; "
            "their result is NaN",
            UndefinedKpiWarning,
            stacklevel=3,
        )
    return a, f, np.where(total == 0.0, np.nan, total)


def forecast_wape(actual: ArrayLike, forecast: ArrayLike) -> NDArray[np.float64]:
    """Compute the weighted absolute percentage error of a forecast, per series.

    ``WAPE = sum |actual - forecast| / sum actual`` over the last axis (the
    intervals): absolute errors weighted by volume, so quiet intervals do not
    dominate as they do in MAPE.  Forecast accuracy is ``1 - WAPE``; see
    :class:`iso18295.kpis.ForecastAccuracy` for the same measure from records.

    Parameters
    ----------
    actual : array_like of float
        Shape (..., intervals).
        Volumes that happened; finite, >= 0.
    forecast : array_like of float
        Shape (..., intervals).
        Volumes forecast; finite, >= 0.  Broadcasts with `actual`.

    Returns
    -------
    numpy.ndarray of float64
        Shape (...).
        WAPE per series, >= 0 (a fraction: 0.1 is 10 %).  NaN, with an
        :class:`~iso18295.errors.UndefinedKpiWarning`, where a series has no
        actual volume.

    Raises
    ------
    CalculationError
        If a value is negative, NaN or infinite, or the shapes do not broadcast.

    Examples
    --------
    >>> from iso18295.staffing import forecast_wape
    >>> forecast_wape([[10, 20, 30], [5, 5, 0]], [[12, 18, 30], [5, 5, 2]])
    array([0.06666667, 0.2       ])
    """
    a, f, total = _accuracy_inputs("forecast_wape", actual, forecast)
    return np.asarray(np.abs(a - f).sum(axis=-1) / total, dtype=np.float64)


def forecast_bias(actual: ArrayLike, forecast: ArrayLike) -> NDArray[np.float64]:
    """Compute the relative bias of a forecast, per series.

    ``(sum forecast - sum actual) / sum actual`` over the last axis: positive
    when the forecast ran high (over-staffing), negative when it ran low.

    Parameters
    ----------
    actual : array_like of float
        Shape (..., intervals).
        Volumes that happened; finite, >= 0.
    forecast : array_like of float
        Shape (..., intervals).
        Volumes forecast; finite, >= 0.  Broadcasts with `actual`.

    Returns
    -------
    numpy.ndarray of float64
        Shape (...).
        Bias per series, >= -1.  NaN, with an
        :class:`~iso18295.errors.UndefinedKpiWarning`, where a series has no
        actual volume.

    Raises
    ------
    CalculationError
        If a value is negative, NaN or infinite, or the shapes do not broadcast.

    Examples
    --------
    >>> from iso18295.staffing import forecast_bias
    >>> forecast_bias([[10, 20, 30], [5, 5, 0]], [[12, 18, 30], [5, 5, 2]])
    array([0. , 0.2])
    """
    a, f, total = _accuracy_inputs("forecast_bias", actual, forecast)
    return np.asarray((f.sum(axis=-1) - a.sum(axis=-1)) / total, dtype=np.float64)


@typing.final
@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class QueueSeries:
    """Volumes of several queues over the same intervals, as arrays.

    What :func:`from_long_format` returns, and what :func:`to_long_format` and
    the forecasters take apart.

    Attributes
    ----------
    unique_ids : numpy.ndarray of str
        Shape (queues,).
        Queue identifiers, sorted.
    timestamps : numpy.ndarray of datetime64
        Shape (intervals,).
        Start of each interval, to the second, increasing (naive: in whatever
        zone the data used).
    values : numpy.ndarray of float64
        Shape (queues, intervals).
        Volume per queue and interval.

    Examples
    --------
    >>> import numpy as np
    >>> from iso18295.staffing import from_long_format
    >>> series = from_long_format({
    ...     "unique_id": ["b", "a", "a", "b"],
    ...     "ds": np.array(["2026-03-02T09:00", "2026-03-02T09:00", "2026-03-02T09:30",
    ...                     "2026-03-02T09:30"], dtype="datetime64[s]"),
    ...     "y": [4.0, 1.0, 2.0, 5.0],
    ... })
    >>> series.unique_ids.tolist(), series.values.tolist()
    (['a', 'b'], [[1.0, 2.0], [4.0, 5.0]])
    """

    unique_ids: NDArray[np.str_]
    timestamps: NDArray[np.datetime64]
    values: NDArray[np.float64]

    def __repr__(self) -> str:
        return _display.fields_repr(self)

    def _repr_html_(self) -> str:
        return _display.fields_html(self)


def to_long_format(
    values: ArrayLike,
    *,
    unique_ids: Sequence[str],
    start: datetime.datetime | np.datetime64,
    interval_seconds: int = 1800,
) -> dict[str, NDArray[np.generic]]:
    """Convert volumes of shape (queues, intervals) to statsforecast's long format.

    One row per queue and interval, in columns ``unique_id``, ``ds`` (the
    interval's start) and ``y``, sorted by queue then time: pass the result to
    ``pandas.DataFrame(...)`` or ``polars.DataFrame(...)``.  Nothing here imports
    pandas.

    Parameters
    ----------
    values : array_like of float
        Shape (queues, intervals).
        Volumes per queue and interval; finite, >= 0.
    unique_ids : sequence of str
        One identifier per queue (row of `values`), all different.
    start : datetime.datetime or numpy.datetime64
        Start of the first interval.  An aware datetime is converted to UTC;
        ``ds`` is naive, as statsforecast expects.
    interval_seconds : int, default 1800
        Length of an interval in whole seconds, from 1 to one week.

    Returns
    -------
    dict of str to numpy.ndarray
        ``unique_id`` (str), ``ds`` (datetime64, to the second) and ``y`` (float64) columns.

    Raises
    ------
    CalculationError
        If `values` is not 2-d, finite and >= 0, `unique_ids` does not have
        one distinct identifier per queue, or `interval_seconds` is out of range.

    Examples
    --------
    >>> import datetime
    >>> from iso18295.staffing import to_long_format
    >>> start = datetime.datetime(2026, 3, 2, 9)
    >>> long = to_long_format([[1.0, 2.0]], unique_ids=["chat"], start=start)
    >>> long["unique_id"].tolist(), long["ds"].astype(str).tolist(), long["y"].tolist()
    (['chat', 'chat'], ['2026-03-02T09:00:00', '2026-03-02T09:30:00'], [1.0, 2.0])
    """
    function = "to_long_format"
    y = _series(values, function)
    if y.ndim != 2:
        raise v.fail(function, "values of shape (queues, intervals)", str(y.shape))
    ids = np.asarray([str(i) for i in unique_ids])
    if ids.shape != (y.shape[0],) or np.unique(ids).size != ids.size:
        raise v.fail(
            function,
            f"{y.shape[0]} distinct unique_ids, one per queue",
            f"{ids.size} with {np.unique(ids).size} distinct",
        )
    step = _whole(
        interval_seconds, function=function, name="interval_seconds", low=1, high=604_800
    )
    if isinstance(start, datetime.datetime) and start.tzinfo is not None:
        start = start.astimezone(datetime.UTC).replace(tzinfo=None)
    first = np.array(start, dtype="datetime64[s]")
    times = first + np.arange(y.shape[1]) * np.timedelta64(step, "s")
    return {
        "unique_id": np.repeat(ids, y.shape[1]),
        "ds": np.tile(times, y.shape[0]),
        "y": y.reshape(-1).copy(),
    }


def from_long_format(frame: typing.Any, *, value_column: str = "y") -> QueueSeries:
    """Convert statsforecast's long format (``unique_id``, ``ds``, ``y``) to arrays.

    Rows may come in any order; every queue must have exactly one row for each
    of the same timestamps.  Reads columns by name, so a pandas or polars data
    frame, or a dict of arrays, will do; nothing here imports pandas.

    Parameters
    ----------
    frame : mapping
        Column name to array-like: ``unique_id``, ``ds`` (datetime64, or ISO
        8601 text) and `value_column`.
    value_column : str, default "y"
        Column of the values: ``"y"`` for history, a model's alias (such as
        ``"SeasWA"`` for ``SeasonalWindowAverage``) for statsforecast's forecasts.

    Returns
    -------
    QueueSeries
        Sorted queue ids, sorted timestamps, and values of shape (queues, intervals).

    Raises
    ------
    CalculationError
        If a column is missing, the values are not finite and >= 0, or the rows
        do not form a complete grid of queues by timestamps.

    Examples
    --------
    >>> import numpy as np
    >>> from iso18295.staffing import from_long_format, to_long_format
    >>> long = to_long_format([[1.0, 2.0], [3.0, 4.0]], unique_ids=["a", "b"],
    ...                       start=np.datetime64("2026-03-02T09:00"))
    >>> from_long_format(long).values
    array([[1., 2.],
           [3., 4.]])
    """
    function = "from_long_format"
    columns: dict[str, NDArray[np.generic]] = {}
    for name in ("unique_id", "ds", value_column):
        try:
            columns[name] = np.asarray(frame[name])
        except (KeyError, TypeError, IndexError) as exc:
            raise v.fail(function, f"a column {name!r}", "none") from exc
    raw_ids = columns["unique_id"]
    try:
        times = columns["ds"].astype("datetime64[s]")
    except (TypeError, ValueError) as exc:
        raise v.fail(function, "ds as timestamps", f"dtype {columns['ds'].dtype}") from exc
    y = v.real(columns[value_column], function=function, name="values", bound=">= 0")
    if not raw_ids.shape == times.shape == y.shape or y.ndim != 1 or y.size == 0:
        shapes = f"{raw_ids.shape}, {times.shape}, {y.shape}"
        raise v.fail(function, "columns of one equal, non-zero length", shapes)
    # Long data come grouped by queue: factorise the runs, not every row (4 M strings sort slowly).
    starts = np.concatenate([[0], np.flatnonzero(raw_ids[1:] != raw_ids[:-1]) + 1])
    queues, run_index = np.unique(raw_ids[starts].astype(str), return_inverse=True)
    queue_index = np.repeat(run_index.reshape(-1), np.diff(np.append(starts, y.size)))
    # Every queue has the same timestamps: take them from queue 0, then look every row up.
    stamps = np.unique(times[queue_index == 0])
    time_index = np.minimum(np.searchsorted(stamps, times), stamps.size - 1)
    if (stamps[time_index] != times).any():
        raise v.fail(
            function,
            f"the same timestamps for every queue (those of {str(queues[0])!r})",
            f"{int((stamps[time_index] != times).sum())} rows at other timestamps",
        )
    cell = queue_index * stamps.size + time_index
    counts = np.bincount(cell, minlength=queues.size * stamps.size)
    if (counts != 1).any():
        missing, repeated = int((counts == 0).sum()), int((counts > 1).sum())
        raise v.fail(
            function,
            f"one row per queue and timestamp ({queues.size} x {stamps.size})",
            f"{missing} missing and {repeated} repeated",
        )
    grid = np.empty(queues.size * stamps.size)
    grid[cell] = y
    return QueueSeries(
        unique_ids=queues, timestamps=stamps, values=grid.reshape(queues.size, stamps.size)
    )
