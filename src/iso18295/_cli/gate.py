"""``--fail-on``: which findings fail the run, and the exit code they give.

The levels form a ladder, each counting what the levels before it count:

``error``
    only rules that crashed (status ``error``): the run is incomplete;
``requirement``
    and unwaived nonconformities (``does_not_conform``, ``partially_conforms``)
    of the standard's requirements;
``recommendation``
    and those of its recommendations;
``interpretation``
    and those of our interpretations (every basis);
``insufficient-evidence``
    and findings left undecided: ``insufficient_evidence`` and ``needs_review``.

``waived``, ``conforms`` and ``not_applicable`` never fail a run.  A crashed
rule gives `EXIT_INCOMPLETE` at every level (before `EXIT_NONCONFORMING`); the
others give `EXIT_NONCONFORMING`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from .._assessment.findings import Finding
from .._rules.basis import Basis
from .._rules.outcome import Status
from .exits import EXIT_INCOMPLETE, EXIT_NONCONFORMING, EXIT_OK

LEVELS: Final = (
    "error",
    "requirement",
    "recommendation",
    "interpretation",
    "insufficient-evidence",
)
"""The ``--fail-on`` levels, from the most lenient to the strictest."""

_BASES: Final = {
    "error": (),
    "requirement": (Basis.REQUIREMENT,),
    "recommendation": (Basis.REQUIREMENT, Basis.RECOMMENDATION),
    "interpretation": tuple(Basis),
    "insufficient-evidence": tuple(Basis),
}


def counted(finding: Finding, level: str) -> bool:
    """Tell whether `finding` fails a run gated at `level`."""
    if finding.status is Status.ERROR:
        return True
    if finding.status.is_nonconformity:
        return finding.basis in _BASES[level]
    undecided = (Status.INSUFFICIENT_EVIDENCE, Status.NEEDS_REVIEW)
    return level == "insufficient-evidence" and finding.status in undecided


def failing(findings: Iterable[Finding], level: str | None) -> list[Finding]:
    """Return the findings that fail a run gated at `level` (none without a level)."""
    if level is None:
        return []
    return [f for f in findings if counted(f, level)]


def exit_code(failed: Iterable[Finding]) -> int:
    """Return the exit code of a run whose gate counted `failed`."""
    statuses = {f.status for f in failed}
    if Status.ERROR in statuses:
        return EXIT_INCOMPLETE
    return EXIT_NONCONFORMING if statuses else EXIT_OK
