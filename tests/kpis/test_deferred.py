"""OldestOpenItemAge and ClearedWithinDeadline: deferred work over a weekend, oracle, merging.

Hand-worked examples first (arithmetic in the comments), then the record-by-record
oracle of ``reference/deferred.py`` on Hypothesis-generated items, then the merge law
(partials of random splits, in random order, equal one pass; maxima merge as the
maximum of maxima), then pandas on 200,000 records.  Arrivals are whole seconds and
waits multiples of 0.25 s, so ages and business seconds are exact.
"""

from __future__ import annotations

import itertools
import pickle
import random
import warnings
from datetime import UTC, datetime, time, timedelta
from functools import reduce

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iso18295 import InteractionTable, Weekday, WeeklyHours
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis import (
    ClearedWithinDeadline,
    Grouping,
    KpiResult,
    OldestOpenItemAge,
    Partials,
    ResponseTime,
    accumulate,
    compute,
    rollup,
)
from reference.deferred import cleared_oracle, oldest_open_oracle
from reference.kpis import Row, table_of

OFFICE = (WeeklyHours(days=frozenset(list(Weekday)[:5]), opens=time(9), closes=time(17)),)
DUBLIN = "Europe/Dublin"  # GMT (= UTC) until 29 March 2026


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def quietly(make: object) -> KpiResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return make()  # type: ignore[operator, no-any-return]


def oldest(as_of: datetime, clock: str = "business", **options: object) -> OldestOpenItemAge:
    if clock == "business":
        options |= {"business_hours": OFFICE, "time_zone": DUBLIN}
    return OldestOpenItemAge(as_of=as_of, clock=clock, **options)  # type: ignore[arg-type]


def cleared(as_of: datetime | None, **options: object) -> ClearedWithinDeadline:
    return ClearedWithinDeadline(
        deadline_seconds=7200,
        business_hours=OFFICE,
        time_zone=DUBLIN,
        as_of=as_of,
        **options,  # type: ignore[arg-type]
    )


# --- hand-worked examples: a weekend of e-mail, Mon-Fri 09:00-17:00, deadline 2 h ---------

# Friday 6 March 2026; Monday is 9 March.
WEEKEND = [
    # A: Fri 16:00, answered Mon 10:30 (66.5 h): Fri 16-17 + Mon 9-10:30 = 9000 s > 7200: late
    Row(offered_at=at(2026, 3, 6, 16), wait=66.5 * 3600, outcome="answered"),
    # B: Sat 11:00, answered Mon 09:45 (46.75 h): Mon 09:00-09:45 = 2700 s: cleared
    Row(offered_at=at(2026, 3, 7, 11), wait=46.75 * 3600, outcome="answered"),
    # C: Sun 20:00, still open
    Row(offered_at=at(2026, 3, 8, 20), wait=0.0, outcome="other"),
    # D: Mon 10:30, still open
    Row(offered_at=at(2026, 3, 9, 10, 30), wait=0.0, outcome="other"),
    # E: Fri 10:00, withdrawn by the customer at 11:00
    Row(offered_at=at(2026, 3, 6, 10), wait=3600.0, outcome="abandoned"),
    # F: Mon 11:00, answered 20 minutes later: cleared
    Row(offered_at=at(2026, 3, 9, 11), wait=1200.0, outcome="answered"),
    # G: outbound, Fri 09:00, open: not an inbound item, never counted
    Row(offered_at=at(2026, 3, 6, 9), wait=0.0, outcome="other", direction="outbound"),
]
NOON = at(2026, 3, 9, 12)


def test_oldest_open_item_at_monday_noon_is_sundays_e_mail() -> None:
    # Open at Mon 12:00: C and D (A closed at 10:30, B at 09:45, E on Friday).
    # C's age: Sun 20:00 -> Mon 12:00 = 16 h = 57600 s; in business time Mon 9-12 = 10800 s.
    result = compute(table_of(WEEKEND), [oldest(NOON, "calendar", name="calendar"), oldest(NOON)])
    assert result["calendar"].value.tolist() == [57600.0]
    assert result["oldest_open_item_age"].value.tolist() == [10800.0]
    assert result["oldest_open_item_age"].numerator.tolist() == [10800.0]
    assert result["oldest_open_item_age"].denominator.tolist() == [2]  # the backlog: C, D


def test_an_item_answered_after_as_of_is_still_open_then() -> None:
    # At Mon 10:00 A (answered 10:30) and C are open; A is older: Fri 16:00 -> Mon 10:00
    # = 66 h = 237600 s; business Fri 16-17 + Mon 9-10 = 7200 s.
    ten = at(2026, 3, 9, 10)
    result = compute(table_of(WEEKEND), [oldest(ten, "calendar", name="calendar"), oldest(ten)])
    assert result["calendar"].value.tolist() == [237600.0]
    assert result["oldest_open_item_age"].value.tolist() == [7200.0]
    assert result["oldest_open_item_age"].denominator.tolist() == [2]


def test_an_item_answered_exactly_at_as_of_is_closed() -> None:
    # F is answered at 11:20 exactly: not open at 11:20; C is (Mon 9:00-11:20 = 8400 s).
    result = compute(table_of(WEEKEND[2:3] + WEEKEND[5:6]), [oldest(at(2026, 3, 9, 11, 20))])
    assert result["oldest_open_item_age"].value.tolist() == [8400.0]
    assert result["oldest_open_item_age"].denominator.tolist() == [1]


def test_a_day_with_no_open_item_has_no_oldest_age_and_warns() -> None:
    # By day of arrival: Fri (A, E closed), Sat (B closed) have none open; Sun C, Mon D
    # (Mon 10:30 -> 12:00 = 5400 s).
    by_day = Grouping(interval="day", time_zone=DUBLIN)
    with pytest.warns(UndefinedKpiWarning, match=r"oldest_open_item_age in 2 of 4 groups"):
        result = compute(table_of(WEEKEND), [oldest(NOON)], grouping=by_day)
    values = result["oldest_open_item_age"]
    np.testing.assert_array_equal(values.value, [np.nan, np.nan, 10800.0, 5400.0])
    np.testing.assert_array_equal(values.numerator, [np.nan, np.nan, 10800.0, 5400.0])
    assert values.denominator.tolist() == [0, 0, 1, 1]


def test_rollup_of_days_takes_the_maximum_of_maxima() -> None:
    by_day = Grouping(interval="day", time_zone=DUBLIN)
    days = quietly(lambda: compute(table_of(WEEKEND), [oldest(NOON)], grouping=by_day))
    for weighting in ("contact", "interval"):
        whole = rollup(days, weighting=weighting)  # type: ignore[arg-type]
        assert whole["oldest_open_item_age"].value.tolist() == [10800.0]  # max(10800, 5400)
        assert whole["oldest_open_item_age"].denominator.tolist() == [2]


def test_cleared_within_deadline_leaves_out_items_not_yet_due() -> None:
    # Cleared: B (2700 s), F (1200 s).  Missed: A (9000 s), C (open, 10800 s > 7200 by
    # noon), E (withdrawn, long past).  D is open at 5400 s <= 7200: not yet due, excluded.
    result = compute(table_of(WEEKEND), [cleared(NOON)])
    values = result["cleared_within_deadline"]
    assert (values.numerator.tolist(), values.denominator.tolist()) == ([2.0], [5])
    assert values.excluded.tolist() == [1]
    assert values.value.tolist() == [0.4]


def test_cleared_within_deadline_without_as_of_is_response_time_share() -> None:
    # Every inbound item decided: 2 cleared of A..F = 1/3, as ResponseTime counts it.
    share = ResponseTime(
        threshold_seconds=7200, clock="business", business_hours=OFFICE, time_zone=DUBLIN
    )
    result = compute(table_of(WEEKEND), [cleared(None), share])
    assert result["cleared_within_deadline"].numerator.tolist() == [2.0]
    assert result["cleared_within_deadline"].denominator.tolist() == [6]
    for part in ("value", "numerator", "denominator", "excluded"):
        np.testing.assert_array_equal(
            getattr(result["cleared_within_deadline"], part),
            getattr(result["response_time"], part),
        )


def test_descriptions_name_every_choice() -> None:
    assert oldest(NOON).describe() == (
        "oldest_open_item_age: largest age in seconds, in business time Mon-Fri 09:00-17:00"
        " (Europe/Dublin), at 2026-03-09 12:00:00+00:00 of inbound contacts open then"
        " (offered, not yet answered or abandoned)"
    )
    assert (
        cleared(NOON)
        .describe()
        .endswith(
            "missed once past the deadline at 2026-03-09 12:00:00+00:00"
            " (those not yet due excluded)"
        )
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: OldestOpenItemAge(as_of=datetime(2026, 3, 9)), r"as_of as an aware datetime"),
        (lambda: OldestOpenItemAge(as_of="2026-03-09"), r"found '2026-03-09'"),
        (
            lambda: OldestOpenItemAge(as_of=NOON, clock="business"),
            r"OldestOpenItemAge\(\): expected business_hours with clock='business', found None",
        ),
        (
            lambda: ClearedWithinDeadline(deadline_seconds=60, time_zone=DUBLIN),
            r"expected business_hours with clock='business'",
        ),
        (
            lambda: ClearedWithinDeadline(deadline_seconds=60, clock="calendar", time_zone="UTC"),
            r"expected time_zone only with clock='business'",
        ),
        (
            lambda: ClearedWithinDeadline(deadline_seconds=-1.0, clock="calendar"),
            r"expected deadline_seconds as a finite number >= 0, found -1.0",
        ),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(make: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        make()  # type: ignore[operator]


# --- the record-by-record oracle ----------------------------------------------------------

ZONES = ["Europe/Dublin", "America/New_York", "Asia/Kathmandu", "UTC"]
BASE = at(2026, 3, 7, 12)  # a Saturday noon; New York changes its clocks on 8 March


@st.composite
def items(draw: st.DrawFn, max_size: int = 8) -> list[Row]:
    """Items over four days around a weekend and a clock change, some still open."""
    return [
        Row(
            offered_at=BASE + timedelta(seconds=draw(st.integers(-48 * 3600, 48 * 3600))),
            wait=draw(st.integers(0, 4 * 86400)) / 4,
            outcome=draw(st.sampled_from(["answered", "answered", "abandoned", "other"])),
            channel=draw(st.sampled_from(["e-mail", "letter"])),
            direction=draw(st.sampled_from(["inbound", "inbound", "outbound"])),
        )
        for _ in range(draw(st.integers(0, max_size)))
    ]


def moments() -> st.SearchStrategy[datetime]:
    return st.integers(-24 * 3600, 72 * 3600).map(lambda s: BASE + timedelta(seconds=s))


@st.composite
def clocks(draw: st.DrawFn) -> dict[str, object]:
    if draw(st.booleans()):
        return {"clock": "calendar"}
    opens = draw(st.integers(0, 22))
    hours = WeeklyHours(
        days=draw(st.frozensets(st.sampled_from(list(Weekday)), min_size=1)),
        opens=time(opens),
        closes=time(draw(st.integers(opens + 1, 23))),
    )
    return {
        "clock": "business",
        "business_hours": (hours,),
        "time_zone": draw(st.sampled_from(ZONES)),
    }


@st.composite
def groupings(draw: st.DrawFn) -> Grouping:
    return Grouping(
        by=draw(st.sampled_from([(), ("channel_id",)])),
        interval=draw(st.sampled_from([None, "60min", "day"])),
        time_zone=draw(st.sampled_from(ZONES)),
    )


def keyed(result: KpiResult, name: str) -> dict[tuple[object, ...], tuple[float, ...]]:
    """Return, per group key as the oracle writes it, value, numerator, denominator, excluded."""
    grouping, values, got = result.grouping, result[name], {}
    for i in range(len(result)):
        key: list[object] = [result.labels[column][i] for column in grouping.by]
        if grouping.interval is None:
            key.append(None)
        else:
            local = result.labels["interval_start"][i].astype("datetime64[us]").item()
            utc = result.labels["interval_start_utc"][i].astype("datetime64[us]").item()
            key.append((local, utc))
        got[tuple(key)] = tuple(
            float(getattr(values, part)[i])
            for part in ("value", "numerator", "denominator", "excluded")
        )
    return got


@settings(max_examples=60, deadline=None)
@given(items(), moments(), clocks(), st.sampled_from(["inbound", "all"]), groupings())
def test_oldest_open_item_age_matches_the_oracle(
    rows: list[Row], as_of: datetime, clock: dict[str, object], direction: str, grouping: Grouping
) -> None:
    kpi = OldestOpenItemAge(as_of=as_of, direction=direction, **clock)  # type: ignore[arg-type]
    result = quietly(lambda: compute(table_of(rows), [kpi], grouping=grouping))
    expected = oldest_open_oracle(rows, kpi, grouping.by, grouping.interval, grouping.time_zone)
    nan = float("nan")
    got = keyed(result, kpi.name)
    assert got.keys() == expected.keys()
    for key, (age, n_open) in expected.items():
        want = (nan, nan) if age is None else (float(age), float(age))
        np.testing.assert_array_equal(got[key], (*want, n_open, 0.0), err_msg=str(key))


@settings(max_examples=60, deadline=None)
@given(
    items(),
    st.none() | moments(),
    clocks(),
    st.sampled_from([0.0, 1800.0, 7200.0, 86400.0]),
    groupings(),
)
def test_cleared_within_deadline_matches_the_oracle(
    rows: list[Row],
    as_of: datetime | None,
    clock: dict[str, object],
    deadline: float,
    grouping: Grouping,
) -> None:
    kpi = ClearedWithinDeadline(deadline_seconds=deadline, as_of=as_of, **clock)  # type: ignore[arg-type]
    result = quietly(lambda: compute(table_of(rows), [kpi], grouping=grouping))
    expected = cleared_oracle(rows, kpi, grouping.by, grouping.interval, grouping.time_zone)
    got = keyed(result, kpi.name)
    assert got.keys() == expected.keys()
    for key, (n_cleared, decided, excluded) in expected.items():
        value = n_cleared / decided if decided else float("nan")
        np.testing.assert_array_equal(
            got[key], (value, n_cleared, decided, excluded), err_msg=str(key)
        )


# --- the merge law --------------------------------------------------------------------------

MERGED = [
    OldestOpenItemAge(as_of=at(2026, 3, 9, 12)),
    OldestOpenItemAge(
        as_of=at(2026, 3, 8, 18),
        clock="business",
        business_hours=OFFICE,
        time_zone="America/New_York",
        name="business_age",
    ),
    ClearedWithinDeadline(
        deadline_seconds=7200, business_hours=OFFICE, time_zone=DUBLIN, as_of=at(2026, 3, 9, 12)
    ),
]


def assert_same(a: KpiResult, b: KpiResult) -> None:
    assert len(a) == len(b)
    for name, column in a.labels.items():
        np.testing.assert_array_equal(column, b.labels[name], err_msg=name)
    np.testing.assert_array_equal(a.records, b.records)
    for kpi in a.kpis:
        for part in ("numerator", "denominator", "excluded", "value"):
            np.testing.assert_array_equal(
                getattr(a[kpi.name], part), getattr(b[kpi.name], part), err_msg=part
            )


@settings(max_examples=50, deadline=None)
@given(items(max_size=30), groupings(), st.lists(st.floats(0, 1), max_size=4), st.randoms())
def test_partials_of_random_splits_merge_to_one_pass(
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


# --- 200,000 records: batches, threads and pandas ---------------------------------------------

LATE_MARCH = at(2026, 3, 28, 12)  # inside the table's first week (25 March - 1 April)


def test_row_batches_of_a_large_table_merge_to_one_pass(large_table: InteractionTable) -> None:
    # Cut every 7,919 rows (a prime, so batches end mid-interval), chunks of 1,024 rows, the
    # whole on 2 threads: maxima meet across chunks, windows, threads and batches.
    kpis = [OldestOpenItemAge(as_of=LATE_MARCH, direction="all"), *MERGED[1:]]
    grouping = Grouping(by=("channel_id",), interval="60min", time_zone=DUBLIN)
    cuts = [*range(0, len(large_table), 7_919), len(large_table)]
    parts = [
        accumulate(large_table, kpis, grouping=grouping, rows=slice(a, b), chunk_rows=1024)
        for a, b in itertools.pairwise(cuts)
    ]
    merged = reduce(Partials.merge, parts, Partials.empty(kpis, grouping=grouping))
    whole = quietly(lambda: compute(large_table, kpis, grouping=grouping, threads=2))
    assert len(whole) > 100
    assert np.isfinite(whole["oldest_open_item_age"].value).sum() > 50
    assert_same(quietly(merged.finalize), whole)


def test_oldest_open_item_age_matches_pandas_on_a_large_table(
    large_table: InteractionTable,
) -> None:
    frame = pd.DataFrame(
        {
            name: large_table[name]
            for name in ("offered_at", "wait_seconds", "answered", "abandoned")
        }
    )
    frame["channel"] = np.array(large_table.categories("channel_id"))[large_table["channel_id"]]
    as_of = pd.Timestamp("2026-03-28 12:00")
    closes = frame["offered_at"] + pd.to_timedelta(frame["wait_seconds"], unit="s")
    closed = (frame["answered"] | frame["abandoned"]) & (closes <= as_of)
    open_items = frame[(frame["offered_at"] <= as_of) & ~closed]
    ages = (as_of - open_items["offered_at"]).dt.total_seconds()
    expected = ages.groupby(open_items["channel"]).agg(["max", "size"]).sort_index()

    kpi = OldestOpenItemAge(as_of=LATE_MARCH, direction="all")
    result = compute(large_table, [kpi], grouping=Grouping(by=("channel_id",)))
    assert result.labels["channel_id"].tolist() == expected.index.tolist()
    np.testing.assert_allclose(result[kpi.name].value, expected["max"], rtol=1e-12)
    assert result[kpi.name].denominator.tolist() == expected["size"].tolist()


def test_pickled_partials_keep_their_maxima() -> None:
    # Partials stored between runs (or shipped to workers) merge after a pickle round trip.
    grouping = Grouping(by=("channel_id",), interval="day", time_zone=DUBLIN)
    first, second = (
        accumulate(table_of(part), MERGED, grouping=grouping)
        for part in (WEEKEND[:3], WEEKEND[3:])
    )
    restored = pickle.loads(pickle.dumps(first))
    assert_same(
        quietly(restored.merge(second).finalize),
        quietly(lambda: compute(table_of(WEEKEND), MERGED, grouping=grouping)),
    )
