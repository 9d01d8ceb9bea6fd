"""Part 1, clauses 7.1, 7.2 and 7.4 of Operational processes.

7.1 General; 7.2 Customer-related processes; 7.4 Quality assurance related to customer
interactions.
"""

from __future__ import annotations

from datetime import timedelta

from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..context import Context
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..rule import Basis
from ..documents import centre_id, current_document
from ._staff import current_handlers, year_start

rules = Registry()

EVALUATION_INTERVAL = timedelta(days=90)
"""Every agent handling contacts has an interaction evaluated at least this often."""

FEEDBACK_WITHIN = timedelta(days=14)
"""An evaluation's result reaches the agent within this time."""

_POLICY_EVIDENCE = ("policies[].kind", "policies[].approved_on", "policies[].last_reviewed_on")


# --- 7.1 General --------------------------------------------------------------------------


@rules.rule(
    id="P1-7.1-training-process",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="7.1",
    paraphrase="The support process that trains staff is documented, approved and kept under "
    "review.",
    evidence=_POLICY_EVIDENCE,
)
def training_process(ctx: Context) -> Outcome:
    """Require a current training procedure of the centre."""
    return current_document(
        ctx, PolicyKind.TRAINING, party_id=centre_id(ctx), what="training procedure"
    )


@rules.rule(
    id="P1-7.1-information-security",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="7.1",
    paraphrase="The support process that keeps the centre's systems and information secure is "
    "documented, approved and kept under review.",
    evidence=_POLICY_EVIDENCE,
)
def information_security(ctx: Context) -> Outcome:
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
    part=1,
    clause="7.2",
    paraphrase="Contacts are handled end to end (identification, handling, escalation, "
    "follow-up, closure) under an approved process kept under review.",
    basis=Basis.RECOMMENDATION,
    evidence=_POLICY_EVIDENCE,
)
def handling_procedure(ctx: Context) -> Outcome:
    """Require a current customer-handling process of the centre."""
    return current_document(
        ctx,
        PolicyKind.CUSTOMER_HANDLING,
        party_id=centre_id(ctx),
        what="customer-handling process",
    )


@rules.rule(
    id="P1-7.2-escalation",
    part=1,
    clause="7.2",
    paraphrase="How contacts are escalated to the client is agreed with each client.",
    basis=Basis.RECOMMENDATION,
    evidence=("agreements[].escalation_procedure",),
)
def escalation_agreed(ctx: Context) -> Outcome:
    """Require an escalation procedure in every agreement in force."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    lacking = [a for a in agreements if a.escalation_procedure is None]
    if lacking:
        return Outcome.does_not_conform(
            f"no escalation procedure in {', '.join(a.id for a in lacking)}",
            tuple(ctx.evidence("agreement", a, "escalation_procedure") for a in lacking),
        )
    return Outcome.conforms(
        f"an escalation procedure is agreed in {all_of(len(agreements), 'agreement')}"
    )


# --- 7.4 Quality assurance related to customer interactions ---------------------------------


@rules.rule(
    id="P1-7.4-procedure",
    part=1,
    clause="7.4",
    paraphrase="Interactions are evaluated against defined criteria under an approved quality "
    "assurance procedure kept under review.",
    basis=Basis.RECOMMENDATION,
    evidence=_POLICY_EVIDENCE,
)
def quality_procedure(ctx: Context) -> Outcome:
    """Require a current quality-assurance procedure of the centre."""
    return current_document(
        ctx,
        PolicyKind.QUALITY_ASSURANCE,
        party_id=centre_id(ctx),
        what="quality-assurance procedure",
    )


@rules.rule(
    id="P1-7.4-evaluated",
    part=1,
    clause="7.4",
    paraphrase="Every agent handling contacts has an interaction evaluated at least every 90 "
    "days.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "agents[].first_contact_on",
        "quality_evaluations[].agent_id",
        "quality_evaluations[].evaluated_on",
    ),
)
def agents_evaluated(ctx: Context) -> Outcome:
    """Require an evaluation within 90 days of `as_of` for each agent in contact that long."""
    since = ctx.as_of - EVALUATION_INTERVAL
    due = [a for a in current_handlers(ctx) if a.first_contact_on and a.first_contact_on <= since]
    if not due:
        return Outcome.insufficient_evidence(
            f"no agent employed has handled contacts since {since}"
        )
    evaluated = {
        e.agent_id for e in ctx.scope.quality_evaluations if since <= e.evaluated_on <= ctx.as_of
    }
    missing = [a for a in due if a.id not in evaluated]
    measure = Measurement(
        name="agents with an interaction evaluated in the last 90 days",
        observed=(len(due) - len(missing)) / len(due),
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=len(due) - len(missing),
        denominator=len(due),
    )
    if missing:
        return Outcome.does_not_conform(
            f"{count(len(missing), 'agent')} without an evaluated interaction since {since}: "
            f"{', '.join(a.id for a in missing)}",
            tuple(ctx.evidence("agent", a, "id") for a in missing),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(due), 'agent')} had an interaction evaluated since {since}", (), (measure,)
    )


@rules.rule(
    id="P1-7.4-feedback",
    part=1,
    clause="7.4",
    paraphrase="Evaluation results are fed back to the agent within 14 days.",
    basis=Basis.RECOMMENDATION,
    evidence=("quality_evaluations[].evaluated_on", "quality_evaluations[].feedback_given_on"),
)
def feedback_given(ctx: Context) -> Outcome:
    """Require feedback within 14 days on every evaluation of the last year that is due."""
    since = year_start(ctx)
    recent = [e for e in ctx.scope.quality_evaluations if since <= e.evaluated_on <= ctx.as_of]
    due = [e for e in recent if e.evaluated_on + FEEDBACK_WITHIN < ctx.as_of]
    due += [
        e
        for e in recent
        if e not in due and e.feedback_given_on is not None and e.feedback_given_on <= ctx.as_of
    ]
    if not due:
        return Outcome.insufficient_evidence(f"no evaluation since {since} is due for feedback")
    late = [
        e
        for e in due
        if e.feedback_given_on is None
        or e.feedback_given_on > ctx.as_of
        or e.feedback_given_on > e.evaluated_on + FEEDBACK_WITHIN
    ]
    in_time = len(due) - len(late)
    measure = Measurement(
        name="evaluations fed back within 14 days",
        observed=in_time / len(due),
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=in_time,
        denominator=len(due),
    )
    if late:
        return Outcome.does_not_conform(
            f"{len(late)} of {count(len(due), 'evaluation')} not fed back within 14 days: "
            f"{', '.join(e.id for e in late)}",
            tuple(ctx.evidence("quality evaluation", e, "feedback_given_on") for e in late),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(due), 'evaluation')} since {since} fed back within 14 days", (), (measure,)
    )
