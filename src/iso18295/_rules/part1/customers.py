"""Part 1, clauses 4.1 to 4.3 of Customer relationship requirements.

4.1 General; 4.2 Communication of information to customers; 4.3 Measuring and monitoring of
customer experience.
"""

from __future__ import annotations

from ..._model.channels import Direction
from ..._model.feedback import CustomerSurvey
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis, Method
from ._channels import agreed_channels
from ..documents import centre_id, current_document
from ._staff import year_start

rules = Registry()

_POLICY_EVIDENCE = ("policies[].kind", "policies[].approved_on", "policies[].last_reviewed_on")
_NO_AGREEMENT = "no client agreement in force on the assessment date"


# --- 4.1 General --------------------------------------------------------------------------


@rules.rule(
    id="P1-4.1-reachable",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.1",
    paraphrase="Customers can tell when they can reach the centre: every channel agreed with "
    "a client has declared opening hours.",
    evidence=("agreements[].channel_ids", "centre.channels[].opening_hours"),
)
def channels_have_hours(ctx: Context) -> Outcome:
    """Require declared opening hours on every channel of an agreement in force."""
    channels = agreed_channels(ctx)
    if not channels:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    closed = [c for c in channels if not c.opening_hours]
    if closed:
        return Outcome.does_not_conform(
            f"no opening hours declared for {', '.join(c.id for c in closed)}",
            tuple(ctx.evidence("channel", c, "opening_hours") for c in closed),
        )
    return Outcome.conforms(f"opening hours are declared for {all_of(len(channels), 'channel')}")


@rules.rule(
    id="P1-4.1-consistent-handling",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.1",
    paraphrase="Customers get the same quality of handling and the same answers whichever "
    "channel they use.",
    method=Method.JUDGEMENT,
    evidence=("attestations[].verdict",),
)
def consistent_handling(ctx: Context) -> Outcome:
    """Read the recorded judgement of consistency across channels."""
    return ctx.judged("are contacts handled consistently across the channels offered?")


@rules.rule(
    id="P1-4.1-accessibility-policy",
    part=1,
    clause="4.1",
    paraphrase="The centre has an approved accessibility policy, kept under review, covering "
    "customers with the widest range of abilities and those in vulnerable situations.",
    basis=Basis.RECOMMENDATION,
    evidence=_POLICY_EVIDENCE,
)
def accessibility_policy(ctx: Context) -> Outcome:
    """Require a current accessibility policy of the centre."""
    return current_document(
        ctx, PolicyKind.ACCESSIBILITY, party_id=centre_id(ctx), what="accessibility policy"
    )


@rules.rule(
    id="P1-4.1-accessible-channel",
    part=1,
    clause="4.1",
    paraphrase="Each client's customers can reach the centre on at least one inbound channel "
    "with accessibility provisions (text relay, screen-reader tested, ...).",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "agreements[].channel_ids",
        "centre.channels[].directions",
        "centre.channels[].accessibility",
    ),
)
def accessible_channel(ctx: Context) -> Outcome:
    """Require an accessible inbound channel in every agreement in force."""
    agreements = ctx.agreements_in_force()
    centre = ctx.scope.centre
    if not agreements or centre is None:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)

    def accessible(channel_id: str) -> bool:
        channel = centre.channel(channel_id)
        return Direction.INBOUND in channel.directions and bool(channel.accessibility)

    lacking = [a for a in agreements if not any(accessible(c) for c in a.channel_ids)]
    if lacking:
        return Outcome.does_not_conform(
            f"no inbound channel with accessibility provisions in "
            f"{', '.join(a.id for a in lacking)}",
            tuple(ctx.evidence("agreement", a, "channel_ids") for a in lacking),
        )
    return Outcome.conforms(
        f"{all_of(len(agreements), 'agreement')} include an accessible inbound channel"
    )


# --- 4.2 Communication of information to customers ------------------------------------------


@rules.rule(
    id="P1-4.2-information-policy",
    part=1,
    clause="4.2",
    paraphrase="The centre documents what it tells customers (costs, waiting times, channels, "
    "terms, rights and obligations) in an approved policy kept under review.",
    basis=Basis.RECOMMENDATION,
    evidence=_POLICY_EVIDENCE,
)
def information_policy(ctx: Context) -> Outcome:
    """Require a current customer-information policy of the centre."""
    return current_document(
        ctx,
        PolicyKind.CUSTOMER_INFORMATION,
        party_id=centre_id(ctx),
        what="customer-information policy",
    )


@rules.rule(
    id="P1-4.2-channels-published",
    part=1,
    clause="4.2",
    paraphrase="Customers are told which channels they can use and how: every inbound channel "
    "agreed with a client is published to them.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "agreements[].channel_ids",
        "centre.channels[].directions",
        "centre.channels[].published_to_customers",
    ),
)
def channels_published(ctx: Context) -> Outcome:
    """Require every inbound channel of an agreement in force to be published."""
    inbound = [c for c in agreed_channels(ctx) if Direction.INBOUND in c.directions]
    if not inbound:
        return Outcome.insufficient_evidence("no inbound channel in an agreement in force")
    hidden = [c for c in inbound if not c.published_to_customers]
    if hidden:
        return Outcome.does_not_conform(
            f"inbound channels not published to customers: {', '.join(c.id for c in hidden)}",
            tuple(ctx.evidence("channel", c, "published_to_customers") for c in hidden),
        )
    verb = "is" if len(inbound) == 1 else "are"
    return Outcome.conforms(f"{all_of(len(inbound), 'inbound channel')} {verb} published")


@rules.rule(
    id="P1-4.2-client-information",
    part=1,
    clause="4.2",
    paraphrase="What customers are told stays in line with what the client supplied: the centre "
    "takes in every update from a client no later than the day it takes effect.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "information_updates[].sent_on",
        "information_updates[].effective_on",
        "information_updates[].acknowledged_on",
    ),
)
def client_information_taken_in(ctx: Context) -> Outcome:
    """Require every update in effect by `as_of` to be acknowledged by its effective day."""
    due = [u for u in ctx.scope.information_updates if (u.effective_on or u.sent_on) <= ctx.as_of]
    if not due:
        return Outcome.insufficient_evidence(
            "no information update from a client had taken effect by the assessment date"
        )
    late = [
        u
        for u in due
        if u.acknowledged_on is None or u.acknowledged_on > (u.effective_on or u.sent_on)
    ]
    if late:
        shown = "; ".join(
            f"{u.id} (effective {u.effective_on or u.sent_on}, "
            + (
                f"acknowledged {u.acknowledged_on})"
                if u.acknowledged_on
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
        f"{all_of(len(due), 'client update')} taken in by the day of taking effect"
    )


# --- 4.3 Measuring and monitoring of customer experience ------------------------------------


@rules.rule(
    id="P1-4.3-method",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.3",
    paraphrase="The centre has documented, approved methods for learning how customers "
    "experienced their contacts, kept under review.",
    evidence=_POLICY_EVIDENCE,
)
def measurement_method(ctx: Context) -> Outcome:
    """Require a current customer-experience measurement procedure of the centre."""
    return current_document(
        ctx,
        PolicyKind.CUSTOMER_EXPERIENCE_MEASUREMENT,
        party_id=centre_id(ctx),
        what="customer-experience measurement procedure",
    )


def recent_surveys(ctx: Context, client_id: str) -> list[CustomerSurvey]:
    """Return the client's surveys with responses whose period ended within the last year."""
    since = year_start(ctx)
    return [
        s
        for s in ctx.scope.customer_surveys
        if s.client_id == client_id and since <= s.period_end <= ctx.as_of and s.responses > 0
    ]


def _served_clients(ctx: Context) -> list[str]:
    return list(dict.fromkeys(a.client_id for a in ctx.agreements_in_force()))


@rules.rule(
    id="P1-4.3-survey",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.3",
    paraphrase="The centre measures how each client's customers experienced their contacts, "
    "at least once a year.",
    evidence=(
        "customer_surveys[].client_id",
        "customer_surveys[].period_end",
        "customer_surveys[].responses",
    ),
)
def customers_surveyed(ctx: Context) -> Outcome:
    """Require, per client served, a survey with responses ending in the last 366 days."""
    clients = _served_clients(ctx)
    if not clients:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    since = year_start(ctx)
    missing = [c for c in clients if not recent_surveys(ctx, c)]
    if missing:
        return Outcome.does_not_conform(
            f"no customer survey with responses covering {since} or later for "
            f"{', '.join(missing)}",
            tuple(ctx.evidence("client", ctx.scope.client(c), "id") for c in missing),
        )
    return Outcome.conforms(
        f"customers of {all_of(len(clients), 'client')} surveyed in a period ending on or "
        f"after {since}"
    )


@rules.rule(
    id="P1-4.3-actions",
    part=1,
    clause="4.3",
    paraphrase="Survey results are acted on: for each client, a survey of the last year "
    "records actions taken.",
    basis=Basis.RECOMMENDATION,
    evidence=("customer_surveys[].actions", "customer_surveys[].period_end"),
)
def survey_actions(ctx: Context) -> Outcome:
    """Require recorded actions on a recent survey of every client served."""
    clients = _served_clients(ctx)
    if not clients:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    surveyed = [c for c in clients if recent_surveys(ctx, c)]
    if not surveyed:
        return Outcome.insufficient_evidence("no customer survey of the last year to act on")
    idle = [c for c in surveyed if not any(s.actions for s in recent_surveys(ctx, c))]
    if idle:
        surveys = [s for c in idle for s in recent_surveys(ctx, c)]
        return Outcome.does_not_conform(
            f"no action recorded on the last year's surveys for {', '.join(idle)}",
            tuple(ctx.evidence("customer survey", s, "actions") for s in surveys),
        )
    return Outcome.conforms(
        f"actions are recorded on surveys of {all_of(len(surveyed), 'client')}"
    )
