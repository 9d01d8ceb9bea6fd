"""Documents, for the rules: does a party have a current, approved document of a kind."""

from __future__ import annotations

from ..._model.policies import PolicyKind
from ..context import RuleContext
from ..outcome import Outcome
from ..reads import reads


@reads(
    "policies[].approved_on",
    "policies[].last_reviewed_on",
    "policies[].review_interval_months",
    uses=(RuleContext.policies_of,),
)
def current_document(ctx: RuleContext, kind: PolicyKind, *, party_id: str, what: str) -> Outcome:
    """Check that `party_id` has an approved document of `kind` not overdue for review.

    The scope's policies must be supplied: without them the check stops with
    "insufficient evidence" (see `RuleContext.need`); supplied without a document
    of `kind`, the party does not conform.

    Parameters
    ----------
    ctx : RuleContext
        The rule's context.
    kind : PolicyKind
        The kind of document required.
    party_id : str
        The centre or client that must own it.
    what : str
        The document in words, for reasons (``"a complaints-handling procedure"``).
    """
    documents = ctx.policies_of(kind, party_id=party_id)
    fields = ("kind", "approved_on", "last_reviewed_on", "review_interval_months")
    evidence = tuple(ctx.evidence("policy", p, *fields) for p in documents)
    if not documents:
        return Outcome.does_not_conform(
            f"{party_id} has no {what} among the {len(ctx.need(ctx.scope.policies, 'policies'))} "
            "documents supplied"
        )
    current = [p for p in documents if p.is_current(ctx.as_of)]
    if current:
        p = current[0]
        return Outcome.conforms(
            f"{what} {p.id} is approved and next due for review on {p.review_due_on(ctx.as_of)}",
            evidence,
            seen=len(documents),
        )
    stale = documents[0]
    due = stale.review_due_on(ctx.as_of)
    if due is None:
        return Outcome.does_not_conform(
            f"{what} {stale.id} was not approved by {ctx.as_of}", evidence
        )
    return Outcome.does_not_conform(
        f"{what} {stale.id} was due for review on {due} and has not been reviewed since",
        evidence,
    )


@reads("centre")
def centre_id(ctx: RuleContext) -> str:
    """Return the id of the scope's centre (rules of Part 1 run only when there is one)."""
    centre = ctx.scope.centre
    return centre.id if centre is not None else ""
