"""Assessments the report tests render: every status, and personal-data sentinels."""

from __future__ import annotations

import math
from datetime import date, datetime

import attrs

import builders as b
from iso18295 import (
    Assessment,
    Basis,
    CheckMethod,
    Measurement,
    Outcome,
    Part,
    RuleContext,
    Scope,
    Verdict,
    Waiver,
    assess,
    default_registry,
)

AS_OF: date = b.AS_OF

CUSTOMER_SENTINEL = "ZZ-CUSTOMER-SENTINEL-917"
AGENT_SENTINEL = "Zebulon Sentinelsson-4242"


def exploding(ctx: RuleContext) -> Outcome:
    raise RuntimeError("the check fell over")


def undefined_share(ctx: RuleContext) -> Outcome:
    # 0 of 0 records: the share is undefined (NaN); one more NaN in the denominator.
    return Outcome.does_not_conform(
        "measured nothing",
        measurements=(
            Measurement(
                name="share of nothing",
                observed=math.nan,
                expected=1.0,
                comparison="at_least",
                unit="share",
                numerator=0,
                denominator=0,
            ),
            Measurement(name="odd ratio", observed=0.5, numerator=1, denominator=math.nan),
        ),
    )


def every_status_assessment() -> Assessment:
    """One finding of each of the 8 statuses (plus the conforming rest)."""
    scope = b.conforming_scope()
    # does not conform: the data-protection policy is overdue.
    scope = b.break_data_policy(scope)
    # waived: the continuity policy is overdue, under a waiver in force.  A second,
    # expired waiver adds a note.
    scope = b.break_continuity_policy(scope)
    waivers = (
        Waiver(
            id="W-1",
            rule_id="P1-8.5-policy",
            justification="rewrite under way",
            approved_by_role="Operations director",
            granted_on=date(2026, 3, 1),
            expires_on=date(2026, 6, 30),
        ),
        Waiver(
            id="W-0",
            rule_id="P1-8.3-policy",
            justification="old waiver",
            approved_by_role="Operations director",
            granted_on=date(2025, 1, 1),
            expires_on=date(2025, 12, 31),
        ),
    )
    # partially conforms: the cooperation attestation says "partly".
    attestations = tuple(
        attrs.evolve(a, verdict=Verdict.PARTIALLY_CONFORMS)
        if a.rule_id == "P1-9-cooperation"
        else a
        for a in scope.attestations
    )
    # not applicable: no complaints.  insufficient evidence: the plan does not line up.
    (plan,) = scope.staffing_plans
    scope = attrs.evolve(
        scope,
        complaints=(),
        waivers=waivers,
        attestations=attestations,
        staffing_plans=(attrs.evolve(plan, rostered_agents=(20, 20)),),
    )
    registry = default_registry()
    # needs review: a judgement rule with no attestation; error: a rule that raises.
    registry.rule(
        basis=Basis.REQUIREMENT,
        id="X-9-judged",
        part=Part.CENTRE,
        clause="9",
        paraphrase="p",
        method=CheckMethod.JUDGEMENT,
    )(lambda ctx: ctx.judged("is it good?"))
    registry.rule(
        basis=Basis.REQUIREMENT, id="X-9-raises", part=Part.CENTRE, clause="9", paraphrase="p"
    )(exploding)
    registry.rule(
        basis=Basis.REQUIREMENT, id="X-9-undefined", part=Part.CENTRE, clause="9", paraphrase="p"
    )(undefined_share)
    return assess(scope, as_of=AS_OF, registry=registry)


def sentinel_scope() -> Scope:
    """An unacknowledged complaint by a sentinel customer; a sentinel agent not inducted."""
    scope = b.break_induction(b.conforming_scope())  # agent A002 fails induction
    scope = b.with_agent(scope, "A002", name=AGENT_SENTINEL)
    (template,) = scope.complaints
    late = attrs.evolve(
        template,
        id="cmp-late",
        customer_reference=CUSTOMER_SENTINEL,
        # Received Thursday 26 March, never acknowledged: 4 working days > 2 by AS_OF.
        received_at=datetime(2026, 3, 26, 11, 0, tzinfo=b.DUBLIN),
        acknowledged_at=None,
    )
    return attrs.evolve(scope, complaints=(late,))
