"""The aggregate: everything one assessment looks at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, TypeVar

import attrs

from .._errors import Problem
from ._checks import Validated, checks, duplicate_ids, non_empty
from .agreements import ClientAgreement
from .assessment_policy import AssessmentPolicy
from .channels import Campaign
from .complaints import Complaint
from .continuity import ContinuityPlan, WorkEnvironmentAssessment
from .feedback import CustomerSurvey, QualityEvaluation
from .information import InformationUpdate
from .judgement import Attestation, Waiver
from .parties import Client, ContactCentre
from .people import Agent, Competency, EngagementSurvey, RoleProfile
from .policies import Policy
from .workforce import Forecast, StaffingPlan


@attrs.frozen(kw_only=True)
class Scope(Validated):
    """Everything one assessment looks at: a centre, the clients it serves, and their records.

    A scope for Part 1 holds a `centre`; a scope for Part 2 holds the `clients`
    being assessed; an in-house arrangement holds both.  References between
    objects are by id and are checked when the scope is built: every id a
    record names must exist in the scope.

    Parameters
    ----------
    name : str
        A title for the scope, used in reports.
    centre : ContactCentre or None, default None
        The contact centre, if the scope covers one.
    clients : tuple of Client, default ()
        The clients served.
    agreements : tuple of ClientAgreement, default ()
        Client/centre agreements.
    campaigns : tuple of Campaign, default ()
        Inbound and outbound campaigns.
    competencies : tuple of Competency, default ()
        The competency framework.
    role_profiles : tuple of RoleProfile, default ()
        Documented requirements of each function.
    agents : tuple of Agent, default ()
        Staff, with their assessments and training.
    engagement_surveys : tuple of EngagementSurvey, default ()
        Employee satisfaction and engagement surveys.
    policies : tuple of Policy, default ()
        Documented policies, processes and strategies of centre and clients.
    complaints : tuple of Complaint, default ()
        Complaints received.
    customer_surveys : tuple of CustomerSurvey, default ()
        Customer-experience surveys and their results.
    quality_evaluations : tuple of QualityEvaluation, default ()
        Evaluations of sampled interactions.
    forecasts : tuple of Forecast, default ()
        Workload forecasts.
    staffing_plans : tuple of StaffingPlan, default ()
        Staffing plans answering forecasts.
    continuity_plans : tuple of ContinuityPlan, default ()
        Service continuity plans and their exercises.
    work_environment_assessments : tuple of WorkEnvironmentAssessment, default ()
        Assessments of the sites' working environment.
    information_updates : tuple of InformationUpdate, default ()
        Information clients passed to the centre, and its briefing to agents.
    attestations : tuple of Attestation, default ()
        Recorded human judgements of rules that data cannot decide.
    waivers : tuple of Waiver, default ()
        Accepted nonconformities, each until an expiry date.
    assessment_policy : AssessmentPolicy or None, default None
        Thresholds to apply where the standard names no number; the library's
        defaults when None.  An ``assess(..., policy=...)`` argument wins.
    """

    name: str = attrs.field(metadata=checks(non_empty))
    centre: ContactCentre | None = None
    clients: tuple[Client, ...] = ()
    agreements: tuple[ClientAgreement, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    competencies: tuple[Competency, ...] = ()
    role_profiles: tuple[RoleProfile, ...] = ()
    agents: tuple[Agent, ...] = ()
    engagement_surveys: tuple[EngagementSurvey, ...] = ()
    policies: tuple[Policy, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    customer_surveys: tuple[CustomerSurvey, ...] = ()
    quality_evaluations: tuple[QualityEvaluation, ...] = ()
    forecasts: tuple[Forecast, ...] = ()
    staffing_plans: tuple[StaffingPlan, ...] = ()
    continuity_plans: tuple[ContinuityPlan, ...] = ()
    work_environment_assessments: tuple[WorkEnvironmentAssessment, ...] = ()
    information_updates: tuple[InformationUpdate, ...] = ()
    attestations: tuple[Attestation, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    assessment_policy: AssessmentPolicy | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_unique_ids", "_check_references")

    def _check_unique_ids(self) -> Iterator[Problem]:
        for name in _ID_COLLECTIONS:
            yield from duplicate_ids(getattr(self, name), name)

    def _check_references(self) -> Iterator[Problem]:
        yield from _References(self).problems()

    # --- lookups ----------------------------------------------------------------------

    def client(self, client_id: str) -> Client:
        """Return the client with id `client_id` (``KeyError`` if absent)."""
        return _find(self.clients, client_id)

    def agent(self, agent_id: str) -> Agent:
        """Return the agent with id `agent_id` (``KeyError`` if absent)."""
        return _find(self.agents, agent_id)

    def agreements_for(self, client_id: str) -> tuple[ClientAgreement, ...]:
        """Return the agreements with client `client_id`, in document order."""
        return tuple(a for a in self.agreements if a.client_id == client_id)


_T = TypeVar("_T")

_ID_COLLECTIONS = (
    "clients",
    "agreements",
    "campaigns",
    "competencies",
    "agents",
    "engagement_surveys",
    "policies",
    "complaints",
    "customer_surveys",
    "quality_evaluations",
    "forecasts",
    "staffing_plans",
    "continuity_plans",
    "work_environment_assessments",
    "information_updates",
    "attestations",
    "waivers",
)


def _find(items: tuple[_T, ...], item_id: str) -> _T:
    for item in items:
        if getattr(item, "id", None) == item_id:
            return item
    raise KeyError(item_id)


class _References:
    """Resolve every id a scope's records name against the ids the scope defines."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        centre = scope.centre
        self.known: dict[str, set[str]] = {
            "client": {c.id for c in scope.clients},
            "centre": {centre.id} if centre else set(),
            "channel": {c.id for c in centre.channels} if centre else set(),
            "site": {s.id for s in centre.sites} if centre else set(),
            "competency": {c.id for c in scope.competencies},
            "agent": {a.id for a in scope.agents},
            "forecast": {f.id for f in scope.forecasts},
            "policy": {p.id for p in scope.policies},
        }
        self.collection = {
            "client": "clients",
            "centre": "centre",
            "channel": "centre.channels",
            "site": "centre.sites",
            "competency": "competencies",
            "agent": "agents",
            "forecast": "forecasts",
            "policy": "policies",
        }

    def _check(self, kind: str, value: str | None, path: str, owner: str) -> Iterator[Problem]:
        if value is None or value in self.known[kind]:
            return
        where = self.collection[kind]
        known = sorted(self.known[kind])
        shown = ", ".join(repr(k) for k in known[:5]) + (", ..." if len(known) > 5 else "")
        yield Problem(
            path=path,
            expected=f"the id of one of {where}",
            found=f"{value!r}, which {owner} names but the scope does not define",
            hint=f"known ids: {shown}" if known else f"the scope has no {where}",
        )

    def problems(self) -> Iterator[Problem]:
        s, c = self.scope, self._check
        for i, a in enumerate(s.agreements):
            owner = f"agreement {a.id!r}"
            yield from c("client", a.client_id, f"agreements[{i}].client_id", owner)
            yield from c("centre", a.centre_id, f"agreements[{i}].centre_id", owner)
            for j, ch in enumerate(a.channel_ids):
                yield from c("channel", ch, f"agreements[{i}].channel_ids[{j}]", owner)
            for j, t in enumerate(a.kpi_targets):
                path = f"agreements[{i}].kpi_targets[{j}].channel_id"
                yield from c("channel", t.channel_id, path, owner)
        for i, cp in enumerate(s.campaigns):
            owner = f"campaign {cp.id!r}"
            yield from c("client", cp.client_id, f"campaigns[{i}].client_id", owner)
            yield from c("channel", cp.channel_id, f"campaigns[{i}].channel_id", owner)
        for i, k in enumerate(s.competencies):
            yield from c(
                "client", k.client_id, f"competencies[{i}].client_id", f"competency {k.id!r}"
            )
        for i, ag in enumerate(s.agents):
            owner = f"agent {ag.id!r}"
            yield from c("site", ag.site_id, f"agents[{i}].site_id", owner)
            for j, cl in enumerate(ag.client_ids):
                yield from c("client", cl, f"agents[{i}].client_ids[{j}]", owner)
            for j, ch in enumerate(ag.channel_ids):
                yield from c("channel", ch, f"agents[{i}].channel_ids[{j}]", owner)
            for j, asm in enumerate(ag.assessments):
                path = f"agents[{i}].assessments[{j}].competency_id"
                yield from c("competency", asm.competency_id, path, owner)
            for j, tr in enumerate(ag.training):
                yield from c("client", tr.client_id, f"agents[{i}].training[{j}].client_id", owner)
                for m, comp in enumerate(tr.competency_ids):
                    path = f"agents[{i}].training[{j}].competency_ids[{m}]"
                    yield from c("competency", comp, path, owner)
        for i, p in enumerate(s.policies):
            kind = "client" if p.party.value == "client" else "centre"
            if p.party.value != "shared":
                yield from c(kind, p.party_id, f"policies[{i}].party_id", f"policy {p.id!r}")
        for i, cm in enumerate(s.complaints):
            owner = f"complaint {cm.id!r}"
            yield from c("client", cm.client_id, f"complaints[{i}].client_id", owner)
            yield from c("channel", cm.channel_id, f"complaints[{i}].channel_id", owner)
        for i, sv in enumerate(s.customer_surveys):
            owner = f"customer survey {sv.id!r}"
            yield from c("client", sv.client_id, f"customer_surveys[{i}].client_id", owner)
            yield from c("channel", sv.channel_id, f"customer_surveys[{i}].channel_id", owner)
        for i, qe in enumerate(s.quality_evaluations):
            path = f"quality_evaluations[{i}].agent_id"
            yield from c("agent", qe.agent_id, path, f"quality evaluation {qe.id!r}")
        for i, fc in enumerate(s.forecasts):
            owner = f"forecast {fc.id!r}"
            yield from c("client", fc.client_id, f"forecasts[{i}].client_id", owner)
            yield from c("channel", fc.channel_id, f"forecasts[{i}].channel_id", owner)
        for i, sp in enumerate(s.staffing_plans):
            path = f"staffing_plans[{i}].forecast_id"
            yield from c("forecast", sp.forecast_id, path, f"staffing plan {sp.id!r}")
        for i, cp2 in enumerate(s.continuity_plans):
            path = f"continuity_plans[{i}].policy_id"
            yield from c("policy", cp2.policy_id, path, f"continuity plan {cp2.id!r}")
        for i, iu in enumerate(s.information_updates):
            path = f"information_updates[{i}].client_id"
            yield from c("client", iu.client_id, path, f"information update {iu.id!r}")
        for i, we in enumerate(s.work_environment_assessments):
            path = f"work_environment_assessments[{i}].site_id"
            yield from c("site", we.site_id, path, f"work-environment assessment {we.id!r}")
