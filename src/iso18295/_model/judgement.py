"""Human judgement recorded as data: attestations and waivers.

Some clauses ask for things no record proves (leadership commitment, say).
An `Attestation` records who judged a rule's requirement, when, and with what
verdict; a `Waiver` accepts a known nonconformity for a while.  Rules and the
assessment engine read both; neither is ever inferred.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import ClassVar, final

import attrs

from .._display import withheld_repr
from ._checks import Validated, checks, identifier, non_empty, not_before


class Verdict(enum.StrEnum):
    """The judgement an attestation records."""

    CONFORMS = "conforms"
    PARTIALLY_CONFORMS = "partially_conforms"
    DOES_NOT_CONFORM = "does_not_conform"
    NOT_APPLICABLE = "not_applicable"
    """The requirement does not arise for this scope; the attestation's note says why."""


@final
@attrs.frozen(kw_only=True)
class Attestation(Validated):
    """A person's recorded judgement of one rule, for clauses no record can prove.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    rule_id : str
        The rule judged, e.g. ``"P1-5.1-leadership"``.
    attested_on : datetime.date
        When the judgement was made; attestations after the assessment's
        ``as_of`` date are ignored.
    attested_by : str
        Who judged.  Personal data: withheld from reports unless asked.
    role : str
        Their role, e.g. ``"lead auditor"``.
    verdict : Verdict
        The judgement.
    note : str
        What the judgement rests on, in words.
    evidence_refs : tuple of str, default ()
        References to the evidence seen (document ids, minutes, interviews);
        reports show them with the finding.
    valid_until : datetime.date or None, default None
        Last day the judgement holds; after it the rule needs review again.
        ``None``: valid until a later attestation replaces it.
    override : bool, default False
        For a rule that decides from records (an automated rule): whether this
        judgement replaces the rule's own verdict.  Reports show such a finding
        as overridden, with the rule's own verdict beside it.  An attestation
        of an automated rule without ``override = true`` changes nothing and is
        listed in the assessment's notes.
    """

    id: str = attrs.field(metadata=checks(identifier))
    rule_id: str = attrs.field(metadata=checks(identifier))
    attested_on: date
    attested_by: str = attrs.field(metadata=checks(non_empty, personal=True), repr=withheld_repr)
    role: str = attrs.field(metadata=checks(non_empty))
    verdict: Verdict
    note: str = attrs.field(metadata=checks(non_empty))
    evidence_refs: tuple[str, ...] = ()
    valid_until: date | None = None
    override: bool = False

    _invariants: ClassVar[tuple[str, ...]] = ("_check_validity",)
    _check_validity = not_before("valid_until", "attested_on")

    def is_valid_on(self, day: date) -> bool:
        """Tell whether the judgement holds on `day` (made by then, not yet expired)."""
        return self.attested_on <= day and (self.valid_until is None or day <= self.valid_until)


@final
@attrs.frozen(kw_only=True)
class Waiver(Validated):
    """Acceptance of a known nonconformity of one rule, until an expiry date.

    A waiver turns a failing finding of its rule into "waived" while the
    assessment's ``as_of`` date lies between `granted_on` and `expires_on`
    (both included); an expired waiver changes nothing and is reported.

    Parameters
    ----------
    id : str
        Identifier (the waiver reference), unique in the scope.
    rule_id : str
        The rule waived.
    justification : str
        Why the deviation is accepted.
    approved_by_role : str
        The role that approved it (a role, not a person's name).
    granted_on : datetime.date
        First day the waiver applies.
    expires_on : datetime.date
        Last day the waiver applies; on or after `granted_on`.
    object_ids : tuple of str, default ()
        The records the waiver covers (e.g. one complaint); empty for the whole rule.
        A waiver with object ids applies only when every record the finding
        names is among them.
    """

    id: str = attrs.field(metadata=checks(identifier))
    rule_id: str = attrs.field(metadata=checks(identifier))
    justification: str = attrs.field(metadata=checks(non_empty))
    approved_by_role: str = attrs.field(metadata=checks(non_empty))
    granted_on: date
    expires_on: date
    object_ids: tuple[str, ...] = ()

    _invariants: ClassVar[tuple[str, ...]] = ("_check_period",)
    _check_period = not_before("expires_on", "granted_on")

    def is_in_force_on(self, day: date) -> bool:
        """Tell whether the waiver applies on `day` (both ends included)."""
        return self.granted_on <= day <= self.expires_on
