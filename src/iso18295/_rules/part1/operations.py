"""Part 1, clauses 7.1, 7.2 and 7.4 of Operational processes.

7.1 General (a requirement per public summaries); 7.2 Customer-related processes and 7.4
Quality assurance related to customer interactions (content inferred from the titles: the
rules check our interpretation).
"""

from __future__ import annotations

from datetime import timedelta

from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..shared.documents import centre_id, current_document
from ..shared.staff import current_handlers

rules = Registry(part=Part.CENTRE)


# --- 7.1 General --------------------------------------------------------------------------


@rules.rule(
    id="P1-7.1-training-process",
    basis=Basis.REQUIREMENT,
    clause="7.1",
    paraphrase="The support process that trains staff is documented, approved and kept under "
    "review.",
    uses=(current_document, centre_id),
)
def training_process(ctx: RuleContext) -> Outcome:
    """Require a current training procedure of the centre."""
    return current_document(
        ctx, PolicyKind.TRAINING, party_id=centre_id(ctx), what="training procedure"
    )


@rules.rule(
    id="P1-7.1-information-security",
    basis=Basis.REQUIREMENT,
    clause="7.1",
    paraphrase="The support process that keeps the centre's systems and information secure is "
    "documented, approved and kept under review.",
    uses=(current_document, centre_id),
)
def information_security(ctx: RuleContext) -> Outcome:
    """Require a current information-security policy of the centre."""
    return current_document(
        ctx,
        PolicyKind.INFORMATION_SECURITY,
        party_id=centre_id(ctx),
        what="information-security policy",
    )


# --- 7.2 Customer-related processes --------------------------------------------------------


@rules.rule(
    id="P1-7.2-procedure",
    basis=Basis.INTERPRETATION,
    clause="7.2",
    paraphrase="Contacts are handled end to end (identification, handling, escalation, "
    "follow-up, closure) under an approved process kept under review.",
    uses=(current_document, centre_id),
)
def handling_procedure(ctx: RuleContext) -> Outcome:
    """Require a current customer-handling process of the centre."""
    return current_document(
        ctx,
        PolicyKind.CUSTOMER_HANDLING,
        party_id=centre_id(ctx),
        what="customer-handling process",
    )


@rules.rule(
    id="P1-7.2-escalation",
    basis=Basis.INTERPRETATION,
    clause="7.2",
    paraphrase="How contacts are escalated to the client is agreed with each client.",
    evidence=("agreements[].escalation_procedure",),
    uses=(RuleContext.agreements_in_force,),
)
def escalation_agreed(ctx: RuleContext) -> Outcome:
    """Require an escalation procedure in every agreement in force.

    An agreement without one (``escalation_procedure`` is None: the model's
    "names no procedure") does not conform.
    """
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    lacking = [a for a in agreements if a.escalation_procedure is None]
    if lacking:
        return Outcome.does_not_conform(
            f"no escalation procedure in {', '.join(a.id for a in lacking)} (of "
            f"{count(len(agreements), 'agreement')} in force)",
            tuple(ctx.evidence("agreement", a, "escalation_procedure") for a in lacking),
        )
    return Outcome.conforms(
        f"an escalation procedure is agreed in {all_of(len(agreements), 'agreement')} in force",
        tuple(ctx.evidence("agreement", a, "escalation_procedure") for a in agreements),
        seen=len(agreements),
    )


# --- 7.4 Quality assurance related to customer interactions ---------------------------------


@rules.rule(
    id="P1-7.4-procedure",
    basis=Basis.INTERPRETATION,
    clause="7.4",
    paraphrase="Interactions are evaluated against defined criteria under an approved quality "
    "assurance procedure kept under review.",
    uses=(current_document, centre_id),
)
def quality_procedure(ctx: RuleContext) -> Outcome:
    """Require a current quality-assurance procedure of the centre."""
    return current_document(
        ctx,
        PolicyKind.QUALITY_ASSURANCE,
        party_id=centre_id(ctx),
        what="quality-assurance procedure",
    )


@rules.rule(
    id="P1-7.4-evaluated",
    basis=Basis.INTERPRETATION,
    clause="7.4",
    paraphrase="Every agent handling contacts, and every channel they handle contacts on, has "
    "an interaction evaluated within the period set by the assessment policy.",
    evidence=(
        "quality_evaluations[].agent_id",
        "quality_evaluations[].evaluated_on",
        "quality_evaluations[].channel_id",
        "agents[].channel_ids",
    ),
    parameters=("quality_evaluation_days",),
    uses=(current_handlers,),
)
def agents_evaluated(ctx: RuleContext) -> Outcome:
    """Require a recent evaluation for each agent, and each channel, in contact that long.

    The channels are those the agents due for an evaluation handle
    (``agents[].channel_ids``).  An evaluation counts for a channel only if it
    states that channel: one whose channel is not stated counts for its agent
    but for no channel, and a channel left unevaluated while such evaluations
    exist is insufficient evidence, not a nonconformity.
    """
    days = ctx.policy.quality_evaluation_days
    since = ctx.as_of - timedelta(days=days)
    due = [a for a in current_handlers(ctx) if a.first_contact_on and a.first_contact_on <= since]
    evaluations = ctx.need(ctx.scope.quality_evaluations, "quality_evaluations")
    if not due:
        return Outcome.insufficient_evidence(
            f"no agent employed on {ctx.as_of} has handled contacts since {since} or earlier"
        )
    recent = [e for e in evaluations if since <= e.evaluated_on <= ctx.as_of]
    evaluated = {e.agent_id for e in recent}
    missing = [a for a in due if a.id not in evaluated]
    agents_measure = Measurement.all_records(
        f"agents with an interaction evaluated in the last {days} days",
        len(due) - len(missing),
        len(due),
    )
    handlers: dict[str, list[str]] = {}
    for agent in due:
        for channel_id in agent.channel_ids:
            handlers.setdefault(channel_id, []).append(agent.id)
    if missing:
        return Outcome.does_not_conform(
            f"{len(missing)} of {count(len(due), 'agent')} without an evaluated interaction "
            f"since {since}: {', '.join(a.id for a in missing)}",
            tuple(ctx.evidence("agent", a, "first_contact_on") for a in missing),
            (agents_measure,),
        )
    if not handlers:
        return Outcome.insufficient_evidence(
            f"none of the {count(len(due), 'agent')} in contact since {since} or earlier "
            "states a channel they handle: supply agents[].channel_ids"
        )
    on_channel = {e.channel_id for e in recent if e.channel_id is not None}
    unevaluated = [c for c in handlers if c not in on_channel]
    channels_measure = Measurement.all_records(
        f"channels with an interaction evaluated in the last {days} days",
        len(handlers) - len(unevaluated),
        len(handlers),
    )
    measures = (agents_measure, channels_measure)
    if unevaluated:
        named = ", ".join(f"{c} (handled by {', '.join(handlers[c])})" for c in unevaluated)
        of_channels = f"{len(unevaluated)} of {count(len(handlers), 'channel')} the agents handle"
        unstated = [e for e in recent if e.channel_id is None]
        if not unstated:
            return Outcome.does_not_conform(
                f"{of_channels} without an evaluated interaction since {since}: {named}",
                (),
                measures,
            )
        return Outcome.insufficient_evidence(
            f"no evaluated interaction since {since} on {of_channels}: {named}; the channel "
            f"of {count(len(unstated), 'evaluation')} since {since} was not stated "
            f"({', '.join(e.id for e in unstated)}): supply quality_evaluations[].channel_id",
            tuple(ctx.evidence("quality evaluation", e, "channel_id") for e in unstated),
        )
    return Outcome.conforms(
        f"{all_of(len(due), 'agent')} in contact since {since} or earlier had an interaction "
        f"evaluated since {since}, on each of the {count(len(handlers), 'channel')} they "
        f"handle ({count(len(evaluations), 'evaluation')} supplied)",
        (),
        measures,
        seen=len(due),
    )


@rules.rule(
    id="P1-7.4-feedback",
    basis=Basis.INTERPRETATION,
    clause="7.4",
    paraphrase="Evaluation results are fed back to the agent within the period set by the "
    "assessment policy.",
    evidence=("quality_evaluations[].evaluated_on", "quality_evaluations[].feedback_given_on"),
    parameters=("evaluation_feedback_days", "evaluation_lookback_days"),
)
def feedback_given(ctx: RuleContext) -> Outcome:
    """Require timely feedback on every evaluation of the look-back period that is due.

    An evaluation is due once its feedback period has passed, or once feedback
    was given; one pass over the evaluations (linear in their number).
    """
    days = ctx.policy.evaluation_feedback_days
    within = timedelta(days=days)
    since = ctx.as_of - timedelta(days=ctx.policy.evaluation_lookback_days)
    evaluations = ctx.need(ctx.scope.quality_evaluations, "quality_evaluations")
    due, late = [], []
    for e in evaluations:
        if not since <= e.evaluated_on <= ctx.as_of:
            continue
        given = e.feedback_given_on
        given = given if given is not None and given <= ctx.as_of else None
        if given is None and e.evaluated_on + within >= ctx.as_of:
            continue  # feedback may still come in time
        due.append(e)
        if given is None or given > e.evaluated_on + within:
            late.append(e)
    if not due:
        return Outcome.insufficient_evidence(
            f"none of the {count(len(evaluations), 'evaluation')} supplied was made since "
            f"{since} and is due for feedback"
        )
    in_time = len(due) - len(late)
    measure = Measurement.all_records(
        f"evaluations fed back within {days} days", in_time, len(due)
    )
    if late:
        return Outcome.does_not_conform(
            f"{len(late)} of {count(len(due), 'evaluation')} not fed back within {days} days: "
            f"{', '.join(e.id for e in late)}",
            tuple(ctx.evidence("quality evaluation", e, "feedback_given_on") for e in late),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(due), 'evaluation')} since {since} fed back within {days} days",
        (),
        (measure,),
        seen=len(due),
    )
