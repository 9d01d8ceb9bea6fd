"""Coverage of the standard by a registry: which rules check each clause, and how."""

from __future__ import annotations

from collections.abc import Iterable
from typing import final

import attrs

from . import display
from .basis import CheckMethod
from .clauses import PART1, PART2, Clause
from .rule import Rule


@final
@attrs.frozen(kw_only=True)
class ClauseCoverage:
    """How one clause of ISO 18295 is checked by a registry.

    Parameters
    ----------
    clause : Clause
        The clause.
    rules : tuple of Rule
        The rules that check it, in id order; empty for headings and for
        clauses the registry does not cover.
    """

    clause: Clause
    rules: tuple[Rule, ...]

    def __repr__(self) -> str:
        return display.coverage_repr(self)

    def _repr_html_(self) -> str:
        return display.coverage_html(self)

    @property
    def is_covered(self) -> bool:
        """Tell whether a heading, or a clause with at least one rule."""
        return self.clause.heading or bool(self.rules)

    @property
    def automated(self) -> int:
        """Return how many of the rules decide from records."""
        return sum(r.method is CheckMethod.AUTOMATED for r in self.rules)

    @property
    def judgement(self) -> int:
        """Return how many of the rules read a recorded human judgement."""
        return sum(r.method is CheckMethod.JUDGEMENT for r in self.rules)

    @property
    def evidence(self) -> tuple[str, ...]:
        """Return every model field the clause's rules read, sorted, without repeats."""
        return tuple(sorted({path for r in self.rules for path in r.evidence}))


def clause_coverage(rules: Iterable[Rule]) -> tuple[ClauseCoverage, ...]:
    """Return the coverage of every clause of both parts, in the standard's order.

    Rules naming a clause outside the clause list cannot exist (`Registry.rule`
    refuses them), so every rule appears under exactly one clause.
    """
    by_clause: dict[tuple[int, str], list[Rule]] = {}
    for rule in rules:
        by_clause.setdefault((rule.part, rule.clause.number), []).append(rule)
    return tuple(
        ClauseCoverage(
            clause=c,
            rules=tuple(sorted(by_clause.get((int(c.part), c.number), []), key=lambda r: r.id)),
        )
        for c in PART1 + PART2
    )
