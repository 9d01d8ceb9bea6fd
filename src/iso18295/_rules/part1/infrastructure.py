"""Part 1, clauses 8.1, 8.2 and 8.4 of Service delivery infrastructure.

8.1 General; 8.2 Handling customer interactions; 8.4 Work environment.
"""

from __future__ import annotations

from ..._model.channels import ChannelKind
from ..._model.policies import PolicyKind
from ..._text import all_of
from ..context import Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis, Method
from ..documents import centre_id, current_document
from ._staff import current_handlers, year_start

rules = Registry()


# --- 8.1 General --------------------------------------------------------------------------


@rules.rule(
    id="P1-8.1-technology-fit",
    part=1,
    clause="8.1",
    paraphrase="The centre's technology and facilities are fit for the service agreed with its "
    "clients.",
    basis=Basis.RECOMMENDATION,
    method=Method.JUDGEMENT,
    evidence=("attestations[].verdict",),
)
def technology_fit(ctx: Context) -> Outcome:
    """Read the recorded judgement of the fitness of technology and facilities."""
    return ctx.judged("are technology and facilities fit for the agreed service?")


# --- 8.2 Handling customer interactions ----------------------------------------------------


@rules.rule(
    id="P1-8.2-channels-handled",
    part=1,
    clause="8.2",
    paraphrase="Contacts on every assisted channel agreed with a client can be handled: each "
    "has agents serving that client on it.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "agreements[].client_id",
        "agreements[].channel_ids",
        "centre.channels[].kind",
        "agents[].client_ids",
        "agents[].channel_ids",
        "agents[].first_contact_on",
    ),
)
def channels_handled(ctx: Context) -> Outcome:
    """Require, per client and assisted channel agreed, an agent currently handling it."""
    centre = ctx.scope.centre
    agreements = ctx.agreements_in_force()
    if not agreements or centre is None:
        return Outcome.insufficient_evidence("no client agreement in force on the assessment date")
    pairs = list(
        dict.fromkeys(
            (a.client_id, c)
            for a in agreements
            for c in a.channel_ids
            if centre.channel(c).kind is not ChannelKind.SELF_SERVICE
        )
    )
    if not pairs:
        return Outcome.insufficient_evidence("only self-service channels are agreed")
    served = {
        (client, channel)
        for agent in current_handlers(ctx)
        for client in agent.client_ids
        for channel in agent.channel_ids
    }
    unserved = [p for p in pairs if p not in served]
    if unserved:
        return Outcome.does_not_conform(
            "no agent handles " + ", ".join(f"{ch} for {cl}" for cl, ch in unserved)
        )
    return Outcome.conforms(f"agents handle {all_of(len(pairs), 'agreed client channel')}")


@rules.rule(
    id="P1-8.2-self-service",
    part=1,
    clause="8.2",
    paraphrase="Self-service and automated menus stay easy for customers to use, with a way "
    "through to a person.",
    basis=Basis.RECOMMENDATION,
    method=Method.JUDGEMENT,
    evidence=("attestations[].verdict",),
)
def self_service(ctx: Context) -> Outcome:
    """Read the recorded judgement of how manageable self-service is for customers."""
    return ctx.judged("are self-service and IVR menus manageable, with a route to an agent?")


# --- 8.4 Work environment -----------------------------------------------------------------


@rules.rule(
    id="P1-8.4-policy",
    part=1,
    clause="8.4",
    paraphrase="Staff health, safety and ergonomics are covered by an approved policy kept "
    "under review.",
    basis=Basis.RECOMMENDATION,
    evidence=("policies[].kind", "policies[].approved_on", "policies[].last_reviewed_on"),
)
def health_and_safety(ctx: Context) -> Outcome:
    """Require a current health-and-safety policy of the centre."""
    return current_document(
        ctx,
        PolicyKind.HEALTH_AND_SAFETY,
        party_id=centre_id(ctx),
        what="health-and-safety policy",
    )


@rules.rule(
    id="P1-8.4-sites-assessed",
    part=1,
    clause="8.4",
    paraphrase="The working environment of every site (home working included) is assessed at "
    "least once a year.",
    basis=Basis.RECOMMENDATION,
    evidence=(
        "centre.sites[].id",
        "work_environment_assessments[].site_id",
        "work_environment_assessments[].assessed_on",
    ),
)
def sites_assessed(ctx: Context) -> Outcome:
    """Require a work-environment assessment of each site within the last 366 days."""
    centre = ctx.scope.centre
    sites = centre.sites if centre is not None else ()
    since = year_start(ctx)
    assessed = {
        w.site_id
        for w in ctx.scope.work_environment_assessments
        if since <= w.assessed_on <= ctx.as_of
    }
    missing = [s for s in sites if s.id not in assessed]
    if missing:
        return Outcome.does_not_conform(
            f"no work-environment assessment since {since} of {', '.join(s.id for s in missing)}",
            tuple(ctx.evidence("site", s, "id") for s in missing),
        )
    return Outcome.conforms(f"{all_of(len(sites), 'site')} assessed since {since}")
