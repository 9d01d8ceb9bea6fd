"""Kpi definitions: hand-worked examples for every option, and option validation."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import attrs
import numpy as np
import pytest

from iso18295.errors import CalculationError, UndefinedKpiWarning
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
    Offered,
    ServiceLevel,
    TransferRate,
    compute,
)
from reference.kpis import Row, table_of

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(minute: int) -> datetime:
    return T0 + timedelta(minutes=minute)


def one(rows: list[Row], metric: Kpi) -> tuple[float, float, int, int]:
    """Compute one metric over all rows: value, numerator, denominator, excluded."""
    v = compute(table_of(rows), [metric])[metric.name]
    return float(v.value[0]), float(v.numerator[0]), int(v.denominator[0]), int(v.excluded[0])


# Waits 5 s and 30 s answered, 12 s abandoned, 3 s abandoned (a short abandon), 8 s
# neither answered nor abandoned (routed elsewhere), plus one outbound answered at 1 s.
QUEUE = [
    Row(offered_at=at(0), wait=5.0, outcome="answered"),
    Row(offered_at=at(1), wait=30.0, outcome="answered"),
    Row(offered_at=at(2), wait=12.0, outcome="abandoned"),
    Row(offered_at=at(3), wait=3.0, outcome="abandoned"),
    Row(offered_at=at(4), wait=8.0, outcome="other"),
    Row(offered_at=at(5), wait=1.0, outcome="answered", direction="outbound"),
]


def test_service_level_style_guide_example() -> None:
    # 5 s and 30 s answered, abandon at 12 s, threshold 20 s, short abandons excluded:
    # numerator 1 (the 5 s), denominator 2 + the 12 s abandon... the style guide's table has
    # no 3 s abandon or 'other' row: answered 5 and 30, abandoned 12 -> 1 / 3 offered.
    rows = QUEUE[:3]
    assert one(rows, ServiceLevel()) == (1 / 3, 1.0, 3, 0)
    # With the answered denominator the 12 s abandon drops out: 1 / 2.
    assert one(rows, ServiceLevel(denominator="answered")) == (0.5, 1.0, 2, 0)


def test_service_level_excludes_short_abandons_by_default() -> None:
    # Inbound: answered 5 (in time), 30 (late); abandoned 12, 3 (short, < 5 s); other 8.
    # Offered denominator without the short abandon: 5, 30, 12, other = 4; in time: 1.
    assert one(QUEUE, ServiceLevel()) == (0.25, 1.0, 4, 1)


def test_service_level_counts_short_abandons_as_met_or_missed() -> None:
    # met: numerator 1 + 1 = 2, denominator 5; missed: numerator 1, denominator 5.
    assert one(QUEUE, ServiceLevel(short_abandons="met")) == (0.4, 2.0, 5, 0)
    assert one(QUEUE, ServiceLevel(short_abandons="missed")) == (0.2, 1.0, 5, 0)


def test_service_level_without_short_abandon_rule_counts_every_abandon() -> None:
    # No rule: 5 inbound offered, 1 in time.
    assert one(QUEUE, ServiceLevel(short_abandon_seconds=None)) == (0.2, 1.0, 5, 0)


def test_service_level_answered_or_abandoned_after_threshold() -> None:
    # Answered 5, 30 -> in; abandon at 12 s is within 20 s -> out; short abandon excluded;
    # 'other' -> out.  1 / 2.  At threshold 10 s the 12 s abandon is late -> 1 / 3.
    sl = ServiceLevel(denominator="answered_or_abandoned_after_threshold")
    assert one(QUEUE, sl) == (0.5, 1.0, 2, 1)
    assert one(QUEUE, attrs.evolve(sl, threshold_seconds=10.0)) == (1 / 3, 1.0, 3, 1)


def test_service_level_threshold_inclusive_or_not() -> None:
    # Answered at exactly 20 s and at 21 s: <= 20 -> 1/2; < 20 -> 0/2.
    rows = [
        Row(offered_at=at(0), wait=20.0, outcome="answered"),
        Row(offered_at=at(1), wait=21.0, outcome="answered"),
    ]
    assert one(rows, ServiceLevel())[0] == 0.5
    assert one(rows, ServiceLevel(threshold_inclusive=False))[0] == 0.0


def test_service_level_direction_all_counts_outbound() -> None:
    # Adds the outbound answer at 1 s: numerator 2, denominator 5.
    assert one(QUEUE, ServiceLevel(direction="all")) == (0.4, 2.0, 5, 1)
    # Outbound alone: 1 / 1.
    assert one(QUEUE, ServiceLevel(direction="outbound")) == (1.0, 1.0, 1, 0)


def test_short_abandon_cutoff_is_strict() -> None:
    # An abandon at exactly 5.0 s is not short (short means less than 5 s).
    rows = [Row(offered_at=at(0), wait=5.0, outcome="abandoned")]
    assert one(rows, AbandonmentRate()) == (1.0, 1.0, 1, 0)


def test_average_speed_of_answer_is_mean_wait_of_answered() -> None:
    # Inbound answered waits 5 and 30: (5 + 30) / 2 = 17.5.
    assert one(QUEUE, AverageSpeedOfAnswer()) == (17.5, 35.0, 2, 0)


def test_abandonment_rate_options() -> None:
    # exclude: abandons 12 (3 is short, excluded) / offered 4 = 0.25.
    assert one(QUEUE, AbandonmentRate()) == (0.25, 1.0, 4, 1)
    # count: abandons 12 and 3 / offered 5 = 0.4; no cut-off gives the same.
    assert one(QUEUE, AbandonmentRate(short_abandons="count")) == (0.4, 2.0, 5, 0)
    assert one(QUEUE, AbandonmentRate(short_abandon_seconds=None)) == (0.4, 2.0, 5, 0)
    # A 15 s cut-off makes the 12 s abandon short too: 0 / 3.
    assert one(QUEUE, AbandonmentRate(short_abandon_seconds=15)) == (0.0, 0.0, 3, 2)


def test_counts() -> None:
    # Inbound offered 5, answered 2, abandoned 2; the denominator is the group's 6 records.
    assert one(QUEUE, Offered()) == (5.0, 5.0, 6, 0)
    assert one(QUEUE, Answered()) == (2.0, 2.0, 6, 0)
    assert one(QUEUE, Abandoned()) == (2.0, 2.0, 6, 0)
    assert one(QUEUE, Offered(direction="all"))[0] == 6.0


HANDLED = [
    Row(offered_at=at(0), wait=1, outcome="answered", talk=100, hold=20, after=30,
        resolved=1, transferred=True, satisfaction=5),
    Row(offered_at=at(1), wait=1, outcome="answered", talk=200, hold=None, after=40,
        resolved=0, satisfaction=3),
    Row(offered_at=at(2), wait=1, outcome="answered", talk=300, hold=0, after=50,
        resolved=-1, satisfaction=None),
    Row(offered_at=at(3), wait=1, outcome="abandoned", resolved=1, satisfaction=4),
]  # fmt: skip


def test_average_handling_time_skips_contacts_missing_a_component() -> None:
    # All three components: rows 1 (150) and 3 (350); row 2 lacks hold -> excluded.
    assert one(HANDLED, AverageHandlingTime()) == (250.0, 500.0, 2, 1)
    # Talk + after-contact: 130, 240, 350 -> 720 / 3 = 240.
    aht = AverageHandlingTime(components=("talk", "after_contact"))
    assert one(HANDLED, aht) == (240.0, 720.0, 3, 0)


def test_first_contact_resolution_by_flag() -> None:
    # Answered: resolved 1, 0, not recorded -> 1 / 2, 1 excluded; the abandoned row's
    # flag does not count.
    assert one(HANDLED, FirstContactResolution()) == (0.5, 1.0, 2, 1)


def test_customer_satisfaction_mean_and_top_box() -> None:
    # Scores 5, 3, 4 (the abandoned contact was surveyed too): mean 4; top box (>= 4) 2/3.
    assert one(HANDLED, CustomerSatisfaction()) == (4.0, 12.0, 3, 0)
    top = one(HANDLED, CustomerSatisfaction(method="top_box"))
    assert top == (2 / 3, 2.0, 3, 0)
    assert one(HANDLED, CustomerSatisfaction(method="top_box", top_box_minimum=5))[0] == 1 / 3


def test_customer_satisfaction_minimum_responses() -> None:
    # 3 responses: defined with minimum 3, undefined (NaN, with a warning) with minimum 4.
    assert one(HANDLED, CustomerSatisfaction(minimum_responses=3))[0] == 4.0
    with pytest.warns(UndefinedKpiWarning, match=r"customer_satisfaction in 1 of 1 groups"):
        value = one(HANDLED, CustomerSatisfaction(minimum_responses=4))[0]
    assert math.isnan(value)


def test_transfer_rate() -> None:
    # One of three answered contacts transferred.
    assert one(HANDLED, TransferRate()) == (1 / 3, 1.0, 3, 0)


def test_every_definition_names_itself_and_describes_every_option() -> None:
    sl = ServiceLevel(threshold_seconds=30, threshold_inclusive=False, short_abandon_seconds=10,
                      short_abandons="met", denominator="answered", name="sl_30")  # fmt: skip
    assert sl.describe() == (
        "sl_30: inbound contacts answered within 30 s (wait < 30 s) / answered;"
        " abandons under 10 s counted as met"
    )
    assert "no short-abandon rule" in ServiceLevel(short_abandon_seconds=None).describe()
    assert AverageHandlingTime().describe().startswith("average_handling_time: mean (talk + hold")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ServiceLevel(threshold_seconds=-1.0),
         r"ServiceLevel\(\): expected threshold_seconds as a finite number >= 0, found -1\.0"),
        (lambda: ServiceLevel(threshold_seconds=math.nan), r"threshold_seconds .* found nan"),
        (lambda: ServiceLevel(threshold_seconds=True), r"threshold_seconds .* found True"),
        (lambda: ServiceLevel(denominator="handled"),
         r"expected denominator in \{'offered', 'answered', "),
        (lambda: ServiceLevel(short_abandons="ignore"), r"short_abandons in .* found 'ignore'"),
        (lambda: ServiceLevel(short_abandon_seconds=-5), r"short_abandon_seconds .* found -5"),
        (lambda: ServiceLevel(direction="in"), r"expected direction in \{'inbound'"),
        (lambda: ServiceLevel(threshold_inclusive="yes"), r"threshold_inclusive"),
        (lambda: AbandonmentRate(short_abandons="met"), r"AbandonmentRate\(\): .*short_abandons"),
        (lambda: AverageHandlingTime(components=()), r"components as a non-empty tuple"),
        (lambda: AverageHandlingTime(components=("talk", "talk")), r"distinct names"),
        (lambda: AverageHandlingTime(components=["talk"]), r"found \['talk'\]"),
        (lambda: CustomerSatisfaction(method="median"), r"method in \{'mean', 'top_box'\}"),
        (lambda: CustomerSatisfaction(minimum_responses=0), r"minimum_responses .* >= 1"),
        (lambda: CustomerSatisfaction(top_box_minimum=math.inf), r"top_box_minimum"),
        (lambda: Offered(name="my offered"), r"expected name of letters"),
    ],
)  # fmt: skip
def test_bad_options_raise_metric_error_naming_the_option(make: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        make()  # type: ignore[operator]


def test_bad_options_are_metric_errors() -> None:
    with pytest.raises(CalculationError, match="threshold_inclusive"):
        ServiceLevel(threshold_inclusive="yes")  # type: ignore[arg-type]


def test_definitions_are_frozen_values() -> None:
    assert ServiceLevel() == ServiceLevel(threshold_seconds=20)
    assert hash(ServiceLevel()) == hash(ServiceLevel())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ServiceLevel().threshold_seconds = 30  # type: ignore[misc]


def test_service_level_is_monotone_in_the_threshold() -> None:
    rng = np.random.default_rng(7)
    rows = [
        Row(offered_at=at(i), wait=float(w), outcome=str(o))
        for i, (w, o) in enumerate(
            zip(rng.integers(0, 60, 200), rng.choice(["answered", "abandoned"], 200), strict=True)
        )
    ]
    levels = [one(rows, ServiceLevel(threshold_seconds=t))[0] for t in range(0, 61, 5)]
    assert levels == sorted(levels)
    assert all(0.0 <= x <= 1.0 for x in levels)


# Repeat contacts.  Customer A calls Monday 09:00 (answered) and again Tuesday 09:00 (answered):
# the first is repeated, the second not.  B calls Monday 09:00 and again 8 days later: neither
# is repeated within 7 days.  C's Monday call is followed by an answered outbound call to C on
# Wednesday.  One answered call has no customer reference.
DAY = timedelta(days=1)
REPEATS = [
    Row(offered_at=at(0), wait=1, outcome="answered", customer="A", queue="sales"),
    Row(offered_at=at(0) + DAY, wait=1, outcome="answered", customer="A", queue="care"),
    Row(offered_at=at(0), wait=1, outcome="answered", customer="B"),
    Row(offered_at=at(0) + 8 * DAY, wait=1, outcome="answered", customer="B"),
    Row(offered_at=at(0), wait=1, outcome="answered", customer="C"),
    Row(offered_at=at(0) + 2 * DAY, wait=1, outcome="answered", customer="C",
        direction="outbound"),
    Row(offered_at=at(0), wait=1, outcome="answered", customer=None),
]  # fmt: skip


def test_first_contact_resolution_by_repeat_contact() -> None:
    # Answered with a customer: A1 (repeated by A2), A2, B1, B2, C1 (the outbound call to C
    # is not a repeat by default), C's outbound call: 5 of 6 not repeated.  The contact
    # without a customer reference is excluded.
    fcr = FirstContactResolution(method="repeat")
    assert one(REPEATS, fcr) == (5 / 6, 5.0, 6, 1)


def test_repeat_options_window_queue_and_which_contacts_repeat() -> None:
    # repeats="all": C's outbound call repeats C1 too -> 4 / 6.
    assert one(REPEATS, FirstContactResolution(method="repeat", repeats="all"))[:3] == (
        4 / 6, 4.0, 6,
    )  # fmt: skip
    # A 9-day window: B2 (8 days after B1) repeats B1 as well -> 4 / 6.
    assert one(REPEATS, FirstContactResolution(method="repeat", repeat_within_days=9))[1] == 4.0
    # Same queue: A2 is in "care", A1 in "sales", so A1 is not repeated -> 6 / 6.
    fcr = FirstContactResolution(method="repeat", same_queue=True)
    assert one(REPEATS, fcr)[:3] == (1.0, 6.0, 6)
    # Only inbound contacts measured: the outbound call drops out of the denominator -> 4 / 5.
    assert one(REPEATS, FirstContactResolution(method="repeat", direction="inbound"))[:3] == (
        0.8, 4.0, 5,
    )  # fmt: skip


def test_repeat_window_end_is_inclusive_and_ties_are_not_repeats() -> None:
    # D calls twice at 09:00 and once exactly 1 day later: the two 09:00 calls are not repeats of
    # each other, but the 1-day-later call repeats both (a 1-day window includes its end).
    rows = [
        Row(offered_at=at(0), wait=1, outcome="answered", customer="D"),
        Row(offered_at=at(0), wait=1, outcome="answered", customer="D"),
        Row(offered_at=at(0) + DAY, wait=1, outcome="answered", customer="D"),
    ]
    assert one(rows, FirstContactResolution(method="repeat", repeat_within_days=1))[:3] == (
        1 / 3, 1.0, 3,
    )  # fmt: skip
    # A window one second shorter misses the third call: all three resolved.
    shorter = FirstContactResolution(method="repeat", repeat_within_days=1 - 1 / 86400)
    assert one(rows, shorter)[:3] == (1.0, 3.0, 3)


def test_an_abandoned_further_contact_is_a_repeat() -> None:
    # E's answered call is followed an hour later by a call E abandoned: not resolved.  The
    # abandoned call is not measured (not answered).  0 / 1.
    rows = [
        Row(offered_at=at(0), wait=1, outcome="answered", customer="E"),
        Row(offered_at=at(60), wait=40, outcome="abandoned", customer="E"),
    ]
    assert one(rows, FirstContactResolution(method="repeat")) == (0.0, 0.0, 1, 0)


def test_repeats_count_across_channels_and_groups() -> None:
    # F calls by voice, then writes by chat a minute later: the voice call is repeated even
    # though the chat is in another group.  Voice 0 / 1, chat 1 / 1.
    rows = [
        Row(offered_at=at(0), wait=1, outcome="answered", customer="F", channel="voice"),
        Row(offered_at=at(1), wait=1, outcome="answered", customer="F", channel="chat"),
    ]
    result = compute(
        table_of(rows),
        [FirstContactResolution(method="repeat")],
        grouping=Grouping(by=("channel_id",)),
    )
    assert result.labels["channel_id"].tolist() == ["chat", "voice"]
    assert result["first_contact_resolution"].value.tolist() == [1.0, 0.0]


def test_repeat_method_describes_its_options() -> None:
    fcr = FirstContactResolution(
        method="repeat", repeat_within_days=3, same_queue=True, repeats="all", direction="inbound"
    )
    assert fcr.describe() == (
        "first_contact_resolution: answered inbound contacts with no further contact of the"
        " same customer in the same queue within 3 days / answered inbound contacts with a"
        " customer reference"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: FirstContactResolution(method="survey"),
         r"expected method in \{'flag', 'repeat'\}"),
        (lambda: FirstContactResolution(method="repeat", repeat_within_days=0),
         r"expected repeat_within_days as a finite number of days > 0, found 0"),
        (lambda: FirstContactResolution(method="repeat", repeat_within_days=math.inf),
         r"repeat_within_days .* found inf"),
        (lambda: FirstContactResolution(method="repeat", same_queue=1), r"same_queue as True or"),
        (lambda: FirstContactResolution(method="repeat", repeats="outbound"),
         r"expected repeats in \{'inbound', 'all'\}"),
        (lambda: FirstContactResolution(repeat_within_days=3),
         r"expected repeat_within_days only with method='repeat', found repeat_within_days=3"),
        (lambda: FirstContactResolution(repeats="all"), r"repeats only with method='repeat'"),
    ],
)  # fmt: skip
def test_bad_first_contact_resolution_options(make: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        make()  # type: ignore[operator]


def test_repeat_contacts_without_customer_references_are_undefined() -> None:
    # No customer reference at all: every answered contact excluded, the value undefined.
    with pytest.warns(UndefinedKpiWarning, match=r"first_contact_resolution in 1 of 1"):
        value = one(QUEUE, FirstContactResolution(method="repeat"))
    assert math.isnan(value[0])
    assert value[1:] == (0.0, 0, 3)
