"""Part 1, clauses 4.1 to 4.3 of Customer relationship requirements.

4.1 General; 4.2 Communication of information to customers; 4.3 Measuring and monitoring of
customer experience.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..._model.agreements import ClientAgreement
from ..._model.channels import Channel, Direction
from ..._model.feedback import CustomerSurvey
from ..._model.information import InformationUpdate
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis, CheckMethod
from ..clauses import Part
from ..context import RuleContext
from ..outcome import NotSupplied, Outcome
from ..reads import reads
from ..registry import Registry
from ..shared.agreed_channels import agreed_channels, agreed_inbound_channels
from ..shared.documents import centre_id, current_document

rules = Registry(part=Part.CENTRE)

_NO_AGREEMENT = "no client agreement in force on the assessment date"


# --- 4.1 General --------------------------------------------------------------------------


@rules.rule(
    id="P1-4.1-reachable",
    clause="4.1",
    basis=Basis.REQUIREMENT,
    paraphrase="Customers can tell when they can reach the centre: every channel agreed with "
    "a client has declared opening hours.",
    evidence=("centre.channels[].opening_hours",),
    uses=(agreed_channels,),
)
def channels_have_hours(ctx: RuleContext) -> Outcome:
    """Require declared opening hours on every channel of an agreement in force."""
    channels = agreed_channels(ctx)
    if not channels:
        return Outcome.insufficient_evidence(f"{_NO_AGREEMENT} names a channel of the centre")
    closed = [
        c
        for c in channels
        if not ctx.need(c.opening_hours, f"centre.channels[{c.id}].opening_hours")
    ]
    if closed:
        return Outcome.does_not_conform(
            f"no opening hours declared for {', '.join(c.id for c in closed)}",
            tuple(ctx.evidence("channel", c, "opening_hours") for c in closed),
        )
    return Outcome.conforms(
        f"opening hours are declared for {all_of(len(channels), 'agreed channel')}",
        seen=len(channels),
    )


@rules.rule(
    id="P1-4.1-consistent-handling",
    clause="4.1",
    basis=Basis.REQUIREMENT,
    paraphrase="Customers get the same quality of handling and the same answers whichever "
    "channel they use.",
    method=CheckMethod.JUDGEMENT,
    uses=(RuleContext.judged,),
)
def consistent_handling(ctx: RuleContext) -> Outcome:
    """Read the recorded judgement of consistency across channels."""
    return ctx.judged("are contacts handled consistently across the channels offered?")


@rules.rule(
    id="P1-4.1-accessibility-policy",
    clause="4.1",
    basis=Basis.RECOMMENDATION,
    paraphrase="The centre has an approved accessibility policy, kept under review, covering "
    "customers with the widest range of abilities and those in vulnerable situations.",
    uses=(current_document, centre_id),
)
def accessibility_policy(ctx: RuleContext) -> Outcome:
    """Require a current accessibility policy of the centre."""
    return current_document(
        ctx, PolicyKind.ACCESSIBILITY, party_id=centre_id(ctx), what="accessibility policy"
    )


@rules.rule(
    id="P1-4.1-accessible-channel",
    clause="4.1",
    basis=Basis.RECOMMENDATION,
    paraphrase="Each client's customers can reach the centre on at least one inbound channel "
    "with accessibility provisions (text relay, screen-reader tested, ...).",
    evidence=(
        "agreements[].channel_ids",
        "centre.channels[].directions",
        "centre.channels[].accessibility",
    ),
    uses=(RuleContext.agreements_in_force,),
)
def accessible_channel(ctx: RuleContext) -> Outcome:
    """Require an accessible inbound channel in every agreement in force."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    centre = ctx.scope.centre
    supplied = ctx.need(centre.channels if centre is not None else None, "centre.channels")
    channels = {c.id: c for c in supplied}

    def accessible(channel: Channel) -> bool:
        provisions = ctx.need(
            channel.accessibility, f"centre.channels[{channel.id}].accessibility"
        )
        return Direction.INBOUND in channel.directions and bool(provisions)

    lacking = [
        a
        for a in agreements
        if not any(accessible(channels[c]) for c in a.channel_ids if c in channels)
    ]
    if lacking:
        return Outcome.does_not_conform(
            f"no inbound channel with accessibility provisions in "
            f"{', '.join(a.id for a in lacking)}",
            tuple(ctx.evidence("agreement", a, "channel_ids") for a in lacking),
        )
    return Outcome.conforms(
        f"{all_of(len(agreements), 'agreement')} in force include an accessible inbound channel",
        seen=len(agreements),
    )


# --- 4.2 Communication of information to customers ------------------------------------------


@rules.rule(
    id="P1-4.2-information-policy",
    clause="4.2",
    basis=Basis.RECOMMENDATION,
    paraphrase="The centre documents what it tells customers (costs, waiting times, channels, "
    "terms, rights and obligations) in an approved policy kept under review.",
    uses=(current_document, centre_id),
)
def information_policy(ctx: RuleContext) -> Outcome:
    """Require a current customer-information policy of the centre."""
    return current_document(
        ctx,
        PolicyKind.CUSTOMER_INFORMATION,
        party_id=centre_id(ctx),
        what="customer-information policy",
    )


@rules.rule(
    id="P1-4.2-channels-published",
    clause="4.2",
    basis=Basis.RECOMMENDATION,
    paraphrase="Customers are told which channels they can use and how: every inbound channel "
    "agreed with a client is published to them.",
    evidence=("centre.channels[].published_to_customers",),
    uses=(agreed_inbound_channels,),
)
def channels_published(ctx: RuleContext) -> Outcome:
    """Require every inbound channel of an agreement in force to be stated as published.

    A channel whose documents do not say whether it is published is not
    evidence either way: the check stops with "insufficient evidence".
    """
    inbound = agreed_inbound_channels(ctx)
    if not inbound:
        return Outcome.insufficient_evidence("no inbound channel in an agreement in force")
    hidden = [
        c
        for c in inbound
        if not ctx.need(
            c.published_to_customers, f"centre.channels[{c.id}].published_to_customers"
        )
    ]
    if hidden:
        return Outcome.does_not_conform(
            f"inbound channels not published to customers: {', '.join(c.id for c in hidden)}",
            tuple(ctx.evidence("channel", c, "published_to_customers") for c in hidden),
        )
    verb = "is" if len(inbound) == 1 else "are"
    return Outcome.conforms(
        f"{all_of(len(inbound), 'agreed inbound channel')} {verb} stated as published to "
        "customers",
        seen=len(inbound),
    )


@reads("information_updates[].sent_on", "information_updates[].effective_on")
def updates_in_effect(ctx: RuleContext) -> list[InformationUpdate]:
    """Return the clients' updates in effect by `as_of` (one without a day: when sent).

    Stops the check (see `RuleContext.need`) if the updates were not supplied.
    """
    updates = ctx.need(ctx.scope.information_updates, "information_updates")
    return [u for u in updates if (u.effective_on or u.sent_on) <= ctx.as_of]


def no_update_in_effect(ctx: RuleContext) -> Outcome:
    """Return "insufficient evidence": none of the updates supplied is in effect yet."""
    n = len(ctx.need(ctx.scope.information_updates, "information_updates"))
    return Outcome.insufficient_evidence(
        f"none of the {count(n, 'client update')} supplied had taken effect by {ctx.as_of}"
    )


@rules.rule(
    id="P1-4.2-client-information",
    clause="4.2",
    basis=Basis.INTERPRETATION,
    paraphrase="What customers are told stays in line with what the client supplied: the centre "
    "takes in every update from a client no later than the day it takes effect.",
    evidence=("information_updates[].acknowledged_on",),
    uses=(updates_in_effect,),
)
def client_information_taken_in(ctx: RuleContext) -> Outcome:
    """Require every update in effect by `as_of` to be acknowledged by its effective day."""
    due = updates_in_effect(ctx)
    if not due:
        return no_update_in_effect(ctx)
    late = [
        u
        for u in due
        if u.acknowledged_on is None
        or u.acknowledged_on > ctx.as_of
        or u.acknowledged_on > (u.effective_on or u.sent_on)
    ]
    if late:
        shown = "; ".join(
            f"{u.id} (effective {u.effective_on or u.sent_on}, "
            + (
                f"acknowledged {u.acknowledged_on})"
                if u.acknowledged_on is not None and u.acknowledged_on <= ctx.as_of
                else "never acknowledged)"
            )
            for u in late
        )
        return Outcome.does_not_conform(
            f"{len(late)} of {count(len(due), 'client update')} not taken in by the day it took "
            f"effect: {shown}",
            tuple(ctx.evidence("information update", u, "acknowledged_on") for u in late),
        )
    return Outcome.conforms(
        f"{all_of(len(due), 'client update')} in effect taken in by the day of taking effect",
        seen=len(due),
    )


# --- 4.3 Measuring and monitoring of customer experience ------------------------------------


@rules.rule(
    id="P1-4.3-method",
    clause="4.3",
    basis=Basis.REQUIREMENT,
    paraphrase="The centre has documented, approved methods for learning how customers "
    "experienced their contacts, kept under review.",
    uses=(current_document, centre_id),
)
def measurement_method(ctx: RuleContext) -> Outcome:
    """Require a current customer-experience measurement procedure of the centre."""
    return current_document(
        ctx,
        PolicyKind.CUSTOMER_EXPERIENCE_MEASUREMENT,
        party_id=centre_id(ctx),
        what="customer-experience measurement procedure",
    )


def survey_window_start(ctx: RuleContext) -> date:
    """Return the first day a survey period may end on and still count as recent."""
    return ctx.as_of - timedelta(days=ctx.policy.customer_survey_days)


@reads(
    "customer_surveys[].client_id",
    "customer_surveys[].period_end",
    "customer_surveys[].responses",
    parameters=("customer_survey_days",),
)
def recent_surveys(ctx: RuleContext, client_id: str) -> list[CustomerSurvey]:
    """Return the client's answered surveys whose period ended in the recent window.

    A survey nobody answered measured nothing, so it is left out.  Stops the
    check (see `RuleContext.need`) if the surveys, or the response count of a
    recent survey, were not supplied.
    """
    since = survey_window_start(ctx)
    surveys = ctx.need(ctx.scope.customer_surveys, "customer_surveys")
    recent = [
        s for s in surveys if s.client_id == client_id and since <= s.period_end <= ctx.as_of
    ]
    return [s for s in recent if ctx.need(s.responses, f"customer_surveys[{s.id}].responses") > 0]


@reads("agreements[].client_id", uses=(RuleContext.agreements_in_force,))
def served_clients(ctx: RuleContext) -> dict[str, list[ClientAgreement]]:
    """Return the clients with an agreement in force, each with those agreements."""
    served: dict[str, list[ClientAgreement]] = {}
    for agreement in ctx.agreements_in_force():
        served.setdefault(agreement.client_id, []).append(agreement)
    return served


@rules.rule(
    id="P1-4.3-survey",
    clause="4.3",
    basis=Basis.REQUIREMENT,
    paraphrase="The centre measures how each client's customers experienced their contacts, "
    "within the period set by the assessment policy.",
    uses=(served_clients, recent_surveys),
)
def customers_surveyed(ctx: RuleContext) -> Outcome:
    """Require, per client served, an answered survey ending in the policy's window."""
    clients = served_clients(ctx)
    if not clients:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    since = survey_window_start(ctx)
    found = {c: recent_surveys(ctx, c) for c in clients}
    missing = [c for c, surveys in found.items() if not surveys]
    if missing:
        return Outcome.does_not_conform(
            f"no customer survey with responses covering {since} or later for "
            f"{', '.join(missing)}",
            tuple(ctx.evidence("agreement", a, "client_id") for c in missing for a in clients[c]),
        )
    n_surveys = sum(len(s) for s in found.values())
    return Outcome.conforms(
        f"customers of {all_of(len(clients), 'client')} served surveyed in a period ending on or "
        f"after {since} ({count(n_surveys, 'answered survey')})",
        seen=n_surveys,
    )


@rules.rule(
    id="P1-4.3-actions",
    clause="4.3",
    basis=Basis.INTERPRETATION,
    paraphrase="Survey results are acted on: for each client, a recent answered survey records "
    "actions taken.",
    evidence=("customer_surveys[].actions",),
    uses=(served_clients, recent_surveys),
)
def survey_actions(ctx: RuleContext) -> Outcome:
    """Require recorded actions on a recent answered survey of every client served."""
    clients = served_clients(ctx)
    if not clients:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    found = {c: recent_surveys(ctx, c) for c in clients}
    surveyed = [c for c, surveys in found.items() if surveys]
    if not surveyed:
        return Outcome.insufficient_evidence(
            f"no answered customer survey ending on or after {survey_window_start(ctx)} to act on"
        )
    unstated = [s.id for c in surveyed for s in found[c] if s.actions is None]
    idle = [c for c in surveyed if not any(s.actions for s in found[c])]
    if idle and any(s.actions is None for c in idle for s in found[c]):
        raise NotSupplied(*(f"customer_surveys[{i}].actions" for i in unstated))
    if idle:
        return Outcome.does_not_conform(
            f"no action recorded on the recent surveys for {', '.join(idle)}",
            tuple(ctx.evidence("customer survey", s, "actions") for c in idle for s in found[c]),
        )
    acted = [s for c in surveyed for s in found[c] if s.actions]
    return Outcome.conforms(
        f"actions are recorded on {count(len(acted), 'recent survey')} of "
        f"{all_of(len(surveyed), 'client')} surveyed",
        seen=len(acted),
    )
