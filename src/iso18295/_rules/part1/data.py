"""Part 1, clause 8.3 (Customer data): content inferred from the title (our interpretation)."""

from __future__ import annotations

from ..._model.agreements import ClientAgreement
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..registry import Registry
from ..shared.documents import centre_id, current_document

rules = Registry(part=Part.CENTRE, clause="8.3")


@rules.rule(
    id="P1-8.3-policy",
    basis=Basis.INTERPRETATION,
    paraphrase="The centre protects customers' personal data under an approved data-protection "
    "policy that is kept under review.",
    uses=(current_document, centre_id),
)
def data_protection_policy(ctx: RuleContext) -> Outcome:
    """Require a current data-protection policy of the centre."""
    return current_document(
        ctx, PolicyKind.DATA_PROTECTION, party_id=centre_id(ctx), what="data-protection policy"
    )


@rules.rule(
    id="P1-8.3-agreed-use",
    basis=Basis.INTERPRETATION,
    paraphrase="Customer data is used only as agreed with each client: every agreement in "
    "force states the purposes and retention, under signed data-processing terms.",
    evidence=(
        "agreements[].data_handling.purposes",
        "agreements[].data_handling.retention_days",
        "agreements[].data_handling.processing_agreement_signed_on",
    ),
    uses=(RuleContext.agreements_in_force,),
)
def data_use_agreed(ctx: RuleContext) -> Outcome:
    """Require data-handling terms stating purposes and retention, signed, per agreement in force.

    An agreement without data-handling terms, or whose terms were not signed by
    the assessment date, does not conform (the model's None there means "none",
    see `DataHandlingTerms`); purposes or retention that were not supplied give
    insufficient evidence (`RuleContext.need`); purposes supplied but empty do not
    conform.
    """
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    problems: list[tuple[ClientAgreement, str]] = []
    for a in agreements:
        terms = a.data_handling
        if terms is None:
            problems.append((a, "no data-handling terms"))
            continue
        where = f"agreements[{a.id}].data_handling"
        purposes = ctx.need(terms.purposes, f"{where}.purposes")
        ctx.need(terms.retention_days, f"{where}.retention_days")
        signed = terms.processing_agreement_signed_on
        if not purposes:
            problems.append((a, "no purpose stated for customer data"))
        if signed is None or signed > ctx.as_of:
            problems.append((a, f"data-processing terms not signed by {ctx.as_of}"))
    if problems:
        return Outcome.does_not_conform(
            f"of {count(len(agreements), 'agreement')} in force: "
            + "; ".join(f"{a.id}: {why}" for a, why in problems),
            tuple(ctx.evidence("agreement", a, "data_handling") for a in dict(problems)),
        )
    return Outcome.conforms(
        f"{all_of(len(agreements), 'agreement')} in force state purposes and retention for "
        "customer data under signed data-processing terms",
        tuple(ctx.evidence("agreement", a, "data_handling") for a in agreements),
        seen=len(agreements),
    )
