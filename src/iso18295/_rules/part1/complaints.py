"""Part 1, clause 4.4 (Complaints handling)."""

from __future__ import annotations

from datetime import date

from ..._model.agreements import ClientAgreement
from ..._model.calendar import WorkingCalendar
from ..._model.complaints import Complaint
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import HAS_COMPLAINTS, RuleContext
from ..outcome import Measurement, NotSupplied, Outcome
from ..reads import reads
from ..registry import Registry
from ..shared.documents import centre_id, current_document

rules = Registry(part=Part.CENTRE, clause="4.4")


@rules.rule(
    id="P1-4.4-procedure",
    basis=Basis.REQUIREMENT,
    paraphrase="The centre runs a documented complaints-handling process that is approved "
    "and kept under review, covering complaints about the contact and about the client's "
    "products.",
    uses=(current_document, centre_id),
)
def complaints_procedure(ctx: RuleContext) -> Outcome:
    """Require a current complaints-handling procedure of the centre."""
    return current_document(
        ctx, PolicyKind.COMPLAINTS_HANDLING, party_id=centre_id(ctx), what="complaints procedure"
    )


@reads("centre.working_days", "centre.holidays")
def working_calendar(ctx: RuleContext) -> WorkingCalendar:
    """Return the centre's working calendar (its working week less its holidays).

    Stops the check (see `RuleContext.need`), naming what to supply, if the centre's
    working days or holidays are not stated: an unstated holiday list is never
    read as "no holidays".
    """
    centre = ctx.need(ctx.scope.centre, "centre")
    unstated = [
        path
        for path, value in (
            ("centre.working_days", centre.working_days),
            ("centre.holidays", centre.holidays),
        )
        if value is None
    ]
    if unstated:
        raise NotSupplied(*unstated)
    return ctx.need(centre.calendar(), "centre.working_days")  # stated: never stops here


@reads("complaints[].received_at", uses=(RuleContext.local_date,))
def complaints_received(ctx: RuleContext) -> list[Complaint]:
    """Return the complaints received by `as_of`, dated in the centre's time zone.

    Stops the check (see `RuleContext.need`) if the complaints were not supplied.
    """
    complaints = ctx.need(ctx.scope.complaints, "complaints")
    return [c for c in complaints if ctx.local_date(c.received_at) <= ctx.as_of]


@reads(
    "agreements[].client_id",
    "agreements[].starts_on",
    "agreements[].ends_on",
    "agreements[].complaint_acknowledgement_days",
)
def agreed_acknowledgement_days(ctx: RuleContext, client_id: str, day: date) -> int | None:
    """Return the working days to acknowledge set by the client's agreement in force on `day`.

    None when no agreement in force that day sets one.  Stops the check (see
    `RuleContext.need`) if the agreements were not supplied.
    """
    agreements: tuple[ClientAgreement, ...] = ctx.need(ctx.scope.agreements, "agreements")
    return next(
        (
            a.complaint_acknowledgement_days
            for a in agreements
            if a.client_id == client_id
            and a.is_in_force_on(day)
            and a.complaint_acknowledgement_days is not None
        ),
        None,
    )


@rules.rule(
    id="P1-4.4-acknowledge",
    basis=Basis.INTERPRETATION,
    paraphrase="Every complaint is acknowledged to the customer, within the number of working "
    "days agreed with the client, counted on the centre's working calendar.",
    evidence=("complaints[].acknowledged_at", "complaints[].client_id"),
    uses=(
        complaints_received,
        agreed_acknowledgement_days,
        working_calendar,
        RuleContext.local_date,
    ),
    applies_if=(HAS_COMPLAINTS,),
)
def complaints_acknowledged(ctx: RuleContext) -> Outcome:
    """Require every complaint received by `as_of` to be acknowledged in the agreed time.

    Days are dated in the centre's time zone (`RuleContext.local_date`), as the
    condition that makes the rule apply dates them, and counted on the centre's
    working calendar (`working_calendar`): its working days less its holidays.
    """
    received = complaints_received(ctx)
    if not received:  # the condition rules this out; kept so the check never divides by 0
        return Outcome.not_applicable(HAS_COMPLAINTS.unmet)
    calendar = working_calendar(ctx)
    late, unknown = [], []
    for complaint in received:
        day = ctx.local_date(complaint.received_at)
        limit = agreed_acknowledgement_days(ctx, complaint.client_id, day)
        if limit is None:
            unknown.append(complaint)
            continue
        acknowledged = complaint.acknowledged_at
        if acknowledged is None or ctx.local_date(acknowledged) > ctx.as_of:
            if calendar.working_days_between(day, ctx.as_of) > limit:
                late.append(complaint)
        elif calendar.working_days_between(day, ctx.local_date(acknowledged)) > limit:
            late.append(complaint)
    fields = ("received_at", "acknowledged_at")
    judged = len(received) - len(unknown)
    in_time = judged - len(late)
    measure = Measurement.all_records(
        "complaints acknowledged in the agreed time", in_time, judged
    )
    if late:
        never = [c.id for c in late if c.acknowledged_at is None]
        detail = f"; never acknowledged: {', '.join(never)}" if never else ""
        return Outcome.does_not_conform(
            f"{len(late)} of {count(len(received), 'complaint')} not acknowledged in the agreed "
            f"time{detail}",
            tuple(ctx.evidence("complaint", c, *fields) for c in late),
            (measure,),
        )
    if unknown:
        return Outcome.insufficient_evidence(
            f"no agreed acknowledgement time for {count(len(unknown), 'complaint')} (no "
            "agreement in force on the day received sets one)",
            tuple(ctx.evidence("complaint", c, "client_id") for c in unknown),
        )
    verb = "was" if len(received) == 1 else "were"
    return Outcome.conforms(
        f"{all_of(len(received), 'complaint')} received by {ctx.as_of} {verb} acknowledged "
        "within the agreed time",
        (),
        (measure,),
        seen=len(received),
    )


@rules.rule(
    id="P1-4.4-division",
    basis=Basis.REQUIREMENT,
    paraphrase="For each client, who resolves which complaints (about the contact, about the "
    "client's products or policies) is agreed.",
    evidence=("agreements[].responsibilities[].topic",),
    uses=(RuleContext.agreements_in_force,),
)
def complaints_division(ctx: RuleContext) -> Outcome:
    """Require every agreement in force to assign complaint responsibilities."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    missing = [
        a
        for a in agreements
        if not any(
            "complaint" in r.topic.lower()
            for r in ctx.need(a.responsibilities, f"agreements[{a.id}].responsibilities")
        )
    ]
    evidence = tuple(ctx.evidence("agreement", a, "responsibilities") for a in missing)
    if missing:
        return Outcome.does_not_conform(
            f"no responsibility for complaints assigned in {', '.join(a.id for a in missing)}",
            evidence,
        )
    return Outcome.conforms(
        f"complaint responsibilities are assigned in {all_of(len(agreements), 'agreement')} "
        "in force",
        seen=len(agreements),
    )
