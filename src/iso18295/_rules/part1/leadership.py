"""Part 1, clause 5 (Customer-focused leadership).

5.1 General; 5.2 Customer experience design and delivery; 5.3 Employee
satisfaction/engagement.
"""

from __future__ import annotations

from ..._model.agreements import ClientAgreement
from ..._model.people import EngagementSurvey
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..context import Context
from ..outcome import Measurement, Outcome
from ..registry import Registry
from ..rule import Basis, Method
from ..documents import centre_id, current_document
from ._staff import year_start

rules = Registry()

_NO_AGREEMENT = "no client agreement in force on the assessment date"


# --- 5.1 General --------------------------------------------------------------------------


@rules.rule(
    id="P1-5.1-leadership",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="5.1",
    paraphrase="The centre's leadership takes ownership of meeting this standard and of the "
    "customer-experience strategy agreed with each client, and gives the resources for it.",
    method=Method.JUDGEMENT,
    evidence=("attestations[].verdict",),
)
def leadership(ctx: Context) -> Outcome:
    """Read the recorded judgement of leadership commitment."""
    return ctx.judged(
        "does leadership own the standard's application and the agreed experience strategy, "
        "and provide the resources?"
    )


# --- 5.2 Customer experience design and delivery -------------------------------------------


@rules.rule(
    id="P1-5.2-measures-per-channel",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="5.2",
    paraphrase="Performance measures are agreed with the client for every channel the centre "
    "handles for it.",
    evidence=("agreements[].channel_ids", "agreements[].kpi_targets[].channel_id"),
)
def measures_per_channel(ctx: Context) -> Outcome:
    """Require a KPI target (for the channel or for all channels) on every agreed channel."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    gaps: list[tuple[ClientAgreement, str]] = []
    n_channels = 0
    for a in agreements:
        covered = {t.channel_id for t in a.kpi_targets}
        n_channels += len(a.channel_ids)
        gaps.extend((a, c) for c in a.channel_ids if c not in covered and None not in covered)
    if gaps:
        return Outcome.does_not_conform(
            "no performance measure agreed for " + ", ".join(f"{c} in {a.id}" for a, c in gaps),
            tuple(
                ctx.evidence("agreement", a, "kpi_targets")
                for a in dict.fromkeys(a for a, _ in gaps)
            ),
        )
    return Outcome.conforms(
        f"performance measures are agreed for {all_of(n_channels, 'agreed channel')}"
    )


@rules.rule(
    id="P1-5.2-client-strategy",
    part=1,
    clause="5.2",
    paraphrase="The centre designs its service to each client's customer-experience strategy: "
    "the client's current, approved strategy is on record.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "agreements[].client_id",
        "policies[].kind",
        "policies[].party_id",
        "policies[].approved_on",
        "policies[].last_reviewed_on",
    ),
)
def client_strategy(ctx: Context) -> Outcome:
    """Require a current customer-experience strategy of every client served."""
    clients = list(dict.fromkeys(a.client_id for a in ctx.agreements_in_force()))
    if not clients:
        return Outcome.insufficient_evidence(_NO_AGREEMENT)
    outcomes = [
        current_document(
            ctx,
            PolicyKind.CUSTOMER_EXPERIENCE_STRATEGY,
            party_id=c,
            what="customer-experience strategy",
        )
        for c in clients
    ]
    failed = [o for o in outcomes if o.status.is_nonconformity]
    if failed:
        return Outcome.does_not_conform(
            "; ".join(o.reason for o in failed),
            tuple(e for o in failed for e in o.evidence),
        )
    return Outcome.conforms(
        f"a current customer-experience strategy is on record for {all_of(len(clients), 'client')}"
    )


# --- 5.3 Employee satisfaction/engagement --------------------------------------------------


def _recent_surveys(ctx: Context) -> list[EngagementSurvey]:
    since = year_start(ctx)
    return sorted(
        (s for s in ctx.scope.engagement_surveys if since <= s.conducted_on <= ctx.as_of),
        key=lambda s: (s.conducted_on, s.id),
    )


@rules.rule(
    id="P1-5.3-survey",
    basis=Basis.REQUIREMENT,
    part=1,
    clause="5.3",
    paraphrase="The centre measures its employees' satisfaction and engagement at least once "
    "a year.",
    evidence=("engagement_surveys[].conducted_on", "engagement_surveys[].responded"),
)
def engagement_measured(ctx: Context) -> Outcome:
    """Require an engagement survey closed within the last 366 days."""
    since = year_start(ctx)
    surveys = _recent_surveys(ctx)
    if not surveys:
        done = [
            s.conducted_on for s in ctx.scope.engagement_surveys if s.conducted_on <= ctx.as_of
        ]
        last = f"; the last closed on {max(done)}" if done else ""
        return Outcome.does_not_conform(f"no engagement survey since {since}{last}")
    latest = surveys[-1]
    measure = Measurement(
        name="staff who responded to the latest engagement survey",
        observed=latest.response_share,
        unit="share",
        numerator=latest.responded,
        denominator=latest.invited,
    )
    return Outcome.conforms(
        f"engagement survey {latest.id} closed on {latest.conducted_on}",
        (ctx.evidence("engagement survey", latest, "conducted_on", "responded"),),
        (measure,),
    )


@rules.rule(
    id="P1-5.3-actions",
    part=1,
    clause="5.3",
    paraphrase="The results of the latest engagement survey lead to decided actions that "
    "improve the working climate.",
    basis=Basis.RECOMMENDATION,
    evidence=("engagement_surveys[].actions", "engagement_surveys[].conducted_on"),
)
def engagement_actions(ctx: Context) -> Outcome:
    """Require actions on the latest engagement survey of the last 366 days."""
    surveys = _recent_surveys(ctx)
    if not surveys:
        return Outcome.insufficient_evidence("no engagement survey of the last year to act on")
    latest = surveys[-1]
    evidence = (ctx.evidence("engagement survey", latest, "actions"),)
    if not latest.actions:
        return Outcome.does_not_conform(
            f"no action decided on engagement survey {latest.id} ({latest.conducted_on})",
            evidence,
        )
    return Outcome.conforms(
        f"{count(len(latest.actions), 'action')} decided on engagement survey {latest.id}",
        evidence,
    )


@rules.rule(
    id="P1-5.3-policy",
    part=1,
    clause="5.3",
    paraphrase="The centre's approach to its employees' engagement is set out in an approved "
    "policy kept under review.",
    basis=Basis.RECOMMENDATION,
    evidence=("policies[].kind", "policies[].approved_on", "policies[].last_reviewed_on"),
)
def engagement_policy(ctx: Context) -> Outcome:
    """Require a current employee-engagement policy of the centre."""
    return current_document(
        ctx,
        PolicyKind.EMPLOYEE_ENGAGEMENT,
        party_id=centre_id(ctx),
        what="employee-engagement policy",
    )
