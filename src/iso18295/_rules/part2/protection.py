"""Part 2, clauses 5.7 (Customer protection) and 5.9 (Customer data)."""

from __future__ import annotations

from ..._model.agreements import ClientAgreement
from ..._model.channels import Campaign, Direction
from ..._model.policies import PolicyKind
from ..._text import all_of
from ..basis import Basis
from ..clauses import Part
from ..context import HAS_OUTBOUND, RuleContext
from ..outcome import Outcome
from ..registry import Registry
from ._clients import Problems, client_document, clients_in_scope, each_agreement

rules = Registry(part=Part.CLIENT)


def _campaign_problems(ctx: RuleContext, campaign: Campaign) -> Problems:
    where = f"campaigns[{campaign.id}].contact_rules"
    rules_ = campaign.contact_rules
    if rules_ is None:
        yield f"campaign {campaign.id} has no contact rules"
        return
    if not ctx.need(rules_.honours_do_not_contact, f"{where}.honours_do_not_contact"):
        yield f"campaign {campaign.id} does not suppress do-not-contact customers"
    if rules_.max_attempts_per_customer is None:
        yield f"campaign {campaign.id} sets no cap on attempts per customer"
    if not ctx.need(rules_.opt_in_required, f"{where}.opt_in_required"):
        yield f"campaign {campaign.id} does not require opt-in for unrelated contact"


@rules.rule(
    id="P2-5.7-outbound-protection",
    clause="5.7",
    paraphrase="Outbound campaigns run for the client protect customers: they leave out "
    "everyone who asked not to be contacted, cap the attempts on any one customer, and "
    "contact unrelated to the original purpose needs the customer's opt-in.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "campaigns[].client_id",
        "campaigns[].direction",
        "campaigns[].starts_on",
        "campaigns[].contact_rules.honours_do_not_contact",
        "campaigns[].contact_rules.max_attempts_per_customer",
        "campaigns[].contact_rules.opt_in_required",
    ),
    uses=(clients_in_scope,),
    applies_if=(HAS_OUTBOUND,),
)
def outbound_protection(ctx: RuleContext) -> Outcome:
    """Require suppression, an attempt cap and opt-in in each client's started outbound campaigns.

    The population is the outbound campaigns run for a client in scope that
    have started by the assessment date; a client with none runs no outbound
    contact, which the reason says, and is not counted as conforming.
    """
    campaigns = ctx.need(ctx.scope.campaigns, "campaigns")
    clients = clients_in_scope(ctx)
    started = {
        c.id: [
            k
            for k in campaigns
            if k.client_id == c.id
            and k.direction is Direction.OUTBOUND
            and k.starts_on <= ctx.as_of
        ]
        for c in clients
    }
    judged = [k for ks in started.values() for k in ks]
    if not judged:
        return Outcome.not_applicable(
            f"no outbound campaign run for {', '.join(started)} had started by {ctx.as_of}"
        )
    failing = {
        client_id: [(k, problems) for k in ks if (problems := list(_campaign_problems(ctx, k)))]
        for client_id, ks in started.items()
    }
    if any(failing.values()):
        return Outcome.does_not_conform(
            "; ".join(
                f"{client_id}: {', '.join(p for _, problems in bad for p in problems)}"
                for client_id, bad in failing.items()
                if bad
            ),
            tuple(
                ctx.evidence("campaign", k, "contact_rules")
                for bad in failing.values()
                for k, _ in bad
            ),
        )
    none = [client_id for client_id, ks in started.items() if not ks]
    runs = "; ".join(
        f"{client_id}: {', '.join(k.id for k in ks)}" for client_id, ks in started.items() if ks
    )
    many = len(judged) != 1
    others = f"; {', '.join(none)} ran no outbound campaign" if none else ""
    return Outcome.conforms(
        f"{all_of(len(judged), 'outbound campaign')} started ({runs}) "
        f"{'suppress' if many else 'suppresses'} do-not-contact customers, "
        f"{'cap' if many else 'caps'} attempts and {'require' if many else 'requires'} opt-in "
        f"for unrelated contact{others}",
        tuple(ctx.evidence("campaign", k, "contact_rules") for k in judged),
        seen=len(judged),
    )


@rules.rule(
    id="P2-5.9-data-policy",
    clause="5.9",
    paraphrase="The client protects its customers' personal data under its own approved "
    "data-protection policy, kept under review.",
    basis=Basis.RECOMMENDATION,
    uses=(client_document,),
)
def client_data_policy(ctx: RuleContext) -> Outcome:
    """Require a current data-protection policy of every client."""
    return client_document(ctx, PolicyKind.DATA_PROTECTION, what="data-protection policy")


@rules.rule(
    id="P2-5.9-data-terms",
    clause="5.9",
    paraphrase="Before the centre handles any of its customers' data, the client has signed "
    "terms with it on what data is shared, for which purposes and for how long.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "agreements[].data_handling.purposes",
        "agreements[].data_handling.retention_days",
        "agreements[].data_handling.processing_agreement_signed_on",
    ),
    uses=(each_agreement,),
)
def data_terms_before_start(ctx: RuleContext) -> Outcome:
    """Require data-handling terms stating purposes and retention, signed by the first day."""

    def test(agreement: ClientAgreement) -> Problems:
        terms = agreement.data_handling
        if terms is None:
            return ["has no data-handling terms"]
        where = f"agreements[{agreement.id}].data_handling"
        problems = []
        if not ctx.need(terms.purposes, f"{where}.purposes"):
            problems.append("states no purpose for the data shared")
        ctx.need(terms.retention_days, f"{where}.retention_days")
        signed = terms.processing_agreement_signed_on
        if signed is None or signed > ctx.as_of:
            problems.append("has unsigned data-handling terms")
        elif signed > agreement.starts_on:
            problems.append(
                f"data terms signed {signed}, after the service began {agreement.starts_on}"
            )
        return problems

    return each_agreement(
        ctx,
        test,
        conforms="data-handling terms stating purposes and retention, signed before the "
        "service began",
        fields=("starts_on", "data_handling"),
    )
