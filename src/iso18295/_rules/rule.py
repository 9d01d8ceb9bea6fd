"""A rule: one checkable requirement of ISO 18295, anchored to its clause."""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Callable
from typing import final

import attrs

from .._model.assessment_policy import AssessmentPolicy
from .._model.columns import COLUMNS_BY_NAME
from .._model.scope import Scope
from ..errors import RuleError
from . import display
from .basis import Basis, CheckMethod
from .clauses import CLAUSES, Clause, Part
from .context import Condition, RuleContext
from .outcome import Outcome

Check = Callable[[RuleContext], Outcome]
"""A rule's check: reads the context, returns an `Outcome`."""

_RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


@final
@attrs.frozen(kw_only=True)
class Rule:
    """One checkable requirement: its clause, our paraphrase, the evidence it reads, its check.

    Rules are made with `Registry.rule`, the one documented way; building a
    ``Rule`` directly is for tools that generate rules.  Calling a rule runs its
    check.

    Parameters
    ----------
    id : str
        Stable identifier, anchored to the clause (``"P1-4.4-acknowledge"``);
        never reused or renumbered once published.
    clause : Clause
        The clause the rule checks.
    paraphrase : str
        The requirement in our own words (never the standard's text).
    basis : Basis
        The standard's requirement, its recommendation, or our interpretation.
    method : CheckMethod
        Automated (from records) or judgement (from attestations).
    evidence : tuple of str
        The model fields the rule reads, as paths from the scope
        (``"complaints[].acknowledged_at"``, ``"interactions.agent_id"``).
    parameters : tuple of str
        The `AssessmentPolicy` thresholds the rule applies.
    conditions : tuple of Condition
        Facts the rule needs in order to apply; the first unmet one is named in
        the not-applicable finding.
    check : callable
        ``check(context) -> Outcome``.
    needs_findings : bool, default False
        Whether the check reads the findings of the other rules
        (`RuleContext.findings`); the engine runs such rules last.

    Raises
    ------
    RuleError
        If the id is malformed, the paraphrase empty, or an evidence path does
        not name a field of the model.
    """

    id: str
    clause: Clause
    paraphrase: str
    basis: Basis
    method: CheckMethod
    evidence: tuple[str, ...]
    parameters: tuple[str, ...]
    conditions: tuple[Condition, ...]
    check: Check = attrs.field(eq=False, repr=False)
    needs_findings: bool = False

    def __repr__(self) -> str:
        return display.rule_repr(self)

    def _repr_html_(self) -> str:
        return display.rule_html(self)

    def __attrs_post_init__(self) -> None:
        """Validate the definition, reporting every problem at once."""
        problems = []
        if not _RULE_ID.match(self.id):
            problems.append(f"id: expected letters, digits and . _ -, found {self.id!r}")
        if CLAUSES.get((self.clause.part, self.clause.number)) != self.clause:
            problems.append(
                f"clause: expected a clause of the clause list, found {self.clause.label} "
                f"{self.clause.title!r}"
            )
        if not self.paraphrase.strip():
            problems.append("paraphrase: expected our wording of the requirement, found nothing")
        problems.extend(
            f"evidence: expected a path to a model field, found {path!r} ({why})"
            for path in self.evidence
            if (why := evidence_path_problem(path)) is not None
        )
        known = _policy_fields()
        problems.extend(
            f"parameters: expected a field of AssessmentPolicy, found {name!r}"
            for name in self.parameters
            if name not in known
        )
        if problems:
            raise RuleError(f"rule {self.id!r}: " + "; ".join(problems))

    @property
    def part(self) -> Part:
        """Return the part of ISO 18295 the rule belongs to."""
        return self.clause.part

    @property
    def title(self) -> str:
        """Return the title of the rule's clause."""
        return self.clause.title

    def __call__(self, context: RuleContext) -> Outcome:
        """Run the check on `context`."""
        return self.check(context)


@functools.cache
def _policy_fields() -> frozenset[str]:
    return frozenset(f.name for f in attrs.fields(AssessmentPolicy))


@functools.cache  # rules share paths: each is resolved once per process
def evidence_path_problem(path: str) -> str | None:
    """Return why `path` does not name a model field, or ``None`` if it does.

    Paths start at `Scope` (``"agents[].training[].completed_on"``) or at the
    interaction columns (``"interactions.agent_id"``).
    """
    segments = path.split(".")
    if segments[0] == "interactions":
        if len(segments) == 2 and segments[1] in COLUMNS_BY_NAME:
            return None
        return "no such interaction column"
    current: object = Scope
    for segment in segments:
        name = segment.removesuffix("[]")
        if not (isinstance(current, type) and attrs.has(current)):
            return f"{name!r} is below a value that has no fields"
        hints = _type_hints(current)
        if name not in hints:
            return f"{current.__name__} has no field {name!r}"
        current = _element_type(hints[name])
    return None


@functools.cache
def _type_hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _element_type(tp: object) -> object:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _element_type(args[0]) if len(args) == 1 else tp
    if origin in (tuple, frozenset):
        return typing.get_args(tp)[0]
    return tp
