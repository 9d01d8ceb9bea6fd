"""`check_targets` and the mapping from agreement targets to definitions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import pytest

from iso18295 import (
    ClientAgreement,
    Comparison,
    Complaint,
    ComplaintCategory,
    Direction,
    Frequency,
    Interaction,
    InteractionTable,
    KpiKind,
    KpiTarget,
    QualityEvaluation,
    Scope,
    examples,
)
from iso18295.errors import CalculationError
from iso18295.kpis import (
    AgentAttrition,
    ComplaintAcknowledgementTime,
    CustomerSatisfaction,
    QualityScore,
    ServiceLevel,
    SurveySatisfaction,
    TargetResult,
    TargetStatus,
    check_targets,
    compute,
)
from iso18295.kpis._definitions import target_pass
from iso18295.kpis._definitions.targets import MEASURES, kpi_for_target
from iso18295.kpis._engine.measure import measure_selected
from iso18295.kpis._engine.spans import Spans
from record_scopes import agent, base_scope

AS_OF = examples.EXAMPLE_AS_OF
DUBLIN = ZoneInfo("Europe/Dublin")


@pytest.fixture(scope="module")
def example_results() -> dict[tuple[str, str], object]:
    results = check_targets(examples.load_example(), examples.generate_interactions(), as_of=AS_OF)
    return {(r.agreement_id, r.target_id): r for r in results}


# --- the example ------------------------------------------------------------------------------


def test_example_targets_are_all_met(example_results: dict) -> None:  # type: ignore[type-arg]
    statuses = {key: r.status for key, r in example_results.items()}  # type: ignore[attr-defined]
    assert set(statuses.values()) == {TargetStatus.MET}
    assert len(statuses) == 11


def test_example_email_response_is_the_mean_wait_of_answered_march_emails(
    example_results: dict,  # type: ignore[type-arg]
) -> None:
    # Brightwater reports monthly: March 2026 in local days (Dublin), which starts at
    # 2026-03-01 00:00 UTC (GMT) and ends at 2026-03-31 23:00 UTC (IST from the 29th).
    table = examples.generate_interactions()
    offered = table["offered_at"]
    low, high = np.datetime64("2026-03-01T00:00", "ns"), np.datetime64("2026-03-31T23:00", "ns")
    channels = np.array(table.categories("channel_id"), dtype=object)[table["channel_id"]]
    directions = np.array(table.categories("direction"), dtype=object)[table["direction"]]
    mask = (offered >= low) & (offered < high) & (channels == "bw-email")
    mask &= (directions == "inbound") & table["answered"]
    waits = [float(w) for w in table["wait_seconds"][mask]]
    r = example_results[("agr-brightwater-2025", "email-response")]
    assert r.denominator == len(waits) > 0  # type: ignore[attr-defined]
    assert r.measured == pytest.approx(sum(waits) / len(waits), rel=1e-12)  # type: ignore[attr-defined]
    assert r.status is TargetStatus.MET  # type: ignore[attr-defined]


def test_example_quality_target_is_measured_from_the_brightwater_agents_evaluations(
    example_results: dict,  # type: ignore[type-arg]
) -> None:
    scope = examples.load_example()
    serving = {a.id for a in scope.agents if "brightwater" in a.client_ids}
    shares = [
        e.score / e.max_score
        for e in scope.quality_evaluations
        if e.agent_id in serving and date(2026, 3, 1) <= e.evaluated_on < date(2026, 4, 1)
    ]
    r = example_results[("agr-brightwater-2025", "quality")]
    assert (r.denominator, r.period_start, r.period_end) == (  # type: ignore[attr-defined]
        len(shares),
        date(2026, 3, 1),
        date(2026, 4, 1),
    )
    assert r.measured == pytest.approx(sum(shares) / len(shares), rel=1e-12)  # type: ignore[attr-defined]
    assert r.definition == (  # type: ignore[attr-defined]
        "quality_score: mean score / max_score of evaluations in the period"
        " (at least 1 evaluations)"
    )
    assert r.comparison is Comparison.AT_LEAST
    assert r.target == 0.8


def test_example_interaction_target_equals_compute_on_the_selected_rows(
    example_results: dict,  # type: ignore[type-arg]
) -> None:
    # Lumen's weekly period before 1 April 2026 is Monday 23 to Sunday 29 March, local days;
    # the clocks went forward on the 29th, so the week ends at 2026-03-29 23:00 UTC.
    table = examples.generate_interactions()
    low = np.datetime64(
        datetime(2026, 3, 23, tzinfo=DUBLIN).astimezone(UTC).replace(tzinfo=None), "ns"
    )
    high = np.datetime64(datetime(2026, 3, 29, 23, 0), "ns")
    offered = table["offered_at"]
    clients = np.array(table.categories("client_id"), dtype=object)[table["client_id"]]
    channels = np.array(table.categories("channel_id"), dtype=object)[table["channel_id"]]
    mask = (offered >= low) & (offered < high) & (clients == "lumen") & (channels == "lumen-voice")
    rows = InteractionTable.from_columns(
        **{
            name: (
                np.array((*table.categories(name), None), dtype=object)[table[name][mask]]
                if name in _CATEGORIES
                else table[name][mask]
            )
            for name in table.column_names
        }
    )
    sl = compute(rows, [ServiceLevel(threshold_seconds=30)])["service_level"]
    r = example_results[("agr-lumen-2024", "sl-voice")]
    assert (r.numerator, r.denominator) == (float(sl.numerator[0]), int(sl.denominator[0]))  # type: ignore[attr-defined]
    assert r.status is TargetStatus.MET
    assert r.measured == float(sl.value[0])


def test_all_record_targets_are_measured_in_one_pass_without_copies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Structural check that measuring every target stays linear in the records and
    # copies no column: one accumulate for every target of every reporting period,
    # over the caller's own table (the same object, not a selection), the periods
    # told apart by spans of time that cover exactly the periods' rows.
    calls: list[tuple[object, int, Spans]] = []
    real = target_pass._accumulate

    def recording(where: str, table: object, kpis: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append((table, len(kpis), kwargs["spans"]))
        return real(where, table, kpis, *args, **kwargs)

    def no_copies(*args: object) -> None:
        raise AssertionError("contact_rows copies the records")

    monkeypatch.setattr(target_pass, "_accumulate", recording)
    monkeypatch.setattr(target_pass, "contact_rows", no_copies)
    table = examples.generate_interactions()
    scope = _with_weekly_agreement(examples.load_example())
    results = check_targets(scope, table, as_of=AS_OF)
    periods = {
        (r.period_start, r.period_end)
        for r in results
        if r.kpi.value in {"service_level", "abandonment_rate", "average_speed_of_answer"}
    }
    assert len(periods) == 2  # the monthly agreements' March and the weekly one's week
    ((passed, n_kpis, spans),) = calls
    assert passed is table
    assert n_kpis >= 3  # several targets' KPIs in the one pass
    zone = scope.centre.time_zone  # type: ignore[union-attr]
    bounds = [
        int(datetime(d.year, d.month, d.day, tzinfo=ZoneInfo(zone)).timestamp()) * 10**9
        for period in periods
        for d in period
        if d is not None
    ]
    assert spans.edges.tolist() == sorted(set(bounds))
    assert spans.counted.all()
    weekly = [r for r in results if r.agreement_id == "agr-weekly"]
    week = (date(2026, 3, 23), date(2026, 3, 30))
    assert {(r.period_start, r.period_end) for r in weekly} == {week}
    measured = [r for r in weekly if r.kpi.value == "service_level"]
    assert measured
    assert all(r.status is not TargetStatus.NOT_MEASURED for r in measured)


def _with_weekly_agreement(scope: Scope) -> Scope:
    """Add a copy of Lumen's agreement reporting weekly, with its targets."""
    (lumen,) = (a for a in scope.agreements or () if a.id == "agr-lumen-2024")
    weekly = attrs.evolve(lumen, id="agr-weekly", reporting_frequency=Frequency.WEEKLY)
    return attrs.evolve(scope, agreements=(*(scope.agreements or ()), weekly))


_CATEGORIES = {
    "interaction_id",
    "channel_id",
    "direction",
    "queue",
    "campaign_id",
    "client_id",
    "customer_reference",
    "agent_id",
}


def test_without_interactions_only_document_targets_are_measured() -> None:
    results = check_targets(examples.load_example(), as_of=AS_OF)
    measured = [r.target_id for r in results if r.status is not TargetStatus.NOT_MEASURED]
    assert measured == ["quality"]
    sl = results[0]
    assert sl.reason == "needs interaction records, and none were supplied"
    assert (sl.measured, sl.numerator, sl.denominator) == (None, None, None)
    assert sl.definition is not None
    assert sl.definition.startswith("service_level:")


def _emails() -> InteractionTable:
    def email(n: int, arrived: datetime, answered: datetime) -> Interaction:
        return Interaction(
            id=f"e{n}",
            channel_id="bw-email",
            direction=Direction.INBOUND,
            client_id="brightwater",
            offered_at=arrived,
            wait_seconds=(answered - arrived).total_seconds(),
            answered=True,
        )

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 3, day, hour, minute, tzinfo=UTC)

    # bw-email keeps Mon-Fri 08:00-18:00 in Dublin, which is on GMT (= UTC) in early March.
    return InteractionTable.from_records(
        [
            # Fri 17:30 -> Mon 09:15: 229500 s of calendar time, 30 + 75 min = 6300 s open
            email(1, at(6, 17, 30), at(9, 9, 15)),
            # Tue 10:00 -> 11:30: 5400 s, all open
            email(2, at(10, 10), at(10, 11, 30)),
            # Wed 19:00 -> Thu 08:30: 48600 s of calendar time, 30 min = 1800 s open
            email(3, at(11, 19), at(12, 8, 30)),
        ]
    )


def _email_target(definition: str | None) -> Scope:
    scope = examples.load_example()
    brightwater = scope.agreements[0]
    targets = tuple(
        attrs.evolve(t, definition=definition) if t.id == "email-response" else t
        for t in brightwater.kpi_targets
    )
    return attrs.evolve(
        scope, agreements=(attrs.evolve(brightwater, kpi_targets=targets), *scope.agreements[1:])
    )


def _email_result(scope: Scope) -> TargetResult:
    (r,) = [
        r for r in check_targets(scope, _emails(), as_of=AS_OF) if r.target_id == "email-response"
    ]
    return r


def test_response_time_target_on_the_calendar_clock_by_hand() -> None:
    r = _email_result(_email_target(None))
    # (229500 + 5400 + 48600) / 3 = 94500 s > the agreed 86400 s
    assert (r.numerator, r.denominator, r.measured) == (283500.0, 3, 94500.0)
    assert r.status is TargetStatus.MISSED


def test_response_time_target_on_the_business_clock_uses_the_channels_hours() -> None:
    r = _email_result(_email_target("clock=business"))
    # (6300 + 5400 + 1800) / 3 = 4500 s of opening hours
    assert (r.numerator, r.denominator, r.measured) == (13500.0, 3, 4500.0)
    assert r.status is TargetStatus.MET
    assert r.definition is not None
    assert "business time Mon-Fri 08:00-18:00 (Europe/Dublin)" in r.definition


def test_response_time_target_on_the_business_clock_without_hours_says_why() -> None:
    scope = _email_target("clock=business")
    centre = scope.centre
    assert centre is not None
    channels = tuple(
        attrs.evolve(c, opening_hours=()) if c.id == "bw-email" else c for c in centre.channels
    )
    r = _email_result(attrs.evolve(scope, centre=attrs.evolve(centre, channels=channels)))
    assert r.status is TargetStatus.NOT_MEASURED
    assert r.reason is not None
    assert r.reason.startswith("invalid definition: ")
    assert "business_hours" in r.reason


# --- a hand-built agreement ----------------------------------------------------------------


def complaint(cid: str, day: int, ack_hours: float | None) -> Complaint:
    received = datetime(2026, 3, day, 9, 0, tzinfo=DUBLIN)
    return Complaint(
        id=cid,
        client_id="acme",
        channel_id="voice",
        received_at=received,
        category=ComplaintCategory.INTERACTION,
        acknowledged_at=None if ack_hours is None else received + timedelta(hours=ack_hours),
    )


def evaluation(eid: str, agent_id: str, score: float) -> QualityEvaluation:
    return QualityEvaluation(
        id=eid,
        interaction_id=f"INT-{eid}",
        agent_id=agent_id,
        evaluated_on=date(2026, 3, 10),
        criteria_version="v1",
        score=score,
        max_score=100.0,
    )


def target(
    tid: str, kpi: KpiKind, comparison: Comparison, value: float, **kw: object
) -> KpiTarget:
    return KpiTarget(id=tid, kpi=kpi, comparison=comparison, target=value, **kw)  # type: ignore[arg-type]


AT_LEAST, AT_MOST = Comparison.AT_LEAST, Comparison.AT_MOST


def agreement(*targets: KpiTarget, **changes: object) -> ClientAgreement:
    fields: dict[str, object] = {
        "id": "agr",
        "client_id": "acme",
        "centre_id": "ccc",
        "starts_on": date(2025, 1, 1),
        "channel_ids": ("voice",),
        "kpi_targets": targets,
        "reporting_frequency": Frequency.MONTHLY,
    }
    return ClientAgreement(**(fields | changes))  # type: ignore[arg-type]


def scope_with(*agreements: ClientAgreement) -> Scope:
    return base_scope(
        agreements=agreements,
        agents=(agent("A1", client_ids=("acme",)), agent("B1", client_ids=("bolt",))),
        quality_evaluations=(
            evaluation("E1", "A1", 90),
            evaluation("E2", "A1", 70),
            evaluation("E3", "B1", 10),  # Bolt's agent: not Acme's quality
        ),
        complaints=(
            complaint("C1", 2, 10),  # 10 h
            complaint("C2", 3, 30),  # 30 h
            complaint("C3", 4, None),  # never
        ),
    )


def test_met_missed_and_measured_values_by_hand() -> None:
    results = check_targets(
        scope_with(
            agreement(
                # Acme's evaluations: (0.9 + 0.7) / 2 = 0.8
                target("q-met", KpiKind.QUALITY_SCORE, AT_LEAST, 0.8),
                target("q-missed", KpiKind.QUALITY_SCORE, AT_LEAST, 0.81),
                # within 24 h, never-acknowledged C3 missed: C1 only, 1 / 3
                target(
                    "ack",
                    KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME,
                    AT_LEAST,
                    0.3,
                    threshold_seconds=86400,
                    definition="statistic=within; pending=missed",
                ),
                # mean: (10 h + 30 h) / 2 = 20 h = 72000 s, C3 excluded
                target("ack-mean", KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME, AT_MOST, 72000),
            )
        ),
        as_of=date(2026, 4, 1),
    )
    got = {
        r.target_id: (r.status, r.measured, r.numerator, r.denominator, r.excluded)
        for r in results
    }
    assert got["q-met"][0] is TargetStatus.MET
    assert got["q-met"][1] == pytest.approx(0.8, rel=1e-12)
    assert got["q-met"][3:] == (2, 0)
    assert got["q-missed"][0] is TargetStatus.MISSED
    assert got["ack"][0] is TargetStatus.MET
    assert got["ack"][1:] == (pytest.approx(1 / 3, rel=1e-12), 1.0, 3, 0)
    assert got["ack-mean"] == (TargetStatus.MET, 72000.0, 144000.0, 2, 1)
    assert {(r.period_start, r.period_end) for r in results} == {
        (date(2026, 3, 1), date(2026, 4, 1))
    }


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (
            target("q-chan", KpiKind.QUALITY_SCORE, AT_LEAST, 0.5, channel_id="voice"),
            (
                "quality evaluations record no channel, so a target for channel voice cannot be"
                " measured"
            ),
        ),
        (
            target("q-bad", KpiKind.QUALITY_SCORE, AT_LEAST, 0.5, definition="weighting=points"),
            (
                "invalid definition: QualityScore(): expected weighting in"
                " {'evaluation', 'agent'}, found 'points'"
            ),
        ),
        (
            target("rate", KpiKind.COMPLAINT_RATE, AT_MOST, 5.0),
            "needs interaction records, and none were supplied",
        ),
        (
            target("occ", KpiKind.OCCUPANCY, AT_MOST, 0.85),
            "agent states not supplied",
        ),
        (
            target("adh", KpiKind.SCHEDULE_ADHERENCE, AT_LEAST, 0.9),
            "agent states and schedule not supplied",
        ),
        (
            target("fc", KpiKind.FORECAST_ACCURACY, AT_LEAST, 0.9),
            "forecast_accuracy is not measured by iso18295.kpis yet",
        ),
        (
            target(
                "csat", KpiKind.CUSTOMER_SATISFACTION, AT_LEAST, 4.0, definition="source=surveys"
            ),
            (
                "no value in 2026-03-01 to 2026-03-31 (numerator 0, denominator 0): nothing to"
                " measure, or below the definition's minimum"
            ),
        ),
        (
            target(
                "ack", KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME, AT_MOST, 60, threshold_seconds=60
            ),
            (
                "invalid definition: ComplaintAcknowledgementTime(): expected threshold_seconds"
                " only with statistic='within', found threshold_seconds=60.0"
            ),
        ),
    ],
)
def test_not_measured_targets_give_the_reason(bad: KpiTarget, reason: str) -> None:
    (result,) = check_targets(scope_with(agreement(bad)), as_of=date(2026, 4, 1))
    assert result.status is TargetStatus.NOT_MEASURED
    assert result.reason == reason
    assert (result.measured, result.numerator, result.denominator) == (None, None, None)


def test_agreement_without_reporting_frequency_has_no_period() -> None:
    quality = target("q", KpiKind.QUALITY_SCORE, AT_LEAST, 0.5)
    (result,) = check_targets(
        scope_with(agreement(quality, reporting_frequency=None)), as_of=date(2026, 4, 1)
    )
    assert result.reason == "agreement agr sets no reporting frequency (no period)"
    assert (result.period_start, result.period_end) == (None, None)


def test_agreements_not_in_force_are_skipped() -> None:
    quality = target("q", KpiKind.QUALITY_SCORE, AT_LEAST, 0.5)
    old = agreement(quality, id="old", ends_on=date(2025, 12, 31))
    assert check_targets(scope_with(old), as_of=date(2026, 4, 1)) == ()


def test_results_are_an_immutable_tuple() -> None:
    results = check_targets(
        scope_with(agreement(target("q", KpiKind.QUALITY_SCORE, AT_LEAST, 0.5))),
        as_of=date(2026, 4, 1),
    )
    assert isinstance(results, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        results[0].target = 0.1  # type: ignore[misc]


def test_check_targets_validates_its_arguments() -> None:
    with pytest.raises(
        CalculationError, match=r"check_targets\(\): expected as_of as a datetime.date"
    ):
        check_targets(scope_with(), as_of=datetime(2026, 4, 1, tzinfo=UTC))  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"expected a Scope, found str"):
        check_targets("scope", as_of=date(2026, 4, 1))  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"expected interactions as an InteractionTable"):
        check_targets(scope_with(), [], as_of=date(2026, 4, 1))  # type: ignore[arg-type]


# --- the mapping -------------------------------------------------------------------------------


def test_every_kpi_is_mapped_except_those_measured_later() -> None:
    later = {KpiKind.FORECAST_ACCURACY}
    assert set(KpiKind) - set(MEASURES) == later


def test_customer_satisfaction_comes_from_interactions_unless_the_definition_says_surveys() -> (
    None
):
    default = target("c", KpiKind.CUSTOMER_SATISFACTION, AT_LEAST, 4.0)
    surveys = target(
        "c",
        KpiKind.CUSTOMER_SATISFACTION,
        AT_LEAST,
        0.8,
        definition="source=surveys; method=top_box",
    )
    assert kpi_for_target(default) == CustomerSatisfaction()
    assert kpi_for_target(surveys) == SurveySatisfaction(method="top_box")
    with pytest.raises(CalculationError, match=r"expected source in \{interactions, surveys\}"):
        kpi_for_target(
            target("c", KpiKind.CUSTOMER_SATISFACTION, AT_LEAST, 4, definition="source=x")
        )


def test_definitions_set_tuples_and_numbers_of_record_metrics() -> None:
    t = target(
        "att",
        KpiKind.AGENT_ATTRITION,
        AT_MOST,
        0.3,
        definition="leavers=voluntary; functions=agent+team_leader; per=period",
    )
    assert kpi_for_target(t) == AgentAttrition(
        leavers="voluntary", functions=("agent", "team_leader"), per="period"
    )
    ack = target(
        "ack",
        KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME,
        AT_LEAST,
        0.9,
        threshold_seconds=172800,
        definition="statistic=within; categories=interaction",
    )
    assert kpi_for_target(ack) == ComplaintAcknowledgementTime(
        statistic="within", threshold_seconds=172800.0, categories=("interaction",)
    )


def test_selection_and_grouping_on_one_field_keep_each_document_once() -> None:
    # A3 serves both clients and B1 bolt only; selecting both clients while grouping by client
    # puts A3's evaluation once in each client's group, and leaves out nobody's twice.
    # acme: E1 0.9 + E3 0.5 = 1.4 / 2 = 0.7; bolt: E3 0.5 + E4 0.3 = 0.8 / 2 = 0.4
    scope = base_scope(
        agents=(
            agent("A1", client_ids=("acme",)),
            agent("A3", client_ids=("acme", "bolt")),
            agent("B1", client_ids=("bolt",)),
        ),
        quality_evaluations=(
            evaluation("E1", "A1", 90),
            evaluation("E3", "A3", 50),
            evaluation("E4", "B1", 30),
        ),
    )
    result = measure_selected(
        "test",
        scope,
        [QualityScore()],
        date(2026, 3, 1),
        date(2026, 4, 1),
        ("client_id",),
        None,
        None,
        {"client_id": frozenset({"acme", "bolt"})},
    )
    assert result.labels["client_id"].tolist() == ["acme", "bolt"]
    assert result["quality_score"].denominator.tolist() == [2, 2]
    np.testing.assert_allclose(result["quality_score"].value, [0.7, 0.4], rtol=1e-12)


# --- records not supplied ----------------------------------------------------------------------


def test_target_on_complaints_not_supplied_is_not_measured_saying_so() -> None:
    ack = target("ack-mean", KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME, AT_MOST, 72000)
    scope = attrs.evolve(scope_with(agreement(ack)), complaints=None)
    (result,) = check_targets(scope, as_of=date(2026, 4, 1))
    assert result.status is TargetStatus.NOT_MEASURED
    assert result.reason == "needs the scope's complaints, which were not supplied"


def test_target_on_complaints_supplied_empty_is_measured_as_no_value() -> None:
    ack = target("ack-mean", KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME, AT_MOST, 72000)
    scope = attrs.evolve(scope_with(agreement(ack)), complaints=())
    (result,) = check_targets(scope, as_of=date(2026, 4, 1))
    assert result.status is TargetStatus.NOT_MEASURED
    assert result.reason is not None
    assert result.reason.startswith("no value in 2026-03-01 to 2026-03-31 (numerator 0,")


def test_quality_target_needs_the_agents_to_select_the_clients_evaluations() -> None:
    quality = target("q", KpiKind.QUALITY_SCORE, AT_LEAST, 0.8)
    scope = attrs.evolve(scope_with(agreement(quality)), agents=None, quality_evaluations=None)
    (result,) = check_targets(scope, as_of=date(2026, 4, 1))
    assert result.reason == (
        "needs the scope's quality evaluations and agents, which were not supplied"
    )


def test_targets_of_an_agreement_without_targets_supplied_are_none() -> None:
    scope = scope_with(agreement(kpi_targets=None))
    assert check_targets(scope, as_of=date(2026, 4, 1)) == ()


def test_service_level_target_without_threshold_is_not_measured_with_a_guessed_one() -> None:
    # The example's first agreement, with its service-level targets stripped of their
    # answer-time threshold: the library must not measure them against its own 20 s.
    scope = examples.load_example()
    first = (scope.agreements or ())[0]
    stripped = tuple(
        attrs.evolve(t, threshold_seconds=None) if t.kpi is KpiKind.SERVICE_LEVEL else t
        for t in first.kpi_targets or ()
    )
    assert any(t.kpi is KpiKind.SERVICE_LEVEL for t in stripped)  # the test can fail
    scope = attrs.evolve(
        scope,
        agreements=(attrs.evolve(first, kpi_targets=stripped), *(scope.agreements or ())[1:]),
    )
    results = check_targets(scope, examples.generate_interactions(), as_of=AS_OF)
    levels = [r for r in results if r.agreement_id == first.id and r.kpi is KpiKind.SERVICE_LEVEL]
    assert levels
    for r in levels:
        assert r.status is TargetStatus.NOT_MEASURED
        assert r.reason is not None
        assert "names no answer-time threshold" in r.reason
