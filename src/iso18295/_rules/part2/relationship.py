"""Part 2, clauses 6.1, 6.2, 6.3, 6.6 and 6.10: what the client agrees with the centre."""

from __future__ import annotations

from ..._model.agreements import ClientAgreement
from ..._model.parties import Client
from ..._model.people import CompetencyArea
from ..._model.policies import PolicyKind
from ..basis import Basis, CheckMethod
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..registry import Registry
from ._client_records import agreements_of, ids
from ._clients import NO_AGREEMENT, Problems, each_agreement, each_client

rules = Registry(part=Part.CLIENT)


@rules.rule(
    id="P2-6.1-agreement",
    basis=Basis.REQUIREMENT,
    clause="6.1",
    paraphrase="The client has an agreement in force with the centre that says which services "
    "the centre provides for it.",
    evidence=("agreements[].services",),
    uses=(agreements_of,),
)
def agreement_with_services(ctx: RuleContext) -> Outcome:
    """Require an agreement in force per client, each naming its services."""

    def test(agreement: ClientAgreement) -> Problems:
        services = ctx.need(agreement.services, f"agreements[{agreement.id}].services")
        return [] if services else ["names no services"]

    return each_agreement(
        ctx, test, conforms="an agreement in force naming its services", fields=("services",)
    )


@rules.rule(
    id="P2-6.2-strategy-assigned",
    basis=Basis.REQUIREMENT,
    method=CheckMethod.JUDGEMENT,
    clause="6.2",
    paraphrase="The client tells the centre the customer experience it is to deliver: the "
    "client's customer-experience strategy has been handed to the centre, and the agreement "
    "under which the centre serves it covers delivering that strategy.",
    # RuleContext.judged names the attester's role in its reason but does not declare it.
    evidence=("attestations[].role",),
    uses=(agreements_of, RuleContext.policies_of, RuleContext.judged),
)
def strategy_in_agreement(ctx: RuleContext) -> Outcome:
    """Ask a person whether each client's experience strategy was handed to the centre.

    The model records a client's strategy (a policy of kind
    ``customer_experience_strategy``) and its agreements, but nothing that
    shows the strategy reaching the centre: a responsibility row is free text.
    So a client with no agreement in force, or no strategy document to hand
    over, does not conform; otherwise an attestation decides.
    """
    problems, handed = [], []
    for client in ctx.need(ctx.scope.clients, "clients"):
        agreements = agreements_of(ctx, client)
        strategies = ctx.policies_of(PolicyKind.CUSTOMER_EXPERIENCE_STRATEGY, party_id=client.id)
        missing = ([NO_AGREEMENT] if not agreements else []) + (
            ["no customer-experience strategy document to hand to the centre"]
            if not strategies
            else []
        )
        if missing:
            problems.append(f"{client.id}: {', '.join(missing)}")
        else:
            handed.append(f"{client.id}: strategy {ids(strategies)}, agreement {ids(agreements)}")
    if problems:
        return Outcome.does_not_conform(
            "; ".join(problems),
            tuple(
                ctx.evidence("client", c, "id")
                for c in ctx.need(ctx.scope.clients, "clients")
                if any(p.startswith(f"{c.id}: ") for p in problems)
            ),
        )
    return ctx.judged(
        "has each client handed its customer-experience strategy to the centre, under an "
        f"agreement that covers delivering it ({'; '.join(handed)})"
    )


@rules.rule(
    id="P2-6.3-competencies",
    basis=Basis.REQUIREMENT,
    clause="6.3",
    paraphrase="The client has agreed with the centre the knowledge of its own products and "
    "processes that agents need: at least one client-specific competency is defined for it.",
    evidence=("competencies[].area", "competencies[].client_id"),
)
def client_competencies(ctx: RuleContext) -> Outcome:
    """Require a client-specific competency in the framework for every client."""

    def test(client: Client) -> Problems:
        if any(
            k.client_id == client.id and k.area is CompetencyArea.CLIENT_SPECIFIC
            for k in ctx.need(ctx.scope.competencies, "competencies")
        ):
            return []
        return ["no client-specific competency defined"]

    return each_client(ctx, test, conforms="client-specific competencies defined")


@rules.rule(
    id="P2-6.6-change-procedure",
    basis=Basis.REQUIREMENT,
    clause="6.6",
    paraphrase="The client has agreed with the centre how changes to the processes the centre "
    "runs for it are requested and agreed.",
    evidence=("agreements[].change_procedure",),
    uses=(agreements_of,),
)
def change_procedure(ctx: RuleContext) -> Outcome:
    """Require a change-procedure reference in every agreement in force."""

    def test(agreement: ClientAgreement) -> Problems:
        return [] if agreement.change_procedure else ["names no change procedure"]

    return each_agreement(
        ctx,
        test,
        conforms="a change procedure agreed with the centre",
        fields=("change_procedure",),
    )


@rules.rule(
    id="P2-6.10-signed-terms",
    clause="6.10",
    paraphrase="The client has formal terms of service with the centre, signed before the "
    "centre starts serving under them.",
    basis=Basis.RECOMMENDATION,
    evidence=("agreements[].signed_on", "agreements[].starts_on"),
    uses=(agreements_of,),
)
def signed_terms(ctx: RuleContext) -> Outcome:
    """Require each agreement in force to be signed no later than its first day."""

    def test(client: Client) -> Problems:
        agreements = agreements_of(ctx, client)
        if not agreements:
            return [NO_AGREEMENT]
        problems = []
        for a in agreements:
            if a.signed_on is None or a.signed_on > ctx.as_of:
                problems.append(f"{a.id} is not signed")
            elif a.signed_on > a.starts_on:
                problems.append(f"{a.id} signed {a.signed_on}, after it began {a.starts_on}")
        return problems

    return each_client(
        ctx,
        test,
        conforms="agreements signed before they began",
        evidence=lambda c: tuple(
            ctx.evidence("agreement", a, "signed_on", "starts_on") for a in agreements_of(ctx, c)
        ),
    )
