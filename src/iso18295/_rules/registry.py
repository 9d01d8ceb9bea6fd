"""The registry of rules, and the default registry with the built-in rule packs."""

from __future__ import annotations

import functools
import hashlib
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from typing import final

import attrs

from ..errors import RuleError, UnknownIdError
from . import display
from .basis import Basis, CheckMethod
from .clauses import PART_EXPECTED, Clause, Part, as_part, clause
from .context import HAS_CENTRE, HAS_CLIENTS, Condition
from .coverage import ClauseCoverage, clause_coverage
from .packs import RulePack, installed_entry_points, load_pack, warn
from .reads import Reads, combined
from .rule import Check, Rule

ENTRY_POINT_GROUP = "iso18295.rules"
"""The entry-point group through which installed packages contribute rule packs."""

_BUILT_IN_PACKAGES = ("iso18295._rules.part1", "iso18295._rules.part2")
"""Packages whose public modules each define a built-in ``rules`` registry."""


@functools.cache
def _built_in_rules() -> tuple[Rule, ...]:
    """Return the built-in packs' rules, imported and collected once per process.

    A tuple of frozen rules: nothing a caller does to a registry made from it
    reaches it.
    """
    rules: list[Rule] = []
    for package_name in _BUILT_IN_PACKAGES:
        package = importlib.import_module(package_name)
        for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            if not module.name.startswith("_"):
                rules.extend(importlib.import_module(f"{package_name}.{module.name}").rules)
    return tuple(rules)


@final
class Registry:
    """A set of rules with unique ids, iterated in the standard's clause order.

    Add rules with the `rule` decorator; combine registries with `update`.
    `default_registry` returns a new registry with the built-in rules and any
    installed rule packs.  A rule pack that checks one part (or one clause)
    states it once, here, instead of on every rule.

    Parameters
    ----------
    rules : iterable of Rule, default ()
        Rules to start with.
    part : Part or None, default None
        The part every rule registered with `rule` belongs to, unless it says
        otherwise.  The ints 1 and 2 are accepted too, as `Part.CENTRE` and
        `Part.CLIENT`.
    clause : str or None, default None
        Likewise, the clause number.

    Examples
    --------
    >>> from iso18295 import Basis, Outcome, Part, Registry
    >>> mine = Registry(part=Part.CENTRE, clause="9")
    >>> @mine.rule(id="X-9-reviewed", basis=Basis.INTERPRETATION,
    ...            paraphrase="Every agreement has had a joint review.",
    ...            evidence=("agreements[].last_reviewed_on",))
    ... def reviewed(ctx):
    ...     agreements = ctx.need(ctx.scope.agreements, "agreements")
    ...     missing = [a.id for a in agreements if a.last_reviewed_on is None]
    ...     if missing:
    ...         return Outcome.does_not_conform(f"never reviewed: {', '.join(missing)}")
    ...     if not agreements:
    ...         return Outcome.insufficient_evidence("no agreement to review")
    ...     return Outcome.conforms("every agreement has been reviewed", seen=len(agreements))
    >>> [r.id for r in mine]
    ['X-9-reviewed']
    """

    def __init__(
        self, rules: Iterable[Rule] = (), *, part: Part | None = None, clause: str | None = None
    ) -> None:
        self._rules: dict[str, Rule] = {}
        self._packs: tuple[RulePack, ...] = ()
        self._part = None if part is None else _part(part, "Registry()")
        self._clause = clause
        for rule in rules:
            self.add(rule)

    @property
    def packs(self) -> tuple[RulePack, ...]:
        """Return the installed rule packs `default_registry` loaded into this registry.

        One record per pack, in name order, including the packs that failed
        to load or reused a rule id (their `RulePack.problem` says why);
        `assess` reports each of those as an "error" finding.  Empty for a
        registry that `default_registry` did not make, or made with
        ``plugins=False``.
        """
        return self._packs

    def add(self, rule: Rule) -> Rule:
        """Add `rule`; raise `RuleError` if its id is taken."""
        if rule.id in self._rules:
            raise RuleError(f"rule {rule.id!r}: expected a new id, found one already registered")
        self._rules[rule.id] = rule
        return rule

    def update(self, other: Registry) -> None:
        """Add every rule of `other`, and its record of installed packs.

        Raises `RuleError` on the first duplicate rule id.
        """
        for rule in other:
            self.add(rule)
        known = {pack.name for pack in self._packs}
        self._packs += tuple(pack for pack in other.packs if pack.name not in known)

    def _narrowed(self, rules: Iterable[Rule]) -> Registry:
        """Return a registry of `rules` (some of this one's) that keeps its record of packs."""
        narrowed = Registry(rules)
        narrowed._packs = self._packs
        return narrowed

    def rule(
        self,
        *,
        id: str,
        basis: Basis,
        paraphrase: str,
        part: Part | None = None,
        clause: str | None = None,
        evidence: tuple[str, ...] = (),
        parameters: tuple[str, ...] = (),
        uses: tuple[object, ...] = (),
        method: CheckMethod = CheckMethod.AUTOMATED,
        applies_if: tuple[Condition, ...] = (),
        needs_findings: bool = False,
    ) -> Callable[[Check], Rule]:
        """Register the decorated function as a rule's check.

        Parameters
        ----------
        id : str
            Stable id, e.g. ``"P1-4.4-acknowledge"``; must be new in this registry.
        basis : Basis
            What the verdict rests on: the standard's requirement, its
            recommendation, or your interpretation.  There is no default: every
            rule says.
        paraphrase : str
            The requirement in your own words.
        part : Part or None, default None
            The part of ISO 18295; the registry's `part` when None.  The ints 1
            and 2 are accepted too, as `Part.CENTRE` and `Part.CLIENT`.
        clause : str or None, default None
            The clause number, e.g. ``"4.4"``, in the clause list; the
            registry's `clause` when None.
        evidence : tuple of str, default ()
            Model fields the check itself reads, as paths from the scope.
        parameters : tuple of str, default ()
            `AssessmentPolicy` fields the check itself applies.
        uses : tuple, default ()
            Helpers the check calls that declared what they read (with
            `reads`, as `RuleContext.judged` and `RuleContext.agreements_in_force`
            do); their evidence and parameters are added to the rule's.
        method : CheckMethod, default CheckMethod.AUTOMATED
            Automated, or judgement (the check then usually returns ``ctx.judged(...)``).
        applies_if : tuple of Condition, default ()
            Facts the rule needs; Part 1 rules also need a centre in scope, Part 2
            rules a client.
        needs_findings : bool, default False
            Whether the check reads the other rules' findings (`RuleContext.findings`).

        Returns
        -------
        callable
            A decorator that turns ``check(context) -> Outcome`` into the
            registered `Rule` (which is still callable).

        Raises
        ------
        RuleError
            For an unknown part or clause, a malformed definition, or a duplicate id.
        """
        part = _part(part, f"rule {id!r}") if part is not None else self._part
        clause = clause if clause is not None else self._clause
        if part is None or clause is None:
            missing = " and ".join(
                name for name, v in (("part", part), ("clause", clause)) if v is None
            )
            raise RuleError(
                f"rule {id!r}: expected a {missing}, found none on the rule or its registry"
            )
        try:
            the_clause = _clause(part, clause)
        except RuleError as exc:
            raise RuleError(f"rule {id!r}: {exc}") from None
        if not isinstance(basis, Basis):
            raise RuleError(f"rule {id!r}: expected basis to be a Basis, found {basis!r}")
        implied = HAS_CENTRE if the_clause.part is Part.CENTRE else HAS_CLIENTS
        conditions = (implied, *applies_if)
        own = {*evidence, *(path for c in conditions for path in c.evidence)}
        declared = combined(uses) | Reads(tuple(sorted(own)), tuple(sorted(set(parameters))))

        def register(check: Check) -> Rule:
            return self.add(
                Rule(
                    id=id,
                    clause=the_clause,
                    paraphrase=paraphrase,
                    basis=basis,
                    method=method,
                    evidence=declared.evidence,
                    parameters=declared.parameters,
                    conditions=conditions,
                    check=check,
                    needs_findings=needs_findings,
                )
            )

        return register

    def get(self, rule_id: str) -> Rule:
        """Return the rule with `rule_id`.

        Raises
        ------
        UnknownIdError
            If no rule has that id; the message suggests the closest ids
            (``"P1-4.4"`` suggests every ``P1-4.4-*`` rule).
        """
        try:
            return self._rules[rule_id]
        except KeyError:
            raise UnknownIdError("rule", rule_id, self._rules) from None

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        """Iterate in the standard's order: part, clause, then id."""
        return iter(sorted(self._rules.values(), key=lambda r: (r.clause.key, r.id)))

    def __len__(self) -> int:
        return len(self._rules)

    def __repr__(self) -> str:
        return display.registry_repr(self)

    def _repr_html_(self) -> str:
        return display.registry_html(self)

    def coverage(self) -> tuple[ClauseCoverage, ...]:
        """Return, for every clause of both parts, the rules that check it.

        Examples
        --------
        >>> rows = default_registry().coverage()
        >>> row = next(r for r in rows if r.clause.number == "4.4" and r.clause.part == 1)
        >>> row.clause.title, row.automated > 0
        ('Complaints handling', True)
        """
        return clause_coverage(self)

    def fingerprint(self) -> str:
        """Return a digest of every rule's definition (id, clause, basis, method, text).

        Two registries with the same fingerprint judge the same way, as far as
        their definitions go; the digest changes when any rule is added,
        removed or reworded.
        """
        digest = hashlib.sha256()
        for r in self:
            fields = (
                r.id,
                r.clause.label,
                r.basis,
                r.method,
                r.paraphrase,
                *r.evidence,
                *r.parameters,
            )
            digest.update("\x1f".join(fields).encode("utf-8") + b"\x1e")
        return digest.hexdigest()[:16]


def _part(value: object, where: str) -> Part:
    part = as_part(value)
    if part is None:
        raise RuleError(f"{where}: expected part to be {PART_EXPECTED}, found {value!r}")
    return part


def _clause(part: Part, number: str) -> Clause:
    try:
        return clause(part, number)
    except KeyError:
        raise RuleError(
            f"expected a clause of Part {int(part)} in the clause list, found {number!r}"
        ) from None


def default_registry(*, plugins: bool = True) -> Registry:
    """Return a new registry with the built-in rules and every installed rule pack.

    A new registry on every call (there is no global registry to mutate):
    changing it changes no other.  The built-in rules are collected once per
    process; installed packs are looked up on every call.
    Installed packages contribute packs through the entry-point group
    ``iso18295.rules``: each entry point names a `Registry` (or a function
    returning one) whose rules are added.  See :doc:`/how-to/rule-packs`.

    Parameters
    ----------
    plugins : bool, default True
        Load the installed rule packs; with False, only the built-in rules.

    Returns
    -------
    Registry
        Its `Registry.packs` records every pack found, with its distribution
        and version, and what went wrong with it, if anything.

    Warns
    -----
    RulePackWarning
        For a pack that cannot be loaded (whatever it raised), is not a
        registry, or reuses rule ids already taken.  The registry goes on
        without the pack (or, for reused ids, without those of its rules: the
        built-in rule, or the one registered first, is kept), and `assess`
        reports the pack as an "error" finding naming it.
    """
    registry = Registry(_built_in_rules())
    if not plugins:
        return registry
    records = []
    for entry_point in installed_entry_points(ENTRY_POINT_GROUP):
        record, pack = load_pack(entry_point, Registry)
        if pack is not None:
            record = _add_pack(registry, record, pack)
        records.append(record)
    registry._packs = tuple(records)
    return registry


def _add_pack(registry: Registry, record: RulePack, pack: Registry) -> RulePack:
    added, taken = [], []
    for rule in pack:
        if rule.id in registry:
            taken.append(rule.id)
        else:
            registry.add(rule)
            added.append(rule.id)
    record = attrs.evolve(record, rule_ids=tuple(added))
    if taken:
        record = attrs.evolve(
            record,
            problem=f"rule pack {record.label} reuses rule ids already taken: "
            f"{', '.join(taken)}; those of its rules were left out",
            collisions=tuple(taken),
        )
        warn(record)
    return record
