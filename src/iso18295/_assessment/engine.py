"""The engine: run every applicable rule over a scope and return an immutable assessment."""

from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import final

import attrs

from .._io.documents import canonical_scope_json
from .._model.assessment_policy import AssessmentPolicy
from .._model.columns import INTERACTION_COLUMNS
from .._model.judgement import Waiver
from .._model.lazy import activity, interaction_table
from .._model.scope import Scope
from .._progress import Progress
from .._rules.basis import Basis, CheckMethod
from .._rules.clauses import PART_EXPECTED, Clause, Part, as_part
from .._rules.clauses import clause as clause_of
from .._rules.context import RuleContext, attested_outcome, latest_attestation
from .._rules.outcome import NotSupplied, Outcome, Status
from .._rules.packs import RulePack, exception_message, exception_type
from .._rules.registry import Registry, default_registry
from .._rules.rule import Rule
from .._version import __version__
from ..errors import RuleError, UnknownIdError
from . import display
from ._checked import InvalidOutcome, checked_outcome
from .findings import Finding
from .findings_table import FindingsTable
from .scoring import Conclusion, Score, conclude, score

log = logging.getLogger(__name__)


@final
@attrs.frozen(kw_only=True)
class Provenance:
    """Where an assessment came from, so it can be reproduced.

    Parameters
    ----------
    library_version : str
        The iso18295 version that produced it.
    registry_fingerprint : str
        `Registry.fingerprint` of the rules run.
    rules_run : int
        How many rules were run.
    as_of : datetime.date
        The assessment date.
    scope_fingerprint : str
        SHA-256 (first 16 hex digits) of the scope's canonical JSON: every field
        of the model as the scope document holds it (defaults omitted, sets
        sorted), keys sorted, no whitespace.
    interactions_fingerprint : str or None
        SHA-256 (first 16 hex digits) of the interaction columns, if supplied:
        each column's name, its values' bytes and, for text columns, its labels.
        For a dask DataFrame, of dask's deterministic token of the collection
        (its files, columns and partitions), since its values are not in memory.
    agent_states_fingerprint : str or None, default None
        The same digest of the agent-state columns, if supplied.
    schedule_fingerprint : str or None, default None
        The same digest of the schedule columns, if supplied.
    record_loads : tuple of (str, str, int, int, int), default ()
        How the records were loaded from files, one entry per file read:
        (kind, source, rows read, rows accepted, rows set aside), kind being
        ``"interactions"``, ``"agent_states"`` or ``"schedule"``; rows read
        always equal accepted plus set aside.
        Empty when the records were not loaded from files (or by `assess`
        itself, which receives tables); the command line fills it in.
    rule_packs : tuple of RulePack, default ()
        The installed rule packs the registry loaded (entry point,
        distribution and version), including those that failed.
    """

    library_version: str
    registry_fingerprint: str
    rules_run: int
    as_of: date
    scope_fingerprint: str
    interactions_fingerprint: str | None
    agent_states_fingerprint: str | None = None
    schedule_fingerprint: str | None = None
    record_loads: tuple[tuple[str, str, int, int, int], ...] = ()
    rule_packs: tuple[RulePack, ...] = ()

    def __repr__(self) -> str:
        return display.provenance_repr(self)

    def _repr_html_(self) -> str:
        return display.provenance_html(self)


@final
@attrs.frozen(kw_only=True)
class Assessment:
    """The immutable result of assessing one scope on one date.

    Parameters
    ----------
    scope_name : str
        The scope's name.
    as_of : datetime.date
        The assessment date.
    conclusion : Conclusion
        Conforms, does not conform, or incomplete.
    findings : tuple of Finding
        One per rule, in clause order.
    scores : tuple of Score
        Overall first, then per part, then per clause.
    provenance : Provenance
        Versions, fingerprints and date, for reproducing the result.
    policy : AssessmentPolicy
        The thresholds applied where the standard names no number.
    notes : tuple of str, default ()
        Things the assessor should know that are not findings: expired waivers
        and attestations, attestations of automated rules that did not
        override them, attestations or waivers naming rules that were not run.
    """

    scope_name: str
    as_of: date
    conclusion: Conclusion
    findings: tuple[Finding, ...]
    scores: tuple[Score, ...]
    provenance: Provenance
    policy: AssessmentPolicy = attrs.field(factory=AssessmentPolicy)
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return display.assessment_repr(self)

    def __str__(self) -> str:
        return display.assessment_text(self)

    def _repr_html_(self) -> str:
        return display.assessment_html(self)

    def interpretation_findings(self) -> tuple[Finding, ...]:
        """Return the decided findings that rest on our interpretation, not the standard's words.

        A nonconformity among them is reported but does not decide the
        `conclusion`; reports list them beside it.
        """
        return tuple(
            f
            for f in self.findings
            if f.basis is Basis.INTERPRETATION
            and f.status in (Status.CONFORMS, Status.PARTIALLY_CONFORMS, Status.DOES_NOT_CONFORM)
        )

    @property
    def overall(self) -> Score:
        """Return the overall score."""
        return self.scores[0]

    def score_of(self, *, part: Part | None = None, clause: str | None = None) -> Score:
        """Return the score of one part, or one clause of a part.

        Parameters
        ----------
        part : Part or None, default None
            The part; the overall score if None (and `clause` is None).  The
            ints 1 and 2 are accepted too, as `Part.CENTRE` and `Part.CLIENT`.
        clause : str or None, default None
            The clause number, e.g. ``"4.4"``; the part's score if None.

        Raises
        ------
        UnknownIdError
            If no finding belongs to that part or clause, or `part` is not a part.
        """
        wanted = None if part is None else as_part(part)
        if part is None or wanted is not None:
            for s in self.scores:
                if s.part == wanted and s.clause == clause:
                    return s
        known = [f"{s.part}:{s.clause}" for s in self.scores if s.part is not None]
        raise UnknownIdError("part and clause scored", f"{part}:{clause}", known)

    def findings_with(self, *statuses: Status) -> tuple[Finding, ...]:
        """Return the findings whose status is one of `statuses`, in clause order."""
        return tuple(f for f in self.findings if f.status in statuses)

    def finding(self, rule_id: str) -> Finding:
        """Return the finding of rule `rule_id`.

        Raises
        ------
        UnknownIdError
            If the rule was not run; the message suggests the closest rule ids.
        """
        for f in self.findings:
            if f.rule_id == rule_id:
                return f
        raise UnknownIdError("rule that was run", rule_id, (f.rule_id for f in self.findings))

    def findings_table(self, *, include_personal_data: bool = False) -> FindingsTable:
        """Return the findings as a table, one row per finding, for data frames and SQL.

        Parameters
        ----------
        include_personal_data : bool, default False
            Include the people behind evidence records and rules' exception
            messages; left out unless asked.

        Returns
        -------
        iso18295.reports.FindingsTable
            With ``to_arrow``, ``to_pandas`` and ``to_polars``, and readable by
            Arrow readers (pyarrow, polars, DuckDB) directly.

        Examples
        --------
        >>> from iso18295 import examples
        >>> a = assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
        >>> table = a.findings_table()
        >>> len(table) == len(a.findings), table.include_personal_data
        (True, False)
        """
        return FindingsTable(self.findings, include_personal_data=include_personal_data)


def assess(
    scope: Scope,
    *,
    as_of: date,
    registry: Registry | None = None,
    interactions: interaction_table.InteractionTable | object | None = None,
    parts: Collection[Part] | None = None,
    policy: AssessmentPolicy | None = None,
    agent_states: activity.AgentStateTable | None = None,
    schedule: activity.ScheduleTable | None = None,
    progress: Progress | None = None,
) -> Assessment:
    """Assess a scope against ISO 18295 on a given date.

    Every rule of the registry runs (or is found not applicable); a rule that
    raises gives an "error" finding for that rule only, and the run goes on.
    Waivers in force on `as_of` turn nonconformities of their rule into
    "waived".  The same scope, records, registry and `as_of` always give the
    same assessment.

    Parameters
    ----------
    scope : Scope
        What to assess.
    as_of : datetime.date
        The assessment date; nothing is judged against the wall clock.
    registry : Registry or None, default None
        The rules to run; `default_registry()` if None.
    interactions : InteractionTable, dask.dataframe.DataFrame or None, default None
        Interaction records, for rules that read them.  A dask DataFrame
        (partitioned records, for example on a cluster) is read by the KPI
        targets rule in one pass over its partitions; rules that read records
        row by row find it not supplied (see :doc:`/how-to/kpis-on-dask`).
    parts : collection of Part or None, default None
        Run only the rules of these parts; all if None.  The ints 1 and 2 are
        accepted too, as `Part.CENTRE` and `Part.CLIENT`.
    policy : AssessmentPolicy or None, default None
        The thresholds to apply where the standard names no number; the
        scope document's ``assessment_policy`` if None, else the defaults.
    agent_states : AgentStateTable or None, default None
        Recorded agent states, for rules that read them (occupancy, schedule
        adherence and absenteeism targets).  None means not supplied; an
        empty table means supplied, with no state recorded.
    schedule : ScheduleTable or None, default None
        The planned schedule, for rules that read it (schedule adherence and
        absenteeism targets).
    progress : Progress or None, default None
        Called with ``(done, total, "assess rules")`` after each rule has run.

    Returns
    -------
    Assessment

    Raises
    ------
    RuleError
        If `parts` holds anything but a `Part` (or 1 or 2).
    """
    if parts is not None:
        bad = [p for p in parts if as_part(p) is None]
        if bad:
            raise RuleError(
                f"assess(): expected parts to hold only {PART_EXPECTED}, found {bad!r}"
            )
    only = None if parts is None else {p for p in map(as_part, parts) if p is not None}
    chosen = registry if registry is not None else default_registry()
    rules = [r for r in chosen if only is None or r.part in only]
    applied = policy or scope.assessment_policy or AssessmentPolicy()
    base = RuleContext(
        scope=scope,
        as_of=as_of,
        rule_id="",
        interactions=interactions,
        agent_states=agent_states,
        schedule=schedule,
        policy=applied,
    )
    done = 0
    # The records' fingerprint is hashed while the rules run: hashlib releases the GIL,
    # so the hashing overlaps the rules' Python and numpy work (10M rows: 0.6 s hidden).
    hashing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="iso18295-digest")
    fingerprint = None if interactions is None else hashing.submit(_table_digest, interactions)
    hashing.shutdown(wait=False)

    def run(rule: Rule, context: RuleContext) -> Finding:
        nonlocal done
        finding = _apply_waivers(_run(rule, context), scope, as_of)
        done += 1
        if progress is not None:
            progress(done, len(rules), "assess rules")
        return finding

    findings = [
        run(rule, attrs.evolve(base, rule_id=rule.id)) for rule in rules if not rule.needs_findings
    ]
    prior = tuple(findings)
    findings.extend(
        run(rule, attrs.evolve(base, rule_id=rule.id, findings=prior))
        for rule in rules
        if rule.needs_findings
    )
    if progress is not None and not rules:
        progress(0, 0, "assess rules")
    findings.extend(_pack_findings(chosen, only, base))
    findings.sort(key=lambda f: (f.clause_key, f.rule_id))
    return Assessment(
        scope_name=scope.name,
        as_of=as_of,
        conclusion=conclude(findings),
        findings=tuple(findings),
        scores=_scores(findings),
        provenance=Provenance(
            library_version=__version__,
            registry_fingerprint=Registry(rules).fingerprint(),
            rules_run=len(rules),
            as_of=as_of,
            scope_fingerprint=_digest(canonical_scope_json(scope)),
            interactions_fingerprint=None if fingerprint is None else fingerprint.result(),
            rule_packs=chosen.packs,
            agent_states_fingerprint=_segments_digest(agent_states),
            schedule_fingerprint=_segments_digest(schedule),
        ),
        policy=applied,
        notes=tuple(_notes(scope, as_of, rules)),
    )


def _run(rule: Rule, context: RuleContext) -> Finding:
    finding = _decide(rule, context)
    if rule.method is not CheckMethod.AUTOMATED:
        return finding
    attestation = latest_attestation(context.scope, rule.id, context.as_of)
    if (
        attestation is None
        or not attestation.override
        or not attestation.is_valid_on(context.as_of)
    ):
        return finding
    attested = attested_outcome(context, attestation)
    return attrs.evolve(
        _finding(rule, context, attested),
        reason=f"{attested.reason} (overrides the rule's own verdict: "
        f"{finding.status.value.replace('_', ' ')})",
        overridden_by=attestation.id,
        automated_status=finding.status,
        automated_reason=finding.reason,
    )


def _decide(rule: Rule, context: RuleContext) -> Finding:
    try:
        unmet = next((c for c in rule.conditions if not c.test(context)), None)
        # User rules and conditions may return anything: checked below.
        outcome: object = rule(context) if unmet is None else Outcome.not_applicable(unmet.unmet)
    except NotSupplied as missing:
        what = tuple(w for w in missing.what if type(w) is str)  # a hostile rule's too
        return _finding(
            rule,
            context,
            Outcome.insufficient_evidence(
                f"not supplied: {', '.join(what)}; state "
                f"{'it' if len(what) == 1 else 'them'} in the document (an empty list, "
                "or false, records that none exists)"
            ),
            missing=what,
        )
    except Exception as exc:  # noqa: BLE001 - isolating a rule's failure is this function's job
        return _raised(rule, context, exc)
    try:
        checked = checked_outcome(outcome)
    except InvalidOutcome as invalid:
        return _finding(
            rule,
            context,
            Outcome(status=Status.ERROR, reason="the rule returned an invalid outcome"),
            error=str(invalid),
        )
    return _finding(rule, context, checked)


def _raised(rule: Rule, context: RuleContext, exc: Exception) -> Finding:
    """Return the error finding of a rule that raised `exc`, its message kept apart.

    The message may quote the records the rule read (names, phone numbers), so
    the finding's `error` names only the type, the rule and the place; the
    message goes to `error_message`, which reports show only with personal data.
    """
    name = exception_type(exc)
    log.warning("rule %s raised %s", rule.id, name)
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return _finding(
        rule,
        context,
        Outcome(status=Status.ERROR, reason=f"the rule raised {type(exc).__name__}"),
        error=f"{name} raised in rule {rule.id} (at {where.name}, line {where.lineno})",
        error_type=name,
        error_message=exception_message(exc),
    )


def _pack_findings(
    registry: Registry, only: set[Part] | None, context: RuleContext
) -> list[Finding]:
    """Return an "error" finding for each rule pack that failed or reused rule ids.

    A pack whose rules reused ids is filed under the clause of the first rule
    kept in its place.  A pack that did not load has no known clause: it is
    filed under the first clause of the first part assessed (Part 1, 4, unless
    only Part 2 is).
    """
    parts = sorted(Part) if only is None else sorted(only)
    found = []
    for pack in registry.packs:
        if pack.problem is None:
            continue
        if pack.collisions:
            where = registry.get(pack.collisions[0]).clause
            if where.part not in parts:
                continue
        elif parts:
            where = clause_of(parts[0], "4")
        else:
            continue
        found.append(_pack_finding(pack, where, context.as_of))
    return found


def _pack_finding(pack: RulePack, where: Clause, as_of: date) -> Finding:
    return Finding(
        rule_id=f"pack:{pack.name}",
        part=where.part,
        clause=where.number,
        clause_title=where.title,
        basis=Basis.REQUIREMENT,  # what the pack's rules check is unknown: count it fully
        method=CheckMethod.AUTOMATED,
        status=Status.ERROR,
        reason=f"rule pack {pack.label} was left out, wholly or in part",
        as_of=as_of,
        error=pack.problem,
        error_type=pack.error_type,
        error_message=pack.error_message,
    )


def _finding(
    rule: Rule,
    context: RuleContext,
    outcome: Outcome,
    *,
    error: str | None = None,
    error_type: str | None = None,
    error_message: str | None = None,
    missing: tuple[str, ...] = (),
) -> Finding:
    return Finding(
        rule_id=rule.id,
        part=rule.part,
        clause=rule.clause.number,
        clause_title=rule.clause.title,
        basis=rule.basis,
        method=rule.method,
        status=outcome.status,
        reason=outcome.reason,
        as_of=context.as_of,
        evidence=outcome.evidence,
        measurements=outcome.measurements,
        error=error,
        error_type=error_type,
        error_message=error_message,
        parameters=tuple((name, getattr(context.policy, name)) for name in rule.parameters),
        missing=missing,
    )


def _covers(waiver: Waiver, finding: Finding) -> bool:
    if waiver.rule_id != finding.rule_id:
        return False
    if not waiver.object_ids:
        return True
    named = {e.id for e in finding.evidence if e.kind != "attestation"}
    return bool(named) and named <= set(waiver.object_ids)


def _apply_waivers(finding: Finding, scope: Scope, as_of: date) -> Finding:
    if not finding.status.is_nonconformity:
        return finding
    covering = [w for w in scope.waivers or () if _covers(w, finding)]
    in_force = [w for w in covering if w.is_in_force_on(as_of)]
    if in_force:
        waiver = max(in_force, key=lambda w: (w.expires_on, w.id))
        return attrs.evolve(
            finding,
            status=Status.WAIVED,
            reason=f"{finding.reason} (waived by {waiver.id} until {waiver.expires_on})",
            waiver_id=waiver.id,
            waiver_expires_on=waiver.expires_on,
        )
    expired = [w for w in covering if w.expires_on < as_of]
    if expired:
        latest = max(expired, key=lambda w: (w.expires_on, w.id))
        return attrs.evolve(
            finding, reason=f"{finding.reason} (waiver {latest.id} expired on {latest.expires_on})"
        )
    return finding


def _notes(scope: Scope, as_of: date, rules: list[Rule]) -> list[str]:
    waivers = sorted(scope.waivers or (), key=lambda w: w.id)
    attestations = sorted(scope.attestations or (), key=lambda a: a.id)
    by_id = {r.id: r for r in rules}
    notes = [
        f"waiver {w.id} for {w.rule_id} expired on {w.expires_on}"
        for w in waivers
        if w.expires_on < as_of
    ]
    notes.extend(
        f"waiver {w.id} names rule {w.rule_id}, which was not run"
        for w in waivers
        if w.rule_id not in by_id
    )
    for a in attestations:
        rule = by_id.get(a.rule_id)
        if rule is None:
            notes.append(f"attestation {a.id} names rule {a.rule_id}, which was not run")
        elif a.attested_on > as_of:
            notes.append(f"attestation {a.id} of {a.rule_id} is dated after {as_of}: not used")
        elif a.valid_until is not None and a.valid_until < as_of:
            notes.append(f"attestation {a.id} of {a.rule_id} expired on {a.valid_until}")
        elif rule.method is CheckMethod.AUTOMATED and not a.override:
            notes.append(
                f"attestation {a.id} of {a.rule_id} not used: the rule decides from records; "
                "record it with override = true to replace the rule's verdict"
            )
    return notes


def _scores(findings: list[Finding]) -> tuple[Score, ...]:
    result = [score(findings)]
    result.extend(
        score([f for f in findings if f.part == part], part=part)
        for part in sorted({f.part for f in findings})
    )
    clauses = sorted({(f.part, f.clause, f.clause_key) for f in findings}, key=lambda t: t[2])
    for part, clause, _ in clauses:
        group = [f for f in findings if f.part == part and f.clause == clause]
        result.append(score(group, part=part, clause=clause))
    return tuple(result)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _table_digest(table: interaction_table.InteractionTable | object) -> str:
    if not isinstance(table, interaction_table.InteractionTable):  # a dask DataFrame
        from ..kpis._engine.partitions import dask_token

        return hashlib.sha256(f"dask\x1f{dask_token(table)}".encode()).hexdigest()[:16]
    import numpy as np  # only when interaction records were supplied

    digest = hashlib.sha256()
    for column in INTERACTION_COLUMNS:
        digest.update(column.name.encode("utf-8"))
        # A uint8 view of the (already contiguous) column: hashed in place, not copied.
        digest.update(np.ascontiguousarray(table[column.name]).view(np.uint8).data)
        if column.kind == "category":  # the labels joined by \x1f, fed in slices
            labels = table.categories(column.name)
            for start in range(0, len(labels), _LABELS_PER_UPDATE):
                text = "\x1f".join(labels[start : start + _LABELS_PER_UPDATE])
                digest.update((f"\x1f{text}" if start else text).encode("utf-8"))
    return digest.hexdigest()[:16]


def _segments_digest(
    table: activity.AgentStateTable | activity.ScheduleTable | None,
) -> str | None:
    """Digest agent states or a schedule as `_table_digest` does interactions; None if absent."""
    if table is None:
        return None
    import numpy as np  # only when agent activity was supplied

    digest = hashlib.sha256()
    for name in table.column_names:
        digest.update(name.encode("utf-8"))
        digest.update(np.ascontiguousarray(table[name]).view(np.uint8).data)
    labels = table.categories("agent_id")  # joined by \x1f, fed in slices
    for start in range(0, len(labels), _LABELS_PER_UPDATE):
        text = "\x1f".join(labels[start : start + _LABELS_PER_UPDATE])
        digest.update((f"\x1f{text}" if start else text).encode("utf-8"))
    return digest.hexdigest()[:16]


_LABELS_PER_UPDATE = 65_536
"""Category labels joined per digest update: millions of ids are never one string."""
