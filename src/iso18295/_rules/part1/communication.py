"""Part 1, clause 6.5 (Communication of information to employees)."""

from __future__ import annotations

from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Measurement, Outcome
from ..registry import Registry
from .customers import no_update_in_effect, updates_in_effect

rules = Registry(part=Part.CENTRE, clause="6.5")


@rules.rule(
    id="P1-6.5-briefed",
    paraphrase="Agents are told about client changes (products, prices, policies, campaigns) "
    "no later than the day the change takes effect.",
    basis=Basis.INTERPRETATION,
    evidence=("information_updates[].briefed_on",),
    uses=(updates_in_effect,),
)
def agents_briefed(ctx: RuleContext) -> Outcome:
    """Require every update in effect by `as_of` briefed to agents by its effective day.

    An update without an effective day takes effect when the client sends it.
    """
    due = updates_in_effect(ctx)
    if not due:
        return no_update_in_effect(ctx)
    late = [
        u
        for u in due
        if u.briefed_on is None
        or u.briefed_on > ctx.as_of
        or u.briefed_on > (u.effective_on or u.sent_on)
    ]
    measure = Measurement.all_records(
        "client updates briefed to agents by the day they took effect",
        len(due) - len(late),
        len(due),
    )
    if late:
        shown = "; ".join(
            f"{u.id} (effective {u.effective_on or u.sent_on}, "
            + (
                f"briefed {u.briefed_on})"
                if u.briefed_on is not None and u.briefed_on <= ctx.as_of
                else "not briefed)"
            )
            for u in late
        )
        return Outcome.does_not_conform(
            f"{len(late)} of {count(len(due), 'client update')} not briefed to agents by the "
            f"day it took effect: {shown}",
            tuple(
                ctx.evidence("information update", u, "effective_on", "briefed_on") for u in late
            ),
            (measure,),
        )
    return Outcome.conforms(
        f"{all_of(len(due), 'client update')} in effect briefed to agents by the day of "
        "taking effect",
        (),
        (measure,),
        seen=len(due),
    )
