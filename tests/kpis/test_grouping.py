"""Grouping: category labels, local-time intervals, clock changes, and validation."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import attrs
import numpy as np
import pytest

from iso18295 import Weekday, WeeklyHours
from iso18295.errors import CalculationError
from iso18295.kpis import Grouping, Offered, ServiceLevel, compute
from reference.kpis import Row, observed, oracle, table_of


def minute(moment: np.datetime64) -> str:
    return str(moment)[:16].replace("T", " ")


def every(start: datetime, minutes: int, hours: int) -> list[Row]:
    """A contact every `minutes` for `hours` from `start`, alternating channels."""
    count = hours * 60 // minutes
    return [
        Row(
            offered_at=start + timedelta(minutes=minutes * i),
            wait=float(i % 40),
            outcome="answered" if i % 3 else "abandoned",
            channel="voice" if i % 2 else "chat",
        )
        for i in range(count)
    ]


def starts(rows: list[Row], interval: str, zone: str) -> tuple[list[str], list[str]]:
    result = compute(
        table_of(rows), [Offered()], grouping=Grouping(interval=interval, time_zone=zone)
    )
    local = [minute(x) for x in result.labels["interval_start"]]
    utc = [minute(x) for x in result.labels["interval_start_utc"]]
    return local, utc


def test_spring_forward_in_dublin_skips_the_missing_hour() -> None:
    # 29 March 2026: at 01:00 UTC Dublin goes from GMT (+0) to IST (+1); local 01:00-02:00
    # never happens.  Contacts every 10 minutes from 00:00 to 03:00 UTC fall in local
    # 00:00, 00:30 (GMT), then 02:00, 02:30, 03:00, 03:30 (IST).
    local, utc = starts(
        every(datetime(2026, 3, 29, 0, tzinfo=UTC), 10, 3), "30min", "Europe/Dublin"
    )
    assert local == [
        "2026-03-29 00:00",
        "2026-03-29 00:30",
        "2026-03-29 02:00",
        "2026-03-29 02:30",
        "2026-03-29 03:00",
        "2026-03-29 03:30",
    ]
    assert utc == [
        "2026-03-29 00:00",
        "2026-03-29 00:30",
        "2026-03-29 01:00",
        "2026-03-29 01:30",
        "2026-03-29 02:00",
        "2026-03-29 02:30",
    ]


def test_fall_back_in_dublin_keeps_the_repeated_hour_apart() -> None:
    # 25 October 2026: at 01:00 UTC Dublin goes from IST (+1) to GMT (+0); local 01:00-02:00
    # happens twice.  Contacts every 20 minutes from 00:00 to 02:00 UTC: the first local
    # 01:00 hour (UTC 00:00) holds 3, the second (UTC 01:00) holds 3.
    rows = every(datetime(2026, 10, 25, 0, tzinfo=UTC), 20, 2)
    result = compute(
        table_of(rows), [Offered()], grouping=Grouping(interval="60min", time_zone="Europe/Dublin")
    )
    assert [minute(x) for x in result.labels["interval_start"]] == ["2026-10-25 01:00"] * 2
    assert [minute(x) for x in result.labels["interval_start_utc"]] == [
        "2026-10-25 00:00",
        "2026-10-25 01:00",
    ]
    assert result["offered"].value.tolist() == [3.0, 3.0]


def test_days_across_a_clock_change_are_local_calendar_days() -> None:
    # Local 28 March (GMT) has 24 hours; 29 March (23 hours) starts at 00:00 UTC;
    # 30 March (IST) starts at 23:00 UTC the day before.  A contact every hour from
    # 28 March 00:00 UTC to 31 March 00:00 UTC: 24, 23 (01:00 UTC is 02:00 local, but
    # 23:00 UTC on the 29th is already the 30th), 24, and the last hour falls on the 31st.
    rows = every(datetime(2026, 3, 28, 0, tzinfo=UTC), 60, 72)
    result = compute(
        table_of(rows), [Offered()], grouping=Grouping(interval="day", time_zone="Europe/Dublin")
    )
    assert [minute(x)[:10] for x in result.labels["interval_start"]] == [
        "2026-03-28",
        "2026-03-29",
        "2026-03-30",
        "2026-03-31",
    ]
    assert [minute(x) for x in result.labels["interval_start_utc"]] == [
        "2026-03-28 00:00",
        "2026-03-29 00:00",
        "2026-03-29 23:00",
        "2026-03-30 23:00",
    ]
    assert result.records.tolist() == [24, 23, 24, 1]


@pytest.mark.parametrize("interval", ["15min", "30min", "60min", "day", "week", "month"])
@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/Dublin", datetime(2026, 3, 28, 20, tzinfo=UTC)),
        ("Europe/Dublin", datetime(2026, 10, 24, 20, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 11, 1, 2, tzinfo=UTC)),
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 12, tzinfo=UTC)),  # a 30-minute change
        ("Asia/Kathmandu", datetime(2026, 1, 31, 12, tzinfo=UTC)),  # +05:45, month end
        ("UTC", datetime(2026, 12, 31, 20, tzinfo=UTC)),  # year end
    ],
)
def test_intervals_match_the_oracle_across_clock_changes(
    interval: str, zone: str, start: datetime
) -> None:
    rows = every(start, 7, 12)
    grouping = Grouping(by=("channel_id",), interval=interval, time_zone=zone)
    metric = ServiceLevel(short_abandon_seconds=None)  # defined in every group
    result = compute(table_of(rows), [metric], grouping=grouping)
    assert observed(result, metric.name) == {
        key: (float(n), d, e, None if v is None else float(v), r)
        for key, (n, d, e, v, r) in oracle(rows, metric, grouping.by, interval, zone).items()
    }


def test_weeks_start_on_monday() -> None:
    # Sunday 1 March and Monday 2 March 2026 fall in different weeks.
    rows = every(datetime(2026, 3, 1, 12, tzinfo=UTC), 60, 24)
    local, _ = starts(rows, "week", "UTC")
    assert local == ["2026-02-23 00:00", "2026-03-02 00:00"]


def test_missing_category_values_form_their_own_group_labelled_none() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    rows = [
        Row(offered_at=t0, wait=1.0, outcome="answered", queue=q) for q in ["b", None, "a", None]
    ]
    result = compute(table_of(rows), [Offered()], grouping=Grouping(by=("queue",)))
    assert result.labels["queue"].tolist() == [None, "a", "b"]
    assert result["offered"].value.tolist() == [2.0, 1.0, 1.0]


def test_grouping_by_several_columns_orders_by_labels() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    rows = [
        Row(offered_at=t0, wait=1.0, outcome="answered", channel=c, queue=q)
        for c, q in [("voice", "b"), ("chat", "b"), ("voice", "a"), ("voice", "b")]
    ]
    result = compute(table_of(rows), [Offered()], grouping=Grouping(by=("channel_id", "queue")))
    pairs = list(zip(result.labels["channel_id"], result.labels["queue"], strict=True))
    assert pairs == [("chat", "b"), ("voice", "a"), ("voice", "b")]
    assert result.records.tolist() == [1, 1, 2]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"by": ("channel",)},
            r"expected by as a tuple of category column names .* found 'channel'",
        ),
        ({"by": ("wait_seconds",)}, r"found 'wait_seconds'"),
        ({"by": ("customer_reference",)}, r"without personal data"),
        ({"by": ("queue", "queue")}, r"each at most once"),
        ({"by": "queue"}, r"write by=\('channel_id',\) for one column"),
        ({"interval": "5min"}, r"expected interval in \{None, '15min'"),
        ({"time_zone": "Europe/Atlantis"}, r"expected time_zone as an IANA zone name"),
        ({"time_zone": 1}, r"found 1"),
    ],
)
def test_bad_groupings_raise_metric_error(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        Grouping(**kwargs)  # type: ignore[arg-type]


def test_by_accepts_a_list() -> None:
    assert Grouping(by=["channel_id"]).by == ("channel_id",)  # type: ignore[arg-type]


def test_the_example_month_in_30_minute_intervals() -> None:
    from iso18295 import examples

    table = examples.generate_interactions()
    grouping = Grouping(by=("channel_id",), interval="30min", time_zone="Europe/Dublin")
    result = compute(table, [Offered(direction="all")], grouping=grouping)
    # Every record lands in exactly one group; local intervals fall in opening hours.
    assert result.records.sum() == len(table)
    assert result["offered"].value.sum() == len(table)
    hours = result.labels["interval_start"].astype("datetime64[h]").astype(np.int64) % 24
    assert hours.min() >= 8
    assert hours.max() <= 19


SUNDAY = frozenset({Weekday.SUNDAY})


def offered_within(rows: list[Row], opens: time, closes: time, zone: str) -> float:
    hours = (WeeklyHours(days=SUNDAY, opens=opens, closes=closes),)
    grouping = Grouping(time_zone=zone, within_hours=hours)
    result = compute(table_of(rows), [Offered(direction="all")], grouping=grouping)
    return float(result["offered"].value.sum())


def test_opening_hours_across_spring_forward_in_dublin() -> None:
    # Sunday 29 March 2026, a contact every 10 minutes from 00:00 to 03:00 UTC (18 contacts).
    # Local 00:00-00:50 (GMT, UTC 00:00-00:50), then 02:00-03:50 (IST, UTC 01:00-02:50).
    rows = every(datetime(2026, 3, 29, 0, tzinfo=UTC), 10, 3)
    # 01:00-02:00 local never happens: nothing.
    assert offered_within(rows, time(1), time(2), "Europe/Dublin") == 0.0
    # 02:00-03:00 local is UTC 01:00-01:50: 6 contacts.
    assert offered_within(rows, time(2), time(3), "Europe/Dublin") == 6.0
    # 00:30-02:30 local: 00:30, 00:40, 00:50, then 02:00, 02:10, 02:20: 6, not 12.
    assert offered_within(rows, time(0, 30), time(2, 30), "Europe/Dublin") == 6.0


def test_opening_hours_across_fall_back_in_dublin() -> None:
    # Sunday 25 October 2026, same contacts.  UTC 00:00-00:50 is 01:00-01:50 IST and
    # UTC 01:00-01:50 is 01:00-01:50 GMT: local 01:00-02:00 holds both passes, 12 contacts.
    rows = every(datetime(2026, 10, 25, 0, tzinfo=UTC), 10, 3)
    assert offered_within(rows, time(1), time(2), "Europe/Dublin") == 12.0
    # In UTC the window 01:00-02:00 holds only the 6 contacts of UTC 01:00-01:50.
    assert offered_within(rows, time(1), time(2), "UTC") == 6.0


def test_contacts_outside_the_hours_count_nowhere() -> None:
    # Monday 2 March 2026, a contact every 30 minutes from 06:00 to 22:00 UTC (Dublin = UTC in
    # March before the change): 08:00-20:00 holds 08:00 ... 19:30, 24 contacts in 24 groups of
    # 30 minutes; the 6:00-7:30 and 20:00-21:30 contacts are in no group, not even `records`.
    rows = every(datetime(2026, 3, 2, 6, tzinfo=UTC), 30, 16)
    weekdays = frozenset(list(Weekday)[:5])
    grouping = Grouping(
        interval="30min",
        time_zone="Europe/Dublin",
        within_hours=[WeeklyHours(days=weekdays, opens=time(8), closes=time(20))],
    )
    result = compute(table_of(rows), [Offered(direction="all")], grouping=grouping)
    assert result.records.tolist() == [1] * 24
    assert minute(result.labels["interval_start"][0]) == "2026-03-02 08:00"
    assert minute(result.labels["interval_start"][-1]) == "2026-03-02 19:30"
    # On a Sunday the weekday windows hold nothing: an empty result.
    sunday = every(datetime(2026, 3, 1, 6, tzinfo=UTC), 30, 16)
    assert len(compute(table_of(sunday), [Offered()], grouping=grouping)) == 0


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/Dublin", datetime(2026, 3, 28, 20, tzinfo=UTC)),
        ("Europe/Dublin", datetime(2026, 10, 24, 20, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 3, 8, 2, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 11, 1, 2, tzinfo=UTC)),
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 12, tzinfo=UTC)),
    ],
)
def test_opening_hours_match_the_oracle_across_clock_changes(zone: str, start: datetime) -> None:
    rows = every(start, 7, 12)
    hours = (
        WeeklyHours(days=frozenset(Weekday), opens=time(0, 30), closes=time(2, 45)),
        WeeklyHours(days=SUNDAY, opens=time(5), closes=time(5, 21)),
    )
    grouping = Grouping(by=("channel_id",), interval="15min", time_zone=zone, within_hours=hours)
    metric = ServiceLevel(short_abandon_seconds=None)
    result = compute(table_of(rows), [metric], grouping=grouping)
    expected = oracle(rows, metric, grouping.by, "15min", zone, hours)
    assert sum(r for *_, r in expected.values()) > 0
    assert observed(result, metric.name) == {
        key: (float(n), d, e, None if v is None else float(v), r)
        for key, (n, d, e, v, r) in expected.items()
    }


def test_opening_hours_are_described_and_validated() -> None:
    hours = (WeeklyHours(days=frozenset(list(Weekday)[:3]) | SUNDAY, opens=time(8),
                         closes=time(12, 30)),)  # fmt: skip
    grouping = Grouping(by=("channel_id",), time_zone="Europe/Dublin", within_hours=hours)
    assert grouping.describe() == (
        "per channel_id; only contacts offered Mon-Wed,Sun 08:00-12:30 (Europe/Dublin)"
    )
    with pytest.raises(
        CalculationError, match=r"expected within_hours as None or a non-empty tuple"
    ):
        Grouping(within_hours=())
    with pytest.raises(CalculationError, match=r"of WeeklyHours, found \('08:00-20:00',\)"):
        Grouping(within_hours=("08:00-20:00",))  # type: ignore[arg-type]
    assert Grouping(within_hours=list(hours)).within_hours == hours  # type: ignore[arg-type]


# --- the interval a contact counts in: offered, or when its wait ended ---------------------


def test_wait_end_counts_a_contact_in_the_interval_it_was_answered() -> None:
    # Monday 2 March 2026 (UTC).  Offered 09:50, answered after 900 s at 10:05: interval
    # 09:30 by offer, 10:00 by wait end.  Offered 09:40, abandoned after 30 s at 09:40:30:
    # 09:30 either way (the moment the customer gave up).  Offered 10:20, answered after
    # 1200 s at 10:40: 10:00 by offer, 10:30 by wait end.
    rows = [
        Row(offered_at=datetime(2026, 3, 2, 9, 50, tzinfo=UTC), wait=900.0, outcome="answered"),
        Row(offered_at=datetime(2026, 3, 2, 9, 40, tzinfo=UTC), wait=30.0, outcome="abandoned"),
        Row(offered_at=datetime(2026, 3, 2, 10, 20, tzinfo=UTC), wait=1200.0, outcome="answered"),
    ]
    by_offer = compute(table_of(rows), [Offered()], grouping=Grouping(interval="30min"))
    by_end = compute(
        table_of(rows), [Offered()], grouping=Grouping(interval="30min", interval_of="wait_end")
    )
    assert [minute(x) for x in by_offer.labels["interval_start"]] == [
        "2026-03-02 09:30",
        "2026-03-02 10:00",
    ]
    assert by_offer.records.tolist() == [2, 1]
    assert [minute(x) for x in by_end.labels["interval_start"]] == [
        "2026-03-02 09:30",
        "2026-03-02 10:00",
        "2026-03-02 10:30",
    ]
    assert by_end.records.tolist() == [1, 1, 1]


def test_wait_end_across_fall_back_lands_in_the_second_pass() -> None:
    # Sunday 25 October 2026 in Dublin: offered 00:50 UTC (01:50 IST, first pass of local
    # 01:00-02:00), answered 20 minutes later at 01:10 UTC (01:10 GMT, second pass).
    rows = [Row(offered_at=datetime(2026, 10, 25, 0, 50, tzinfo=UTC), wait=1200.0,
                outcome="answered")]  # fmt: skip
    grouping = Grouping(interval="60min", time_zone="Europe/Dublin", interval_of="wait_end")
    result = compute(table_of(rows), [Offered()], grouping=grouping)
    assert [minute(x) for x in result.labels["interval_start"]] == ["2026-10-25 01:00"]
    assert [minute(x) for x in result.labels["interval_start_utc"]] == ["2026-10-25 01:00"]
    offered = compute(
        table_of(rows), [Offered()], grouping=attrs.evolve(grouping, interval_of="offered")
    )
    assert [minute(x) for x in offered.labels["interval_start_utc"]] == ["2026-10-25 00:00"]


def test_within_hours_tests_the_same_moment_as_the_interval() -> None:
    # Hours Mon-Fri 09:00-18:00 UTC.  An e-mail offered Monday 17:55 and answered at 18:05 is
    # inside by offer, outside by wait end; one offered at 08:55, answered 09:05, the reverse.
    weekdays = frozenset(list(Weekday)[:5])
    hours = (WeeklyHours(days=weekdays, opens=time(9), closes=time(18)),)
    rows = [
        Row(offered_at=datetime(2026, 3, 2, 17, 55, tzinfo=UTC), wait=600.0, outcome="answered",
            channel="late"),
        Row(offered_at=datetime(2026, 3, 2, 8, 55, tzinfo=UTC), wait=600.0, outcome="answered",
            channel="early"),
    ]  # fmt: skip
    for moment, counted in [("offered", ["late"]), ("wait_end", ["early"])]:
        grouping = Grouping(by=("channel_id",), within_hours=hours, interval_of=moment)  # type: ignore[arg-type]
        result = compute(table_of(rows), [Offered()], grouping=grouping)
        assert result.labels["channel_id"].tolist() == counted


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Europe/Dublin", datetime(2026, 3, 28, 22, tzinfo=UTC)),
        ("Europe/Dublin", datetime(2026, 10, 24, 22, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 11, 1, 3, tzinfo=UTC)),
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 12, tzinfo=UTC)),
    ],
)
@pytest.mark.parametrize("interval", ["15min", "60min", "day"])
def test_wait_end_intervals_match_the_oracle_on_moved_contacts(
    zone: str, start: datetime, interval: str
) -> None:
    # The oracle groups by offered_at; moving each contact to the end of its wait there
    # (waits do not change) gives what interval_of="wait_end" must give.
    rows = [
        Row(offered_at=r.offered_at, wait=float(i * 97 % 5400) + 0.25, outcome=r.outcome,
            channel=r.channel)
        for i, r in enumerate(every(start, 7, 8))
    ]  # fmt: skip
    moved = [
        Row(offered_at=r.offered_at + timedelta(seconds=r.wait), wait=r.wait, outcome=r.outcome,
            channel=r.channel)
        for r in rows
    ]  # fmt: skip
    hours = (WeeklyHours(days=frozenset(Weekday), opens=time(0, 30), closes=time(3, 45)),)
    metric = ServiceLevel(short_abandon_seconds=None, threshold_seconds=600)
    for within in (None, hours):
        grouping = Grouping(by=("channel_id",), interval=interval, time_zone=zone,  # type: ignore[arg-type]
                            interval_of="wait_end", within_hours=within)  # fmt: skip
        result = compute(table_of(rows), [metric], grouping=grouping)
        expected = oracle(moved, metric, grouping.by, interval, zone, within)
        assert sum(r for *_, r in expected.values()) > 0
        assert observed(result, metric.name) == {
            key: (float(n), d, e, None if v is None else float(v), r)
            for key, (n, d, e, v, r) in expected.items()
        }


def test_interval_of_is_described_and_validated() -> None:
    weekdays = frozenset(list(Weekday)[:5])
    hours = (WeeklyHours(days=weekdays, opens=time(9), closes=time(18)),)
    assert Grouping(by=("channel_id",), interval="day", interval_of="wait_end").describe() == (
        "per channel_id, per day (UTC) in which the wait ended (answer or abandonment)"
    )
    assert Grouping(within_hours=hours, interval_of="wait_end").describe() == (
        "all records together; only contacts whose wait ended Mon-Fri 09:00-18:00 (UTC)"
    )
    with pytest.raises(
        CalculationError, match=r"Grouping\(\): expected interval_of in \{'offered', 'wait_end'\},"
        r" found 'answered'"
    ):  # fmt: skip
        Grouping(interval="day", interval_of="answered")  # type: ignore[arg-type]
    with pytest.raises(
        CalculationError,
        match=r"expected interval_of='wait_end' only with an interval or within_hours, found"
        r" neither",
    ):
        Grouping(interval_of="wait_end")


def test_a_wait_beyond_2116_is_cut_there_rather_than_overflowing() -> None:
    # 3e8 s (the longest wait a table holds) is about 9.5 years: from 2110 the wait would
    # end in 2119, but is cut at 2**62 ns after 1970 (2116-02-20).
    rows = [Row(offered_at=datetime(2110, 3, 2, 9, tzinfo=UTC), wait=3e8, outcome="answered")]
    grouping = Grouping(interval="month", interval_of="wait_end")
    result = compute(table_of(rows), [Offered()], grouping=grouping)
    assert minute(result.labels["interval_start"][0]) == "2116-02-01 00:00"


def test_local_days_at_both_ends_of_the_nanosecond_range() -> None:
    # datetime64[ns] holds 1677-09-21 to 2262-04-11.  Dublin kept its mean time,
    # UTC-00:25:21, in 1677, and its rules put 2262-04-01 in summer time (UTC+1):
    # 1677-09-25 00:00 UTC is 1677-09-24 23:34:39 local; 2262-04-01 00:00 UTC is 01:00 local.
    rows = [
        Row(offered_at=datetime(1677, 9, 25, tzinfo=UTC), wait=1.0, outcome="answered"),
        Row(offered_at=datetime(2262, 4, 1, tzinfo=UTC), wait=1.0, outcome="answered"),
    ]
    result = compute(
        table_of(rows), [Offered()], grouping=Grouping(interval="day", time_zone="Europe/Dublin")
    )
    assert result.labels["interval_start"].astype(str).tolist() == [
        "1677-09-24T00:00:00.000000000",
        "2262-04-01T00:00:00.000000000",
    ]
    assert result.labels["interval_start_utc"].astype(str).tolist() == [
        "1677-09-24T00:25:21.000000000",
        "2262-03-31T23:00:00.000000000",
    ]
    assert result["offered"].value.tolist() == [1.0, 1.0]
