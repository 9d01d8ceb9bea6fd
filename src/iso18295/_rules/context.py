"""What a rule's check sees: the scope, the assessment date, records, and helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, cast

import attrs

from .._model._checks import is_personal
from .._model.agreements import ClientAgreement
from .._model.judgement import Attestation, Verdict
from .._model.policies import Policy, PolicyKind
from .._model.scope import Scope
from .outcome import Evidence, Outcome, Status

if TYPE_CHECKING:
    from .._model.tables import InteractionTable


@attrs.frozen(kw_only=True)
class Context:
    """Everything a rule's check may read.

    Parameters
    ----------
    scope : Scope
        What is assessed.
    as_of : datetime.date
        The assessment date: "current", "overdue" and "within the last year" are
        judged against it, never against the wall clock.
    rule_id : str
        The rule being run (used to find its attestations).
    interactions : InteractionTable or None, default None
        Interaction records, when the caller supplied them.
    """

    scope: Scope
    as_of: date
    rule_id: str
    interactions: InteractionTable | None = None

    def agreements_in_force(self) -> tuple[ClientAgreement, ...]:
        """Return the agreements in force on `as_of`, in document order."""
        return tuple(a for a in self.scope.agreements if a.is_in_force_on(self.as_of))

    def policies_of(self, kind: PolicyKind, *, party_id: str | None = None) -> tuple[Policy, ...]:
        """Return the documents of `kind` (owned by `party_id`, if given)."""
        return tuple(
            p
            for p in self.scope.policies
            if p.kind is kind and (party_id is None or p.party_id == party_id)
        )

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
        """Return the latest attestation of this rule made on or before `as_of`, if any."""
        made = [
            a
            for a in self.scope.attestations
            if a.rule_id == self.rule_id and a.attested_on <= self.as_of
        ]
        return max(made, key=lambda a: (a.attested_on, a.id)) if made else None

    def judged(self, question: str) -> Outcome:
        """Return the outcome a recorded attestation gives, or "needs review" without one.

        Parameters
        ----------
        question : str
            What a person has to judge, in words; used in the reason when no
            attestation is recorded.
        """
        attestation = self.attestation()
        if attestation is None:
            return Outcome.needs_review(
                f"needs human judgement: {question}; no attestation recorded"
            )
        status = _VERDICT_STATUS[attestation.verdict]
        return Outcome(
            status=status,
            reason=f"attested {attestation.verdict.value.replace('_', ' ')} on "
            f"{attestation.attested_on} ({attestation.role}): {attestation.note}",
            evidence=(self.evidence("attestation", attestation, "verdict", "note"),),
        )


_VERDICT_STATUS = {
    Verdict.CONFORMS: Status.CONFORMS,
    Verdict.PARTIALLY_CONFORMS: Status.PARTIALLY_CONFORMS,
    Verdict.DOES_NOT_CONFORM: Status.DOES_NOT_CONFORM,
}


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
        ``test(context) -> bool``.
    """

    description: str
    unmet: str
    test: Callable[[Context], bool] = attrs.field(eq=False)


HAS_CENTRE = Condition(
    "the scope includes a contact centre",
    "the scope has no contact centre (Part 1 assesses a centre)",
    lambda ctx: ctx.scope.centre is not None,
)
"""Part 1 rules apply only to scopes with a centre."""

HAS_CLIENTS = Condition(
    "the scope includes a client",
    "the scope has no client (Part 2 assesses clients)",
    lambda ctx: bool(ctx.scope.clients),
)
"""Part 2 rules apply only to scopes with clients."""

HAS_OUTBOUND = Condition(
    "the scope runs outbound campaigns",
    "no outbound campaign in scope",
    lambda ctx: any(c.direction.value == "outbound" for c in ctx.scope.campaigns),
)
"""Rules about contacting customers apply only where outbound campaigns exist."""

HAS_COMPLAINTS = Condition(
    "complaints were received",
    "no complaint was received up to the assessment date",
    lambda ctx: any(c.received_at.date() <= ctx.as_of for c in ctx.scope.complaints),
)
"""Rules about handling individual complaints apply only once there are complaints."""

HAS_INTERACTIONS = Condition(
    "interaction records were supplied",
    "no interaction records were supplied to the assessment",
    lambda ctx: ctx.interactions is not None,
)
"""Rules that measure KPIs need interaction records."""

HAS_FORECASTS = Condition(
    "workload forecasts are recorded",
    "no workload forecast in scope",
    lambda ctx: bool(ctx.scope.forecasts),
)
"""Rules about planning against forecasts apply only where forecasts exist."""
