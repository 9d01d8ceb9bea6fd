"""Occupancy, schedule adherence and absenteeism targets, measured by `check_targets`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import numpy as np
import pytest

from iso18295 import (
    AgentStateTable,
    ClientAgreement,
    Comparison,
    Frequency,
    KpiKind,
    KpiTarget,
    ScheduleTable,
    Scope,
    examples,
)
from iso18295.errors import CalculationError
from iso18295.kpis import TargetStatus, check_targets
from iso18295.kpis._definitions.targets import kpi_for_target
from record_scopes import agent, base_scope

AS_OF = date(2026, 4, 1)  # monthly period: March 2026, Dublin days
AT_LEAST, AT_MOST = Comparison.AT_LEAST, Comparison.AT_MOST


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def target(
    tid: str, kpi: KpiKind, comparison: Comparison, value: float, **kw: object
) -> KpiTarget:
    return KpiTarget(id=tid, kpi=kpi, comparison=comparison, target=value, **kw)  # type: ignore[arg-type]


def scope_with(*targets: KpiTarget) -> Scope:
    agreement = ClientAgreement(
        id="agr",
        client_id="acme",
        centre_id="ccc",
        starts_on=date(2025, 1, 1),
        channel_ids=("voice",),
        kpi_targets=targets,
        reporting_frequency=Frequency.MONTHLY,
    )
    return base_scope(
        agreements=(agreement,),
        agents=(agent("A1", client_ids=("acme",)), agent("B1", client_ids=("bolt",))),
    )


# Dublin keeps GMT until 29 March, so March's local days run from 2026-03-01 00:00 UTC
# to 2026-03-31 23:00 UTC (midnight IST).
STATES = AgentStateTable.from_records(
    [
        ("A1", "handling", at(28, 23, 30, month=2), at(1, 0, 30)),  # 30 min in March
        ("A1", "available", at(2, 9, 0), at(2, 9, 10)),  # 10
        ("A1", "handling", at(2, 9, 10), at(2, 9, 40)),  # 30
        ("A1", "after_contact", at(2, 9, 40), at(2, 9, 45)),  # 5
        ("A1", "break", at(2, 9, 45), at(2, 10, 0)),  # 15, neither handling nor available
        ("A1", "available", at(31, 22, 30), at(31, 23, 30)),  # 30 min in March
        ("B1", "handling", at(2, 9, 0), at(2, 10, 0)),  # Bolt's agent: not Acme's
    ]
)
SCHEDULE = ScheduleTable.from_records(
    [
        ("A1", "contact_work", at(28, 23, 0, month=2), at(1, 1, 0)),  # 60 min in March
        ("A1", "contact_work", at(2, 9, 0), at(2, 9, 50)),
        ("A1", "break", at(2, 9, 50), at(2, 10, 0)),
        ("B1", "break", at(2, 9, 0), at(2, 10, 0)),
    ]
)


def measure(*targets: KpiTarget, **tables: object) -> dict[str, object]:
    results = check_targets(scope_with(*targets), as_of=AS_OF, **tables)  # type: ignore[arg-type]
    return {r.target_id: r for r in results}


def test_occupancy_target_by_hand_over_the_period_and_the_clients_agents() -> None:
    # Handling: 30 (the part of the February segment in March) + 30 + 5 = 65 min;
    # available: 10 + 30 (the part of the last segment before midnight IST) = 40 min;
    # the break (15 min) is excluded; B1 serves Bolt.  65 / 105 = 0.619 < 0.7: missed.
    r = measure(target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.7), agent_states=STATES)["occ"]
    assert r.status is TargetStatus.MISSED  # type: ignore[attr-defined]
    assert r.measured == pytest.approx(65 / 105, rel=1e-12)  # type: ignore[attr-defined]
    assert (r.numerator, r.denominator, r.excluded) == (65 * 60, 105 * 60, 15 * 60)  # type: ignore[attr-defined]
    assert (r.period_start, r.period_end) == (date(2026, 3, 1), date(2026, 4, 1))  # type: ignore[attr-defined]


def test_occupancy_target_uses_the_states_its_definition_names() -> None:
    # With breaks counted as available: 65 / (105 + 15) = 0.5417.
    occ = target(
        "occ",
        KpiKind.OCCUPANCY,
        AT_MOST,
        0.6,
        definition="available_states=available+break",
    )
    r = measure(occ, agent_states=STATES)["occ"]
    assert r.measured == pytest.approx(65 / 120, rel=1e-12)  # type: ignore[attr-defined]
    assert r.status is TargetStatus.MET  # type: ignore[attr-defined]
    one = target("one", KpiKind.OCCUPANCY, AT_MOST, 0.9, definition="available_states=break")
    # One state named alone is a collection of one: 65 / (65 + 15).
    assert measure(one, agent_states=STATES)["one"].measured == pytest.approx(65 / 80)  # type: ignore[attr-defined]


def test_schedule_adherence_target_by_hand() -> None:
    # 1 March 00:00-01:00 scheduled contact work, handling until 00:30: 30 of 60 min;
    # 2 March: contact work 09:00-09:50, in a matching state until 09:45 (45 min), then
    # on a break; the break 09:50-10:00 was scheduled (10 min).  (30 + 45 + 10) / 120.
    adh = target("adh", KpiKind.SCHEDULE_ADHERENCE, AT_LEAST, 0.8)
    r = measure(adh, agent_states=STATES, schedule=SCHEDULE)["adh"]
    assert r.measured == pytest.approx(85 / 120, rel=1e-12)  # type: ignore[attr-defined]
    assert r.status is TargetStatus.MISSED  # type: ignore[attr-defined]
    # A 5-minute tolerance forgives the last 5 min of each contact-work stretch (1 March
    # 00:55-01:00, no state recorded; 2 March 09:45-09:50, on a break): 95 / 120.  The
    # stretch that began in February keeps its true start: nothing is forgiven at 00:00.
    tolerant = target(
        "tol", KpiKind.SCHEDULE_ADHERENCE, AT_LEAST, 0.75, definition="tolerance_seconds=300"
    )
    r = measure(tolerant, agent_states=STATES, schedule=SCHEDULE)["tol"]
    assert r.measured == pytest.approx(95 / 120, rel=1e-12)  # type: ignore[attr-defined]
    assert r.status is TargetStatus.MET  # type: ignore[attr-defined]


def test_absenteeism_target_by_hand_with_planned_absence_excluded_or_included() -> None:
    states = AgentStateTable.from_records(
        [
            ("A1", "unplanned_absence", at(3, 9), at(3, 17)),  # 480 min absent
            ("A1", "planned_absence", at(4, 9), at(4, 17)),
            ("A1", "handling", at(5, 9), at(5, 13)),
        ]
    )
    schedule = ScheduleTable.from_records(
        [
            ("A1", "contact_work", at(3, 9), at(3, 17)),  # 480
            ("A1", "planned_absence", at(4, 9), at(4, 17)),  # 480, left out by default
            ("A1", "contact_work", at(5, 9), at(5, 13)),  # 240
        ]
    )
    excluded = target("abs", KpiKind.ABSENTEEISM, AT_MOST, 0.05)
    included = target(
        "abs-all", KpiKind.ABSENTEEISM, AT_MOST, 0.5, definition="planned_absence=include"
    )
    got = measure(excluded, included, agent_states=states, schedule=schedule)
    assert got["abs"].measured == pytest.approx(480 / 720, rel=1e-12)  # type: ignore[attr-defined]
    assert got["abs"].status is TargetStatus.MISSED  # type: ignore[attr-defined]
    assert got["abs-all"].measured == pytest.approx(480 / 1200, rel=1e-12)  # type: ignore[attr-defined]
    assert got["abs-all"].status is TargetStatus.MET  # type: ignore[attr-defined]


def test_activity_targets_without_the_tables_are_not_measured_naming_what_is_missing() -> None:
    occ = target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.7)
    adh = target("adh", KpiKind.SCHEDULE_ADHERENCE, AT_LEAST, 0.8)
    absent = target("abs", KpiKind.ABSENTEEISM, AT_MOST, 0.05)
    got = measure(occ, adh, absent)
    assert {k: (r.status, r.reason) for k, r in got.items()} == {  # type: ignore[attr-defined]
        "occ": (TargetStatus.NOT_MEASURED, "agent states not supplied"),
        "adh": (TargetStatus.NOT_MEASURED, "agent states and schedule not supplied"),
        "abs": (TargetStatus.NOT_MEASURED, "agent states and schedule not supplied"),
    }
    only_states = measure(occ, adh, agent_states=STATES)
    assert only_states["occ"].status is TargetStatus.MISSED  # type: ignore[attr-defined]
    assert only_states["adh"].reason == "schedule not supplied"  # type: ignore[attr-defined]


def test_activity_supplied_but_empty_gives_no_value_not_not_supplied() -> None:
    empty = AgentStateTable.from_records([])
    occ = target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.7)
    r = measure(occ, agent_states=empty)["occ"]
    assert r.status is TargetStatus.NOT_MEASURED  # type: ignore[attr-defined]
    assert r.reason.startswith("no value in 2026-03-01 to 2026-03-31 (numerator 0, denominator 0)")  # type: ignore[attr-defined]


def test_activity_target_for_a_channel_cannot_be_measured() -> None:
    occ = target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.7, channel_id="voice")
    r = measure(occ, agent_states=STATES)["occ"]
    assert r.reason == (  # type: ignore[attr-defined]
        "agent states record no channel, so a target for channel voice cannot be measured"
    )


def test_activity_target_needs_the_agents_to_select_the_clients_states() -> None:
    scope = attrs.evolve(scope_with(target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.7)), agents=None)
    (r,) = check_targets(scope, as_of=AS_OF, agent_states=STATES)
    assert r.reason == (
        "needs the scope's agents (to select the agents serving the client), which were not"
        " supplied"
    )


def test_activity_target_with_an_unknown_option_is_an_invalid_definition() -> None:
    occ = target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.7, definition="tolerance_seconds=60")
    r = measure(occ, agent_states=STATES)["occ"]
    assert r.reason.startswith(  # type: ignore[attr-defined]
        "invalid definition: KpiTarget 'occ': expected options of Occupancy"
    )


def test_check_targets_refuses_tables_of_the_wrong_kind() -> None:
    scope = scope_with(target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.7))
    with pytest.raises(CalculationError, match=r"expected agent_states as an AgentStateTable"):
        check_targets(scope, as_of=AS_OF, agent_states=SCHEDULE)  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"expected schedule as an ScheduleTable"):
        check_targets(scope, as_of=AS_OF, schedule=STATES)  # type: ignore[arg-type]


def test_kpi_for_target_maps_activity_kpis_to_their_definitions() -> None:
    from iso18295.kpis import Absenteeism, Occupancy, ScheduleAdherence

    assert kpi_for_target(target("o", KpiKind.OCCUPANCY, AT_LEAST, 0.7)) == Occupancy()
    assert kpi_for_target(
        target("a", KpiKind.SCHEDULE_ADHERENCE, AT_LEAST, 0.7, definition="tolerance_seconds=60")
    ) == ScheduleAdherence(tolerance_seconds=60.0)
    assert kpi_for_target(
        target(
            "b",
            KpiKind.ABSENTEEISM,
            AT_MOST,
            0.1,
            definition="absent_states=unplanned_absence+offline",
        )
    ) == Absenteeism(absent_states=("unplanned_absence", "offline"))


# --- the example ------------------------------------------------------------------------------


def test_example_occupancy_target_is_the_brightwater_agents_share_of_handling_time() -> None:
    states, schedule = examples.generate_agent_activity()
    scope = examples.load_example()
    brightwater = next(a for a in scope.agreements if a.id == "agr-brightwater-2025")
    occ = target("occ", KpiKind.OCCUPANCY, AT_MOST, 0.85)
    adh = target("adh", KpiKind.SCHEDULE_ADHERENCE, AT_LEAST, 0.99)
    changed = attrs.evolve(brightwater, kpi_targets=(*brightwater.kpi_targets, occ, adh))
    scope = attrs.evolve(
        scope,
        agreements=tuple(changed if a.id == brightwater.id else a for a in scope.agreements),
    )
    results = {
        r.target_id: r
        for r in check_targets(
            scope, as_of=examples.EXAMPLE_AS_OF, agent_states=states, schedule=schedule
        )
        if r.agreement_id == brightwater.id
    }
    # Independently: seconds per state of the agents serving Brightwater; the generated
    # activity lies within March (local days), so no segment is cut.
    serving = {a.id for a in scope.agents if "brightwater" in a.client_ids}
    labels = np.array(states.categories("agent_id"), dtype=object)[states["agent_id"]]
    words = np.array(states.categories("state"), dtype=object)[states["state"]]
    seconds = (states["ended_at"] - states["started_at"]) / np.timedelta64(1, "s")
    mine = np.isin(labels, list(serving))
    low = np.datetime64("2026-03-01T00:00", "ns")
    high = np.datetime64("2026-03-31T23:00", "ns")
    assert ((states["started_at"] >= low) & (states["ended_at"] <= high)).all()
    handling = seconds[mine & np.isin(words, ["handling", "after_contact"])].sum()
    available = seconds[mine & (words == "available")].sum()
    r = results["occ"]
    assert r.numerator == pytest.approx(handling, rel=1e-12)
    assert r.denominator == pytest.approx(handling + available, rel=1e-12)
    assert r.measured == pytest.approx(handling / (handling + available), rel=1e-12)
    assert r.status is (TargetStatus.MET if r.measured <= 0.85 else TargetStatus.MISSED)
    assert 0.5 < r.measured < 1
    assert results["adh"].status is TargetStatus.MISSED  # late log-ins: not 99 %
    assert 0.5 < results["adh"].measured < 0.99  # type: ignore[operator]
    # The interaction targets are still measured (without interactions: not measured).
    assert results["sl-voice"].reason == "needs interaction records, and none were supplied"


def test_example_agreements_set_no_activity_target() -> None:
    # The bundled example's agreements have no occupancy, adherence or absenteeism target;
    # the test above adds them (the example's planted gaps stay as they are).
    kinds = {t.kpi for a in examples.load_example().agreements for t in a.kpi_targets}
    assert not kinds & {KpiKind.OCCUPANCY, KpiKind.SCHEDULE_ADHERENCE, KpiKind.ABSENTEEISM}


def test_period_cut_keeps_segments_inside_only() -> None:
    # A segment entirely before the period and one entirely after it count nowhere.
    outside = AgentStateTable.from_records(
        [
            ("A1", "handling", at(27, 9, month=2), at(27, 10, month=2)),
            ("A1", "handling", at(1, 9, month=4), at(1, 10, month=4)),
            ("A1", "available", at(10, 9), at(10, 9) + timedelta(minutes=20)),
        ]
    )
    occ = target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.5)
    r = measure(occ, agent_states=outside)["occ"]
    assert (r.measured, r.numerator, r.denominator) == (0.0, 0.0, 1200)  # type: ignore[attr-defined]


def test_rule_targets_met_reads_agent_activity_through_assess() -> None:
    from iso18295 import Status, assess

    scope = scope_with(target("occ", KpiKind.OCCUPANCY, AT_LEAST, 0.7))
    without = assess(scope, as_of=AS_OF).finding("P1-9-targets-met")
    assert without.status is Status.INSUFFICIENT_EVIDENCE
    assert without.reason == (
        "none measured; 1 of 1 target not measured: agr/occ (occupancy): agent states not supplied"
    )
    found = assess(scope, as_of=AS_OF, agent_states=STATES).finding("P1-9-targets-met")
    assert found.status is Status.DOES_NOT_CONFORM
    assert found.reason == "1 of 1 measured target missed: agr/occ"
    (measurement,) = found.measurements
    assert measurement.observed == pytest.approx(65 / 105, rel=1e-12)
