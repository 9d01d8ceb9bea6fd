"""Scores and the overall conclusion, from findings.

The formula (see :doc:`/explanation/statuses-and-scores`):

- *decided* findings are those the data settled: conforms, partially conforms,
  does not conform;
- score = (conforms + 0.5 x partially conforms) / decided, or no score when
  nothing was decided;
- not applicable, waived, insufficient evidence, needs review and error are
  left out of the score and reported as counts; coverage = decided / (all
  findings - not applicable) says how much of the score rests on data.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from typing import final

import attrs

from .._rules.basis import Basis
from .._rules.clauses import Part
from .._rules.outcome import Status
from . import display
from .findings import Finding

_DECIDED = (Status.CONFORMS, Status.PARTIALLY_CONFORMS, Status.DOES_NOT_CONFORM)
_UNDECIDED = (Status.INSUFFICIENT_EVIDENCE, Status.NEEDS_REVIEW, Status.ERROR)


class Conclusion(enum.StrEnum):
    """The overall result of an assessment."""

    CONFORMS = "conforms"
    """Every applicable rule was decided, at least one of the standard's
    requirements was shown met, and no unwaived nonconformity of a requirement
    remains."""
    DOES_NOT_CONFORM = "does_not_conform"
    """At least one of the standard's requirements is not (or only partly) met and
    not waived.  Nonconformities of recommendations and of our interpretations
    are reported beside the conclusion but do not decide it."""
    INCOMPLETE = "incomplete"
    """No unwaived nonconformity of a requirement, but some rules could not be decided,
    or no rule was decided at all."""


@final
@attrs.frozen(kw_only=True)
class Score:
    """The score of a group of findings: one clause, one part, or all.

    Parameters
    ----------
    part : Part or None
        The part, or ``None`` for the overall score.
    clause : str or None
        The clause number, or ``None`` for a part's or the overall score.
    value : float or None
        (conforms + 0.5 x partially conforms) / decided, in [0, 1]; ``None``
        when no finding was decided.
    decided : int
        Findings the data settled.
    applicable : int
        Findings that were not "not applicable".
    counts : tuple of (Status, int)
        Findings per status, in the order of `Status`, zero counts left out.
    """

    part: Part | None
    clause: str | None
    value: float | None
    decided: int
    applicable: int
    counts: tuple[tuple[Status, int], ...]

    @property
    def coverage(self) -> float | None:
        """Return decided / applicable, which says how much of the score rests on data."""
        return self.decided / self.applicable if self.applicable else None

    def __repr__(self) -> str:
        return display.score_repr(self)

    def _repr_html_(self) -> str:
        return display.score_html(self)

    @classmethod
    def of(
        cls, findings: Iterable[Finding], *, part: Part | None = None, clause: str | None = None
    ) -> Score:
        """Score any group of findings with the formula `assess` uses for clauses and parts.

        Examples
        --------
        >>> from datetime import date
        >>> from iso18295 import Basis, CheckMethod, Finding, Part, Score, Status
        >>> def f(status):
        ...     return Finding(rule_id="r", part=Part.CENTRE, clause="4.4", clause_title="t",
        ...                    basis=Basis.REQUIREMENT, method=CheckMethod.AUTOMATED,
        ...                    status=status, reason="", as_of=date(2026, 4, 1))
        >>> Score.of([f(Status.CONFORMS), f(Status.DOES_NOT_CONFORM)]).value
        0.5
        """
        return score(findings, part=part, clause=clause)


def score(
    findings: Iterable[Finding], *, part: Part | None = None, clause: str | None = None
) -> Score:
    """Score a group of findings with the documented formula.

    Examples
    --------
    Two conform, one partly conforms, one does not, one needs review:
    (2 + 0.5) / 4 = 0.625, on 4 decided of 5 applicable findings.

    >>> from datetime import date
    >>> from iso18295 import Basis, CheckMethod, Part
    >>> def f(status):
    ...     return Finding(rule_id="r", part=Part.CENTRE, clause="4.4", clause_title="t",
    ...                    basis=Basis.REQUIREMENT, method=CheckMethod.AUTOMATED, status=status,
    ...                    reason="", as_of=date(2026, 4, 1))
    >>> s = score([f(Status.CONFORMS), f(Status.CONFORMS), f(Status.PARTIALLY_CONFORMS),
    ...            f(Status.DOES_NOT_CONFORM), f(Status.NEEDS_REVIEW)])
    >>> s.value, s.decided, s.applicable
    (0.625, 4, 5)
    """
    counts = Counter(f.status for f in findings)
    decided = sum(counts[s] for s in _DECIDED)
    applicable = sum(counts.values()) - counts[Status.NOT_APPLICABLE]
    points = counts[Status.CONFORMS] + 0.5 * counts[Status.PARTIALLY_CONFORMS]
    return Score(
        part=part,
        clause=clause,
        value=points / decided if decided else None,
        decided=decided,
        applicable=applicable,
        counts=tuple((s, counts[s]) for s in Status if counts[s]),
    )


def conclude(findings: Iterable[Finding]) -> Conclusion:
    """Return the overall conclusion: see `Conclusion` for the rule."""
    findings = list(findings)
    if any(f.status.is_nonconformity and f.basis is Basis.REQUIREMENT for f in findings):
        return Conclusion.DOES_NOT_CONFORM
    if any(f.status in _UNDECIDED for f in findings):
        return Conclusion.INCOMPLETE
    if not any(f.status in _DECIDED and f.basis is Basis.REQUIREMENT for f in findings):
        return (
            Conclusion.INCOMPLETE
        )  # no requirement of the standard was shown met: do not claim it
    return Conclusion.CONFORMS
