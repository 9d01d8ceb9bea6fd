"""Part 2, clauses 6.1, 6.2, 6.3, 6.6 and 6.10: what the client agrees with the centre."""

from __future__ import annotations

from ..._model.agreements import ClientAgreement
from ..._model.parties import Client
from ..._model.people import CompetencyArea
from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis
from ._clients import NO_AGREEMENT, Problems, client_agreements, each_agreement, each_client

rules = Registry()


@rules.rule(
    id="P2-6.1-agreement",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.1",
    paraphrase="The client has an agreement in force with the centre that says which services "
    "the centre provides for it.",
    evidence=(
        "agreements[].client_id",
        "agreements[].starts_on",
        "agreements[].ends_on",
        "agreements[].services",
    ),
)
def agreement_with_services(ctx: Context) -> Outcome:
    """Require an agreement in force per client, each naming its services."""

    def test(agreement: ClientAgreement) -> Problems:
        return [] if agreement.services else ["names no services"]

    return each_agreement(
        ctx, test, conforms="an agreement in force naming its services", fields=("services",)
    )


@rules.rule(
    id="P2-6.2-strategy-assigned",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.2",
    paraphrase="The client's agreement with the centre covers the customer-experience "
    "strategy the centre is to deliver: its responsibility matrix has a row for it.",
    evidence=("agreements[].responsibilities[].topic",),
)
def strategy_in_agreement(ctx: Context) -> Outcome:
    """Require a responsibility row about the customer-experience strategy in each agreement."""

    def test(agreement: ClientAgreement) -> Problems:
        if any("experience" in r.topic.lower() for r in agreement.responsibilities):
            return []
        return ["does not cover the customer-experience strategy"]

    return each_agreement(
        ctx,
        test,
        conforms="the customer-experience strategy covered in their agreements",
        fields=("responsibilities",),
    )


@rules.rule(
    id="P2-6.3-competencies",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.3",
    paraphrase="The client has agreed with the centre the knowledge of its own products and "
    "processes that agents need: at least one client-specific competency is defined for it.",
    evidence=("competencies[].area", "competencies[].client_id"),
)
def client_competencies(ctx: Context) -> Outcome:
    """Require a client-specific competency in the framework for every client."""

    def test(client: Client) -> Problems:
        if any(
            k.client_id == client.id and k.area is CompetencyArea.CLIENT_SPECIFIC
            for k in ctx.scope.competencies
        ):
            return []
        return ["no client-specific competency defined"]

    return each_client(ctx, test, conforms="client-specific competencies defined")


@rules.rule(
    id="P2-6.6-change-procedure",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.6",
    paraphrase="The client has agreed with the centre how changes to the processes the centre "
    "runs for it are requested and agreed.",
    evidence=("agreements[].change_procedure",),
)
def change_procedure(ctx: Context) -> Outcome:
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
    part=2,
    clause="6.10",
    paraphrase="The client has formal terms of service with the centre, signed before the "
    "centre starts serving under them.",
    basis=Basis.RECOMMENDATION,
    evidence=("agreements[].signed_on", "agreements[].starts_on"),
)
def signed_terms(ctx: Context) -> Outcome:
    """Require each agreement in force to be signed no later than its first day."""

    def test(client: Client) -> Problems:
        agreements = client_agreements(ctx, client)
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
            ctx.evidence("agreement", a, "signed_on", "starts_on")
            for a in client_agreements(ctx, c)
        ),
    )
