"""Complaint KPIs: hand-worked examples, the plain-Python oracle on generated scopes, errors.

The hand-worked complaints (Dublin, March 2026; clocks go forward at 01:00 UTC
on Sunday 29 March), with the period ending at midnight starting 1 April,
Dublin summer time, i.e. 2026-03-31 23:00 UTC:

==== ============================ ============== ====================== ===========
id   received (local)             channel/client acknowledged           resolved
==== ============================ ============== ====================== ===========
C1   Mon 2 Mar 09:00              voice/acme     +1 h (3600 s)          +2 d
C2   Tue 10 Mar 12:00             chat/acme      +2 d (172800 s)        +10 d
C3   Sat 28 Mar 23:30 (GMT)       voice/acme     Sun 03:30 (IST): 3 h   open
C4   Tue 31 Mar 22:00 (IST)       voice/acme     never                  open
C7   Sun 15 Mar 12:00             voice/bolt     2 Apr (after the end)  open
C8   Sat 28 Feb 23:30 at -01:00   chat/bolt      +1 h                   +1 d
C5   Sat 28 Feb 23:59             voice/acme     (outside: February)
C6   1 Apr 00:30 (31 Mar 23:30 UTC) voice/acme   (outside: April, local day)
==== ============================ ============== ====================== ===========

C8 was received at 2026-03-01 00:30 UTC, 00:30 local: inside, though its own
offset puts it on 28 February.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import Complaint, ComplaintCategory, ComplaintOutcome, InteractionTable, Scope
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis import (
    ComplaintAcknowledgementTime,
    ComplaintRate,
    ComplaintResolutionTime,
    KpiResult,
    ResolvedComplaintShare,
    ServiceLevel,
    compute,
    measure,
)
from record_scopes import END, START, ZONE, as_dict, base_scope, record_scopes
from reference import records as ref

DUBLIN = ZoneInfo(ZONE)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)
SENTINEL = "CUSTOMER-SENTINEL-4711"


def _complaint(
    cid: str,
    received_at: datetime,
    *,
    channel: str = "voice",
    client: str = "acme",
    category: ComplaintCategory = ComplaintCategory.INTERACTION,
    ack: timedelta | datetime | None = None,
    resolved: timedelta | None = None,
) -> Complaint:
    acknowledged = received_at + ack if isinstance(ack, timedelta) else ack
    return Complaint(
        id=cid,
        client_id=client,
        channel_id=channel,
        received_at=received_at,
        category=category,
        customer_reference=SENTINEL,
        acknowledged_at=acknowledged,
        resolved_at=None if resolved is None else received_at + resolved,
        outcome=None if resolved is None else ComplaintOutcome.UPHELD,
    )


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=DUBLIN)


HAND = (
    _complaint("C1", local(2026, 3, 2, 9), ack=HOUR, resolved=2 * DAY),
    _complaint(
        "C2",
        local(2026, 3, 10, 12),
        channel="chat",
        category=ComplaintCategory.PRODUCT,
        ack=2 * DAY,
        resolved=10 * DAY,
    ),
    _complaint("C3", local(2026, 3, 28, 23, 30), ack=local(2026, 3, 29, 3, 30)),
    _complaint("C4", local(2026, 3, 31, 22), category=ComplaintCategory.POLICY),
    _complaint("C7", local(2026, 3, 15, 12), client="bolt", ack=local(2026, 4, 2, 9)),
    _complaint(
        "C8",
        datetime(2026, 2, 28, 23, 30, tzinfo=timezone(-HOUR)),
        channel="chat",
        client="bolt",
        category=ComplaintCategory.OTHER,
        ack=HOUR,
        resolved=DAY,
    ),
    _complaint("C5", local(2026, 2, 28, 23, 59), ack=HOUR),
    _complaint("C6", datetime(2026, 3, 31, 23, 30, tzinfo=UTC), ack=HOUR),
)


@pytest.fixture
def scope() -> Scope:
    return base_scope(complaints=HAND)


def contacts_table() -> InteractionTable:
    """March contacts: acme voice 1000 answered + 250 not, acme chat 500, bolt chat 200.

    Plus 300 answered acme voice contacts at 00:30 local on 1 April (23:30 UTC on
    31 March) and 100 on 28 February, both outside the period.
    """
    blocks = [
        ("voice", "acme", "2026-03-05T10:00", 1000, True),
        ("voice", "acme", "2026-03-05T11:00", 250, False),
        ("chat", "acme", "2026-03-06T10:00", 500, True),
        ("chat", "bolt", "2026-03-07T10:00", 200, True),
        ("voice", "acme", "2026-03-31T23:30", 300, True),
        ("voice", "acme", "2026-02-28T10:00", 100, True),
    ]
    channel, client, offered, answered = [], [], [], []
    for ch, cl, at, n, ans in blocks:
        channel += [ch] * n
        client += [cl] * n
        offered += [np.datetime64(at, "ns")] * n
        answered += [ans] * n
    return InteractionTable.from_columns(
        channel_id=channel,
        direction=["inbound"] * len(channel),
        client_id=client,
        offered_at=np.array(offered, dtype="datetime64[ns]"),
        wait_seconds=[5.0] * len(channel),
        answered=answered,
        abandoned=[not a for a in answered],
    )


def one(scope: Scope, metric: object, **kwargs: object) -> tuple[float, float, int, int]:
    result = measure(scope, [metric], start=START, end=END, **kwargs)  # type: ignore[list-item, arg-type]
    (name,) = result.definitions
    v = result[name]
    return float(v.value[0]), float(v.numerator[0]), int(v.denominator[0]), int(v.excluded[0])


# --- time to acknowledge ------------------------------------------------------------------


def test_mean_acknowledgement_time_by_hand(scope: Scope) -> None:
    # C1 3600 + C2 172800 + C3 10800 (23:30 GMT to 03:30 IST is 3 h) + C8 3600 = 190800 s
    # over 4; C4 never and C7 only after the period end: 2 excluded.  190800 / 4 = 47700.
    assert one(scope, ComplaintAcknowledgementTime()) == (47700.0, 190800.0, 4, 2)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # in time (<= 2 d): C1, C2 (exactly 2 d), C3, C8 = 4; pending C4, C7
        ({"pending": "exclude"}, (1.0, 4.0, 4, 2)),  # 4 / 4, both pending left out
        ({"pending": "missed"}, (4 / 6, 4.0, 6, 0)),  # 4 / (4 + 2)
        # C7 waited 16 d 11 h at the period end: missed; C4 only 2 h: left out.  4 / 5
        ({"pending": "missed_if_overdue"}, (0.8, 4.0, 5, 1)),
        # strictly under 2 d: C2's exact 172800 s is late.  3 / 4
        ({"pending": "exclude", "threshold_inclusive": False}, (0.75, 3.0, 4, 2)),
    ],
)
def test_share_acknowledged_within_two_days_by_hand(
    scope: Scope, options: dict[str, object], expected: tuple[float, float, int, int]
) -> None:
    metric = ComplaintAcknowledgementTime(
        statistic="within",
        threshold_seconds=172800,
        **options,  # type: ignore[arg-type]
    )
    value, numerator, denominator, excluded = one(scope, metric)
    assert (numerator, denominator, excluded) == expected[1:]
    assert value == pytest.approx(expected[0], rel=1e-12)


def test_pending_complaint_is_missed_if_overdue_only_strictly_past_an_inclusive_threshold(
    scope: Scope,
) -> None:
    # C4 has been waiting exactly 2 h at the period end (21:00 to 23:00 UTC): with a 2 h
    # inclusive threshold it could still have been in time, so it is left out; with an
    # exclusive one it can no longer be.  In time: C1 (1 h) and C8 (1 h); C3 took 3 h.
    inclusive = ComplaintAcknowledgementTime(
        statistic="within", threshold_seconds=7200, pending="missed_if_overdue"
    )
    exclusive = ComplaintAcknowledgementTime(
        statistic="within",
        threshold_seconds=7200,
        threshold_inclusive=False,
        pending="missed_if_overdue",
    )
    # inclusive: timed 4 (C1, C2, C3, C8), in time 2; C7 overdue -> 2 / 5, C4 excluded
    assert one(scope, inclusive)[1:] == (2.0, 5, 1)
    # exclusive: C4 at exactly 2 h is overdue too -> 2 / 6
    assert one(scope, exclusive)[1:] == (2.0, 6, 0)


def test_category_filter_keeps_only_interaction_complaints(scope: Scope) -> None:
    # C1, C3 and C7 are about the interaction: (3600 + 10800) / 2 = 7200; C7 pending
    assert one(scope, ComplaintAcknowledgementTime(categories=("interaction",))) == (
        7200.0,
        14400.0,
        2,
        1,
    )


def test_acknowledgement_time_per_channel_by_hand(scope: Scope) -> None:
    result = measure(
        scope, [ComplaintAcknowledgementTime()], start=START, end=END, by=("channel_id",)
    )
    v = result["complaint_acknowledgement_time"]
    assert result.labels["channel_id"].tolist() == ["chat", "voice"]
    # chat: C2 172800 + C8 3600 = 176400 / 2; voice: C1 3600 + C3 10800 / 2, C4 and C7 out
    assert v.value.tolist() == [88200.0, 7200.0]
    assert v.excluded.tolist() == [0, 2]
    assert result.records.tolist() == [2, 4]


# --- time to resolve and share resolved -----------------------------------------------------


def test_mean_resolution_time_from_receipt_by_hand(scope: Scope) -> None:
    # resolved by the end: C1 172800, C2 864000, C8 86400 = 1123200 / 3; C3, C4, C7 open
    assert one(scope, ComplaintResolutionTime()) == (374400.0, 1123200.0, 3, 3)


def test_mean_resolution_time_from_acknowledgement_by_hand(scope: Scope) -> None:
    # C1 172800 - 3600 = 169200; C2 864000 - 172800 = 691200; C8 86400 - 3600 = 82800
    # sum 943200 / 3 = 314400
    metric = ComplaintResolutionTime(clock_start="acknowledged")
    assert one(scope, metric) == (314400.0, 943200.0, 3, 3)


def test_share_resolved_within_three_days_counting_open_ones_as_missed(scope: Scope) -> None:
    # within 3 d (259200 s): C1 (2 d), C8 (1 d); C2 took 10 d; C3, C4, C7 open -> 2 / 6
    metric = ComplaintResolutionTime(
        statistic="within", threshold_seconds=259200, pending="missed"
    )
    value, *rest = one(scope, metric)
    assert rest == [2.0, 6, 0]
    assert value == pytest.approx(1 / 3, rel=1e-12)


def test_resolved_never_acknowledged_cannot_be_timed_from_acknowledgement() -> None:
    # resolved after 1 d without an acknowledgement: no clock start, excluded either way
    lone = _complaint("X", local(2026, 3, 3, 9), resolved=DAY)
    for pending in ("exclude", "missed"):
        metric = ComplaintResolutionTime(
            statistic="within",
            threshold_seconds=86400,
            clock_start="acknowledged",
            pending=pending,  # type: ignore[arg-type]
        )
        with pytest.warns(UndefinedKpiWarning):
            assert one(base_scope(complaints=(lone,)), metric)[1:] == (0.0, 0, 1)


def test_open_unacknowledged_complaint_has_no_time_on_the_acknowledgement_clock() -> None:
    # open and never acknowledged: pending with 0 s elapsed, so never overdue
    lone = _complaint("X", local(2026, 3, 3, 9))
    metric = ComplaintResolutionTime(
        statistic="within",
        threshold_seconds=60,
        clock_start="acknowledged",
        pending="missed_if_overdue",
    )
    with pytest.warns(UndefinedKpiWarning):
        assert one(base_scope(complaints=(lone,)), metric)[1:] == (0.0, 0, 1)


def test_resolution_before_acknowledgement_is_an_error_with_acknowledgement_clock() -> None:
    odd = _complaint("ODD-1", local(2026, 3, 3, 9), ack=2 * DAY, resolved=DAY)
    with pytest.raises(CalculationError, match=r"complaints ODD-1: expected resolved_at >= ackn"):
        one(base_scope(complaints=(odd,)), ComplaintResolutionTime(clock_start="acknowledged"))


def test_resolved_share_by_hand(scope: Scope) -> None:
    # received in March: C1, C2, C3, C4, C7, C8; resolved by the end: C1, C2, C8 -> 3 / 6
    assert one(scope, ResolvedComplaintShare()) == (0.5, 3.0, 6, 0)


# --- complaint rate -----------------------------------------------------------------------


def test_complaint_rate_per_thousand_answered_contacts_by_hand(scope: Scope) -> None:
    # 6 complaints / (1000 + 500 + 200) answered March contacts x 1000 = 3.529...
    value, numerator, denominator, _ = one(scope, ComplaintRate(), interactions=contacts_table())
    assert (numerator, denominator) == (6.0, 1700)
    assert value == pytest.approx(6 / 1700 * 1000, rel=1e-12)


def test_complaint_rate_per_hundred_offered_contacts_by_hand(scope: Scope) -> None:
    # offered adds the 250 unanswered: 6 / 1950 x 100
    metric = ComplaintRate(contacts="offered", per_contacts=100)
    value, _, denominator, _ = one(scope, metric, interactions=contacts_table())
    assert denominator == 1950
    assert value == pytest.approx(6 / 1950 * 100, rel=1e-12)


def test_complaint_rate_per_client_and_channel_by_hand(scope: Scope) -> None:
    # acme/chat 1 / 500; acme/voice C1, C3, C4 = 3 / 1000; bolt/chat C8 1 / 200;
    # bolt/voice C7 1 / 0 contacts: undefined
    with pytest.warns(UndefinedKpiWarning, match=r"complaint_rate in 1 of 4 groups"):
        result = measure(
            scope,
            [ComplaintRate()],
            start=START,
            end=END,
            by=("client_id", "channel_id"),
            interactions=contacts_table(),
        )
    keys = list(zip(result.labels["client_id"], result.labels["channel_id"], strict=True))
    assert keys == [("acme", "chat"), ("acme", "voice"), ("bolt", "chat"), ("bolt", "voice")]
    v = result["complaint_rate"]
    np.testing.assert_allclose(v.value[:3], [2.0, 3.0, 5.0], rtol=1e-12)
    assert np.isnan(v.value[3])
    assert v.denominator.tolist() == [500, 1000, 200, 0]


def test_complaint_rate_is_zero_with_contacts_and_no_complaints() -> None:
    # 0 / 1700; the group exists because of its contacts
    assert one(base_scope(), ComplaintRate(), interactions=contacts_table()) == (0.0, 0.0, 1700, 0)


def test_group_with_contacts_only_appears_in_grouped_rate() -> None:
    only = base_scope(complaints=(HAND[0],))  # one acme/voice complaint
    with pytest.warns(UndefinedKpiWarning):  # acknowledgement time has no complaint in 2
        result = measure(
            only,
            [ComplaintRate(), ComplaintAcknowledgementTime()],
            start=START,
            end=END,
            by=("client_id", "channel_id"),
            interactions=contacts_table(),
        )
    assert result["complaint_rate"].value.tolist() == [0.0, 1.0, 0.0]
    assert result.records.tolist() == [0, 1, 0]


# --- empty, undefined, and personal data --------------------------------------------------


def test_no_complaints_gives_one_undefined_group() -> None:
    with pytest.warns(UndefinedKpiWarning, match="complaint_acknowledgement_time"):
        value, numerator, denominator, excluded = one(base_scope(), ComplaintAcknowledgementTime())
    assert np.isnan(value)
    assert (numerator, denominator, excluded) == (0.0, 0, 0)


def test_no_complaints_grouped_gives_no_groups() -> None:
    result = measure(
        base_scope(), [ResolvedComplaintShare()], start=START, end=END, by=("client_id",)
    )
    assert len(result) == 0


def test_results_never_show_customer_references(scope: Scope) -> None:
    result = measure(
        scope, [ResolvedComplaintShare(), ComplaintResolutionTime()], start=START, end=END
    )
    shown = str(result) + repr(result) + result._repr_html_()
    assert SENTINEL not in shown
    assert "resolved_complaint_share" in shown


def test_time_zone_sets_which_local_day_a_complaint_falls_on(scope: Scope) -> None:
    # in UTC, C6 (23:30 UTC on 31 March) is in March and C8 (00:30 UTC on 1 March) too
    result = measure(scope, [ResolvedComplaintShare()], start=START, end=END, time_zone="UTC")
    assert result.records.tolist() == [7]


# --- the oracle on generated scopes ---------------------------------------------------------

BY = st.sampled_from([(), ("client_id",), ("channel_id",), ("client_id", "channel_id")])


def assert_matches(got: dict, expected: dict, by: tuple[str, ...]) -> None:  # type: ignore[type-arg]
    if not by:  # one group always, even without documents
        expected = expected or {(): (0.0, 0, 0, float("nan"))}
    assert set(got) == set(expected)
    for key, (numerator, denominator, excluded, value) in expected.items():
        g = got[key]
        assert g[1:3] == (denominator, excluded), key
        np.testing.assert_allclose(g[0], numerator, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(g[3], value, rtol=1e-9, equal_nan=True)


def measured(scope: Scope, metric: object, by: tuple[str, ...], **kwargs: object) -> KpiResult:
    """Measure one metric over March; undefined groups may warn, nothing else may."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return measure(scope, [metric], start=START, end=END, by=by, **kwargs)  # type: ignore[list-item, arg-type]


TIMES = st.sampled_from(
    [
        {"statistic": "mean"},
        {"statistic": "within", "threshold": 86400.0, "pending": "exclude"},
        {"statistic": "within", "threshold": 86400.0, "pending": "missed"},
        {"statistic": "within", "threshold": 172800.0, "pending": "missed_if_overdue"},
        {
            "statistic": "within",
            "threshold": 36000.0,
            "pending": "missed_if_overdue",
            "inclusive": False,
        },
    ]
)


def _time_metric(event: str, clock: str, o: dict[str, object]) -> object:
    options: dict[str, object] = {"statistic": o["statistic"]}
    if o["statistic"] == "within":
        options |= {
            "threshold_seconds": o["threshold"],
            "pending": o["pending"],
            "threshold_inclusive": o.get("inclusive", True),
        }
    if event == "acknowledged":
        return ComplaintAcknowledgementTime(**options)  # type: ignore[arg-type]
    return ComplaintResolutionTime(clock_start=clock, **options)  # type: ignore[arg-type]


@given(
    record_scopes(),
    BY,
    TIMES,
    st.sampled_from([("acknowledged", "received"), ("resolved", "received")]),
)
def test_complaint_times_match_the_oracle(
    scope: Scope, by: tuple[str, ...], options: dict[str, object], event_clock: tuple[str, str]
) -> None:
    event, clock = event_clock
    metric = _time_metric(event, clock, options)
    expected = ref.complaint_times(
        scope.complaints,
        start=START,
        end=END,
        zone=ZONE,
        by=by,
        event=event,
        clock_start=clock,
        statistic=str(options["statistic"]),
        threshold=options.get("threshold"),  # type: ignore[arg-type]
        inclusive=bool(options.get("inclusive", True)),
        pending=str(options.get("pending", "exclude")),
    )
    name = (
        "complaint_acknowledgement_time"
        if event == "acknowledged"
        else "complaint_resolution_time"
    )
    assert_matches(as_dict(measured(scope, metric, by), name), expected, by)


@given(record_scopes(), BY)
def test_resolved_share_matches_the_oracle(scope: Scope, by: tuple[str, ...]) -> None:
    expected = ref.resolved_share(scope.complaints, start=START, end=END, zone=ZONE, by=by)
    result = measured(scope, ResolvedComplaintShare(), by)
    assert_matches(as_dict(result, "resolved_complaint_share"), expected, by)


@given(record_scopes(), st.sets(st.sampled_from(list(ComplaintCategory)), min_size=1))
def test_category_filter_matches_the_oracle(
    scope: Scope, categories: set[ComplaintCategory]
) -> None:
    chosen = tuple(sorted(c.value for c in categories))
    metric = ComplaintAcknowledgementTime(categories=chosen)
    expected = ref.complaint_times(
        scope.complaints, start=START, end=END, zone=ZONE, categories=chosen
    )
    assert_matches(as_dict(measured(scope, metric, ()), metric.name), expected, ())


@given(record_scopes())
def test_complaint_rate_counts_the_oracles_complaints(scope: Scope) -> None:
    # per client and channel: the oracle's complaints over the hand-counted contacts
    contacts = {("acme", "chat"): 500, ("acme", "voice"): 1000, ("bolt", "chat"): 200}
    chosen = ref.received(scope.complaints, START, END, ZONE)
    by = ("client_id", "channel_id")
    result = measured(scope, ComplaintRate(), by, interactions=contacts_table())
    got = as_dict(result, "complaint_rate")
    for key in set(got) | set(contacts):
        n = sum(1 for c in chosen if (c.client_id, c.channel_id) == key)
        numerator, denominator, _, value = got[key]
        assert (numerator, denominator) == (n, contacts.get(key, 0))  # type: ignore[comparison-overlap]
        if key in contacts:
            assert value == pytest.approx(n / contacts[key] * 1000, rel=1e-12)


# --- invariants ---------------------------------------------------------------------------


@given(record_scopes())
def test_groups_add_up_to_the_whole(scope: Scope) -> None:
    # every complaint is in exactly one client: numerators and denominators sum to the total
    metric = ComplaintResolutionTime(statistic="within", threshold_seconds=86400, pending="missed")
    whole = as_dict(measured(scope, metric, ()), metric.name)[()]
    parts = as_dict(measured(scope, metric, ("client_id",)), metric.name).values()
    assert sum(p[0] for p in parts) == whole[0]
    assert sum(p[1] for p in parts) == whole[1]
    assert sum(p[2] for p in parts) == whole[2]


@given(record_scopes(), st.sampled_from([3600.0, 86400.0]))
def test_share_in_time_grows_with_the_threshold(scope: Scope, threshold: float) -> None:
    def share(t: float) -> float:
        metric = ComplaintAcknowledgementTime(
            statistic="within", threshold_seconds=t, pending="missed"
        )
        return as_dict(measured(scope, metric, ()), metric.name)[()][0]

    assert share(threshold) <= share(threshold * 2)


@given(record_scopes())
def test_pending_options_are_ordered(scope: Scope) -> None:
    # counting pending complaints as missed can only lower the share: missed <= overdue <= exclude
    def value(pending: str) -> float:
        metric = ComplaintAcknowledgementTime(
            statistic="within",
            threshold_seconds=86400,
            pending=pending,  # type: ignore[arg-type]
        )
        return as_dict(measured(scope, metric, ()), metric.name)[()][3]

    missed, overdue, excluded = value("missed"), value("missed_if_overdue"), value("exclude")
    # only defined values compare: with every complaint pending and none overdue,
    # "missed_if_overdue" has nothing left to divide by (NaN) while "missed" gives 0
    if not np.isnan(missed) and not np.isnan(overdue):
        assert missed <= overdue + 1e-12
    if not np.isnan(overdue) and not np.isnan(excluded):
        assert overdue <= excluded + 1e-12


# --- errors ---------------------------------------------------------------------------------


def test_measure_refuses_interaction_metrics(scope: Scope) -> None:
    with pytest.raises(
        CalculationError, match=r"ServiceLevel\(\), which is measured from interaction"
    ):
        measure(scope, [ServiceLevel()], start=START, end=END)


def test_compute_refuses_document_metrics() -> None:
    with pytest.raises(
        CalculationError, match=r"ComplaintRate\(\), which is measured from a scope's"
    ):
        compute(contacts_table(), [ComplaintRate()])


def test_complaint_rate_needs_interactions(scope: Scope) -> None:
    with pytest.raises(CalculationError, match=r"expected interactions for ComplaintRate\(\)"):
        measure(scope, [ComplaintRate()], start=START, end=END)


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (("agent_id",), r"found 'agent_id'; ComplaintRate\(\) reads complaints, which carry"),
        ("client_id", r"found 'client_id'; write by=\('client_id',\)"),
        (("client_id", "client_id"), r"expected by as distinct field names"),
    ],
)
def test_by_must_name_fields_the_documents_carry(scope: Scope, by: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        measure(
            scope, [ComplaintRate()], start=START, end=END, by=by, interactions=contacts_table()
        )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime(2026, 3, 1, tzinfo=UTC), END, r"expected start as a datetime.date"),
        (START, START, r"expected end after start"),
        (START, "2026-04-01", r"expected end as a datetime.date"),
    ],
)
def test_period_must_be_whole_days_in_order(
    scope: Scope, start: object, end: object, message: str
) -> None:
    with pytest.raises(CalculationError, match=message):
        measure(scope, [ResolvedComplaintShare()], start=start, end=end)  # type: ignore[arg-type]


def test_complaints_need_a_time_zone_without_a_centre() -> None:
    bare = Scope(name="no centre", complaints=())
    with pytest.raises(
        CalculationError, match=r"expected time_zone for ResolvedComplaintShare\(\)"
    ):
        measure(bare, [ResolvedComplaintShare()], start=START, end=END)
    with pytest.warns(UndefinedKpiWarning):
        assert (
            len(measure(bare, [ResolvedComplaintShare()], start=START, end=END, time_zone="UTC"))
            == 1
        )


def test_unknown_time_zone_is_refused(scope: Scope) -> None:
    with pytest.raises(CalculationError, match=r"expected time_zone as an IANA zone name"):
        measure(scope, [ResolvedComplaintShare()], start=START, end=END, time_zone="Mars/Base")


def test_metrics_must_be_a_sequence_of_distinct_definitions(scope: Scope) -> None:
    with pytest.raises(CalculationError, match="wrap it in a list"):
        measure(scope, ResolvedComplaintShare(), start=START, end=END)  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match="distinct KPI names"):
        measure(scope, [ResolvedComplaintShare()] * 2, start=START, end=END)
    with pytest.raises(CalculationError, match="expected a Scope"):
        measure("scope", [ResolvedComplaintShare()], start=START, end=END)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: ComplaintAcknowledgementTime(statistic="within"),
            r"expected threshold_seconds with statistic='within', found None",
        ),
        (
            lambda: ComplaintAcknowledgementTime(threshold_seconds=60),
            r"expected threshold_seconds only with statistic='within', found threshold_seconds=60",
        ),
        (
            lambda: ComplaintResolutionTime(pending="missed"),
            r"expected pending only with statistic='within'",
        ),
        (
            lambda: ComplaintResolutionTime(statistic="median"),
            r"expected statistic in \{'mean', 'within'\}, found 'median'",
        ),
        (lambda: ComplaintResolutionTime(clock_start="sent"), r"expected clock_start in"),
        (
            lambda: ComplaintRate(per_contacts=0),
            r"expected per_contacts as a whole number >= 1, found 0",
        ),
        (
            lambda: ComplaintRate(per_contacts=True),
            r"expected per_contacts as a whole number >= 1",
        ),
        (
            lambda: ComplaintRate(categories=("rude",)),
            r"expected categories as None or a non-empty tuple of distinct values from \{'inter",
        ),
        (
            lambda: ComplaintRate(categories=()),
            r"expected categories as None or a non-empty tuple",
        ),
        (
            lambda: ResolvedComplaintShare(name="share resolved"),
            r"expected name of letters, digits and underscores",
        ),
        (
            lambda: ComplaintAcknowledgementTime(statistic="within", threshold_seconds=-1),
            r"expected threshold_seconds as a finite number >= 0",
        ),
    ],
)
def test_options_are_validated(make: object, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        make()  # type: ignore[operator]


def test_categories_accept_a_single_name_and_lists() -> None:
    assert ComplaintRate(categories="product").categories == (ComplaintCategory.PRODUCT,)
    assert ComplaintRate(categories=["product", "policy"]).categories == (  # type: ignore[arg-type]
        ComplaintCategory.PRODUCT,
        ComplaintCategory.POLICY,
    )


def test_describe_states_every_option() -> None:
    metric = ComplaintResolutionTime(
        statistic="within",
        threshold_seconds=259200,
        threshold_inclusive=False,
        pending="missed_if_overdue",
        clock_start="acknowledged",
        categories=("interaction", "product"),
    )
    assert metric.describe() == (
        "complaint_resolution_time: interaction or product complaints resolved within"
        " 259200 s of acknowledgement (< 259200 s) / interaction or product complaints"
        " received; not resolved by the period end: counted as missed if at or over 259200 s"
        " by then, else excluded"
    )
    assert ComplaintRate(contacts="offered", direction="inbound", per_contacts=100).describe() == (
        "complaint_rate: complaints received per 100 offered inbound contacts"
    )
