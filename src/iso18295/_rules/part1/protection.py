"""Part 1, clause 4.5 (Customer protection)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from ..._model.channels import Campaign, Direction
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis, CheckMethod
from ..clauses import Part
from ..context import HAS_OUTBOUND, RuleContext
from ..outcome import Measurement, Outcome
from ..reads import reads
from ..registry import Registry
from ..shared.agreed_channels import agreed_inbound_channels
from ..shared.documents import centre_id, current_document
from ..shared.local_time import local_wall_clock, within_hours

rules = Registry(part=Part.CENTRE, clause="4.5")

_WORST_SHOWN = 3


def lookback_start(ctx: RuleContext) -> date:
    """Return the first day an outbound campaign may have run on and still be checked."""
    return ctx.as_of - timedelta(days=ctx.policy.outbound_campaign_lookback_days)


@reads(
    "campaigns[].direction",
    "campaigns[].starts_on",
    "campaigns[].ends_on",
    parameters=("outbound_campaign_lookback_days",),
)
def outbound_campaigns(ctx: RuleContext) -> list[Campaign]:
    """Return the outbound campaigns that ran at some time in the look-back window.

    Stops the check (see `RuleContext.need`) if the campaigns were not supplied.
    """
    since = lookback_start(ctx)
    return [
        c
        for c in ctx.need(ctx.scope.campaigns, "campaigns")
        if c.direction is Direction.OUTBOUND
        and c.starts_on <= ctx.as_of
        and (c.ends_on is None or c.ends_on >= since)
    ]


def _none_ran(ctx: RuleContext) -> Outcome:
    return Outcome.not_applicable(
        f"no outbound campaign ran between {lookback_start(ctx)} and {ctx.as_of}"
    )


def _failing(
    ctx: RuleContext, what: str, failed: list[tuple[Campaign, str]], *fields: str
) -> Outcome:
    return Outcome.does_not_conform(
        f"{what}: " + "; ".join(f"{c.id} ({why})" for c, why in failed),
        tuple(ctx.evidence("campaign", c, *fields) for c, _ in failed),
    )


@rules.rule(
    id="P1-4.5-policy",
    basis=Basis.REQUIREMENT,
    paraphrase="The centre protects customers (privacy, fair treatment, contact preferences) "
    "under an approved customer-protection policy kept under review.",
    uses=(current_document, centre_id),
)
def protection_policy(ctx: RuleContext) -> Outcome:
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
    paraphrase="No contact carries a hidden charge: every inbound channel agreed with a client "
    "states what using it costs the customer.",
    evidence=("centre.channels[].cost_to_customer",),
    uses=(agreed_inbound_channels,),
)
def no_hidden_charges(ctx: RuleContext) -> Outcome:
    """Require a stated cost to the customer on every inbound channel of an agreement in force.

    A channel with no cost stated (`Channel.cost_to_customer` is None) tells
    customers nothing of what a contact costs them: it does not conform.
    """
    inbound = agreed_inbound_channels(ctx)
    if not inbound:
        return Outcome.insufficient_evidence("no inbound channel in an agreement in force")
    silent = [c for c in inbound if c.cost_to_customer is None]
    if silent:
        return Outcome.does_not_conform(
            f"no cost to the customer stated for {', '.join(c.id for c in silent)}",
            tuple(ctx.evidence("channel", c, "cost_to_customer") for c in silent),
        )
    return Outcome.conforms(
        f"the cost to the customer is stated for {all_of(len(inbound), 'agreed inbound channel')}",
        seen=len(inbound),
    )


@rules.rule(
    id="P1-4.5-do-not-contact",
    basis=Basis.REQUIREMENT,
    paraphrase="Outbound campaigns leave alone customers who asked not to be contacted.",
    evidence=("campaigns[].contact_rules.honours_do_not_contact",),
    uses=(outbound_campaigns,),
    applies_if=(HAS_OUTBOUND,),
)
def do_not_contact(ctx: RuleContext) -> Outcome:
    """Require every recent outbound campaign to state that it honours do-not-contact requests."""
    campaigns = outbound_campaigns(ctx)
    if not campaigns:
        return _none_ran(ctx)
    failed = []
    for c in campaigns:
        if c.contact_rules is None:
            failed.append((c, "no contact rules"))
        elif not ctx.need(
            c.contact_rules.honours_do_not_contact,
            f"campaigns[{c.id}].contact_rules.honours_do_not_contact",
        ):
            failed.append((c, "not honoured"))
    if failed:
        return _failing(ctx, "do-not-contact requests", failed, "contact_rules")
    return Outcome.conforms(
        f"do-not-contact requests are honoured by {all_of(len(campaigns), 'outbound campaign')} "
        f"run since {lookback_start(ctx)}",
        seen=len(campaigns),
    )


@rules.rule(
    id="P1-4.5-list-screened",
    basis=Basis.REQUIREMENT,
    paraphrase="Each outbound campaign's list is screened against do-not-contact requests "
    "while it runs or shortly before it starts (within the lead set by the assessment policy).",
    evidence=("campaigns[].contact_rules.suppression_list_checked_on",),
    parameters=("screening_lead_days",),
    uses=(outbound_campaigns,),
    applies_if=(HAS_OUTBOUND,),
)
def list_screened(ctx: RuleContext) -> Outcome:
    """Require a screening from the policy's lead before the start up to the end."""
    campaigns = outbound_campaigns(ctx)
    if not campaigns:
        return _none_ran(ctx)
    lead = ctx.policy.screening_lead_days
    failed = []
    for c in campaigns:
        checked = c.contact_rules.suppression_list_checked_on if c.contact_rules else None
        last = min(c.ends_on or ctx.as_of, ctx.as_of)
        if checked is None or checked > ctx.as_of:
            failed.append((c, "never screened"))
        elif checked < c.starts_on - timedelta(days=lead):
            failed.append(
                (c, f"screened {checked}, over {lead} days before it started {c.starts_on}")
            )
        elif checked > last:
            failed.append((c, f"screened {checked}, after it ended {c.ends_on}"))
    if failed:
        return _failing(ctx, "lists not screened in time", failed, "contact_rules")
    return Outcome.conforms(
        f"lists of {all_of(len(campaigns), 'outbound campaign')} screened against do-not-contact "
        "requests in time",
        seen=len(campaigns),
    )


@rules.rule(
    id="P1-4.5-contact-hours",
    basis=Basis.REQUIREMENT,
    paraphrase="Customers are contacted only at accepted times: every outbound campaign sets "
    "permitted hours, and no outbound contact in the records falls outside them.",
    evidence=(
        "campaigns[].contact_rules.permitted_hours[].days",
        "campaigns[].contact_rules.permitted_hours[].opens",
        "campaigns[].contact_rules.permitted_hours[].closes",
        "centre.time_zone",
        "interactions.direction",
        "interactions.campaign_id",
        "interactions.offered_at",
    ),
    uses=(outbound_campaigns,),
    applies_if=(HAS_OUTBOUND,),
)
def contact_hours(ctx: RuleContext) -> Outcome:
    """Require permitted hours per campaign and the recorded outbound contacts inside them.

    The interaction records must be supplied: declared hours alone do not
    show when customers were contacted.  Records are read in the centre's time
    zone, taken as the customers' (the records carry no customer time zone).
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
    table = ctx.interaction_records()
    directions = table.categories("direction")
    if "outbound" not in directions:
        return Outcome.conforms(
            f"{declared}; the {count(len(table), 'interaction record')} supplied hold no "
            "outbound contact",
            seen=len(campaigns),
        )
    outbound = table["direction"] == directions.index("outbound")
    labels = table.categories("campaign_id")
    centre = ctx.scope.centre
    zone = ZoneInfo(centre.time_zone if centre is not None else "UTC")
    checked = np.zeros(len(table), dtype=np.bool_)
    outside = np.zeros(len(table), dtype=np.bool_)
    # The outbound rows grouped by campaign once (each group in row order), so the
    # campaigns together read each record once.
    outbound_rows = np.flatnonzero(outbound)
    codes = table["campaign_id"][outbound_rows]
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(labels) + 1))
    position = {label: i for i, label in enumerate(labels)}
    for campaign in campaigns:
        i = position.get(campaign.id)
        if i is None or campaign.contact_rules is None:
            continue
        rows = outbound_rows[order[bounds[i] : bounds[i + 1]]]
        checked[rows] = True
        local = local_wall_clock(table["offered_at"][rows], zone)
        permitted = ctx.need(
            campaign.contact_rules.permitted_hours,
            f"campaigns[{campaign.id}].contact_rules.permitted_hours",
        )
        outside[rows[~within_hours(local, permitted)]] = True
    n_checked, n_outside = int(checked.sum()), int(outside.sum())
    unlinked = int((outbound & ~checked).sum())
    measure = Measurement.all_records(
        "outbound contacts within permitted hours", n_checked - n_outside, n_checked
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
            f"run since {lookback_start(ctx)}, so no permitted hours apply to check them"
        )
    return Outcome.conforms(
        f"{declared}; {all_of(n_checked, 'outbound contact')} in the records fell within them",
        (),
        (measure,),
        seen=n_checked,
    )


@rules.rule(
    id="P1-4.5-opt-in",
    basis=Basis.RECOMMENDATION,
    paraphrase="Follow-up outbound contact unrelated to the original purpose needs the "
    "customer's opt-in.",
    evidence=("campaigns[].contact_rules.opt_in_required",),
    uses=(outbound_campaigns,),
    applies_if=(HAS_OUTBOUND,),
)
def opt_in(ctx: RuleContext) -> Outcome:
    """Require every recent outbound campaign to state that unrelated follow-up needs opt-in.

    A campaign whose rules do not say either way is not evidence: the check
    stops with "insufficient evidence".
    """
    campaigns = outbound_campaigns(ctx)
    if not campaigns:
        return _none_ran(ctx)
    failed = []
    for c in campaigns:
        if c.contact_rules is None:
            failed.append((c, "no contact rules"))
        elif not ctx.need(
            c.contact_rules.opt_in_required, f"campaigns[{c.id}].contact_rules.opt_in_required"
        ):
            failed.append((c, "opt-in not required"))
    if failed:
        return _failing(ctx, "unrelated follow-up without opt-in", failed, "contact_rules")
    return Outcome.conforms(
        "opt-in for unrelated follow-up is required by "
        f"{all_of(len(campaigns), 'outbound campaign')} run since {lookback_start(ctx)}",
        seen=len(campaigns),
    )


@rules.rule(
    id="P1-4.5-no-pressure-selling",
    basis=Basis.REQUIREMENT,
    paraphrase="Agents do not use high-pressure or misleading selling techniques.",
    method=CheckMethod.JUDGEMENT,
    uses=(RuleContext.judged,),
)
def no_pressure_selling(ctx: RuleContext) -> Outcome:
    """Read the recorded judgement of the centre's selling practice."""
    return ctx.judged("do agents refrain from high-pressure selling?")
