"""Part 1, clause 8.3 (Customer data)."""

from __future__ import annotations

from ..._model.agreements import DataHandlingTerms
from ..._model.policies import PolicyKind
from ..._text import all_of
from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis
from ..documents import centre_id, current_document

rules = Registry(part=1, clause="8.3")


@rules.rule(
    id="P1-8.3-policy",
    basis=Basis.INTERPRETATION,
    paraphrase="The centre protects customers' personal data under an approved data-protection "
    "policy that is kept under review.",
    uses=(current_document, centre_id),
)
def data_protection_policy(ctx: Context) -> Outcome:
    """Require a current data-protection policy of the centre."""
    return current_document(
        ctx, PolicyKind.DATA_PROTECTION, party_id=centre_id(ctx), what="data-protection policy"
    )


@rules.rule(
    id="P1-8.3-agreed-use",
    basis=Basis.INTERPRETATION,
    paraphrase="Customer data is used only as agreed with each client: every agreement in "
    "force states the purposes and retention, under signed data-processing terms.",
    evidence=("agreements[].data_handling.processing_agreement_signed_on",),
    uses=(Context.agreements_in_force,),
)
def data_use_agreed(ctx: Context) -> Outcome:
    """Require signed data-handling terms in every agreement in force."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")

    def signed(terms: DataHandlingTerms | None) -> bool:
        day = terms.processing_agreement_signed_on if terms is not None else None
        return day is not None and day <= ctx.as_of

    lacking = [a for a in agreements if not signed(a.data_handling)]
    if lacking:
        return Outcome.does_not_conform(
            f"no signed data-handling terms in {', '.join(a.id for a in lacking)}",
            tuple(ctx.evidence("agreement", a, "data_handling") for a in lacking),
        )
    return Outcome.conforms(
        f"data-handling terms are signed in {all_of(len(agreements), 'agreement')}",
        seen=len(agreements),
    )
