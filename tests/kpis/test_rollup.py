"""rollup(): contact-weighted equals computing directly; interval-weighted is a mean of intervals.

Waits are multiples of 0.25 s, so contact-weighted sums are exact and compared
for equality with `compute` over the coarser grouping.  Interval-weighted
values are checked against a hand-worked example and against a plain-Python
mean of per-interval values built from the oracle's tallies (exact fractions).
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis import (
    AbandonmentRate,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    Grouping,
    Kpi,
    KpiResult,
    KpiValues,
    Offered,
    QualityScore,
    ResponseTime,
    RolledUp,
    ServiceLevel,
    compute,
    rollup,
)
from reference.kpis import Row, Tally, group_of, table_of, tally_row


def quietly(make: object) -> KpiResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return make()  # type: ignore[operator, no-any-return]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 2, hour, minute, tzinfo=UTC)  # a Monday; Dublin is on UTC


# Interval 09:00: 9 voice contacts (8 waited 5 s, 1 waited 60 s) and 1 chat contact (5 s).
# Interval 09:30: 2 voice contacts (5 s and 60 s).  Interval 10:00: 3 outbound voice
# contacts only, so inbound service level and speed of answer have no value there.
HAND = (
    [Row(offered_at=at(9, 1), wait=5.0, outcome="answered") for _ in range(8)]
    + [Row(offered_at=at(9, 2), wait=60.0, outcome="answered")]
    + [Row(offered_at=at(9, 3), wait=5.0, outcome="answered", channel="chat")]
    + [Row(offered_at=at(9, 31), wait=w, outcome="answered") for w in (5.0, 60.0)]
    + [Row(offered_at=at(10, 5), wait=1.0, outcome="answered", direction="outbound")] * 3
)
HAND_METRICS = [
    ServiceLevel(short_abandon_seconds=None),
    AverageSpeedOfAnswer(),
    Offered(direction="all"),
]
PER_INTERVAL = Grouping(by=("channel_id",), interval="30min", time_zone="Europe/Dublin")


def hand_result() -> KpiResult:
    return quietly(lambda: compute(table_of(HAND), HAND_METRICS, grouping=PER_INTERVAL))


def test_interval_weighting_of_the_hand_worked_example() -> None:
    result = quietly(lambda: rollup(hand_result(), weighting="interval"))
    sl, asa, offered = (result[m.name] for m in HAND_METRICS)
    # Service level per interval, channels summed first: 09:00 (8 + 1) / (9 + 1) = 0.9 (not
    # the mean of 8/9 and 1/1); 09:30 1/2; 10:00 none.  Mean of 0.9 and 0.5 = 0.7, over 2
    # intervals, 1 left out.
    assert sl.numerator.tolist() == pytest.approx([1.4], rel=1e-15)
    assert (sl.denominator.tolist(), sl.excluded.tolist()) == ([2], [1])
    assert sl.value.tolist() == pytest.approx([0.7], rel=1e-15)
    # Speed of answer: 09:00 (8 * 5 + 60 + 5) / 10 = 10.5; 09:30 (5 + 60) / 2 = 32.5;
    # mean 21.5.
    assert (asa.numerator.tolist(), asa.denominator.tolist()) == ([43.0], [2])
    assert asa.value.tolist() == [21.5]
    # Counts are summed: 10 + 2 + 3 = 15 contacts, in 15 records.
    assert offered.value.tolist() == [15.0]
    assert result.records.tolist() == [15]


def test_contact_weighting_of_the_hand_worked_example() -> None:
    result = quietly(lambda: rollup(hand_result(), weighting="contact"))
    sl, asa = result["service_level"], result["average_speed_of_answer"]
    # Service level: (8 + 1 + 1) in time / 12 inbound = 10/12.  Speed of answer:
    # (40 + 60 + 5 + 5 + 60) / 12 = 170 / 12.
    assert (float(sl.numerator[0]), int(sl.denominator[0])) == (10.0, 12)
    assert float(sl.value[0]) == 10 / 12
    assert (float(asa.numerator[0]), int(asa.denominator[0])) == (170.0, 12)


def test_interval_weighting_keeps_the_categories_asked_for() -> None:
    result = quietly(lambda: rollup(hand_result(), by=("channel_id",), weighting="interval"))
    assert result.labels["channel_id"].tolist() == ["chat", "voice"]
    sl = result["service_level"]
    # chat: 09:00 only, 1/1.  voice: 09:00 8/9, 09:30 1/2, 10:00 none: (8/9 + 1/2) / 2 = 25/36.
    assert sl.value.tolist() == pytest.approx([1.0, 25 / 36], rel=1e-15)
    assert (sl.denominator.tolist(), sl.excluded.tolist()) == ([1, 2], [0, 1])


def test_rolled_up_definitions_say_how_they_were_weighted() -> None:
    result = quietly(lambda: rollup(hand_result(), weighting="interval"))
    assert result.definitions["service_level"] == (
        "service_level: interval-weighted, the mean over the 30min intervals (Europe/Dublin)"
        " with a value, of: inbound contacts answered within 20 s (wait <= 20 s) / offered;"
        " no short-abandon rule"
    )
    assert result.definitions["offered"] == (
        "offered: summed over the groups rolled up, of: number of contacts offered"
    )
    contact = quietly(lambda: rollup(hand_result(), interval="day"))
    assert contact.definitions["average_speed_of_answer"] == (
        "average_speed_of_answer: contact-weighted, numerators and denominators summed over"
        " the groups rolled up, of: mean wait in seconds of answered inbound contacts"
    )
    assert contact.grouping == Grouping(interval="day", time_zone="Europe/Dublin")
    assert isinstance(contact["offered"].definition, RolledUp)
    assert contact["offered"].definition.definition == Offered(direction="all")


def test_no_interval_with_a_value_leaves_the_rollup_undefined() -> None:
    # Only the 10:00 interval's outbound contacts: inbound service level has no value there.
    outbound = quietly(lambda: compute(table_of(HAND[-3:]), HAND_METRICS, grouping=PER_INTERVAL))
    with pytest.warns(UndefinedKpiWarning, match=r"NaN: service_level in 1 of 1 groups"):
        result = rollup(outbound, weighting="interval")
    sl = result["service_level"]
    assert np.isnan(sl.value[0])
    assert (int(sl.denominator[0]), int(sl.excluded[0])) == (0, 1)
    assert result["offered"].value.tolist() == [3.0]


def test_an_empty_result_rolls_up_to_an_empty_result() -> None:
    empty = compute(table_of([]), [ServiceLevel()], grouping=PER_INTERVAL)
    assert len(rollup(empty, by=("channel_id",), interval="day")) == 0
    assert len(rollup(empty, weighting="interval")) == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"by": ("queue",)},
            (
                r"expected by as a tuple of distinct columns the result is grouped by"
                r" \('channel_id',\), found \('queue',\)"
            ),
        ),
        ({"by": "channel_id"}, r"expected by as .*; write by=\('channel_id',\) for one column"),
        (
            {"interval": "15min"},
            (
                r"expected interval in \{None, '30min', '60min', 'day', 'week', 'month'\} .*,"
                r" found '15min'"
            ),
        ),
        ({"weighting": "time"}, r"expected weighting in \{'contact', 'interval'\}, found 'time'"),
    ],
)
def test_bad_arguments_are_refused(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(CalculationError, match=r"rollup\(\): " + message):
        rollup(hand_result(), **arguments)  # type: ignore[arg-type]


def test_refusals_that_depend_on_the_result() -> None:
    with pytest.raises(CalculationError, match=r"rollup\(\): expected a KpiResult, found dict"):
        rollup({})  # type: ignore[arg-type]
    flat = compute(table_of(HAND), HAND_METRICS[2:], grouping=Grouping(by=("channel_id",)))
    with pytest.raises(CalculationError, match=r"expected a result per interval for weighting="):
        rollup(flat, weighting="interval")
    with pytest.raises(CalculationError, match=r"expected interval in \{None\}"):
        rollup(flat, interval="day")
    weekly = compute(table_of(HAND), HAND_METRICS[2:], grouping=Grouping(interval="week"))
    with pytest.raises(CalculationError, match=r"expected interval in \{None, 'week'\}"):
        rollup(weekly, interval="month")  # weeks do not nest in months
    twice = quietly(lambda: rollup(hand_result(), by=("channel_id",), weighting="interval"))
    with pytest.raises(CalculationError, match=r"found interval-weighted 'service_level'"):
        rollup(twice)


def test_a_rolled_up_definition_is_not_computed_from_records() -> None:
    definition = RolledUp(definition=ServiceLevel(), weighting="contact", source=PER_INTERVAL)
    with pytest.raises(
        CalculationError, match=r"RolledUp\(service_level\): expected a definition"
    ):
        compute(table_of(HAND), [definition])
    with pytest.raises(CalculationError, match=r"RolledUp\(\): expected definition as a KPI"):
        RolledUp(definition=definition, weighting="contact", source=PER_INTERVAL)  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"expected weighting in"):
        RolledUp(definition=ServiceLevel(), weighting="mean", source=PER_INTERVAL)  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"found interval=None"):
        RolledUp(definition=ServiceLevel(), weighting="interval", source=Grouping())


# --- against direct computation and the oracle ---------------------------------------------

BASES = [
    datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # Dublin springs forward at 01:00 UTC
    datetime(2026, 10, 24, 23, 30, tzinfo=UTC),  # Dublin falls back at 01:00 UTC
    datetime(2026, 11, 1, 4, 30, tzinfo=UTC),  # New York falls back at 06:00 UTC
    datetime(2026, 4, 4, 13, 0, tzinfo=UTC),  # Lord Howe goes back 30 minutes at 15:00 UTC
]


@st.composite
def rows(draw: st.DrawFn, max_size: int = 50) -> list[Row]:
    base = draw(st.sampled_from(BASES))
    return [
        Row(
            offered_at=base + timedelta(seconds=draw(st.integers(0, 30 * 3600))),
            wait=draw(st.integers(0, 160)) / 4,
            outcome=draw(st.sampled_from(["answered", "answered", "abandoned", "other"])),
            channel=draw(st.sampled_from(["voice", "chat"])),
            queue=draw(st.sampled_from([None, "sales", "care"])),
            direction=draw(st.sampled_from(["inbound", "inbound", "outbound"])),
            satisfaction=draw(st.none() | st.integers(1, 5).map(float)),
        )
        for _ in range(draw(st.integers(0, max_size)))
    ]


NESTS = {"15min": ["30min", "60min", "day", "week"], "30min": ["60min", "day", "month"],
         "60min": ["day", "week"], "day": ["week", "month"]}  # fmt: skip


@st.composite
def rollups(draw: st.DrawFn) -> tuple[Grouping, tuple[str, ...], str | None]:
    fine = draw(st.sampled_from(list(NESTS)))
    grouping = Grouping(
        by=("channel_id", "queue"),
        interval=fine,  # type: ignore[arg-type]
        time_zone=draw(st.sampled_from(["Europe/Dublin", "America/New_York",
                                        "Australia/Lord_Howe", "UTC"])),
    )  # fmt: skip
    keep = draw(st.sampled_from([(), ("channel_id",), ("queue",), ("channel_id", "queue")]))
    coarse = draw(st.sampled_from([None, fine, *NESTS[fine]]))
    return grouping, keep, coarse


RATIOS: list[Kpi] = [
    ServiceLevel(),
    AverageSpeedOfAnswer(direction="all"),
    AbandonmentRate(short_abandon_seconds=None),
    CustomerSatisfaction(minimum_responses=2),
]
METRICS: list[Kpi] = [
    ServiceLevel(),
    AverageSpeedOfAnswer(direction="all"),
    AbandonmentRate(short_abandon_seconds=None),
    Offered(),
    CustomerSatisfaction(minimum_responses=2),
    ResponseTime(threshold_seconds=20, name="response_share"),
]


@settings(max_examples=100, deadline=None)
@given(rows(), rollups())
def test_contact_weighting_equals_computing_the_coarser_grouping(
    data: list[Row], case: tuple[Grouping, tuple[str, ...], str | None]
) -> None:
    fine, keep, coarse = case
    table = table_of(data)
    rolled = quietly(
        lambda: rollup(quietly(lambda: compute(table, METRICS, grouping=fine)), by=keep,
                       interval=coarse)  # type: ignore[arg-type]
    )  # fmt: skip
    coarser = Grouping(by=keep, interval=coarse, time_zone=fine.time_zone)  # type: ignore[arg-type]
    direct = quietly(lambda: compute(table, METRICS, grouping=coarser))
    assert rolled.grouping == direct.grouping
    assert rolled.labels.keys() == direct.labels.keys()
    for name, column in direct.labels.items():
        np.testing.assert_array_equal(rolled.labels[name], column, err_msg=name)
    np.testing.assert_array_equal(rolled.records, direct.records)
    for metric in METRICS:
        for part in ("numerator", "denominator", "excluded", "value"):
            np.testing.assert_array_equal(
                getattr(rolled[metric.name], part),
                getattr(direct[metric.name], part),
                err_msg=f"{metric.name}.{part}",
            )


def interval_weighted_oracle(
    data: list[Row], metric: Kpi, fine: Grouping, keep: tuple[str, ...], coarse: str | None
) -> dict[tuple[object, ...], tuple[Fraction, int, int]]:
    """Per coarser group: sum of the defined interval values, intervals with one, without one."""
    cells: dict[tuple[object, ...], dict[object, Tally]] = {}
    for row in data:
        group = group_of(row, keep, coarse, fine.time_zone)
        (interval,) = group_of(row, (), fine.interval, fine.time_zone)
        tally_row(metric, row, cells.setdefault(group, {}).setdefault(interval, Tally()))
    minimum = getattr(metric, "minimum_responses", 1)
    out = {}
    for group, by_interval in cells.items():
        values = [t.numerator / t.denominator for t in by_interval.values()
                  if t.denominator >= minimum]  # fmt: skip
        out[group] = (sum(values, Fraction(0)), len(values), len(by_interval) - len(values))
    return out


@settings(max_examples=100, deadline=None)
@given(rows(), rollups(), st.sampled_from(RATIOS))
def test_interval_weighting_matches_a_plain_mean_of_interval_values(
    data: list[Row], case: tuple[Grouping, tuple[str, ...], str | None], metric: Kpi
) -> None:
    fine, keep, coarse = case
    result = quietly(lambda: compute(table_of(data), [metric], grouping=fine))
    rolled = quietly(
        lambda: rollup(result, by=keep, interval=coarse, weighting="interval")  # type: ignore[arg-type]
    )
    expected = interval_weighted_oracle(data, metric, fine, keep, coarse)
    got = {}
    for i in range(len(rolled)):
        key: list[object] = [rolled.labels[name][i] for name in keep]
        if coarse is None:
            key.append(None)
        else:
            local = rolled.labels["interval_start"][i].astype("datetime64[us]").item()
            utc = rolled.labels["interval_start_utc"][i].astype("datetime64[us]").item()
            key.append((local, utc))
        got[tuple(key)] = i
    assert got.keys() == expected.keys()
    values = rolled[metric.name]
    for key, (total, defined, undefined) in expected.items():
        i = got[key]
        assert (int(values.denominator[i]), int(values.excluded[i])) == (defined, undefined)
        np.testing.assert_allclose(values.numerator[i], float(total), rtol=1e-13, atol=1e-12)
        if defined:
            np.testing.assert_allclose(values.value[i], float(total / defined), rtol=1e-13)
        else:
            assert np.isnan(values.value[i])


@settings(max_examples=50, deadline=None)
@given(rows())
def test_rolling_up_in_two_steps_equals_one_step(data: list[Row]) -> None:
    # Contact-weighted from (channel, queue, 15min) to (channel, 30min), then interval-weighted
    # to days, equals interval-weighting the (channel, 30min) result computed directly.
    table = table_of(data)
    zone = "Europe/Dublin"
    fine = quietly(lambda: compute(table, METRICS, grouping=Grouping(
        by=("channel_id", "queue"), interval="15min", time_zone=zone)))  # fmt: skip
    middle = quietly(lambda: rollup(fine, by=("channel_id",), interval="30min"))
    two_steps = quietly(lambda: rollup(middle, by=("channel_id",), interval="day",
                                       weighting="interval"))  # fmt: skip
    direct = quietly(lambda: compute(table, METRICS, grouping=Grouping(
        by=("channel_id",), interval="30min", time_zone=zone)))  # fmt: skip
    one_step = quietly(lambda: rollup(direct, by=("channel_id",), interval="day",
                                      weighting="interval"))  # fmt: skip
    for name, column in one_step.labels.items():
        np.testing.assert_array_equal(two_steps.labels[name], column)
    for metric in METRICS:
        for part in ("numerator", "denominator", "excluded", "value"):
            np.testing.assert_array_equal(
                getattr(two_steps[metric.name], part), getattr(one_step[metric.name], part)
            )
        assert two_steps[metric.name].definition == one_step[metric.name].definition


def test_metrics_not_computed_from_interaction_records_are_refused() -> None:
    one = np.ones(1)
    values = KpiValues(
        definition=QualityScore(name="elsewhere"),  # measured from documents
        value=one,
        numerator=one,
        denominator=np.ones(1, np.int64),
        excluded=np.zeros(1, np.int64),
    )
    result = KpiResult(Grouping(), {}, np.ones(1, np.int64), (values,))
    message = (
        r"rollup\(\): expected KPIs computed from interaction records .*,"
        r" found 'elsewhere' \(QualityScore\)"
    )
    with pytest.raises(CalculationError, match=message):
        rollup(result)
