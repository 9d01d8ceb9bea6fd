"""``iso18295 assess``: assess a scope and print (or write) the report."""

from __future__ import annotations

import argparse
import logging
import sys
import typing
from pathlib import Path

import attrs

from .. import reports
from .._assessment.engine import Assessment, assess
from .._assessment.findings import Finding
from .._io.column_mapping import ColumnMapping
from .._io.fragments import load_scope_fragment
from .._io.mapping_file import load_column_mapping
from .._model.assessment_policy import AssessmentPolicy
from .._model.judgement import Attestation, Waiver
from .._model.scope import Scope
from .._rules.registry import default_registry
from ..errors import LoadError, Problem, UnknownIdError
from ..examples import EXAMPLE_AS_OF, generate_interactions
from . import baseline, gate
from .exits import UsageError
from .inputs import add_scope_arguments, load_scope_argument
from .output import write
from .progress import add_progress_argument, progress_for
from .records import (
    INTERACTIONS_FORMATS,
    activity_load,
    load_activity,
    load_interactions,
    write_quarantine,
)
from .selection import select

if typing.TYPE_CHECKING:
    from .._io._load_result import LoadResult
    from .._io.activity import ActivityLoadResult
    from .._model.interaction_table import InteractionTable
from .rules import add_no_plugins_argument

log = logging.getLogger("iso18295")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``assess`` command and its arguments."""
    parser = commands.add_parser("assess", help="assess a scope and print the report")
    add_scope_arguments(
        parser,
        as_of_help="the assessment date (required with PATH; with --example, the example's)",
    )
    records = parser.add_argument_group("records and supplements")
    records.add_argument(
        "--interactions",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="interaction records: a .csv or .parquet file, or a directory of .parquet files "
        "(repeatable; their rows are joined)",
    )
    records.add_argument(
        "--interactions-format",
        choices=INTERACTIONS_FORMATS,
        default="table",
        help="how the --interactions files are written: table (default): our columns, in CSV "
        "or Parquet; amazon-connect: Amazon Connect contact records; genesys-cloud: Genesys "
        "Cloud conversation details (JSON files, or directories of them, with --client)",
    )
    records.add_argument(
        "--client",
        metavar="ID",
        help="with a platform's --interactions-format: the client (of the scope) the contacts "
        "were handled for, which the exports do not say",
    )
    records.add_argument(
        "--columns",
        type=Path,
        metavar="FILE",
        help="a .toml/.json column mapping for --interactions ([names], ignore, [values], "
        "[units]); with a platform's format, [values] only",
    )
    records.add_argument(
        "--agent-states",
        type=Path,
        metavar="PATH",
        help="recorded agent states (agent_id, state, started_at, ended_at): a .csv or .parquet "
        "file, or a directory of .parquet files; for occupancy, adherence and absenteeism targets",
    )
    records.add_argument(
        "--schedules",
        type=Path,
        metavar="PATH",
        help="the planned schedule (agent_id, activity, started_at, ended_at): a .csv or "
        ".parquet file, or a directory of .parquet files; for adherence and absenteeism targets",
    )
    records.add_argument(
        "--time-zone",
        metavar="ZONE",
        help="IANA zone of record times written without a UTC offset (otherwise an error)",
    )
    records.add_argument(
        "--on-error",
        choices=("strict", "quarantine"),
        default="strict",
        help="strict (default): a bad record row is an error; quarantine: set bad rows aside",
    )
    records.add_argument(
        "--quarantine",
        type=Path,
        metavar="FILE",
        help="with --on-error quarantine, write the rows set aside here as CSV "
        "(source, row, reasons)",
    )
    records.add_argument(
        "--waivers",
        type=Path,
        metavar="FILE",
        help="a .toml/.json document of [[waivers]], added to the scope's own",
    )
    records.add_argument(
        "--attestations",
        type=Path,
        metavar="FILE",
        help="a .toml/.json document of [[attestations]], added to the scope's own",
    )
    records.add_argument(
        "--policy",
        type=Path,
        metavar="FILE",
        help="a .toml/.json document with an [assessment_policy] table, "
        "used instead of the scope's own",
    )
    records.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="settings",
        help="change a threshold of the assessment policy (repeatable; over --policy); "
        "`iso18295 policy` lists them",
    )
    chosen = parser.add_argument_group("rules and gate")
    chosen.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="SELECTOR",
        help="run only these rules: a rule id, a clause (P1-4.4), a part (P1, P2) "
        "or a glob (P1-7.*) (repeatable)",
    )
    chosen.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="SELECTOR",
        help="do not run these rules (as --select; repeatable)",
    )
    chosen.add_argument(
        "--fail-on",
        choices=gate.LEVELS,
        help="exit 1 if a finding of this level remains (each level counts those before it: "
        "error < requirement < recommendation < interpretation < insufficient-evidence); "
        "exit 3 if a rule crashed",
    )
    chosen.add_argument(
        "--baseline",
        type=Path,
        metavar="PREVIOUS.json",
        help="a JSON report of an earlier run: the gate counts only new and worsened findings",
    )
    chosen.add_argument(
        "--baseline-mode",
        choices=("filter", "annotate"),
        default="annotate",
        help="filter: report only new and worsened findings; "
        "annotate (default): report all, each marked",
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "--format",
        choices=reports.FORMATS,
        default=reports.FORMATS[0],
        help="the report format for standard output (or --output FILE)",
    )
    output.add_argument(
        "--output",
        action="append",
        default=[],
        metavar="[FORMAT:]FILE",
        help="write a report to FILE, in FORMAT (one of --format's) or --format's; "
        "repeatable, to write several formats in one run",
    )
    output.add_argument(
        "--include-personal-data",
        action="store_true",
        help="show agent names and customer references in the report (off by default)",
    )
    add_progress_argument(output)
    add_no_plugins_argument(parser)
    parser.set_defaults(run=run)


def _outputs(args: argparse.Namespace) -> list[tuple[str, Path | None]]:
    """Return (format, file) for every report to write; file None is standard output."""
    if not args.output:
        return [(args.format, None)]
    result: list[tuple[str, Path | None]] = []
    for item in args.output:
        fmt, colon, path = item.partition(":")
        if colon and fmt in reports.FORMATS:
            result.append((fmt, Path(path)))
        elif colon and fmt.isalpha() and len(fmt) > 1:
            raise LoadError(
                "--output",
                [Problem(path=item, expected=f"a format in {reports.FORMATS}", found=repr(fmt))],
            )
        else:
            result.append((args.format, Path(item)))
    return result


def _supplemented(scope: Scope, args: argparse.Namespace, scope_source: str) -> Scope:
    """Return the scope with the waivers and attestations of ``--waivers``/``--attestations``."""
    if args.waivers is not None:
        extra = typing.cast("tuple[Waiver, ...]", _fragment(args.waivers, "waivers"))
        own = scope.waivers or ()
        _no_duplicates(own, extra, "waivers", scope_source, args.waivers)
        scope = attrs.evolve(scope, waivers=(*own, *extra))
    if args.attestations is not None:
        more = typing.cast("tuple[Attestation, ...]", _fragment(args.attestations, "attestations"))
        held = scope.attestations or ()
        _no_duplicates(held, more, "attestations", scope_source, args.attestations)
        scope = attrs.evolve(scope, attestations=(*held, *more))
    return scope


def _fragment(path: Path, name: str) -> object:
    return load_scope_fragment(path, {name})[name]


def _no_duplicates(
    own: tuple[Waiver | Attestation, ...],
    extra: tuple[Waiver | Attestation, ...],
    name: str,
    scope_source: str,
    path: Path,
) -> None:
    """Raise `LoadError` naming both places if an id of `extra` is already used."""
    places = {item.id: f"{scope_source} {name}[{i}]" for i, item in enumerate(own)}
    problems = []
    for i, item in enumerate(extra):
        if item.id in places:
            problems.append(
                Problem(
                    path=f"{name}[{i}].id",
                    expected="an id used once",
                    found=f"{item.id!r}, also at {places[item.id]}",
                )
            )
        places[item.id] = f"{path} {name}[{i}]"
    if problems:
        raise LoadError(str(path), problems)


def _policy(scope: Scope, args: argparse.Namespace) -> AssessmentPolicy:
    """Return the policy: ``--policy``'s (else the scope's, else defaults), then ``--set``."""
    policy = scope.assessment_policy or AssessmentPolicy()
    if args.policy is not None:
        fragment = load_scope_fragment(args.policy, {"assessment_policy"})
        policy = typing.cast("AssessmentPolicy", fragment["assessment_policy"])
    return policy.with_settings(args.settings)


def _check_record_options(args: argparse.Namespace) -> None:
    """Refuse record options that do not go together (before anything is read)."""
    platform = args.interactions_format != "table"
    for option, given in (
        ("--interactions-format", platform),
        ("--client", args.client is not None),
        ("--columns", args.columns is not None),
    ):
        if given and not args.interactions:
            raise UsageError(f"{option} goes with --interactions PATH, which is missing")
    if platform and args.client is None:
        raise UsageError(
            f"--interactions-format {args.interactions_format} needs --client ID: the export"
            " does not say which client the contacts were for"
        )
    if args.client is not None and not platform:
        raise UsageError(
            "--client goes with --interactions-format amazon-connect or genesys-cloud; records"
            " in our columns carry client_id themselves"
        )


def _check_client(scope: Scope, client: str | None) -> None:
    """Refuse a ``--client`` the scope does not know (when it knows any)."""
    known = {c.id for c in scope.clients or ()} | {a.client_id for a in scope.agreements or ()}
    if client is not None and known and client not in known:
        raise UnknownIdError("client", client, known)


def _mapping(args: argparse.Namespace) -> ColumnMapping | None:
    """Read ``--columns``; with a platform's format it may map labels only."""
    if args.columns is None:
        return None
    mapping = load_column_mapping(args.columns)
    if args.interactions_format != "table" and (mapping.names or mapping.units):
        raise UsageError(
            f"{args.columns}: with --interactions-format {args.interactions_format} a column"
            " mapping may hold only [values]: the export's fields are mapped by the library"
        )
    return mapping


def run(args: argparse.Namespace) -> int:
    """Assess the scope the arguments name; return the gate's exit code."""
    if args.quarantine is not None and args.on_error != "quarantine":
        raise UsageError("--quarantine FILE needs --on-error quarantine")
    outputs = _outputs(args)
    _check_record_options(args)
    scope, as_of = load_scope_argument(args, needs_as_of=True)
    as_of = as_of or EXAMPLE_AS_OF
    scope = _supplemented(scope, args, "the example" if args.example else str(args.path))
    policy = _policy(scope, args)
    registry = select(
        default_registry(plugins=not args.no_plugins), select=args.select, skip=args.skip
    )
    _check_client(scope, args.client)
    mapping = _mapping(args)
    progress = progress_for(args)
    loads: tuple[tuple[str, str, int, int, int], ...] = ()
    loaded_files: list[LoadResult | ActivityLoadResult[typing.Any]] = []
    interactions: InteractionTable | None = None
    if args.interactions:
        loaded = load_interactions(
            args.interactions,
            on_error=args.on_error,
            time_zone=args.time_zone,
            progress=progress,
            source_format=args.interactions_format,
            client_id=args.client,
            mapping=mapping,
        )
        interactions = loaded.table
        loads = loaded.record_loads
        loaded_files.extend(loaded.loads)
    elif args.example:
        interactions = generate_interactions()
    activity: dict[str, typing.Any] = {}
    kinds: tuple[tuple[typing.Literal["agent_states", "schedule"], Path | None], ...] = (
        ("agent_states", args.agent_states),
        ("schedule", args.schedules),
    )
    for kind, path in kinds:
        if path is not None:
            result = load_activity(path, kind, on_error=args.on_error, time_zone=args.time_zone)
            activity[kind] = result.table
            loads = (*loads, activity_load(kind, result))
            loaded_files.append(result)
    if args.quarantine is not None and loaded_files:
        write_quarantine(args.quarantine, loaded_files)
    log.info("assessing %s as of %s", scope.name, as_of)
    assessment = assess(
        scope,
        as_of=as_of,
        interactions=interactions,
        policy=policy,
        registry=registry,
        agent_states=activity.get("agent_states"),
        schedule=activity.get("schedule"),
        progress=progress,
    )
    if loads:
        provenance = attrs.evolve(assessment.provenance, record_loads=loads)
        assessment = attrs.evolve(assessment, provenance=provenance)
    counted: tuple[Finding, ...] = assessment.findings
    if args.baseline is not None:
        assessment, counted = _against_baseline(assessment, args)
    document = None if args.example else str(args.path)
    for fmt, path in outputs:
        text = reports.render(
            assessment,
            fmt,
            include_personal_data=args.include_personal_data,
            scope_document=document,
            registry=registry,
        )
        write(text, path)
    failed = gate.failing(counted, args.fail_on)
    crashed = [f.rule_id for f in assessment.findings if f.status.value == "error"]
    if crashed and not failed:
        _warn(f"{len(crashed)} rule(s) crashed, the run is incomplete: {', '.join(crashed)}")
    if failed:
        _warn(
            f"--fail-on {args.fail_on}: {len(failed)} finding(s) fail the run: "
            + ", ".join(f"{f.rule_id} ({f.status.value})" for f in failed)
        )
    return gate.exit_code(failed)


def _warn(text: str) -> None:
    print(f"iso18295: {text}", file=sys.stderr)


def _against_baseline(
    assessment: Assessment, args: argparse.Namespace
) -> tuple[Assessment, tuple[Finding, ...]]:
    """Compare with the baseline; return the assessment to report and the findings to gate."""
    before = baseline.read_report(args.baseline)
    after = baseline.Report(
        source="this run",
        library_version=assessment.provenance.library_version,
        registry_fingerprint=assessment.provenance.registry_fingerprint,
        statuses={f.rule_id: f.status.value for f in assessment.findings},
        bases={f.rule_id: f.basis.value for f in assessment.findings},
    )
    warning = baseline.mismatch(before, after)
    if warning:
        _warn(f"warning: {warning}")
    marks = {c.rule_id: c.mark for c in baseline.compare(before, after)}
    _warn(f"baseline {before.source}: {baseline.summary(list(baseline.compare(before, after)))}")
    gated = tuple(f for f in assessment.findings if marks[f.rule_id] in ("new", "worsened"))
    if args.baseline_mode == "filter":
        shown = gated
    else:
        shown = tuple(
            attrs.evolve(f, reason=f"{f.reason} [baseline: {marks[f.rule_id]}]")
            for f in assessment.findings
        )
    note = f"compared with baseline {before.source} ({args.baseline_mode})"
    crashed = tuple(f for f in assessment.findings if f.status.value == "error")
    counted = gated + tuple(f for f in crashed if f not in gated)
    return attrs.evolve(assessment, findings=shown, notes=(*assessment.notes, note)), counted
