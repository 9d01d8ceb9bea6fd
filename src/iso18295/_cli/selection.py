"""``--select`` and ``--skip``: choose rules by id, clause, part or glob.

A selector is one of

- a rule id (``P1-4.5-contact-hours``);
- a part (``P1``, ``P2``);
- a clause (``P1-4.4``: the rules of clause 4.4 of Part 1 and of its subclauses);
- a glob over rule ids (``P1-7.*``, ``*-review``), with ``*``, ``?`` and ``[...]``.

A selector that matches no rule is a usage error that suggests the closest ones.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence

from .._rules.registry import Registry
from .._rules.rule import Rule
from ..errors import UnknownIdError
from .exits import UsageError

_PART = re.compile(r"P([12])")
_CLAUSE = re.compile(r"P([12])-(\d+(?:\.\d+)*)")


def matches(selector: str, rule: Rule) -> bool:
    """Tell whether `selector` picks `rule`."""
    if selector == rule.id:
        return True
    if any(ch in selector for ch in "*?["):
        return fnmatch.fnmatchcase(rule.id, selector)
    part = _PART.fullmatch(selector)
    if part:
        return int(rule.part) == int(part.group(1))
    clause = _CLAUSE.fullmatch(selector)
    if clause:
        number = rule.clause.number
        wanted = clause.group(2)
        return int(rule.part) == int(clause.group(1)) and (
            number == wanted or number.startswith(wanted + ".")
        )
    return False


def _known(rules: Iterable[Rule]) -> list[str]:
    """Every selector that names something: rule ids, clauses and parts."""
    known: set[str] = set()
    for r in rules:
        known.update((r.id, f"P{int(r.part)}", f"P{int(r.part)}-{r.clause.number}"))
    return sorted(known)


def _unknown(selector: str, rules: list[Rule]) -> UnknownIdError:
    """Return the error for a selector that matches nothing: rule ids suggested first."""
    kind = "rule, clause (P1-4.4) or part (P1)"
    by_id = UnknownIdError(kind, selector, (r.id for r in rules))
    return by_id if by_id.suggestions else UnknownIdError(kind, selector, _known(rules))


def select(registry: Registry, *, select: Sequence[str], skip: Sequence[str]) -> Registry:
    """Return the rules `select` picks (all if empty), less those `skip` picks.

    Raises
    ------
    UsageError
        If a selector matches no rule; the message suggests the closest.
    """
    rules = list(registry)
    for option, selectors in (("--select", select), ("--skip", skip)):
        for selector in selectors:
            if not any(matches(selector, r) for r in rules):
                raise UsageError(f"{option}: {_unknown(selector, rules)}")
    chosen = [
        r
        for r in rules
        if (not select or any(matches(s, r) for s in select))
        and not any(matches(s, r) for s in skip)
    ]
    return registry._narrowed(chosen)  # the packs' failures still reach the report
