"""The built-in Part 2 rules (the client), one by one, on the extended test scope.

Every built-in rule, of either part, conforms on
``builders_part2.extend_conforming(builders.conforming_scope())``; each Part 2
breaker changes exactly its own rule's status (plus, where a Part 2 rule
mirrors a Part 1 rule on the same record, that Part 1 rule).  Targeted tests
check boundaries, the clients named, and the not-applicable facts.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import builders as b
import builders_part2 as b2
import iso18295
from iso18295 import (
    Basis,
    Channel,
    ChannelKind,
    Client,
    Comparison,
    Direction,
    InformationTopic,
    KpiKind,
    KpiTarget,
    Party,
    Relationship,
    Responsibility,
    Scope,
    Status,
    Verdict,
    assess,
    default_registry,
)
from iso18295._rules.clauses import PART2
from iso18295._rules.part2.forecasting import needs_forecast

AS_OF = b.AS_OF
REGISTRY = default_registry()
RULE_IDS = [r.id for r in REGISTRY]
PART2_IDS = [r.id for r in REGISTRY if r.part == 2]


def scope() -> Scope:
    return b2.extend_conforming(b.conforming_scope())


UPDATE_ID = next(u.id for u in scope().information_updates if u.client_id == b.CLIENT_ID)
"""The client's information update the 6.5 tests re-date."""


def statuses(scope: Scope, as_of: date = AS_OF) -> dict[str, Status]:
    found = assess(scope, as_of=as_of, interactions=b.conforming_interactions())
    return {f.rule_id: f.status for f in found.findings}


def finding(scope: Scope, rule_id: str, as_of: date = AS_OF) -> iso18295.Finding:
    return assess(scope, as_of=as_of).finding(rule_id)


@pytest.fixture(scope="module")
def baseline() -> dict[str, Status]:
    return statuses(scope())


# --- every rule: conforms on the extended scope, fails alone on its breaker ---------------


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_conforms_on_extended_conforming_scope(
    rule_id: str, baseline: dict[str, Status]
) -> None:
    # The builder has no chat or e-mail channel: see builders.with_planning_models.
    expected = Status.NOT_APPLICABLE if rule_id in b.PLANNING_MODEL_RULES else Status.CONFORMS
    assert baseline[rule_id] is expected


def test_extended_scope_runs_every_built_in_rule(baseline: dict[str, Status]) -> None:
    assert sorted(baseline) == sorted(RULE_IDS)


def test_extension_changes_no_part1_status_of_the_part1_builder() -> None:
    # The client-side records do not disturb the centre's side.
    before = statuses(b.conforming_scope())
    after = statuses(scope())
    assert {k: v for k, v in after.items() if k.startswith("P1-")} == {
        k: v for k, v in before.items() if k.startswith("P1-")
    }


@pytest.mark.parametrize("rule_id", PART2_IDS)
def test_breaker_fails_its_rule_and_only_its_rule(
    rule_id: str, baseline: dict[str, Status]
) -> None:
    assert rule_id in b2.BREAKERS_PART2, f"no breaker in builders_part2.py for {rule_id}"
    breaker, expected = b2.BREAKERS_PART2[rule_id]
    broken = statuses(breaker(scope()))
    also = b2.ALSO_BROKEN_PART2.get(rule_id, {})
    assert broken[rule_id] is expected
    assert {k: v for k, v in broken.items() if k != rule_id} == {
        k: also.get(k, v) for k, v in baseline.items() if k != rule_id
    }


def test_breakers_name_only_built_in_part2_rules() -> None:
    assert set(b2.BREAKERS_PART2) <= set(PART2_IDS)
    assert set(b2.ALSO_BROKEN_PART2) <= set(b2.BREAKERS_PART2)
    for also in b2.ALSO_BROKEN_PART2.values():
        assert {rule_id.split("-")[0] for rule_id in also} == {"P1"}


# --- the rule set -------------------------------------------------------------------------


def test_every_part2_clause_with_requirements_has_a_rule() -> None:
    covered = {r.clause.number for r in REGISTRY if r.part == 2}
    assert covered == {c.number for c in PART2 if not c.heading}


REQUIREMENT_CLAUSES = {"4.1", "5.2", "5.3", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.8", "6.9"}
"""The Part 2 clauses marked "(R)" in the clause table of the shared README."""


INFERRED_CLAUSES = {"5.1"}
"""The Part 2 clauses marked "(inf.)": content inferred from the title."""


def test_basis_follows_the_marks_of_the_clause_table() -> None:
    for rule in REGISTRY:
        if rule.part == 2:
            if rule.clause.number in REQUIREMENT_CLAUSES:
                expected = Basis.REQUIREMENT
            elif rule.clause.number in INFERRED_CLAUSES:
                expected = Basis.INTERPRETATION
            else:
                expected = Basis.RECOMMENDATION
            assert rule.basis is expected, rule.id


def test_part2_ids_are_anchored_to_their_clause() -> None:
    for rule in REGISTRY:
        if rule.part == 2:
            assert rule.id.startswith(f"P2-{rule.clause.number}-"), rule.id


# --- not applicable, naming the fact ------------------------------------------------------


def test_scope_without_clients_makes_every_part2_rule_not_applicable() -> None:
    found = assess(Scope(name="nobody"), as_of=AS_OF)
    part2 = [f for f in found.findings if f.part == 2]
    assert [f.rule_id for f in part2] == PART2_IDS
    assert {f.status for f in part2} == {Status.NOT_APPLICABLE}
    assert {f.reason for f in part2} == {"the scope has no client (Part 2 assesses clients)"}


def test_no_outbound_campaign_makes_customer_protection_not_applicable() -> None:
    result = finding(attrs.evolve(scope(), campaigns=()), "P2-5.7-outbound-protection")
    assert result.status is Status.NOT_APPLICABLE
    assert result.reason == "the campaigns supplied include no outbound campaign"


def test_no_campaign_makes_campaign_channels_not_applicable() -> None:
    result = finding(attrs.evolve(scope(), campaigns=()), "P2-6.3-campaign-channels")
    assert result.status is Status.NOT_APPLICABLE
    assert result.reason == "no campaign in scope"


@pytest.mark.parametrize("rule_id", ["P2-6.5-notice", "P2-6.5-acknowledged"])
def test_no_information_update_makes_the_timing_rules_not_applicable(rule_id: str) -> None:
    result = finding(attrs.evolve(scope(), information_updates=()), rule_id)
    assert result.status is Status.NOT_APPLICABLE
    assert result.reason == "no information update from a client in scope"


@pytest.mark.parametrize("rule_id", ["P2-6.7-forecast-notice", "P2-6.7-forecast-channels"])
def test_no_forecast_handed_over_leaves_nothing_to_judge(rule_id: str) -> None:
    # The missing forecast is P2-6.7-forecast-per-channel's gap (one gap reported once).
    result = finding(attrs.evolve(scope(), forecasts=(), staffing_plans=()), rule_id)
    assert result.status is Status.INSUFFICIENT_EVIDENCE
    assert result.reason == (
        "no client handed over a forecast to judge: "
        "acme handed over none: see P2-6.7-forecast-per-channel"
    )


def test_no_forecast_at_all_leaves_the_live_channel_uncovered() -> None:
    result = finding(
        attrs.evolve(scope(), forecasts=(), staffing_plans=()), "P2-6.7-forecast-per-channel"
    )
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == "acme: no forecast from the client for voice"


# --- findings name the failing clients ----------------------------------------------------


def with_second_client(scope: Scope, **changes: object) -> Scope:
    beta = Client(id="beta", name="Beta Water", relationship=Relationship.EXTERNAL)
    return attrs.evolve(scope, clients=(*scope.clients, attrs.evolve(beta, **changes)))


def test_finding_names_only_the_failing_client() -> None:
    result = finding(with_second_client(scope(), customer_segments=()), "P2-5.2-segments")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == "beta: no customer segments identified"
    assert [e.id for e in result.evidence] == ["beta"]


def test_client_without_agreement_is_named_by_agreement_rules() -> None:
    result = finding(with_second_client(scope()), "P2-6.1-agreement")
    assert result.reason == "beta: no agreement in force with the centre"


def test_missing_client_document_names_the_client() -> None:
    result = finding(with_second_client(scope()), "P2-5.5-cost")
    n = len(scope().policies)
    assert result.reason == f"beta has no customer-cost statement among the {n} documents supplied"


def test_conforming_reason_counts_the_clients() -> None:
    result = finding(scope(), "P2-5.2-segments")
    assert result.reason == "the 1 client has identified their customer segments"


# --- 4.1 the centre meets Part 1 ----------------------------------------------------------


def test_client_served_by_the_centre_in_scope_defers_to_part1_findings() -> None:
    # With the interaction records, so that every Part 1 requirement can be decided.
    found = assess(scope(), as_of=AS_OF, interactions=b.conforming_interactions())
    result = found.finding("P2-4.1-part1-centre")
    assert result.status is Status.CONFORMS
    assert result.reason.startswith("acme served by ccc under agreements in force")


def test_client_served_by_no_centre_in_scope_needs_review() -> None:
    # No centre, and no agreement (supplied, none): a person has to judge.
    clients_only = Scope(name="client only", clients=scope().clients, agreements=())
    result = finding(clients_only, "P2-4.1-part1-centre")
    assert result.status is Status.NEEDS_REVIEW
    assert "acme: served under no agreement in force with a centre in scope" in result.reason


def test_attestation_decides_for_a_client_served_elsewhere() -> None:
    clients_only = Scope(name="client only", clients=scope().clients, agreements=())
    attested = b2.with_attestation(clients_only, "P2-4.1-part1-centre", Verdict.CONFORMS)
    assert finding(attested, "P2-4.1-part1-centre").status is Status.CONFORMS


# --- 6.5 information to the centre --------------------------------------------------------


@pytest.mark.parametrize(
    ("effective_on", "expected"),
    [
        # Sent Monday 2 March: 9 March is exactly 7 days later, 8 March only 6.
        (date(2026, 3, 9), Status.CONFORMS),
        (date(2026, 3, 8), Status.DOES_NOT_CONFORM),
    ],
)
def test_seven_days_notice_is_enough(effective_on: date, expected: Status) -> None:
    changed = b2.with_update(
        scope(),
        topic=InformationTopic.PRICE_CHANGE,
        sent_on=date(2026, 3, 2),
        effective_on=effective_on,
        acknowledged_on=date(2026, 3, 3),
        briefed_on=date(2026, 3, 4),
    )
    assert finding(changed, "P2-6.5-notice").status is expected


def test_price_change_taking_effect_at_once_has_no_notice() -> None:
    changed = b2.with_update(scope(), topic=InformationTopic.PRICE_CHANGE, effective_on=None)
    result = finding(changed, "P2-6.5-notice")
    assert result.status is Status.DOES_NOT_CONFORM
    assert result.reason == (
        f"acme: price change {UPDATE_ID} took effect at once (7 days' notice needed)"
    )


def test_escalation_contacts_need_no_notice() -> None:
    # The only update is not a customer-facing change: the notice rule does not arise.
    changed = b2.with_update(
        scope(), topic=InformationTopic.ESCALATION_CONTACTS, effective_on=None
    )
    result = finding(changed, "P2-6.5-notice")
    assert result.status is Status.NOT_APPLICABLE
    assert result.reason == "acme sent no customer-facing change"


def test_short_notice_names_the_update_as_evidence() -> None:
    changed = b2.break_notice(b2.with_update(scope(), topic=InformationTopic.PRICE_CHANGE))
    result = finding(changed, "P2-6.5-notice")
    assert result.reason == f"acme: price change {UPDATE_ID} given 3 days' notice (7 needed)"
    assert [e.id for e in result.evidence] == [UPDATE_ID]


@pytest.mark.parametrize(
    ("sent_on", "acknowledged_on", "expected"),
    [
        # Acknowledged on the third day after sending: in time.
        (date(2026, 3, 2), date(2026, 3, 5), Status.CONFORMS),
        (date(2026, 3, 2), date(2026, 3, 6), Status.DOES_NOT_CONFORM),
        # Sent 30 March, nothing by 1 April (2 days): not yet due, so neither late nor
        # evidence of receipt.
        (date(2026, 3, 30), None, Status.INSUFFICIENT_EVIDENCE),
        # Sent 28 March, nothing by 1 April (4 days): overdue.
        (date(2026, 3, 28), None, Status.DOES_NOT_CONFORM),
    ],
)
def test_acknowledgement_within_three_days(
    sent_on: date, acknowledged_on: date | None, expected: Status
) -> None:
    changed = b2.with_update(
        scope(),
        sent_on=sent_on,
        effective_on=date(2026, 4, 20),
        acknowledged_on=acknowledged_on,
        briefed_on=None,
    )
    assert finding(changed, "P2-6.5-acknowledged").status is expected


def test_unacknowledged_update_is_named_as_never_acknowledged() -> None:
    changed = b2.with_update(
        scope(), sent_on=date(2026, 3, 2), acknowledged_on=None, briefed_on=None
    )
    result = finding(changed, "P2-6.5-acknowledged")
    assert result.reason == f"acme: {UPDATE_ID} sent 2026-03-02, never acknowledged"


def test_escalation_contacts_sent_stand_in_for_a_procedure() -> None:
    changed = b.with_agreement(scope(), escalation_procedure=None)
    changed = b2.with_update(changed, topic=InformationTopic.ESCALATION_CONTACTS)
    assert finding(changed, "P2-6.5-escalation-contacts").status is Status.CONFORMS


# --- 6.7 forecasts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provided_on", "expected"),
    [
        # First interval Monday 2 March: 23 February is 7 days ahead, 24 February 6.
        (date(2026, 2, 23), Status.CONFORMS),
        (date(2026, 2, 24), Status.DOES_NOT_CONFORM),
    ],
)
def test_forecast_a_week_ahead_is_in_time(provided_on: date, expected: Status) -> None:
    changed = b2.with_forecast(scope(), provided_on=provided_on)
    assert finding(changed, "P2-6.7-forecast-notice").status is expected


def test_forecast_made_by_the_centre_is_not_the_clients() -> None:
    changed = b2.with_forecast(scope(), provided_by=Party.CENTRE)
    per_channel = finding(changed, "P2-6.7-forecast-per-channel")
    assert per_channel.status is Status.DOES_NOT_CONFORM
    assert per_channel.reason == "acme: no forecast from the client for voice"
    notice = finding(changed, "P2-6.7-forecast-notice")
    assert notice.status is Status.INSUFFICIENT_EVIDENCE
    assert notice.reason.endswith("acme handed over none: see P2-6.7-forecast-per-channel")


def test_forecast_shared_by_both_counts_as_the_clients() -> None:
    changed = b2.with_forecast(scope(), provided_by=Party.SHARED)
    assert finding(changed, "P2-6.7-forecast-per-channel").status is Status.CONFORMS


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ChannelKind.VOICE, True),
        (ChannelKind.WEB_CHAT, True),
        (ChannelKind.EMAIL, False),
        (ChannelKind.POST, False),
        (ChannelKind.SELF_SERVICE, False),
    ],
)
def test_forecasts_are_owed_for_live_staffed_channels(kind: ChannelKind, expected: bool) -> None:
    channel = Channel(id="c", kind=kind, directions=frozenset({Direction.INBOUND}))
    assert needs_forecast(channel) is expected


# --- 6.8 targets --------------------------------------------------------------------------


def test_service_level_target_without_threshold_is_not_measurable() -> None:
    (agreement,) = scope().agreements
    vague = KpiTarget(
        id="sl-vague", kpi=KpiKind.SERVICE_LEVEL, comparison=Comparison.AT_LEAST, target=0.8
    )
    changed = b.with_agreement(scope(), kpi_targets=(*agreement.kpi_targets, vague))
    result = finding(changed, "P2-6.8-measures")
    assert result.status is Status.DOES_NOT_CONFORM
    assert (
        result.reason
        == "acme: agr-acme target sl-vague (service level) has no answer-time threshold"
    )


def test_time_target_above_one_is_fine() -> None:
    # Handling time is in seconds, not a share.
    (agreement,) = scope().agreements
    aht = KpiTarget(
        id="aht", kpi=KpiKind.AVERAGE_HANDLING_TIME, comparison=Comparison.AT_MOST, target=420.0
    )
    changed = b.with_agreement(scope(), kpi_targets=(*agreement.kpi_targets, aht))
    assert finding(changed, "P2-6.8-measures").status is Status.CONFORMS


# --- 6.4 and 6.9 responsibilities ---------------------------------------------------------


def test_shared_rows_do_not_assign_either_side() -> None:
    (agreement,) = scope().agreements
    rows = tuple(attrs.evolve(r, owner=Party.SHARED) for r in agreement.responsibilities)
    result = finding(b.with_agreement(scope(), responsibilities=rows), "P2-6.4-both-parties")
    assert result.reason == "acme: agr-acme assigns nothing to the client or the centre"


@pytest.mark.parametrize("topic", ["customer feedback", "Net promoter SURVEY", "satisfaction"])
def test_feedback_owner_is_found_by_topic(topic: str) -> None:
    broken = b2.break_feedback(scope())
    (agreement,) = broken.agreements
    rows = (*agreement.responsibilities, Responsibility(topic=topic, owner=Party.CLIENT))
    changed = b.with_agreement(broken, responsibilities=rows)
    assert finding(changed, "P2-6.9-feedback").status is Status.CONFORMS


def test_survey_older_than_a_year_does_not_count() -> None:
    # Period ended 2025-03-30, 367 days before AS_OF (the window reaches 2025-03-31).
    base = scope()
    surveys = tuple(
        attrs.evolve(s, period_start=date(2025, 1, 1), period_end=date(2025, 3, 30))
        if s.client_id == b.CLIENT_ID
        else s
        for s in base.customer_surveys
    )
    result = finding(attrs.evolve(base, customer_surveys=surveys), "P2-6.9-feedback")
    assert result.reason == "acme: no customer survey covering contacts since 2025-03-31"


# --- 5.9 and 6.10: signed in time ---------------------------------------------------------


def test_terms_signed_on_the_first_day_are_in_time() -> None:
    changed = b.with_agreement(scope(), signed_on=date(2024, 1, 1))
    assert finding(changed, "P2-6.10-signed-terms").status is Status.CONFORMS


def test_unsigned_agreement_is_named() -> None:
    result = finding(b.with_agreement(scope(), signed_on=None), "P2-6.10-signed-terms")
    assert result.reason == "acme: agr-acme is not signed"


def test_data_terms_signed_late_are_named_with_both_dates() -> None:
    result = finding(b2.break_data_terms(scope()), "P2-5.9-data-terms")
    assert result.reason == (
        "acme: agr-acme data terms signed 2024-02-01, after the service began 2024-01-01"
    )
