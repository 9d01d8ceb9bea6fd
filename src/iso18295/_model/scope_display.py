"""The summary a `Scope` displays: parties, channels, records per kind, period covered.

A scope holds every agent's name and may hold customer references; its
displays (repr, str, HTML) count records instead of listing them, so they stay
short and free of personal data.  `Scope.summary` lists agents and complaints
with their personal data only when asked.
"""

from __future__ import annotations

import typing
from datetime import date, datetime

from .. import _display as d

if typing.TYPE_CHECKING:
    from .scope import Scope

NOT_SUPPLIED = "not supplied"
"""How a summary shows a collection left out of the document (``None``)."""

_DATED = (
    ("complaints", ("received_at",)),
    ("customer_surveys", ("period_start", "period_end")),
    ("quality_evaluations", ("evaluated_on",)),
    ("forecasts", ("starts_at",)),
    ("staffing_plans", ("starts_at",)),
    ("information_updates", ("sent_on",)),
)
"""The records whose dates say which period a scope's evidence covers."""


def counts(scope: Scope) -> list[tuple[str, str]]:
    """Return ``(collection, count)`` for every collection: a number, "none" or "not supplied"."""
    rows = []
    for name in type(scope)._not_stated:
        items = getattr(scope, name)
        shown = NOT_SUPPLIED if items is None else (str(len(items)) if items else "none")
        rows.append((name.replace("_", " "), shown))
    return rows


def grouped_counts(scope: Scope) -> list[tuple[str, str]]:
    """Return three rows: collections with records, those empty ("none"), those not supplied."""
    all_counts = counts(scope)
    held = [f"{name} {n}" for name, n in all_counts if n not in (NOT_SUPPLIED, "none")]
    empty = [name for name, n in all_counts if n == "none"]
    missing = [name for name, n in all_counts if n == NOT_SUPPLIED]
    return [
        ("records", ", ".join(held) or "none"),
        ("none (supplied empty)", ", ".join(empty) or "-"),
        ("not supplied", ", ".join(missing) or "-"),
    ]


def period(scope: Scope) -> str:
    """Return the first and last day of the scope's dated records, or "no dated records"."""
    days: list[date] = []
    for collection, fields in _DATED:
        for item in getattr(scope, collection) or ():
            for field in fields:
                value = getattr(item, field)
                days.append(value.date() if isinstance(value, datetime) else value)
    if not days:
        return "no dated records"
    first, last = min(days), max(days)
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def parties(scope: Scope) -> list[tuple[str, str]]:
    """Return the centre, clients and channels (organisations, not people)."""
    centre = scope.centre
    clients = [f"{c.id} ({c.name})" for c in scope.clients or ()]
    rows = [
        ("centre", f"{centre.id} ({centre.name})" if centre else "none"),
        ("clients", d.listing(clients) if scope.clients else _none(scope.clients)),
    ]
    if centre is not None:
        channels = [f"{c.id} ({c.kind.value})" for c in centre.channels or ()]
        rows.append(("channels", d.listing(channels) if channels else _none(centre.channels)))
    return rows


def _none(items: object) -> str:
    return NOT_SUPPLIED if items is None else "none"


def scope_repr(scope: Scope) -> str:
    """Return a one-line repr: name, parties, the non-empty collections' sizes."""
    supplied = [f"{name} {n}" for name, n in counts(scope) if n not in (NOT_SUPPLIED, "none")]
    missing = sum(1 for _, n in counts(scope) if n == NOT_SUPPLIED)
    centre = scope.centre.id if scope.centre else "no centre"
    return (
        f"<Scope {d.shorten(scope.name, 60)!r}: {centre}; {d.listing(supplied, 6)}; "
        f"{d.plural(missing, 'collection')} not supplied>"
    )


def scope_text(scope: Scope, *, include_personal_data: bool) -> str:
    """Return the summary in lines; agents and complaints by id, with personal data if asked."""
    rows = [*parties(scope), ("period covered", period(scope))]
    rows += [(name, n) for name, n in counts(scope) if name != "clients"]  # clients: above
    if include_personal_data:
        agents = [f"{a.id} ({a.name})" for a in scope.agents or ()]
        refs = [
            f"{c.id} ({c.customer_reference})"
            for c in scope.complaints or ()
            if c.customer_reference is not None
        ]
        rows += [("agent names", d.listing(agents)), ("customer references", d.listing(refs))]
    else:
        rows.append(("personal data", "withheld (summary(include_personal_data=True) shows it)"))
    return d.text(f"Scope {scope.name!r}", rows)


def scope_html(scope: Scope) -> str:
    """Return an HTML card of the summary (no personal data)."""
    rows = [*parties(scope), ("period covered", period(scope)), *grouped_counts(scope)]
    note = "Personal data withheld (see Scope.summary)."
    return d.card(f"Scope: {scope.name}", rows, note=note)
