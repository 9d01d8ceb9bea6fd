"""Part 1, clauses 8.1, 8.2 and 8.4 of Service delivery infrastructure.

8.1 General; 8.2 Handling customer interactions; 8.4 Work environment.  Their content is
inferred from the titles: every rule here checks our interpretation.
"""

from __future__ import annotations

from datetime import timedelta

from ..._model.channels import ChannelKind
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis, CheckMethod
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..registry import Registry
from ..shared.documents import centre_id, current_document
from ..shared.staff import current_handlers

rules = Registry(part=Part.CENTRE)


# --- 8.1 General --------------------------------------------------------------------------


@rules.rule(
    id="P1-8.1-technology-fit",
    basis=Basis.INTERPRETATION,
    clause="8.1",
    paraphrase="The centre's technology and facilities are fit for the service agreed with its "
    "clients.",
    method=CheckMethod.JUDGEMENT,
    uses=(RuleContext.judged,),
)
def technology_fit(ctx: RuleContext) -> Outcome:
    """Read the recorded judgement of the fitness of technology and facilities."""
    return ctx.judged("are technology and facilities fit for the agreed service?")


# --- 8.2 Handling customer interactions ----------------------------------------------------


@rules.rule(
    id="P1-8.2-channels-handled",
    basis=Basis.INTERPRETATION,
    clause="8.2",
    paraphrase="Contacts on every assisted channel agreed with a client can be handled: each "
    "has agents serving that client on it.",
    evidence=(
        "agreements[].client_id",
        "agreements[].channel_ids",
        "centre.channels[].kind",
        "agents[].client_ids",
        "agents[].channel_ids",
    ),
    uses=(RuleContext.agreements_in_force, current_handlers),
)
def channels_handled(ctx: RuleContext) -> Outcome:
    """Require, per client and assisted channel agreed, an agent currently handling it."""
    centre = ctx.need(ctx.scope.centre, "centre")
    agreements = ctx.agreements_in_force()
    if not agreements:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    kinds = {c.id: c.kind for c in ctx.need(centre.channels, "centre.channels")}
    pairs = list(
        dict.fromkeys(
            (a.client_id, c)
            for a in agreements
            for c in a.channel_ids
            if kinds.get(c) is not ChannelKind.SELF_SERVICE
        )
    )
    if not pairs:
        return Outcome.not_applicable(
            f"the {count(len(agreements), 'agreement')} in force agree only self-service channels"
        )
    handlers = current_handlers(ctx)
    served = {
        (client, channel)
        for agent in handlers
        for client in ctx.need(agent.client_ids, f"agents[{agent.id}].client_ids")
        for channel in ctx.need(agent.channel_ids, f"agents[{agent.id}].channel_ids")
    }
    unserved = [p for p in pairs if p not in served]
    if unserved:
        return Outcome.does_not_conform(
            f"{len(unserved)} of {count(len(pairs), 'agreed client channel')} handled by no "
            f"agent of the {len(handlers)} handling contacts: "
            + ", ".join(f"{ch} for {cl}" for cl, ch in unserved)
        )
    return Outcome.conforms(
        f"the {count(len(handlers), 'agent')} handling contacts cover "
        f"{all_of(len(pairs), 'agreed client channel')}",
        seen=len(pairs),
    )


@rules.rule(
    id="P1-8.2-self-service",
    basis=Basis.INTERPRETATION,
    clause="8.2",
    paraphrase="Self-service and automated menus stay easy for customers to use, with a way "
    "through to a person.",
    method=CheckMethod.JUDGEMENT,
    uses=(RuleContext.judged,),
)
def self_service(ctx: RuleContext) -> Outcome:
    """Read the recorded judgement of how manageable self-service is for customers."""
    return ctx.judged("are self-service and IVR menus manageable, with a route to an agent?")


# --- 8.4 Work environment -----------------------------------------------------------------


@rules.rule(
    id="P1-8.4-policy",
    basis=Basis.INTERPRETATION,
    clause="8.4",
    paraphrase="Staff health, safety and ergonomics are covered by an approved policy kept "
    "under review.",
    uses=(current_document, centre_id),
)
def health_and_safety(ctx: RuleContext) -> Outcome:
    """Require a current health-and-safety policy of the centre."""
    return current_document(
        ctx,
        PolicyKind.HEALTH_AND_SAFETY,
        party_id=centre_id(ctx),
        what="health-and-safety policy",
    )


@rules.rule(
    id="P1-8.4-sites-assessed",
    basis=Basis.INTERPRETATION,
    clause="8.4",
    paraphrase="The working environment of every site (home working included) is assessed "
    "within the period set by the assessment policy.",
    evidence=(
        "centre.sites",
        "work_environment_assessments[].site_id",
        "work_environment_assessments[].assessed_on",
    ),
    parameters=("work_environment_assessment_days",),
)
def sites_assessed(ctx: RuleContext) -> Outcome:
    """Require a recent work-environment assessment of each of the centre's sites."""
    centre = ctx.need(ctx.scope.centre, "centre")
    sites = ctx.need(centre.sites, "centre.sites")
    records = ctx.need(ctx.scope.work_environment_assessments, "work_environment_assessments")
    if not sites:
        return Outcome.insufficient_evidence("the centre as supplied lists no site")
    since = ctx.as_of - timedelta(days=ctx.policy.work_environment_assessment_days)
    assessed = {w.site_id for w in records if since <= w.assessed_on <= ctx.as_of}
    missing = [s for s in sites if s.id not in assessed]
    if missing:
        return Outcome.does_not_conform(
            f"{len(missing)} of {count(len(sites), 'site')} without a work-environment "
            f"assessment since {since}: {', '.join(s.id for s in missing)}",
            tuple(ctx.evidence("site", s, "id") for s in missing),
        )
    return Outcome.conforms(
        f"{all_of(len(sites), 'site')} assessed since {since}",
        tuple(ctx.evidence("site", s, "id") for s in sites),
        seen=len(sites),
    )
