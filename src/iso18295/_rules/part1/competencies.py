"""Part 1, clause 6.3 (Agent competencies), sub-clauses 6.3.1 to 6.3.4.

6.3.1 General; 6.3.2 Communication and customer service competencies; 6.3.3 Technical
competencies; 6.3.4 Client-specific competencies.

One gap counts once: the yearly review belongs to 6.3.1 (``P1-6.3.1-yearly-review``);
the rules of 6.3.2 to 6.3.4 check only what is specific to their area (the framework
defines competencies of it, and the agents handling contacts have been shown to hold
them), whatever the age of that showing.
"""

from __future__ import annotations

from datetime import timedelta

from ..._model.people import (
    Agent,
    CompetencyArea,
    CompetencyAssessment,
    CompetencyOutcome,
    TrainingKind,
)
from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Measurement, Outcome
from ..reads import reads
from ..registry import Registry
from ..shared.look_back import window_start
from ..shared.staff import current_handlers, no_handler, required_in, required_of

rules = Registry(part=Part.CENTRE)


@reads("agents[].assessments[].competency_id", "agents[].assessments[].assessed_on")
def _assessments(ctx: RuleContext, agent: Agent) -> tuple[CompetencyAssessment, ...]:
    """Return `agent`'s assessments made by `as_of`; stop if they were not supplied."""
    return tuple(
        s
        for s in ctx.need(agent.assessments, f"agents[{agent.id}].assessments")
        if s.assessed_on <= ctx.as_of
    )


# --- 6.3.1 General ------------------------------------------------------------------------


@rules.rule(
    id="P1-6.3.1-yearly-review",
    basis=Basis.REQUIREMENT,
    clause="6.3.1",
    paraphrase="Each agent's competencies are reviewed at least once a year: every competency "
    "the framework requires of an agent handling contacts has been assessed within the "
    "review period set by the assessment policy.",
    parameters=("competency_review_days",),
    uses=(current_handlers, required_of, _assessments),
)
def yearly_review(ctx: RuleContext) -> Outcome:
    """Require a recent assessment of every required competency of every contact handler."""
    handlers = current_handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(no_handler(ctx))
    since = window_start(ctx, ctx.policy.competency_review_days)
    stale: list[tuple[Agent, list[str]]] = []
    undefined: list[Agent] = []
    for agent in handlers:
        required = required_of(ctx, agent)
        if not required:
            undefined.append(agent)
            continue
        recent = {s.competency_id for s in _assessments(ctx, agent) if s.assessed_on >= since}
        missing = [c.id for c in required if c.id not in recent]
        if missing:
            stale.append((agent, missing))
    judged = len(handlers) - len(undefined)
    if stale:
        return Outcome.does_not_conform(
            f"{count(len(stale), 'agent')} not reviewed since {since} on required "
            "competencies: " + "; ".join(f"{a.id} ({', '.join(m)})" for a, m in stale),
            tuple(ctx.evidence("agent", a, "assessments") for a, _ in stale),
            (
                Measurement.all_records(
                    "agents reviewed on every required competency", judged - len(stale), judged
                ),
            ),
        )
    if undefined:
        return Outcome.insufficient_evidence(
            "the competency framework requires no competency of "
            + ", ".join(f"{a.id} ({a.function.value})" for a in undefined)
            + ": nothing to review them on"
        )
    return Outcome.conforms(
        f"{all_of(len(handlers), 'agent')} handling contacts reviewed since {since} on every "
        "competency the framework requires of them",
        (),
        (Measurement.all_records("agents reviewed on every required competency", judged, judged),),
        seen=len(handlers),
    )


def _untreated_gaps(ctx: RuleContext, agent: Agent) -> tuple[int, list[str]]:
    """Return how many competencies `agent` was assessed on, and the untreated overdue gaps."""
    due_before = ctx.as_of - timedelta(days=ctx.policy.competency_gap_training_days)
    done = _assessments(ctx, agent)
    training = ctx.need(agent.training, f"agents[{agent.id}].training")
    assessed = list(dict.fromkeys(s.competency_id for s in done))
    gaps = []
    for competency_id in assessed:
        latest = max(
            (s for s in done if s.competency_id == competency_id), key=lambda s: s.assessed_on
        )
        if latest.outcome is CompetencyOutcome.MET or latest.assessed_on >= due_before:
            continue
        trained = any(
            t.kind is TrainingKind.DEVELOPMENT
            and competency_id in t.competency_ids
            and t.started_on >= latest.assessed_on
            for t in training
        )
        if not trained:
            gaps.append(f"{competency_id} not met on {latest.assessed_on}")
    return len(assessed), gaps


@rules.rule(
    id="P1-6.3.1-gaps-trained",
    basis=Basis.REQUIREMENT,
    clause="6.3.1",
    paraphrase="Where an agent's review shows a competency not met, development training for "
    "it is started or planned within the period set by the assessment policy.",
    evidence=(
        "agents[].assessments[].outcome",
        "agents[].training[].kind",
        "agents[].training[].competency_ids",
        "agents[].training[].started_on",
    ),
    parameters=("competency_gap_training_days",),
    uses=(current_handlers, _assessments),
)
def gaps_trained(ctx: RuleContext) -> Outcome:
    """Require development training for each overdue gap, begun after it was found."""
    handlers = current_handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(no_handler(ctx))
    untreated = []
    n_assessed = 0
    n_agents = 0
    for agent in handlers:
        assessed, gaps = _untreated_gaps(ctx, agent)
        n_assessed += assessed
        n_agents += assessed > 0
        if gaps:
            untreated.append((agent, gaps))
    if untreated:
        return Outcome.does_not_conform(
            "competency gaps without development training: "
            + "; ".join(f"{a.id} ({', '.join(g)})" for a, g in untreated),
            tuple(ctx.evidence("agent", a, "assessments", "training") for a, _ in untreated),
        )
    if not n_assessed:
        return Outcome.insufficient_evidence(
            f"no competency assessment on record for the {count(len(handlers), 'agent')} "
            "handling contacts: no review to show whether gaps were found"
        )
    unassessed = len(handlers) - n_agents
    return Outcome.conforms(
        "no competency gap is left without development training "
        f"({count(n_agents, 'agent')} with assessments checked"
        + (f"; {count(unassessed, 'agent')} with none on record" if unassessed else "")
        + ")",
        seen=n_agents,
    )


@rules.rule(
    id="P1-6.3.1-competent-before-contact",
    basis=Basis.REQUIREMENT,
    clause="6.3.1",
    paraphrase="Only agents shown to hold the required competencies handle contacts: agents "
    "who started within the review period set by the assessment policy were assessed as "
    "meeting each competency the framework requires of them by their first contact.",
    evidence=("agents[].assessments[].outcome",),
    parameters=("competency_review_days",),
    uses=(current_handlers, required_of, _assessments),
)
def competent_before_contact(ctx: RuleContext) -> Outcome:
    """Require met assessments of every required competency by the first contact of new agents."""
    since = window_start(ctx, ctx.policy.competency_review_days)
    handlers = current_handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(no_handler(ctx))
    starters = [a for a in handlers if a.first_contact_on and a.first_contact_on >= since]
    if not starters:
        return Outcome.not_applicable(
            f"no agent began handling contacts since {since} "
            f"(of the {count(len(handlers), 'agent')} handling contacts)"
        )
    early = []
    undefined = []
    for agent in starters:
        first = agent.first_contact_on or ctx.as_of  # set for every handler
        required = required_of(ctx, agent)
        if not required:
            undefined.append(agent)
            continue
        shown = {
            s.competency_id
            for s in _assessments(ctx, agent)
            if s.outcome is CompetencyOutcome.MET and s.assessed_on <= first
        }
        lacking = [c.id for c in required if c.id not in shown]
        if lacking:
            early.append((agent, first, lacking))
    judged = len(starters) - len(undefined)
    if early:
        return Outcome.does_not_conform(
            f"{count(len(early), 'agent')} handled contacts before being assessed competent: "
            + "; ".join(f"{a.id} (first contact {f}; {', '.join(c)})" for a, f, c in early),
            tuple(
                ctx.evidence("agent", a, "first_contact_on", "assessments") for a, _, _ in early
            ),
            (
                Measurement.all_records(
                    "new agents assessed competent by their first contact",
                    judged - len(early),
                    judged,
                ),
            ),
        )
    if undefined:
        return Outcome.insufficient_evidence(
            "the competency framework requires no competency of "
            + ", ".join(f"{a.id} ({a.function.value})" for a in undefined)
            + f", who began handling contacts since {since}: nothing shows them competent"
        )
    return Outcome.conforms(
        f"{all_of(len(starters), 'agent')} starting since {since} assessed as meeting each "
        "required competency by their first contact",
        (),
        (
            Measurement.all_records(
                "new agents assessed competent by their first contact", judged, judged
            ),
        ),
        seen=len(starters),
    )


# --- 6.3.2 to 6.3.4: the three competency areas ----------------------------------------------


def _area_held(ctx: RuleContext, area: CompetencyArea, words: str) -> Outcome:
    """Require competencies of `area` defined for, and shown held by, every contact handler."""
    handlers = current_handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(no_handler(ctx))
    undefined: list[str] = []
    unshown: list[tuple[Agent, list[str]]] = []
    for agent in handlers:
        required = required_in(ctx, agent, area)
        if area is CompetencyArea.CLIENT_SPECIFIC:
            defined = {c.client_id for c in required}
            undefined.extend(
                f"{agent.id} (client {c})" for c in agent.client_ids if c not in defined
            )
        elif not required:
            undefined.append(f"{agent.id} ({agent.function.value})")
        if not required:
            continue
        met = {
            s.competency_id for s in _assessments(ctx, agent) if s.outcome is CompetencyOutcome.MET
        }
        missing = [c.id for c in required if c.id not in met]
        if missing:
            unshown.append((agent, missing))
    if undefined:
        return Outcome.does_not_conform(
            f"no {words} competency required of {', '.join(undefined)}"
        )
    measure = Measurement.all_records(
        f"agents shown to hold their {words} competencies",
        len(handlers) - len(unshown),
        len(handlers),
    )
    if unshown:
        return Outcome.does_not_conform(
            f"{count(len(unshown), 'agent')} never assessed as meeting required {words} "
            "competencies: " + "; ".join(f"{a.id} ({', '.join(m)})" for a, m in unshown),
            tuple(ctx.evidence("agent", a, "assessments") for a, _ in unshown),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(handlers), 'agent')} handling contacts assessed as meeting each {words} "
        "competency the framework requires of them",
        (),
        (measure,),
        seen=len(handlers),
    )


_AREA_USES = (current_handlers, required_in, _assessments)
_AREA_EVIDENCE = ("agents[].assessments[].outcome",)


@rules.rule(
    id="P1-6.3.2-communication",
    clause="6.3.2",
    paraphrase="Agents hold communication and customer-service competencies (courtesy, "
    "listening, clarity, language): the framework defines them for every agent handling "
    "contacts, and each agent has been assessed as meeting them.",
    basis=Basis.INTERPRETATION,
    evidence=_AREA_EVIDENCE,
    uses=_AREA_USES,
)
def communication_competencies(ctx: RuleContext) -> Outcome:
    """Require the communication competencies of every handler defined and shown held."""
    return _area_held(ctx, CompetencyArea.COMMUNICATION, "communication")


@rules.rule(
    id="P1-6.3.3-technical",
    clause="6.3.3",
    paraphrase="Agents can use the centre's systems, tools and channels: the framework "
    "defines these technical competencies for every agent handling contacts, and each agent "
    "has been assessed as meeting them.",
    basis=Basis.INTERPRETATION,
    evidence=_AREA_EVIDENCE,
    uses=_AREA_USES,
)
def technical_competencies(ctx: RuleContext) -> Outcome:
    """Require the technical competencies of every handler defined and shown held."""
    return _area_held(ctx, CompetencyArea.TECHNICAL, "technical")


@rules.rule(
    id="P1-6.3.4-client-specific",
    clause="6.3.4",
    paraphrase="Agents know the products, services, policies and processes of each client "
    "they serve: the framework defines these competencies for each client an agent serves, "
    "and each agent has been assessed as meeting them.",
    basis=Basis.INTERPRETATION,
    evidence=_AREA_EVIDENCE,
    uses=_AREA_USES,
)
def client_competencies(ctx: RuleContext) -> Outcome:
    """Require the client-specific competencies of every handler defined and shown held."""
    return _area_held(ctx, CompetencyArea.CLIENT_SPECIFIC, "client-specific")
