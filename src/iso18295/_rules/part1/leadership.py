"""Part 1, clause 5 (Customer-focused leadership).

5.1 General; 5.2 Customer experience design and delivery; 5.3 Employee
satisfaction/engagement.
"""

from __future__ import annotations

from ..._model.agreements import ClientAgreement
from ..._model.people import EngagementSurvey
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis, CheckMethod
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Measurement, Outcome
from ..reads import reads
from ..registry import Registry
from ..shared.documents import centre_id, current_document
from ..shared.look_back import window_start

rules = Registry(part=Part.CENTRE)

_NO_AGREEMENT = "no client agreement in force on the assessment date"


# --- 5.1 General --------------------------------------------------------------------------


@rules.rule(
    id="P1-5.1-leadership",
    basis=Basis.REQUIREMENT,
    clause="5.1",
    paraphrase="The centre's leadership takes ownership of meeting this standard and of the "
    "customer-experience strategy agreed with each client, and gives the resources for it.",
    method=CheckMethod.JUDGEMENT,
    uses=(RuleContext.judged,),
)
def leadership(ctx: RuleContext) -> Outcome:
    """Read the recorded judgement of leadership commitment."""
    return ctx.judged(
        "does leadership own the standard's application and the agreed experience strategy, "
        "and provide the resources?"
    )


# --- 5.2 Customer experience design and delivery -------------------------------------------


@rules.rule(
    id="P1-5.2-measures-per-channel",
    basis=Basis.REQUIREMENT,
    clause="5.2",
    paraphrase="Performance measures are agreed with the client for every channel the centre "
    "handles for it.",
    evidence=("agreements[].channel_ids", "agreements[].kpi_targets[].channel_id"),
    uses=(RuleContext.agreements_in_force,),
)
def measures_per_channel(ctx: RuleContext) -> Outcome:
    """Require a KPI target (for the channel or for all channels) on every agreed channel."""
    agreements = ctx.agreements_in_force()
    if not agreements:
        n = len(ctx.need(ctx.scope.agreements, "agreements"))
        return Outcome.insufficient_evidence(f"{_NO_AGREEMENT} (of {count(n, 'agreement')})")
    gaps: list[tuple[ClientAgreement, str]] = []
    n_channels = 0
    for a in agreements:
        targets = ctx.need(a.kpi_targets, f"agreements[{a.id}].kpi_targets")
        channels = ctx.need(a.channel_ids, f"agreements[{a.id}].channel_ids")
        covered = {t.channel_id for t in targets}
        n_channels += len(channels)
        gaps.extend((a, c) for c in channels if c not in covered and None not in covered)
    if gaps:
        return Outcome.does_not_conform(
            "no performance measure agreed for " + ", ".join(f"{c} in {a.id}" for a, c in gaps),
            tuple(
                ctx.evidence("agreement", a, "kpi_targets")
                for a in dict.fromkeys(a for a, _ in gaps)
            ),
        )
    if not n_channels:
        return Outcome.insufficient_evidence(
            f"the {count(len(agreements), 'agreement')} in force name no channel"
        )
    return Outcome.conforms(
        f"performance measures are agreed for {all_of(n_channels, 'agreed channel')} of "
        f"{count(len(agreements), 'agreement')} in force",
        tuple(ctx.evidence("agreement", a, "channel_ids", "kpi_targets") for a in agreements),
        seen=len(agreements),
    )


@rules.rule(
    id="P1-5.2-client-strategy",
    clause="5.2",
    paraphrase="The centre designs its service to each client's customer-experience strategy: "
    "the client's current, approved strategy is on record.",
    basis=Basis.INTERPRETATION,
    evidence=("agreements[].client_id",),
    uses=(RuleContext.agreements_in_force, current_document),
)
def client_strategy(ctx: RuleContext) -> Outcome:
    """Require a current customer-experience strategy of every client served."""
    agreements = ctx.agreements_in_force()
    clients = list(dict.fromkeys(a.client_id for a in agreements))
    if not clients:
        n = len(ctx.need(ctx.scope.agreements, "agreements"))
        return Outcome.insufficient_evidence(f"{_NO_AGREEMENT} (of {count(n, 'agreement')})")
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
        " with an agreement in force",
        tuple(e for o in outcomes for e in o.evidence),
        seen=len(clients),
    )


# --- 5.3 Employee satisfaction/engagement --------------------------------------------------


@reads("engagement_surveys[].conducted_on", parameters=("engagement_survey_days",))
def _recent_surveys(ctx: RuleContext) -> list[EngagementSurvey]:
    """Return the engagement surveys closed within the policy window, oldest first."""
    since = window_start(ctx, ctx.policy.engagement_survey_days)
    surveys = ctx.need(ctx.scope.engagement_surveys, "engagement_surveys")
    return sorted(
        (s for s in surveys if since <= s.conducted_on <= ctx.as_of),
        key=lambda s: (s.conducted_on, s.id),
    )


@reads("engagement_surveys[].responded", uses=(_recent_surveys,))
def _measured_surveys(ctx: RuleContext) -> list[EngagementSurvey]:
    """Return the recent engagement surveys that at least one member of staff answered."""
    return [
        s
        for s in _recent_surveys(ctx)
        if ctx.need(s.responded, f"engagement_surveys[{s.id}].responded") > 0
    ]


@rules.rule(
    id="P1-5.3-survey",
    basis=Basis.REQUIREMENT,
    clause="5.3",
    paraphrase="The centre measures its employees' satisfaction and engagement at least once "
    "a year: a survey that staff answered closed within the period set by the assessment "
    "policy.",
    evidence=("engagement_surveys[].invited",),
    uses=(_measured_surveys,),
)
def engagement_measured(ctx: RuleContext) -> Outcome:
    """Require an answered engagement survey closed within the policy window."""
    since = window_start(ctx, ctx.policy.engagement_survey_days)
    surveys = _measured_surveys(ctx)
    if not surveys:
        unanswered = _recent_surveys(ctx)
        if unanswered:
            return Outcome.does_not_conform(
                "no member of staff answered the engagement "
                + ("surveys " if len(unanswered) > 1 else "survey ")
                + ", ".join(f"{s.id} (closed {s.conducted_on})" for s in unanswered)
                + f", the only ones since {since}: they measured nothing",
                tuple(ctx.evidence("engagement survey", s, "responded") for s in unanswered),
            )
        all_surveys = ctx.need(ctx.scope.engagement_surveys, "engagement_surveys")
        done = [s.conducted_on for s in all_surveys if s.conducted_on <= ctx.as_of]
        last = f"; the last closed on {max(done)}" if done else ""
        return Outcome.does_not_conform(
            f"no engagement survey since {since} among the {len(all_surveys)} supplied{last}"
        )
    latest = surveys[-1]
    responded = ctx.need(latest.responded, f"engagement_surveys[{latest.id}].responded")
    invited = ctx.need(latest.invited, f"engagement_surveys[{latest.id}].invited")
    measure = Measurement(
        name="staff who responded to the latest engagement survey",
        observed=responded / invited,
        unit="share",
        numerator=responded,
        denominator=invited,
    )
    return Outcome.conforms(
        f"engagement survey {latest.id} closed on {latest.conducted_on}, answered by "
        f"{responded} of {invited} staff invited",
        (ctx.evidence("engagement survey", latest, "conducted_on", "responded", "invited"),),
        (measure,),
        seen=1,
    )


@rules.rule(
    id="P1-5.3-actions",
    clause="5.3",
    paraphrase="The results of the latest engagement survey lead to decided actions that "
    "improve the working climate.",
    basis=Basis.RECOMMENDATION,
    evidence=("engagement_surveys[].actions",),
    uses=(_measured_surveys,),
)
def engagement_actions(ctx: RuleContext) -> Outcome:
    """Require actions on the latest answered engagement survey of the policy window."""
    surveys = _measured_surveys(ctx)
    if not surveys:
        since = window_start(ctx, ctx.policy.engagement_survey_days)
        return Outcome.insufficient_evidence(
            f"no answered engagement survey since {since} to act on"
        )
    latest = surveys[-1]
    evidence = (ctx.evidence("engagement survey", latest, "actions"),)
    actions = ctx.need(latest.actions, f"engagement_surveys[{latest.id}].actions")
    if not actions:
        return Outcome.does_not_conform(
            f"no action decided on engagement survey {latest.id} ({latest.conducted_on})",
            evidence,
        )
    return Outcome.conforms(
        f"{count(len(actions), 'action')} decided on engagement survey {latest.id}",
        evidence,
        seen=1,
    )


@rules.rule(
    id="P1-5.3-policy",
    clause="5.3",
    paraphrase="The centre's approach to its employees' engagement is set out in an approved "
    "policy kept under review.",
    basis=Basis.RECOMMENDATION,
    uses=(current_document, centre_id),
)
def engagement_policy(ctx: RuleContext) -> Outcome:
    """Require a current employee-engagement policy of the centre."""
    return current_document(
        ctx,
        PolicyKind.EMPLOYEE_ENGAGEMENT,
        party_id=centre_id(ctx),
        what="employee-engagement policy",
    )
