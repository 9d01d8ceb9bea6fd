"""``iso18295 summary``: a plain-text summary of a scope, what it holds, without judging it.

Personal data (agent names, customer references) never appears here.  A
collection the document leaves out reads "not supplied", never "0".
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date

from .._model.common import WeeklyHours
from .._model.scope import Scope
from .._text import count
from .exits import EXIT_OK
from .inputs import add_scope_arguments, load_scope_argument
from .output import write

NOT_SUPPLIED = "not supplied"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``summary`` command and its arguments."""
    parser = commands.add_parser("summary", help="load a scope document and summarise it")
    add_scope_arguments(parser, as_of_help="count documents as current or overdue on this date")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the summary of the scope the arguments name."""
    scope, as_of = load_scope_argument(args)
    write(summarise(scope, as_of=as_of))
    return EXIT_OK


def _count(items: tuple[object, ...] | None, noun: str) -> str:
    """Return ``"3 complaints"``, ``"0 complaints"``, or ``"complaints not supplied"``."""
    if items is None:
        return f"{noun}s {NOT_SUPPLIED}"
    return count(len(items), noun)


def _hours(windows: tuple[WeeklyHours, ...] | None) -> str:
    if windows is None:
        return f"hours {NOT_SUPPLIED}"
    if not windows:
        return "no hours"
    parts = []
    for w in windows:
        days = sorted(w.days, key=lambda d: d.iso_number)
        span = days[0].value[:3].title()
        if len(days) > 1:
            span += "-" + days[-1].value[:3].title()
        parts.append(f"{span} {w.opens:%H:%M}-{w.closes:%H:%M}")
    return ", ".join(parts)


def summarise(scope: Scope, *, as_of: date | None = None) -> str:
    """Return a readable, multi-line summary of `scope`.

    Parameters
    ----------
    scope : Scope
        What to describe.
    as_of : datetime.date or None, default None
        If given, documents are counted as current or overdue for review on this day.
    """
    lines = [scope.name, "=" * len(scope.name), ""]
    centre = scope.centre
    if centre is not None:
        lines.append(
            f"Contact centre: {centre.name} ({centre.operating_model.value.replace('_', '-')}, "
            f"{centre.time_zone})"
        )
        sites = (
            ", ".join(s.name + (" (remote)" if s.remote else "") for s in centre.sites)
            if centre.sites is not None
            else NOT_SUPPLIED
        )
        lines.append(f"  Sites: {sites}")
        if centre.channels is None:
            lines.append(f"  Channels: {NOT_SUPPLIED}")
        elif not centre.channels:
            lines.append("  Channels: none")
        for ch in centre.channels or ():
            directions = "/".join(sorted(d.value for d in ch.directions))
            lines.append(
                f"  Channel {ch.id}: {ch.kind.value}, {directions}; {_hours(ch.opening_hours)}"
            )
        lines.append("")
    if scope.clients is None:
        lines.extend([f"Clients: {NOT_SUPPLIED}", ""])
    for client in scope.clients or ():
        sector = client.sector or "sector not given"
        lines.append(f"Client: {client.name} ({client.relationship.value}, {sector})")
        for agreement in scope.agreements_for(client.id):
            end = agreement.ends_on.isoformat() if agreement.ends_on else "open-ended"
            lines.append(
                f"  Agreement {agreement.id}: {agreement.starts_on} to {end}, "
                f"channels {', '.join(agreement.channel_ids)}"
            )
            if agreement.kpi_targets is None:
                lines.append(f"    KPI targets: {NOT_SUPPLIED}")
            for t in agreement.kpi_targets or ():
                sign = ">=" if t.comparison.value == "at_least" else "<="
                where = f" on {t.channel_id}" if t.channel_id else ""
                within = (
                    f" within {t.threshold_seconds:g} s" if t.threshold_seconds is not None else ""
                )
                lines.append(f"    KPI {t.kpi.value}{within}{where}: {sign} {t.target:g}")
        lines.extend(
            f"  Campaign {c.id}: {c.direction.value}, {c.purpose}"
            for c in scope.campaigns or ()
            if c.client_id == client.id
        )
        lines.append("")
    functions = Counter(a.function.value.replace("_", " ") for a in scope.agents or ())
    staff = ", ".join(f"{n} {f}" for f, n in sorted(functions.items(), key=lambda kv: -kv[1]))
    if scope.agents is None:
        lines.append(f"Staff: {NOT_SUPPLIED}")
    else:
        lines.append(f"Staff: {len(scope.agents)} ({staff})" if scope.agents else "Staff: 0")
    if scope.policies is None:
        documents = f"Documents: policies and processes {NOT_SUPPLIED}"
    else:
        documents = f"Documents: {len(scope.policies)} policies and processes"
    if as_of is not None and scope.policies is not None:
        overdue = [p.id for p in scope.policies if not p.is_current(as_of)]
        documents += f"; on {as_of}: {len(overdue)} not current" + (
            f" ({', '.join(overdue)})" if overdue else ""
        )
    lines.append(documents)
    counts = [
        _count(scope.complaints, "complaint"),
        _count(scope.customer_surveys, "customer survey"),
        _count(scope.engagement_surveys, "engagement survey"),
        _count(scope.quality_evaluations, "quality evaluation"),
        _count(scope.forecasts, "forecast"),
        _count(scope.staffing_plans, "staffing plan"),
        _count(scope.continuity_plans, "continuity plan"),
        _count(scope.work_environment_assessments, "work-environment assessment"),
    ]
    lines.append("Records: " + ", ".join(counts))
    return "\n".join(lines) + "\n"
