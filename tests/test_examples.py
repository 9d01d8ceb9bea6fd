"""The bundled example: it loads, and its planted gaps are really in the data.

Each gap listed in `EXAMPLE_GAPS` is checked from the model, independently of the
text, and so is the claim that everything else conforms.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from iso18295 import INTERACTION_COLUMNS, InteractionTable, Scope, StaffingPlan, examples
from iso18295.examples import EXAMPLE_AS_OF, EXAMPLE_GAPS

DUBLIN = ZoneInfo("Europe/Dublin")


def test_example_loads_as_documented(example_scope: Scope) -> None:
    assert example_scope.centre is not None
    assert example_scope.centre.name == "Northwind Contact Services"
    assert [c.id for c in example_scope.clients] == ["brightwater", "lumen"]
    assert len(example_scope.agents) == 41


def test_example_lists_seven_planted_gaps() -> None:
    # Four of the centre (Part 1), three of the clients (Part 2).
    assert len(EXAMPLE_GAPS) == 7
    assert sum(gap.startswith("client ") for gap in EXAMPLE_GAPS) == 3


# --- gap 1: a policy overdue for review ---


def test_policy_nw_pol_13_is_not_current_on_the_assessment_date(example_scope: Scope) -> None:
    policy = next(p for p in example_scope.policies if p.id == "NW-POL-13")
    # last reviewed 2025-01-28 on a 12-month cycle: due 2026-01-28, overdue by 2026-04-01
    assert policy.last_reviewed_on == date(2025, 1, 28)
    assert policy.review_interval_months == 12
    assert not policy.is_current(EXAMPLE_AS_OF)


def test_every_other_policy_is_current_on_the_assessment_date(example_scope: Scope) -> None:
    stale = [p.id for p in example_scope.policies if not p.is_current(EXAMPLE_AS_OF)]
    assert stale == ["NW-POL-13"]


# --- gap 2: contacts before induction ---


def test_only_agent_nw0040_handled_contacts_before_completing_induction(
    example_scope: Scope,
) -> None:
    early = [
        a.id
        for a in example_scope.agents
        if a.first_contact_on is not None
        and (a.induction_completed_on() is None or a.first_contact_on < a.induction_completed_on())
    ]
    assert early == ["NW0040"]
    agent = example_scope.agent("NW0040")
    assert agent.first_contact_on == date(2026, 3, 9)
    assert agent.induction_completed_on() == date(2026, 3, 14)


# --- gap 3: a complaint never acknowledged ---


def test_only_complaint_cmp_2026_0108_was_never_acknowledged(example_scope: Scope) -> None:
    unacknowledged = [c.id for c in example_scope.complaints if c.acknowledged_at is None]
    assert unacknowledged == ["CMP-2026-0108"]


# --- gap 4: a staffing plan short of agents ---


def _erlang_c(traffic: float, agents: int) -> float:
    """Probability of waiting, from the textbook formula.

    C(N, A) = (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A)).
    """
    term, total = 1.0, 0.0  # term runs through A^k/k!
    for k in range(agents):
        total += term
        term *= traffic / (k + 1)
    queued = term * agents / (agents - traffic)
    return queued / (total + queued)


def _rostered_agents_needed(
    volume: float, handling_seconds: float, interval_seconds: int, shrinkage: float
) -> int:
    """Agents to roster for 80 % of contacts answered within 20 s, grossed up for shrinkage."""
    if volume == 0:
        return 0
    traffic = volume * handling_seconds / interval_seconds
    agents = math.floor(traffic) + 1
    while (
        1 - _erlang_c(traffic, agents) * math.exp(-(agents - traffic) * 20 / handling_seconds)
        < 0.8
    ):
        agents += 1
    # The plan's shrinkage as the decimal it is written as (0.3), so 21 / 0.7 is exactly 30.
    return math.ceil(agents / (1 - Fraction(repr(shrinkage))))


def _voice_plan(scope: Scope) -> StaffingPlan:
    return next(p for p in scope.staffing_plans if p.id == "plan-bw-voice-2026w10")


def test_erlang_c_helper_matches_a_closed_form() -> None:
    # 2 Erlangs on 3 agents: sum = 1 + 2 + 2 = 5, A^3/3! * 3/(3-2) = 4, C = 4/9.
    assert _erlang_c(2.0, 3) == pytest.approx(4 / 9, rel=1e-12)


def test_staffing_plan_is_short_exactly_on_monday_2_march_10_00_to_11_30(
    example_scope: Scope,
) -> None:
    plan = _voice_plan(example_scope)
    forecast = next(f for f in example_scope.forecasts if f.id == plan.forecast_id)
    assert (plan.starts_at, plan.interval_minutes) == (
        forecast.starts_at,
        forecast.interval_minutes,
    )
    step = timedelta(minutes=plan.interval_minutes)
    short = [
        (plan.starts_at + i * step).astimezone(DUBLIN).replace(tzinfo=None)
        for i, (volume, handling, rostered) in enumerate(
            zip(forecast.volumes, forecast.handling_seconds, plan.rostered_agents, strict=True)
        )
        if rostered
        < _rostered_agents_needed(
            volume, handling, plan.interval_minutes * 60, plan.shrinkage_share
        )
    ]
    assert short == [
        datetime(2026, 3, 2, 10, 0),
        datetime(2026, 3, 2, 10, 30),
        datetime(2026, 3, 2, 11, 0),
    ]


def test_staffing_plan_is_three_agents_short_in_each_short_interval(example_scope: Scope) -> None:
    plan = _voice_plan(example_scope)
    forecast = next(f for f in example_scope.forecasts if f.id == plan.forecast_id)
    # Intervals 20-22 are 10:00, 10:30 and 11:00 (00:00 UTC start, Dublin on UTC in early March).
    gaps = [
        _rostered_agents_needed(
            forecast.volumes[i], forecast.handling_seconds[i], 1800, plan.shrinkage_share
        )
        - plan.rostered_agents[i]
        for i in (20, 21, 22)
    ]
    assert gaps == [3, 3, 3]


# --- gap 5 (client side): a price change sent with 3 days' notice ---


def test_only_update_iu_bw_2026_03_changes_prices_with_under_a_week_notice(
    example_scope: Scope,
) -> None:
    customer_facing = {"product_change", "price_change", "policy_change", "campaign"}
    short = [
        u.id
        for u in example_scope.information_updates
        if u.topic.value in customer_facing
        and (u.effective_on is None or (u.effective_on - u.sent_on).days < 7)
    ]
    assert short == ["IU-BW-2026-03"]
    update = next(u for u in example_scope.information_updates if u.id == "IU-BW-2026-03")
    # Sent Tuesday 24 March, in effect Friday 27 March: 27 - 24 = 3 days.
    assert (update.client_id, update.sent_on, update.effective_on) == (
        "brightwater",
        date(2026, 3, 24),
        date(2026, 3, 27),
    )


def test_update_iu_bw_2026_03_was_acknowledged_and_briefed_before_it_took_effect(
    example_scope: Scope,
) -> None:
    # The gap is the client's short notice only: the centre's side (Part 1) is in time.
    update = next(u for u in example_scope.information_updates if u.id == "IU-BW-2026-03")
    assert update.effective_on is not None
    assert update.acknowledged_on is not None
    assert update.acknowledged_on <= update.effective_on
    assert update.briefed_on is not None
    assert update.briefed_on <= update.effective_on


# --- gap 6 (client side): no forecast from Lumen for its voice channel ---


def test_only_lumen_voice_lacks_a_client_forecast(example_scope: Scope) -> None:
    assert example_scope.centre is not None
    kinds = {c.id: c.kind.value for c in example_scope.centre.channels}
    live = [
        (a.client_id, ch)
        for a in example_scope.agreements
        for ch in a.channel_ids
        if kinds[ch] not in {"email", "post", "social", "sms", "self_service"}
    ]
    forecast = {
        (f.client_id, f.channel_id)
        for f in example_scope.forecasts
        if f.provided_by.value == "client"
    }
    assert [pair for pair in live if pair not in forecast] == [("lumen", "lumen-voice")]


def test_client_forecasts_arrive_at_least_a_week_ahead(example_scope: Scope) -> None:
    # The three Brightwater forecasts: handed over Friday 20 February for Monday 2 March, 10 days.
    ahead = {f.id: (f.starts_at.date() - f.provided_on).days for f in example_scope.forecasts}
    assert ahead == {
        "fc-bw-voice-2026w10": 10,
        "fc-bw-chat-2026w10": 10,
        "fc-bw-email-2026w10": 10,
    }


# --- gap 7 (client side): no agreed owner of customer feedback at Lumen ---


def _feedback_topics(scope: Scope, client_id: str) -> list[str]:
    return [
        r.topic
        for a in scope.agreements
        if a.client_id == client_id
        for r in a.responsibilities
        if any(word in r.topic.lower() for word in ("survey", "feedback", "satisfaction"))
    ]


def test_only_lumen_agreement_names_no_owner_of_customer_feedback(example_scope: Scope) -> None:
    assert _feedback_topics(example_scope, "brightwater") == ["customer satisfaction survey"]
    assert _feedback_topics(example_scope, "lumen") == []


def test_both_clients_customers_were_surveyed_within_the_year(example_scope: Scope) -> None:
    # So the Lumen gap is the missing agreement, not missing feedback.
    since = EXAMPLE_AS_OF - timedelta(days=366)
    surveyed = {s.client_id for s in example_scope.customer_surveys if s.period_end >= since}
    assert surveyed == {"brightwater", "lumen"}


def test_every_client_document_part_2_asks_for_is_on_record(example_scope: Scope) -> None:
    kinds = {
        "customer_needs",
        "customer_experience_strategy",
        "access_and_contact_strategy",
        "customer_cost",
        "information_consistency",
        "ethical_conduct",
        "data_protection",
    }
    for client in ("brightwater", "lumen"):
        held = {p.kind.value for p in example_scope.policies if p.party_id == client}
        assert kinds <= held, client


# --- the generated interaction records ---


def _labels(table: InteractionTable, name: str) -> np.ndarray:
    labels = np.array((*table.categories(name), None), dtype=object)
    return labels[table[name]]  # code -1 picks the trailing None


def test_generated_table_is_the_same_for_the_same_seed() -> None:
    assert examples.generate_interactions(seed=7).equals(examples.generate_interactions(seed=7))


def test_generated_table_differs_for_another_seed(example_table: InteractionTable) -> None:
    assert not examples.generate_interactions(seed=18296).equals(example_table)


def test_default_seed_is_18295(example_table: InteractionTable) -> None:
    assert examples.generate_interactions(seed=18295).equals(example_table)


def test_generated_codes_are_those_from_columns_builds_from_the_text(
    example_table: InteractionTable,
) -> None:
    # Decode every column to strings (None where missing) and encode again the public way:
    # labels sorted, limited to the values present.
    decoded = {
        c.name: _labels(example_table, c.name) if c.kind == "category" else example_table[c.name]
        for c in INTERACTION_COLUMNS
    }
    assert InteractionTable.from_columns(**decoded).equals(example_table)


def test_agent_nw0040_handles_contacts_before_induction_ends(
    example_table: InteractionTable,
) -> None:
    handled_by = _labels(example_table, "agent_id") == "NW0040"
    before = example_table["offered_at"] < np.datetime64("2026-03-14T00:00")
    assert (handled_by & before).sum() > 0


def test_no_agent_handles_contacts_before_their_first_contact_day(
    example_scope: Scope, example_table: InteractionTable
) -> None:
    agents = _labels(example_table, "agent_id")
    # Local (Dublin) day of each offer; Dublin is on UTC until 29 March, then UTC+1.
    offered = example_table["offered_at"]
    summer = offered >= np.datetime64("2026-03-29T01:00")
    local_day = (
        offered + np.where(summer, np.timedelta64(1, "h"), np.timedelta64(0, "h"))
    ).astype("datetime64[D]")
    for agent in example_scope.agents:
        days = local_day[agents == agent.id]
        if days.size:
            assert agent.first_contact_on is not None, agent.id
            assert days.min() >= np.datetime64(agent.first_contact_on), agent.id


def test_answered_contacts_and_only_those_have_an_agent(example_table: InteractionTable) -> None:
    has_agent = example_table["agent_id"] != -1
    assert np.array_equal(has_agent, example_table["answered"])


def test_every_answered_contact_is_handled_by_an_agent_serving_its_client_and_channel(
    example_scope: Scope, example_table: InteractionTable
) -> None:
    answered = example_table["answered"]
    triples = np.unique(
        np.stack([example_table[n][answered] for n in ("agent_id", "client_id", "channel_id")]),
        axis=1,
    )
    served = {
        (a.id, client, channel)
        for a in example_scope.agents
        for client in a.client_ids
        for channel in a.channel_ids
    }
    for agent_code, client_code, channel_code in triples.T:
        triple = (
            example_table.categories("agent_id")[agent_code],
            example_table.categories("client_id")[client_code],
            example_table.categories("channel_id")[channel_code],
        )
        assert triple in served
    assert triples.shape[1] > 0
