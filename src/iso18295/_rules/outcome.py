"""What a rule's check returns: a status, a reason, evidence and measurements."""

from __future__ import annotations

import enum
import math
from typing import final

import attrs


class Status(enum.StrEnum):
    """The outcome of one rule on one scope.

    See :doc:`/explanation/statuses-and-scores` for how each status counts in
    the score.
    """

    CONFORMS = "conforms"
    """The data shows the requirement is met."""
    PARTIALLY_CONFORMS = "partially_conforms"
    """The requirement is met in part (e.g. most, not all, intervals or records)."""
    DOES_NOT_CONFORM = "does_not_conform"
    """The data shows the requirement is not met."""
    NOT_APPLICABLE = "not_applicable"
    """The requirement does not apply to this scope; the finding names the fact why."""
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    """The data needed to decide is missing; this is not a nonconformity."""
    NEEDS_REVIEW = "needs_review"
    """The requirement needs human judgement and none was recorded."""
    WAIVED = "waived"
    """A nonconformity accepted by a waiver in force on the assessment date."""
    ERROR = "error"
    """The rule itself failed; the run went on and the error summary is kept."""

    @property
    def is_nonconformity(self) -> bool:
        """Tell whether the status is a (partial) nonconformity that a waiver may cover."""
        return self in (Status.DOES_NOT_CONFORM, Status.PARTIALLY_CONFORMS)


def _personal_repr(values: tuple[tuple[str, str], ...]) -> str:
    """Show how many personal values an `Evidence` holds, not the values."""
    n = len(values)
    return f"<withheld: {n} personal value{'' if n == 1 else 's'}>" if values else "()"


@final
@attrs.frozen(kw_only=True)
class Evidence:
    """A record a rule read: what it is, its id, and the fields read.

    Parameters
    ----------
    kind : str
        What the record is, e.g. ``"complaint"``, ``"agent"``, ``"policy"``.
    id : str
        The record's id (never personal data).
    fields : tuple of str, default ()
        The fields read, e.g. ``("acknowledged_at", "received_at")``.
    personal : tuple of (str, str), default ()
        Personal data that identifies the record to a person (label, value),
        such as an agent's name; reports leave it out unless asked.
    references : tuple of str, default ()
        Where a person can see the evidence behind the record (document ids,
        minutes, interview notes), as an attestation names them.
    """

    kind: str
    id: str
    fields: tuple[str, ...] = ()
    personal: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=_personal_repr)
    references: tuple[str, ...] = ()


@final
@attrs.frozen(kw_only=True)
class Measurement:
    """A number a rule observed, against what was expected.

    Parameters
    ----------
    name : str
        What was measured, e.g. ``"share of intervals staffed to target"``.
    observed : float
        The measured value.
    expected : float or None, default None
        The value required, if there is one.
    comparison : {"at_least", "at_most", "equal"} or None, default None
        Which side of `expected` is good.
    unit : str or None, default None
        Unit of `observed` and `expected`, e.g. ``"share"``, ``"days"``.
    numerator : float or None, default None
        For ratios, the count on top.
    denominator : float or None, default None
        For ratios, the count below.
    """

    name: str
    observed: float
    expected: float | None = None
    comparison: str | None = None
    unit: str | None = None
    numerator: float | None = None
    denominator: float | None = None

    @classmethod
    def all_records(cls, name: str, good: int, total: int) -> Measurement:
        """Return the share of `total` records that meet a requirement every record must meet.

        Expected 1.0, at least; NaN when `total` is 0 (nothing was judged).

        Examples
        --------
        >>> Measurement.all_records("agents inducted", 31, 32).observed
        0.96875
        """
        return cls(
            name=name,
            observed=good / total if total else float("nan"),
            expected=1.0,
            comparison="at_least",
            unit="share",
            numerator=good,
            denominator=total,
        )

    @property
    def is_defined(self) -> bool:
        """Tell whether the observed value is a number (not NaN)."""
        return not math.isnan(self.observed)


class NotSupplied(Exception):  # noqa: N818 - a signal to the engine, not an error of the user's
    """Raised by `RuleContext.need` when evidence a rule needs was not supplied.

    The engine turns it into an "insufficient evidence" finding naming what to
    supply; a check never needs to catch it.

    Parameters
    ----------
    what : tuple of str
        The paths of the missing evidence (``"complaints"``, ``"agents[NW0040].training"``).
    """

    def __init__(self, *what: str) -> None:
        super().__init__(", ".join(what))
        self.what = what


@final
@attrs.frozen(kw_only=True)
class Outcome:
    """What a rule's check returns.

    Build one with the class methods (`conforms`, `does_not_conform`, ...),
    which read as the finding they make.

    Parameters
    ----------
    status : Status
        The result.  `Status.WAIVED` and `Status.ERROR` are set by the engine only.
    reason : str
        One line, for people: why this status.
    evidence : tuple of Evidence, default ()
        The records read.
    measurements : tuple of Measurement, default ()
        Numbers observed against numbers expected.
    seen : int, default 0
        How many records (or attestations) the verdict rests on.  A conforming
        outcome must rest on at least one: "conforms" is never concluded from
        an empty population.

    Raises
    ------
    ValueError
        If a conforming outcome rests on no record (``seen < 1``).
    """

    status: Status
    reason: str
    evidence: tuple[Evidence, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    seen: int = 0

    def __attrs_post_init__(self) -> None:
        """Refuse a conforming outcome that rests on no record."""
        if self.status is Status.CONFORMS and self.seen < 1:
            raise ValueError(
                f"Outcome.conforms(): expected seen >= 1 (the records the verdict rests on), "
                f"found {self.seen}; a rule must not conclude 'conforms' from an empty "
                "population"
            )

    @classmethod
    def conforms(
        cls,
        reason: str,
        evidence: tuple[Evidence, ...] = (),
        measurements: tuple[Measurement, ...] = (),
        *,
        seen: int,
    ) -> Outcome:
        """Return a conforming outcome resting on `seen` records (at least one)."""
        return cls(
            status=Status.CONFORMS,
            reason=reason,
            evidence=evidence,
            measurements=measurements,
            seen=seen,
        )

    @classmethod
    def partially_conforms(
        cls,
        reason: str,
        evidence: tuple[Evidence, ...] = (),
        measurements: tuple[Measurement, ...] = (),
    ) -> Outcome:
        """Return a partly conforming outcome."""
        return cls(
            status=Status.PARTIALLY_CONFORMS,
            reason=reason,
            evidence=evidence,
            measurements=measurements,
        )

    @classmethod
    def does_not_conform(
        cls,
        reason: str,
        evidence: tuple[Evidence, ...] = (),
        measurements: tuple[Measurement, ...] = (),
    ) -> Outcome:
        """Return a nonconforming outcome."""
        return cls(
            status=Status.DOES_NOT_CONFORM,
            reason=reason,
            evidence=evidence,
            measurements=measurements,
        )

    @classmethod
    def insufficient_evidence(cls, reason: str, evidence: tuple[Evidence, ...] = ()) -> Outcome:
        """Return an outcome saying the data needed to decide is missing."""
        return cls(status=Status.INSUFFICIENT_EVIDENCE, reason=reason, evidence=evidence)

    @classmethod
    def not_applicable(cls, reason: str, evidence: tuple[Evidence, ...] = ()) -> Outcome:
        """Return an outcome saying the rule does not apply; `reason` names the fact.

        Use it only where the requirement truly does not arise (no outbound
        campaign, so no outbound contact rules); where records that would show
        it were not supplied, or none exist but should, the outcome is
        `insufficient_evidence` or `does_not_conform`.
        """
        return cls(status=Status.NOT_APPLICABLE, reason=reason, evidence=evidence)

    @classmethod
    def needs_review(cls, reason: str) -> Outcome:
        """Return an outcome saying human judgement is needed and none was recorded."""
        return cls(status=Status.NEEDS_REVIEW, reason=reason)
