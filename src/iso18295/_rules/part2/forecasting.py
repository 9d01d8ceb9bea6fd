"""Part 2, clause 6.7 (Forecasting and planning): forecasts the client gives the centre."""

from __future__ import annotations

from ..._model.channels import Channel, ChannelKind
from ..._model.common import Party
from ..._model.parties import Client
from ..._model.workforce import Forecast
from ..._text import count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..reads import reads
from ..registry import Registry
from ._client_records import ClientJudgement, agreements_of, judge_clients
from ._clients import NO_AGREEMENT

rules = Registry(part=Part.CLIENT, clause="6.7")

_FROM_CLIENT = (Party.CLIENT, Party.SHARED)

NONE_HANDED_OVER = "handed over none: see P2-6.7-forecast-per-channel"
"""Why the notice and channel rules leave a client that handed over no forecast unjudged.

A client owing forecasts and handing over none is one gap, reported once by
P2-6.7-forecast-per-channel; the other 6.7 rules judge the forecasts seen and
name the client as not judged.
"""


def none_handed_over(what: str) -> Outcome:
    """Return "insufficient evidence" when no client handed over a forecast to judge."""
    return Outcome.insufficient_evidence(f"no client handed over a forecast to judge: {what}")


def needs_forecast(channel: Channel) -> bool:
    """Tell whether the client owes the centre workload forecasts for `channel`.

    Live channels staffed per interval do (voice, chat, video, messaging);
    written channels worked from a queue over hours or days, and unstaffed
    self-service, do not.
    """
    return not channel.kind.is_written and channel.kind is not ChannelKind.SELF_SERVICE


@reads("forecasts[].client_id", "forecasts[].provided_by", "forecasts[].provided_on")
def client_forecasts(ctx: RuleContext, client: Client) -> list[Forecast]:
    """Return the forecasts `client` made or shared, handed over by the assessment date.

    Stops the check (see `RuleContext.need`) if the scope's forecasts were not supplied.
    """
    return [
        f
        for f in ctx.need(ctx.scope.forecasts, "forecasts")
        if f.client_id == client.id
        and f.provided_by in _FROM_CLIENT
        and f.provided_on <= ctx.as_of
    ]


@rules.rule(
    id="P2-6.7-forecast-per-channel",
    paraphrase="The client gives the centre workload forecasts for every live channel in its "
    "agreement (written channels and self-service excepted).",
    basis=Basis.RECOMMENDATION,
    evidence=("agreements[].channel_ids", "centre.channels[].kind", "forecasts[].channel_id"),
    uses=(agreements_of, client_forecasts),
)
def forecast_per_channel(ctx: RuleContext) -> Outcome:
    """Require a client-provided forecast for each live channel of each agreement in force."""
    centre = ctx.need(ctx.scope.centre, "centre")
    channels = {c.id: c for c in ctx.need(centre.channels, "centre.channels")}

    def judge(client: Client) -> ClientJudgement:
        agreements = agreements_of(ctx, client)
        if not agreements:
            return ClientJudgement(problems=(NO_AGREEMENT,))
        agreed = dict.fromkeys(
            ch
            for a in agreements
            for ch in ctx.need(a.channel_ids, f"agreements[{a.id}].channel_ids")
        )
        live = [ch for ch in agreed if ch in channels and needs_forecast(channels[ch])]
        if not live:
            return ClientJudgement(summary="has no live channel in its agreements, so owes none")
        forecasts = client_forecasts(ctx, client)
        covered = {f.channel_id for f in forecasts}
        missing = [ch for ch in live if ch not in covered]
        if missing:
            return ClientJudgement(
                problems=(f"no forecast from the client for {', '.join(missing)}",),
                evidence=tuple(ctx.evidence("agreement", a, "channel_ids") for a in agreements),
            )
        used = [f for f in forecasts if f.channel_id in live]
        return ClientJudgement(
            seen=len(used),
            summary=f"handed over {count(len(used), 'forecast')} covering {', '.join(live)}",
        )

    return judge_clients(
        ctx,
        judge,
        nothing_seen=lambda what: Outcome.not_applicable(
            f"no agreement in force includes a live channel: {what}"
        ),
    )


@rules.rule(
    id="P2-6.7-forecast-notice",
    paraphrase="The client hands each forecast to the centre ahead of the period it covers, "
    "by at least the notice the assessment policy sets.",
    basis=Basis.RECOMMENDATION,
    evidence=("forecasts[].starts_at",),
    parameters=("forecast_notice_days",),
    uses=(client_forecasts, judge_clients),
)
def forecast_notice(ctx: RuleContext) -> Outcome:
    """Require each forecast a client handed over to arrive in time before its first interval.

    A client that handed over none is named as not judged here: that gap is
    P2-6.7-forecast-per-channel's.
    """
    notice = ctx.policy.forecast_notice_days

    def judge(client: Client) -> ClientJudgement:
        forecasts = client_forecasts(ctx, client)
        if not forecasts:
            return ClientJudgement(not_judged=NONE_HANDED_OVER)
        late = [f for f in forecasts if (f.starts_at.date() - f.provided_on).days < notice]
        if late:
            return ClientJudgement(
                problems=tuple(
                    f"forecast {f.id} handed over {(f.starts_at.date() - f.provided_on).days} "
                    f"days ahead ({notice} needed)"
                    for f in late
                ),
                evidence=tuple(
                    ctx.evidence("forecast", f, "provided_on", "starts_at") for f in late
                ),
            )
        return ClientJudgement(
            seen=len(forecasts),
            summary=f"handed over {count(len(forecasts), 'forecast')}, each at least "
            f"{notice} days ahead",
        )

    return judge_clients(ctx, judge, nothing_seen=none_handed_over)
