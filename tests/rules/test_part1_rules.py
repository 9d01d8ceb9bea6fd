"""The built-in Part 1 rules, one by one, on a hand-built scope (``builders.py``).

Every rule conforms on `conforming_scope`; each breaker changes exactly its own
rule's status.  Targeted tests check the arithmetic behind the rules by hand or
with a second algorithm (an Erlang C written here, in plain floats).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

import attrs
import numpy as np
import pytest

import builders as b
import iso18295
from iso18295 import (
    Comparison,
    Complaint,
    Part,
    Scope,
    Status,
    TrainingKind,
    assess,
    default_registry,
)

AS_OF = b.AS_OF
DUBLIN = b.DUBLIN
RULE_IDS = [r.id for r in default_registry() if r.part == 1]


def statuses(scope: Scope, as_of: date = AS_OF, **kwargs: object) -> dict[str, Status]:
    kwargs.setdefault("interactions", b.conforming_interactions())
    found = assess(scope, as_of=as_of, parts=[Part.CENTRE], **kwargs)  # type: ignore[arg-type]
    return {f.rule_id: f.status for f in found.findings}


def finding(scope: Scope, rule_id: str, as_of: date = AS_OF, **kwargs: object) -> iso18295.Finding:
    return assess(scope, as_of=as_of, parts=[Part.CENTRE], **kwargs).finding(rule_id)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def baseline() -> dict[str, Status]:
    return statuses(b.conforming_scope())


# --- every rule: conforms on the builder, fails alone on its breaker ----------------------


@pytest.fixture(scope="module")
def models_baseline() -> dict[str, Status]:
    return statuses(b.with_planning_models(b.conforming_scope()))


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_conforms_on_conforming_scope(
    rule_id: str, baseline: dict[str, Status], models_baseline: dict[str, Status]
) -> None:
    if rule_id in b.PLANNING_MODEL_RULES:  # no chat or e-mail channel on the builder
        assert baseline[rule_id] is Status.NOT_APPLICABLE
        assert models_baseline[rule_id] is Status.CONFORMS
    else:
        assert baseline[rule_id] is Status.CONFORMS


def test_conforming_scope_runs_every_built_in_rule(baseline: dict[str, Status]) -> None:
    assert sorted(baseline) == sorted(RULE_IDS)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_breaker_fails_its_rule_and_only_its_rule(
    rule_id: str, baseline: dict[str, Status], models_baseline: dict[str, Status]
) -> None:
    assert rule_id in b.BREAKERS, f"no breaker in builders.py for {rule_id}"
    breaker, expected = b.BREAKERS[rule_id]
    if rule_id in b.PLANNING_MODEL_RULES:  # these breakers add chat and e-mail first
        baseline = models_baseline
    broken = statuses(breaker(b.conforming_scope()))
    also = b.ALSO_BROKEN.get(rule_id, {})
    assert broken[rule_id] is expected
    assert {k: v for k, v in broken.items() if k != rule_id} == {
        k: also.get(k, v) for k, v in baseline.items() if k != rule_id
    }


def test_breakers_name_only_built_in_rules() -> None:
    assert set(b.BREAKERS) <= set(RULE_IDS)


# --- 4.4 acknowledgement: working days ----------------------------------------------------


def with_complaints(scope: Scope, *complaints: Complaint) -> Scope:
    return attrs.evolve(scope, complaints=complaints)


def complaint(
    received: datetime, acknowledged: datetime | None, complaint_id: str = "cmp-x"
) -> Complaint:
    (template,) = b.conforming_scope().complaints
    return attrs.evolve(
        template, id=complaint_id, received_at=received, acknowledged_at=acknowledged
    )


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=DUBLIN)


FRI, SAT, MON, TUE = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9), date(2026, 3, 10)
THU = date(2026, 3, 5)


def ack_scope(received: datetime, acknowledged: datetime | None, limit: int) -> Scope:
    scope = with_complaints(b.conforming_scope(), complaint(received, acknowledged))
    return b.with_agreement(scope, complaint_acknowledgement_days=limit)


def test_friday_to_tuesday_is_two_working_days_so_meets_a_two_day_limit() -> None:
    # After Friday 6 March up to and including Tuesday 10 March: Mon 9, Tue 10 = 2 <= 2.
    scope = ack_scope(at(FRI, 16), at(TUE), limit=2)
    assert finding(scope, "P1-4.4-acknowledge").status is Status.CONFORMS


def test_friday_to_tuesday_is_two_working_days_so_misses_a_one_day_limit() -> None:
    # The same 2 working days exceed a limit of 1.
    scope = ack_scope(at(FRI, 16), at(TUE), limit=1)
    result = finding(scope, "P1-4.4-acknowledge")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason.startswith("1 of 1 complaint not acknowledged in the agreed time")


def test_weekend_is_not_counted_friday_to_monday_is_one_working_day() -> None:
    # Sat 7 and Sun 8 are not working days: Friday -> Monday = 1 (Mon 9) <= 1.
    scope = ack_scope(at(FRI, 16), at(MON), limit=1)
    assert finding(scope, "P1-4.4-acknowledge").status is Status.CONFORMS


def test_thursday_to_saturday_is_one_working_day() -> None:
    # After Thursday 5 March up to and including Saturday 7 March: only Fri 6 is a
    # working day, so 1 <= 1 and the acknowledgement is in time.
    scope = ack_scope(at(THU), at(SAT), limit=1)
    assert finding(scope, "P1-4.4-acknowledge").status is Status.CONFORMS


def test_unacknowledged_complaint_still_within_limit_is_not_late() -> None:
    # Received Monday 30 March, nothing by Wednesday 1 April: Tue 31, Wed 1 = 2 <= 2.
    scope = ack_scope(at(date(2026, 3, 30)), None, limit=2)
    assert finding(scope, "P1-4.4-acknowledge").status is Status.CONFORMS


def test_unacknowledged_complaint_past_limit_is_named_as_never_acknowledged() -> None:
    # Received Thursday 26 March: Fri 27, Mon 30, Tue 31, Wed 1 = 4 > 2 by AS_OF.
    scope = ack_scope(at(date(2026, 3, 26)), None, limit=2)
    result = finding(scope, "P1-4.4-acknowledge")
    assert result.status is Status.DOES_NOT_CONFORM
    assert "never acknowledged: cmp-x" in result.reason
    assert [e.id for e in result.evidence] == ["cmp-x"]


def test_acknowledgement_after_as_of_counts_as_missing_on_as_of() -> None:
    # Received Thursday 26 March, acknowledged 2 April (after AS_OF): on 1 April it is
    # 4 working days old and unacknowledged > 2.
    scope = ack_scope(at(date(2026, 3, 26)), at(date(2026, 4, 2)), limit=2)
    assert finding(scope, "P1-4.4-acknowledge").status is Status.DOES_NOT_CONFORM


def test_acknowledgement_share_counts_late_complaints() -> None:
    # Two complaints: one in 1 working day (Fri -> Mon), one in 4 (Fri -> Thu 12 March):
    # 1 of 2 in time with a limit of 2.
    scope = with_complaints(
        b.conforming_scope(),
        complaint(at(FRI, 16), at(MON), "cmp-a"),
        complaint(at(FRI, 16), at(date(2026, 3, 12)), "cmp-b"),
    )
    result = finding(scope, "P1-4.4-acknowledge")
    assert result.status is Status.DOES_NOT_CONFORM
    (m,) = result.measurements
    assert (m.numerator, m.denominator, m.observed) == (1, 2, 0.5)
    assert [e.id for e in result.evidence] == ["cmp-b"]


def test_no_agreed_acknowledgement_time_is_insufficient_evidence() -> None:
    scope = b.with_agreement(b.conforming_scope(), complaint_acknowledgement_days=None)
    result = finding(scope, "P1-4.4-acknowledge")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert "no agreed acknowledgement time for 1 complaint" in result.reason


# --- 7.3: required agents against an Erlang C written here --------------------------------


def erlang_b(traffic: float, agents: int) -> float:
    """Erlang B by the recursion B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))."""
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
    return blocking


def erlang_c(traffic: float, agents: int) -> float:
    """Probability of waiting: C = n B / (n - A (1 - B))."""
    blocking = erlang_b(traffic, agents)
    return agents * blocking / (agents - traffic * (1.0 - blocking))


def service_level(traffic: float, agents: int, handling: float, threshold: float) -> float:
    """Share answered within `threshold`: 1 - C exp(-(n - A) t / AHT); 0 when unstable."""
    if agents <= traffic:
        return 0.0
    return 1.0 - erlang_c(traffic, agents) * math.exp(-(agents - traffic) * threshold / handling)


def required(volume: float, handling: float, target: float = 0.8, threshold: float = 20.0) -> int:
    """Fewest agents reaching `target` within `threshold` for a half-hour `volume`."""
    traffic = volume * handling / 1800.0
    if traffic == 0:
        return 0
    n = math.floor(traffic) + 1
    while service_level(traffic, n, handling, threshold) < target:
        n += 1
    return n


def test_reference_erlang_c_matches_the_closed_form() -> None:
    # 3 agents, 2 Erlangs: B = 4/19, C = 3 (4/19) / (3 - 2 (15/19)) = 4/9.
    assert erlang_c(2.0, 3) == pytest.approx(4 / 9, rel=1e-12)


def test_reference_requires_11_agents_for_the_builder_forecast() -> None:
    # A = 60 * 240 / 1800 = 8 Erlangs.  Service level at 10 agents is 0.654, at 11 it is
    # 0.809 (C(8, 11) = 0.245; 1 - 0.245 exp(-3 * 20 / 240) = 0.809) -> 11.
    assert required(60.0, 240.0) == 11


VOLUMES = (30.0, 60.0, 90.0, 120.0, 45.0, 200.0, 0.0)
HANDLING = (240.0, 240.0, 300.0, 180.0, 420.0, 240.0, 240.0)


def forecast_scope(rostered: tuple[int, ...], shrinkage: float = 0.0) -> Scope:
    scope = b.conforming_scope()
    (forecast,) = scope.forecasts
    (plan,) = scope.staffing_plans
    return attrs.evolve(
        scope,
        forecasts=(attrs.evolve(forecast, volumes=VOLUMES, handling_seconds=HANDLING),),
        staffing_plans=(attrs.evolve(plan, rostered_agents=rostered, shrinkage_share=shrinkage),),
    )


def test_plan_rostered_exactly_to_reference_requirement_conforms() -> None:
    needed = tuple(required(v, h) for v, h in zip(VOLUMES, HANDLING, strict=True))
    result = finding(forecast_scope(needed), "P1-7.3-plan-meets-target")
    assert result.status is Status.CONFORMS
    # The 0-volume interval is closed: 6 open intervals.
    assert result.reason == "all 6 open intervals of 1 plan staffed to the agreed service level"


@pytest.mark.parametrize("short_at", range(6))
def test_plan_one_agent_below_reference_requirement_is_short_by_one(short_at: int) -> None:
    needed = [required(v, h) for v, h in zip(VOLUMES, HANDLING, strict=True)]
    needed[short_at] -= 1
    result = finding(forecast_scope(tuple(needed)), "P1-7.3-plan-meets-target")
    # 5 of 6 open intervals met: 0.83 < 0.9, so not even partly.
    assert result.status is Status.DOES_NOT_CONFORM
    # Intervals start Monday 2 March 09:00 Dublin time, every 30 minutes.
    start = datetime(2026, 3, 2, 9, 0) + short_at * timedelta(minutes=30)
    assert result.reason == (
        f"1 of 6 open intervals understaffed ({start:%a %d %b %H:%M} short by 1 productive agent)"
    )
    m = result.measurements[0]  # then one per plan, with its model
    assert (m.numerator, m.denominator) == (5, 6)


def test_shrinkage_is_taken_off_rostered_agents() -> None:
    # 8 Erlangs need 11 productive agents; at 25 % shrinkage 15 rostered give
    # floor(11.25) = 11 (enough) and 14 give floor(10.5) = 10 (one short).
    def scope_with(rostered: int) -> Scope:
        scope = b.conforming_scope()
        (plan,) = scope.staffing_plans
        plan = attrs.evolve(plan, rostered_agents=(rostered,) * 4, shrinkage_share=0.25)
        return attrs.evolve(scope, staffing_plans=(plan,))

    assert finding(scope_with(15), "P1-7.3-plan-meets-target").status is Status.CONFORMS
    short = finding(scope_with(14), "P1-7.3-plan-meets-target")
    assert short.status is Status.DOES_NOT_CONFORM
    assert "short by 1 productive agent" in short.reason


# --- 7.3: partial vs non-conformance ------------------------------------------------------


def ten_interval_scope(short: int) -> Scope:
    # 10 open intervals (60 calls of 240 s: 11 agents each) and 2 closed ones; `short`
    # intervals get 10 agents instead of 11 (shrinkage 0).
    scope = b.conforming_scope()
    (forecast,) = scope.forecasts
    (plan,) = scope.staffing_plans
    volumes = (60.0,) * 10 + (0.0, 0.0)
    rostered = (10,) * short + (11,) * (10 - short) + (0, 0)
    return attrs.evolve(
        scope,
        forecasts=(attrs.evolve(forecast, volumes=volumes, handling_seconds=(240.0,) * 12),),
        staffing_plans=(attrs.evolve(plan, rostered_agents=rostered, shrinkage_share=0.0),),
    )


def test_nine_of_ten_intervals_met_partially_conforms() -> None:
    # 9 / 10 = 0.9 >= 0.9 (closed intervals are not counted).
    result = finding(ten_interval_scope(short=1), "P1-7.3-plan-meets-target")
    assert result.status is Status.PARTIALLY_CONFORMS
    m = result.measurements[0]
    assert (m.numerator, m.denominator, m.observed) == (9, 10, 0.9)


def test_eight_of_ten_intervals_met_does_not_conform() -> None:
    # 8 / 10 = 0.8 < 0.9.
    result = finding(ten_interval_scope(short=2), "P1-7.3-plan-meets-target")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason.startswith("2 of 10 open intervals understaffed")


def misaligned(scope: Scope) -> Scope:
    # The plan covers 2 of the forecast's 4 intervals: it cannot be checked.
    (plan,) = scope.staffing_plans
    return attrs.evolve(scope, staffing_plans=(attrs.evolve(plan, rostered_agents=(20, 20)),))


def test_plan_not_lined_up_with_its_forecast_is_insufficient_evidence() -> None:
    result = finding(misaligned(b.conforming_scope()), "P1-7.3-plan-meets-target")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert "line up" in result.reason


def test_unchecked_plan_next_to_a_good_one_does_not_conform_fully() -> None:
    # A second forecast (next Monday) with a plan of the wrong length, next to the good
    # plan: 4 open intervals met, but one plan could not be checked, so "all staffed"
    # would be claimed without evidence.
    scope = b.break_plan_for_forecast(b.conforming_scope())  # adds fc-voice-w11
    (plan,) = scope.staffing_plans
    bad = attrs.evolve(plan, id="plan-w11", forecast_id="fc-voice-w11", rostered_agents=(20,))
    scope = attrs.evolve(scope, staffing_plans=(plan, bad))
    result = finding(scope, "P1-7.3-plan-meets-target")
    assert result.status is not Status.CONFORMS
    assert "line up" in result.reason


# --- not applicable, naming the fact ------------------------------------------------------


def test_no_complaints_makes_acknowledgement_not_applicable() -> None:
    result = finding(with_complaints(b.conforming_scope()), "P1-4.4-acknowledge")
    assert result.status is Status.NOT_APPLICABLE
    assert result.reason == (
        "the complaints supplied include none received up to the assessment date"
    )


def test_complaint_received_after_as_of_does_not_make_it_applicable() -> None:
    scope = with_complaints(b.conforming_scope(), complaint(at(date(2026, 4, 2)), None))
    assert finding(scope, "P1-4.4-acknowledge").status is Status.NOT_APPLICABLE


def test_no_forecasts_makes_both_planning_rules_nonconforming() -> None:
    scope = attrs.evolve(b.conforming_scope(), forecasts=(), staffing_plans=())
    found = assess(scope, as_of=AS_OF, parts=[Part.CENTRE])
    for rule_id in ("P1-7.3-plan-for-forecast", "P1-7.3-plan-meets-target"):
        assert found.finding(rule_id).status is Status.DOES_NOT_CONFORM


def test_scope_without_centre_makes_every_part1_rule_not_applicable() -> None:
    found = assess(Scope(name="clients only"), as_of=AS_OF, parts=[Part.CENTRE])
    assert {f.rule_id for f in found.findings} == set(RULE_IDS)
    assert {f.status for f in found.findings} == {Status.NOT_APPLICABLE}
    assert {f.reason for f in found.findings} == {
        "the scope has no contact centre (Part 1 assesses a centre)"
    }


# --- insufficient evidence ----------------------------------------------------------------


AGREEMENT_RULES = (
    "P1-4.4-division",
    "P1-8.3-agreed-use",
    "P1-9-targets-and-reporting",
    "P1-9-review",
    "P1-9-responsibilities",
)


@pytest.mark.parametrize("rule_id", AGREEMENT_RULES)
def test_no_agreement_in_force_is_insufficient_evidence(rule_id: str) -> None:
    # The agreement ended on 31 December 2025, before AS_OF.
    scope = b.with_agreement(b.conforming_scope(), ends_on=date(2025, 12, 31))
    result = finding(scope, rule_id)
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.reason == "no client agreement in force on the assessment date"


def test_no_agreement_in_force_leaves_the_client_without_signed_terms() -> None:
    scope = b.with_agreement(b.conforming_scope(), ends_on=date(2025, 12, 31))
    result = finding(scope, "P1-9-agreement")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "no signed agreement in force for acme (of 1 client; 0 agreements in force)"
    )


def test_no_agreement_in_force_leaves_no_service_level_target() -> None:
    scope = b.with_agreement(b.conforming_scope(), ends_on=date(2025, 12, 31))
    result = finding(scope, "P1-7.3-plan-meets-target")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.reason == "no service-level target for voice in an agreement"


def test_agreement_starting_after_as_of_is_not_in_force() -> None:
    scope = b.with_agreement(b.conforming_scope(), starts_on=date(2026, 4, 2))
    assert finding(scope, "P1-9-review").status is Status.INSUFFICIENT_EVIDENCE


def test_no_agent_with_first_contact_is_insufficient_evidence_for_training_rules() -> None:
    scope = b.conforming_scope()
    for agent in scope.agents:
        scope = b.with_agent(scope, agent.id, first_contact_on=None)
    found = statuses(scope)
    for rule_id in ("P1-6.4-induction", "P1-6.4-client-training", "P1-6.4-ongoing"):
        assert found[rule_id] is Status.INSUFFICIENT_EVIDENCE


# --- 6.4 induction, with and without interaction records ----------------------------------


def interactions(agent_days: list[tuple[str, str]]) -> iso18295.InteractionTable:
    n = len(agent_days)
    return iso18295.InteractionTable.from_columns(
        channel_id=["voice"] * n,
        direction=["inbound"] * n,
        client_id=["acme"] * n,
        agent_id=[agent for agent, _ in agent_days],
        offered_at=np.array([day for _, day in agent_days], dtype="datetime64[ns]"),
        wait_seconds=[5.0] * n,
        answered=[True] * n,
        abandoned=[False] * n,
    )


def test_induction_reason_counts_contacts_before_induction_from_records() -> None:
    # A002's induction was completed on 2024-02-16 (break_induction).  Records: three
    # A002 contacts before that day (5, 9, 15 Feb), one on the day and one after (not
    # counted), and two of A001 (not A002's).  Expected count: 3.
    table = interactions(
        [
            ("A002", "2024-02-05T09:00"),
            ("A002", "2024-02-09T14:30"),
            ("A002", "2024-02-15T23:59"),
            ("A002", "2024-02-16T08:00"),
            ("A002", "2024-03-01T10:00"),
            ("A001", "2024-02-06T10:00"),
            ("A001", "2024-02-07T10:00"),
        ]
    )
    scope = b.break_induction(b.conforming_scope())
    result = finding(scope, "P1-6.4-induction", interactions=table)
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "1 agent handled contacts before completing induction: A002 (first contact "
        "2024-02-05, induction completed 2024-02-16, 3 contacts in the records)"
    )


def test_induction_reason_without_records_names_only_dates() -> None:
    result = finding(b.break_induction(b.conforming_scope()), "P1-6.4-induction")
    assert result.reason.endswith(
        "A002 (first contact 2024-02-05, induction completed 2024-02-16)"
    )


def test_induction_measurement_is_share_of_agents_inducted_in_time() -> None:
    # 3 of the 4 agents were inducted before their first contact.
    result = finding(b.break_induction(b.conforming_scope()), "P1-6.4-induction")
    (m,) = result.measurements
    assert (m.numerator, m.denominator) == (3, 4)
    assert m.observed == pytest.approx(3 / 4)


def test_agent_without_any_induction_is_named() -> None:
    scope = b.conforming_scope()
    agent = scope.agent("A001")
    training = tuple(t for t in agent.training if t.kind is not TrainingKind.INDUCTION)
    result = finding(b.with_agent(scope, "A001", training=training), "P1-6.4-induction")
    assert result.status is Status.DOES_NOT_CONFORM
    assert "A001 (no completed induction)" in result.reason


def test_induction_evidence_carries_agent_name_as_personal_data() -> None:
    result = finding(b.break_induction(b.conforming_scope()), "P1-6.4-induction")
    (evidence,) = result.evidence
    assert evidence.id == "A002"
    assert evidence.personal == (("name", "Bea Agent"),)


def test_agent_who_left_over_a_year_ago_is_not_checked_for_induction() -> None:
    # A002 (never properly inducted) left on 2025-03-01, more than 366 days before AS_OF.
    scope = b.break_induction(b.conforming_scope())
    scope = b.with_agent(scope, "A002", left_on=date(2025, 3, 1))
    assert finding(scope, "P1-6.4-induction").status is Status.CONFORMS


# --- review dates and boundaries ----------------------------------------------------------


@pytest.mark.parametrize(
    ("approved_on", "expected"),
    [
        # 12 months after 2025-04-01 is AS_OF itself: still current on the due day.
        (date(2025, 4, 1), Status.CONFORMS),
        # Due 2026-03-31, the day before AS_OF: overdue.
        (date(2025, 3, 31), Status.DOES_NOT_CONFORM),
    ],
)
def test_policy_due_on_as_of_is_still_current(approved_on: date, expected: Status) -> None:
    scope = b.with_policy(b.conforming_scope(), "pol-dp", approved_on=approved_on)
    assert finding(scope, "P1-8.3-policy").status is expected


def test_policy_never_approved_does_not_conform() -> None:
    scope = b.with_policy(b.conforming_scope(), "pol-dp", approved_on=None)
    result = finding(scope, "P1-8.3-policy")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == "data-protection policy pol-dp was not approved by 2026-04-01"


def test_missing_policy_does_not_conform() -> None:
    scope = b.conforming_scope()
    scope = attrs.evolve(scope, policies=tuple(p for p in scope.policies if p.id != "pol-dp"))
    result = finding(scope, "P1-8.3-policy")
    assert result.status is Status.DOES_NOT_CONFORM
    # 17 policies in the builder, pol-dp removed: 16 left.
    assert result.reason == "ccc has no data-protection policy among the 16 documents supplied"


def test_review_after_as_of_does_not_make_an_overdue_policy_current() -> None:
    # Approved 2024-09-01, due 2025-09-01; on 2026-04-01 the 2026-05-01 review has not
    # happened yet, so the policy is overdue on that day.
    scope = b.with_policy(
        b.conforming_scope(),
        "pol-dp",
        approved_on=date(2024, 9, 1),
        last_reviewed_on=date(2026, 5, 1),
    )
    assert finding(scope, "P1-8.3-policy").status is Status.DOES_NOT_CONFORM


def test_agreement_signed_after_as_of_is_not_signed_on_as_of() -> None:
    scope = b.with_agreement(b.conforming_scope(), signed_on=date(2026, 6, 1))
    assert finding(scope, "P1-9-agreement").status is Status.DOES_NOT_CONFORM


@pytest.mark.parametrize(
    ("last_reviewed_on", "expected"),
    [
        # 2025-12-30 -> 2026-04-01 is 92 days: exactly the quarterly window.
        (date(2025, 12, 30), Status.CONFORMS),
        # 2025-12-29 -> 2026-04-01 is 93 days > 92.
        (date(2025, 12, 29), Status.DOES_NOT_CONFORM),
    ],
)
def test_quarterly_review_window_is_92_days(last_reviewed_on: date, expected: Status) -> None:
    scope = b.with_agreement(b.conforming_scope(), last_reviewed_on=last_reviewed_on)
    assert finding(scope, "P1-9-review").status is expected


def test_review_after_as_of_is_ignored() -> None:
    # Last real review 2025-10-01 (182 days before AS_OF); a review dated 2026-04-15 has
    # not happened on AS_OF.  With last_reviewed_on after AS_OF the rule sees no review,
    # and the agreement started 2024-01-01, long before the window: never reviewed.
    scope = b.with_agreement(b.conforming_scope(), last_reviewed_on=date(2026, 4, 15))
    result = finding(scope, "P1-9-review")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == "of 1 agreement in force: agr-acme: never reviewed (quarterly agreed)"


@pytest.mark.parametrize(
    ("exercised_on", "expected"),
    [
        # AS_OF - 366 days = 2025-03-31: an exercise on that day still counts.
        (date(2025, 3, 31), Status.CONFORMS),
        (date(2025, 3, 30), Status.DOES_NOT_CONFORM),
    ],
)
def test_continuity_exercise_window_is_366_days(exercised_on: date, expected: Status) -> None:
    scope = b.conforming_scope()
    (plan,) = scope.continuity_plans
    (exercise,) = plan.exercises
    plan = attrs.evolve(plan, exercises=(attrs.evolve(exercise, exercised_on=exercised_on),))
    assert finding(attrs.evolve(scope, continuity_plans=(plan,)), "P1-8.5-plan-tested").status is (
        expected
    )


def test_latest_continuity_exercise_failed_does_not_conform() -> None:
    scope = b.conforming_scope()
    (plan,) = scope.continuity_plans
    (passed,) = plan.exercises
    failed = attrs.evolve(
        passed, exercised_on=date(2026, 2, 2), result=iso18295.ExerciseResult.FAILED
    )
    plan = attrs.evolve(plan, exercises=(passed, failed))
    result = finding(attrs.evolve(scope, continuity_plans=(plan,)), "P1-8.5-plan-tested")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "1 of 1 continuity plan: plan bcp-1: its latest exercise (2026-02-02) failed"
    )


def test_no_continuity_plan_does_not_conform() -> None:
    scope = attrs.evolve(b.conforming_scope(), continuity_plans=())
    assert finding(scope, "P1-8.5-plan-tested").status is Status.DOES_NOT_CONFORM


# --- "within the last year": 366 days back from AS_OF (2025-03-31 still counts) ----------


@pytest.mark.parametrize(
    ("period_end", "expected"),
    [
        (date(2025, 4, 1), Status.CONFORMS),  # 365 days before AS_OF
        (date(2025, 3, 31), Status.CONFORMS),  # 366 days: the last day that counts
        (date(2025, 3, 30), Status.DOES_NOT_CONFORM),  # 367 days
    ],
)
def test_customer_survey_window_is_366_days(period_end: date, expected: Status) -> None:
    scope = b.with_customer_survey(
        b.conforming_scope(), period_start=date(2025, 1, 1), period_end=period_end
    )
    assert finding(scope, "P1-4.3-survey").status is expected


def test_survey_ending_after_as_of_does_not_count() -> None:
    # A survey of April 2026 has not ended on AS_OF (1 April).
    scope = b.with_customer_survey(
        b.conforming_scope(), period_start=date(2026, 4, 1), period_end=date(2026, 4, 30)
    )
    result = finding(scope, "P1-4.3-survey")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "no customer survey with responses covering 2025-03-31 or later for acme"
    )


def test_survey_without_responses_does_not_count() -> None:
    scope = b.with_customer_survey(b.conforming_scope(), responses=0, mean_score=None)
    assert finding(scope, "P1-4.3-survey").status is Status.DOES_NOT_CONFORM


@pytest.mark.parametrize(
    ("assessed_on", "expected"),
    [(date(2025, 4, 1), Status.CONFORMS), (date(2025, 3, 30), Status.DOES_NOT_CONFORM)],
)
def test_site_assessment_window_is_366_days(assessed_on: date, expected: Status) -> None:
    scope = b.conforming_scope()
    (wea,) = scope.work_environment_assessments
    scope = attrs.evolve(
        scope, work_environment_assessments=(attrs.evolve(wea, assessed_on=assessed_on),)
    )
    assert finding(scope, "P1-8.4-sites-assessed").status is expected


def test_unassessed_site_is_named() -> None:
    # A second site (home workers) was never assessed.
    scope = b.conforming_scope()
    assert scope.centre is not None
    home = iso18295.Site(id="home", name="Home workers", country="IE", remote=True)
    centre = attrs.evolve(scope.centre, sites=(*scope.centre.sites, home))
    result = finding(attrs.evolve(scope, centre=centre), "P1-8.4-sites-assessed")
    assert result.reason == (
        "1 of 2 sites without a work-environment assessment since 2025-03-31: home"
    )


@pytest.mark.parametrize(
    ("conducted_on", "expected"),
    [(date(2025, 3, 31), Status.CONFORMS), (date(2025, 3, 30), Status.DOES_NOT_CONFORM)],
)
def test_engagement_survey_window_is_366_days(conducted_on: date, expected: Status) -> None:
    scope = b.conforming_scope()
    (survey,) = scope.engagement_surveys
    scope = attrs.evolve(
        scope, engagement_surveys=(attrs.evolve(survey, conducted_on=conducted_on),)
    )
    assert finding(scope, "P1-5.3-survey").status is expected


@pytest.mark.parametrize("competency_id", ["comm-courtesy", "tech-crm", "acme-products"])
@pytest.mark.parametrize(
    ("assessed_on", "expected"),
    [(date(2025, 3, 31), Status.CONFORMS), (date(2025, 3, 30), Status.DOES_NOT_CONFORM)],
)
def test_competency_review_window_is_366_days(
    competency_id: str, assessed_on: date, expected: Status
) -> None:
    # The yearly review is 6.3.1's alone: one stale competency of any area breaks it.
    scope = b.with_assessment(b.conforming_scope(), "A002", competency_id, assessed_on)
    assert finding(scope, "P1-6.3.1-yearly-review").status is expected


def test_stale_competency_is_named_with_its_agent() -> None:
    scope = b.with_assessment(b.conforming_scope(), "A001", "tech-crm", date(2025, 3, 20))
    result = finding(scope, "P1-6.3.1-yearly-review")
    assert result.reason == (
        "1 agent not reviewed since 2025-03-31 on required competencies: A001 (tech-crm)"
    )
    (m,) = result.measurements
    assert (m.numerator, m.denominator) == (3, 4)


def test_client_specific_competency_only_for_the_agents_clients() -> None:
    # A competency for another client (beta) is not required of Acme's agents.
    scope = b.conforming_scope()
    beta = iso18295.Client(id="beta", name="Beta", relationship=iso18295.Relationship.EXTERNAL)
    other = iso18295.Competency(
        id="beta-products",
        name="Beta products",
        area=iso18295.CompetencyArea.CLIENT_SPECIFIC,
        client_id="beta",
    )
    scope = attrs.evolve(
        scope, clients=(*scope.clients, beta), competencies=(*scope.competencies, other)
    )
    assert finding(scope, "P1-6.3.4-client-specific").status is Status.CONFORMS


def test_agent_client_without_a_client_competency_does_not_conform() -> None:
    # The only client-specific competency is Beta's, so none is defined for Acme.
    scope = b.conforming_scope()
    beta = iso18295.Client(id="beta", name="Beta", relationship=iso18295.Relationship.EXTERNAL)
    competencies = tuple(
        attrs.evolve(c, client_id="beta") if c.id == "acme-products" else c
        for c in scope.competencies
    )
    scope = attrs.evolve(scope, clients=(*scope.clients, beta), competencies=competencies)
    result = finding(scope, "P1-6.3.4-client-specific")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason.startswith(
        "no client-specific competency required of A001 (client acme), A002 (client acme)"
    )


def test_agent_who_left_is_not_reviewed() -> None:
    # A002's assessments are stale, but A002 left on 2026-03-31, the day before AS_OF.
    scope = b.break_yearly_review(b.conforming_scope())
    scope = b.with_agent(scope, "A002", left_on=date(2026, 3, 31))
    assert finding(scope, "P1-6.3.1-yearly-review").status is Status.CONFORMS


# --- 6.3.1 gaps and competence at first contact ----------------------------------------------


def gap_scope(assessed_on: date, *training: iso18295.TrainingRecord) -> Scope:
    gap = iso18295.CompetencyAssessment(
        competency_id="comm-courtesy",
        assessed_on=assessed_on,
        outcome=iso18295.CompetencyOutcome.NOT_MET,
    )
    agent = b.conforming_scope().agent("A001")
    return b.with_agent(
        b.conforming_scope(),
        "A001",
        assessments=(*agent.assessments, gap),
        training=(*agent.training, *training),
    )


def development(started_on: date, competency_id: str = "comm-courtesy") -> iso18295.TrainingRecord:
    return iso18295.TrainingRecord(
        course="Courtesy coaching",
        kind=TrainingKind.DEVELOPMENT,
        started_on=started_on,
        competency_ids=(competency_id,),
    )


@pytest.mark.parametrize(
    ("assessed_on", "expected"),
    [
        (date(2026, 3, 2), Status.CONFORMS),  # 30 days old: training may still be planned
        (date(2026, 3, 1), Status.DOES_NOT_CONFORM),  # 31 days old, no training
    ],
)
def test_gap_needs_training_after_30_days(assessed_on: date, expected: Status) -> None:
    assert finding(gap_scope(assessed_on), "P1-6.3.1-gaps-trained").status is expected


def test_gap_reason_names_agent_and_competency() -> None:
    result = finding(gap_scope(date(2026, 3, 1)), "P1-6.3.1-gaps-trained")
    assert result.reason == (
        "competency gaps without development training: A001 (comm-courtesy not met on 2026-03-01)"
    )


@pytest.mark.parametrize(
    ("training", "expected"),
    [
        (development(date(2026, 2, 10)), Status.CONFORMS),  # started after the gap
        (development(date(2026, 4, 20)), Status.CONFORMS),  # planned after AS_OF
        (development(date(2026, 1, 5)), Status.DOES_NOT_CONFORM),  # before the gap
        (development(date(2026, 2, 10), "tech-crm"), Status.DOES_NOT_CONFORM),  # other skill
    ],
)
def test_gap_is_answered_by_development_training_begun_after_it(
    training: iso18295.TrainingRecord, expected: Status
) -> None:
    scope = gap_scope(date(2026, 2, 2), training)
    assert finding(scope, "P1-6.3.1-gaps-trained").status is expected


def test_gap_closed_by_a_later_met_assessment_needs_no_training() -> None:
    scope = gap_scope(date(2026, 2, 2))
    agent = scope.agent("A001")
    met = iso18295.CompetencyAssessment(
        competency_id="comm-courtesy",
        assessed_on=date(2026, 3, 3),
        outcome=iso18295.CompetencyOutcome.MET,
    )
    scope = b.with_agent(scope, "A001", assessments=(*agent.assessments, met))
    assert finding(scope, "P1-6.3.1-gaps-trained").status is Status.CONFORMS


def test_competence_before_contact_names_the_missing_competencies() -> None:
    # A004 first handled contacts on 2025-09-22 and was assessed on 2025-09-29.
    result = finding(
        b.break_competent_before_contact(b.conforming_scope()), "P1-6.3.1-competent-before-contact"
    )
    assert result.reason == (
        "1 agent handled contacts before being assessed competent: A004 (first contact "
        "2025-09-22; comm-courtesy, tech-crm, acme-products)"
    )


def test_competence_before_contact_not_applicable_without_new_agents() -> None:
    # A004 as a long-standing agent: first contact in 2024, like the others.
    scope = b.with_agent(
        b.conforming_scope(), "A004", hired_on=date(2024, 1, 8), first_contact_on=date(2024, 2, 5)
    )
    result = finding(scope, "P1-6.3.1-competent-before-contact")
    assert result.status is Status.NOT_APPLICABLE
    assert result.reason == (
        "no agent began handling contacts since 2025-03-31 (of the 4 agents handling contacts)"
    )


def test_competence_shown_as_not_met_before_contact_does_not_count() -> None:
    # A004's courtesy was assessed on the first day, but as not met.
    agent = b.conforming_scope().agent("A004")
    assessments = tuple(
        attrs.evolve(a, outcome=iso18295.CompetencyOutcome.NOT_MET)
        if a.competency_id == "comm-courtesy"
        else a
        for a in agent.assessments
    )
    scope = b.with_agent(b.conforming_scope(), "A004", assessments=assessments)
    result = finding(scope, "P1-6.3.1-competent-before-contact")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason.endswith("A004 (first contact 2025-09-22; comm-courtesy)")


# --- 6.1, 6.2 -----------------------------------------------------------------------------


def test_staffed_function_without_job_description_is_named() -> None:
    scope = b.conforming_scope()
    planner = attrs.evolve(scope.agent("A001"), id="P001", function=iso18295.StaffFunction.PLANNER)
    profiles = tuple(
        p for p in scope.role_profiles if p.function is not iso18295.StaffFunction.PLANNER
    )
    scope = attrs.evolve(scope, agents=(*scope.agents, planner), role_profiles=profiles)
    found = statuses(scope)
    assert found["P1-6.1-job-requirements"] is Status.DOES_NOT_CONFORM
    assert finding(scope, "P1-6.1-job-requirements").reason == (
        "no role profile with a job description for the staffed functions planner"
    )
    assert found["P1-6.2-functions"] is Status.DOES_NOT_CONFORM


# --- 6.5 and 4.2: client updates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("briefed_on", "expected"),
    [(date(2026, 3, 16), Status.CONFORMS), (date(2026, 3, 17), Status.DOES_NOT_CONFORM)],
)
def test_briefing_is_due_on_the_effective_day(briefed_on: date, expected: Status) -> None:
    scope = b.with_update(b.conforming_scope(), briefed_on=briefed_on)
    assert finding(scope, "P1-6.5-briefed").status is expected


@pytest.mark.parametrize(
    ("briefed_on", "expected"),
    [(date(2026, 3, 2), Status.CONFORMS), (date(2026, 3, 3), Status.DOES_NOT_CONFORM)],
)
def test_immediate_update_is_due_the_day_it_is_sent(briefed_on: date, expected: Status) -> None:
    scope = b.with_update(b.conforming_scope(), effective_on=None, briefed_on=briefed_on)
    assert finding(scope, "P1-6.5-briefed").status is expected


def test_update_taking_effect_after_as_of_is_not_yet_due() -> None:
    # Effective 2026-04-15: neither taken in nor briefed yet, and not due.
    scope = b.with_update(
        b.conforming_scope(), effective_on=date(2026, 4, 15), acknowledged_on=None, briefed_on=None
    )
    found = statuses(scope)
    assert found["P1-6.5-briefed"] is Status.INSUFFICIENT_EVIDENCE
    assert found["P1-4.2-client-information"] is Status.INSUFFICIENT_EVIDENCE


def test_update_never_briefed_is_named() -> None:
    scope = b.with_update(b.conforming_scope(), briefed_on=None)
    result = finding(scope, "P1-6.5-briefed")
    assert result.reason == (
        "1 of 1 client update not briefed to agents by the day it took effect: "
        "iu-prices (effective 2026-03-16, not briefed)"
    )


def test_update_never_acknowledged_is_named() -> None:
    scope = b.with_update(b.conforming_scope(), acknowledged_on=None)
    result = finding(scope, "P1-4.2-client-information")
    assert result.reason == (
        "1 of 1 client update not taken in by the day it took effect: "
        "iu-prices (effective 2026-03-16, never acknowledged)"
    )


# --- 7.4: evaluations every 90 days, feedback within 14 -----------------------------------------


@pytest.mark.parametrize(
    ("evaluated_on", "expected"),
    [
        (date(2026, 1, 1), Status.CONFORMS),  # 90 days before AS_OF
        (date(2025, 12, 31), Status.DOES_NOT_CONFORM),  # 91 days
    ],
)
def test_evaluation_window_is_90_days(evaluated_on: date, expected: Status) -> None:
    scope = b.with_evaluation(
        b.conforming_scope(), "A003", evaluated_on=evaluated_on, feedback_given_on=evaluated_on
    )
    assert finding(scope, "P1-7.4-evaluated").status is expected


def test_agent_in_contact_for_under_90_days_is_not_yet_due() -> None:
    # A004 first handled contacts on 2026-01-02 (89 days before AS_OF) and has no
    # evaluation: not yet due.  The other 3 agents are evaluated.
    scope = b.with_agent(
        b.conforming_scope(), "A004", hired_on=date(2025, 9, 1), first_contact_on=date(2026, 1, 2)
    )
    scope = attrs.evolve(
        scope,
        quality_evaluations=tuple(e for e in scope.quality_evaluations if e.agent_id != "A004"),
    )
    result = finding(scope, "P1-7.4-evaluated")
    assert result.status is Status.CONFORMS
    agents, channels = result.measurements
    assert (agents.numerator, agents.denominator) == (3, 3)
    assert (channels.numerator, channels.denominator) == (1, 1)  # voice


@pytest.mark.parametrize(
    ("feedback_given_on", "expected"),
    [
        (date(2026, 3, 24), Status.CONFORMS),  # 14 days after the 10 March evaluation
        (date(2026, 3, 25), Status.DOES_NOT_CONFORM),  # 15 days
    ],
)
def test_feedback_window_is_14_days(feedback_given_on: date, expected: Status) -> None:
    scope = b.with_evaluation(b.conforming_scope(), "A002", feedback_given_on=feedback_given_on)
    assert finding(scope, "P1-7.4-feedback").status is expected


@pytest.mark.parametrize(
    ("evaluated_on", "expected"),
    [
        (date(2026, 3, 18), Status.CONFORMS),  # 14 days ago: feedback may still come today
        (date(2026, 3, 17), Status.DOES_NOT_CONFORM),  # 15 days ago, no feedback
    ],
)
def test_evaluation_without_feedback_is_late_after_14_days(
    evaluated_on: date, expected: Status
) -> None:
    scope = b.with_evaluation(
        b.conforming_scope(), "A002", evaluated_on=evaluated_on, feedback_given_on=None
    )
    assert finding(scope, "P1-7.4-feedback").status is expected


def test_late_feedback_measurement_by_hand() -> None:
    # 4 evaluations, all due (10 March + 14 < 1 April); A002's late: 3 of 4 in time.
    result = finding(b.break_feedback(b.conforming_scope()), "P1-7.4-feedback")
    assert result.reason == "1 of 4 evaluations not fed back within 14 days: qe-A002"
    (m,) = result.measurements
    assert (m.numerator, m.denominator) == (3, 4)


# --- 4.5: outbound campaigns --------------------------------------------------------------


@pytest.mark.parametrize(
    ("checked_on", "expected"),
    [
        (date(2026, 1, 31), Status.CONFORMS),  # 30 days before the 2 March start
        (date(2026, 1, 30), Status.DOES_NOT_CONFORM),  # 31 days
        (date(2026, 3, 20), Status.CONFORMS),  # while it runs
        (date(2026, 4, 2), Status.DOES_NOT_CONFORM),  # after AS_OF: not yet done
    ],
)
def test_list_screening_window(checked_on: date, expected: Status) -> None:
    scope = b.with_contact_rules(b.conforming_scope(), suppression_list_checked_on=checked_on)
    assert finding(scope, "P1-4.5-list-screened").status is expected


def test_no_campaign_makes_outbound_rules_not_applicable() -> None:
    found = assess(
        attrs.evolve(b.conforming_scope(), campaigns=()), as_of=AS_OF, parts=[Part.CENTRE]
    )
    for rule_id in (
        "P1-4.5-do-not-contact",
        "P1-4.5-list-screened",
        "P1-4.5-contact-hours",
        "P1-4.5-opt-in",
    ):
        assert found.finding(rule_id).status is Status.NOT_APPLICABLE
        assert found.finding(rule_id).reason == (
            "the campaigns supplied include no outbound campaign"
        )


def test_campaign_ended_over_a_year_ago_is_not_checked() -> None:
    # Ended 2025-03-30, 367 days before AS_OF; its rules are broken but no longer apply.
    (campaign,) = b.conforming_scope().campaigns
    old = attrs.evolve(campaign, starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 30))
    scope = b.break_do_not_contact(attrs.evolve(b.conforming_scope(), campaigns=(old,)))
    result = finding(scope, "P1-4.5-do-not-contact")
    assert result.status is Status.NOT_APPLICABLE
    assert result.reason == "no outbound campaign ran between 2025-03-31 and 2026-04-01"


def test_campaign_without_contact_rules_fails_every_outbound_rule() -> None:
    (campaign,) = b.conforming_scope().campaigns
    bare = attrs.evolve(campaign, contact_rules=None)
    found = statuses(attrs.evolve(b.conforming_scope(), campaigns=(bare,)))
    for rule_id in (
        "P1-4.5-do-not-contact",
        "P1-4.5-list-screened",
        "P1-4.5-contact-hours",
        "P1-4.5-opt-in",
    ):
        assert found[rule_id] is Status.DOES_NOT_CONFORM


def outbound(*moments: str, campaign: str | None = b.CAMPAIGN_ID) -> iso18295.InteractionTable:
    """Outbound records at `moments` (UTC), plus one inbound record at 03:00 (not checked)."""
    n = len(moments) + 1
    return iso18295.InteractionTable.from_columns(
        channel_id=["voice"] * n,
        direction=["outbound"] * (n - 1) + ["inbound"],
        campaign_id=[campaign] * (n - 1) + [None],
        client_id=["acme"] * n,
        offered_at=np.array([*moments, "2026-03-30T03:00"], dtype="datetime64[ns]"),
        wait_seconds=[0.0] * n,
        answered=[True] * n,
        abandoned=[False] * n,
    )


def hours_finding(table: iso18295.InteractionTable, *days: iso18295.Weekday) -> iso18295.Finding:
    scope = b.conforming_scope()
    if days:  # add a Sunday (or other) window 09:00-20:00
        extra = iso18295.WeeklyHours(days=frozenset(days), opens=time(9), closes=time(20))
        scope = b.with_contact_rules(scope, permitted_hours=(*b.PERMITTED_HOURS, extra))
    return finding(scope, "P1-4.5-contact-hours", interactions=table)


@pytest.mark.parametrize(
    ("utc", "inside"),
    [
        # Friday 27 March, Irish winter time (UTC+0): 09:00 local is 09:00 UTC.
        ("2026-03-27T09:00", True),
        ("2026-03-27T08:59", False),
        # Monday 30 March, Irish summer time (UTC+1): 09:00 local is 08:00 UTC.
        ("2026-03-30T08:00", True),
        ("2026-03-30T07:59", False),
        # Closing is exclusive: 19:59 local inside, 20:00 local (19:00 UTC) outside.
        ("2026-03-30T18:59", True),
        ("2026-03-30T19:00", False),
        # Saturday 28 March: no permitted hours at all.
        ("2026-03-28T12:00", False),
    ],
)
def test_outbound_contact_hours_in_local_time(utc: str, inside: bool) -> None:
    result = hours_finding(outbound(utc))
    assert result.status is (Status.CONFORMS if inside else Status.DOES_NOT_CONFORM)
    (m,) = result.measurements
    assert (m.numerator, m.denominator) == ((1, 1) if inside else (0, 1))


@pytest.mark.parametrize(
    ("utc", "inside"),
    [
        # Sunday 29 March 2026: clocks go forward at 01:00 UTC.  09:00 IST = 08:00 UTC.
        ("2026-03-29T08:00", True),
        ("2026-03-29T07:59", False),
        # 00:30 UTC is 00:30 GMT, before the change: outside 09:00-20:00.
        ("2026-03-29T00:30", False),
        # 18:59 UTC = 19:59 IST inside; 19:00 UTC = 20:00 IST outside.
        ("2026-03-29T18:59", True),
        ("2026-03-29T19:00", False),
    ],
)
def test_outbound_contact_hours_on_the_day_clocks_change(utc: str, inside: bool) -> None:
    result = hours_finding(outbound(utc), iso18295.Weekday.SUNDAY)
    assert result.status is (Status.CONFORMS if inside else Status.DOES_NOT_CONFORM)


def test_outbound_contacts_outside_hours_are_counted_and_shown_in_local_time() -> None:
    # Monday 30 March (UTC+1): 07:30 UTC = 08:30 local (out), 10:00 UTC = 11:00 (in),
    # 19:30 UTC = 20:30 (out); Friday 27 March 08:00 UTC = 08:00 local (out).  3 of 4 out.
    table = outbound(
        "2026-03-30T07:30", "2026-03-30T10:00", "2026-03-30T19:30", "2026-03-27T08:00"
    )
    result = hours_finding(table)
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        "3 of 4 outbound contacts outside permitted hours (first, local time: "
        "Fri 27 Mar 2026 08:00, Mon 30 Mar 2026 08:30, Mon 30 Mar 2026 20:30)"
    )
    (m,) = result.measurements
    assert (m.numerator, m.denominator) == (1, 4)


def test_outbound_contacts_of_no_known_campaign_are_insufficient_evidence() -> None:
    result = hours_finding(outbound("2026-03-30T10:00", campaign=None))
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.reason.startswith("1 outbound contact in the records name no outbound campaign")


# --- local time, against a per-record oracle ----------------------------------------------


@pytest.mark.parametrize(
    "zone", ["Europe/Dublin", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Chatham"]
)
def test_local_wall_clock_matches_zoneinfo_record_by_record(zone: str) -> None:
    # Random instants over 2026 plus every minute around each of the zone's changes;
    # the oracle converts each record with zoneinfo.
    from zoneinfo import ZoneInfo

    from iso18295._rules.shared.local_time import local_wall_clock

    tz = ZoneInfo(zone)
    rng = np.random.default_rng(7)
    start = np.datetime64("2026-01-01T00:00", "s")
    moments = start + rng.integers(0, 365 * 86400, 3000).astype("timedelta64[s]")
    days = np.arange(np.datetime64("2026-01-01"), np.datetime64("2027-01-01"))
    for day in days.tolist():
        begin = datetime(day.year, day.month, day.day, tzinfo=UTC)
        if (
            begin.astimezone(tz).utcoffset()
            != (begin + timedelta(days=1)).astimezone(tz).utcoffset()
        ):
            minutes = np.datetime64(day, "s") + np.arange(0, 86400, 60).astype("timedelta64[s]")
            moments = np.concatenate([moments, minutes])
    got = local_wall_clock(moments, tz)
    expected = np.array(
        [
            datetime.fromtimestamp(int(m.astype(np.int64)), tz).replace(tzinfo=None)
            for m in moments
        ],
        dtype="datetime64[ns]",
    )
    np.testing.assert_array_equal(got, expected)


def test_within_hours_matches_weekly_hours_contains() -> None:
    from iso18295._rules.shared.local_time import within_hours

    rng = np.random.default_rng(11)
    local = np.datetime64("2026-03-01T00:00", "s") + rng.integers(0, 28 * 86400, 2000).astype(
        "timedelta64[s]"
    )
    hours = (*b.PERMITTED_HOURS,)
    got = within_hours(local.astype("datetime64[ns]"), hours)
    expected = [any(h.contains(t) for h in hours) for t in local.tolist()]
    assert got.tolist() == expected


# --- 5.2, 8.2 -----------------------------------------------------------------------------


def test_target_for_all_channels_covers_a_new_channel() -> None:
    scope = b.break_measures_per_channel(b.conforming_scope())
    (agreement,) = scope.agreements
    every = iso18295.KpiTarget(
        id="csat",
        kpi=iso18295.KpiKind.CUSTOMER_SATISFACTION,
        comparison=Comparison.AT_LEAST,
        target=4.0,
    )
    scope = b.with_agreement(scope, kpi_targets=(*agreement.kpi_targets, every))
    assert finding(scope, "P1-5.2-measures-per-channel").status is Status.CONFORMS


def test_measures_reason_names_channel_and_agreement() -> None:
    result = finding(
        b.break_measures_per_channel(b.conforming_scope()), "P1-5.2-measures-per-channel"
    )
    assert result.reason == "no performance measure agreed for chat in agr-acme"


def test_unhandled_channel_is_named_with_its_client() -> None:
    result = finding(b.break_channels_handled(b.conforming_scope()), "P1-8.2-channels-handled")
    assert result.reason == (
        "1 of 1 agreed client channel handled by no agent of the 4 handling contacts: "
        "voice for acme"
    )
