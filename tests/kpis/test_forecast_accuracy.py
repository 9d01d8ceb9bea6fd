"""Forecast accuracy: WAPE and MAPE by hand, coverage of the records, an oracle, bad input."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import Forecast, InteractionTable, Party
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis import ForecastAccuracy, ForecastBias, Grouping, KpiResult, measure_forecasts
from reference.workforce import Contact, forecast_reference

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def forecast(
    volumes: list[float],
    *,
    id: str = "f1",
    start: datetime = T0,
    minutes: int = 30,
    client: str = "acme",
    channel: str = "voice",
) -> Forecast:
    return Forecast(
        id=id,
        client_id=client,
        channel_id=channel,
        provided_by=Party.CLIENT,
        provided_on=date(2026, 2, 20),
        starts_at=start,
        interval_minutes=minutes,
        volumes=tuple(float(v) for v in volumes),
        handling_seconds=tuple(180.0 for _ in volumes),
    )


def table_of(contacts: list[Contact]) -> InteractionTable:
    n = len(contacts)
    return InteractionTable.from_columns(
        channel_id=[c.channel for c in contacts],
        direction=[c.direction for c in contacts],
        client_id=[c.client for c in contacts],
        offered_at=np.array(
            [c.offered_at.replace(tzinfo=None) for c in contacts], dtype="datetime64[ns]"
        ).reshape(n),
        wait_seconds=[1.0] * n,
        answered=[True] * n,
        abandoned=[False] * n,
    )


def offers(counts: list[int], *, start: datetime = T0, minutes: int = 30) -> list[Contact]:
    """`counts[i]` inbound voice contacts for acme in interval i, spread inside it."""
    contacts = []
    for i, count in enumerate(counts):
        for k in range(count):
            moment = start + timedelta(minutes=i * minutes + k * minutes / (count + 1))
            contacts.append(Contact("acme", "voice", "inbound", moment))
    return contacts


def quietly(*args: object, **kwargs: object) -> KpiResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return measure_forecasts(*args, **kwargs)  # type: ignore[arg-type]


WHOLE_DAY = (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC))


# --- by hand ---------------------------------------------------------------------------


def test_wape_and_mape_by_hand_with_an_interval_of_no_actual_contacts() -> None:
    # Forecast 10, 0, 5, 4; actual 8, 0, 0, 5.
    # WAPE: |8-10| + |0-0| + |0-5| + |5-4| = 8 over 8 + 0 + 0 + 5 = 13 -> 1 - 8/13.
    # MAPE: intervals with actual > 0 only: 2/8 and 1/5, mean 0.225 -> 0.775; 2 excluded.
    table = table_of(offers([8, 0, 0, 5]))
    metrics = [ForecastAccuracy(), ForecastAccuracy(method="mape", name="mape")]
    result = measure_forecasts([forecast([10, 0, 5, 4])], table, metrics, period=WHOLE_DAY)
    wape, mape = result["forecast_accuracy"], result["mape"]
    assert (wape.numerator.tolist(), wape.denominator.tolist(), wape.excluded.tolist()) == (
        [8.0], [13], [0],
    )  # fmt: skip
    assert wape.value[0] == pytest.approx(1 - 8 / 13, rel=1e-15)
    assert mape.numerator[0] == pytest.approx(2 / 8 + 1 / 5, rel=1e-15)
    assert (mape.denominator.tolist(), mape.excluded.tolist()) == ([2], [2])
    assert mape.value[0] == pytest.approx(0.775, rel=1e-15)
    assert result.records.tolist() == [4]
    assert result.labels["forecast_id"].tolist() == ["f1"]
    assert "1 groups, per forecast_id\n" in str(result)
    assert repr(result) == "<KpiResult: 1 groups x 2 KPIs; per forecast_id>"


def test_forecast_bias_by_hand() -> None:
    # Forecast 10, 0, 5, 4; actual 8, 0, 0, 5: (2 + 0 + 5 - 1) = 6 over 13 actual, high.
    # Per day: the same sums.  Forecast 30 against 40: -10 / 40, low.
    table = table_of(offers([8, 0, 0, 5]))
    metrics = [ForecastBias(), ForecastBias(interval="day", name="daily")]
    result = measure_forecasts([forecast([10, 0, 5, 4])], table, metrics, period=WHOLE_DAY)
    bias = result["forecast_bias"]
    assert (bias.numerator.tolist(), bias.denominator.tolist(), bias.excluded.tolist()) == (
        [6.0], [13], [0],
    )  # fmt: skip
    assert bias.value[0] == pytest.approx(6 / 13, rel=1e-15)
    assert result["daily"].value[0] == pytest.approx(6 / 13, rel=1e-15)
    low = measure_forecasts([forecast([30])], table_of(offers([40])), [ForecastBias()],
                            period=WHOLE_DAY)  # fmt: skip
    assert low["forecast_bias"].value.tolist() == [-0.25]


def test_forecast_bias_refuses_bad_options() -> None:
    with pytest.raises(CalculationError, match=r"ForecastBias\(\): expected interval in"):
        ForecastBias(interval="hour")  # type: ignore[arg-type]


def test_a_coarser_comparison_interval_sums_before_comparing() -> None:
    # Half-hours forecast 10, 10, 10, 10 against 5, 15, 12, 8: per half hour the errors are
    # 5 + 5 + 2 + 2 = 14 of 40 (0.65); per hour 20 vs 20 and 20 vs 20: no error (1.0).
    table = table_of(offers([5, 15, 12, 8]))
    metrics = [ForecastAccuracy(), ForecastAccuracy(interval="60min", name="hourly")]
    result = measure_forecasts([forecast([10, 10, 10, 10])], table, metrics, period=WHOLE_DAY)
    assert result["forecast_accuracy"].value[0] == pytest.approx(1 - 14 / 40)
    assert result["hourly"].value.tolist() == [1.0]
    assert result["hourly"].denominator.tolist() == [40]


def test_accuracy_falls_below_zero_when_errors_exceed_actuals() -> None:
    # Forecast 30 against 10: 1 - 20/10 = -1, not clipped.
    result = measure_forecasts([forecast([30])], table_of(offers([10])), [ForecastAccuracy()],
                               period=WHOLE_DAY)  # fmt: skip
    assert result["forecast_accuracy"].value.tolist() == [-1.0]


def test_only_the_forecast_client_channel_and_direction_count() -> None:
    contacts = [
        *offers([3]),
        Contact("other", "voice", "inbound", T0),
        Contact("acme", "chat", "inbound", T0),
        Contact("acme", "voice", "outbound", T0),
    ]
    metrics = [ForecastAccuracy(), ForecastAccuracy(direction="all", name="both")]
    result = measure_forecasts([forecast([3])], table_of(contacts), metrics, period=WHOLE_DAY)
    assert result["forecast_accuracy"].denominator.tolist() == [3]
    assert result["both"].denominator.tolist() == [4]


def test_intervals_the_records_do_not_cover_are_left_out_and_counted() -> None:
    # Records for 09:00-10:00 only (period given): of four half hours, the last two are
    # outside, so they are left out (not taken as zero contacts) and counted as excluded.
    table = table_of(offers([4, 6]))
    covered = (T0, T0 + timedelta(hours=1))
    result = measure_forecasts([forecast([4, 6, 100, 100])], table, [ForecastAccuracy()],
                               period=covered)  # fmt: skip
    values = result["forecast_accuracy"]
    assert (values.value.tolist(), values.denominator.tolist(), values.excluded.tolist()) == (
        [1.0], [10], [2],
    )  # fmt: skip


def test_without_a_period_the_records_span_from_first_to_last_offer() -> None:
    # Offers at 09:00 and 10:00 only: the half hours 09:00, 09:30 and 10:00 (which starts at
    # the last offer) overlap that span and count (actual 1, 0, 1 against forecast 1, 0, 1);
    # 08:30 (ending at the first offer) and 10:30 lie outside it and are left out.
    contacts = [Contact("acme", "voice", "inbound", T0 + timedelta(minutes=m)) for m in (0, 60)]
    start = T0 - timedelta(minutes=30)
    result = measure_forecasts([forecast([7, 1, 0, 1, 7], start=start)], table_of(contacts),
                               [ForecastAccuracy()])  # fmt: skip
    values = result["forecast_accuracy"]
    assert (values.value.tolist(), values.denominator.tolist(), values.excluded.tolist()) == (
        [1.0], [2], [2],
    )  # fmt: skip


def test_a_forecast_wholly_outside_the_records_is_undefined_with_a_warning() -> None:
    late = forecast([5, 5], id="late", start=T0 + timedelta(days=3))
    with pytest.warns(UndefinedKpiWarning, match=r"forecast_accuracy in 1 of 2 groups"):
        result = measure_forecasts([late, forecast([4])], table_of(offers([4])),
                                   [ForecastAccuracy()])  # fmt: skip
    assert result.labels["forecast_id"].tolist() == ["f1", "late"]
    assert result["forecast_accuracy"].value[0] == 1.0
    assert np.isnan(result["forecast_accuracy"].value[1])
    assert result["forecast_accuracy"].excluded.tolist() == [0, 2]


def test_grouping_by_local_day_splits_each_forecast() -> None:
    # Two days of hourly forecasts (2 intervals a day at 09:00 and 10:00 UTC), by day.
    day = timedelta(days=1)
    contacts = offers([2, 2], minutes=60) + offers([1, 1], start=T0 + day, minutes=60)
    volumes = [2, 2] + [0] * 22 + [2, 2]
    result = quietly([forecast(volumes, minutes=60)], table_of(contacts), [ForecastAccuracy()],
                     grouping=Grouping(interval="day", time_zone="Europe/Dublin"),
                     period=(T0 - 9 * timedelta(hours=1), T0 + 2 * day))  # fmt: skip
    assert result.labels["interval_start"].astype("datetime64[D]").astype(str).tolist() == [
        "2026-03-02",
        "2026-03-03",
    ]
    # Day one: no error (1.0); day two: |1-2| + |1-2| = 2 over 2 actual -> 0.0.
    assert result["forecast_accuracy"].value.tolist() == [1.0, 0.0]
    assert result.records.tolist() == [15, 11]
    assert str(result).splitlines()[0].split()[:3] == ["forecast_id", "interval_start", "records"]


def test_to_arrow_keeps_the_forecast_label_as_text() -> None:
    pa = pytest.importorskip("pyarrow")
    result = measure_forecasts([forecast([4])], table_of(offers([4])), [ForecastAccuracy()],
                               period=WHOLE_DAY)  # fmt: skip
    arrow = result.to_arrow()
    assert arrow.schema.field("forecast_id").type == pa.string()
    assert arrow.column("forecast_accuracy_denominator").to_pylist() == [4]


# --- bad input ------------------------------------------------------------------------------


def test_comparison_intervals_must_hold_whole_forecast_intervals() -> None:
    with pytest.raises(
        CalculationError, match=r"hold whole intervals of forecast 'f1' \(30 minutes\)"
    ):
        measure_forecasts([forecast([1, 1])], table_of(offers([1, 1])),
                          [ForecastAccuracy(interval="15min")])  # fmt: skip
    shifted = forecast([1, 1], start=T0 + timedelta(minutes=15))
    with pytest.raises(CalculationError, match=r"found one straddling two"):
        measure_forecasts([shifted], table_of(offers([1])), [ForecastAccuracy(interval="60min")])


def test_comparison_intervals_must_fit_in_one_grouping_interval() -> None:
    with pytest.raises(
        CalculationError, match=r"fit in one grouping interval, found one spanning two"
    ):
        measure_forecasts([forecast([1, 1, 1])], table_of(offers([1])),
                          [ForecastAccuracy(interval="day")],
                          grouping=Grouping(interval="60min"))  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"forecasts": "f1"}, r"expected forecasts as a sequence of Forecast"),
        ({"forecasts": [object()]}, r"expected Forecast objects, found object"),
        ({"forecasts": [forecast([1]), forecast([2])]}, r"expected distinct forecast ids"),
        ({"table": "records"}, r"expected an InteractionTable, found str"),
        ({"kpis": [ForecastAccuracy(), ForecastAccuracy()]}, r"distinct KPI names"),
        ({"grouping": Grouping(by=("channel_id",))}, r"expected Grouping.by within \(\)"),
        ({"period": (T0, T0)}, r"expected period as \(start, end\), aware datetimes"),
        ({"period": (T0.replace(tzinfo=None), T0 + timedelta(1))}, r"expected period as"),
    ],
)
def test_bad_arguments_raise_metric_error(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "forecasts": [forecast([1])],
        "table": table_of(offers([1])),
        "kpis": [ForecastAccuracy()],
    }
    arguments |= kwargs
    with pytest.raises(CalculationError, match=message):
        measure_forecasts(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"method": "rmse"}, r"expected method in \{'wape', 'mape'\}, found 'rmse'"),
        ({"interval": "hour"}, r"expected interval in \{'forecast', '15min'"),
        ({"direction": "both"}, r"expected direction in"),
    ],
)
def test_bad_options_raise_metric_error(options: dict[str, object], message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        ForecastAccuracy(**options)  # type: ignore[arg-type]


def test_mape_is_described_with_its_exclusion() -> None:
    assert ForecastAccuracy(method="mape", interval="day", direction="all").describe() == (
        "forecast_accuracy: 1 - MAPE of contacts offered per day interval (mean |actual -"
        " forecast| / actual, intervals with no actual contacts excluded)"
    )


# --- against a loop over every record --------------------------------------------------------

CHANGES = [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)]


@given(
    change=st.sampled_from(CHANGES),
    data=st.data(),
    method=st.sampled_from(["wape", "mape", "bias"]),
    comparison=st.sampled_from(["forecast", "60min", "day"]),
    grouping_interval=st.sampled_from([None, "day"]),
    zone=st.sampled_from(["UTC", "Europe/Dublin"]),
    with_period=st.booleans(),
)
def test_matches_a_loop_over_every_record_across_clock_changes(
    change: datetime,
    data: st.DataObject,
    method: str,
    comparison: str,
    grouping_interval: str | None,
    zone: str,
    with_period: bool,
) -> None:
    hour = timedelta(hours=1)
    forecasts = []
    for k in range(data.draw(st.integers(1, 3))):
        minutes = data.draw(st.sampled_from([15, 30, 60]))
        start = change + data.draw(st.integers(-6, 2)) * hour
        volumes = data.draw(st.lists(st.integers(0, 4), max_size=12))
        client = data.draw(st.sampled_from(["acme", "other"]))
        forecasts.append(forecast(volumes, id=f"f{k}", start=start, minutes=minutes,
                                  client=client))  # fmt: skip
    on_edges = st.integers(-84, 60).map(lambda k: k * 300)  # often exactly at an interval edge
    moments = data.draw(st.lists(st.integers(-7 * 3600, 5 * 3600) | on_edges, max_size=40))
    contacts = [
        Contact(data.draw(st.sampled_from(["acme", "other"])), "voice",
                data.draw(st.sampled_from(["inbound", "outbound"])),
                change + timedelta(seconds=s))
        for s in moments
    ]  # fmt: skip
    period = (change - 5 * hour, change + 2 * hour) if with_period else None
    metric: ForecastAccuracy | ForecastBias = (
        ForecastBias(interval=comparison)  # type: ignore[arg-type]
        if method == "bias"
        else ForecastAccuracy(method=method, interval=comparison)  # type: ignore[arg-type]
    )
    result = quietly(forecasts, table_of(contacts), [metric],
                     grouping=Grouping(interval=grouping_interval, time_zone=zone),
                     period=period)  # type: ignore[arg-type]  # fmt: skip
    expected = forecast_reference(forecasts, contacts, metric, interval=grouping_interval,
                                  zone=zone, period=period)  # fmt: skip
    found = {}
    for i in range(len(result)):
        utc = result.labels.get("interval_start_utc")
        key = (result.labels["forecast_id"][i],
               utc[i].astype("datetime64[us]").item() if utc is not None else None)  # fmt: skip
        found[key] = i
    wanted = {(g[0], g[1][1] if g[1] else None): g for g in expected.records}
    assert set(found) == set(wanted)
    values = result[metric.name]
    for key, i in found.items():
        group = wanted[key]
        assert result.records[i] == expected.records[group]
        tally = expected.tallies[group][metric.name]
        assert values.numerator[i] == pytest.approx(float(tally.numerator), rel=1e-12, abs=1e-12)
        assert values.denominator[i] == tally.denominator
        assert values.excluded[i] == tally.excluded
        value = tally.value(complement=method != "bias")
        if value is None:
            assert np.isnan(values.value[i])
        else:
            assert values.value[i] == pytest.approx(value, rel=1e-12, abs=1e-12)
