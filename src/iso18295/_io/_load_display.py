"""Notebook displays of what loading records returns: accepted, set aside, read.

Problems are shown as their messages, which describe personal data instead
of echoing it; at most a few problems and row numbers are listed.
"""

from __future__ import annotations

import typing

from .. import _display as d

if typing.TYPE_CHECKING:
    from ._load_result import QuarantinedRows

_SHOWN_PROBLEMS = 5


class _Loaded(typing.Protocol):
    """What `LoadResult` and `ActivityLoadResult` share."""

    @property
    def table(self) -> typing.Sized: ...

    @property
    def quarantined(self) -> QuarantinedRows: ...

    @property
    def rows_read(self) -> int: ...

    @property
    def source(self) -> str: ...


def load_repr(result: _Loaded) -> str:
    """Return a one-line repr: source, rows read, accepted, set aside."""
    q = result.quarantined
    problems = f" ({d.plural(len(q.problems), 'problem')})" if len(q) else ""
    return (
        f"<{type(result).__name__} {d.shorten(result.source, 60)!r}: {result.rows_read:,} rows "
        f"read, {len(result.table):,} accepted, {len(q):,} quarantined{problems}>"
    )


def load_html(result: _Loaded) -> str:
    """Return an HTML card of a load result, with its quarantine's problems."""
    rows = [
        ("source", d.shorten(result.source, 120)),
        ("rows read", f"{result.rows_read:,}"),
        ("accepted", f"{len(result.table):,} ({type(result.table).__name__})"),
        ("quarantined", f"{len(result.quarantined):,}"),
    ]
    body = _problem_list(result.quarantined)
    return d.card(type(result).__name__, rows, body=body)


def quarantine_repr(q: QuarantinedRows) -> str:
    """Return a one-line repr: how many rows, how many kinds of problem, the first rows."""
    first = ", ".join(str(int(n)) for n in q.row_numbers[:5])
    more = ", …" if len(q) > 5 else ""
    label = "row" if len(q) == 1 else "rows"
    rows = f" ({label} {first}{more})" if len(q) else ""
    return f"<QuarantinedRows: {len(q):,} {label}{rows}; {d.plural(len(q.problems), 'problem')}>"


def quarantine_html(q: QuarantinedRows) -> str:
    """Return an HTML card of a quarantine: its size and its problems."""
    first = ", ".join(str(int(n)) for n in q.row_numbers[:10])
    rows = [("rows set aside", f"{len(q):,}" + (f" (first: {first})" if len(q) else ""))]
    return d.card("QuarantinedRows", rows, body=_problem_list(q))


def _problem_list(q: QuarantinedRows) -> str:
    if not q.problems:
        return ""
    items = "".join(
        f"<li>{d.e(d.shorten(str(p), 160))} ({d.plural(len(rows), 'row')})</li>"
        for p, rows in zip(q.problems[:_SHOWN_PROBLEMS], q.rows_by_problem, strict=False)
    )
    more = len(q.problems) - _SHOWN_PROBLEMS
    if more > 0:
        items += f"<li>… {more} more</li>"
    return f"<ul>{items}</ul>"
