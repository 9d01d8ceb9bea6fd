"""Hold a rule to the library's discipline: declared evidence, and no verdict from nothing.

A rule must declare every model field it reads, and must never conclude
"conforms" when the evidence it reads was not supplied or describes an empty
population.  `check_rule` tests both on a scope the caller chooses, for
built-in and user rules alike; the library's own test suite runs it over every
registered rule.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Iterator
from datetime import date

import attrs

from .._model.assessment_policy import AssessmentPolicy
from .._model.lazy import interaction_table
from .._model.scope import Scope
from .context import RuleContext
from .outcome import NotSupplied, Outcome, Status
from .recording import leaves, recording
from .rule import Rule

_WITHHELD_OK = (Status.INSUFFICIENT_EVIDENCE, Status.NEEDS_REVIEW, Status.NOT_APPLICABLE)


def decide(rule: Rule, context: RuleContext) -> Outcome:
    """Run `rule`'s conditions and check on `context` as the engine does, without isolation.

    "Not supplied" becomes an insufficient-evidence outcome and an unmet
    condition a not-applicable one; any other exception propagates.
    """
    try:
        unmet = next((c for c in rule.conditions if not c.test(context)), None)
        if unmet is not None:
            return Outcome.not_applicable(unmet.unmet)
        return rule(context)
    except NotSupplied as missing:
        return Outcome.insufficient_evidence(f"not supplied: {', '.join(missing.what)}")


def recorded_reads(
    rule: Rule,
    scope: Scope,
    *,
    as_of: date,
    interactions: interaction_table.InteractionTable | None = None,
    policy: AssessmentPolicy | None = None,
) -> frozenset[str]:
    """Return the model fields `rule` reads on `scope`, as evidence paths (deepest only)."""
    log: set[str] = set()
    context = RuleContext(
        scope=recording(scope, "", log),
        as_of=as_of,
        rule_id=rule.id,
        interactions=None if interactions is None else recording(interactions, "", log),
        policy=policy or AssessmentPolicy(),
    )
    decide(rule, context)
    return frozenset(leaves(log))


def check_rule(
    rule: Rule,
    scope: Scope,
    *,
    as_of: date,
    interactions: interaction_table.InteractionTable | None = None,
    policy: AssessmentPolicy | None = None,
) -> tuple[str, ...]:
    """Return the ways `rule` breaks the library's evidence discipline on `scope`.

    Three things are checked:

    - every model field the rule reads on `scope` is among its declared
      evidence (`Rule.evidence`);
    - with any collection or fact it reads on `scope` left out (not
      supplied), the rule's status is insufficient evidence, needs review, or
      not applicable with a reason, never a verdict;
    - with any of the scope's record collections it reads supplied but empty,
      the rule does not conform.

    Only the evidence the rule reads on `scope` is withheld: a rule that reads
    complaints only when an agreement sets a complaints target is checked on
    complaints with a scope that has such a target.

    Parameters
    ----------
    rule : Rule
        The rule to check (built-in or your own).
    scope : Scope
        A scope on which the rule can be run; the richer, the more is checked.
    as_of : datetime.date
        The assessment date.
    interactions : InteractionTable or None, default None
        Interaction records, for rules that read them.
    policy : AssessmentPolicy or None, default None
        The thresholds to apply; the defaults when None.

    Returns
    -------
    tuple of str
        One line per problem; empty when the rule keeps the discipline.

    Examples
    --------
    >>> import datetime
    >>> from iso18295 import default_registry
    >>> from iso18295.examples import load_example
    >>> rule = default_registry().get("P1-4.4-procedure")
    >>> check_rule(rule, load_example(), as_of=datetime.date(2026, 4, 1))
    ()
    """
    problems: list[str] = []
    read = recorded_reads(rule, scope, as_of=as_of, interactions=interactions, policy=policy)
    problems.extend(
        f"{rule.id}: reads {path}, which its evidence does not declare"
        for path in undeclared(read, rule.evidence)
    )
    for path, blank in _blankable(tuple(sorted(read))):
        top_level = "." not in path and "[" not in path
        for value in (None, ()) if blank and top_level else (None,):
            variant = _replaced(scope, path.split("."), value)
            if variant is None:
                continue
            outcome = decide(
                rule,
                RuleContext(
                    scope=variant,
                    as_of=as_of,
                    rule_id=rule.id,
                    interactions=interactions,
                    policy=policy or AssessmentPolicy(),
                ),
            )
            if value is None and outcome.status not in _WITHHELD_OK:
                problems.append(
                    f"{rule.id}: with {path} not supplied, expected insufficient evidence, "
                    f"needs review or not applicable, found {outcome.status.value}"
                )
            elif value is not None and outcome.status is Status.CONFORMS:
                problems.append(f"{rule.id}: with {path} empty, expected no 'conforms', found it")
    return tuple(problems)


def undeclared(read: frozenset[str] | set[str], evidence: tuple[str, ...]) -> list[str]:
    """Return the paths of `read` that `evidence` does not declare, sorted.

    Reading a collection or record itself (to count it, or to see that it is
    empty) is covered by declaring any field below it.
    """
    declared = set(evidence)
    return sorted(
        path
        for path in read
        if path not in declared
        and not any(d.startswith((path + ".", path + "[]")) for d in declared)
    )


def _blankable(evidence: tuple[str, ...]) -> Iterator[tuple[str, bool]]:
    """Yield each prefix of the evidence paths that may be left out, and if it is a collection.

    Only fields whose ``None`` means *not supplied* (a model class's
    ``_not_stated``) are left out: elsewhere ``None`` is a fact the rule judges.
    """
    seen: set[str] = set()
    for path in evidence:
        if path.startswith("interactions."):
            continue
        current: object = Scope
        prefix = ""
        for segment in path.split("."):
            name = segment.removesuffix("[]")
            if not (isinstance(current, type) and attrs.has(current)):
                break
            hints = typing.get_type_hints(current)
            if name not in hints:
                break
            tp = hints[name]
            prefix = f"{prefix}.{segment}" if prefix else segment
            key = prefix.removesuffix("[]")
            args = typing.get_args(tp)
            optional = (
                typing.get_origin(tp) in (types.UnionType, typing.Union)
                and type(None) in args
                and name in getattr(current, "_not_stated", ())
            )
            inner = next((a for a in args if a is not type(None)), tp) if optional else tp
            collection = typing.get_origin(inner) in (tuple, frozenset)
            if optional and key not in seen:
                seen.add(key)
                yield key, collection
            current = typing.get_args(inner)[0] if collection else inner


def _replaced(obj: object, segments: list[str], value: object) -> Scope | None:
    """Return a copy of `obj` with the field at `segments` set to `value` everywhere.

    The copy is not validated again: leaving out a collection that other
    records refer to would fail the scope's reference checks, and the rule must
    still not conclude from it.
    """
    result = _replace(obj, segments, value)
    return result if isinstance(result, Scope) else None


def _with(obj: object, name: str, value: object) -> object:
    clone = copy.copy(obj)
    object.__setattr__(clone, name, value)
    return clone


def _replace(obj: object, segments: list[str], value: object) -> object:
    name = segments[0].removesuffix("[]")
    if obj is None:
        return None
    if len(segments) == 1:
        return _with(obj, name, value)
    child = getattr(obj, name)
    if child is None:
        return obj
    if segments[0].endswith("[]"):
        new: object = tuple(_replace(c, segments[1:], value) for c in child)
    else:
        new = _replace(child, segments[1:], value)
    return _with(obj, name, new)
