"""ResponseTime: calendar and business clocks, mean and share, clock changes, merging.

Hand-worked examples first (arithmetic in the comments), then the plain-Python
oracle of ``reference/business_time.py`` (it walks each wait minute by minute,
or second by second, with zoneinfo) on Hypothesis-generated contacts, then the
merge law.  Waits are multiples of 0.25 s and arrivals whole seconds, so
business seconds and their sums are exact and compared for equality.
"""

from __future__ import annotations

import itertools
import random
import warnings
from datetime import UTC, datetime, time, timedelta
from fractions import Fraction
from functools import reduce

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iso18295 import InteractionTable, Weekday, WeeklyHours
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis import (
    Grouping,
    KpiResult,
    Partials,
    ResponseTime,
    accumulate,
    compute,
)
from reference.business_time import business_seconds, response_oracle
from reference.kpis import Row, table_of

WEEKDAYS = frozenset(list(Weekday)[:5])
OFFICE = (WeeklyHours(days=WEEKDAYS, opens=time(9), closes=time(18)),)
SUNDAY = frozenset({Weekday.SUNDAY})


def quietly(make: object) -> KpiResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return make()  # type: ignore[operator, no-any-return]


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def per_contact(rows: list[Row], metric: ResponseTime) -> list[float]:
    """Compute the metric's numerator per contact: each row gets its own channel."""
    own = [
        Row(offered_at=r.offered_at, wait=r.wait, outcome=r.outcome, channel=f"c{i:04d}")
        for i, r in enumerate(rows)
    ]
    result = quietly(
        lambda: compute(table_of(own), [metric], grouping=Grouping(by=("channel_id",)))
    )
    order = np.argsort(result.labels["channel_id"].astype(str))
    return result[metric.name].numerator[order].tolist()


def business(
    zone: str, hours: tuple[WeeklyHours, ...] = OFFICE, **options: object
) -> ResponseTime:
    return ResponseTime(clock="business", business_hours=hours, time_zone=zone, **options)  # type: ignore[arg-type]


# --- hand-worked examples ---------------------------------------------------------------

# 2 March 2026 is a Monday; Dublin keeps GMT (= UTC) until 29 March.
OFFICE_CONTACTS = [
    # Fri 6 Mar 17:30 -> Mon 9 Mar 09:15: 17:30-18:00 Fri (1800 s) + 09:00-09:15 Mon (900 s)
    Row(offered_at=at(2026, 3, 6, 17, 30), wait=(2 * 24 + 15.75) * 3600, outcome="answered"),
    # Sat 7 Mar 10:00 -> Mon 9 Mar 09:30: closed all weekend, 09:00-09:30 Mon = 1800 s
    Row(offered_at=at(2026, 3, 7, 10), wait=47.5 * 3600, outcome="answered"),
    # Mon 9 Mar 10:00, answered 10 minutes later, all inside: 600 s
    Row(offered_at=at(2026, 3, 9, 10), wait=600.0, outcome="answered"),
    # Mon 9 Mar 09:00, answered at once: 0 s
    Row(offered_at=at(2026, 3, 9, 9), wait=0.0, outcome="answered"),
    # Mon 9 Mar 17:00 -> Wed 11 Mar 10:00: 1 h Mon + 9 h Tue + 1 h Wed = 39600 s
    Row(offered_at=at(2026, 3, 9, 17), wait=41 * 3600.0, outcome="answered"),
    # Tue 10 Mar 20:00 -> Wed 11 Mar 08:00, before opening: 0 s
    Row(offered_at=at(2026, 3, 10, 20), wait=12 * 3600.0, outcome="answered"),
    # Mon 9 Mar 12:00, never answered (the customer withdrew it)
    Row(offered_at=at(2026, 3, 9, 12), wait=3600.0, outcome="abandoned"),
]


def test_business_seconds_of_hand_worked_contacts() -> None:
    got = per_contact(OFFICE_CONTACTS[:6], business("Europe/Dublin"))
    assert got == [2700.0, 1800.0, 600.0, 0.0, 39600.0, 0.0]


def test_mean_business_response_time_counts_answered_contacts_only() -> None:
    # (2700 + 1800 + 600 + 0 + 39600 + 0) / 6 = 44700 / 6 = 7450; the abandon is left out.
    result = compute(table_of(OFFICE_CONTACTS), [business("Europe/Dublin")])
    rt = result["response_time"]
    assert (float(rt.numerator[0]), int(rt.denominator[0]), float(rt.value[0])) == (
        44700.0,
        6,
        7450.0,
    )


def test_share_in_business_time_counts_unanswered_contacts_as_missed() -> None:
    # Within 3600 s of business time: 2700, 1800, 600, 0 and 0 are; 39600 is not; the
    # unanswered contact is missed: 5 / 7.
    result = compute(
        table_of(OFFICE_CONTACTS), [business("Europe/Dublin", threshold_seconds=3600)]
    )
    rt = result["response_time"]
    assert (float(rt.numerator[0]), int(rt.denominator[0])) == (5.0, 7)


def test_share_in_calendar_time_uses_the_recorded_wait() -> None:
    # Calendar waits 229500, 171000, 600, 0, 147600, 43200 s: within 3600 s only 600 and 0;
    # the unanswered contact is missed: 2 / 7.  The mean: (229500 + 171000 + 600 + 0 + 147600
    # + 43200) / 6 = 591900 / 6 = 98650.
    share = ResponseTime(threshold_seconds=3600, name="share")
    result = compute(table_of(OFFICE_CONTACTS), [share, ResponseTime()])
    assert (float(result["share"].numerator[0]), int(result["share"].denominator[0])) == (2.0, 7)
    assert float(result["response_time"].value[0]) == 98650.0


def test_threshold_inclusive_decides_a_response_exactly_at_the_threshold() -> None:
    # The first contact has exactly 2700 business seconds.
    rows = OFFICE_CONTACTS[:1]
    inclusive = business("Europe/Dublin", threshold_seconds=2700, name="le")
    exclusive = business(
        "Europe/Dublin", threshold_seconds=2700, threshold_inclusive=False, name="lt"
    )
    result = compute(table_of(rows), [inclusive, exclusive])
    assert result["le"].value.tolist() == [1.0]
    assert result["lt"].value.tolist() == [0.0]


def test_outbound_contacts_are_left_out_by_default() -> None:
    # One inbound contact answered after 100 s, one outbound after 900 s: mean 100 s.
    rows = [
        Row(offered_at=at(2026, 3, 9, 10), wait=100.0, outcome="answered"),
        Row(offered_at=at(2026, 3, 9, 10), wait=900.0, outcome="answered", direction="outbound"),
    ]
    result = compute(table_of(rows), [ResponseTime(), ResponseTime(direction="all", name="all")])
    assert result["response_time"].value.tolist() == [100.0]
    assert result["all"].value.tolist() == [500.0]  # (100 + 900) / 2


def test_overlapping_windows_count_each_second_once() -> None:
    # Mon 09:00-12:00 and Mon 11:00-13:00 open 09:00-13:00; a contact Mon 08:00 -> 14:00
    # has 4 business hours (not 3 + 2 = 5): 14400 s.
    monday = frozenset({Weekday.MONDAY})
    hours = (
        WeeklyHours(days=monday, opens=time(9), closes=time(12)),
        WeeklyHours(days=monday, opens=time(11), closes=time(13)),
    )
    rows = [Row(offered_at=at(2026, 3, 9, 8), wait=6 * 3600.0, outcome="answered")]
    assert per_contact(rows, business("UTC", hours)) == [14400.0]


def test_windows_are_local_time_of_the_zone() -> None:
    # Fri 6 Mar 17:30 UTC is 12:30 in New York (EST, UTC-5): 5.5 h to 18:00 = 19800 s.  Mon 9
    # Mar 09:15 UTC is 05:15 EDT (clocks went forward on 8 Mar), before opening: 0 s.
    assert per_contact(OFFICE_CONTACTS[:1], business("America/New_York")) == [19800.0]


@pytest.mark.parametrize(
    ("zone", "offered", "wait_hours", "expected"),
    [
        # Dublin, 29 Mar 2026: at 01:00 UTC clocks go from 01:00 GMT to 02:00 IST.  Sunday
        # 00:30-03:30 open; offered 00:00 UTC (00:00 GMT), answered 03:00 UTC (04:00 IST):
        # 00:30-01:00 GMT (1800 s) + 02:00-03:30 IST (5400 s) = 7200 s, not the 3 wall hours.
        ("Europe/Dublin", at(2026, 3, 29, 0), 3, 7200.0),
        # Dublin, 25 Oct 2026: at 01:00 UTC clocks go from 02:00 IST back to 01:00 GMT.
        # Offered Sat 23:00 UTC (Sun 00:00 IST), answered 04:00 UTC (04:00 GMT):
        # 00:30-02:00 IST (5400 s) + 01:00-03:30 GMT (9000 s) = 14400 s, both passes counted.
        ("Europe/Dublin", at(2026, 10, 24, 23), 5, 14400.0),
        # New York, 8 Mar 2026: at 07:00 UTC, 02:00 EST becomes 03:00 EDT.  Sunday 01:00-04:00
        # open; offered 05:00 UTC (00:00 EST), answered 09:00 UTC (05:00 EDT):
        # 01:00-02:00 EST (3600 s) + 03:00-04:00 EDT (3600 s) = 7200 s.
        ("America/New_York", at(2026, 3, 8, 5), 4, 7200.0),
        # New York, 1 Nov 2026: at 06:00 UTC, 02:00 EDT becomes 01:00 EST.  Offered 04:00 UTC
        # (00:00 EDT), answered 10:00 UTC (05:00 EST): 01:00-02:00 EDT (3600 s) +
        # 01:00-04:00 EST (10800 s) = 14400 s.
        ("America/New_York", at(2026, 11, 1, 4), 6, 14400.0),
    ],
)
def test_business_time_across_clock_changes_is_elapsed_time_inside_the_hours(
    zone: str, offered: datetime, wait_hours: int, expected: float
) -> None:
    night = {
        "Europe/Dublin": (WeeklyHours(days=SUNDAY, opens=time(0, 30), closes=time(3, 30)),),
        "America/New_York": (WeeklyHours(days=SUNDAY, opens=time(1), closes=time(4)),),
    }[zone]
    rows = [Row(offered_at=offered, wait=wait_hours * 3600.0, outcome="answered")]
    assert per_contact(rows, business(zone, night)) == [expected]
    reference = business_seconds(offered, wait_hours * 3600.0, night, zone)
    assert reference == Fraction(int(expected))


def test_seconds_inside_a_window_of_seconds() -> None:
    # Every day 01:59:55-02:00:05 UTC (10 s); offered 01:59:58, answered 0.25 s after
    # 02:00:07: 01:59:58-02:00:05 = 7 s.
    hours = (WeeklyHours(days=frozenset(Weekday), opens=time(1, 59, 55), closes=time(2, 0, 5)),)
    rows = [Row(offered_at=at(2026, 3, 9, 1, 59, 58), wait=9.25, outcome="answered")]
    assert per_contact(rows, business("UTC", hours)) == [7.0]


def test_no_contacts_answered_leaves_the_mean_undefined() -> None:
    rows = [Row(offered_at=at(2026, 3, 9, 10), wait=60.0, outcome="other")]
    with pytest.warns(UndefinedKpiWarning, match="response_time in 1 of 1 groups"):
        result = compute(table_of(rows), [business("UTC")])
    assert np.isnan(result["response_time"].value[0])
    assert int(result["response_time"].denominator[0]) == 0


def test_descriptions_name_every_choice() -> None:
    assert ResponseTime(threshold_seconds=86400, direction="all").describe() == (
        "response_time: contacts with a first response within 86400 s (<= 86400 s) of"
        " calendar time / arrived, unanswered counted as missed"
    )
    assert business("America/New_York", name="rt").describe() == (
        "rt: mean seconds from arrival to first response, in business time Mon-Fri"
        " 09:00-18:00 (America/New_York), of answered inbound contacts"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"clock": "business"}, r"expected business_hours with clock='business', found None"),
        (
            {"clock": "business", "business_hours": OFFICE},
            r"expected time_zone with clock='business', found None",
        ),
        (
            {"business_hours": OFFICE},
            r"expected business_hours only with clock='business', found business_hours=",
        ),
        (
            {"time_zone": "Europe/Dublin"},
            r"expected time_zone only with clock='business', found time_zone='Europe/Dublin'",
        ),
        ({"clock": "wall"}, r"expected clock in \{'calendar', 'business'\}, found 'wall'"),
        (
            {"clock": "business", "business_hours": (), "time_zone": "UTC"},
            r"expected business_hours as None or a non-empty tuple of WeeklyHours, found \(\)",
        ),
        (
            {"clock": "business", "business_hours": OFFICE, "time_zone": "Mars/Olympus"},
            r"expected time_zone as None or an IANA zone name .*, found 'Mars/Olympus'",
        ),
        ({"threshold_seconds": -1}, r"expected threshold_seconds as a finite number >= 0"),
        (
            {"threshold_inclusive": False},
            r"expected threshold_inclusive only with a threshold_seconds",
        ),
        ({"direction": "both"}, r"expected direction in"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(CalculationError, match=r"ResponseTime\(\): " + message):
        ResponseTime(**options)  # type: ignore[arg-type]


def test_business_hours_given_as_a_list_become_a_tuple() -> None:
    metric = business("UTC", list(OFFICE))  # type: ignore[arg-type]
    assert metric.business_hours == OFFICE
    assert metric == business("UTC")


# --- against the plain-Python oracle ------------------------------------------------------

# Instants near each zone's clock changes of 2026: Dublin 29 Mar and 25 Oct at 01:00 UTC;
# New York 8 Mar 07:00 and 1 Nov 06:00 UTC; Lord Howe (a 30-minute change) 4 Apr 15:00 and
# 3 Oct 15:30 UTC; Kathmandu (+05:45, no change) and UTC over a month end.
CHANGES = {
    "Europe/Dublin": [at(2026, 3, 29, 1), at(2026, 10, 25, 1)],
    "America/New_York": [at(2026, 3, 8, 7), at(2026, 11, 1, 6)],
    "Australia/Lord_Howe": [at(2026, 4, 4, 15), at(2026, 10, 3, 15, 30)],
    "Asia/Kathmandu": [at(2026, 1, 31, 18)],
    "UTC": [at(2026, 12, 31, 23)],
}
ZONES = list(CHANGES)


@st.composite
def minute_hours(draw: st.DrawFn) -> tuple[WeeklyHours, ...]:
    """One to three windows opening and closing on whole minutes, often around 01:00-03:00."""
    windows = []
    for _ in range(draw(st.integers(1, 3))):
        near_night = st.integers(0, 240)
        opens = draw(near_night | st.integers(0, 1438))
        closes = draw(st.integers(opens + 1, 1439))
        windows.append(
            WeeklyHours(
                days=draw(st.frozensets(st.sampled_from(list(Weekday)), min_size=1)),
                opens=time(opens // 60, opens % 60),
                closes=time(closes // 60, closes % 60),
            )
        )
    return tuple(windows)


@st.composite
def contacts(
    draw: st.DrawFn, zone: str | None = None, max_size: int = 6, longest: int = 2 * 86400
) -> list[Row]:
    """Contacts offered from 36 hours before to 12 hours after a clock change of `zone`."""
    bases = CHANGES[zone] if zone is not None else [b for v in CHANGES.values() for b in v]
    base = draw(st.sampled_from(bases))
    return [
        Row(
            offered_at=base + timedelta(seconds=draw(st.integers(-36 * 3600, 12 * 3600))),
            wait=draw(st.integers(0, 4 * 3600) | st.integers(0, longest)) / 4,
            outcome=draw(st.sampled_from(["answered", "answered", "abandoned", "other"])),
            channel=draw(st.sampled_from(["e-mail", "social"])),
            direction=draw(st.sampled_from(["inbound", "inbound", "outbound"])),
        )
        for _ in range(draw(st.integers(0, max_size)))
    ]


def zone_and_contacts(**options: int) -> st.SearchStrategy[tuple[str, list[Row]]]:
    return st.sampled_from(ZONES).flatmap(
        lambda zone: st.tuples(st.just(zone), contacts(zone=zone, **options))
    )


@settings(max_examples=80, deadline=None)
@given(zone_and_contacts(), minute_hours())
def test_business_seconds_per_contact_match_the_minute_by_minute_oracle(
    scenario: tuple[str, list[Row]], hours: tuple[WeeklyHours, ...]
) -> None:
    zone, rows = scenario
    answered = [Row(offered_at=r.offered_at, wait=r.wait, outcome="answered") for r in rows]
    got = per_contact(answered, business(zone, hours, direction="all"))
    expected = [float(business_seconds(r.offered_at, r.wait, hours, zone)) for r in answered]
    assert got == expected
    assert all(g <= r.wait for g, r in zip(got, answered, strict=True))  # never above calendar


@settings(max_examples=40, deadline=None)
@given(
    zone_and_contacts(longest=4 * 1200),
    st.lists(st.integers(0, 86399), min_size=2, max_size=2, unique=True),
)
def test_business_seconds_match_the_second_by_second_oracle_for_windows_of_seconds(
    scenario: tuple[str, list[Row]], bounds: list[int]
) -> None:
    # Windows on whole seconds, waits under 20 minutes, near the clock changes.
    zone, rows = scenario
    opens, closes = sorted(bounds)
    clock = [time(s // 3600, s % 3600 // 60, s % 60) for s in (opens, closes)]
    hours = (WeeklyHours(days=frozenset(Weekday), opens=clock[0], closes=clock[1]),)
    answered = [
        Row(offered_at=r.offered_at, wait=min(r.wait, 1200.0), outcome="answered") for r in rows
    ]
    got = per_contact(answered, business(zone, hours, direction="all"))
    expected = [
        float(business_seconds(r.offered_at, r.wait, hours, zone, step=1)) for r in answered
    ]
    assert got == expected


@st.composite
def response_times(draw: st.DrawFn) -> ResponseTime:
    threshold = draw(st.sampled_from([None, 0.0, 1800.0, 3600.0, 7200.0, 86400.0]))
    inclusive = True if threshold is None else draw(st.booleans())
    options = {
        "threshold_seconds": threshold,
        "threshold_inclusive": inclusive,
        "direction": draw(st.sampled_from(["inbound", "all"])),
    }
    if draw(st.booleans()):
        return ResponseTime(**options)  # type: ignore[arg-type]
    return business(draw(st.sampled_from(ZONES)), draw(minute_hours()), **options)


@st.composite
def groupings(draw: st.DrawFn) -> Grouping:
    interval = draw(st.sampled_from([None, "30min", "60min", "day", "week"]))
    hours = draw(st.none() | minute_hours())
    moment = draw(st.sampled_from(["offered", "wait_end"]))
    if interval is None and hours is None:
        moment = "offered"  # "wait_end" needs an interval or hours
    return Grouping(
        by=draw(st.sampled_from([(), ("channel_id",), ("direction",)])),
        interval=interval,
        interval_of=moment,
        time_zone=draw(st.sampled_from(ZONES)),
        within_hours=hours,
    )


@settings(max_examples=80, deadline=None)
@given(contacts(max_size=10), response_times(), groupings())
def test_compute_matches_the_response_time_oracle(
    rows: list[Row], metric: ResponseTime, grouping: Grouping
) -> None:
    result = quietly(lambda: compute(table_of(rows), [metric], grouping=grouping))
    expected = response_oracle(
        rows,
        metric,
        grouping.by,
        grouping.interval,
        grouping.time_zone,
        grouping.within_hours,
        grouping.interval_of,
    )
    got = {}
    values = result[metric.name]
    for i in range(len(result)):
        key: list[object] = [result.labels[name][i] for name in grouping.by]
        if grouping.interval is None:
            key.append(None)
        else:
            local = result.labels["interval_start"][i].astype("datetime64[us]").item()
            utc = result.labels["interval_start_utc"][i].astype("datetime64[us]").item()
            key.append((local, utc))
        value = float(values.value[i])
        got[tuple(key)] = (
            float(values.numerator[i]),
            int(values.denominator[i]),
            None if np.isnan(value) else value,
            int(result.records[i]),
        )
    assert got == {
        key: (float(n), d, None if v is None else float(v), r)
        for key, (n, d, v, r) in expected.items()
    }


# --- the merge law -----------------------------------------------------------------------

MERGED = [
    ResponseTime(),
    ResponseTime(threshold_seconds=3600, name="calendar_share"),
    business("Europe/Dublin", name="business_mean"),
    business("America/New_York", threshold_seconds=1800, name="business_share"),
]


def assert_same(a: KpiResult, b: KpiResult) -> None:
    assert len(a) == len(b)
    for name, column in a.labels.items():
        np.testing.assert_array_equal(column, b.labels[name], err_msg=name)
    np.testing.assert_array_equal(a.records, b.records)
    for metric in a.kpis:
        for part in ("numerator", "denominator", "excluded", "value"):
            np.testing.assert_array_equal(
                getattr(a[metric.name], part), getattr(b[metric.name], part), err_msg=part
            )


@settings(max_examples=50, deadline=None)
@given(
    contacts(max_size=30),
    groupings(),
    st.lists(st.floats(0, 1), max_size=4),
    st.randoms(),
)
def test_partials_of_split_tables_merge_to_the_whole(
    rows: list[Row], grouping: Grouping, cuts: list[float], rnd: random.Random
) -> None:
    points = sorted({0, len(rows), *(int(c * len(rows)) for c in cuts)})
    pieces = [rows[a:b] for a, b in itertools.pairwise(points)]
    partials = [accumulate(table_of(p), MERGED, grouping=grouping) for p in pieces]
    rnd.shuffle(partials)
    merged = reduce(Partials.merge, partials, Partials.empty(MERGED, grouping=grouping))
    assert_same(
        quietly(merged.finalize),
        quietly(lambda: compute(table_of(rows), MERGED, grouping=grouping)),
    )


@pytest.mark.parametrize(
    "grouping",
    [
        Grouping(by=("channel_id",), interval="30min", time_zone="Europe/Dublin"),
        Grouping(
            by=("channel_id",),
            interval="60min",
            interval_of="wait_end",
            time_zone="Europe/Dublin",
            within_hours=OFFICE,
        ),
    ],
    ids=["offered-30min", "wait-end-60min-hours"],
)
def test_row_batches_of_a_large_table_merge_to_the_whole(
    large_table: InteractionTable, grouping: Grouping
) -> None:
    # 200,000 contacts over both of Dublin's 2026 clock changes, cut every 7,919 rows (a
    # prime, so batches end mid-interval) and in chunks of 1,024 rows on 2 threads.
    cuts = [*range(0, len(large_table), 7_919), len(large_table)]
    parts = [
        accumulate(large_table, MERGED, grouping=grouping, rows=slice(a, b), chunk_rows=1024)
        for a, b in itertools.pairwise(cuts)
    ]
    merged = reduce(Partials.merge, parts, Partials.empty(MERGED, grouping=grouping))
    whole = quietly(lambda: compute(large_table, MERGED, grouping=grouping, threads=2))
    assert len(whole) > 100
    assert_same(quietly(merged.finalize), whole)
