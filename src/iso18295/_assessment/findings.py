"""A finding: one rule's outcome on one scope, with its clause and evidence."""

from __future__ import annotations

from datetime import date
from typing import final

import attrs

from .._display import withheld_repr
from .._rules.basis import Basis, CheckMethod
from .._rules.clauses import Part
from .._rules.outcome import Evidence, Measurement, Status
from . import display

MESSAGE_WITHHELD = (
    "message withheld (it may hold personal data; include_personal_data=True shows it)"
)
"""What a report says in place of a rule's exception message when personal data is left out."""


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
        For an error finding, what went wrong, free of personal data: the
        type of exception the rule raised and where (or what was wrong with
        what it returned, or why a rule pack failed).
    error_type : str or None, default None
        For a rule that raised, the exception's type, e.g. ``"ValueError"``
        (qualified with its module unless built in).
    error_message : str or None, default None
        For a rule that raised, the exception's message.  It may quote the
        records the rule read, so reports show it only with personal data
        included (see `error_text`).
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
    error_type: str | None = None
    error_message: str | None = attrs.field(default=None, repr=withheld_repr)
    parameters: tuple[tuple[str, float], ...] = ()
    missing: tuple[str, ...] = ()
    overridden_by: str | None = None
    automated_status: Status | None = None
    automated_reason: str | None = None

    def error_text(self, *, include_personal_data: bool = False) -> str | None:
        """Return what a report says about the error: the summary, with the message if asked.

        Parameters
        ----------
        include_personal_data : bool, default False
            Add the exception's message, which may quote personal data;
            without it the text says the message was withheld.

        Returns
        -------
        str or None
            None if the finding has no error.

        Examples
        --------
        >>> from datetime import date
        >>> from iso18295 import Basis, CheckMethod, Finding, Part, Status
        >>> f = Finding(rule_id="X-9-user", part=Part.CENTRE, clause="9",
        ...             clause_title="Client relationship", basis=Basis.REQUIREMENT,
        ...             method=CheckMethod.AUTOMATED, status=Status.ERROR,
        ...             reason="the rule raised ValueError", as_of=date(2026, 3, 2),
        ...             error="ValueError raised in rule X-9-user (at check, line 3)",
        ...             error_type="ValueError", error_message="no agent named Ann Lee")
        >>> print(f.error_text())
        ValueError raised in rule X-9-user (at check, line 3); message withheld (it may hold personal data; include_personal_data=True shows it)
        >>> print(f.error_text(include_personal_data=True))
        ValueError raised in rule X-9-user (at check, line 3): no agent named Ann Lee
        """  # noqa: E501 - the doctest output is one line
        if self.error is None or self.error_message is None:
            return self.error
        if include_personal_data:
            return f"{self.error}: {self.error_message}"
        return f"{self.error}; {MESSAGE_WITHHELD}"

    def describe(self, *, include_personal_data: bool = False) -> str:
        """Return the finding in a few lines of text, every evidence record listed.

        ``str(finding)`` is ``finding.describe()``; ``repr`` and the notebook
        display are shorter, and none of them shows personal data.

        Parameters
        ----------
        include_personal_data : bool, default False
            Show the personal data that identifies the evidence records (agent
            names, customer references) and the rule's exception message, as
            the reports do with the same option.  Off by default: records are
            named by id.

        Examples
        --------
        >>> from datetime import date
        >>> from iso18295 import Basis, CheckMethod, Evidence, Finding, Part, Status
        >>> f = Finding(rule_id="P1-6.4-induction", part=Part.CENTRE, clause="6.4",
        ...             clause_title="Skills development", basis=Basis.REQUIREMENT,
        ...             method=CheckMethod.AUTOMATED, status=Status.DOES_NOT_CONFORM,
        ...             reason="1 agent handled contacts before induction: NW0040",
        ...             as_of=date(2026, 4, 1),
        ...             evidence=(Evidence(kind="agent", id="NW0040",
        ...                                personal=(("name", "Ann Lee"),)),))
        >>> print(f.describe())
        Finding P1-6.4-induction (as of 2026-04-01)
          status: does not conform
          clause: Part 1, 6.4 Skills development
          basis: requirement, automated
          reason: 1 agent handled contacts before induction: NW0040
          evidence: agent NW0040
          personal data: withheld (describe(include_personal_data=True) shows it)
        >>> print(f.describe(include_personal_data=True).splitlines()[-1])
          evidence: agent NW0040 [name: Ann Lee]
        """
        return display.finding_text(self, include_personal_data=include_personal_data)

    def __repr__(self) -> str:
        return display.finding_repr(self)

    def __str__(self) -> str:
        return self.describe()

    def _repr_html_(self) -> str:
        return display.finding_html(self)

    @property
    def clause_key(self) -> tuple[int, tuple[int, ...]]:
        """Return a key that sorts findings in the standard's clause order."""
        return (self.part, tuple(int(n) for n in self.clause.split(".")))
