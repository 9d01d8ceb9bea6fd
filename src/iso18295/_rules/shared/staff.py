"""Staff, for the rules: who handles contacts, and the competencies required of them."""

from __future__ import annotations

from ..._model.people import Agent, Competency, CompetencyArea, StaffFunction
from ..context import RuleContext
from ..reads import reads


@reads("agents[].hired_on", "agents[].left_on", "agents[].first_contact_on")
def current_handlers(ctx: RuleContext) -> list[Agent]:
    """Return the staff employed on `as_of` who have handled customer contacts by then.

    Stops the check (see `RuleContext.need`) if the scope's agents were not supplied.
    """
    return [
        a
        for a in ctx.need(ctx.scope.agents, "agents")
        if a.is_employed_on(ctx.as_of)
        and a.first_contact_on is not None
        and a.first_contact_on <= ctx.as_of
    ]


def no_handler(ctx: RuleContext) -> str:
    """Describe, for a reason, that the agents supplied include no current contact handler."""
    agents = ctx.need(ctx.scope.agents, "agents")
    return (
        f"none of the {len(agents)} staff supplied is employed on {ctx.as_of} and has "
        "handled customer contacts (first_contact_on)"
    )


@reads(
    "competencies[].required_for",
    "competencies[].client_id",
    "agents[].function",
    "agents[].client_ids",
)
def required_of(ctx: RuleContext, agent: Agent) -> list[Competency]:
    """Return the competencies of the framework `agent` must hold.

    A competency is required of an agent when their function is among its
    `required_for`; a client-specific one only when the agent serves its client.
    Stops the check if the competency framework was not supplied.
    """
    competencies = ctx.need(ctx.scope.competencies, "competencies")
    index = ctx._memoised("required_of", lambda: _framework_index(competencies))
    positions = [*index.get((agent.function, None), ())]
    for client_id in dict.fromkeys(agent.client_ids):
        positions.extend(index.get((agent.function, client_id), ()))
    return [competencies[i] for i in sorted(positions)]


def _framework_index(
    competencies: tuple[Competency, ...],
) -> dict[tuple[StaffFunction, str | None], list[int]]:
    """Index the competencies' positions by (function required of, client or None)."""
    index: dict[tuple[StaffFunction, str | None], list[int]] = {}
    for i, c in enumerate(competencies):
        for function in dict.fromkeys(c.required_for):
            index.setdefault((function, c.client_id), []).append(i)
    return index


@reads("competencies[].area", uses=(required_of,))
def required_in(ctx: RuleContext, agent: Agent, area: CompetencyArea) -> list[Competency]:
    """Return the competencies of `area` that the framework requires of `agent`."""
    return [c for c in required_of(ctx, agent) if c.area is area]
