"""Part 2, clause 6.7 (Forecasting and planning): forecasts the client gives the centre."""

from __future__ import annotations

from typing import Final

from ..._model.channels import Channel, ChannelKind
from ..._model.common import Party
from ..._model.parties import Client
from ..._model.workforce import Forecast
from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis
from ._clients import NO_AGREEMENT, Problems, client_agreements, each_client

rules = Registry()

FORECAST_NOTICE_DAYS: Final = 7
"""Days before its first interval a client's forecast reaches the centre.

A week lets the centre's planners build and publish schedules for the period
forecast (rosters are commonly published a week ahead).
"""

_FROM_CLIENT = (Party.CLIENT, Party.SHARED)


def needs_forecast(channel: Channel) -> bool:
    """Tell whether the client owes the centre workload forecasts for `channel`.

    Live channels staffed per interval do (voice, chat, video, messaging);
    written channels worked from a queue over hours or days, and unstaffed
    self-service, do not.
    """
    return not channel.kind.is_written and channel.kind is not ChannelKind.SELF_SERVICE


def client_forecasts(ctx: Context, client: Client) -> list[Forecast]:
    """Return the forecasts `client` made or shared, handed over by the assessment date."""
    return [
        f
        for f in ctx.scope.forecasts
        if f.client_id == client.id
        and f.provided_by in _FROM_CLIENT
        and f.provided_on <= ctx.as_of
    ]


@rules.rule(
    id="P2-6.7-forecast-per-channel",
    part=2,
    clause="6.7",
    paraphrase="The client gives the centre workload forecasts for every live channel in its "
    "agreement (written channels and self-service excepted).",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "agreements[].channel_ids",
        "centre.channels[].kind",
        "forecasts[].client_id",
        "forecasts[].channel_id",
        "forecasts[].provided_by",
        "forecasts[].provided_on",
    ),
)
def forecast_per_channel(ctx: Context) -> Outcome:
    """Require a client-provided forecast for each live channel of each agreement in force."""
    centre = ctx.scope.centre
    channels = {c.id: c for c in centre.channels} if centre is not None else {}

    def test(client: Client) -> Problems:
        agreements = client_agreements(ctx, client)
        if not agreements:
            return [NO_AGREEMENT]
        live = [
            ch
            for ch in dict.fromkeys(ch for a in agreements for ch in a.channel_ids)
            if ch in channels and needs_forecast(channels[ch])
        ]
        covered = {f.channel_id for f in client_forecasts(ctx, client)}
        missing = [ch for ch in live if ch not in covered]
        return [f"no forecast from the client for {', '.join(missing)}"] if missing else []

    return each_client(
        ctx,
        test,
        conforms="given forecasts for every live channel in their agreements",
        evidence=lambda c: tuple(
            ctx.evidence("agreement", a, "channel_ids") for a in client_agreements(ctx, c)
        ),
    )


@rules.rule(
    id="P2-6.7-forecast-notice",
    part=2,
    clause="6.7",
    paraphrase=f"The client hands each forecast to the centre at least "
    f"{FORECAST_NOTICE_DAYS} days before the period it covers begins.",
    basis=Basis.RECOMMENDATION,
    evidence=("forecasts[].provided_by", "forecasts[].provided_on", "forecasts[].starts_at"),
)
def forecast_notice(ctx: Context) -> Outcome:
    """Require every client forecast to arrive a week before its first interval."""
    if not any(client_forecasts(ctx, c) for c in ctx.scope.clients):
        return Outcome.conforms("no forecast in scope was handed over by a client, so none late")

    def late(client: Client) -> list[Forecast]:
        return [
            f
            for f in client_forecasts(ctx, client)
            if (f.starts_at.date() - f.provided_on).days < FORECAST_NOTICE_DAYS
        ]

    def test(client: Client) -> Problems:
        for f in late(client):
            days = (f.starts_at.date() - f.provided_on).days
            yield f"forecast {f.id} handed over {days} days ahead ({FORECAST_NOTICE_DAYS} needed)"

    return each_client(
        ctx,
        test,
        conforms=f"handed over forecasts at least {FORECAST_NOTICE_DAYS} days ahead",
        evidence=lambda c: tuple(
            ctx.evidence("forecast", f, "provided_on", "starts_at") for f in late(c)
        ),
    )
