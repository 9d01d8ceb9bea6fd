"""The client side of the conforming test scope, and one breaker per Part 2 rule.

`extend_conforming` takes `builders.conforming_scope()` and adds what Part 2
asks of its client (``acme``): customer segments, the client's own documents,
the services, procedures and responsibility rows of its agreement, a
client-specific competency, a protective outbound campaign, a customer survey,
an information update with notice, and attestations for the judgement rules
an attestation decides here (5.1, and 6.2 once its records allow it).  Each
addition is made only where the Part 1 builder has not already made one, so
the two builders can grow independently.  Every built-in rule conforms on the
result at `builders.AS_OF`.

Each ``break_*`` function returns a copy broken in exactly the way its rule
describes; `BREAKERS_PART2` maps rule ids to them, in the format of
`builders.BREAKERS`.  Where a Part 2 rule mirrors a Part 1 rule on the very
same record (the pairs of the shared README's "Mirrors between the parts"),
the Part 1 rule changes too: `ALSO_BROKEN_PART2` lists those pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import attrs

import builders as b
from iso18295 import (
    Attestation,
    Campaign,
    Channel,
    ChannelKind,
    Comparison,
    Competency,
    CompetencyArea,
    ContactRules,
    CustomerSurvey,
    Direction,
    InformationTopic,
    InformationUpdate,
    KpiKind,
    KpiTarget,
    Party,
    Policy,
    PolicyKind,
    Responsibility,
    Scope,
    Status,
    Verdict,
    Weekday,
    WeeklyHours,
)

CLIENT_ID = b.CLIENT_ID
AS_OF = b.AS_OF

CLIENT_DOCUMENTS = {
    PolicyKind.CUSTOMER_NEEDS: "Customer needs and segments",
    PolicyKind.CUSTOMER_EXPERIENCE_STRATEGY: "Customer experience strategy",
    PolicyKind.ACCESS_AND_CONTACT_STRATEGY: "How customers reach us",
    PolicyKind.CUSTOMER_COST: "What contacting us costs",
    PolicyKind.INFORMATION_CONSISTENCY: "One answer on every channel",
    PolicyKind.ETHICAL_CONDUCT: "Fair dealing code",
    PolicyKind.DATA_PROTECTION: "Customer data protection",
}
"""The client documents Part 2 asks for (5.2 to 5.6, 5.8, 5.9), with titles."""

FEEDBACK_WORDS = ("survey", "feedback", "satisfaction")
WEEKDAYS = frozenset(
    {Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY}
)


def _client_policy(kind: PolicyKind, title: str) -> Policy:
    # Approved 2025-09-01 on a 12-month cycle: next review due 2026-09-01, after AS_OF.
    return Policy(
        id=f"{CLIENT_ID}-{kind.value}",
        kind=kind,
        title=title,
        party=Party.CLIENT,
        party_id=CLIENT_ID,
        owner_role="Head of customer experience",
        version="1",
        approved_on=date(2025, 9, 1),
        review_interval_months=12,
    )


def _has_topic(scope: Scope, *words: str) -> bool:
    (agreement,) = scope.agreements
    return any(any(w in r.topic.lower() for w in words) for r in agreement.responsibilities)


def extend_conforming(scope: Scope) -> Scope:
    """Return `scope` with the client-side records every Part 2 rule needs to conform."""
    client = scope.client(CLIENT_ID)
    if not client.customer_segments:
        client = attrs.evolve(client, customer_segments=("households", "small businesses"))
    clients = tuple(client if c.id == CLIENT_ID else c for c in scope.clients)

    owned = {p.kind for p in scope.policies if p.party_id == CLIENT_ID}
    policies = scope.policies + tuple(
        _client_policy(kind, title)
        for kind, title in CLIENT_DOCUMENTS.items()
        if kind not in owned
    )

    (agreement,) = scope.agreements
    rows = list(agreement.responsibilities)
    if not _has_topic(scope, "experience"):
        rows.append(Responsibility(topic="customer experience strategy", owner=Party.CLIENT))
    if not _has_topic(scope, *FEEDBACK_WORDS):
        rows.append(Responsibility(topic="customer satisfaction survey", owner=Party.SHARED))
    agreement = attrs.evolve(
        agreement,
        services=agreement.services or ("billing enquiries", "moving home"),
        escalation_procedure=agreement.escalation_procedure or "ACME-ESC-1",
        change_procedure=agreement.change_procedure or "ACME-CHG-1",
        responsibilities=tuple(rows),
    )

    competencies = scope.competencies
    if not any(
        k.client_id == CLIENT_ID and k.area is CompetencyArea.CLIENT_SPECIFIC for k in competencies
    ):
        competencies += (
            Competency(
                id="acme-products",
                name="Acme tariffs and billing",
                area=CompetencyArea.CLIENT_SPECIFIC,
                client_id=CLIENT_ID,
            ),
        )

    centre = scope.centre
    campaigns = scope.campaigns
    if centre is not None and not any(
        c.client_id == CLIENT_ID and c.direction is Direction.OUTBOUND for c in campaigns
    ):
        # A renewal campaign on the agreed voice channel, which then also dials out.
        channel_id = b.CHANNEL_ID
        channels = tuple(
            attrs.evolve(ch, directions=ch.directions | {Direction.OUTBOUND})
            if ch.id == channel_id
            else ch
            for ch in centre.channels
        )
        centre = attrs.evolve(centre, channels=channels)
        campaigns += (
            Campaign(
                id="acme-renewals",
                client_id=CLIENT_ID,
                channel_id=channel_id,
                direction=Direction.OUTBOUND,
                purpose="contract renewal",
                starts_on=date(2026, 3, 2),
                ends_on=date(2026, 4, 30),
                contact_rules=ContactRules(
                    permitted_hours=(
                        WeeklyHours(
                            days=WEEKDAYS,
                            opens=datetime(2026, 1, 1, 9).time(),
                            closes=datetime(2026, 1, 1, 20).time(),
                        ),
                    ),
                    honours_do_not_contact=True,
                    suppression_list_checked_on=date(2026, 2, 27),
                    max_attempts_per_customer=3,
                    opt_in_required=True,
                ),
            ),
        )

    surveys = scope.customer_surveys
    if not any(s.client_id == CLIENT_ID for s in surveys):
        surveys += (
            CustomerSurvey(
                id="acme-csat-2026q1",
                client_id=CLIENT_ID,
                method="post-call IVR survey, 1-5",
                period_start=date(2026, 1, 1),
                period_end=date(2026, 3, 31),
                invited=1000,
                responses=180,
                scale_max=5.0,
                mean_score=4.3,
                top_box_share=0.6,
                actions=("hold message shortened",),
            ),
        )

    updates = scope.information_updates
    if not any(u.client_id == CLIENT_ID for u in updates):
        # 14 days' notice (7 needed), acknowledged the next day (3 allowed), briefed
        # before it took effect.
        updates += (
            InformationUpdate(
                id="iu-acme-price",
                client_id=CLIENT_ID,
                topic=InformationTopic.PRICE_CHANGE,
                summary="Unit rates change on 16 March",
                sent_on=date(2026, 3, 2),
                effective_on=date(2026, 3, 16),
                acknowledged_on=date(2026, 3, 3),
                briefed_on=date(2026, 3, 10),
            ),
        )

    attestations = scope.attestations or ()
    if not any(a.rule_id == "P2-6.2-strategy-assigned" for a in attestations):
        attestations += (
            Attestation(
                id="att-strategy-assigned",
                rule_id="P2-6.2-strategy-assigned",
                attested_on=date(2026, 3, 20),
                attested_by="Pat Auditor",
                role="lead auditor",
                verdict=Verdict.CONFORMS,
                note="strategy hand-over minutes and the centre's briefing pack seen",
                evidence_refs=("MIN-ACME-2026-01",),
            ),
        )
    if not any(a.rule_id == "P2-5.1-owns-experience" for a in attestations):
        attestations += (
            Attestation(
                id="att-owns-experience",
                rule_id="P2-5.1-owns-experience",
                attested_on=date(2026, 3, 20),
                attested_by="Pat Auditor",
                role="lead auditor",
                verdict=Verdict.CONFORMS,
                note="product and tariff governance minutes seen",
            ),
        )

    return attrs.evolve(
        scope,
        centre=centre,
        clients=clients,
        policies=policies,
        agreements=(agreement,),
        competencies=competencies,
        campaigns=campaigns,
        customer_surveys=surveys,
        information_updates=updates,
        attestations=attestations,
    )


# --- helpers for breakers -----------------------------------------------------------------


def client_policy(scope: Scope, kind: PolicyKind) -> Policy:
    """Return the client's (first) document of `kind`."""
    return next(p for p in scope.policies if p.party_id == CLIENT_ID and p.kind is kind)


def overdue_client_document(scope: Scope, kind: PolicyKind) -> Scope:
    """Return `scope` with the client's document of `kind` approved 2024-09-01, never reviewed.

    Due for review on 2025-09-01, seven months before `AS_OF`.
    """
    return b.overdue(scope, client_policy(scope, kind).id)


def with_extra_channel(scope: Scope) -> Scope:
    """Return `scope` whose centre also offers ``chat``, a channel in no agreement.

    Part 1 looks only at channels agreed with a client, so an unagreed channel
    changes none of its findings.
    """
    centre = scope.centre
    assert centre is not None
    (voice,) = (c for c in centre.channels if c.id == b.CHANNEL_ID)
    chat: Channel = attrs.evolve(
        voice, id="chat", kind=ChannelKind.WEB_CHAT, directions=frozenset({Direction.INBOUND})
    )
    return attrs.evolve(scope, centre=attrs.evolve(centre, channels=(*centre.channels, chat)))


def with_update(scope: Scope, **changes: object) -> Scope:
    """Return `scope` with the client's (first) information update changed."""
    first = next(u for u in scope.information_updates if u.client_id == CLIENT_ID)
    updates = tuple(
        attrs.evolve(u, **changes) if u is first else u for u in scope.information_updates
    )
    return attrs.evolve(scope, information_updates=updates)


def with_forecast(scope: Scope, **changes: object) -> Scope:
    """Return `scope` with the (only) forecast changed."""
    (forecast,) = scope.forecasts
    return attrs.evolve(scope, forecasts=(attrs.evolve(forecast, **changes),))


def with_attestation(scope: Scope, rule_id: str, verdict: Verdict) -> Scope:
    """Return `scope` with an attestation of `rule_id` with `verdict` (replacing any)."""
    kept = tuple(a for a in scope.attestations or () if a.rule_id != rule_id)
    made = Attestation(
        id=f"att-{rule_id}",
        rule_id=rule_id,
        attested_on=date(2026, 3, 25),
        attested_by="Pat Auditor",
        role="lead auditor",
        verdict=verdict,
        note="judged on the evidence seen",
    )
    return attrs.evolve(scope, attestations=(*kept, made))


# --- one breaker per Part 2 rule ----------------------------------------------------------


def break_part1_centre(scope: Scope) -> Scope:
    """P2-4.1-part1-centre: the centre in scope fails a requirement of Part 1.

    The centre is in scope, so its own Part 1 findings decide (an attestation
    cannot override them): its complaints procedure is overdue for review.
    """
    return b.break_complaints_procedure(scope)


def break_owns_experience(scope: Scope) -> Scope:
    """P2-5.1-owns-experience: the attestation now says the client does not."""
    return with_attestation(scope, "P2-5.1-owns-experience", Verdict.DOES_NOT_CONFORM)


def break_segments(scope: Scope) -> Scope:
    """P2-5.2-segments: the client has identified no customer segments."""
    client = attrs.evolve(scope.client(CLIENT_ID), customer_segments=())
    return attrs.evolve(scope, clients=(client,))


def break_needs(scope: Scope) -> Scope:
    """P2-5.2-needs: the customer-needs analysis is overdue for review."""
    return overdue_client_document(scope, PolicyKind.CUSTOMER_NEEDS)


def break_strategy(scope: Scope) -> Scope:
    """P2-5.3-strategy: the experience strategy is overdue (P1-5.2-client-strategy reads it)."""
    return overdue_client_document(scope, PolicyKind.CUSTOMER_EXPERIENCE_STRATEGY)


def break_access_strategy(scope: Scope) -> Scope:
    """P2-5.4-access-strategy: the access-and-contact strategy was never approved."""
    policy = client_policy(scope, PolicyKind.ACCESS_AND_CONTACT_STRATEGY)
    return b.with_policy(scope, policy.id, approved_on=None)


def break_cost(scope: Scope) -> Scope:
    """P2-5.5-cost: the client has no customer-cost statement."""
    policy = client_policy(scope, PolicyKind.CUSTOMER_COST)
    return attrs.evolve(scope, policies=tuple(p for p in scope.policies if p is not policy))


def break_consistency(scope: Scope) -> Scope:
    """P2-5.6-consistency: the information-consistency procedure is overdue."""
    return overdue_client_document(scope, PolicyKind.INFORMATION_CONSISTENCY)


def break_outbound_protection(scope: Scope) -> Scope:
    """P2-5.7-outbound-protection: the renewal campaign sets no cap on attempts.

    Do-not-contact and opt-in (read by Part 1, 4.5, too) stay as they were.
    """
    campaigns = tuple(
        attrs.evolve(
            c, contact_rules=attrs.evolve(c.contact_rules, max_attempts_per_customer=None)
        )
        if c.client_id == CLIENT_ID and c.contact_rules is not None
        else c
        for c in scope.campaigns
    )
    return attrs.evolve(scope, campaigns=campaigns)


def break_ethical_conduct(scope: Scope) -> Scope:
    """P2-5.8-ethical-conduct: the fair-dealing code is overdue."""
    return overdue_client_document(scope, PolicyKind.ETHICAL_CONDUCT)


def break_data_policy(scope: Scope) -> Scope:
    """P2-5.9-data-policy: the client's data-protection policy is overdue (the centre's is not)."""
    return overdue_client_document(scope, PolicyKind.DATA_PROTECTION)


def break_data_terms(scope: Scope) -> Scope:
    """P2-5.9-data-terms: data terms signed 2024-02-01, a month after the service began.

    Still signed before `AS_OF`, so P1-8.3-agreed-use conforms.
    """
    (agreement,) = scope.agreements
    assert agreement.data_handling is not None
    late = attrs.evolve(agreement.data_handling, processing_agreement_signed_on=date(2024, 2, 1))
    return b.with_agreement(scope, data_handling=late)


def break_agreement(scope: Scope) -> Scope:
    """P2-6.1-agreement: the agreement names no services."""
    return b.with_agreement(scope, services=())


def break_strategy_assigned(scope: Scope) -> Scope:
    """P2-6.2-strategy-assigned: the auditor judged the strategy was not handed over.

    The rule is a judgement: agreement and strategy document are on record (so no
    automatic failure), and the attestation now says the centre never got it.
    The records stay as they were, so no other rule changes.
    """
    return with_attestation(scope, "P2-6.2-strategy-assigned", Verdict.DOES_NOT_CONFORM)


def break_competencies(scope: Scope) -> Scope:
    """P2-6.3-competencies: the client's product knowledge is filed as a communication skill.

    So no client-specific competency is defined for the client; agents keep their
    assessments on it.  P1-6.3.4-client-specific needs one per client too.
    """
    competencies = tuple(
        attrs.evolve(c, area=CompetencyArea.COMMUNICATION)
        if c.client_id == CLIENT_ID and c.area is CompetencyArea.CLIENT_SPECIFIC
        else c
        for c in scope.competencies
    )
    return attrs.evolve(scope, competencies=competencies)


def break_campaign_channels(scope: Scope) -> Scope:
    """P2-6.3-campaign-channels: an inbound campaign runs on ``chat``, in no agreement."""
    scope = with_extra_channel(scope)
    stray = Campaign(
        id="acme-chat-offers",
        client_id=CLIENT_ID,
        channel_id="chat",
        direction=Direction.INBOUND,
        purpose="tariff questions from the web site",
        starts_on=date(2026, 3, 2),
    )
    return attrs.evolve(scope, campaigns=(*scope.campaigns, stray))


def break_both_parties(scope: Scope) -> Scope:
    """P2-6.4-both-parties: every responsibility row is the centre's (topics unchanged)."""
    (agreement,) = scope.agreements
    rows = tuple(attrs.evolve(r, owner=Party.CENTRE) for r in agreement.responsibilities)
    return b.with_agreement(scope, responsibilities=rows)


def break_notice(scope: Scope) -> Scope:
    """P2-6.5-notice: the price change takes effect 3 days after it was sent (7 needed).

    Acknowledged (3 March) and briefed (4 March) before it took effect (5 March),
    so Part 1 (4.2, 6.5) sees nothing wrong.
    """
    return with_update(
        scope,
        sent_on=date(2026, 3, 2),
        effective_on=date(2026, 3, 5),
        acknowledged_on=date(2026, 3, 3),
        briefed_on=date(2026, 3, 4),
    )


def break_acknowledged(scope: Scope) -> Scope:
    """P2-6.5-acknowledged: acknowledged 6 days after it was sent (3 allowed).

    Still before it took effect (16 March), so P1-4.2-client-information conforms.
    """
    return with_update(scope, sent_on=date(2026, 3, 2), acknowledged_on=date(2026, 3, 8))


def break_escalation_contacts(scope: Scope) -> Scope:
    """P2-6.5-escalation-contacts: no escalation procedure and no contacts sent.

    P1-7.2-escalation reads the same procedure reference.
    """
    return b.with_agreement(scope, escalation_procedure=None)


def break_change_procedure(scope: Scope) -> Scope:
    """P2-6.6-change-procedure: the agreement names no change procedure."""
    return b.with_agreement(scope, change_procedure=None)


def break_forecast_per_channel(scope: Scope) -> Scope:
    """P2-6.7-forecast-per-channel: web chat is agreed too, and no forecast covers it.

    The voice forecast stays, so the notice and channel rules of 6.7 still judge
    one forecast.  For Part 1 the chat channel is complete: a clone of voice
    (hours, access, cost, published), handled by agent A001, and covered by a
    service-level target for all channels (met: every contact is on voice), with a
    chat interaction of A001 evaluated (so P1-7.4-evaluated still conforms).
    """
    scope = with_extra_channel(scope)
    (agreement,) = scope.agreements
    all_channels = KpiTarget(
        id="sl-all-channels",
        kpi=KpiKind.SERVICE_LEVEL,
        comparison=Comparison.AT_LEAST,
        target=0.8,
        threshold_seconds=20.0,
    )
    scope = b.with_agreement(
        scope,
        channel_ids=(*agreement.channel_ids, "chat"),
        kpi_targets=(*agreement.kpi_targets, all_channels),
    )
    (evaluation,) = (e for e in scope.quality_evaluations or () if e.agent_id == "A001")
    on_chat = attrs.evolve(
        evaluation, id="qe-A001-chat", interaction_id="CHAT-A001", channel_id="chat"
    )
    scope = attrs.evolve(scope, quality_evaluations=(*(scope.quality_evaluations or ()), on_chat))
    return b.with_agent(scope, "A001", channel_ids=(b.CHANNEL_ID, "chat"))


def break_forecast_notice(scope: Scope) -> Scope:
    """P2-6.7-forecast-notice: handed over 2026-02-24, 6 days before Monday 2 March."""
    return with_forecast(scope, provided_on=date(2026, 2, 24))


def break_forecast_channels(scope: Scope) -> Scope:
    """P2-6.7-forecast-channels: forecast and plan for 2023, before the agreement began (2024).

    The same intervals and volumes, 3 years earlier (Monday 6 March 2023), so the
    staffing check of Part 1 sees the same arithmetic.
    """
    (forecast,) = scope.forecasts
    (plan,) = scope.staffing_plans
    start = forecast.starts_at.replace(year=2023, day=6)
    return attrs.evolve(
        scope,
        forecasts=(attrs.evolve(forecast, starts_at=start, provided_on=date(2023, 2, 20)),),
        staffing_plans=(attrs.evolve(plan, starts_at=start, prepared_on=date(2023, 2, 23)),),
    )


def break_measures(scope: Scope) -> Scope:
    """P2-6.8-measures: a second service-level target that names no answer-time threshold.

    (A target of 80 meant as 0.8 no longer loads: the model refuses shares above 1.)
    The first target (0.8 in 20 s on voice) stays first, so the staffing check of
    Part 1 still uses it.
    """
    (agreement,) = scope.agreements
    typo = KpiTarget(
        id="sl-all",
        kpi=KpiKind.SERVICE_LEVEL,
        comparison=Comparison.AT_LEAST,
        target=0.8,
    )
    return b.with_agreement(scope, kpi_targets=(*agreement.kpi_targets, typo))


def break_targets_on_agreed_channels(scope: Scope) -> Scope:
    """P2-6.8-targets-on-agreed-channels: a target for ``chat``, not a channel of the agreement."""
    scope = with_extra_channel(scope)
    (agreement,) = scope.agreements
    stray = KpiTarget(
        id="aht-chat",
        kpi=KpiKind.AVERAGE_HANDLING_TIME,
        comparison=Comparison.AT_MOST,
        target=420.0,
        channel_id="chat",
    )
    return b.with_agreement(scope, kpi_targets=(*agreement.kpi_targets, stray))


def break_feedback(scope: Scope) -> Scope:
    """P2-6.9-feedback: no one is assigned to gather customer feedback."""
    (agreement,) = scope.agreements
    rows = tuple(
        r
        for r in agreement.responsibilities
        if not any(w in r.topic.lower() for w in FEEDBACK_WORDS)
    )
    return b.with_agreement(scope, responsibilities=rows)


def break_signed_terms(scope: Scope) -> Scope:
    """P2-6.10-signed-terms: signed 2024-01-15, two weeks after the agreement began.

    Signed before `AS_OF`, so P1-9-agreement conforms.
    """
    return b.with_agreement(scope, signed_on=date(2024, 1, 15))


Breaker = Callable[[Scope], Scope]

BREAKERS_PART2: dict[str, tuple[Breaker, Status]] = {
    "P2-4.1-part1-centre": (break_part1_centre, Status.DOES_NOT_CONFORM),
    "P2-5.1-owns-experience": (break_owns_experience, Status.DOES_NOT_CONFORM),
    "P2-5.2-segments": (break_segments, Status.DOES_NOT_CONFORM),
    "P2-5.2-needs": (break_needs, Status.DOES_NOT_CONFORM),
    "P2-5.3-strategy": (break_strategy, Status.DOES_NOT_CONFORM),
    "P2-5.4-access-strategy": (break_access_strategy, Status.DOES_NOT_CONFORM),
    "P2-5.5-cost": (break_cost, Status.DOES_NOT_CONFORM),
    "P2-5.6-consistency": (break_consistency, Status.DOES_NOT_CONFORM),
    "P2-5.7-outbound-protection": (break_outbound_protection, Status.DOES_NOT_CONFORM),
    "P2-5.8-ethical-conduct": (break_ethical_conduct, Status.DOES_NOT_CONFORM),
    "P2-5.9-data-policy": (break_data_policy, Status.DOES_NOT_CONFORM),
    "P2-5.9-data-terms": (break_data_terms, Status.DOES_NOT_CONFORM),
    "P2-6.1-agreement": (break_agreement, Status.DOES_NOT_CONFORM),
    "P2-6.2-strategy-assigned": (break_strategy_assigned, Status.DOES_NOT_CONFORM),
    "P2-6.3-competencies": (break_competencies, Status.DOES_NOT_CONFORM),
    "P2-6.3-campaign-channels": (break_campaign_channels, Status.DOES_NOT_CONFORM),
    "P2-6.4-both-parties": (break_both_parties, Status.DOES_NOT_CONFORM),
    "P2-6.5-notice": (break_notice, Status.DOES_NOT_CONFORM),
    "P2-6.5-acknowledged": (break_acknowledged, Status.DOES_NOT_CONFORM),
    "P2-6.5-escalation-contacts": (break_escalation_contacts, Status.DOES_NOT_CONFORM),
    "P2-6.6-change-procedure": (break_change_procedure, Status.DOES_NOT_CONFORM),
    "P2-6.7-forecast-per-channel": (break_forecast_per_channel, Status.DOES_NOT_CONFORM),
    "P2-6.7-forecast-notice": (break_forecast_notice, Status.DOES_NOT_CONFORM),
    "P2-6.7-forecast-channels": (break_forecast_channels, Status.DOES_NOT_CONFORM),
    "P2-6.8-measures": (break_measures, Status.DOES_NOT_CONFORM),
    "P2-6.8-targets-on-agreed-channels": (
        break_targets_on_agreed_channels,
        Status.DOES_NOT_CONFORM,
    ),
    "P2-6.9-feedback": (break_feedback, Status.DOES_NOT_CONFORM),
    "P2-6.10-signed-terms": (break_signed_terms, Status.DOES_NOT_CONFORM),
}
"""Part 2 rule id -> (breaker, the status the rule must then have)."""

ALSO_BROKEN_PART2: dict[str, dict[str, Status]] = {
    # P2 4.1 follows the Part 1 findings of the centre in scope.
    "P2-4.1-part1-centre": {"P1-4.4-procedure": Status.DOES_NOT_CONFORM},
    # P2 5.3 <-> P1 5.2: the centre designs its service to the same strategy document.
    "P2-5.3-strategy": {"P1-5.2-client-strategy": Status.DOES_NOT_CONFORM},
    # P2 6.8 <-> P1 9: a service-level target without a threshold cannot be measured.
    "P2-6.8-measures": {"P1-9-targets-met": Status.INSUFFICIENT_EVIDENCE},
    # P2 6.3 <-> P1 6.3.4: the same client-specific competencies.
    "P2-6.3-competencies": {"P1-6.3.4-client-specific": Status.DOES_NOT_CONFORM},
    # P2 6.4 <-> P1 9: the same owners of the agreement's responsibility rows.
    "P2-6.4-both-parties": {"P1-9-responsibilities": Status.DOES_NOT_CONFORM},
    # P2 6.5 <-> P1 7.2: the same escalation procedure reference.
    "P2-6.5-escalation-contacts": {"P1-7.2-escalation": Status.DOES_NOT_CONFORM},
    # P2 6.8 <-> P1 9: the same stray target; no record on chat can measure it.
    "P2-6.8-targets-on-agreed-channels": {"P1-9-targets-met": Status.INSUFFICIENT_EVIDENCE},
}
"""Part 1 rules a Part 2 breaker unavoidably changes (mirrored requirements on one record)."""


__all__ = ["ALSO_BROKEN_PART2", "BREAKERS_PART2", "extend_conforming"]
