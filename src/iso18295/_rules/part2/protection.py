"""Part 2, clauses 5.7 (Customer protection) and 5.9 (Customer data)."""

from __future__ import annotations

from ..._model.agreements import ClientAgreement
from ..._model.channels import Campaign, Direction
from ..._model.parties import Client
from ..._model.policies import PolicyKind
from ..context import HAS_OUTBOUND, Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis
from ._clients import Problems, client_document, each_agreement, each_client

rules = Registry()


def _outbound_campaigns(ctx: Context, client: Client) -> list[Campaign]:
    return [
        c
        for c in ctx.scope.campaigns
        if c.client_id == client.id
        and c.direction is Direction.OUTBOUND
        and c.starts_on <= ctx.as_of
    ]


@rules.rule(
    id="P2-5.7-outbound-protection",
    part=2,
    clause="5.7",
    paraphrase="Outbound campaigns run for the client protect customers: they leave out "
    "everyone who asked not to be contacted, cap the attempts on any one customer, and "
    "contact unrelated to the original purpose needs the customer's opt-in.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "campaigns[].client_id",
        "campaigns[].direction",
        "campaigns[].contact_rules.honours_do_not_contact",
        "campaigns[].contact_rules.max_attempts_per_customer",
        "campaigns[].contact_rules.opt_in_required",
    ),
    applies_if=(HAS_OUTBOUND,),
)
def outbound_protection(ctx: Context) -> Outcome:
    """Require suppression, an attempt cap and opt-in in each client's outbound campaigns."""

    def test(client: Client) -> Problems:
        for campaign in _outbound_campaigns(ctx, client):
            rules_ = campaign.contact_rules
            if rules_ is None:
                yield f"campaign {campaign.id} has no contact rules"
                continue
            if not rules_.honours_do_not_contact:
                yield f"campaign {campaign.id} does not suppress do-not-contact customers"
            if rules_.max_attempts_per_customer is None:
                yield f"campaign {campaign.id} sets no cap on attempts per customer"
            if not rules_.opt_in_required:
                yield f"campaign {campaign.id} does not require opt-in for unrelated contact"

    return each_client(
        ctx,
        test,
        conforms="no outbound campaign without do-not-contact, an attempt cap and opt-in",
        evidence=lambda c: tuple(
            ctx.evidence("campaign", k, "contact_rules") for k in _outbound_campaigns(ctx, c)
        ),
    )


@rules.rule(
    id="P2-5.9-data-policy",
    part=2,
    clause="5.9",
    paraphrase="The client protects its customers' personal data under its own approved "
    "data-protection policy, kept under review.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "policies[].kind",
        "policies[].party_id",
        "policies[].approved_on",
        "policies[].last_reviewed_on",
    ),
)
def client_data_policy(ctx: Context) -> Outcome:
    """Require a current data-protection policy of every client."""
    return client_document(ctx, PolicyKind.DATA_PROTECTION, what="data-protection policy")


@rules.rule(
    id="P2-5.9-data-terms",
    part=2,
    clause="5.9",
    paraphrase="Before the centre handles any of its customers' data, the client has signed "
    "terms with it on what data is shared, for which purposes and for how long.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "agreements[].starts_on",
        "agreements[].data_handling.purposes",
        "agreements[].data_handling.retention_days",
        "agreements[].data_handling.processing_agreement_signed_on",
    ),
)
def data_terms_before_start(ctx: Context) -> Outcome:
    """Require data-handling terms signed no later than the agreement's first day."""

    def test(agreement: ClientAgreement) -> Problems:
        terms = agreement.data_handling
        signed = terms.processing_agreement_signed_on if terms is not None else None
        if terms is None:
            return ["has no data-handling terms"]
        if signed is None or signed > ctx.as_of:
            return ["has unsigned data-handling terms"]
        if signed > agreement.starts_on:
            return [f"data terms signed {signed}, after the service began {agreement.starts_on}"]
        return []

    return each_agreement(
        ctx,
        test,
        conforms="data-handling terms signed before the service began",
        fields=("starts_on", "data_handling"),
    )
