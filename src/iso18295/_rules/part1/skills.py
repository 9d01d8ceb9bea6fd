"""Part 1, clause 6.4 (Skills development).

The clause's content is inferred from its title (induction before contact,
ongoing and gap-driven training), so its rules are our interpretation.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from ..._model.interaction_table import InteractionTable
from ..._model.people import Agent, TrainingKind, TrainingRecord
from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Measurement, Outcome
from ..reads import reads
from ..registry import Registry
from ..shared.look_back import window_start
from ..shared.staff import current_handlers, no_handler

rules = Registry(part=Part.CENTRE, clause="6.4")


@reads("agents[].left_on", "agents[].first_contact_on", parameters=("leaver_lookback_days",))
def _handlers(ctx: RuleContext) -> list[Agent]:
    """Agents who handled contacts by `as_of`, employed or gone within the look-back period."""
    since = window_start(ctx, ctx.policy.leaver_lookback_days)
    return [
        a
        for a in ctx.need(ctx.scope.agents, "agents")
        if a.first_contact_on is not None
        and a.first_contact_on <= ctx.as_of
        and (a.left_on is None or a.left_on >= since)
    ]


def _training(ctx: RuleContext, agent: Agent) -> tuple[TrainingRecord, ...]:
    return ctx.need(agent.training, f"agents[{agent.id}].training")


def _no_past_handler(ctx: RuleContext) -> str:
    agents = ctx.need(ctx.scope.agents, "agents")
    return f"none of the {count(len(agents), 'member')} of staff supplied has a first-contact date"


@reads("interactions.agent_id", "interactions.offered_at")
def _contacts_before(ctx: RuleContext, days: dict[str, date]) -> dict[str, int] | None:
    """Count, per agent id, the interaction records they handled before their day in `days`.

    One pass over the records for all the agents (not one per agent); ``None``
    if no records were supplied.  The counts only illustrate findings made
    from the agents' dates; without records the findings stand on those dates alone.
    """
    table = ctx.interactions
    if not isinstance(table, InteractionTable):  # not supplied, or a dask DataFrame
        return None
    labels = table.categories("agent_id")
    position = {label: i for i, label in enumerate(labels)}
    # Per agent code, the first moment not counted (the earliest time: nothing counted),
    # plus a last slot for code -1 (no agent).
    until = np.full(len(labels) + 1, np.iinfo(np.int64).min, dtype=np.int64)
    for agent_id, day in days.items():
        if agent_id in position:
            until[position[agent_id]] = _midnight(day).astype(np.int64)
    codes = table["agent_id"]
    before = table["offered_at"].view(np.int64) < until[codes]
    counts = np.bincount(codes[before], minlength=len(labels))
    return {a: int(counts[position[a]]) if a in position else 0 for a in days}


def _midnight(day: date) -> np.datetime64:
    return np.datetime64(day.isoformat(), "ns")


@rules.rule(
    id="P1-6.4-induction",
    basis=Basis.INTERPRETATION,
    paraphrase="Agents complete induction training before they handle customer contacts.",
    evidence=("agents[].training[].kind", "agents[].training[].completed_on"),
    uses=(_handlers, _contacts_before),
)
def induction_before_contact(ctx: RuleContext) -> Outcome:
    """Require induction completed before (or on the day of) the first contact."""
    handlers = _handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(_no_past_handler(ctx))
    early: list[Agent] = []
    inducted_late: dict[str, tuple[date, date]] = {}  # agent id: first contact, induction
    for agent in handlers:
        _training(ctx, agent)
        done = agent.induction_completed_on()
        first = agent.first_contact_on or ctx.as_of  # set for every handler
        if done is None or done > ctx.as_of:
            early.append(agent)
        elif first < done:
            early.append(agent)
            inducted_late[agent.id] = (first, done)
    counts = _contacts_before(ctx, {a: done for a, (_, done) in inducted_late.items()}) or {}
    notes = []
    for agent in early:
        if agent.id not in inducted_late:
            notes.append(f"{agent.id} (no completed induction)")
            continue
        first, done = inducted_late[agent.id]
        counted = counts.get(agent.id)
        records = f", {counted} contacts in the records" if counted else ""
        notes.append(f"{agent.id} (first contact {first}, induction completed {done}{records})")
    measure = Measurement.all_records(
        "agents inducted before their first contact", len(handlers) - len(early), len(handlers)
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
        seen=len(handlers),
    )


@rules.rule(
    id="P1-6.4-client-training",
    basis=Basis.INTERPRETATION,
    paraphrase="Agents complete training on a client's products and processes before they "
    "handle that client's contacts.",
    evidence=(
        "agents[].client_ids",
        "agents[].training[].kind",
        "agents[].training[].client_id",
        "agents[].training[].completed_on",
    ),
    uses=(_handlers,),
)
def client_training_before_contact(ctx: RuleContext) -> Outcome:
    """Require client-specific training for every client an agent serves, before contact."""
    past = _handlers(ctx)
    if not past:
        return Outcome.insufficient_evidence(_no_past_handler(ctx))
    handlers = [a for a in past if a.client_ids]
    if not handlers:
        return Outcome.insufficient_evidence(
            f"none of the {count(len(past), 'agent')} who handled contacts has a client on record"
        )
    missing = []
    pairs = 0
    for agent in handlers:
        training = _training(ctx, agent)
        for client_id in agent.client_ids:
            pairs += 1
            done = [
                t.completed_on
                for t in training
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
        f"contacts ({count(pairs, 'agent/client pair')})",
        seen=len(handlers),
    )


@rules.rule(
    id="P1-6.4-ongoing",
    basis=Basis.INTERPRETATION,
    paraphrase="Agents keep developing: each agent handling contacts has completed some "
    "training (refresher, client-specific, gap-closing or induction) within the period set "
    "by the assessment policy.",
    evidence=("agents[].training[].completed_on",),
    parameters=("training_refresh_days",),
    uses=(current_handlers,),
)
def ongoing_training(ctx: RuleContext) -> Outcome:
    """Require a course completed within the policy window by every current contact handler."""
    handlers = current_handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(no_handler(ctx))
    since = ctx.as_of - timedelta(days=ctx.policy.training_refresh_days)
    stale = [
        a
        for a in handlers
        if not any(
            t.completed_on is not None and since <= t.completed_on <= ctx.as_of
            for t in _training(ctx, a)
        )
    ]
    measure = Measurement.all_records(
        "agents trained within the refresh period", len(handlers) - len(stale), len(handlers)
    )
    if stale:
        return Outcome.does_not_conform(
            f"{count(len(stale), 'agent')} without training since {since}: "
            f"{', '.join(a.id for a in stale)}",
            tuple(ctx.evidence("agent", a, "training") for a in stale),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(handlers), 'agent')} handling contacts completed training since {since}",
        (),
        (measure,),
        seen=len(handlers),
    )
