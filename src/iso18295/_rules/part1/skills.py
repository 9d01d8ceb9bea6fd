"""Part 1, clause 6.4 (Skills development)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from ..._model.people import Agent, TrainingKind
from ..._text import all_of, count
from ..context import Context
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..rule import Basis

rules = Registry()

_YEAR = timedelta(days=366)


def _handlers(ctx: Context) -> list[Agent]:
    """Agents who have handled customer contacts by the assessment date."""
    return [
        a
        for a in ctx.scope.agents
        if a.first_contact_on is not None
        and a.first_contact_on <= ctx.as_of
        and (a.left_on is None or a.left_on >= ctx.as_of - _YEAR)
    ]


def _contacts_before(ctx: Context, agent_id: str, day: date) -> int | None:
    """Count interaction records the agent handled before `day`, if records were supplied."""
    table = ctx.interactions
    if table is None or agent_id not in table.categories("agent_id"):
        return None
    code = table.categories("agent_id").index(agent_id)
    before = table["offered_at"] < _midnight(day)
    return int(((table["agent_id"] == code) & before).sum())


def _midnight(day: date) -> np.datetime64:
    return np.datetime64(day.isoformat(), "ns")


@rules.rule(
    id="P1-6.4-induction",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="6.4",
    paraphrase="Agents complete induction training before they handle customer contacts.",
    evidence=(
        "agents[].first_contact_on",
        "agents[].training[].kind",
        "agents[].training[].completed_on",
        "interactions.agent_id",
        "interactions.offered_at",
    ),
)
def induction_before_contact(ctx: Context) -> Outcome:
    """Require induction completed before (or on the day before) the first contact."""
    handlers = _handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence("no agent has a first-contact date on record")
    early = []
    notes = []
    for agent in handlers:
        done = agent.induction_completed_on()
        first = agent.first_contact_on or ctx.as_of  # set for every handler
        if done is None or done > ctx.as_of:
            early.append(agent)
            notes.append(f"{agent.id} (no completed induction)")
        elif first < done:
            early.append(agent)
            counted = _contacts_before(ctx, agent.id, done)
            records = f", {counted} contacts in the records" if counted else ""
            notes.append(
                f"{agent.id} (first contact {first}, induction completed {done}{records})"
            )
    measure = Measurement(
        name="agents inducted before their first contact",
        observed=(len(handlers) - len(early)) / len(handlers),
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=len(handlers) - len(early),
        denominator=len(handlers),
    )
    fields = ("first_contact_on", "training")
    if early:
        return Outcome.does_not_conform(
            f"{count(len(early), 'agent')} handled contacts before completing induction: "
            f"{'; '.join(notes)}",
            tuple(ctx.evidence("agent", a, *fields) for a in early),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(handlers), 'agent')} completed induction before their first contact",
        (),
        (measure,),
    )


@rules.rule(
    id="P1-6.4-client-training",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="6.4",
    paraphrase="Agents complete training on a client's products and processes before they "
    "handle that client's contacts.",
    evidence=(
        "agents[].client_ids",
        "agents[].first_contact_on",
        "agents[].training[].kind",
        "agents[].training[].client_id",
        "agents[].training[].completed_on",
    ),
)
def client_training_before_contact(ctx: Context) -> Outcome:
    """Require client-specific training for every client an agent serves, before contact."""
    handlers = [a for a in _handlers(ctx) if a.client_ids]
    if not handlers:
        return Outcome.insufficient_evidence("no agent serving a client has a first-contact date")
    missing = []
    for agent in handlers:
        for client_id in agent.client_ids:
            done = [
                t.completed_on
                for t in agent.training
                if t.kind is TrainingKind.CLIENT_SPECIFIC
                and t.client_id == client_id
                and t.completed_on is not None
            ]
            first = agent.first_contact_on
            if not done or (first is not None and min(done) > first):
                missing.append((agent, client_id))
    if missing:
        notes = "; ".join(f"{a.id} for {c}" for a, c in missing)
        return Outcome.does_not_conform(
            f"{count(len(missing), 'agent/client pair')} without client training before first "
            f"contact: {notes}",
            tuple(ctx.evidence("agent", a, "client_ids", "training") for a, _ in missing),
        )
    return Outcome.conforms(
        f"{all_of(len(handlers), 'agent')} had client training before handling that client's "
        "contacts"
    )


@rules.rule(
    id="P1-6.4-ongoing",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="6.4",
    paraphrase="Agents keep developing: each agent handling contacts has completed some "
    "training (refresher, client-specific, gap-closing or induction) within the last year.",
    evidence=("agents[].training[].completed_on", "agents[].first_contact_on"),
)
def ongoing_training(ctx: Context) -> Outcome:
    """Require a completed course within 12 months before `as_of` for every contact handler."""
    handlers = [a for a in _handlers(ctx) if a.left_on is None or a.left_on >= ctx.as_of]
    if not handlers:
        return Outcome.insufficient_evidence("no agent currently handles contacts")
    since = ctx.as_of - _YEAR
    stale = [
        a
        for a in handlers
        if not any(
            t.completed_on is not None and since <= t.completed_on <= ctx.as_of for t in a.training
        )
    ]
    measure = Measurement(
        name="agents trained within the last 12 months",
        observed=(len(handlers) - len(stale)) / len(handlers),
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=len(handlers) - len(stale),
        denominator=len(handlers),
    )
    if stale:
        return Outcome.does_not_conform(
            f"{count(len(stale), 'agent')} without training since {since}: "
            f"{', '.join(a.id for a in stale)}",
            tuple(ctx.evidence("agent", a, "training") for a in stale),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(handlers), 'agent')} completed training since {since}", (), (measure,)
    )
