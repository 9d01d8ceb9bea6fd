"""Part 1, clause 4.5 (Customer protection)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import numpy as np

from ..._model.channels import Campaign, Direction
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..context import HAS_OUTBOUND, Context
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..rule import Basis, Method
from ._channels import agreed_channels
from ..documents import centre_id, current_document
from ._local_time import local_wall_clock, within_hours
from ._staff import year_start

rules = Registry()

SCREENING_LEAD = timedelta(days=30)
"""A campaign's list may be screened against do-not-contact requests at most this long before
the campaign starts (or at any time while it runs, up to the assessment date)."""

_WORST_SHOWN = 3


def outbound_campaigns(ctx: Context) -> list[Campaign]:
    """Return the outbound campaigns that ran at some time in the year up to `as_of`."""
    since = year_start(ctx)
    return [
        c
        for c in ctx.scope.campaigns
        if c.direction is Direction.OUTBOUND
        and c.starts_on <= ctx.as_of
        and (c.ends_on is None or c.ends_on >= since)
    ]


def _none_ran(ctx: Context) -> Outcome:
    return Outcome.not_applicable(f"no outbound campaign ran in the year up to {ctx.as_of}")


def _failing(ctx: Context, what: str, failed: list[tuple[Campaign, str]], *fields: str) -> Outcome:
    return Outcome.does_not_conform(
        f"{what}: " + "; ".join(f"{c.id} ({why})" for c, why in failed),
        tuple(ctx.evidence("campaign", c, *fields) for c, _ in failed),
    )


@rules.rule(
    id="P1-4.5-policy",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.5",
    paraphrase="The centre protects customers (privacy, fair treatment, contact preferences) "
    "under an approved customer-protection policy kept under review.",
    evidence=("policies[].kind", "policies[].approved_on", "policies[].last_reviewed_on"),
)
def protection_policy(ctx: Context) -> Outcome:
    """Require a current customer-protection policy of the centre."""
    return current_document(
        ctx,
        PolicyKind.CUSTOMER_PROTECTION,
        party_id=centre_id(ctx),
        what="customer-protection policy",
    )


@rules.rule(
    id="P1-4.5-no-hidden-charges",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.5",
    paraphrase="No contact carries a hidden charge: every inbound channel agreed with a client "
    "states what using it costs the customer.",
    evidence=(
        "agreements[].channel_ids",
        "centre.channels[].directions",
        "centre.channels[].cost_to_customer",
    ),
)
def no_hidden_charges(ctx: Context) -> Outcome:
    """Require a stated cost to the customer on every inbound channel of an agreement in force."""
    inbound = [c for c in agreed_channels(ctx) if Direction.INBOUND in c.directions]
    if not inbound:
        return Outcome.insufficient_evidence("no inbound channel in an agreement in force")
    silent = [c for c in inbound if c.cost_to_customer is None]
    if silent:
        return Outcome.does_not_conform(
            f"no cost to the customer stated for {', '.join(c.id for c in silent)}",
            tuple(ctx.evidence("channel", c, "cost_to_customer") for c in silent),
        )
    return Outcome.conforms(
        f"the cost to the customer is stated for {all_of(len(inbound), 'inbound channel')}"
    )


@rules.rule(
    id="P1-4.5-do-not-contact",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.5",
    paraphrase="Outbound campaigns leave alone customers who asked not to be contacted.",
    evidence=("campaigns[].direction", "campaigns[].contact_rules.honours_do_not_contact"),
    applies_if=(HAS_OUTBOUND,),
)
def do_not_contact(ctx: Context) -> Outcome:
    """Require every recent outbound campaign to honour do-not-contact requests."""
    campaigns = outbound_campaigns(ctx)
    if not campaigns:
        return _none_ran(ctx)
    failed = [
        (c, "no contact rules" if c.contact_rules is None else "not honoured")
        for c in campaigns
        if c.contact_rules is None or not c.contact_rules.honours_do_not_contact
    ]
    if failed:
        return _failing(ctx, "do-not-contact requests", failed, "contact_rules")
    return Outcome.conforms(
        f"do-not-contact requests are honoured by {all_of(len(campaigns), 'outbound campaign')}"
    )


@rules.rule(
    id="P1-4.5-list-screened",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.5",
    paraphrase="Each outbound campaign's list is screened against do-not-contact requests "
    "shortly before it starts or while it runs.",
    evidence=(
        "campaigns[].starts_on",
        "campaigns[].ends_on",
        "campaigns[].contact_rules.suppression_list_checked_on",
    ),
    applies_if=(HAS_OUTBOUND,),
)
def list_screened(ctx: Context) -> Outcome:
    """Require a screening no earlier than 30 days before the start, and not after the end."""
    campaigns = outbound_campaigns(ctx)
    if not campaigns:
        return _none_ran(ctx)
    failed = []
    for c in campaigns:
        checked = c.contact_rules.suppression_list_checked_on if c.contact_rules else None
        last = min(c.ends_on or ctx.as_of, ctx.as_of)
        if checked is None or checked > ctx.as_of:
            failed.append((c, "never screened"))
        elif checked < c.starts_on - SCREENING_LEAD:
            failed.append((c, f"screened {checked}, over 30 days before it started {c.starts_on}"))
        elif checked > last:
            failed.append((c, f"screened {checked}, after it ended {c.ends_on}"))
    if failed:
        return _failing(ctx, "lists not screened in time", failed, "contact_rules")
    return Outcome.conforms(
        f"lists of {all_of(len(campaigns), 'outbound campaign')} screened against do-not-contact "
        "requests in time"
    )


@rules.rule(
    id="P1-4.5-contact-hours",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.5",
    paraphrase="Customers are contacted only at accepted times: every outbound campaign sets "
    "permitted hours, and no outbound contact in the records falls outside them.",
    evidence=(
        "campaigns[].contact_rules.permitted_hours",
        "centre.time_zone",
        "interactions.direction",
        "interactions.campaign_id",
        "interactions.offered_at",
    ),
    applies_if=(HAS_OUTBOUND,),
)
def contact_hours(ctx: Context) -> Outcome:
    """Require permitted hours per campaign and, given records, outbound contacts inside them.

    Records are read in the centre's time zone, taken as the customers' (the
    records carry no customer time zone).
    """
    campaigns = outbound_campaigns(ctx)
    if not campaigns:
        return _none_ran(ctx)
    undeclared = [
        (c, "no contact rules" if c.contact_rules is None else "no permitted hours")
        for c in campaigns
        if c.contact_rules is None or not c.contact_rules.permitted_hours
    ]
    if undeclared:
        return _failing(ctx, "no permitted contact hours", undeclared, "contact_rules")
    declared = f"permitted contact hours are set for {all_of(len(campaigns), 'outbound campaign')}"
    table = ctx.interactions
    if table is None:
        return Outcome.conforms(f"{declared} (no interaction records supplied to check)")
    directions = table.categories("direction")
    if "outbound" not in directions:
        return Outcome.conforms(f"{declared}; no outbound contact in the records")
    outbound = table["direction"] == directions.index("outbound")
    labels = table.categories("campaign_id")
    centre = ctx.scope.centre
    zone = ZoneInfo(centre.time_zone) if centre is not None else ZoneInfo("UTC")
    checked = np.zeros(len(table), dtype=np.bool_)
    outside = np.zeros(len(table), dtype=np.bool_)
    for campaign in ctx.scope.campaigns:
        rules_ = campaign.contact_rules
        if campaign.direction is not Direction.OUTBOUND or campaign.id not in labels:
            continue
        rows = outbound & (table["campaign_id"] == labels.index(campaign.id))
        checked |= rows
        if rules_ is None or not rules_.permitted_hours:
            continue  # an older campaign without hours: the records cannot be judged
        local = local_wall_clock(table["offered_at"][rows], zone)
        bad = np.flatnonzero(rows)[~within_hours(local, rules_.permitted_hours)]
        outside[bad] = True
    n_checked, n_outside = int(checked.sum()), int(outside.sum())
    unlinked = int((outbound & ~checked).sum())
    measure = Measurement(
        name="outbound contacts within permitted hours",
        observed=(n_checked - n_outside) / n_checked if n_checked else float("nan"),
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=n_checked - n_outside,
        denominator=n_checked,
    )
    if n_outside:
        first = local_wall_clock(table["offered_at"][outside], zone)
        first.sort()
        shown = ", ".join(
            f"{t.astype('datetime64[s]').item():%a %d %b %Y %H:%M}" for t in first[:_WORST_SHOWN]
        )
        return Outcome.does_not_conform(
            f"{n_outside} of {count(n_checked, 'outbound contact')} outside permitted hours "
            f"(first, local time: {shown})",
            tuple(ctx.evidence("campaign", c, "contact_rules") for c in campaigns),
            (measure,),
        )
    if unlinked:
        return Outcome.insufficient_evidence(
            f"{count(unlinked, 'outbound contact')} in the records name no outbound campaign "
            "of the scope, so no permitted hours apply to check them"
        )
    return Outcome.conforms(
        f"{declared}; {all_of(n_checked, 'outbound contact')} in the records fell within them",
        (),
        (measure,),
    )


@rules.rule(
    id="P1-4.5-opt-in",
    part=1,
    clause="4.5",
    paraphrase="Follow-up outbound contact unrelated to the original purpose needs the "
    "customer's opt-in.",
    basis=Basis.RECOMMENDATION,
    evidence=("campaigns[].contact_rules.opt_in_required",),
    applies_if=(HAS_OUTBOUND,),
)
def opt_in(ctx: Context) -> Outcome:
    """Require every recent outbound campaign to require opt-in for unrelated follow-up."""
    campaigns = outbound_campaigns(ctx)
    if not campaigns:
        return _none_ran(ctx)
    failed = [
        (c, "no contact rules" if c.contact_rules is None else "opt-in not required")
        for c in campaigns
        if c.contact_rules is None or not c.contact_rules.opt_in_required
    ]
    if failed:
        return _failing(ctx, "unrelated follow-up without opt-in", failed, "contact_rules")
    return Outcome.conforms(
        "opt-in for unrelated follow-up is required by "
        f"{all_of(len(campaigns), 'outbound campaign')}"
    )


@rules.rule(
    id="P1-4.5-no-pressure-selling",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.5",
    paraphrase="Agents do not use high-pressure or misleading selling techniques.",
    method=Method.JUDGEMENT,
    evidence=("attestations[].verdict",),
)
def no_pressure_selling(ctx: Context) -> Outcome:
    """Read the recorded judgement of the centre's selling practice."""
    return ctx.judged("do agents refrain from high-pressure selling?")
