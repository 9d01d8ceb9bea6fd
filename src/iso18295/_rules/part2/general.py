"""Part 2, clauses 4.1 (Client requirements, General) and 5.1 (Customer experience, General).

Clause 4.1 asks three things of the client.  Deciding the experience is checked
under 5.3 (the strategy) and making it known to the centre under 6.2; whether
the centre has the staff for it is the centre's record, checked by Part 1
(8.2, 7.3) with the client's part, forecasts, under 6.7.  The rule here is the
third: the centre used meets Part 1.
"""

from __future__ import annotations

from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis, Method
from ._clients import client_agreements

rules = Registry()


@rules.rule(
    id="P2-4.1-part1-centre",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="4.1",
    paraphrase="The client has its customer contacts handled only by a contact centre that "
    "meets ISO 18295-1.",
    method=Method.JUDGEMENT,
    evidence=(
        "centre.id",
        "agreements[].client_id",
        "agreements[].centre_id",
        "attestations[].verdict",
    ),
)
def centre_meets_part1(ctx: Context) -> Outcome:
    """Defer to a recorded judgement, else to this scope's own Part 1 assessment of the centre.

    Whether a centre meets Part 1 is not a fact any single record holds.  An
    attestation (e.g. after seeing the centre's certificate) decides when one
    is recorded.  Without one, a client served under an agreement in force with
    the centre in this scope conforms: that centre's Part 1 conformity is what
    this same assessment reports, rule by rule, under Part 1.  Clients served by
    no centre in scope need a person's judgement.
    """
    question = "does the centre serving each client meet ISO 18295-1 (e.g. a current certificate)?"
    centre = ctx.scope.centre
    if ctx.attestation() is not None:
        return ctx.judged(question)
    elsewhere = [
        c.id
        for c in ctx.scope.clients
        if centre is None or not any(a.centre_id == centre.id for a in client_agreements(ctx, c))
    ]
    if centre is None or elsewhere:
        return ctx.judged(
            f"{question} ({', '.join(elsewhere)}: no agreement in force with a centre in scope)"
        )
    return Outcome.conforms(
        f"{', '.join(c.id for c in ctx.scope.clients)} served by {centre.id} under agreements "
        "in force; its conformity to Part 1 is assessed in this scope (Part 1 findings)"
    )


@rules.rule(
    id="P2-5.1-owns-experience",
    part=2,
    clause="5.1",
    paraphrase="The client takes charge of the parts of the customer experience that are not "
    "the centre's: its products, policies and the information customers are given.",
    basis=Basis.RECOMMENDATION,
    method=Method.JUDGEMENT,
    evidence=("attestations[].verdict",),
)
def owns_experience(ctx: Context) -> Outcome:
    """Read the recorded judgement of how the client manages its own part of the experience."""
    return ctx.judged(
        "does each client manage the parts of the customer experience outside the centre "
        "(products, policies, information)?"
    )
