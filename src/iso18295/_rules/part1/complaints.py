"""Part 1, clause 4.4 (Complaints handling)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..context import HAS_COMPLAINTS, Context
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..rule import Basis
from ..documents import centre_id, current_document

rules = Registry()


@rules.rule(
    id="P1-4.4-procedure",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.4",
    paraphrase="The centre runs a documented complaints-handling process that is approved "
    "and kept under review, covering complaints about the contact and about the client's "
    "products.",
    evidence=("policies[].kind", "policies[].approved_on", "policies[].last_reviewed_on"),
)
def complaints_procedure(ctx: Context) -> Outcome:
    """Require a current complaints-handling procedure of the centre."""
    return current_document(
        ctx, PolicyKind.COMPLAINTS_HANDLING, party_id=centre_id(ctx), what="complaints procedure"
    )


def working_days_between(start: date, end: date) -> int:
    """Count working days (Monday to Friday) after `start` up to and including `end`.

    Examples
    --------
    Received on Thursday 5 March 2026, acknowledged on Saturday 7 March: only
    Friday counts.  Friday to the next Tuesday: Monday and Tuesday.

    >>> working_days_between(date(2026, 3, 5), date(2026, 3, 7))
    1
    >>> working_days_between(date(2026, 3, 6), date(2026, 3, 10))
    2
    """
    day = timedelta(days=1)
    return int(np.busday_count(start + day, end + day))


@rules.rule(
    id="P1-4.4-acknowledge",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.4",
    paraphrase="Every complaint is acknowledged to the customer, within the number of working "
    "days agreed with the client.",
    evidence=(
        "complaints[].received_at",
        "complaints[].acknowledged_at",
        "complaints[].client_id",
        "agreements[].complaint_acknowledgement_days",
    ),
    applies_if=(HAS_COMPLAINTS,),
)
def complaints_acknowledged(ctx: Context) -> Outcome:
    """Require every complaint received by `as_of` to be acknowledged in the agreed time."""
    centre = ctx.scope.centre
    zone = ZoneInfo(centre.time_zone) if centre is not None else UTC

    def local(moment: datetime) -> date:  # calendar days in the centre's time zone
        return moment.astimezone(zone).date()

    received = [c for c in ctx.scope.complaints if local(c.received_at) <= ctx.as_of]
    late, unknown = [], []
    for complaint in received:
        day = local(complaint.received_at)
        limit = next(
            (
                a.complaint_acknowledgement_days
                for a in ctx.scope.agreements_for(complaint.client_id)
                if a.is_in_force_on(day) and a.complaint_acknowledgement_days is not None
            ),
            None,
        )
        if limit is None:
            unknown.append(complaint)
            continue
        acknowledged = complaint.acknowledged_at
        if acknowledged is None or local(acknowledged) > ctx.as_of:
            if working_days_between(day, ctx.as_of) > limit:
                late.append(complaint)
        elif working_days_between(day, local(acknowledged)) > limit:
            late.append(complaint)
    fields = ("received_at", "acknowledged_at")
    in_time = len(received) - len(late) - len(unknown)
    measure = Measurement(
        name="complaints acknowledged in the agreed time",
        observed=in_time / len(received),
        expected=1.0,
        comparison="at_least",
        unit="share",
        numerator=in_time,
        denominator=len(received),
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
    return Outcome.conforms(
        f"{all_of(len(received), 'complaint')} acknowledged within the agreed time",
        (),
        (measure,),
    )


@rules.rule(
    id="P1-4.4-division",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="4.4",
    paraphrase="For each client, who resolves which complaints (about the contact, about the "
    "client's products or policies) is agreed.",
    evidence=("agreements[].responsibilities",),
)
def complaints_division(ctx: Context) -> Outcome:
    """Require every agreement in force to assign complaint responsibilities."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    missing = [
        a
        for a in agreements
        if not any("complaint" in r.topic.lower() for r in a.responsibilities)
    ]
    evidence = tuple(ctx.evidence("agreement", a, "responsibilities") for a in missing)
    if missing:
        return Outcome.does_not_conform(
            f"no responsibility for complaints assigned in {', '.join(a.id for a in missing)}",
            evidence,
        )
    return Outcome.conforms(
        f"complaint responsibilities are assigned in {all_of(len(agreements), 'agreement')}"
    )
