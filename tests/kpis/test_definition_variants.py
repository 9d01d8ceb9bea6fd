"""Definition variants, the new interaction KPIs and the platform presets, worked by hand."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from iso18295.errors import CalculationError
from iso18295.kpis import (
    AbandonmentRate,
    AverageSpeedOfAnswer,
    FirstContactResolution,
    Kpi,
    Missed,
    NetPromoterScore,
    ServiceLevel,
    amazon_connect_kpis,
    cisco_ucce_kpis,
    compute,
    genesys_cloud_kpis,
)
from reference.kpis import Row, table_of

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(second: int) -> datetime:
    return T0 + timedelta(seconds=second)


def one(rows: list[Row], metric: Kpi) -> tuple[float, float, int, int]:
    """Compute one metric over all rows: value, numerator, denominator, excluded."""
    v = compute(table_of(rows), [metric])[metric.name]
    return float(v.value[0]), float(v.numerator[0]), int(v.denominator[0]), int(v.excluded[0])


# Eight inbound contacts: answered after 5, 20 (exactly the threshold), 30 and 0 s;
# abandoned after 5 (exactly the short-abandon cut-off), 3 and 40 s; one flowed out
# (neither answered nor abandoned) after 60 s.
QUEUE = [
    Row(offered_at=at(0), wait=5.0, outcome="answered"),
    Row(offered_at=at(1), wait=20.0, outcome="answered"),
    Row(offered_at=at(2), wait=30.0, outcome="answered"),
    Row(offered_at=at(3), wait=5.0, outcome="abandoned"),
    Row(offered_at=at(4), wait=3.0, outcome="abandoned"),
    Row(offered_at=at(5), wait=40.0, outcome="abandoned"),
    Row(offered_at=at(6), wait=60.0, outcome="other"),
    Row(offered_at=at(7), wait=0.0, outcome="answered"),
]


def test_short_abandon_cut_off_is_exclusive_by_default() -> None:
    # Short: only the 3 s abandon (< 5).  In time: 5, 20, 0 s.  Offered less short: 7.
    assert one(QUEUE, ServiceLevel()) == (3 / 7, 3.0, 7, 1)


def test_inclusive_short_abandon_cut_off_takes_the_abandon_at_exactly_the_cut_off() -> None:
    # Short: the 3 s and the 5 s abandons (<= 5).  Offered less short: 6.
    assert one(QUEUE, ServiceLevel(short_abandon_inclusive=True)) == (3 / 6, 3.0, 6, 2)


def test_short_calls_are_a_second_cut_off_for_answered_contacts() -> None:
    # Talk times: the 5 s answer talked 3 s (a short call under 10 s), the 20 s one 10 s
    # (exactly the cut-off: not short), the 30 s one 200 s, the 0 s one unrecorded (never
    # short).  In time: 20 and 0 s; denominator 7 - 1 short call = 6; excluded: the 3 s
    # abandon and the short call.
    rows = list(QUEUE)
    for i, talk in [(0, 3.0), (1, 10.0), (2, 200.0)]:
        rows[i] = Row(offered_at=rows[i].offered_at, wait=rows[i].wait, outcome="answered",
                      talk=talk)  # fmt: skip
    assert one(rows, ServiceLevel(short_call_seconds=10)) == (2 / 6, 2.0, 6, 2)
    assert one(rows, ServiceLevel()) == (3 / 7, 3.0, 7, 1)


def test_two_abandon_cut_offs_ignore_the_shortest_and_count_the_others_as_met() -> None:
    # A short-call timer of 4 s and the threshold as second cut-off (abandons under 20 s
    # met): the 3 s abandon counts nowhere; the 5 s one is met; the 40 s one missed.
    # Numerator: 5, 20, 0 s answers + the 5 s abandon = 4; denominator 8 - 1 = 7.
    sl = ServiceLevel(ignore_abandons_under_seconds=4, short_abandon_seconds=20,
                      short_abandons="met")  # fmt: skip
    assert one(QUEUE, sl) == (4 / 7, 4.0, 7, 1)
    # The same with the cut-off at exactly 5 s, inclusive: the 5 s abandon is ignored too.
    inclusive = attrs.evolve(sl, ignore_abandons_under_seconds=5, short_abandon_inclusive=True)
    assert one(QUEUE, inclusive) == (3 / 6, 3.0, 6, 2)
    # Abandons under 20 s excluded as short (the 3 s one is also under the timer; counted
    # once): 3 answered in time of 8 - 2.
    ignored = attrs.evolve(sl, short_abandons="exclude")
    assert one(QUEUE, ignored) == (3 / 6, 3.0, 6, 2)


def test_too_many_cut_offs_for_one_count_are_refused() -> None:
    with pytest.raises(CalculationError, match=r"at most 6 row conditions in one count, found 7"):
        ServiceLevel(ignore_abandons_under_seconds=3, short_call_seconds=3,
                     denominator="answered_or_abandoned_after_threshold")  # fmt: skip


def test_service_level_over_answered_or_abandoned_leaves_flow_outs_out() -> None:
    # Answered 4 + abandoned not short (the 40 s) 1 = 5; the flow-out counts nowhere.
    sl = ServiceLevel(denominator="answered_or_abandoned", short_abandon_inclusive=True)
    assert one(QUEUE, sl) == (3 / 5, 3.0, 5, 2)


def test_abandonment_rate_inclusive_cut_off() -> None:
    # Short (<= 5): 2; abandoned otherwise: the 40 s only; offered less short: 6.
    rate = AbandonmentRate(short_abandon_inclusive=True)
    assert one(QUEUE, rate) == (1 / 6, 1.0, 6, 2)


def test_abandons_after_the_cut_off_over_all_offered() -> None:
    # Abandons after more than 5 s: the 40 s one; over all 8 offered; nothing excluded.
    rate = AbandonmentRate(short_abandon_inclusive=True, short_abandons="offered_only")
    assert one(QUEUE, rate) == (1 / 8, 1.0, 8, 0)


def test_abandonment_rate_over_answered_or_abandoned() -> None:
    # No short-abandon rule: 3 abandoned over 4 answered + 3 abandoned.
    rate = AbandonmentRate(denominator="answered_or_abandoned", short_abandon_seconds=None)
    assert one(QUEUE, rate) == (3 / 7, 3.0, 7, 0)


def test_speed_of_answer_populations() -> None:
    # Answered: (5 + 20 + 30 + 0) / 4; offered: all eight waits (163 s) / 8;
    # delayed: answered with a wait > 0, (5 + 20 + 30) / 3.
    assert one(QUEUE, AverageSpeedOfAnswer()) == (13.75, 55.0, 4, 0)
    assert one(QUEUE, AverageSpeedOfAnswer(population="offered")) == (163 / 8, 163.0, 8, 0)
    assert one(QUEUE, AverageSpeedOfAnswer(population="delayed")) == (55 / 3, 55.0, 3, 0)


def test_missed_counts_unanswered_contacts_without_short_abandons_if_asked() -> None:
    # Unanswered: the three abandons and the flow-out; without abandons up to 5 s: 2.
    assert one(QUEUE, Missed())[:2] == (4.0, 4.0)
    assert one(QUEUE, Missed(short_abandon_seconds=5, short_abandon_inclusive=True))[:2] == (
        2.0,
        2.0,
    )


def test_first_contact_resolution_without_transferred_contacts() -> None:
    rows = [
        Row(offered_at=at(0), wait=1.0, outcome="answered", resolved=1, transferred=True),
        Row(offered_at=at(1), wait=1.0, outcome="answered", resolved=1),
        Row(offered_at=at(2), wait=1.0, outcome="answered", resolved=0),
        Row(offered_at=at(3), wait=1.0, outcome="answered", resolved=-1),
    ]
    # Including transfers: 2 resolved of 3 recorded.  Excluding: 1 of 2; the transfer and
    # the unrecorded one are excluded.
    assert one(rows, FirstContactResolution()) == (2 / 3, 2.0, 3, 1)
    assert one(rows, FirstContactResolution(transfers="exclude")) == (1 / 2, 1.0, 2, 2)


def scored(*scores: float | None) -> list[Row]:
    return [
        Row(offered_at=at(i), wait=1.0, outcome="answered", satisfaction=s)
        for i, s in enumerate(scores)
    ]


def test_net_promoter_score_by_hand() -> None:
    # 10 and 9 promoters, 8 and 7 passives, 6 and 0 detractors, one unscored: (2 - 2) / 6.
    assert one(scored(10, 9, 8, 7, 6, 0, None), NetPromoterScore()) == (0.0, 0.0, 6, 0)
    # 10, 10, 9 promoters, 3 a detractor: (3 - 1) / 4.
    assert one(scored(10, 10, 9, 3), NetPromoterScore()) == (0.5, 2.0, 4, 0)
    # Only detractors: -1.
    assert one(scored(1, 2), NetPromoterScore())[0] == -1.0


def test_net_promoter_score_needs_the_minimum_responses() -> None:
    with pytest.warns(UserWarning, match="net_promoter_score"):
        value = one(scored(10, 9), NetPromoterScore(minimum_responses=3))[0]
    assert math.isnan(value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ServiceLevel(short_abandon_inclusive="yes"), r"short_abandon_inclusive as True"),
        (lambda: ServiceLevel(denominator="queued"), r"denominator in \{'offered'"),
        (lambda: ServiceLevel(short_call_seconds=math.nan), r"short_call_seconds as a finite"),
        (lambda: AbandonmentRate(short_abandons="late"), r"short_abandons in"),
        (lambda: AbandonmentRate(denominator="answered"), r"denominator in"),
        (lambda: AverageSpeedOfAnswer(population="all"), r"population in"),
        (lambda: Missed(short_abandon_seconds=-1), r"short_abandon_seconds as a finite"),
        (lambda: FirstContactResolution(transfers=False), r"transfers in"),
        (
            lambda: NetPromoterScore(promoter_minimum=6, detractor_maximum=6),
            r"detractor_maximum below promoter_minimum",
        ),
        (lambda: NetPromoterScore(minimum_responses=0), r"minimum_responses as a whole"),
    ],
)
def test_bad_options_raise_calculation_errors(make: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        make()  # type: ignore[operator]


# --- platform presets --------------------------------------------------------------------


def by_name(rows: list[Row], kpis: tuple[Kpi, ...]) -> dict[str, tuple[float, float, int, int]]:
    result = compute(table_of(rows), kpis)
    out = {}
    for kpi in kpis:
        v = result[kpi.name]
        out[kpi.name] = (
            float(v.value[0]),
            float(v.numerator[0]),
            int(v.denominator[0]),
            int(v.excluded[0]),
        )
    return out


def test_amazon_connect_counts_an_answer_at_exactly_x_as_late() -> None:
    # Answered after 10, 20 and 19.5 s, abandoned after 2 s, one flowed out after 30 s,
    # X = 20: "less than" X, so the 20 s answer misses; 2 of 5 queued.  Abandonment 1 of 5,
    # no short-abandon rule.  Queue answer time (10 + 20 + 19.5) / 3 = 16.5 s.
    rows = [
        Row(offered_at=at(0), wait=10.0, outcome="answered", talk=100, hold=0, after=20),
        Row(offered_at=at(1), wait=20.0, outcome="answered", talk=200, hold=10, after=30),
        Row(offered_at=at(2), wait=19.5, outcome="answered", talk=50, hold=0, after=0),
        Row(offered_at=at(3), wait=2.0, outcome="abandoned"),
        Row(offered_at=at(4), wait=30.0, outcome="other"),
    ]
    got = by_name(rows, amazon_connect_kpis(threshold_seconds=20))
    assert got["contacts_queued"][0] == 5.0
    assert got["service_level"] == (2 / 5, 2.0, 5, 0)
    assert got["abandonment_rate"] == (1 / 5, 1.0, 5, 0)
    assert got["average_queue_answer_time"] == (16.5, 49.5, 3, 0)
    # Handle time: (120 + 240 + 50) / 3.
    assert got["average_handle_time"][:3] == (410 / 3, 410.0, 3)


def genesys_rows() -> list[Row]:
    # 400 calls: 200 answered within 20 s (10 s), 100 answered later (30 s), 50 abandoned
    # after 5 s (short, under 10 s), 50 abandoned after 15 s; plus 20 flow-outs after 25 s.
    spec = [(200, 10.0, "answered"), (100, 30.0, "answered"), (50, 5.0, "abandoned"),
            (50, 15.0, "abandoned"), (20, 25.0, "other")]  # fmt: skip
    rows, i = [], 0
    for count, wait, outcome in spec:
        for _ in range(count):
            handled = outcome == "answered"  # 60 s talk, 10 s hold, 20 s after-call work
            rows.append(
                Row(offered_at=at(i), wait=wait, outcome=outcome, talk=60.0 if handled else None,
                    hold=10.0 if handled else None, after=20.0 if handled else None)
            )  # fmt: skip
            i += 1
    return rows


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # Default: (answered + abandoned) = 400; short abandons included.
        ({}, (200, 400)),
        # Short abandons switched off: 400 - 50 = 350 (200 / 350 = 57.14 %).
        ({"include_short_abandons": False}, (200, 350)),
        # Flow-outs switched on: 400 + 20.
        ({"include_flowouts": True}, (200, 420)),
        # Both: 400 + 20 - 50.
        ({"include_flowouts": True, "include_short_abandons": False}, (200, 370)),
    ],
)
def test_genesys_cloud_service_level_switches(
    options: dict[str, bool], expected: tuple[int, int]
) -> None:
    got = by_name(genesys_rows(), genesys_cloud_kpis(threshold_seconds=20, **options))
    value, numerator, denominator, _ = got["service_level"]
    assert (numerator, denominator) == expected
    assert value == expected[0] / expected[1]


def test_genesys_cloud_abandon_rate_is_over_all_entering_the_queue() -> None:
    # 100 abandoned of 420 that entered the queue; handling 60 + 10 + 20 s; speed of answer
    # (200 * 10 + 100 * 30) / 300.
    got = by_name(genesys_rows(), genesys_cloud_kpis())
    assert got["abandonment_rate"] == (100 / 420, 100.0, 420, 0)
    assert got["average_handling_time"][0] == 90.0
    assert got["average_speed_of_answer"] == (5000 / 300, 5000.0, 300, 0)


def test_presets_report_every_bad_option() -> None:
    with pytest.raises(CalculationError, match=r"threshold_seconds as a finite.*include_flowouts"):
        genesys_cloud_kpis(threshold_seconds=-1, include_flowouts="no")  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"amazon_connect_kpis\(\): expected threshold"):
        amazon_connect_kpis(threshold_seconds=math.inf)


def calls(spec: list[tuple[int, float, str]]) -> list[Row]:
    """Rows from (count, wait, outcome) triples, one second apart."""
    rows = []
    for count, wait, outcome in spec:
        rows += [
            Row(offered_at=at(len(rows) + i), wait=wait, outcome=outcome) for i in range(count)
        ]
    return rows


@pytest.mark.parametrize(
    ("abandoned", "expected"),
    [
        ("ignored", (70, 90)),  # 70 / (100 - 10) = 77.8 %
        ("negative", (70, 100)),  # 70 / 100
        ("positive", (80, 100)),  # (70 + 10) / 100
    ],
)
def test_cisco_service_level_types_on_the_guides_example(
    abandoned: str, expected: tuple[int, int]
) -> None:
    # Cisco's CTI Server guide illustrates its three formulas with 100 service level
    # events: 70 answered within the threshold, 10 abandoned within it, 20 that exceeded
    # it.  Here the 20 are 12 answered and 8 abandoned after waiting past the 20 s
    # threshold; the values are worked by hand from the guide's formulas.
    rows = calls([(70, 8.0, "answered"), (10, 12.0, "abandoned"),
                  (12, 35.0, "answered"), (8, 50.0, "abandoned")])  # fmt: skip
    (sl,) = cisco_ucce_kpis(threshold_seconds=20, abandoned=abandoned)  # type: ignore[arg-type]
    numerator, denominator = expected
    assert one(rows, sl) == (numerator / denominator, float(numerator), denominator, 0)


def test_cisco_ignored_abandons_on_the_unified_icm_example() -> None:
    # The Unified ICM guides' example: 50 calls answered in under 30 s and 80 that took
    # longer, abandons ignored: 50 / (50 + 80) = 38 %.
    rows = calls([(50, 12.0, "answered"), (80, 45.0, "answered")])
    (sl,) = cisco_ucce_kpis(threshold_seconds=30, abandoned="ignored")
    value, numerator, denominator, excluded = one(rows, sl)
    assert (numerator, denominator, excluded) == (50.0, 130, 0)
    assert round(value * 100) == 38


@pytest.mark.parametrize(
    ("abandoned", "expected"),
    [
        # Events: answered within (2), abandoned within (2: 6 s, 19.5 s), exceeded (3: the
        # answer and the abandon at exactly 20 s, the answer at 30 s); 3 short calls
        # (abandoned under 5 s) have no event.
        ("ignored", (2, 5)),  # 2 / (7 - 2)
        ("negative", (2, 7)),
        ("positive", (4, 7)),  # (2 + 2) / 7
    ],
)
def test_cisco_short_calls_and_the_threshold_itself(
    abandoned: str, expected: tuple[int, int]
) -> None:
    answered = [(1, 3.0, "answered"), (1, 19.9, "answered"), (1, 20.0, "answered"),
                (1, 30.0, "answered")]  # fmt: skip
    abandons = [(1, 6.0, "abandoned"), (1, 19.5, "abandoned"), (1, 20.0, "abandoned"),
                (2, 1.0, "abandoned"), (1, 4.9, "abandoned")]  # fmt: skip
    rows = calls(answered + abandons)
    (sl,) = cisco_ucce_kpis(
        threshold_seconds=20,
        abandoned=abandoned,  # type: ignore[arg-type]
        short_call_seconds=5,
    )
    value, numerator, denominator, excluded = one(rows, sl)
    assert (numerator, denominator) == (float(expected[0]), expected[1])
    assert value == expected[0] / expected[1]
    assert excluded == 3  # the short calls, whatever the type


def test_cisco_preset_lists_every_bad_option() -> None:
    with pytest.raises(CalculationError) as raised:
        cisco_ucce_kpis(
            threshold_seconds=-1,
            abandoned="sometimes",  # type: ignore[arg-type]
            short_call_seconds=math.nan,
        )
    message = str(raised.value)
    assert message.startswith("cisco_ucce_kpis(): expected threshold_seconds as a finite")
    assert (
        "expected abandoned as one of 'ignored', 'negative', 'positive', found 'sometimes'"
        in message
    )
    assert "expected short_call_seconds as a finite number >= 0, found nan" in message
