"""The aggregate: everything one assessment looks at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, TypeVar, final

import attrs

from ..errors import Problem, UnknownIdError
from . import scope_display
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


@final
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
    clients : tuple of Client or None, default None
        The clients served.
    agreements : tuple of ClientAgreement or None, default None
        Client/centre agreements.
    campaigns : tuple of Campaign or None, default None
        Inbound and outbound campaigns.
    competencies : tuple of Competency or None, default None
        The competency framework.
    role_profiles : tuple of RoleProfile or None, default None
        Documented requirements of each function.
    agents : tuple of Agent or None, default None
        Staff, with their assessments and training.
    engagement_surveys : tuple of EngagementSurvey or None, default None
        Employee satisfaction and engagement surveys.
    policies : tuple of Policy or None, default None
        Documented policies, processes and strategies of centre and clients.
    complaints : tuple of Complaint or None, default None
        Complaints received.
    customer_surveys : tuple of CustomerSurvey or None, default None
        Customer-experience surveys and their results.
    quality_evaluations : tuple of QualityEvaluation or None, default None
        Evaluations of sampled interactions.
    forecasts : tuple of Forecast or None, default None
        Workload forecasts.
    staffing_plans : tuple of StaffingPlan or None, default None
        Staffing plans answering forecasts.
    continuity_plans : tuple of ContinuityPlan or None, default None
        Service continuity plans and their exercises.
    work_environment_assessments : tuple of WorkEnvironmentAssessment or None, default None
        Assessments of the sites' working environment.
    information_updates : tuple of InformationUpdate or None, default None
        Information clients passed to the centre, and its briefing to agents.
    attestations : tuple of Attestation or None, default None
        Recorded human judgements of rules that data cannot decide.
    waivers : tuple of Waiver or None, default None
        Accepted nonconformities, each until an expiry date.
    assessment_policy : AssessmentPolicy or None, default None
        Thresholds to apply where the standard names no number; the library's
        defaults when None.  An ``assess(..., policy=...)`` argument wins.
    """

    _not_stated: ClassVar[tuple[str, ...]] = (
        "clients",
        "agreements",
        "campaigns",
        "competencies",
        "role_profiles",
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
    """Fields whose ``None`` means *not supplied* (left out of the document)."""

    name: str = attrs.field(metadata=checks(non_empty))
    centre: ContactCentre | None = None
    clients: tuple[Client, ...] | None = None
    agreements: tuple[ClientAgreement, ...] | None = None
    campaigns: tuple[Campaign, ...] | None = None
    competencies: tuple[Competency, ...] | None = None
    role_profiles: tuple[RoleProfile, ...] | None = None
    agents: tuple[Agent, ...] | None = None
    engagement_surveys: tuple[EngagementSurvey, ...] | None = None
    policies: tuple[Policy, ...] | None = None
    complaints: tuple[Complaint, ...] | None = None
    customer_surveys: tuple[CustomerSurvey, ...] | None = None
    quality_evaluations: tuple[QualityEvaluation, ...] | None = None
    forecasts: tuple[Forecast, ...] | None = None
    staffing_plans: tuple[StaffingPlan, ...] | None = None
    continuity_plans: tuple[ContinuityPlan, ...] | None = None
    work_environment_assessments: tuple[WorkEnvironmentAssessment, ...] | None = None
    information_updates: tuple[InformationUpdate, ...] | None = None
    attestations: tuple[Attestation, ...] | None = None
    waivers: tuple[Waiver, ...] | None = None
    assessment_policy: AssessmentPolicy | None = None

    _invariants: ClassVar[tuple[str, ...]] = ("_check_unique_ids", "_check_references")

    def _check_unique_ids(self) -> Iterator[Problem]:
        for name in _ID_COLLECTIONS:
            yield from duplicate_ids(getattr(self, name), name)

    def _check_references(self) -> Iterator[Problem]:
        yield from _References(self).problems()

    # --- displays ----------------------------------------------------------------------

    def summary(self, *, include_personal_data: bool = False) -> str:
        """Return a summary in lines: parties, channels, period covered, records per kind.

        Each collection shows how many records it holds, ``none`` when the
        document gives it empty, or ``not supplied`` when the document leaves
        it out (rules then report "insufficient evidence" rather than judging
        an empty list).  ``str(scope)`` is ``scope.summary()``; the repr and
        the notebook display are shorter; none of them shows personal data.

        Parameters
        ----------
        include_personal_data : bool, default False
            Also list agents with their names and complaints with their
            customer references (the first few of each).  Off by default:
            people are counted, not named.

        Examples
        --------
        >>> from iso18295 import examples
        >>> scope = examples.load_example()
        >>> lines = scope.summary().splitlines()
        >>> lines[1]
        '  centre: northwind (Northwind Contact Services)'
        >>> [line for line in lines if "agents" in line or "waivers" in line]
        ['  agents: 41', '  waivers: none']
        """
        return scope_display.scope_text(self, include_personal_data=include_personal_data)

    def __repr__(self) -> str:
        return scope_display.scope_repr(self)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return scope_display.scope_html(self)

    # --- lookups ----------------------------------------------------------------------

    def client(self, client_id: str) -> Client:
        """Return the client with id `client_id`.

        Raises
        ------
        UnknownIdError
            If no client has that id (or clients were not supplied); it suggests close ids.
        """
        return _find(self.clients or (), client_id, "client")

    def agent(self, agent_id: str) -> Agent:
        """Return the agent with id `agent_id`.

        Raises
        ------
        UnknownIdError
            If no agent has that id (or agents were not supplied); it suggests close ids.
        """
        return _find(self.agents or (), agent_id, "agent")

    def agreements_for(self, client_id: str) -> tuple[ClientAgreement, ...]:
        """Return the agreements with client `client_id`, in document order.

        None (an empty tuple) if the agreements were not supplied.
        """
        return tuple(a for a in self.agreements or () if a.client_id == client_id)


_T = TypeVar("_T")

_ID_COLLECTIONS = tuple(name for name in Scope._not_stated if name != "role_profiles")
"""The scope's collections of records with ids (role profiles are keyed by function)."""


def _ids(items: tuple[object, ...] | None) -> set[str] | None:
    """Return the ids of a collection, or ``None`` if it was not supplied."""
    return None if items is None else {str(getattr(item, "id", "")) for item in items}


def _find(items: tuple[_T, ...], item_id: str, kind: str) -> _T:
    for item in items:
        if getattr(item, "id", None) == item_id:
            return item
    raise UnknownIdError(kind, item_id, (str(getattr(item, "id", "")) for item in items))


class _References:
    """Resolve every id a scope's records name against the ids the scope defines."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        centre = scope.centre
        self.known: dict[str, set[str] | None] = {
            "client": _ids(scope.clients),
            "centre": {centre.id} if centre else set(),
            "channel": _ids(centre.channels) if centre else set(),
            "site": _ids(centre.sites) if centre else set(),
            "competency": _ids(scope.competencies),
            "agent": _ids(scope.agents),
            "forecast": _ids(scope.forecasts),
            "policy": _ids(scope.policies),
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
        ids = self.known[kind]
        if value is None or (ids is not None and value in ids):
            return
        where = self.collection[kind]
        if ids is None:
            yield Problem(
                path=path,
                expected=f"the id of one of {where}",
                found=f"{value!r}, which {owner} names, but the scope does not supply {where}",
                hint=f"list {where} in the document (an empty list if there are none)",
            )
            return
        known = sorted(ids)
        shown = ", ".join(repr(k) for k in known[:5]) + (", ..." if len(known) > 5 else "")
        yield Problem(
            path=path,
            expected=f"the id of one of {where}",
            found=f"{value!r}, which {owner} names but the scope does not define",
            hint=f"known ids: {shown}" if known else f"the scope has no {where}",
        )

    def problems(self) -> Iterator[Problem]:
        s, c = self.scope, self._check
        for i, a in enumerate(s.agreements or ()):
            owner = f"agreement {a.id!r}"
            yield from c("client", a.client_id, f"agreements[{i}].client_id", owner)
            yield from c("centre", a.centre_id, f"agreements[{i}].centre_id", owner)
            for j, ch in enumerate(a.channel_ids):
                yield from c("channel", ch, f"agreements[{i}].channel_ids[{j}]", owner)
            for j, t in enumerate(a.kpi_targets or ()):
                path = f"agreements[{i}].kpi_targets[{j}].channel_id"
                yield from c("channel", t.channel_id, path, owner)
        for i, cp in enumerate(s.campaigns or ()):
            owner = f"campaign {cp.id!r}"
            yield from c("client", cp.client_id, f"campaigns[{i}].client_id", owner)
            yield from c("channel", cp.channel_id, f"campaigns[{i}].channel_id", owner)
        for i, k in enumerate(s.competencies or ()):
            yield from c(
                "client", k.client_id, f"competencies[{i}].client_id", f"competency {k.id!r}"
            )
        for i, ag in enumerate(s.agents or ()):
            owner = f"agent {ag.id!r}"
            yield from c("site", ag.site_id, f"agents[{i}].site_id", owner)
            for j, cl in enumerate(ag.client_ids):
                yield from c("client", cl, f"agents[{i}].client_ids[{j}]", owner)
            for j, ch in enumerate(ag.channel_ids):
                yield from c("channel", ch, f"agents[{i}].channel_ids[{j}]", owner)
            for j, asm in enumerate(ag.assessments or ()):
                path = f"agents[{i}].assessments[{j}].competency_id"
                yield from c("competency", asm.competency_id, path, owner)
            for j, tr in enumerate(ag.training or ()):
                yield from c("client", tr.client_id, f"agents[{i}].training[{j}].client_id", owner)
                for m, comp in enumerate(tr.competency_ids):
                    path = f"agents[{i}].training[{j}].competency_ids[{m}]"
                    yield from c("competency", comp, path, owner)
        for i, p in enumerate(s.policies or ()):
            kind = "client" if p.party.value == "client" else "centre"
            if p.party.value != "shared":
                yield from c(kind, p.party_id, f"policies[{i}].party_id", f"policy {p.id!r}")
        for i, cm in enumerate(s.complaints or ()):
            owner = f"complaint {cm.id!r}"
            yield from c("client", cm.client_id, f"complaints[{i}].client_id", owner)
            yield from c("channel", cm.channel_id, f"complaints[{i}].channel_id", owner)
        for i, sv in enumerate(s.customer_surveys or ()):
            owner = f"customer survey {sv.id!r}"
            yield from c("client", sv.client_id, f"customer_surveys[{i}].client_id", owner)
            yield from c("channel", sv.channel_id, f"customer_surveys[{i}].channel_id", owner)
        for i, qe in enumerate(s.quality_evaluations or ()):
            owner = f"quality evaluation {qe.id!r}"
            yield from c("agent", qe.agent_id, f"quality_evaluations[{i}].agent_id", owner)
            yield from c("channel", qe.channel_id, f"quality_evaluations[{i}].channel_id", owner)
        for i, fc in enumerate(s.forecasts or ()):
            owner = f"forecast {fc.id!r}"
            yield from c("client", fc.client_id, f"forecasts[{i}].client_id", owner)
            yield from c("channel", fc.channel_id, f"forecasts[{i}].channel_id", owner)
        for i, sp in enumerate(s.staffing_plans or ()):
            path = f"staffing_plans[{i}].forecast_id"
            yield from c("forecast", sp.forecast_id, path, f"staffing plan {sp.id!r}")
        for i, cp2 in enumerate(s.continuity_plans or ()):
            path = f"continuity_plans[{i}].policy_id"
            yield from c("policy", cp2.policy_id, path, f"continuity plan {cp2.id!r}")
        for i, iu in enumerate(s.information_updates or ()):
            path = f"information_updates[{i}].client_id"
            yield from c("client", iu.client_id, path, f"information update {iu.id!r}")
        for i, we in enumerate(s.work_environment_assessments or ()):
            path = f"work_environment_assessments[{i}].site_id"
            yield from c("site", we.site_id, path, f"work-environment assessment {we.id!r}")
