"""Forecast accuracy as data, and `measure_forecasts`: forecasts against offered contacts.

A `Forecast` (ISO 18295-1, 7.3; ISO 18295-2, 6.7) gives expected offered
contacts per interval for one client and channel.  The actual contacts of
each interval are counted from an `InteractionTable` with two
``searchsorted`` calls over the sorted offer times of that client, channel and
direction (sorted once per combination, not per forecast).  Forecast intervals
are consecutive spans of elapsed time from the forecast's start, so each is
exactly 15, 30 or 60 minutes long, clock changes or not.

Errors are measured per *comparison interval*: each forecast interval, or
the local-time interval (``"60min"``, ``"day"``...) its start falls in, with
forecast and actual summed over the forecast intervals inside it.  An interval
the interaction records do not cover is left out and counted, never taken as
zero contacts.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.interaction_table import InteractionTable
from iso18295._model.workforce import Forecast
from iso18295.errors import CalculationError
from iso18295.kpis._definitions.activity import (
    check_grouping,
    check_kpis,
    interval_labels,
    values_of,
    warn_undefined,
)
from iso18295.kpis._definitions.forecast_bias import COMPARISONS, Comparison, ForecastBias
from iso18295.kpis._engine.families import ForecastKpi
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.options import (
    Direction,
    check_direction,
    check_name,
    one_of,
    scope_words,
)
from iso18295.kpis._engine.result import KpiResult, KpiValues
from iso18295.kpis._engine.segments import Edges, interval_edges

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_NS_PER_MICROSECOND: Final = 1000


@typing.final
@attrs.frozen(kw_only=True)
class ForecastAccuracy(ForecastKpi):
    """How close forecast volumes came to offered contacts: 1 - WAPE, or 1 - MAPE.

    Parameters
    ----------
    method : {"wape", "mape"}, default "wape"
        ``"wape"``: weighted absolute percentage error, the sum of absolute
        errors over the sum of actual contacts (busy intervals weigh more);
        ``"mape"``: the mean of each interval's absolute error over its actual
        contacts.  An interval with no actual contacts has no percentage
        error: under MAPE it is left out and counted in ``excluded``.
    interval : {"forecast", "15min", "30min", "60min", "day", "week", "month"}, default "forecast"
        The comparison interval: each forecast interval, or a local-time
        interval in the grouping's zone holding whole forecast intervals
        (forecast and actual are summed over it first).  Coarser intervals
        hide timing errors that staffing feels.
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count as actual.
    name : str, default "forecast_accuracy"
        Name of the result column.

    Raises
    ------
    CalculationError
        If an option is not one of the choices.

    Notes
    -----
    Per group of comparison intervals covered by the records: WAPE's
    numerator is the sum of ``|actual - forecast|`` and its denominator the sum
    of actual contacts; MAPE's numerator is the sum of ``|actual - forecast| /
    actual`` and its denominator the number of intervals with actual contacts.
    The value is ``1 - numerator / denominator``; it falls below 0 when the
    errors exceed the actual contacts.  ``excluded`` counts the comparison
    intervals left out (not covered by the records; under MAPE, also those
    with no actual contacts).  Measured with `measure_forecasts`.

    Examples
    --------
    >>> ForecastAccuracy().describe()
    'forecast_accuracy: 1 - WAPE of inbound contacts offered per forecast interval (sum |actual - forecast| / sum actual)'
    """  # noqa: E501 - doctest output line

    method: Literal["wape", "mape"] = attrs.field(default="wape", validator=one_of("wape", "mape"))
    interval: Comparison = attrs.field(default="forecast", validator=one_of(*COMPARISONS))
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="forecast_accuracy", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        where = "forecast interval" if self.interval == "forecast" else f"{self.interval} interval"
        formula = (
            "sum |actual - forecast| / sum actual"
            if self.method == "wape"
            else "mean |actual - forecast| / actual, intervals with no actual contacts excluded"
        )
        return (
            f"{self.name}: 1 - {self.method.upper()} of {scope_words(self.direction)} offered"
            f" per {where} ({formula})"
        )


def _ns(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1) * _NS_PER_MICROSECOND


def _covered(table: InteractionTable, period: object) -> tuple[int, int, bool]:
    """Return the span the records cover, and whether intervals must lie inside it."""
    if period is None:
        offered = table["offered_at"].view(np.int64)
        if offered.size == 0:
            return 0, -1, False
        return int(offered.min()), int(offered.max()), False
    if (
        not isinstance(period, tuple)
        or len(period) != 2
        or not all(isinstance(p, datetime) and p.utcoffset() is not None for p in period)
        or not period[0] < period[1]
    ):
        raise CalculationError(
            "measure_forecasts(): expected period as (start, end), aware datetimes with"
            f" start < end, found {period!r}"
        )
    return _ns(period[0]), _ns(period[1]), True


class _Actuals:
    """Sorted offer times per (client, channel, direction), built on first use."""

    def __init__(self, table: InteractionTable) -> None:
        self.table = table
        self.cache: dict[tuple[str, str, str], NDArray[np.int64]] = {}

    def times(self, client: str, channel: str, direction: str) -> NDArray[np.int64]:
        key = (client, channel, direction)
        if key not in self.cache:
            t = self.table
            rows = np.ones(len(t), dtype=np.bool_)
            for column, wanted in (("client_id", client), ("channel_id", channel)):
                labels = t.categories(column)
                code = labels.index(wanted) if wanted in labels else -2
                rows &= t[column] == code
            if direction != "all":
                labels = t.categories("direction")
                rows &= t["direction"] == (labels.index(direction) if direction in labels else -2)
            self.cache[key] = np.sort(t["offered_at"].view(np.int64)[rows])
        return self.cache[key]


def _labels_at(edges: Edges, instants: NDArray[np.int64]) -> NDArray[np.int64]:
    return edges.label[np.searchsorted(edges.at, instants, side="right") - 1]


def _check_forecasts(forecasts: object) -> tuple[Forecast, ...]:
    if not isinstance(forecasts, Sequence) or isinstance(forecasts, str):
        raise CalculationError(
            "measure_forecasts(): expected forecasts as a sequence of Forecast (such as"
            f" scope.forecasts), found {type(forecasts).__name__}"
        )
    for item in forecasts:
        if not isinstance(item, Forecast):
            raise CalculationError(
                f"measure_forecasts(): expected Forecast objects, found {type(item).__name__}"
            )
    ids = [f.id for f in forecasts]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise CalculationError(
            f"measure_forecasts(): expected distinct forecast ids, found {repeated}"
        )
    return tuple(forecasts)


def measure_forecasts(
    forecasts: Sequence[Forecast],
    table: InteractionTable,
    kpis: Sequence[ForecastKpi],
    *,
    grouping: Grouping | None = None,
    period: tuple[datetime, datetime] | None = None,
) -> KpiResult:
    """Measure forecast accuracy against the contacts actually offered, per forecast.

    Parameters
    ----------
    forecasts : sequence of Forecast
        The forecasts, such as ``scope.forecasts``; distinct ids.
    table : InteractionTable
        The interaction records giving the actual contacts: those of the
        forecast's client and channel, in the KPI's direction, offered in
        each interval.
    kpis : sequence of ForecastAccuracy or ForecastBias
        The definitions, with distinct names.
    grouping : Grouping or None, default None
        Results are always per forecast (label ``forecast_id``); an
        `interval` splits each forecast further, and `time_zone` is the zone
        of local comparison and grouping intervals.  Each comparison interval
        must lie within one grouping interval.  ``by`` must be empty.
    period : tuple of datetime or None, default None
        Two aware datetimes: the span ``[start, end)`` for which `table` holds every record:
        forecast intervals not wholly inside it are left out and counted.
        None: the span from the table's first to its last offer, and an
        interval counts if it overlaps that span.  Left-out intervals are
        never counted as zero contacts.

    Returns
    -------
    KpiResult
        One row per forecast (and grouping interval) in which the forecast has
        intervals; ``records`` counts them (forecast intervals).

    Raises
    ------
    CalculationError
        If an argument is not of the kind described, KPI names or forecast
        ids repeat, or a comparison interval does not hold whole forecast
        intervals or does not fit in one grouping interval.

    Warns
    -----
    UndefinedKpiWarning
        Once, if a KPI is undefined in a group: no covered interval (or,
        under WAPE, no actual contacts at all).

    Examples
    --------
    The example's forecasts against its generated March 2026 records (which
    hold every contact of the month); the voice and chat forecasts run about
    a third above the generated volumes:

    >>> from datetime import UTC, datetime
    >>> from iso18295 import examples
    >>> from iso18295.kpis import ForecastAccuracy, measure_forecasts
    >>> scope = examples.load_example()
    >>> march = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    >>> result = measure_forecasts(
    ...     scope.forecasts, examples.generate_interactions(),
    ...     [ForecastAccuracy(), ForecastAccuracy(interval="day", name="daily")], period=march)
    >>> result.labels["forecast_id"].tolist()
    ['fc-bw-chat-2026w10', 'fc-bw-email-2026w10', 'fc-bw-voice-2026w10']
    >>> result["forecast_accuracy"].value.round(3).tolist()
    [0.499, 0.506, 0.634]
    >>> result["daily"].value.round(3).tolist()
    [0.531, 0.904, 0.664]
    """
    chosen = typing.cast(
        "tuple[ForecastAccuracy | ForecastBias, ...]",
        check_kpis("measure_forecasts", kpis, (ForecastAccuracy, ForecastBias)),
    )
    grouping = check_grouping("measure_forecasts", grouping, ())
    items = _check_forecasts(forecasts)
    if not isinstance(table, InteractionTable):
        raise CalculationError(
            f"measure_forecasts(): expected an InteractionTable, found {type(table).__name__}"
        )
    low, high, inside = _covered(table, period)
    items = tuple(sorted(items, key=lambda f: f.id))
    spans = [(_ns(f.starts_at), f.interval_minutes * 60 * 10**9, len(f.volumes)) for f in items]
    first = min((s for s, _, _ in spans), default=0)
    last = max((s + step * n for s, step, n in spans), default=0)
    group_edges = interval_edges(first, last, grouping)
    comparison_edges: dict[str, Edges] = {
        m.interval: interval_edges(first, last, attrs.evolve(grouping, interval=m.interval))
        for m in chosen
        if m.interval != "forecast"
    }
    actuals = _Actuals(table)
    rows: list[tuple[int, NDArray[np.int64], NDArray[np.int64]]] = []  # forecast, labels, records
    parts: list[list[tuple[NDArray[Any], NDArray[Any], NDArray[Any]]]] = [[] for _ in chosen]
    for number, (forecast, (start, step, n)) in enumerate(zip(items, spans, strict=True)):
        begins = start + step * np.arange(n, dtype=np.int64)
        group = _labels_at(group_edges, begins)
        present, records = np.unique(group, return_counts=True)
        rows.append((number, present, records.astype(np.int64)))
        if inside:
            covered = (begins >= low) & (begins + step <= high)
        else:
            covered = (begins + step > low) & (begins <= high)
        predicted = np.asarray(forecast.volumes, dtype=np.float64)
        for m, kpi in enumerate(chosen):
            times = actuals.times(forecast.client_id, forecast.channel_id, kpi.direction)
            actual = (
                np.searchsorted(times, begins + step) - np.searchsorted(times, begins)
            ).astype(np.float64)
            edges = comparison_edges.get(kpi.interval)
            found = _compare(kpi, forecast, begins, step, group, present, covered,
                             (predicted, actual), edges, group_edges)  # fmt: skip
            parts[m].append(found)
    undefined: list[str] = []
    values = [_values(kpi, parts[m], undefined) for m, kpi in enumerate(chosen)]
    warn_undefined(undefined)
    none = [np.zeros(0, dtype=np.int64)]
    forecast_of = np.concatenate([np.full(p.size, f, np.int64) for f, p, _ in rows] or none)
    group_of = np.concatenate([p for _, p, _ in rows] or none)
    labels: dict[str, NDArray[Any]] = {
        "forecast_id": np.array([f.id for f in items], dtype=object)[forecast_of]
    }
    labels |= interval_labels(group_of, group_edges, grouping)
    records = np.concatenate([r for _, _, r in rows] or none)
    return KpiResult(grouping, labels, records, tuple(values))


def _compare(
    kpi: ForecastAccuracy | ForecastBias,
    forecast: Forecast,
    begins: NDArray[np.int64],
    step: int,
    group: NDArray[np.int64],
    present: NDArray[np.int64],
    covered: NDArray[np.bool_],
    volumes: tuple[NDArray[np.float64], NDArray[np.float64]],
    edges: Edges | None,
    group_edges: Edges,
) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any]]:
    """Return one forecast's numerator, denominator and excluded per group present."""
    predicted, actual = volumes
    if edges is None:
        comparison = np.arange(begins.size, dtype=np.int64)
    else:
        comparison = _labels_at(edges, begins)
        if (_labels_at(edges, begins + step - 1) != comparison).any():
            raise CalculationError(
                f"measure_forecasts(): expected {kpi.name}'s {kpi.interval} intervals to"
                f" hold whole intervals of forecast {forecast.id!r}"
                f" ({forecast.interval_minutes} minutes), found one straddling two; choose a"
                " coarser interval"
            )
    ids, which = np.unique(comparison, return_inverse=True)
    which = which.reshape(-1)
    size = ids.size
    f = np.bincount(which, weights=predicted, minlength=size).astype(np.float64)
    a = np.bincount(which, weights=actual, minlength=size).astype(np.float64)
    complete = np.bincount(which, weights=(~covered).astype(np.float64), minlength=size) == 0
    start_group = np.full(size, -1, dtype=np.int64)
    start_group[which[::-1]] = group[::-1]  # each comparison interval's first group
    end_group = np.full(size, -1, dtype=np.int64)
    end_group[which] = _labels_at(group_edges, begins + step - 1)
    if (start_group != end_group).any():
        raise CalculationError(
            f"measure_forecasts(): expected {kpi.name}'s {kpi.interval} intervals to fit"
            " in one grouping interval, found one spanning two; choose a finer interval for"
            " the KPI or a coarser one for the grouping"
        )
    slot = np.searchsorted(present, start_group)
    error = np.abs(a - f)
    numerator_items: NDArray[np.float64]
    denominator_items: NDArray[np.float64]
    if isinstance(kpi, ForecastBias):
        measured = complete
        numerator_items, denominator_items = f - a, a
    elif kpi.method == "wape":
        measured = complete
        numerator_items, denominator_items = error, a
    else:
        measured = complete & (a > 0)
        numerator_items = np.divide(error, a, out=np.zeros(size), where=measured)
        denominator_items = np.ones(size)
    numerator = np.bincount(
        slot[measured], weights=numerator_items[measured], minlength=present.size
    )
    denominator = np.bincount(
        slot[measured], weights=denominator_items[measured], minlength=present.size
    )
    excluded = np.bincount(slot[~measured], minlength=present.size)
    return numerator, np.rint(denominator).astype(np.int64), excluded.astype(np.int64)


def _values(
    kpi: ForecastAccuracy | ForecastBias,
    parts: list[tuple[NDArray[Any], NDArray[Any], NDArray[Any]]],
    undefined: list[str],
) -> KpiValues:
    def joined(i: int, dtype: type[np.generic]) -> NDArray[Any]:
        return np.concatenate([p[i] for p in parts] or [np.zeros(0)]).astype(dtype)

    return values_of(
        kpi,
        joined(0, np.float64),
        joined(1, np.int64),
        joined(2, np.int64),
        undefined,
        complement=isinstance(kpi, ForecastAccuracy),
    )
