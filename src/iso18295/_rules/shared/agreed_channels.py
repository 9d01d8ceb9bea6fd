"""The centre's channels agreed with clients, for the rules."""

from __future__ import annotations

from ..._model.channels import Channel, Direction
from ..context import RuleContext
from ..reads import reads


@reads("agreements[].channel_ids", "centre.channels", uses=(RuleContext.agreements_in_force,))
def agreed_channels(ctx: RuleContext) -> list[Channel]:
    """Return the centre's channels named in an agreement in force, each once, in order.

    Stops the check (see `RuleContext.need`) if the agreements or the centre's
    channels were not supplied; empty when no agreement is in force.
    """
    centre = ctx.scope.centre
    if centre is None:  # Part 1 rules run only with a centre
        return []
    channels = {c.id: c for c in ctx.need(centre.channels, "centre.channels")}
    ids = dict.fromkeys(c for a in ctx.agreements_in_force() for c in a.channel_ids)
    return [channels[channel_id] for channel_id in ids if channel_id in channels]


@reads("centre.channels[].directions", uses=(agreed_channels,))
def agreed_inbound_channels(ctx: RuleContext) -> list[Channel]:
    """Return the agreed channels (see `agreed_channels`) that customers contact inbound."""
    return [c for c in agreed_channels(ctx) if Direction.INBOUND in c.directions]
