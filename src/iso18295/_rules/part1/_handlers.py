"""Part 1 helper of the operations and infrastructure rules: who handles contacts on a day."""

from __future__ import annotations

from ..._model.people import Agent
from ..context import Context
from ..reads import reads


@reads("agents[].hired_on", "agents[].left_on", "agents[].first_contact_on")
def contact_handlers(ctx: Context) -> list[Agent]:
    """Return the staff employed on `ctx.as_of` who had handled customer contacts by then.

    Stops the check (see `Context.need`) if the scope's agents were not supplied.
    """
    return [
        a
        for a in ctx.need(ctx.scope.agents, "agents")
        if a.is_employed_on(ctx.as_of)
        and a.first_contact_on is not None
        and a.first_contact_on <= ctx.as_of
    ]
