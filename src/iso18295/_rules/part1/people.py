"""Part 1, clauses 6.1 (General) and 6.2 (Functions) of Human resources."""

from __future__ import annotations

from ..._model.people import StaffFunction
from ..._model.policies import PolicyKind
from ..._text import all_of, count
from ..basis import Basis
from ..clauses import Part
from ..context import RuleContext
from ..outcome import Outcome
from ..registry import Registry
from ..shared.documents import centre_id, current_document

rules = Registry(part=Part.CENTRE)

NEEDED_FUNCTIONS = tuple(StaffFunction)
"""The functions a centre needs defined (agents, team leaders, management, planning, quality,
training, support), whoever performs them."""


@rules.rule(
    id="P1-6.1-job-requirements",
    basis=Basis.REQUIREMENT,
    clause="6.1",
    paraphrase="The requirements of every job in the centre are defined: each function staffed "
    "has a role profile with a documented job description.",
    evidence=(
        "agents[].function",
        "agents[].hired_on",
        "agents[].left_on",
        "role_profiles[].function",
        "role_profiles[].document",
    ),
)
def job_requirements(ctx: RuleContext) -> Outcome:
    """Require a role profile with a document for every function of the staff employed."""
    agents = ctx.need(ctx.scope.agents, "agents")
    staffed = list(dict.fromkeys(a.function for a in agents if a.is_employed_on(ctx.as_of)))
    if not staffed:
        return Outcome.insufficient_evidence(
            f"none of the {count(len(agents), 'member')} of staff supplied is employed on "
            f"{ctx.as_of}"
        )
    profiles = ctx.need(ctx.scope.role_profiles, "role_profiles")
    documented = {p.function for p in profiles if p.document is not None}
    missing = [f for f in staffed if f not in documented]
    if missing:
        return Outcome.does_not_conform(
            "no role profile with a job description for the staffed functions "
            + ", ".join(f.value for f in missing)
        )
    return Outcome.conforms(
        f"job descriptions are documented for {all_of(len(staffed), 'staffed function')}",
        seen=len(staffed),
    )


@rules.rule(
    id="P1-6.1-recruitment",
    basis=Basis.REQUIREMENT,
    clause="6.1",
    paraphrase="The centre fills jobs with suitable people following an approved recruitment "
    "and selection procedure kept under review.",
    uses=(current_document, centre_id),
)
def recruitment(ctx: RuleContext) -> Outcome:
    """Require a current recruitment procedure of the centre."""
    return current_document(
        ctx, PolicyKind.RECRUITMENT, party_id=centre_id(ctx), what="recruitment procedure"
    )


@rules.rule(
    id="P1-6.1-staff-information",
    basis=Basis.REQUIREMENT,
    clause="6.1",
    paraphrase="Staff get the information they need for their work, as set out in an approved "
    "employee-communication procedure kept under review.",
    uses=(current_document, centre_id),
)
def staff_information(ctx: RuleContext) -> Outcome:
    """Require a current employee-communication procedure of the centre."""
    return current_document(
        ctx,
        PolicyKind.EMPLOYEE_COMMUNICATION,
        party_id=centre_id(ctx),
        what="employee-communication procedure",
    )


@rules.rule(
    id="P1-6.2-functions",
    clause="6.2",
    paraphrase="Every function needed to run the centre (agents, team leaders, management, "
    "planning, quality, training, support) has its responsibilities defined.",
    basis=Basis.INTERPRETATION,
    evidence=("role_profiles[].function", "role_profiles[].responsibilities"),
)
def functions_defined(ctx: RuleContext) -> Outcome:
    """Require a role profile with responsibilities for each needed function."""
    profiles = ctx.need(ctx.scope.role_profiles, "role_profiles")
    defined = {p.function for p in profiles if p.responsibilities}
    missing = [f for f in NEEDED_FUNCTIONS if f not in defined]
    if missing:
        return Outcome.does_not_conform(
            "no responsibilities defined for the functions "
            + ", ".join(f.value for f in missing)
            + f" (among {count(len(profiles), 'role profile')} supplied)"
        )
    return Outcome.conforms(
        f"responsibilities are defined for {all_of(len(NEEDED_FUNCTIONS), 'needed function')}",
        seen=len(profiles),
    )
