"""Part 2, clauses 5.2 to 5.6 and 5.8: the client's own customer-experience documents."""

from __future__ import annotations

from ..._model.parties import Client
from ..._model.policies import PolicyKind
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..registry import Registry
from ._clients import Problems, client_document, each_client

rules = Registry(part=Part.CLIENT)


@rules.rule(
    id="P2-5.2-segments",
    basis=Basis.REQUIREMENT,
    clause="5.2",
    paraphrase="The client has identified who its customers are, as customer groups.",
    evidence=("clients[].customer_segments",),
    uses=(each_client,),
)
def segments_identified(ctx: RuleContext) -> Outcome:
    """Require at least one customer segment on every client."""

    def test(client: Client) -> Problems:
        segments = ctx.need(client.customer_segments, f"clients[{client.id}].customer_segments")
        return [] if segments else ["no customer segments identified"]

    return each_client(
        ctx,
        test,
        conforms="identified their customer segments",
        evidence=lambda c: (ctx.evidence("client", c, "customer_segments"),),
    )


@rules.rule(
    id="P2-5.2-needs",
    basis=Basis.REQUIREMENT,
    clause="5.2",
    paraphrase="The client has an approved, regularly reviewed analysis of its customers' "
    "needs and expectations.",
    uses=(client_document,),
)
def needs_documented(ctx: RuleContext) -> Outcome:
    """Require a current customer-needs document of every client."""
    return client_document(ctx, PolicyKind.CUSTOMER_NEEDS, what="customer-needs analysis")


@rules.rule(
    id="P2-5.3-strategy",
    basis=Basis.REQUIREMENT,
    clause="5.3",
    paraphrase="The client sets, approves and keeps under review a customer-experience "
    "strategy built on its customers' needs.",
    uses=(client_document,),
)
def experience_strategy(ctx: RuleContext) -> Outcome:
    """Require a current customer-experience strategy of every client."""
    return client_document(
        ctx, PolicyKind.CUSTOMER_EXPERIENCE_STRATEGY, what="customer-experience strategy"
    )


@rules.rule(
    id="P2-5.4-access-strategy",
    clause="5.4",
    paraphrase="The client documents how customers can reach it and how it contacts them "
    "(channels, hours, rules for outbound contact), and keeps this under review.",
    basis=Basis.RECOMMENDATION,
    uses=(client_document,),
)
def access_strategy(ctx: RuleContext) -> Outcome:
    """Require a current access-and-contact strategy of every client."""
    return client_document(
        ctx, PolicyKind.ACCESS_AND_CONTACT_STRATEGY, what="access-and-contact strategy"
    )


@rules.rule(
    id="P2-5.5-cost",
    clause="5.5",
    paraphrase="The client has weighed, and documents for customers, what contacting it costs "
    "them.",
    basis=Basis.RECOMMENDATION,
    uses=(client_document,),
)
def customer_cost(ctx: RuleContext) -> Outcome:
    """Require a current customer-cost document of every client."""
    return client_document(ctx, PolicyKind.CUSTOMER_COST, what="customer-cost statement")


@rules.rule(
    id="P2-5.6-consistency",
    clause="5.6",
    paraphrase="The client has a documented way of keeping the information customers get "
    "the same on every channel and from every centre.",
    basis=Basis.RECOMMENDATION,
    uses=(client_document,),
)
def information_consistency(ctx: RuleContext) -> Outcome:
    """Require a current information-consistency document of every client."""
    return client_document(
        ctx, PolicyKind.INFORMATION_CONSISTENCY, what="information-consistency procedure"
    )


@rules.rule(
    id="P2-5.8-ethical-conduct",
    clause="5.8",
    paraphrase="The client has an approved, regularly reviewed code of fair and "
    "non-misleading treatment of customers, selling included.",
    basis=Basis.RECOMMENDATION,
    uses=(client_document,),
)
def ethical_conduct(ctx: RuleContext) -> Outcome:
    """Require a current ethical-conduct code of every client."""
    return client_document(ctx, PolicyKind.ETHICAL_CONDUCT, what="ethical-conduct code")
