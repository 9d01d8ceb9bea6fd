"""What a rule's check sees: the scope, the assessment date, records, and helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Protocol, TypeVar, cast, final
from zoneinfo import ZoneInfo

import attrs

from .._model._checks import is_personal
from .._model.agreements import ClientAgreement
from .._model.assessment_policy import AssessmentPolicy
from .._model.judgement import Attestation, Verdict
from .._model.lazy import activity, interaction_table
from .._model.policies import Policy, PolicyKind
from .._model.scope import Scope
from .basis import Basis
from .clauses import Part
from .outcome import Evidence, NotSupplied, Outcome, Status
from .reads import reads
from .recording import unwrapped

T = TypeVar("T")


class PriorFinding(Protocol):
    """What a rule that reads the other rules' findings sees of each (every Finding is one)."""

    @property
    def rule_id(self) -> str:
        """Return the rule's id."""

    @property
    def part(self) -> Part:
        """Return the part of the standard."""

    @property
    def status(self) -> Status:
        """Return the outcome."""

    @property
    def basis(self) -> Basis:
        """Return what the verdict rests on (requirement, recommendation or interpretation)."""


@final
@attrs.frozen(kw_only=True)
class RuleContext:
    """Everything a rule's check may read: the argument every check receives.

    Parameters
    ----------
    scope : Scope
        What is assessed.
    as_of : datetime.date
        The assessment date: "current", "overdue" and "within the last year" are
        judged against it, never against the wall clock.
    rule_id : str
        The rule being run (used to find its attestations).
    interactions : InteractionTable, dask.dataframe.DataFrame or None, default None
        Interaction records, when the caller supplied them.  A dask DataFrame
        is read only through `iso18295.kpis` (KPI targets); a check that
        needs the rows in memory gets them from `interaction_records`.
    agent_states : AgentStateTable or None, default None
        Recorded agent states, when the caller supplied them (an empty table
        is supplied: no state was recorded).
    schedule : ScheduleTable or None, default None
        The planned schedule, when the caller supplied it.
    policy : AssessmentPolicy, default AssessmentPolicy()
        The thresholds the assessment applies where the standard names no number.
    findings : tuple of PriorFinding, default ()
        The other rules' findings, for rules registered with ``needs_findings=True``
        (the engine runs those last); empty for every other rule.
    """

    scope: Scope
    as_of: date
    rule_id: str
    interactions: interaction_table.InteractionTable | object | None = None
    agent_states: activity.AgentStateTable | None = None
    schedule: activity.ScheduleTable | None = None
    policy: AssessmentPolicy = attrs.field(factory=AssessmentPolicy)
    findings: tuple[PriorFinding, ...] = ()
    # Lookups built once per context (per rule run), so checks that ask per client or
    # per agent stay linear in the scope; a new dict for every context, never compared.
    _memo: dict[str, object] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def _memoised(self, key: str, build: Callable[[], T]) -> T:
        """Return what `build` returns, built on the first call with `key` only."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast("T", self._memo[key])

    def need(self, value: T | None, what: str) -> T:
        """Return `value`, or stop the check: the evidence `what` was not supplied.

        The engine turns the stop into an "insufficient evidence" finding that
        names `what` to supply.  Use it on every collection and fact the model
        leaves ``None`` when a document does not state it: "not supplied" is
        never read as "none".

        Parameters
        ----------
        value : object or None
            A collection or fact of the model.
        what : str
            Its path, for the finding (``"complaints"``, ``"agents[NW0040].training"``).

        Raises
        ------
        NotSupplied
            If `value` is None.
        """
        if value is None:
            raise NotSupplied(what)
        return value

    @reads("centre.time_zone")
    def local_date(self, moment: datetime) -> date:
        """Return the date of `moment` in the centre's time zone (UTC without a centre)."""
        centre = self.scope.centre
        zone = ZoneInfo(centre.time_zone) if centre is not None else UTC
        return moment.astimezone(zone).date()

    def interaction_records(self) -> interaction_table.InteractionTable:
        """Return the interaction records, or stop the check: they were not supplied.

        Records supplied as a dask DataFrame are not in memory: a check reading
        them row by row stops as if they were not supplied, saying so.
        """
        records = self.need(self.interactions, "interaction records")
        if not isinstance(records, interaction_table.InteractionTable):
            raise NotSupplied("interaction records as an InteractionTable (not a dask DataFrame)")
        return records

    def agent_state_records(self) -> activity.AgentStateTable:
        """Return the recorded agent states, or stop the check: they were not supplied."""
        return self.need(self.agent_states, "agent states")

    def schedule_records(self) -> activity.ScheduleTable:
        """Return the planned schedule, or stop the check: it was not supplied."""
        return self.need(self.schedule, "schedule")

    @reads("agreements[].starts_on", "agreements[].ends_on")
    def agreements_in_force(self) -> tuple[ClientAgreement, ...]:
        """Return the agreements in force on `as_of`, in document order.

        Stops the check (see `need`) if the scope's agreements were not supplied.
        """
        agreements = self.need(self.scope.agreements, "agreements")
        return self._memoised(
            "agreements_in_force",
            lambda: tuple(a for a in agreements if a.is_in_force_on(self.as_of)),
        )

    @reads("policies[].kind", "policies[].party_id")
    def policies_of(self, kind: PolicyKind, *, party_id: str | None = None) -> tuple[Policy, ...]:
        """Return the documents of `kind` (owned by `party_id`, if given).

        Stops the check (see `need`) if the scope's policies were not supplied.
        """
        policies = self.need(self.scope.policies, "policies")
        index = self._memoised("policies_of", lambda: _policy_index(policies))
        key = (kind,) if party_id is None else (kind, party_id)
        return tuple(index.get(key, ()))

    def evidence(self, kind: str, record: object, *fields: str) -> Evidence:
        """Describe a record a rule read, carrying its personal data separately.

        Parameters
        ----------
        kind : str
            What the record is, e.g. ``"agent"``.
        record : attrs instance with an ``id``
            The record.
        *fields : str
            The fields read.

        Returns
        -------
        Evidence
            With the record's personal-data fields (marked in the model) in
            `Evidence.personal`, which reports show only when asked.
        """
        record = unwrapped(record)  # describing a record is not reading it as evidence
        personal: list[tuple[str, str]] = []
        if attrs.has(type(record)):
            for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(record))):
                value = getattr(record, field.name)
                if is_personal(field) and isinstance(value, str):
                    personal.append((field.name, value))
        return Evidence(
            kind=kind,
            id=str(getattr(record, "id", "")),
            fields=tuple(fields),
            personal=tuple(personal),
        )

    def attestation(self) -> Attestation | None:
        """Return the latest attestation of this rule made on or before `as_of`, if any.

        The attestation may have expired (`Attestation.is_valid_on`); `judged`
        then asks for a new judgement.
        """
        return latest_attestation(self.scope, self.rule_id, self.as_of)

    @reads(
        "attestations[].rule_id",
        "attestations[].attested_on",
        "attestations[].valid_until",
        "attestations[].verdict",
        "attestations[].note",
        "attestations[].role",
        "attestations[].evidence_refs",
    )
    def judged(self, question: str) -> Outcome:
        """Return the outcome a recorded attestation gives, or "needs review" without one.

        An attestation past its `Attestation.valid_until` date gives "needs
        review" too, naming it.

        Parameters
        ----------
        question : str
            What a person has to judge, in words; used in the reason when no
            valid attestation is recorded.
        """
        attestation = self.attestation()
        if attestation is None:
            return Outcome.needs_review(
                f"needs human judgement: {question}; no attestation recorded"
            )
        if not attestation.is_valid_on(self.as_of):
            return Outcome.needs_review(
                f"needs human judgement: {question}; attestation {attestation.id} expired on "
                f"{attestation.valid_until}"
            )
        return attested_outcome(self, attestation)


def _policy_index(policies: tuple[Policy, ...]) -> dict[tuple[object, ...], list[Policy]]:
    """Index policies by ``(kind,)`` and ``(kind, party_id)``, each list in document order."""
    index: dict[tuple[object, ...], list[Policy]] = {}
    for p in policies:
        index.setdefault((p.kind,), []).append(p)
        index.setdefault((p.kind, p.party_id), []).append(p)
    return index


def latest_attestation(scope: Scope, rule_id: str, as_of: date) -> Attestation | None:
    """Return the latest attestation of `rule_id` made on or before `as_of`, if any."""
    made = [a for a in scope.attestations or () if a.rule_id == rule_id and a.attested_on <= as_of]
    return max(made, key=lambda a: (a.attested_on, a.id)) if made else None


def attested_outcome(ctx: RuleContext, attestation: Attestation) -> Outcome:
    """Return the outcome `attestation` records, with its references as evidence."""
    status = _VERDICT_STATUS[attestation.verdict]
    evidence = attrs.evolve(
        ctx.evidence("attestation", attestation, "verdict", "note"),
        references=tuple(attestation.evidence_refs or ()),
    )
    return Outcome(
        status=status,
        reason=f"attested {attestation.verdict.value.replace('_', ' ')} on "
        f"{attestation.attested_on} ({attestation.role}): {attestation.note}",
        evidence=(evidence,),
        seen=1,
    )


_VERDICT_STATUS = {
    Verdict.CONFORMS: Status.CONFORMS,
    Verdict.PARTIALLY_CONFORMS: Status.PARTIALLY_CONFORMS,
    Verdict.DOES_NOT_CONFORM: Status.DOES_NOT_CONFORM,
    Verdict.NOT_APPLICABLE: Status.NOT_APPLICABLE,
}


@final
@attrs.frozen
class Condition:
    """A fact a rule needs in order to apply, and how to say it is missing.

    Parameters
    ----------
    description : str
        The fact, e.g. ``"the scope runs outbound campaigns"``.
    unmet : str
        What a not-applicable finding says when the fact is false, e.g.
        ``"no outbound campaign in scope"``.
    test : callable
        ``test(context) -> bool``.  It may call `RuleContext.need`: a fact the
        condition needs that was not supplied gives "insufficient evidence",
        never "not applicable".
    evidence : tuple of str, default ()
        The model fields `test` reads; added to the evidence of every rule
        that names the condition.
    """

    description: str
    unmet: str
    test: Callable[[RuleContext], bool] = attrs.field(eq=False)
    evidence: tuple[str, ...] = ()


HAS_CENTRE = Condition(
    "the scope includes a contact centre",
    "the scope has no contact centre (Part 1 assesses a centre)",
    lambda ctx: ctx.scope.centre is not None,
    ("centre",),
)
"""Part 1 rules apply only to scopes with a centre."""

HAS_CLIENTS = Condition(
    "the scope includes a client",
    "the scope has no client (Part 2 assesses clients)",
    lambda ctx: bool(ctx.scope.clients),
    ("clients",),
)
"""Part 2 rules apply only to scopes with clients."""

HAS_OUTBOUND = Condition(
    "the scope runs outbound campaigns",
    "the campaigns supplied include no outbound campaign",
    lambda ctx: any(
        c.direction.value == "outbound" for c in ctx.need(ctx.scope.campaigns, "campaigns")
    ),
    ("campaigns[].direction",),
)
"""Rules about contacting customers apply only where outbound campaigns exist.

The campaigns must be supplied (an empty list says there are none); a scope
that does not state them gets "insufficient evidence", not "not applicable".
"""

HAS_COMPLAINTS = Condition(
    "complaints were received",
    "the complaints supplied include none received up to the assessment date",
    lambda ctx: any(
        ctx.local_date(c.received_at) <= ctx.as_of
        for c in ctx.need(ctx.scope.complaints, "complaints")
    ),
    ("complaints[].received_at", "centre.time_zone"),
)
"""Rules about handling individual complaints apply once there are complaints.

Complaints are dated in the centre's time zone, as the rules that judge them
count days.  The complaints must be supplied (an empty list says there were
none); a scope that does not state them gets "insufficient evidence".
"""
