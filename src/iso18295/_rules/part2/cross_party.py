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
from ..._model.channels import Channel
from ..._model.common import Party
from ..._model.information import InformationTopic
from ..._model.parties import Client
from ..._text import count
from ..basis import Basis
from ..clauses import Part
from ..context import Condition, RuleContext
from ..outcome import Outcome
from ..reads import reads
from ..registry import Registry
from ._client_records import ClientJudgement, agreements_of, ids, judge_clients
from ._clients import NO_AGREEMENT, Problems, each_agreement
from .forecasting import NONE_HANDED_OVER, client_forecasts, none_handed_over

rules = Registry(part=Part.CLIENT)

HAS_CAMPAIGNS = Condition(
    "the scope runs campaigns",
    "no campaign in scope",
    lambda ctx: any(c.starts_on <= ctx.as_of for c in ctx.need(ctx.scope.campaigns, "campaigns")),
    ("campaigns[].starts_on",),
)
"""Campaign checks apply once a campaign has started (campaigns must be supplied)."""


@reads(
    "agreements[].client_id",
    "agreements[].channel_ids",
    "agreements[].starts_on",
    "agreements[].ends_on",
)
def covering(ctx: RuleContext, client_id: str, channel_id: str, first: date, last: date) -> bool:
    """Tell whether an agreement of the client covering `channel_id` overlaps first..last."""
    return any(
        a.client_id == client_id
        and channel_id in ctx.need(a.channel_ids, f"agreements[{a.id}].channel_ids")
        and a.starts_on <= last
        and (a.ends_on is None or a.ends_on >= first)
        for a in ctx.need(ctx.scope.agreements, "agreements")
    )


@reads("centre.channels")
def centre_channels(ctx: RuleContext) -> dict[str, Channel]:
    """Return the centre's channels by id; stops the check if there is no centre or channels."""
    centre = ctx.need(ctx.scope.centre, "centre")
    return {c.id: c for c in ctx.need(centre.channels, "centre.channels")}


@rules.rule(
    id="P2-6.3-campaign-channels",
    basis=Basis.REQUIREMENT,
    clause="6.3",
    paraphrase="Campaigns run for the client use channels agreed with the centre, in a "
    "direction (inbound, outbound) the centre offers on that channel.",
    evidence=(
        "campaigns[].client_id",
        "campaigns[].channel_id",
        "campaigns[].direction",
        "campaigns[].ends_on",
        "centre.channels[].directions",
    ),
    uses=(covering, centre_channels, judge_clients),
    applies_if=(HAS_CAMPAIGNS,),
)
def campaign_channels(ctx: RuleContext) -> Outcome:
    """Require each started campaign's channel to be agreed and to offer its direction."""
    campaigns = ctx.need(ctx.scope.campaigns, "campaigns")
    channels = centre_channels(ctx)

    def judge(client: Client) -> ClientJudgement:
        started = [c for c in campaigns if c.client_id == client.id and c.starts_on <= ctx.as_of]
        if not started:
            return ClientJudgement(summary="runs no campaign")
        problems, stray = [], []
        for c in started:
            last = min(c.ends_on or ctx.as_of, ctx.as_of)
            if not covering(ctx, client.id, c.channel_id, c.starts_on, last):
                problems.append(f"campaign {c.id} runs on {c.channel_id}, not in its agreement")
                stray.append(c)
            channel = channels.get(c.channel_id)
            if channel is not None and c.direction not in channel.directions:
                way = c.direction.value
                problems.append(
                    f"campaign {c.id} is {way} on {c.channel_id}, not offered {way} there"
                )
                stray.append(c)
        if problems:
            return ClientJudgement(
                problems=tuple(problems),
                evidence=tuple(
                    ctx.evidence("campaign", c, "channel_id", "direction")
                    for c in dict.fromkeys(stray)
                ),
            )
        return ClientJudgement(
            seen=len(started),
            summary=f"runs {count(len(started), 'campaign')} ({ids(started)}) on agreed "
            "channels, in directions the centre offers",
        )

    return judge_clients(ctx, judge, nothing_seen=Outcome.not_applicable)


@rules.rule(
    id="P2-6.4-both-parties",
    basis=Basis.REQUIREMENT,
    clause="6.4",
    paraphrase="The division of responsibilities in each agreement gives duties to both "
    "sides: at least one topic owned by the client and one owned by the centre.",
    evidence=("agreements[].responsibilities[].owner",),
    uses=(agreements_of,),
)
def both_parties_assigned(ctx: RuleContext) -> Outcome:
    """Require client-owned and centre-owned topics in each agreement in force."""

    def test(agreement: ClientAgreement) -> Problems:
        rows = ctx.need(agreement.responsibilities, f"agreements[{agreement.id}].responsibilities")
        owners = {r.owner for r in rows}
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
    clause="6.5",
    paraphrase="The client has given the centre whom to escalate to: its agreement names an "
    "escalation procedure, or the client sent escalation contacts.",
    evidence=(
        "agreements[].escalation_procedure",
        "information_updates[].client_id",
        "information_updates[].topic",
        "information_updates[].sent_on",
    ),
    uses=(agreements_of,),
)
def escalation_contacts(ctx: RuleContext) -> Outcome:
    """Require an escalation procedure or an escalation-contacts update per agreement."""

    def sent_contacts(client_id: str) -> bool:
        return any(
            u.client_id == client_id
            and u.topic is InformationTopic.ESCALATION_CONTACTS
            and u.sent_on <= ctx.as_of
            for u in ctx.need(ctx.scope.information_updates, "information_updates")
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
    clause="6.7",
    paraphrase="Each forecast the client hands over is for a channel agreed with the centre "
    "for that client, under an agreement in force when the forecast period begins.",
    basis=Basis.RECOMMENDATION,
    evidence=("forecasts[].channel_id", "forecasts[].starts_at"),
    uses=(client_forecasts, covering, judge_clients),
)
def forecast_channels(ctx: RuleContext) -> Outcome:
    """Require every client forecast's channel to be in the client's agreement on its first day.

    A client that handed over none is named as not judged here: that gap is
    P2-6.7-forecast-per-channel's.
    """

    def judge(client: Client) -> ClientJudgement:
        forecasts = client_forecasts(ctx, client)
        if not forecasts:
            return ClientJudgement(not_judged=NONE_HANDED_OVER)
        stray = [
            f
            for f in forecasts
            if not covering(ctx, client.id, f.channel_id, f.starts_at.date(), f.starts_at.date())
        ]
        if stray:
            return ClientJudgement(
                problems=tuple(
                    f"forecast {f.id} is for {f.channel_id} from {f.starts_at.date()}, outside "
                    "its agreements"
                    for f in stray
                ),
                evidence=tuple(
                    ctx.evidence("forecast", f, "channel_id", "starts_at") for f in stray
                ),
            )
        return ClientJudgement(
            seen=len(forecasts),
            summary=f"handed over {count(len(forecasts), 'forecast')}, each for a channel "
            "agreed when its period began",
        )

    return judge_clients(ctx, judge, nothing_seen=none_handed_over)


@rules.rule(
    id="P2-6.8-targets-on-agreed-channels",
    basis=Basis.REQUIREMENT,
    clause="6.8",
    paraphrase="The targets the client set are ones the centre reports against: each "
    "channel-specific target is for a channel of the same agreement that the centre offers.",
    evidence=("agreements[].kpi_targets[].channel_id", "agreements[].channel_ids"),
    uses=(agreements_of, centre_channels, judge_clients),
)
def targets_on_agreed_channels(ctx: RuleContext) -> Outcome:
    """Require each channel target to be for a channel of its agreement, offered by the centre."""

    def judge(client: Client) -> ClientJudgement:
        agreements = agreements_of(ctx, client)
        if not agreements:
            return ClientJudgement(problems=(NO_AGREEMENT,))
        problems, bad, seen = [], [], 0
        for a in agreements:
            targets = ctx.need(a.kpi_targets, f"agreements[{a.id}].kpi_targets")
            for t in targets:
                if t.channel_id is None:
                    continue
                seen += 1
                agreed = ctx.need(a.channel_ids, f"agreements[{a.id}].channel_ids")
                if t.channel_id not in agreed:
                    problems.append(
                        f"{a.id} target {t.id} is for {t.channel_id}, not a channel of the "
                        "agreement"
                    )
                    bad.append(a)
                elif t.channel_id not in centre_channels(ctx):
                    problems.append(
                        f"{a.id} target {t.id} is for {t.channel_id}, which the centre does not "
                        "offer"
                    )
                    bad.append(a)
        if problems:
            return ClientJudgement(
                problems=tuple(problems),
                evidence=tuple(
                    ctx.evidence("agreement", a, "kpi_targets", "channel_ids")
                    for a in dict.fromkeys(bad)
                ),
            )
        if not seen:
            return ClientJudgement(summary="sets no channel-specific target")
        return ClientJudgement(
            seen=seen,
            summary=f"sets {count(seen, 'channel-specific target')}, each on a channel of its "
            "agreement that the centre offers",
        )

    return judge_clients(ctx, judge, nothing_seen=Outcome.not_applicable)
