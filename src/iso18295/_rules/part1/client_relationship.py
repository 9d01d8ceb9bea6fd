"""Part 1, clause 9 (Client relationship)."""

from __future__ import annotations

from datetime import timedelta

from ..._text import all_of
from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis, Method

rules = Registry()


@rules.rule(
    id="P1-9-agreement",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="9",
    paraphrase="The centre serves each client under signed, written terms in force.",
    evidence=("clients[].id", "agreements[].client_id", "agreements[].signed_on"),
)
def signed_agreement_per_client(ctx: Context) -> Outcome:
    """Require a signed agreement in force for every client in scope."""
    clients = ctx.scope.clients
    if not clients:
        return Outcome.insufficient_evidence("no client in scope")
    in_force = ctx.agreements_in_force()
    missing = [
        c
        for c in clients
        if not any(
            a.client_id == c.id and a.signed_on is not None and a.signed_on <= ctx.as_of
            for a in in_force
        )
    ]
    if missing:
        return Outcome.does_not_conform(
            f"no signed agreement in force for {', '.join(c.id for c in missing)}",
            tuple(ctx.evidence("client", c, "id") for c in missing),
        )
    return Outcome.conforms(f"a signed agreement is in force for {all_of(len(clients), 'client')}")


@rules.rule(
    id="P1-9-targets-and-reporting",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="9",
    paraphrase="Each agreement sets the performance measures with targets, and how often the "
    "centre reports on them.",
    evidence=("agreements[].kpi_targets", "agreements[].reporting_frequency"),
)
def targets_and_reporting(ctx: Context) -> Outcome:
    """Require KPI targets and a reporting frequency in every agreement in force."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    lacking = [a for a in agreements if not a.kpi_targets or a.reporting_frequency is None]
    if lacking:
        return Outcome.does_not_conform(
            f"no KPI targets or reporting frequency in {', '.join(a.id for a in lacking)}",
            tuple(
                ctx.evidence("agreement", a, "kpi_targets", "reporting_frequency") for a in lacking
            ),
        )
    return Outcome.conforms(
        f"KPI targets and reporting are set in {all_of(len(agreements), 'agreement')}"
    )


@rules.rule(
    id="P1-9-review",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="9",
    paraphrase="Centre and client review performance together as often as they agreed.",
    evidence=(
        "agreements[].review_frequency",
        "agreements[].last_reviewed_on",
        "agreements[].starts_on",
    ),
)
def joint_review(ctx: Context) -> Outcome:
    """Require each agreement in force to have been reviewed within its review frequency."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
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
            "; ".join(f"{a.id}: {why}" for a, why in problems),
            tuple(
                ctx.evidence("agreement", a, "review_frequency", "last_reviewed_on")
                for a, _ in problems
            ),
        )
    return Outcome.conforms(
        f"{all_of(len(agreements), 'agreement')} reviewed jointly as often as agreed"
    )


@rules.rule(
    id="P1-9-responsibilities",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="9",
    paraphrase="Each agreement divides the responsibilities between client and centre.",
    evidence=("agreements[].responsibilities",),
)
def responsibilities_divided(ctx: Context) -> Outcome:
    """Require a non-empty responsibility matrix in every agreement in force."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    empty = [a for a in agreements if not a.responsibilities]
    if empty:
        return Outcome.does_not_conform(
            f"no division of responsibilities in {', '.join(a.id for a in empty)}",
            tuple(ctx.evidence("agreement", a, "responsibilities") for a in empty),
        )
    return Outcome.conforms(
        f"responsibilities are divided in {all_of(len(agreements), 'agreement')}"
    )


@rules.rule(
    id="P1-9-cooperation",
    part=1,
    clause="9",
    paraphrase="Centre and client cooperate on changes and improvements to the service.",
    basis=Basis.RECOMMENDATION,
    method=Method.JUDGEMENT,
    evidence=("attestations[].verdict",),
)
def cooperation(ctx: Context) -> Outcome:
    """Read the recorded judgement of how centre and client cooperate on change."""
    return ctx.judged("do centre and client work together on changes and improvements?")
