"""`clause_scores`: the score of every clause, one line per assessment date."""

from __future__ import annotations

import typing
from collections.abc import Iterable

import numpy as np

from iso18295._assessment.engine import Assessment
from iso18295._rules.clauses import Part, as_part
from iso18295.errors import ReportError
from iso18295.plots._backend import axes_for, percent_axis

if typing.TYPE_CHECKING:
    import matplotlib.axes
else:
    from iso18295.plots._backend import matplotlib

_WHERE: typing.Final = "clause_scores()"


def clause_scores(
    assessments: Assessment | Iterable[Assessment],
    *,
    part: Part | None = None,
    ax: matplotlib.axes.Axes | None = None,
) -> matplotlib.axes.Axes:
    """Plot the score of each clause, one line per assessment, oldest first.

    The clauses are along the x axis (``P1 4.4`` is clause 4.4 of Part 1),
    in the standard's order; each assessment is a line of markers labelled by
    its date (`Assessment.as_of`), so assessments of the same scope on
    successive dates show which clauses moved.  A clause with no score (no
    finding decided) or not assessed on a date is a gap.  Scores are shown as
    percentages; see :doc:`/explanation/statuses-and-scores`.

    Parameters
    ----------
    assessments : Assessment or iterable of Assessment
        One assessment, or several (typically of one scope on different
        dates); drawn in order of `Assessment.as_of`.
    part : Part or None, default None
        Only the clauses of this part; None for both parts.
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; None draws on a new figure (``matplotlib.pyplot``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: one line per assessment, its y data the clause
        scores in the order of the x tick labels (NaN for no score).

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed (the ``plot`` extra).
    ReportError
        If no assessment is
        given, no clause was scored in `part`, or an argument is not of the
        kind described.

    Examples
    --------
    >>> from datetime import date
    >>> from matplotlib.figure import Figure
    >>> from iso18295 import Part, assess, examples
    >>> scope = examples.load_example()
    >>> runs = [assess(scope, as_of=date(2026, 3, 1)), assess(scope, as_of=date(2026, 4, 1))]
    >>> ax = clause_scores(runs, part=Part.CLIENT, ax=Figure().add_subplot())
    >>> ax.get_legend_handles_labels()[1]
    ['2026-03-01', '2026-04-01']
    >>> [t.get_text() for t in ax.get_xticklabels()][:3]
    ['P2 4.1', 'P2 5.1', 'P2 5.2']
    """
    ax = axes_for(ax, _WHERE[:-2])
    runs = [assessments] if isinstance(assessments, Assessment) else _listed(assessments)
    if not runs:
        raise ReportError(f"{_WHERE}: expected at least one Assessment, found none")
    wanted = None
    if part is not None:
        wanted = as_part(part)
        if wanted is None:
            raise ReportError(f"{_WHERE}: expected part as a Part or None, found {part!r}")
    runs.sort(key=lambda a: a.as_of)
    keys = sorted(
        {
            (int(s.part), s.clause)
            for a in runs
            for s in a.scores
            if s.part is not None and s.clause is not None and wanted in (None, s.part)
        },
        key=lambda k: (k[0], _clause_order(k[1])),
    )
    if not keys:
        raise ReportError(f"{_WHERE}: expected scored clauses in part {wanted}, found none")
    position = {key: i for i, key in enumerate(keys)}
    x = np.arange(len(keys))
    for run in runs:
        y = np.full(len(keys), np.nan)
        for s in run.scores:  # one score per clause, not per record
            key = (int(s.part), s.clause) if s.part is not None else None
            if key in position and s.value is not None:
                y[position[key]] = s.value
        ax.plot(x, y, marker="o", linestyle="-", label=run.as_of.isoformat())
    ax.set_xticks(x, [f"P{p} {clause}" for p, clause in keys], rotation=90)
    ax.set_ylim(-0.05, 1.05)
    percent_axis(ax)
    ax.set_xlabel("clause")
    ax.set_ylabel("score")
    which = "both parts" if wanted is None else f"Part {int(wanted)}"
    ax.set_title(f"Score by clause, {which}")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(title="assessed on")
    return ax


def _listed(assessments: object) -> list[Assessment]:
    if not isinstance(assessments, Iterable) or isinstance(assessments, str | bytes):
        raise ReportError(
            f"{_WHERE}: expected an Assessment or an iterable of them, found "
            f"{type(assessments).__name__}"
        )
    runs = list(assessments)
    wrong = [
        f"[{i}] {type(a).__name__}" for i, a in enumerate(runs) if not isinstance(a, Assessment)
    ]
    if wrong:
        raise ReportError(
            f"{_WHERE}: expected every item to be an Assessment, found {', '.join(wrong[:10])}"
            + (f" and {len(wrong) - 10} more" if len(wrong) > 10 else "")
        )
    return runs


def _clause_order(number: str) -> tuple[tuple[int, str], ...]:
    """Sort clause numbers numerically (6.10 after 6.9); words after numbers."""
    return tuple((int(p), "") if p.isdigit() else (1 << 30, p) for p in number.split("."))
