"""Cross-party checks: the client's side of the agreement against the centre's records.

Each check reads records of both parties (the agreement, the centre's
channels, campaigns, forecasts, information updates) and sits under the Part 2
clause whose subject it is: 6.3 (channels), 6.4 (division of responsibilities,
Annex B of Part 1), 6.5 (escalation contacts given), 6.7 (forecasts) and 6.8
(targets the centre reports against).
"""

from __future__ import annotations

from datetime import date

from ..._model.agreements import ClientAgreement
from ..._model.channels import Campaign
from ..._model.common import Party
from ..._model.information import InformationTopic
from ..._model.parties import Client
from ..._model.workforce import Forecast
from ..context import Condition, Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis
from ._clients import Problems, each_agreement, each_client

rules = Registry()

HAS_CAMPAIGNS = Condition(
    "the scope runs campaigns",
    "no campaign in scope",
    lambda ctx: any(c.starts_on <= ctx.as_of for c in ctx.scope.campaigns),
)
"""Campaign checks apply once a campaign has started."""


def _covering(ctx: Context, client_id: str, channel_id: str, first: date, last: date) -> bool:
    """Tell whether an agreement of the client covering `channel_id` overlaps first..last."""
    return any(
        channel_id in a.channel_ids
        and a.starts_on <= last
        and (a.ends_on is None or a.ends_on >= first)
        for a in ctx.scope.agreements_for(client_id)
    )


@rules.rule(
    id="P2-6.3-campaign-channels",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.3",
    paraphrase="Campaigns run for the client use channels agreed with the centre, in a "
    "direction (inbound, outbound) the centre offers on that channel.",
    evidence=(
        "campaigns[].channel_id",
        "campaigns[].direction",
        "campaigns[].starts_on",
        "campaigns[].ends_on",
        "agreements[].channel_ids",
        "centre.channels[].directions",
    ),
    applies_if=(HAS_CAMPAIGNS,),
)
def campaign_channels(ctx: Context) -> Outcome:
    """Require each started campaign's channel to be agreed and to offer its direction."""
    centre = ctx.scope.centre
    channels = {c.id: c for c in centre.channels} if centre is not None else {}

    def stray(client: Client) -> list[tuple[Campaign, str]]:
        found = []
        for c in ctx.scope.campaigns:
            if c.client_id != client.id or c.starts_on > ctx.as_of:
                continue
            last = min(c.ends_on or ctx.as_of, ctx.as_of)
            if not _covering(ctx, client.id, c.channel_id, c.starts_on, last):
                found.append((c, f"campaign {c.id} runs on {c.channel_id}, not in its agreement"))
            channel = channels.get(c.channel_id)
            if channel is not None and c.direction not in channel.directions:
                way = c.direction.value
                why = f"campaign {c.id} is {way} on {c.channel_id}, not offered {way} there"
                found.append((c, why))
        return found

    return each_client(
        ctx,
        lambda client: [why for _, why in stray(client)],
        conforms="campaigns only on agreed channels, in directions the centre offers",
        evidence=lambda client: tuple(
            dict.fromkeys(
                ctx.evidence("campaign", c, "channel_id", "direction") for c, _ in stray(client)
            )
        ),
    )


@rules.rule(
    id="P2-6.4-both-parties",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.4",
    paraphrase="The division of responsibilities in each agreement gives duties to both "
    "sides: at least one topic owned by the client and one owned by the centre.",
    evidence=("agreements[].responsibilities[].owner",),
)
def both_parties_assigned(ctx: Context) -> Outcome:
    """Require client-owned and centre-owned topics in each agreement in force."""

    def test(agreement: ClientAgreement) -> Problems:
        owners = {r.owner for r in agreement.responsibilities}
        missing = [p.value for p in (Party.CLIENT, Party.CENTRE) if p not in owners]
        return [f"assigns nothing to the {' or the '.join(missing)}"] if missing else []

    return each_agreement(
        ctx,
        test,
        conforms="responsibilities assigned to both client and centre",
        fields=("responsibilities",),
    )


@rules.rule(
    id="P2-6.5-escalation-contacts",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.5",
    paraphrase="The client has given the centre whom to escalate to: its agreement names an "
    "escalation procedure, or the client sent escalation contacts.",
    evidence=(
        "agreements[].escalation_procedure",
        "information_updates[].topic",
        "information_updates[].sent_on",
    ),
)
def escalation_contacts(ctx: Context) -> Outcome:
    """Require an escalation procedure or an escalation-contacts update per agreement."""

    def sent_contacts(client_id: str) -> bool:
        return any(
            u.client_id == client_id
            and u.topic is InformationTopic.ESCALATION_CONTACTS
            and u.sent_on <= ctx.as_of
            for u in ctx.scope.information_updates
        )

    def test(agreement: ClientAgreement) -> Problems:
        if agreement.escalation_procedure or sent_contacts(agreement.client_id):
            return []
        return ["names no escalation procedure and no escalation contacts were sent"]

    return each_agreement(
        ctx,
        test,
        conforms="given the centre an escalation procedure or contacts",
        fields=("escalation_procedure",),
    )


@rules.rule(
    id="P2-6.7-forecast-channels",
    part=2,
    clause="6.7",
    paraphrase="Each forecast is for a channel agreed with the centre for that client, under "
    "an agreement in force when the forecast period begins.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "forecasts[].client_id",
        "forecasts[].channel_id",
        "forecasts[].starts_at",
        "agreements[].channel_ids",
        "agreements[].starts_on",
        "agreements[].ends_on",
    ),
)
def forecast_channels(ctx: Context) -> Outcome:
    """Require every forecast's channel to be in the client's agreement on its first day."""

    def stray(client: Client) -> list[Forecast]:
        return [
            f
            for f in ctx.scope.forecasts
            if f.client_id == client.id
            and not _covering(ctx, client.id, f.channel_id, f.starts_at.date(), f.starts_at.date())
        ]

    def test(client: Client) -> Problems:
        return [
            f"forecast {f.id} is for {f.channel_id} from {f.starts_at.date()}, outside its "
            "agreements"
            for f in stray(client)
        ]

    return each_client(
        ctx,
        test,
        conforms="forecasts only for channels agreed at the time",
        evidence=lambda c: tuple(
            ctx.evidence("forecast", f, "channel_id", "starts_at") for f in stray(c)
        ),
    )


@rules.rule(
    id="P2-6.8-targets-on-agreed-channels",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.8",
    paraphrase="The targets the client set are ones the centre reports against: each "
    "channel-specific target is for a channel of the same agreement that the centre offers.",
    evidence=(
        "agreements[].kpi_targets[].channel_id",
        "agreements[].channel_ids",
        "centre.channels[].id",
    ),
)
def targets_on_agreed_channels(ctx: Context) -> Outcome:
    """Require each target's channel to be one of its agreement's, offered by the centre."""
    centre = ctx.scope.centre
    offered = {c.id for c in centre.channels} if centre is not None else set()

    def test(agreement: ClientAgreement) -> Problems:
        for t in agreement.kpi_targets:
            if t.channel_id is None:
                continue
            if t.channel_id not in agreement.channel_ids:
                yield f"target {t.id} is for {t.channel_id}, not a channel of the agreement"
            elif t.channel_id not in offered:
                yield f"target {t.id} is for {t.channel_id}, which the centre does not offer"

    return each_agreement(
        ctx,
        test,
        conforms="targets only on channels of their agreements",
        fields=("kpi_targets", "channel_ids"),
    )
