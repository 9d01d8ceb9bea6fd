"""A finding: one rule's outcome on one scope, with its clause and evidence."""

from __future__ import annotations

from datetime import date
from typing import final

import attrs

from .._rules.basis import Basis, CheckMethod
from .._rules.clauses import Part
from .._rules.outcome import Evidence, Measurement, Status


@final
@attrs.frozen(kw_only=True)
class Finding:
    """The result of one rule on one scope.

    Parameters
    ----------
    rule_id : str
        The rule.
    part : Part
        Part 1 or Part 2.
    clause : str
        The clause number, e.g. ``"4.4"``.
    clause_title : str
        The clause title.
    basis : Basis
        What the verdict rests on: the standard's requirement, its
        recommendation, or our interpretation.
    method : CheckMethod
        Automated (from records) or judgement (from an attestation).
    status : Status
        The outcome.
    reason : str
        One line: why this status.
    as_of : datetime.date
        The assessment date.
    evidence : tuple of Evidence, default ()
        Records read (ids and fields; personal data kept apart).
    measurements : tuple of Measurement, default ()
        Numbers observed against numbers expected.
    waiver_id : str or None, default None
        For a waived finding, the waiver reference.
    waiver_expires_on : datetime.date or None, default None
        For a waived finding, when the waiver ends.
    error : str or None, default None
        For an error finding, a summary of what the rule raised.
    parameters : tuple of (str, float), default ()
        The `AssessmentPolicy` thresholds the rule applied, with their values.
    missing : tuple of str, default ()
        For "insufficient evidence" because records were not supplied: what to supply.
    overridden_by : str or None, default None
        For an automated rule whose verdict an attestation replaced: the attestation.
    automated_status : Status or None, default None
        With `overridden_by`: the verdict the rule reached from records.
    automated_reason : str or None, default None
        With `overridden_by`: the rule's own reason.
    """

    rule_id: str
    part: Part
    clause: str
    clause_title: str
    basis: Basis
    method: CheckMethod
    status: Status
    reason: str
    as_of: date
    evidence: tuple[Evidence, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    waiver_id: str | None = None
    waiver_expires_on: date | None = None
    error: str | None = None
    parameters: tuple[tuple[str, float], ...] = ()
    missing: tuple[str, ...] = ()
    overridden_by: str | None = None
    automated_status: Status | None = None
    automated_reason: str | None = None

    @property
    def clause_key(self) -> tuple[int, tuple[int, ...]]:
        """Return a key that sorts findings in the standard's clause order."""
        return (self.part, tuple(int(n) for n in self.clause.split(".")))
