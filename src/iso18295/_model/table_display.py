"""Notebook displays of the column tables: interactions, agent states, schedules.

A table holds millions of rows; its displays say how many, which columns,
which period and which channels, never a row's values (the
``customer_reference`` column is personal data).
"""

from __future__ import annotations

import typing

from .. import _display as d

if typing.TYPE_CHECKING:
    from .activity import _SegmentTable
    from .interaction_table import InteractionTable


def interaction_rows(table: InteractionTable) -> list[tuple[str, str]]:
    """Return the rows of an interaction table's display."""
    names = table.column_names
    rows = [("rows", f"{len(table):,}"), ("columns", d.listing(list(names), 12))]
    if "offered_at" in names:
        rows.append(("offered (UTC)", d.when(table["offered_at"])))
    if "channel_id" in names:
        rows.append(("channels", d.listing(list(table.categories("channel_id")))))
    return rows


def interaction_html(table: InteractionTable) -> str:
    """Return an HTML card of an interaction table (no values of any row)."""
    return d.card("InteractionTable", interaction_rows(table))


def segment_html(table: _SegmentTable) -> str:
    """Return an HTML card of an agent-state or schedule table (agents by id only)."""
    agents = table.categories("agent_id")
    rows = [
        ("segments", f"{len(table):,}"),
        ("agents", f"{len(agents)} ({d.listing(list(agents), 5)})" if agents else "0"),
        ("period (UTC)", d.when(table["started_at"])),
    ]
    return d.card(type(table).__name__, rows)
