"""Shared lookup: the centre's channels agreed with clients."""

from __future__ import annotations

from ..._model.channels import Channel
from ..context import Context


def agreed_channels(ctx: Context) -> list[Channel]:
    """Return the centre's channels named in an agreement in force, each once, in order."""
    centre = ctx.scope.centre
    if centre is None:
        return []
    ids = dict.fromkeys(c for a in ctx.agreements_in_force() for c in a.channel_ids)
    return [centre.channel(channel_id) for channel_id in ids]
