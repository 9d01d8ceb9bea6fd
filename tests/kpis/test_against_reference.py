"""Every metric and grouping against the plain-Python oracle, and the merge law.

Waits and durations are multiples of 0.25 s, so float sums are exact and
numerators can be compared for equality with the oracle's Fractions.
"""

from __future__ import annotations

import itertools
import random
import warnings
from datetime import UTC, datetime, time, timedelta
from functools import reduce

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from iso18295 import Weekday, WeeklyHours
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import (
    Abandoned,
    AbandonmentRate,
    Answered,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    FirstContactResolution,
    Grouping,
    Kpi,
    KpiResult,
    Missed,
    NetPromoterScore,
    Offered,
    Partials,
    ServiceLevel,
    TransferRate,
    accumulate,
    compute,
)
from reference.kpis import Row, observed, oracle, table_of

# Windows around clock changes in 2026 -- Dublin and Europe/Dublin on 29 March and
# 25 October at 01:00 UTC, New York on 8 March and 1 November at 07:00 and 06:00 UTC -- and
# an ordinary stretch over a month end; rows fall within 4 hours after a base.
BASES = [
    datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
    datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
    datetime(2026, 3, 8, 5, 30, tzinfo=UTC),
    datetime(2026, 11, 1, 4, 30, tzinfo=UTC),
    datetime(2026, 6, 30, 22, tzinfo=UTC),
]

quarter = st.integers(0, 240).map(lambda q: q / 4)
maybe_duration = st.none() | st.integers(0, 2400).map(lambda q: q / 4)
# Any second, or a 5-minute grid so a customer's contacts often share an instant.
offsets = st.integers(0, 4 * 3600) | st.integers(0, 48).map(lambda k: k * 300)


@st.composite
def rows(draw: st.DrawFn, max_size: int = 40) -> list[Row]:
    base = draw(st.sampled_from(BASES))
    n = draw(st.integers(0, max_size))
    return [
        Row(
            offered_at=base + timedelta(seconds=draw(offsets)),
            wait=draw(quarter),
            outcome=draw(st.sampled_from(["answered", "answered", "abandoned", "other"])),
            channel=draw(st.sampled_from(["voice", "chat", "e-mail"])),
            queue=draw(st.sampled_from([None, "sales", "care"])),
            direction=draw(st.sampled_from(["inbound", "inbound", "outbound"])),
            talk=draw(maybe_duration),
            hold=draw(maybe_duration),
            after=draw(maybe_duration),
            resolved=draw(st.sampled_from([-1, 0, 1])),
            transferred=draw(st.booleans()),
            satisfaction=draw(st.none() | st.integers(1, 5).map(float)),
            customer=draw(st.sampled_from([None, "c1", "c2", "c3", "c4"])),
        )
        for _ in range(n)
    ]


directions = st.sampled_from(["inbound", "outbound", "all"])
metrics = st.one_of(
    st.builds(Offered, direction=directions),
    st.builds(Answered, direction=directions),
    st.builds(Abandoned, direction=directions),
    st.builds(
        ServiceLevel,
        threshold_seconds=st.sampled_from([0.0, 5.0, 10.0, 20.0, 20.25]),
        threshold_inclusive=st.booleans(),
        denominator=st.sampled_from(
            [
                "offered",
                "answered",
                "answered_or_abandoned",
                "answered_or_abandoned_after_threshold",
            ]
        ),
        short_abandon_seconds=st.sampled_from([None, 0.0, 5.0, 10.0, 30.0]),
        short_abandon_inclusive=st.booleans(),
        short_abandons=st.sampled_from(["exclude", "met", "missed"]),
        short_call_seconds=st.sampled_from([None, None, 0.0, 10.0, 100.0]),
        direction=directions,
    ),
    st.builds(
        ServiceLevel,
        threshold_seconds=st.sampled_from([5.0, 10.0, 20.0]),
        threshold_inclusive=st.booleans(),
        denominator=st.sampled_from(["offered", "answered_or_abandoned_after_threshold"]),
        short_abandon_seconds=st.sampled_from([5.0, 10.0, 20.0]),
        short_abandon_inclusive=st.booleans(),
        short_abandons=st.sampled_from(["exclude", "met", "missed"]),
        ignore_abandons_under_seconds=st.sampled_from([0.0, 2.5, 5.0]),
        direction=directions,
    ),
    st.builds(
        AverageSpeedOfAnswer,
        population=st.sampled_from(["answered", "offered", "delayed"]),
        direction=directions,
    ),
    st.builds(
        AbandonmentRate,
        short_abandon_seconds=st.sampled_from([None, 0.0, 5.0, 10.0]),
        short_abandon_inclusive=st.booleans(),
        short_abandons=st.sampled_from(["exclude", "count", "offered_only"]),
        denominator=st.sampled_from(["offered", "answered_or_abandoned"]),
        direction=directions,
    ),
    st.builds(
        Missed,
        short_abandon_seconds=st.sampled_from([None, 0.0, 5.0, 10.0]),
        short_abandon_inclusive=st.booleans(),
        direction=directions,
    ),
    st.builds(
        AverageHandlingTime,
        components=st.sampled_from(
            [("talk", "hold", "after_contact"), ("talk",), ("after_contact", "talk")]
        ),
        direction=directions,
    ),
    st.builds(
        FirstContactResolution,
        transfers=st.sampled_from(["include", "exclude"]),
        direction=directions,
    ),
    st.builds(
        FirstContactResolution,
        method=st.just("repeat"),
        transfers=st.sampled_from(["include", "exclude"]),
        # 15 minutes, 1 hour, 6 hours, 7 days: all whole seconds.
        repeat_within_days=st.sampled_from([1 / 96, 1 / 24, 0.25, 7.0]),
        same_queue=st.booleans(),
        repeats=st.sampled_from(["inbound", "all"]),
        direction=directions,
    ),
    st.builds(
        CustomerSatisfaction,
        method=st.sampled_from(["mean", "top_box"]),
        top_box_minimum=st.sampled_from([4.0, 5.0, 2.5]),
        minimum_responses=st.integers(1, 3),
        direction=directions,
    ),
    st.builds(
        NetPromoterScore,
        # Scores are 1 to 5 here: 4 and 2 split them into promoters, passives, detractors.
        promoter_minimum=st.sampled_from([4.0, 5.0, 3.5]),
        detractor_maximum=st.sampled_from([1.0, 2.0, 3.0]),
        minimum_responses=st.integers(1, 3),
        direction=directions,
    ),
    st.builds(TransferRate, direction=directions),
)
# Windows over the bases' clock changes: every day 00:45-02:15 (Dublin's changes at 01:00 UTC
# fall inside), Sunday 01:00-03:00 (New York's), weekdays 08:00-20:00, and a 10-second one.
EVERY_DAY = frozenset(Weekday)
HOURS = [
    (WeeklyHours(days=EVERY_DAY, opens=time(0, 45), closes=time(2, 15)),),
    (
        WeeklyHours(days=frozenset({Weekday.SUNDAY}), opens=time(1), closes=time(3)),
        WeeklyHours(days=frozenset(list(Weekday)[:5]), opens=time(8), closes=time(20)),
    ),
    (WeeklyHours(days=EVERY_DAY, opens=time(1, 59, 55), closes=time(2, 0, 5)),),
]
groupings = st.builds(
    Grouping,
    by=st.sampled_from([(), ("channel_id",), ("queue", "channel_id"), ("direction",)]),
    interval=st.sampled_from([None, "15min", "30min", "60min", "day", "week", "month"]),
    time_zone=st.sampled_from(["UTC", "Europe/Dublin", "America/New_York", "Asia/Kathmandu"]),
    within_hours=st.none() | st.none() | st.sampled_from(HOURS),
)


def quietly(make: object) -> KpiResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return make()  # type: ignore[operator, no-any-return]


@settings(max_examples=200, deadline=None)
@given(rows(), metrics, groupings, st.sampled_from([1024, 4096]), st.integers(1, 3))
def test_compute_matches_the_oracle(
    data: list[Row], metric: Kpi, grouping: Grouping, chunk_rows: int, threads: int
) -> None:
    table = table_of(data)
    result = quietly(
        lambda: compute(table, [metric], grouping=grouping, chunk_rows=chunk_rows, threads=threads)
    )
    expected = oracle(
        data, metric, grouping.by, grouping.interval, grouping.time_zone, grouping.within_hours
    )
    got = observed(result, metric.name)
    assert got.keys() == expected.keys()
    for key, (numerator, denominator, excluded, value, records) in expected.items():
        g_num, g_den, g_exc, g_value, g_records = got[key]
        assert (g_num, g_den, g_exc, g_records) == (numerator, denominator, excluded, records)
        if value is None:
            assert g_value is None
        else:
            np.testing.assert_allclose(g_value, float(value), rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 60_000), st.integers(1, 4), st.integers(0, 10**6))
def test_chunking_and_threads_do_not_change_the_result(n: int, threads: int, seed: int) -> None:
    # Many rows over a long span, so chunks flush windows and take the sparse path.
    rng = np.random.default_rng(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    data = [
        Row(offered_at=start + timedelta(seconds=int(s)), wait=float(w) / 4, outcome=str(o))
        for s, w, o in zip(
            np.sort(rng.integers(0, 400 * 86400, min(n, 3000))),
            rng.integers(0, 200, min(n, 3000)),
            rng.choice(["answered", "abandoned"], min(n, 3000)),
            strict=True,
        )
    ]
    table = table_of(data)
    grouping = Grouping(interval="15min", time_zone="Europe/Dublin")
    ms = [ServiceLevel(), AverageSpeedOfAnswer()]
    one = quietly(lambda: compute(table, ms, grouping=grouping, chunk_rows=1024, threads=1))
    many = quietly(lambda: compute(table, ms, grouping=grouping, chunk_rows=2048, threads=threads))
    for name in ("service_level", "average_speed_of_answer"):
        np.testing.assert_array_equal(one[name].numerator, many[name].numerator)
        np.testing.assert_array_equal(one[name].denominator, many[name].denominator)
    np.testing.assert_array_equal(
        one.labels["interval_start_utc"], many.labels["interval_start_utc"]
    )


ALL = [
    Offered(), Answered(), Abandoned(), ServiceLevel(), AverageSpeedOfAnswer(),
    AbandonmentRate(), AverageHandlingTime(), FirstContactResolution(),
    CustomerSatisfaction(), TransferRate(),
    ServiceLevel(denominator="answered_or_abandoned", short_abandon_inclusive=True, name="sl_ab"),
    ServiceLevel(short_call_seconds=100, short_abandons="met", name="sl_short_calls"),
    ServiceLevel(ignore_abandons_under_seconds=5, short_abandon_seconds=20, short_abandons="met",
                 name="sl_two_cut_offs"),
    AbandonmentRate(short_abandons="offered_only", short_abandon_seconds=10, name="ab_late"),
    AbandonmentRate(denominator="answered_or_abandoned", name="ab_no_flowouts"),
    AverageSpeedOfAnswer(population="offered", name="asa_offered"),
    AverageSpeedOfAnswer(population="delayed", name="asa_delayed"),
    Missed(), Missed(short_abandon_seconds=5, short_abandon_inclusive=True, name="missed_long"),
    FirstContactResolution(transfers="exclude", name="fcr_no_transfers"),
    NetPromoterScore(promoter_minimum=5, detractor_maximum=3),
]  # fmt: skip
# Repeat-contact FCR merges row slices of one table only (tested below, and refused otherwise).
REPEAT = FirstContactResolution(method="repeat", repeat_within_days=1 / 24, name="fcr_repeat")


def assert_same(a: KpiResult, b: KpiResult) -> None:
    assert len(a) == len(b)
    for name, column in a.labels.items():
        np.testing.assert_array_equal(column, b.labels[name])
    np.testing.assert_array_equal(a.records, b.records)
    for metric in a.kpis:
        x, y = a[metric.name], b[metric.name]
        np.testing.assert_array_equal(x.numerator, y.numerator)
        np.testing.assert_array_equal(x.denominator, y.denominator)
        np.testing.assert_array_equal(x.excluded, y.excluded)
        np.testing.assert_array_equal(x.value, y.value)


@settings(max_examples=100, deadline=None)
@given(rows(max_size=60), groupings, st.lists(st.floats(0, 1), max_size=4), st.randoms())
def test_merged_partials_of_split_tables_equal_the_whole(
    data: list[Row], grouping: Grouping, cuts: list[float], rnd: random.Random
) -> None:
    # Separate tables number their categories differently: merging aligns labels.
    points = sorted({0, len(data), *(int(c * len(data)) for c in cuts)})
    pieces = [data[a:b] for a, b in itertools.pairwise(points)]
    partials = [accumulate(table_of(p), ALL, grouping=grouping) for p in pieces]
    rnd.shuffle(partials)
    merged = reduce(Partials.merge, partials, Partials.empty(ALL, grouping=grouping))
    whole = quietly(lambda: compute(table_of(data), ALL, grouping=grouping))
    assert_same(quietly(merged.finalize), whole)


@settings(max_examples=50, deadline=None)
@given(rows(max_size=60), groupings, st.integers(0, 60))
def test_row_slices_merge_to_the_whole_and_halves_add_up(
    data: list[Row], grouping: Grouping, cut: int
) -> None:
    table = table_of(data)
    metrics = [*ALL, REPEAT]
    first = accumulate(table, metrics, grouping=grouping, rows=slice(0, cut))
    second = accumulate(table, metrics, grouping=grouping, rows=slice(cut, None))
    whole = quietly(lambda: compute(table, metrics, grouping=grouping))
    assert_same(quietly(first.merge(second).finalize), whole)
    # Numerators and denominators of the halves sum to the whole's, over all groups.
    a, b = quietly(first.finalize), quietly(second.finalize)
    for metric in metrics:
        for part in ("numerator", "denominator", "excluded"):
            total = getattr(a[metric.name], part).sum() + getattr(b[metric.name], part).sum()
            assert total == getattr(whole[metric.name], part).sum()


@settings(max_examples=50, deadline=None)
@given(rows(max_size=60), groupings, st.randoms())
def test_shuffling_rows_changes_nothing(
    data: list[Row], grouping: Grouping, rnd: random.Random
) -> None:
    shuffled = list(data)
    rnd.shuffle(shuffled)
    metrics = [*ALL, REPEAT]
    a = quietly(lambda: compute(table_of(data), metrics, grouping=grouping))
    b = quietly(lambda: compute(table_of(shuffled), metrics, grouping=grouping))
    for metric in metrics:  # sums may differ in the last bit in general; here they are exact
        np.testing.assert_array_equal(a[metric.name].numerator, b[metric.name].numerator)
        np.testing.assert_array_equal(a[metric.name].denominator, b[metric.name].denominator)


@settings(max_examples=50, deadline=None)
@given(rows(max_size=60), groupings)
def test_rates_stay_between_zero_and_one(data: list[Row], grouping: Grouping) -> None:
    rates = [ServiceLevel(), AbandonmentRate(), FirstContactResolution(), TransferRate(),
             CustomerSatisfaction(method="top_box"), REPEAT]  # fmt: skip
    result = quietly(lambda: compute(table_of(data), rates, grouping=grouping))
    for metric in rates:
        values = result[metric.name].value
        defined = values[~np.isnan(values)]
        assert ((defined >= 0) & (defined <= 1)).all()


# Repeat contacts in particular: a 5-minute grid, few customers and windows that are whole
# multiples of the grid, so ties and contacts exactly at the end of a window are common.
grid_rows = st.lists(
    st.builds(
        Row,
        offered_at=st.integers(0, 36).map(lambda k: BASES[0] + timedelta(minutes=5 * k)),
        wait=st.just(1.0),
        outcome=st.sampled_from(["answered", "answered", "abandoned"]),
        queue=st.sampled_from([None, "sales", "care"]),
        direction=st.sampled_from(["inbound", "inbound", "outbound"]),
        customer=st.sampled_from([None, "c1", "c2"]),
    ),
    max_size=30,
)
repeat_definitions = st.builds(
    FirstContactResolution,
    method=st.just("repeat"),
    repeat_within_days=st.sampled_from([1 / 288, 1 / 96, 1 / 24]),  # 5, 15 and 60 minutes
    same_queue=st.booleans(),
    repeats=st.sampled_from(["inbound", "all"]),
    direction=directions,
)


@settings(max_examples=300, deadline=None)
@given(grid_rows, repeat_definitions, st.sampled_from([(), ("channel_id",), ("queue",)]))
def test_repeat_contacts_match_the_oracle_at_ties_and_window_ends(
    data: list[Row], metric: FirstContactResolution, by: tuple[str, ...]
) -> None:
    grouping = Grouping(by=by, interval="15min", time_zone="Europe/Dublin")
    result = quietly(lambda: compute(table_of(data), [metric], grouping=grouping))
    got = observed(result, metric.name)
    expected = oracle(data, metric, by, "15min", "Europe/Dublin")
    assert got == {
        key: (float(n), d, e, None if v is None else float(v), r)
        for key, (n, d, e, v, r) in expected.items()
    }
