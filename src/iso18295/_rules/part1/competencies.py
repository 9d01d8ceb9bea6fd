"""Part 1, clause 6.3 (Agent competencies), sub-clauses 6.3.1 to 6.3.4.

6.3.1 General; 6.3.2 Communication and customer service competencies; 6.3.3 Technical
competencies; 6.3.4 Client-specific competencies.
"""

from __future__ import annotations

from datetime import timedelta

from ..._model.people import Agent, AssessmentOutcome, CompetencyArea, TrainingKind
from ..._text import all_of, count
from ..context import Context
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..rule import Basis
from ._staff import current_handlers, required_of, year_start

rules = Registry()

GAP_RESPONSE = timedelta(days=30)
"""A competency gap older than this must have development training started or planned."""

_NO_HANDLER = "no agent employed on the assessment date has handled contacts"
_ASSESSMENTS = ("agents[].assessments[].competency_id", "agents[].assessments[].assessed_on")


def _share(name: str, good: int, total: int) -> Measurement:
    return Measurement(
        name=name,
        observed=good / total,
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=good,
        denominator=total,
    )


# --- 6.3.1 General ------------------------------------------------------------------------


@rules.rule(
    id="P1-6.3.1-yearly-review",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="6.3.1",
    paraphrase="Each agent's competencies are reviewed at least once a year.",
    evidence=(*_ASSESSMENTS, "agents[].first_contact_on"),
)
def yearly_review(ctx: Context) -> Outcome:
    """Require a competency assessment within the last 366 days for every contact handler."""
    handlers = current_handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(_NO_HANDLER)
    since = year_start(ctx)
    stale = [
        a for a in handlers if not any(since <= s.assessed_on <= ctx.as_of for s in a.assessments)
    ]
    measure = _share(
        "agents with a competency review in the last year",
        len(handlers) - len(stale),
        len(handlers),
    )
    if stale:
        return Outcome.does_not_conform(
            f"{count(len(stale), 'agent')} without a competency review since {since}: "
            f"{', '.join(a.id for a in stale)}",
            tuple(ctx.evidence("agent", a, "assessments") for a in stale),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(handlers), 'agent')} had a competency review since {since}", (), (measure,)
    )


def _untreated_gaps(ctx: Context, agent: Agent) -> list[str]:
    """Return the competencies whose latest assessment is an overdue gap without training."""
    due_before = ctx.as_of - GAP_RESPONSE
    gaps = []
    for competency_id in dict.fromkeys(s.competency_id for s in agent.assessments):
        latest = max(
            (
                s
                for s in agent.assessments
                if s.competency_id == competency_id and s.assessed_on <= ctx.as_of
            ),
            key=lambda s: s.assessed_on,
            default=None,
        )
        if (
            latest is None
            or latest.outcome is AssessmentOutcome.MET
            or latest.assessed_on >= due_before
        ):
            continue
        trained = any(
            t.kind is TrainingKind.DEVELOPMENT
            and competency_id in t.competency_ids
            and t.started_on >= latest.assessed_on
            for t in agent.training
        )
        if not trained:
            gaps.append(f"{competency_id} not met on {latest.assessed_on}")
    return gaps


@rules.rule(
    id="P1-6.3.1-gaps-trained",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="6.3.1",
    paraphrase="Where an agent's review shows a competency not met, development training for "
    "it is started or planned within 30 days.",
    evidence=(
        "agents[].assessments[].outcome",
        "agents[].assessments[].assessed_on",
        "agents[].training[].kind",
        "agents[].training[].competency_ids",
        "agents[].training[].started_on",
    ),
)
def gaps_trained(ctx: Context) -> Outcome:
    """Require development training for each gap older than 30 days, begun after it was found."""
    handlers = current_handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(_NO_HANDLER)
    untreated = [(a, gaps) for a in handlers if (gaps := _untreated_gaps(ctx, a))]
    if untreated:
        return Outcome.does_not_conform(
            "competency gaps without development training: "
            + "; ".join(f"{a.id} ({', '.join(g)})" for a, g in untreated),
            tuple(ctx.evidence("agent", a, "assessments", "training") for a, _ in untreated),
        )
    return Outcome.conforms(
        f"no competency gap is left without development training ({count(len(handlers), 'agent')}"
        " checked)"
    )


@rules.rule(
    id="P1-6.3.1-competent-before-contact",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="6.3.1",
    paraphrase="Only agents shown to hold the required competencies handle contacts: agents "
    "who started in the last year were assessed as meeting each of them by their first contact.",
    evidence=(
        "competencies[].required_for",
        "competencies[].client_id",
        "agents[].first_contact_on",
        "agents[].assessments[].outcome",
        *_ASSESSMENTS,
    ),
)
def competent_before_contact(ctx: Context) -> Outcome:
    """Require met assessments of every required competency by the first contact of new agents."""
    since = year_start(ctx)
    starters = [
        a for a in current_handlers(ctx) if a.first_contact_on and a.first_contact_on >= since
    ]
    if not starters:
        return Outcome.not_applicable(f"no agent began handling contacts since {since}")
    early = []
    for agent in starters:
        first = agent.first_contact_on or ctx.as_of  # set for every handler
        lacking = [
            c.id
            for c in required_of(ctx, agent)
            if not any(
                s.competency_id == c.id
                and s.outcome is AssessmentOutcome.MET
                and s.assessed_on <= first
                for s in agent.assessments
            )
        ]
        if lacking:
            early.append((agent, first, lacking))
    measure = _share(
        "new agents assessed competent by their first contact",
        len(starters) - len(early),
        len(starters),
    )
    if early:
        return Outcome.does_not_conform(
            f"{count(len(early), 'agent')} handled contacts before being assessed competent: "
            + "; ".join(f"{a.id} (first contact {f}; {', '.join(c)})" for a, f, c in early),
            tuple(
                ctx.evidence("agent", a, "first_contact_on", "assessments") for a, _, _ in early
            ),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(starters), 'agent')} starting since {since} assessed competent by their "
        "first contact",
        (),
        (measure,),
    )


# --- 6.3.2 to 6.3.4: the three competency areas ----------------------------------------------


def _area_review(ctx: Context, area: CompetencyArea, words: str) -> Outcome:
    """Require every handler's required competencies of `area` assessed within the last year."""
    handlers = current_handlers(ctx)
    if not handlers:
        return Outcome.insufficient_evidence(_NO_HANDLER)
    since = year_start(ctx)
    undefined: list[str] = []
    stale: list[tuple[Agent, list[str]]] = []
    for agent in handlers:
        required = required_of(ctx, agent, area)
        if area is CompetencyArea.CLIENT_SPECIFIC:
            defined = {c.client_id for c in required}
            undefined.extend(
                f"{agent.id} (client {c})" for c in agent.client_ids if c not in defined
            )
        elif not required:
            undefined.append(f"{agent.id} ({agent.function.value})")
        missing = [
            c.id
            for c in required
            if (latest := agent.latest_assessment(c.id)) is None
            or not since <= latest.assessed_on <= ctx.as_of
        ]
        if missing:
            stale.append((agent, missing))
    if undefined:
        return Outcome.does_not_conform(
            f"no {words} competency required of {', '.join(undefined)}"
        )
    measure = _share(
        f"agents assessed on their {words} competencies in the last year",
        len(handlers) - len(stale),
        len(handlers),
    )
    if stale:
        return Outcome.does_not_conform(
            f"{count(len(stale), 'agent')} not assessed since {since} on required {words} "
            "competencies: " + "; ".join(f"{a.id} ({', '.join(m)})" for a, m in stale),
            tuple(ctx.evidence("agent", a, "assessments") for a, _ in stale),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(handlers), 'agent')} assessed since {since} on their {words} competencies",
        (),
        (measure,),
    )


_AREA_EVIDENCE = (
    "competencies[].area",
    "competencies[].required_for",
    "agents[].function",
    *_ASSESSMENTS,
)


@rules.rule(
    id="P1-6.3.2-communication",
    part=1,
    clause="6.3.2",
    paraphrase="Agents hold communication and customer-service competencies (courtesy, "
    "listening, clarity, language), each defined and assessed within the last year.",
    basis=Basis.RECOMMENDATION,
    evidence=_AREA_EVIDENCE,
)
def communication_competencies(ctx: Context) -> Outcome:
    """Require the communication competencies of every handler assessed within the year."""
    return _area_review(ctx, CompetencyArea.COMMUNICATION, "communication")


@rules.rule(
    id="P1-6.3.3-technical",
    part=1,
    clause="6.3.3",
    paraphrase="Agents can use the centre's systems, tools and channels: these technical "
    "competencies are defined and each is assessed within the last year.",
    basis=Basis.RECOMMENDATION,
    evidence=_AREA_EVIDENCE,
)
def technical_competencies(ctx: Context) -> Outcome:
    """Require the technical competencies of every handler assessed within the year."""
    return _area_review(ctx, CompetencyArea.TECHNICAL, "technical")


@rules.rule(
    id="P1-6.3.4-client-specific",
    part=1,
    clause="6.3.4",
    paraphrase="Agents know the products, services, policies and processes of each client "
    "they serve: these competencies are defined per client and each is assessed within the "
    "last year.",
    basis=Basis.RECOMMENDATION,
    evidence=(*_AREA_EVIDENCE, "competencies[].client_id", "agents[].client_ids"),
)
def client_competencies(ctx: Context) -> Outcome:
    """Require the client-specific competencies of every handler assessed within the year."""
    return _area_review(ctx, CompetencyArea.CLIENT_SPECIFIC, "client-specific")
