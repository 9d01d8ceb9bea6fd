"""Part 2, clauses 4.1 (Client requirements, General) and 5.1 (Customer experience, General).

Clause 4.1 asks three things of the client.  Deciding the experience is checked
under 5.3 (the strategy) and making it known to the centre under 6.2; whether
the centre has the staff for it is the centre's record, checked by Part 1
(8.2, 7.3) with the client's part, forecasts, under 6.7.  The rule here is the
third: the centre used meets Part 1.
"""

from __future__ import annotations

import attrs

from ..._model.parties import Client
from ..basis import Basis, CheckMethod
from ..clauses import Part
from ..context import PriorFinding, RuleContext
from ..outcome import Outcome, Status
from ..registry import Registry
from ._clients import client_agreements, clients_in_scope

rules = Registry(part=Part.CLIENT)

_UNMET = (Status.DOES_NOT_CONFORM, Status.PARTIALLY_CONFORMS)
_UNDECIDED = (Status.INSUFFICIENT_EVIDENCE, Status.NEEDS_REVIEW, Status.ERROR)
_SEVERITY = (
    Status.DOES_NOT_CONFORM,
    Status.PARTIALLY_CONFORMS,
    Status.INSUFFICIENT_EVIDENCE,
    Status.NEEDS_REVIEW,
    Status.CONFORMS,
    Status.NOT_APPLICABLE,
)
"""Worst first: how the verdicts for clients served in and out of scope combine."""


def _ids(findings: list[PriorFinding]) -> str:
    return ", ".join(sorted(f.rule_id for f in findings))


def _part1_verdict(ctx: RuleContext, centre_id: str, served: list[Client]) -> Outcome:
    """Follow this assessment's Part 1 findings (requirements only) for the centre in scope."""
    who = f"{', '.join(c.id for c in served)} served by {centre_id}"
    part1 = [f for f in ctx.findings if f.part is Part.CENTRE and f.basis is Basis.REQUIREMENT]
    if not part1:
        return Outcome.insufficient_evidence(
            f"{who}: Part 1 was not assessed in this run, so {centre_id}'s conformity to "
            "ISO 18295-1 is not shown; assess both parts together"
        )
    unmet = [f for f in part1 if f.status in _UNMET]
    if unmet:
        return Outcome.does_not_conform(
            f"{who}, which does not meet {len(unmet)} Part 1 requirement"
            f"{'s' if len(unmet) != 1 else ''} in this assessment ({_ids(unmet)})"
        )
    undecided = [f for f in part1 if f.status in _UNDECIDED]
    if undecided:
        why = f"{who}: {len(undecided)} Part 1 requirement{'s' if len(undecided) != 1 else ''} "
        why += f"undecided in this assessment ({_ids(undecided)})"
        if all(f.status is Status.NEEDS_REVIEW for f in undecided):
            return Outcome.needs_review(f"{why}; record the judgements they need")
        return Outcome.insufficient_evidence(f"{why}; supply the evidence they need")
    met = [f for f in part1 if f.status is Status.CONFORMS]
    if not met:
        return Outcome.insufficient_evidence(
            f"{who}: no Part 1 requirement was shown to be met in this assessment (of "
            f"{len(part1)} Part 1 requirement findings, none conforms)"
        )
    waived = [f for f in part1 if f.status is Status.WAIVED]
    accepted = f"; {len(waived)} nonconformity waived ({_ids(waived)})" if waived else ""
    return Outcome.conforms(
        f"{who} under agreements in force; {centre_id} meets every Part 1 requirement decided "
        f"in this assessment ({len(met)} conform{accepted})",
        seen=len(met),
    )


def _combined(outcomes: list[Outcome]) -> Outcome:
    """Return the worst of `outcomes`; conforming ones add up the records they rest on."""
    worst = min(outcomes, key=lambda o: _SEVERITY.index(o.status))
    if len(outcomes) == 1:
        return outcomes[0]
    same = [o for o in outcomes if o.status is worst.status]
    reason = "; ".join(o.reason for o in outcomes)
    evidence = tuple(e for o in outcomes for e in o.evidence)
    if worst.status is Status.CONFORMS or worst.status is Status.NOT_APPLICABLE:
        conforming = [o for o in outcomes if o.status is Status.CONFORMS]
        if conforming:
            return Outcome.conforms(reason, evidence, seen=sum(o.seen for o in conforming))
    return Outcome(status=worst.status, reason=reason, evidence=evidence, seen=same[0].seen)


@rules.rule(
    id="P2-4.1-part1-centre",
    basis=Basis.REQUIREMENT,
    clause="4.1",
    paraphrase="The client has its customer contacts handled only by a contact centre that "
    "meets ISO 18295-1.",
    method=CheckMethod.JUDGEMENT,
    # RuleContext.judged names the attester's role in its reason but does not declare it.
    evidence=("centre", "agreements[].centre_id", "attestations[].role"),
    uses=(clients_in_scope, client_agreements, RuleContext.judged),
    needs_findings=True,
)
def centre_meets_part1(ctx: RuleContext) -> Outcome:
    """Follow this assessment's Part 1 findings for the centre in scope; else a recorded judgement.

    Whether a centre meets Part 1 is not a fact any single record holds.  For
    clients served, under an agreement in force, by the centre in this scope,
    the Part 1 findings of this same assessment decide: every decided Part 1
    requirement met conforms; one not met does not conform, naming the rules;
    Part 1 not assessed, or undecided, leaves the question open.  For clients
    served by a centre outside the scope (or by none), an attestation (e.g.
    after seeing the centre's certificate) decides.
    """
    centre = ctx.scope.centre
    clients = clients_in_scope(ctx)
    served: list[Client] = []
    elsewhere: list[str] = []
    for client in clients:
        agreements = client_agreements(ctx, client)
        if centre is not None and any(a.centre_id == centre.id for a in agreements):
            served.append(client)
        if centre is None or not agreements or any(a.centre_id != centre.id for a in agreements):
            elsewhere.append(client.id)
    outcomes = []
    if served and centre is not None:
        outcomes.append(_part1_verdict(ctx, centre.id, served))
    if elsewhere:
        names = ", ".join(elsewhere)
        judged = ctx.judged(
            "does the centre serving each client meet ISO 18295-1 (e.g. a current "
            f"certificate)? ({names}: served under no agreement in force with a centre in scope)"
        )
        if judged.status is not Status.NEEDS_REVIEW:
            judged = attrs.evolve(judged, reason=f"{names}: {judged.reason}")
        outcomes.append(judged)
    return _combined(outcomes)


@rules.rule(
    id="P2-5.1-owns-experience",
    clause="5.1",
    paraphrase="The client takes charge of the parts of the customer experience that are not "
    "the centre's: its products, policies and the information customers are given.",
    basis=Basis.INTERPRETATION,
    method=CheckMethod.JUDGEMENT,
    # RuleContext.judged names the attester's role in its reason but does not declare it.
    evidence=("attestations[].role",),
    uses=(RuleContext.judged,),
)
def owns_experience(ctx: RuleContext) -> Outcome:
    """Read the recorded judgement of how the client manages its own part of the experience."""
    return ctx.judged(
        "does each client manage the parts of the customer experience outside the centre "
        "(products, policies, information)?"
    )
