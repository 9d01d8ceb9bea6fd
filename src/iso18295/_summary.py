"""A plain-text summary of a scope: what it holds, without judging it.

Personal data (agent names, customer references) never appears here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from ._model.common import WeeklyHours
from ._model.scope import Scope
from ._text import count


def _hours(windows: tuple[WeeklyHours, ...]) -> str:
    if not windows:
        return "hours not declared"
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
        sites = ", ".join(s.name + (" (remote)" if s.remote else "") for s in centre.sites)
        lines.append(f"  Sites: {sites}")
        for ch in centre.channels:
            directions = "/".join(sorted(d.value for d in ch.directions))
            lines.append(
                f"  Channel {ch.id}: {ch.kind.value}, {directions}; {_hours(ch.opening_hours)}"
            )
        lines.append("")
    for client in scope.clients:
        sector = client.sector or "sector not given"
        lines.append(f"Client: {client.name} ({client.relationship.value}, {sector})")
        for agreement in scope.agreements_for(client.id):
            end = agreement.ends_on.isoformat() if agreement.ends_on else "open-ended"
            lines.append(
                f"  Agreement {agreement.id}: {agreement.starts_on} to {end}, "
                f"channels {', '.join(agreement.channel_ids)}"
            )
            for t in agreement.kpi_targets:
                sign = ">=" if t.comparison.value == "at_least" else "<="
                where = f" on {t.channel_id}" if t.channel_id else ""
                within = (
                    f" within {t.threshold_seconds:g} s" if t.threshold_seconds is not None else ""
                )
                lines.append(f"    KPI {t.kpi.value}{within}{where}: {sign} {t.target:g}")
        lines.extend(
            f"  Campaign {c.id}: {c.direction.value}, {c.purpose}"
            for c in scope.campaigns
            if c.client_id == client.id
        )
        lines.append("")
    functions = Counter(a.function.value.replace("_", " ") for a in scope.agents)
    staff = ", ".join(f"{n} {f}" for f, n in sorted(functions.items(), key=lambda kv: -kv[1]))
    lines.append(
        f"Staff: {len(scope.agents)} ({staff})" if scope.agents else "Staff: none recorded"
    )
    documents = f"Documents: {len(scope.policies)} policies and processes"
    if as_of is not None:
        overdue = [p.id for p in scope.policies if not p.is_current(as_of)]
        documents += f"; on {as_of}: {len(overdue)} not current" + (
            f" ({', '.join(overdue)})" if overdue else ""
        )
    lines.append(documents)
    counts = [
        count(len(scope.complaints), "complaint"),
        count(len(scope.customer_surveys), "customer survey"),
        count(len(scope.engagement_surveys), "engagement survey"),
        count(len(scope.quality_evaluations), "quality evaluation"),
        count(len(scope.forecasts), "forecast"),
        count(len(scope.staffing_plans), "staffing plan"),
        count(len(scope.continuity_plans), "continuity plan"),
        count(len(scope.work_environment_assessments), "work-environment assessment"),
    ]
    lines.append("Records: " + ", ".join(counts))
    return "\n".join(lines) + "\n"
