"""Channel availability: by hand, against a minute-by-minute oracle, loading and the schema."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import jsonschema
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iso18295
from iso18295 import Channel, ChannelKind, ChannelOutage, Direction, Scope, Weekday, WeeklyHours
from iso18295.errors import LoadError, ModelError, UndefinedKpiWarning
from iso18295.kpis import ChannelAvailability, measure
from record_scopes import ZONE, base_scope

DUBLIN = ZoneInfo(ZONE)
WEEKDAYS = frozenset(list(Weekday)[:5])
# Monday to Friday 08:00-20:00, Saturday 09:00-17:00 (local time, Europe/Dublin)
HOURS = (
    WeeklyHours(days=WEEKDAYS, opens=time(8), closes=time(20)),
    WeeklyHours(days=frozenset({Weekday.SATURDAY}), opens=time(9), closes=time(17)),
)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=DUBLIN)


def outage(start: datetime, end: datetime) -> ChannelOutage:
    return ChannelOutage(started_at=start, ended_at=end, cause="telephony provider failure")


def channel(
    cid: str,
    outages: tuple[ChannelOutage, ...] | None,
    hours: tuple[WeeklyHours, ...] | None = HOURS,
) -> Channel:
    return Channel(
        id=cid,
        kind=ChannelKind.VOICE,
        directions=frozenset({Direction.INBOUND}),
        opening_hours=hours,
        outages=outages,
    )


def scope_with(*channels: Channel) -> Scope:
    scope = base_scope()
    assert scope.centre is not None
    return attrs.evolve(scope, centre=attrs.evolve(scope.centre, channels=channels))


def availability(
    scope: Scope, start: date = date(2026, 3, 1), end: date = date(2026, 4, 1), by: tuple = ()
) -> tuple[list[float], list[float], list[int], list[int]]:
    result = measure(scope, [ChannelAvailability()], start=start, end=end, by=by)
    v = result["channel_availability"]
    return v.value.tolist(), v.numerator.tolist(), v.denominator.tolist(), v.excluded.tolist()


# March 2026 starts on a Sunday: 22 weekdays x 12 h + 4 Saturdays x 8 h = 296 h = 1,065,600 s.
MARCH_OPEN = 1_065_600


def test_no_outage_is_fully_available() -> None:
    assert availability(scope_with(channel("voice", ()))) == (
        [1.0],
        [MARCH_OPEN],
        [MARCH_OPEN],
        [0],
    )


def test_outage_inside_the_hours_is_subtracted() -> None:
    # Monday 2 March 10:00-12:00 local: 7,200 s down -> 1,058,400 / 1,065,600
    scope = scope_with(channel("voice", (outage(at(2, 10), at(2, 12)),)))
    value, numerator, denominator, _ = availability(scope)
    assert (numerator, denominator) == ([1_058_400.0], [MARCH_OPEN])
    assert value == [pytest.approx(1_058_400 / 1_065_600, rel=1e-12)]


def test_overlapping_outages_count_once_and_closed_time_counts_nothing() -> None:
    outages = (
        outage(at(2, 10), at(2, 12)),
        outage(at(2, 11), at(2, 13)),  # overlaps: 10:00-13:00 in all, 3 h
        outage(at(1, 9), at(1, 18)),  # Sunday 1 March: closed all day
        outage(at(6, 19), at(7, 10)),  # Friday 19:00-20:00 (1 h) + Saturday 09:00-10:00 (1 h)
    )
    # 3 h + 2 h = 5 h = 18,000 s
    numerator = availability(scope_with(channel("voice", outages)))[1]
    assert numerator == [MARCH_OPEN - 18_000.0]


def test_outage_crossing_the_period_is_clipped() -> None:
    # Tuesday 31 March 18:00 to Wednesday 1 April 10:00: only 18:00-20:00 in March (2 h)
    scope = scope_with(channel("voice", (outage(at(31, 18), at(1, 10, month=4)),)))
    assert availability(scope)[1] == [MARCH_OPEN - 7_200.0]


def test_clock_change_counts_elapsed_time() -> None:
    # Open Sundays 00:00-04:00; on 29 March 2026 Dublin skips 01:00-02:00, so that Sunday
    # has 3 h open: 4 x 4 h + 3 h = 19 h = 68,400 s; an outage 00:30-02:30 local is
    # 00:30-01:00 and 02:00-02:30 on the wall clock: 1 h down.
    hours = (WeeklyHours(days=frozenset({Weekday.SUNDAY}), opens=time(0), closes=time(4)),)
    down = outage(
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    )
    scope = scope_with(channel("voice", (down,), hours))
    assert availability(scope)[1:3] == ([68_400.0 - 3_600.0], [68_400])


def test_outages_not_supplied_give_no_value_never_full() -> None:
    scope = scope_with(channel("voice", None), channel("chat", ()))
    with pytest.warns(UndefinedKpiWarning, match="channel_availability"):
        value, _, _, excluded = availability(scope)
    assert np.isnan(value[0])
    assert excluded == [1]
    with pytest.warns(UndefinedKpiWarning):
        per_channel = availability(scope, by=("channel_id",))
    assert per_channel[0][0] == 1.0  # chat
    assert np.isnan(per_channel[0][1])  # voice
    assert per_channel[3] == [0, 1]


def test_opening_hours_not_supplied_or_empty_give_no_value() -> None:
    for hours in (None, ()):
        with pytest.warns(UndefinedKpiWarning):
            value = availability(scope_with(channel("voice", (), hours)))[0]
        assert np.isnan(value[0])


def test_channels_pool_their_seconds() -> None:
    # voice loses 2 h, chat (Saturdays 09:00-17:00 only: 4 x 8 h = 115,200 s) loses 8 h
    saturdays = (WeeklyHours(days=frozenset({Weekday.SATURDAY}), opens=time(9), closes=time(17)),)
    scope = scope_with(
        channel("voice", (outage(at(2, 10), at(2, 12)),)),
        channel("chat", (outage(at(7, 8), at(7, 18)),), saturdays),
    )
    value, numerator, denominator, _ = availability(scope)
    assert denominator == [MARCH_OPEN + 115_200]
    assert numerator == [MARCH_OPEN - 7_200.0 + 115_200 - 28_800.0]
    assert value == [pytest.approx((MARCH_OPEN + 115_200 - 36_000) / (MARCH_OPEN + 115_200))]


# --- against a minute-by-minute oracle -------------------------------------------------------

PERIOD = (date(2026, 3, 26), date(2026, 4, 2))  # a week over the clock change of 29 March


def oracle(hours: tuple[WeeklyHours, ...], outages: tuple[ChannelOutage, ...]) -> tuple[int, int]:
    """Open minutes and available minutes, walking every UTC minute of the period."""
    first = datetime(2026, 3, 26, tzinfo=DUBLIN).astimezone(UTC)
    last = datetime(2026, 4, 2, tzinfo=DUBLIN).astimezone(UTC)
    days = list(Weekday)
    opened = available = 0
    moment = first
    while moment < last:
        local = moment.astimezone(DUBLIN)
        wall = local.time()
        if any(days[local.weekday()] in h.days and h.opens <= wall < h.closes for h in hours):
            opened += 1
            if not any(o.started_at <= moment < o.ended_at for o in outages):
                available += 1
        moment += timedelta(minutes=1)
    return opened, available


@st.composite
def channels(draw: st.DrawFn) -> tuple[tuple[WeeklyHours, ...], tuple[ChannelOutage, ...]]:
    hours = []
    for _ in range(draw(st.integers(1, 3))):
        opens = draw(st.integers(0, 23 * 4))
        closes = draw(st.integers(opens + 1, 24 * 4 - 1))
        hours.append(
            WeeklyHours(
                days=frozenset(draw(st.sets(st.sampled_from(list(Weekday)), min_size=1))),
                opens=time(opens // 4, opens % 4 * 15),
                closes=time(closes // 4, closes % 4 * 15),
            )
        )
    outages = []
    origin = datetime(2026, 3, 25, 12, tzinfo=UTC)
    for _ in range(draw(st.integers(0, 5))):
        begin = origin + timedelta(minutes=draw(st.integers(0, 9 * 24 * 60)))
        outages.append(outage(begin, begin + timedelta(minutes=draw(st.integers(0, 3000)))))
    return tuple(hours), tuple(outages)


@settings(max_examples=25, deadline=None)
@given(channels())
def test_matches_a_minute_by_minute_walk(drawn: tuple) -> None:
    hours, outages = drawn
    opened, available = oracle(hours, outages)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        value, numerator, denominator, _ = availability(
            scope_with(channel("voice", outages, hours)), *PERIOD
        )
    assert (numerator, denominator) == ([available * 60.0], [opened * 60])
    if opened:
        assert value == [pytest.approx(available / opened, rel=1e-12)]
    else:
        assert np.isnan(value[0])


# --- the model, the loader and the schema ------------------------------------------------------


def test_outage_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ModelError, match=r"ended_at: expected a value on or after started_at"):
        outage(at(2, 12), at(2, 10))


def _document(outages: object) -> dict[str, object]:
    document = json.loads(iso18295.dump_scope_text(iso18295.examples.load_example()))
    document["centre"]["channels"][0]["outages"] = outages
    return document


GOOD = {
    "started_at": "2026-03-02T10:00:00+00:00",
    "ended_at": "2026-03-02T12:00:00Z",
    "cause": "telephony provider failure",
}


def test_loader_and_schema_accept_outages_and_keep_none_apart_from_empty() -> None:
    document = _document([GOOD])
    jsonschema.validate(document, iso18295.document_schema())
    scope = iso18295.load_scope_text(json.dumps(document), format="json")
    channels = scope.centre.channels  # type: ignore[union-attr]
    assert channels[0].outages == (  # type: ignore[index]
        ChannelOutage(
            started_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
            ended_at=datetime(2026, 3, 2, 12, tzinfo=UTC),
            cause="telephony provider failure",
        ),
    )
    assert channels[1].outages is None  # type: ignore[index]
    empty = iso18295.load_scope_text(json.dumps(_document([])), format="json")
    assert empty.centre.channels[0].outages == ()  # type: ignore[union-attr, index]
    dumped = json.loads(iso18295.dump_scope_text(empty))
    assert dumped["centre"]["channels"][0]["outages"] == []
    assert "outages" not in dumped["centre"]["channels"][1]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({**GOOD, "started_at": "2026-03-02T10:00:00"}, "started_at"),  # no offset
        ({**GOOD, "ended_at": 12}, "ended_at"),
        ({**GOOD, "channel": "bw-voice"}, "channel"),  # unknown key
        ({k: v for k, v in GOOD.items() if k != "cause"}, "cause"),  # missing
    ],
)
def test_loader_and_schema_refuse_a_bad_outage(bad: dict[str, object], field: str) -> None:
    document = _document([GOOD, bad])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            document,
            iso18295.document_schema(),
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )
    with pytest.raises(LoadError, match=rf"centre\.channels\[0\]\.outages\[1\]\.{field}"):
        iso18295.load_scope_text(json.dumps(document), format="json")
