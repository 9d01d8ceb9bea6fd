"""Occupancy, schedule adherence and absenteeism: definitions, hand-worked values, an oracle."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from iso18295 import AgentState, AgentStateTable, ScheduledActivity, ScheduleTable
from iso18295.errors import CalculationError, UndefinedKpiWarning
from iso18295.kpis import (
    Absenteeism,
    Grouping,
    KpiResult,
    Occupancy,
    Offered,
    ScheduleAdherence,
    ScheduleConformance,
    compute,
    measure_activity,
)
from reference.workforce import Segment, activity_reference, seconds_of

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
MIN = 60.0


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def states_of(*rows: tuple[str, str, float, float]) -> AgentStateTable:
    return AgentStateTable.from_records([(a, s, at(b), at(e)) for a, s, b, e in rows])


def schedule_of(*rows: tuple[str, str, float, float]) -> ScheduleTable:
    return ScheduleTable.from_records([(a, s, at(b), at(e)) for a, s, b, e in rows])


def quietly(*args: object, **kwargs: object) -> KpiResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        return measure_activity(*args, **kwargs)  # type: ignore[arg-type]


def columns(result: KpiResult, name: str) -> tuple[list[float], list[float], list[float]]:
    v = result[name]
    return v.numerator.tolist(), v.denominator.tolist(), v.excluded.tolist()


# --- definitions ------------------------------------------------------------------------


def test_definitions_describe_their_choices() -> None:
    assert Occupancy(available_states=("available", "other_work")).describe() == (
        "occupancy: time in handling, after_contact / time in available, handling,"
        " after_contact, other_work"
    )
    assert Absenteeism(absent_states={"unplanned_absence", "offline"}, planned_absence="include",
                       name="absence").describe() == (
        "absence: scheduled time in unplanned_absence, offline / scheduled time;"
        " planned_absence included"
    )  # fmt: skip
    adherence = ScheduleAdherence(
        tolerance_seconds=90,
        activities=[ScheduledActivity.CONTACT_WORK, ScheduledActivity.BREAK],
        matches={"contact_work": ["handling"], "break": ["break", "offline"]},
    )
    assert adherence.describe() == (
        "schedule_adherence: scheduled time in a matching state (contact_work: handling;"
        " break: break, offline), or within 90 s of a stretch start or end / scheduled time of"
        " contact_work, break"
    )


def test_definitions_are_frozen_hashable_and_compare_by_value() -> None:
    a = ScheduleAdherence(matches={"contact_work": ["available", "handling"]},
                          activities=["contact_work"])  # fmt: skip
    b = ScheduleAdherence(matches={ScheduledActivity.CONTACT_WORK: frozenset(
        {AgentState.HANDLING, AgentState.AVAILABLE})}, activities={"contact_work"})  # fmt: skip
    assert a == b
    assert hash(a) == hash(b)
    assert attrs.evolve(a, tolerance_seconds=5) != a
    assert Occupancy().handling_states == {AgentState.HANDLING, AgentState.AFTER_CONTACT}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Occupancy(handling_states=()), r"expected handling_states as a non-empty"),
        (lambda: Occupancy(handling_states=("lunch",)), r"found \('lunch',\)"),
        (lambda: Occupancy(handling_states="handling"), r"write \('handling',\) for one"),
        (
            lambda: Occupancy(available_states=("available", "handling")),
            r"without a state in common, found handling in both",
        ),
        (lambda: ScheduleAdherence(tolerance_seconds=-1), r"tolerance_seconds as a finite"),
        (lambda: ScheduleAdherence(tolerance_seconds=float("nan")), r"finite number >= 0"),
        (lambda: ScheduleAdherence(activities=("holiday",)), r"ScheduledActivity values"),
        (
            lambda: ScheduleAdherence(matches={"contact_work": ["handling"]}),
            (
                r"expected matches for every counted activity, found none for break, meeting,"
                r" training, other_work"
            ),
        ),
        (lambda: ScheduleAdherence(matches={"nap": ["break"]}), r"expected matches as a mapping"),
        (lambda: ScheduleAdherence(matches=(("contact_work",),)), r"expected matches as a"),
        (lambda: Absenteeism(planned_absence="ignore"), r"expected planned_absence in"),
        (lambda: ScheduleConformance(worked_states=()), r"ScheduleConformance\(\): expected"),
        (lambda: ScheduleConformance(activities=("holiday",)), r"ScheduledActivity values"),
        (lambda: Absenteeism(name="absence rate"), r"expected name of letters"),
    ],
)
def test_bad_options_raise_metric_error_saying_what_was_expected(
    build: object, message: str
) -> None:
    with pytest.raises(CalculationError, match=message):
        build()  # type: ignore[operator]


def test_interaction_kpis_refuse_workforce_definitions_and_vice_versa(
    example_table: object,
) -> None:
    with pytest.raises(
        CalculationError,
        match=r"measured from agent activity; use iso18295\.kpis\.measure_activity",
    ):
        compute(example_table, [Occupancy()])  # type: ignore[arg-type]
    states = states_of(("a", "handling", 0, 10))
    with pytest.raises(
        CalculationError,
        match=r"expected definitions of Occupancy, Schedule.*measured from interaction records",
    ):
        measure_activity(states, [Offered()])  # type: ignore[list-item]


# --- hand-worked values -----------------------------------------------------------------


def test_one_agent_four_segments_by_hand() -> None:
    # 09:00-10:00: available 10 min, handling 30, after-contact 5, break 15.
    # Scheduled: contact work 09:00-09:50, break 09:50-10:00.
    states = states_of(
        ("a", "available", 0, 10),
        ("a", "handling", 10, 40),
        ("a", "after_contact", 40, 45),
        ("a", "break", 45, 60),
    )
    schedule = schedule_of(("a", "contact_work", 0, 50), ("a", "break", 50, 60))
    result = measure_activity(
        states, [Occupancy(), ScheduleAdherence(), Absenteeism()], schedule=schedule
    )
    # Occupancy: handling 30 + 5 = 35 min over 35 + 10 = 45 min; the break is excluded.
    assert columns(result, "occupancy") == ([35 * MIN], [45 * MIN], [15 * MIN])
    assert result["occupancy"].value.tolist() == [35 / 45]
    # Adherence: contact work 09:00-09:45 matched (45 min), 09:45-09:50 on break (not),
    # break 09:50-10:00 matched (10 min): 55 of 60 minutes.
    assert columns(result, "schedule_adherence") == ([55 * MIN], [60 * MIN], [0.0])
    # Absenteeism: no unplanned absence in 60 scheduled minutes.
    assert columns(result, "absenteeism") == ([0.0], [60 * MIN], [0.0])
    assert result.records.tolist() == [4]
    assert result["occupancy"].denominator.dtype == np.float64


def test_conformance_counts_worked_time_whenever_it_was_worked() -> None:
    # Scheduled contact work 09:00-10:00 and a break 10:00-10:15.  The agent starts 15
    # minutes late (09:15), works through the break and stops at 10:15: worked 60 minutes
    # of 60 scheduled (conformance 1), though adherent only 45 of the 75 scheduled.
    states = states_of(
        ("a", "available", 15, 25), ("a", "handling", 25, 70), ("a", "after_contact", 70, 75)
    )
    schedule = schedule_of(("a", "contact_work", 0, 60), ("a", "break", 60, 75))
    result = measure_activity(
        states, [ScheduleConformance(), ScheduleAdherence()], schedule=schedule
    )
    assert columns(result, "schedule_conformance") == ([60 * MIN], [60 * MIN], [0.0])
    assert result["schedule_conformance"].value.tolist() == [1.0]
    assert columns(result, "schedule_adherence")[:2] == ([45 * MIN], [75 * MIN])
    # Counting the break as time to work too: 60 of 75 minutes.
    both = ScheduleConformance(activities=("contact_work", "break"), name="both")
    assert measure_activity(states, [both], schedule=schedule)["both"].value.tolist() == [0.8]


def test_conformance_needs_a_schedule() -> None:
    with pytest.raises(CalculationError, match=r"expected schedule as a ScheduleTable"):
        measure_activity(states_of(("a", "handling", 0, 10)), [ScheduleConformance()])


def test_a_segment_spanning_intervals_gives_each_its_exact_share() -> None:
    # Handling 09:50-10:20 and available 10:20-10:30, 30-minute intervals:
    # 09:30 gets 10 handling minutes; 10:00 gets 20 handling and 10 available.
    states = states_of(("a", "handling", 50, 80), ("a", "available", 80, 90))
    result = measure_activity(states, [Occupancy()], grouping=Grouping(interval="30min"))
    assert result.labels["interval_start"].astype(str).tolist() == [
        "2026-03-02T09:30:00.000000000",
        "2026-03-02T10:00:00.000000000",
    ]
    assert columns(result, "occupancy") == ([10 * MIN, 20 * MIN], [10 * MIN, 30 * MIN], [0, 0])
    assert result.records.tolist() == [1, 2]  # the spanning segment counts in both


def test_clocks_going_forward_shorten_the_local_day_and_skip_an_hour() -> None:
    # Dublin, 29 March 2026: at 01:00 UTC clocks jump from 01:00 GMT to 02:00 IST.
    # Handling 00:30-01:30 UTC is local 00:30-01:00 (interval 00:00) and 02:00-02:30
    # (interval 02:00); 30 minutes each.
    states = AgentStateTable.from_records(
        [("a", "handling", datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
          datetime(2026, 3, 29, 1, 30, tzinfo=UTC))]
    )  # fmt: skip
    result = measure_activity(
        states, [Occupancy()], grouping=Grouping(interval="60min", time_zone="Europe/Dublin")
    )
    assert result.labels["interval_start"].astype("datetime64[m]").astype(str).tolist() == [
        "2026-03-29T00:00",
        "2026-03-29T02:00",
    ]
    assert result["occupancy"].numerator.tolist() == [1800.0, 1800.0]


def test_clocks_going_back_repeat_an_hour_told_apart_by_its_utc_start() -> None:
    # Dublin, 25 October 2026: at 01:00 UTC clocks go back from 02:00 IST to 01:00 GMT.
    # Handling 00:30-01:30 UTC is local 01:30-02:00 IST (first 01:00 hour) and 01:00-01:30
    # GMT (the repeated 01:00 hour): two groups with the same local start, 30 minutes each.
    states = AgentStateTable.from_records(
        [("a", "handling", datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
          datetime(2026, 10, 25, 1, 30, tzinfo=UTC))]
    )  # fmt: skip
    hourly = Grouping(interval="60min", time_zone="Europe/Dublin")
    result = measure_activity(states, [Occupancy()], grouping=hourly)
    assert result.labels["interval_start"].astype("datetime64[m]").astype(str).tolist() == [
        "2026-10-25T01:00",
        "2026-10-25T01:00",
    ]
    assert result.labels["interval_start_utc"].astype("datetime64[m]").astype(str).tolist() == [
        "2026-10-25T00:00",
        "2026-10-25T01:00",
    ]
    assert result["occupancy"].numerator.tolist() == [1800.0, 1800.0]
    # By day, the 25-hour local day holds it all.
    daily = measure_activity(
        states, [Occupancy()], grouping=Grouping(interval="day", time_zone="Europe/Dublin")
    )
    assert daily["occupancy"].numerator.tolist() == [3600.0]


@pytest.mark.parametrize(("tolerance", "adherent"), [(120, 60 * MIN), (119, 60 * MIN - 1)])
def test_tolerance_forgives_a_deviation_exactly_as_long_as_it(
    tolerance: float, adherent: float
) -> None:
    # Scheduled contact work 09:00-10:00; the agent logs in at 09:02 (a break until then).
    # With 120 s of tolerance the 120 late seconds are forgiven; with 119, one is not.
    states = states_of(("a", "break", 0, 2), ("a", "available", 2, 60))
    schedule = schedule_of(("a", "contact_work", 0, 60))
    result = measure_activity(
        states, [ScheduleAdherence(tolerance_seconds=tolerance)], schedule=schedule
    )
    assert columns(result, "schedule_adherence") == ([adherent], [60 * MIN], [0.0])


def test_back_to_back_segments_of_one_activity_form_one_stretch() -> None:
    # A break 09:29-09:31 inside contact work 09:00-10:00, scheduled as two back-to-back
    # segments (09:00-09:30, 09:30-10:00): 09:30 is not a change of activity, so the
    # 2-minute tolerance forgives nothing there: 60 - 2 = 58 adherent minutes.
    states = states_of(
        ("a", "available", 0, 29), ("a", "break", 29, 31), ("a", "available", 31, 60)
    )
    same = schedule_of(("a", "contact_work", 0, 30), ("a", "contact_work", 30, 60))
    adherence = [ScheduleAdherence(tolerance_seconds=120)]
    result = measure_activity(states, adherence, schedule=same)
    assert result["schedule_adherence"].numerator.tolist() == [58 * MIN]
    # With a meeting from 09:30, the break's minute either side of the change is forgiven.
    changed = schedule_of(("a", "contact_work", 0, 30), ("a", "meeting", 30, 60))
    states = states_of(("a", "available", 0, 29), ("a", "break", 29, 31), ("a", "meeting", 31, 60))
    result = measure_activity(states, adherence, schedule=changed)
    assert result["schedule_adherence"].numerator.tolist() == [60 * MIN]


def test_several_tolerances_are_measured_together_each_its_own() -> None:
    # Late by 3 minutes for contact work 09:00-10:00: tolerance 0 -> 57, 60 s -> 58, 300 s -> 60.
    states = states_of(("a", "offline", 0, 3), ("a", "handling", 3, 60))
    schedule = schedule_of(("a", "contact_work", 0, 60))
    metrics = [ScheduleAdherence(tolerance_seconds=t, name=f"t{t}") for t in (0, 60, 300)]
    result = measure_activity(states, metrics, schedule=schedule)
    assert [result[f"t{t}"].numerator[0] for t in (0, 60, 300)] == [57 * MIN, 58 * MIN, 60 * MIN]


def test_absenteeism_leaves_planned_absence_out_of_scheduled_time_unless_asked() -> None:
    # Scheduled: contact work 8 h on day one, planned absence 8 h on day two. Recorded: one
    # hour of unplanned absence on day one. Excluded: 1 h / 8 h. Included: 1 h / 16 h.
    day = 24 * 60
    schedule = schedule_of(("a", "contact_work", 0, 480), ("a", "planned_absence", day, day + 480))
    states = states_of(("a", "unplanned_absence", 0, 60), ("a", "available", 60, 480),
                       ("a", "planned_absence", day, day + 480))  # fmt: skip
    result = measure_activity(
        states,
        [Absenteeism(), Absenteeism(planned_absence="include", name="with_leave")],
        schedule=schedule,
    )
    assert columns(result, "absenteeism") == ([60 * MIN], [480 * MIN], [480 * MIN])
    assert columns(result, "with_leave") == ([60 * MIN], [960 * MIN], [0.0])
    assert result["absenteeism"].value.tolist() == [1 / 8]


def test_absence_outside_scheduled_time_does_not_count() -> None:
    states = states_of(("a", "unplanned_absence", 60, 120))
    schedule = schedule_of(("a", "contact_work", 0, 60))
    result = measure_activity(states, [Absenteeism()], schedule=schedule)
    assert columns(result, "absenteeism") == ([0.0], [60 * MIN], [0.0])


def test_an_agent_without_schedule_has_no_adherence_and_a_warning() -> None:
    # Agent b has states but no schedule: scheduled time 0, adherence NaN.
    states = states_of(("a", "available", 0, 60), ("b", "available", 0, 60))
    schedule = schedule_of(("a", "contact_work", 0, 60))
    with pytest.warns(UndefinedKpiWarning, match=r"schedule_adherence in 1 of 2 groups"):
        result = measure_activity(
            states, [ScheduleAdherence()], schedule=schedule, grouping=Grouping(by=("agent_id",))
        )
    assert result.labels["agent_id"].tolist() == ["a", "b"]
    assert result["schedule_adherence"].value[0] == 1.0
    assert np.isnan(result["schedule_adherence"].value[1])


def test_a_scheduled_agent_with_no_states_has_zero_adherence_and_no_occupancy() -> None:
    states = states_of(("a", "available", 0, 60))
    schedule = schedule_of(("a", "contact_work", 0, 60), ("z", "contact_work", 0, 60))
    with pytest.warns(UndefinedKpiWarning, match=r"occupancy in 1 of 2 groups"):
        result = measure_activity(
            states,
            [Occupancy(), ScheduleAdherence()],
            schedule=schedule,
            grouping=Grouping(by=("agent_id",)),
        )
    assert result.labels["agent_id"].tolist() == ["a", "z"]
    assert result["schedule_adherence"].value.tolist() == [1.0, 0.0]
    assert result.records.tolist() == [1, 0]


def test_no_segments_give_no_groups() -> None:
    empty = np.array([], dtype="datetime64[ns]")
    states = AgentStateTable.from_columns(agent_id=[], state=[], started_at=empty, ended_at=empty)
    schedule = ScheduleTable.from_columns(
        agent_id=[], activity=[], started_at=empty, ended_at=empty
    )
    result = measure_activity(
        states, [Occupancy(), Absenteeism()], schedule=schedule, grouping=Grouping(interval="day")
    )
    assert len(result) == 0


def test_zero_length_segments_count_nowhere() -> None:
    states = states_of(("a", "handling", 0, 0), ("a", "available", 0, 30))
    result = measure_activity(states, [Occupancy()])
    assert columns(result, "occupancy") == ([0.0], [30 * MIN], [0.0])
    assert result.records.tolist() == [1]


def test_result_converts_and_prints_with_seconds() -> None:
    pd = pytest.importorskip("pandas")
    states = states_of(("a", "handling", 0, 45), ("b", "available", 0, 30))
    result = measure_activity(states, [Occupancy()], grouping=Grouping(by=("agent_id",)))
    frame = result.to_pandas()
    assert list(frame.columns) == [
        "agent_id", "records", "occupancy", "occupancy_numerator", "occupancy_denominator",
        "occupancy_excluded",
    ]  # fmt: skip
    assert frame["occupancy_denominator"].tolist() == [2700.0, 1800.0]
    assert isinstance(frame, pd.DataFrame)
    text = str(result)
    assert text.splitlines()[0].split() == ["agent_id", "records", "occupancy"]
    assert "<td>a</td>" in result._repr_html_()


# --- bad arguments -------------------------------------------------------------------------


def test_bad_arguments_raise_metric_error() -> None:
    states = states_of(("a", "handling", 0, 10))
    with pytest.raises(
        CalculationError, match=r"expected schedule as a ScheduleTable for absenteeism"
    ):
        measure_activity(states, [Absenteeism()])
    with pytest.raises(CalculationError, match=r"expected states as an AgentStateTable"):
        measure_activity(schedule_of(("a", "break", 0, 1)), [Occupancy()])  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"expected Grouping.by within \('agent_id',\)"):
        measure_activity(states, [Occupancy()], grouping=Grouping(by=("channel_id",)))
    with pytest.raises(CalculationError, match=r"expected kpis as a non-empty sequence"):
        measure_activity(states, Occupancy())  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match=r"expected distinct KPI names"):
        measure_activity(states, [Occupancy(), Occupancy()])
    with pytest.raises(CalculationError, match=r"expected grouping as a Grouping"):
        measure_activity(states, [Occupancy()], grouping="day")  # type: ignore[arg-type]


def test_grouping_options_for_interaction_records_are_refused() -> None:
    from iso18295 import Weekday, WeeklyHours

    hours = (WeeklyHours(days=frozenset(Weekday), opens=datetime.min.time(),
                         closes=datetime.max.time().replace(microsecond=0)),)  # fmt: skip
    states = states_of(("a", "handling", 0, 10))
    with pytest.raises(CalculationError, match=r"expected Grouping.within_hours=None"):
        measure_activity(states, [Occupancy()], grouping=Grouping(within_hours=hours))


# --- against the cell-by-cell oracle -----------------------------------------------------

STEP = 300  # every boundary on a 5-minute grid, so the oracle's cells are exact
CHANGES = [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)]


@st.composite
def timelines(draw: st.DrawFn, vocabulary: list[str], start: int) -> list[Segment]:
    segments = []
    for agent in draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3)):
        t = start + draw(st.integers(0, 12)) * STEP
        for _ in range(draw(st.integers(0, 6))):
            t += draw(st.sampled_from([0, 0, 1, 3])) * STEP  # mostly back to back
            length = draw(st.integers(0, 14)) * STEP
            segments.append(Segment(agent, draw(st.sampled_from(vocabulary)), t, t + length))
            t += length
    return segments


def _subset(draw: st.DrawFn, members: list[str]) -> list[str]:
    return draw(st.lists(st.sampled_from(members), min_size=1, unique=True))


@st.composite
def workforce_metrics(draw: st.DrawFn) -> list[Occupancy | ScheduleAdherence | Absenteeism]:
    states = [s.value for s in AgentState]
    handling = _subset(draw, states)
    available = _subset(draw, [s for s in states if s not in handling] or ["available"])
    available = [s for s in available if s not in handling]
    activities = _subset(draw, [a.value for a in ScheduledActivity])
    return [
        Occupancy(handling_states=handling, available_states=available or ["offline"])
        if "offline" not in handling
        else Occupancy(),
        ScheduleAdherence(tolerance_seconds=draw(st.integers(0, 3)) * STEP, activities=activities),
        ScheduleAdherence(tolerance_seconds=STEP, name="adherence_5"),
        Absenteeism(
            absent_states=_subset(draw, states),
            planned_absence=draw(st.sampled_from(["exclude", "include"])),
        ),
    ]


def _segments_table(cls: type, segments: list[Segment]) -> object:
    rows = [(s.agent, s.kind, datetime.fromtimestamp(s.start, UTC),
             datetime.fromtimestamp(s.end, UTC)) for s in segments]  # fmt: skip
    return cls.from_records(rows)


@given(
    change=st.sampled_from(CHANGES),
    hours_before=st.integers(0, 4),
    data=st.data(),
    interval=st.sampled_from([None, "15min", "30min", "60min", "day"]),
    zone=st.sampled_from(["UTC", "Europe/Dublin"]),
    by_agent=st.booleans(),
    metrics=workforce_metrics(),
)
def test_matches_a_cell_by_cell_reference_across_clock_changes(
    change: datetime,
    hours_before: int,
    data: st.DataObject,
    interval: str | None,
    zone: str,
    by_agent: bool,
    metrics: list[Occupancy | ScheduleAdherence | Absenteeism],
) -> None:
    start = seconds_of(change) - hours_before * 3600
    states = data.draw(timelines([s.value for s in AgentState], start))
    schedule = data.draw(timelines([a.value for a in ScheduledActivity], start))
    # Segments of one agent must not overlap: keep each timeline's own (they never do).
    result = quietly(
        _segments_table(AgentStateTable, states),
        metrics,
        schedule=_segments_table(ScheduleTable, schedule),
        grouping=Grouping(by=("agent_id",) if by_agent else (), interval=interval, time_zone=zone),
    )
    expected = activity_reference(
        states, schedule, metrics, by_agent=by_agent, interval=interval, zone=zone, step=STEP
    )
    found = {}
    for i in range(len(result)):
        agent = result.labels["agent_id"][i] if by_agent else None
        utc = (
            result.labels["interval_start_utc"][i].astype("datetime64[us]").item()
            if interval
            else None
        )
        found[(agent, utc)] = i
    wanted = {(g[0], g[1][1] if g[1] else None): g for g in expected.tallies}
    assert set(found) == set(wanted)
    for key, i in found.items():
        group = wanted[key]
        assert result.records[i] == expected.records.get(group, 0)
        for m in metrics:
            tally = expected.tallies[group][m.name]
            got = result[m.name]
            assert_allclose(
                [got.numerator[i], got.denominator[i], got.excluded[i]],
                [float(tally.numerator), float(tally.denominator), float(tally.excluded)],
                rtol=1e-12,
            )
            value = tally.value()
            if value is None:
                assert np.isnan(got.value[i])
            else:
                assert got.value[i] == pytest.approx(value, rel=1e-12)


def test_the_example_month_is_consistent_with_its_parts() -> None:
    # Invariants on the generated example: per-agent numerators and denominators add up to
    # the whole, and daily groups add up to the month.
    from iso18295 import examples

    states, schedule = examples.generate_agent_activity()
    metrics = [Occupancy(), ScheduleAdherence(tolerance_seconds=60), Absenteeism()]
    whole = measure_activity(states, metrics, schedule=schedule)
    per_agent = quietly(states, metrics, schedule=schedule, grouping=Grouping(by=("agent_id",)))
    per_day = quietly(states, metrics, schedule=schedule,
                      grouping=Grouping(interval="day", time_zone="Europe/Dublin"))  # fmt: skip
    for part in (per_agent, per_day):
        for m in metrics:
            assert_allclose(part[m.name].numerator.sum(), whole[m.name].numerator[0], rtol=1e-12)
            assert_allclose(
                part[m.name].denominator.sum(), whole[m.name].denominator[0], rtol=1e-12
            )
    assert 0.75 < whole["occupancy"].value[0] < 0.9
    assert 0.0 < whole["absenteeism"].value[0] < 0.1
    assert len(per_agent) == 32
