"""Part 1, clause 9 (Client relationship).

The clause's content is inferred from its title and Annex B (agree the service terms,
measures and reporting with the client, review performance together, cooperate on change):
every rule here checks our interpretation.
"""

from __future__ import annotations

from datetime import timedelta

from ..._model.common import Party
from ..._text import all_of, count
from ..basis import Basis, CheckMethod
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..registry import Registry

rules = Registry(part=Part.CENTRE, clause="9")

_NO_AGREEMENT = "no client agreement in force on the assessment date"


@rules.rule(
    id="P1-9-agreement",
    basis=Basis.INTERPRETATION,
    paraphrase="The centre serves each client under signed, written terms in force.",
    evidence=("clients", "agreements[].client_id", "agreements[].signed_on"),
    uses=(RuleContext.agreements_in_force,),
)
def signed_agreement_per_client(ctx: RuleContext) -> Outcome:
    """Require a signed agreement in force for every client in scope.

    An agreement whose ``signed_on`` is None is unsigned (the model's meaning).
    """
    clients = ctx.need(ctx.scope.clients, "clients")
    if not clients:
        return Outcome.insufficient_evidence("no client in scope")
    in_force = ctx.agreements_in_force()
    signed = {
        a.client_id for a in in_force if a.signed_on is not None and a.signed_on <= ctx.as_of
    }
    missing = [c for c in clients if c.id not in signed]
    if missing:
        return Outcome.does_not_conform(
            f"no signed agreement in force for {', '.join(c.id for c in missing)} "
            f"(of {count(len(clients), 'client')}; {count(len(in_force), 'agreement')} in force)",
            tuple(ctx.evidence("client", c) for c in missing),
        )
    return Outcome.conforms(
        f"a signed agreement is in force for {all_of(len(clients), 'client')}",
        tuple(ctx.evidence("agreement", a, "signed_on") for a in in_force),
        seen=len(clients),
    )


@rules.rule(
    id="P1-9-targets-and-reporting",
    basis=Basis.INTERPRETATION,
    paraphrase="Each agreement sets the performance measures with targets, and how often the "
    "centre reports on them.",
    evidence=("agreements[].kpi_targets", "agreements[].reporting_frequency"),
    uses=(RuleContext.agreements_in_force,),
)
def targets_and_reporting(ctx: RuleContext) -> Outcome:
    """Require KPI targets and a reporting frequency in every agreement in force."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    lacking = [
        a
        for a in agreements
        if not ctx.need(a.kpi_targets, f"agreements[{a.id}].kpi_targets")
        or a.reporting_frequency is None
    ]
    if lacking:
        return Outcome.does_not_conform(
            f"no KPI targets or reporting frequency in {', '.join(a.id for a in lacking)} "
            f"(of {count(len(agreements), 'agreement')} in force)",
            tuple(
                ctx.evidence("agreement", a, "kpi_targets", "reporting_frequency") for a in lacking
            ),
        )
    n_targets = sum(
        len(ctx.need(a.kpi_targets, f"agreements[{a.id}].kpi_targets")) for a in agreements
    )
    return Outcome.conforms(
        f"{all_of(len(agreements), 'agreement')} in force set KPI targets ({n_targets} in all) "
        "and a reporting frequency",
        tuple(
            ctx.evidence("agreement", a, "kpi_targets", "reporting_frequency") for a in agreements
        ),
        seen=len(agreements),
    )


@rules.rule(
    id="P1-9-review",
    basis=Basis.INTERPRETATION,
    paraphrase="Centre and client review performance together as often as they agreed.",
    evidence=("agreements[].review_frequency", "agreements[].last_reviewed_on"),
    uses=(RuleContext.agreements_in_force,),
)
def joint_review(ctx: RuleContext) -> Outcome:
    """Require each agreement in force to have been reviewed within its review frequency.

    No review frequency agreed does not conform; ``last_reviewed_on`` None
    means never reviewed (the model's meaning), which does not conform once
    the first review period since the agreement started has passed.
    """
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    problems = []
    for a in agreements:
        if a.review_frequency is None:
            problems.append((a, "no review frequency agreed"))
            continue
        window = timedelta(days=a.review_frequency.days)
        last = (
            a.last_reviewed_on if a.last_reviewed_on and a.last_reviewed_on <= ctx.as_of else None
        )
        if last is None and ctx.as_of - a.starts_on > window:
            problems.append((a, f"never reviewed ({a.review_frequency.value} agreed)"))
        elif last is not None and ctx.as_of - last > window:
            problems.append((a, f"last reviewed {last} ({a.review_frequency.value} agreed)"))
    if problems:
        return Outcome.does_not_conform(
            f"of {count(len(agreements), 'agreement')} in force: "
            + "; ".join(f"{a.id}: {why}" for a, why in problems),
            tuple(
                ctx.evidence("agreement", a, "review_frequency", "last_reviewed_on")
                for a, _ in problems
            ),
        )
    return Outcome.conforms(
        f"{all_of(len(agreements), 'agreement')} in force reviewed jointly as often as agreed",
        tuple(
            ctx.evidence("agreement", a, "review_frequency", "last_reviewed_on")
            for a in agreements
        ),
        seen=len(agreements),
    )


@rules.rule(
    id="P1-9-responsibilities",
    basis=Basis.INTERPRETATION,
    paraphrase="Each agreement divides the responsibilities between client and centre: it "
    "assigns some to the client and some to the centre.",
    evidence=("agreements[].responsibilities[].owner",),
    uses=(RuleContext.agreements_in_force,),
)
def responsibilities_divided(ctx: RuleContext) -> Outcome:
    """Require, per agreement in force, responsibilities owned by the client and by the centre.

    A division needs both parties: rows owned only by one side (or only shared
    rows) divide nothing.  Shared rows count for neither side.
    """
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    problems = []
    for a in agreements:
        rows = ctx.need(a.responsibilities, f"agreements[{a.id}].responsibilities")
        owners = {r.owner for r in rows}
        lacking = [p.value for p in (Party.CLIENT, Party.CENTRE) if p not in owners]
        if lacking:
            rows_text = count(len(rows), "responsibility", "responsibilities")
            problems.append((a, f"{rows_text}, none owned by the {' or the '.join(lacking)}"))
    if problems:
        return Outcome.does_not_conform(
            "responsibilities not divided between client and centre in "
            + "; ".join(f"{a.id} ({why})" for a, why in problems),
            tuple(ctx.evidence("agreement", a, "responsibilities") for a, _ in problems),
        )
    return Outcome.conforms(
        f"{all_of(len(agreements), 'agreement')} in force assign responsibilities to both the "
        "client and the centre",
        tuple(ctx.evidence("agreement", a, "responsibilities") for a in agreements),
        seen=len(agreements),
    )


@rules.rule(
    id="P1-9-cooperation",
    basis=Basis.INTERPRETATION,
    paraphrase="Centre and client cooperate on changes and improvements to the service.",
    method=CheckMethod.JUDGEMENT,
    uses=(RuleContext.judged,),
)
def cooperation(ctx: RuleContext) -> Outcome:
    """Read the recorded judgement of how centre and client cooperate on change."""
    return ctx.judged("do centre and client work together on changes and improvements?")
