"""Human judgement recorded as data: attestations and waivers.

Some clauses ask for things no record proves (leadership commitment, say).
An `Attestation` records who judged a rule's requirement, when, and with what
verdict; a `Waiver` accepts a known nonconformity for a while.  Rules and the
assessment engine read both; neither is ever inferred.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import ClassVar

import attrs

from ._checks import Validated, checks, identifier, non_empty, not_before


class Verdict(enum.StrEnum):
    """The judgement an attestation records."""

    CONFORMS = "conforms"
    PARTIALLY_CONFORMS = "partially_conforms"
    DOES_NOT_CONFORM = "does_not_conform"


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
        References to the evidence seen (document ids, minutes, interviews).
    """

    id: str = attrs.field(metadata=checks(identifier))
    rule_id: str = attrs.field(metadata=checks(identifier))
    attested_on: date
    attested_by: str = attrs.field(metadata=checks(non_empty, personal=True))
    role: str = attrs.field(metadata=checks(non_empty))
    verdict: Verdict
    note: str = attrs.field(metadata=checks(non_empty))
    evidence_refs: tuple[str, ...] = ()


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
