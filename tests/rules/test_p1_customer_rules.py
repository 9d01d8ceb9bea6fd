"""Part 1, clauses 4.1 to 4.5 (and 6.5): verdicts rest on records, never on defaults.

Regression tests for issue #13: each fails on the rules as they were before the
migration to the evidence discipline.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import attrs
import pytest

import builders as b
import iso18295
from iso18295 import Basis, Part, Scope, Status, assess, default_registry
from iso18295._rules.context import RuleContext
from iso18295._rules.discipline import check_rule
from iso18295.examples import generate_interactions, load_example

AS_OF = b.AS_OF
MY_RULES = [
    r
    for r in default_registry()
    if r.part == 1 and (r.clause.number.startswith("4.") or r.clause.number == "6.5")
]


def finding(scope: Scope, rule_id: str, as_of: date = AS_OF, **kwargs: object) -> iso18295.Finding:
    return assess(scope, as_of=as_of, parts=[Part.CENTRE], **kwargs).finding(rule_id)  # type: ignore[arg-type]


# --- facts a document does not state -------------------------------------------------------


def test_channel_not_stated_as_published_is_insufficient_evidence() -> None:
    scope = b.with_channel(b.conforming_scope(), published_to_customers=None)
    result = finding(scope, "P1-4.2-channels-published")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert "published_to_customers" in result.reason


def test_opt_in_not_stated_is_insufficient_evidence() -> None:
    scope = b.with_contact_rules(b.conforming_scope(), opt_in_required=None)
    result = finding(scope, "P1-4.5-opt-in")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert "opt_in_required" in result.reason


# --- records not supplied ------------------------------------------------------------------


def test_contact_hours_without_interaction_records_is_insufficient_evidence() -> None:
    result = finding(b.conforming_scope(), "P1-4.5-contact-hours")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.reason.startswith("not supplied: interaction records")


def test_contact_hours_with_records_but_no_outbound_contact_names_what_was_read() -> None:
    # The 11 records of `conforming_interactions` are all inbound.
    result = finding(
        b.conforming_scope(), "P1-4.5-contact-hours", interactions=b.conforming_interactions()
    )
    assert result.status is Status.CONFORMS
    assert result.reason == (
        "permitted contact hours are set for the 1 outbound campaign; the 11 interaction "
        "records supplied hold no outbound contact"
    )


@pytest.mark.parametrize(
    "rule_id",
    ["P1-4.1-reachable", "P1-4.1-accessible-channel", "P1-4.2-channels-published"],
)
def test_channel_rules_without_agreements_are_insufficient_evidence(rule_id: str) -> None:
    scope = attrs.evolve(b.conforming_scope(), agreements=())
    assert finding(scope, rule_id).status is Status.INSUFFICIENT_EVIDENCE


def test_survey_with_no_responses_is_no_evidence_of_acting_on_results() -> None:
    # A survey of the last year that nobody answered cannot have results to act on.
    scope = b.with_customer_survey(b.conforming_scope(), responses=0, mean_score=None)
    result = finding(scope, "P1-4.3-actions")
    assert result.status is Status.INSUFFICIENT_EVIDENCE


# --- 4.4 acknowledgement -------------------------------------------------------------------


def late_evening_scope() -> Scope:
    # 23:30 at UTC-5 on 31 March is 04:30 UTC, 05:30 Irish summer time on 1 April.
    (template,) = b.conforming_scope().complaints
    evening = datetime(2026, 3, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    late = attrs.evolve(template, received_at=evening, acknowledged_at=None)
    return attrs.evolve(b.conforming_scope(), complaints=(late,))


def test_acknowledge_does_not_divide_by_zero_on_a_complaint_received_locally_tomorrow() -> None:
    rule = default_registry().get("P1-4.4-acknowledge")
    as_of = date(2026, 3, 31)
    outcome = rule(RuleContext(scope=late_evening_scope(), as_of=as_of, rule_id=rule.id))
    assert outcome.status is Status.NOT_APPLICABLE


def test_acknowledge_finding_on_a_complaint_received_locally_tomorrow_is_not_an_error() -> None:
    result = finding(late_evening_scope(), "P1-4.4-acknowledge", as_of=date(2026, 3, 31))
    assert result.status is Status.NOT_APPLICABLE


def test_acknowledge_rests_on_our_interpretation() -> None:
    # README 4.4 names the process and the division with the client (R); an
    # acknowledgement deadline is our reading.
    assert default_registry().get("P1-4.4-acknowledge").basis is Basis.INTERPRETATION


def test_acknowledge_conforms_naming_the_complaints_it_rests_on() -> None:
    result = finding(b.conforming_scope(), "P1-4.4-acknowledge")
    assert result.status is Status.CONFORMS
    assert result.reason == (
        "the 1 complaint received by 2026-04-01 was acknowledged within the agreed time"
    )


# --- 4.4 acknowledgement: the centre's working calendar --------------------------------------

MON_TO_SAT = frozenset(list(iso18295.Weekday)[:6])


def calendar_scope(
    received: datetime,
    acknowledged: datetime,
    *,
    limit: int,
    working_days: frozenset[iso18295.Weekday] | None = MON_TO_SAT,
    holidays: tuple[date, ...] | None = (date(2026, 3, 9),),
) -> Scope:
    # By default a centre open Monday to Saturday, with Monday 9 March 2026 a public holiday.
    scope = b.conforming_scope()
    assert scope.centre is not None
    centre = attrs.evolve(scope.centre, working_days=working_days, holidays=holidays)
    (template,) = scope.complaints
    late = attrs.evolve(template, received_at=received, acknowledged_at=acknowledged)
    scope = attrs.evolve(scope, centre=centre, complaints=(late,))
    return b.with_agreement(scope, complaint_acknowledgement_days=limit)


def dublin(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=b.DUBLIN)


@pytest.mark.parametrize(
    ("limit", "expected"), [(2, Status.CONFORMS), (1, Status.DOES_NOT_CONFORM)]
)
def test_acknowledgement_counts_the_centres_working_days_less_holidays(
    limit: int, expected: Status
) -> None:
    # Received Friday 6 March, acknowledged Tuesday 10 March.  Days after the 6th up to
    # the 10th: Sat 7 (worked), Sun 8 (not worked), Mon 9 (holiday), Tue 10 (worked) = 2.
    # (Monday to Friday without holidays also gives 2, Mon 9 and Tue 10: the two tests
    # below tell the calendars apart.)
    scope = calendar_scope(dublin(6, 16), dublin(10), limit=limit)
    assert finding(scope, "P1-4.4-acknowledge").status is expected


def test_a_worked_saturday_counts_as_a_working_day() -> None:
    # Received Thursday 5 March, acknowledged Saturday 7 March: Fri 6, Sat 7 = 2 > 1.
    # Counting Monday to Friday only gave 1 (Fri 6) and conformed.
    scope = calendar_scope(dublin(5), dublin(7), limit=1)
    result = finding(scope, "P1-4.4-acknowledge")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason.startswith("1 of 1 complaint not acknowledged in the agreed time")


def test_a_public_holiday_is_not_a_working_day() -> None:
    # Received Sunday 8 March, acknowledged Tuesday 10 March: Mon 9 (holiday), Tue 10 = 1
    # <= 1.  Counting every Monday to Friday gave 2 (Mon 9, Tue 10) and did not conform.
    scope = calendar_scope(dublin(8), dublin(10), limit=1)
    assert finding(scope, "P1-4.4-acknowledge").status is Status.CONFORMS


@pytest.mark.parametrize(
    ("working_days", "holidays", "missing"),
    [
        (None, (date(2026, 3, 9),), ("centre.working_days",)),
        (MON_TO_SAT, None, ("centre.holidays",)),
        (None, None, ("centre.working_days", "centre.holidays")),
    ],
)
def test_calendar_not_stated_is_insufficient_evidence_naming_it(
    working_days: frozenset[iso18295.Weekday] | None,
    holidays: tuple[date, ...] | None,
    missing: tuple[str, ...],
) -> None:
    scope = calendar_scope(
        dublin(6, 16), dublin(10), limit=2, working_days=working_days, holidays=holidays
    )
    result = finding(scope, "P1-4.4-acknowledge")
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.missing == missing
    assert result.reason.startswith(f"not supplied: {', '.join(missing)};")


def test_acknowledge_declares_the_calendar_it_reads() -> None:
    evidence = default_registry().get("P1-4.4-acknowledge").evidence
    assert {"centre.working_days", "centre.holidays"} <= set(evidence)


# --- discipline on the bundled example -----------------------------------------------------


@pytest.mark.parametrize("rule", MY_RULES, ids=lambda r: r.id)
def test_rule_reads_only_what_it_declares_on_the_example(rule: iso18295.Rule) -> None:
    problems = check_rule(
        rule, load_example(), as_of=date(2026, 4, 1), interactions=generate_interactions()
    )
    # The example records no attestation, so `RuleContext.judged` reads the empty
    # collection `attestations` and none of the fields below it that it declares.
    known = f"{rule.id}: reads attestations, which its evidence does not declare"
    assert [p for p in problems if "does not declare" in p and p != known] == []
