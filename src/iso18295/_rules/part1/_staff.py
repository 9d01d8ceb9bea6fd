"""Shared helpers of the people rules: who handles contacts, and the look-back windows."""

from __future__ import annotations

from datetime import date, timedelta

from ..._model.people import Agent, Competency, CompetencyArea
from ..context import Context

YEAR = timedelta(days=366)
"""How far back "within the last year" reaches: 366 days before the assessment date."""


def year_start(ctx: Context) -> date:
    """Return the first day that still counts as "within the last year" of `ctx.as_of`."""
    return ctx.as_of - YEAR


def current_handlers(ctx: Context) -> list[Agent]:
    """Return the staff employed on `as_of` who have handled customer contacts by then."""
    return [
        a
        for a in ctx.scope.agents
        if a.is_employed_on(ctx.as_of)
        and a.first_contact_on is not None
        and a.first_contact_on <= ctx.as_of
    ]


def required_of(
    ctx: Context, agent: Agent, area: CompetencyArea | None = None
) -> list[Competency]:
    """Return the competencies of the framework `agent` must hold (of `area`, if given).

    A competency is required of an agent when their function is among its
    `required_for`; a client-specific one only when the agent serves its client.
    """
    return [
        c
        for c in ctx.scope.competencies
        if (area is None or c.area is area)
        and agent.function in c.required_for
        and (c.client_id is None or c.client_id in agent.client_ids)
    ]
