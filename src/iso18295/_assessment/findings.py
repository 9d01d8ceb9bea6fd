"""A finding: one rule's outcome on one scope, with its clause and evidence."""

from __future__ import annotations

from datetime import date

import attrs

from .._rules.outcome import Evidence, Measurement, Status


@attrs.frozen(kw_only=True)
class Finding:
    """The result of one rule on one scope.

    Parameters
    ----------
    rule_id : str
        The rule.
    part : int
        1 or 2.
    clause : str
        The clause number, e.g. ``"4.4"``.
    clause_title : str
        The clause title.
    strength : str
        ``"requirement"`` or ``"recommendation"``.
    method : str
        ``"automated"`` or ``"judgement"``.
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
    """

    rule_id: str
    part: int
    clause: str
    clause_title: str
    strength: str
    method: str
    status: Status
    reason: str
    as_of: date
    evidence: tuple[Evidence, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    waiver_id: str | None = None
    waiver_expires_on: date | None = None
    error: str | None = None

    @property
    def clause_key(self) -> tuple[int, tuple[int, ...]]:
        """Return a key that sorts findings in the standard's clause order."""
        return (self.part, tuple(int(n) for n in self.clause.split(".")))
