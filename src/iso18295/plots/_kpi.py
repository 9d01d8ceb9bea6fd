"""`kpi_against_target`: a KPI per interval, its agreed target, and the intervals that miss it."""

from __future__ import annotations

import typing

import numpy as np
from numpy.typing import NDArray

from iso18295._model.agreements import Comparison, KpiTarget
from iso18295.errors import ReportError
from iso18295.kpis._engine.result import KpiResult
from iso18295.plots._backend import axes_for, date_axis, percent, percent_axis

if typing.TYPE_CHECKING:
    import matplotlib.axes
else:
    from iso18295.plots._backend import matplotlib

_WHERE: typing.Final = "kpi_against_target()"

# The longest step between the starts of two consecutive intervals (local wall time):
# a longer one means intervals without records, where the line is broken.
_LONGEST_STEP: typing.Final[dict[str, np.timedelta64]] = {
    "15min": np.timedelta64(15, "m"),
    "30min": np.timedelta64(30, "m"),
    "60min": np.timedelta64(60, "m"),
    "day": np.timedelta64(1, "D"),
    "week": np.timedelta64(7, "D"),
    "month": np.timedelta64(31, "D"),
}


def kpi_against_target(
    result: KpiResult,
    target: KpiTarget,
    *,
    kpi: str | None = None,
    ax: matplotlib.axes.Axes | None = None,
) -> matplotlib.axes.Axes:
    """Plot a KPI interval by interval against an agreed target, marking the misses.

    Draws one line per group of `result` (its `Grouping.by` labels), broken
    where intervals without records leave no value (nights, weekends), the
    target as a dashed horizontal line, and a marker on every interval whose
    value is on the wrong side of the target (`KpiTarget.comparison`; an
    undefined value, NaN, is neither met nor missed).  When `result` is
    grouped by ``channel_id`` and the target names a channel, only that
    channel's groups are drawn.  Shares are shown as percentages.

    Parameters
    ----------
    result : KpiResult
        The KPI per interval: computed with a `Grouping` that has an
        ``interval`` (for instance by `iso18295.kpis.compute`).
    target : KpiTarget
        The agreed target, from a `ClientAgreement`'s ``kpi_targets``.
    kpi : str or None, default None
        The name of the KPI in `result` to draw; None means the one named
        like the target's `KpiKind` (``"service_level"``...).
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; None draws on a new figure (``matplotlib.pyplot``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.  Its lines, in order: one per group (labelled by
        the group's labels, or "measured"; its data are the group's interval
        starts and values, with a NaN value at the end of each interval that
        a gap follows), the target, the missed intervals.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed (the ``plot`` extra).
    ReportError
        If `result` is not
        grouped by interval or has no such KPI, the target's channel has no
        group in `result`, or an argument is not of the kind described.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from iso18295 import examples
    >>> from iso18295.kpis import Grouping, ServiceLevel, compute
    >>> scope = examples.load_example()
    >>> target = scope.agreements[0].kpi_targets[0]
    >>> target.id, target.channel_id, target.target
    ('sl-voice', 'bw-voice', 0.8)
    >>> result = compute(examples.generate_interactions(), [ServiceLevel(threshold_seconds=20)],
    ...                  grouping=Grouping(by=("channel_id",), interval="day",
    ...                                    time_zone="Europe/Dublin"))
    >>> ax = kpi_against_target(result, target, ax=Figure().add_subplot())
    >>> ax.get_legend_handles_labels()[1]
    ['bw-voice', 'target: at least 80 %', 'missed (0 intervals)']
    """
    ax = axes_for(ax, _WHERE[:-2])
    if not isinstance(result, KpiResult):
        raise ReportError(
            f"{_WHERE}: expected result as a KpiResult, found {type(result).__name__}"
        )
    if not isinstance(target, KpiTarget):
        raise ReportError(
            f"{_WHERE}: expected target as a KpiTarget, found {type(target).__name__}"
        )
    grouping = result.grouping
    if grouping.interval is None:
        raise ReportError(
            f"{_WHERE}: expected a KpiResult grouped by interval (Grouping(interval=...)), "
            f"found one grouped {grouping.describe()}"
        )
    name = target.kpi.value if kpi is None else kpi
    names = [k.name for k in result.kpis]
    if name not in names:
        hint = "" if kpi is not None else "; name the KPI to draw with kpi="
        raise ReportError(
            f"{_WHERE}: expected a KpiResult with the KPI {name!r}, found "
            f"{', '.join(map(repr, names))}{hint}"
        )
    labels = result.labels
    by = list(grouping.by)
    rows = np.ones(len(result), dtype=np.bool_)
    if "channel_id" in by and target.channel_id is not None:
        rows = labels["channel_id"] == target.channel_id
        if not rows.any():
            raise ReportError(
                f"{_WHERE}: expected groups of the target's channel {target.channel_id!r} in "
                "the KpiResult, found none"
            )
    starts = labels["interval_start"]
    values = result[name].value
    series = _series(labels, by, rows)
    longest = _LONGEST_STEP[grouping.interval]
    for label, members in series:
        x, y = _broken_at_gaps(starts[members], values[members], longest)
        ax.plot(x, y, marker=".", label=label)
    comparison = target.comparison
    shown = percent(target.target) if target.is_share else f"{target.target:g}"
    words = comparison.value.replace("_", " ")
    ax.axhline(target.target, color="black", linestyle="--", label=f"target: {words} {shown}")
    missed = rows & (
        values < target.target if comparison is Comparison.AT_LEAST else values > target.target
    )
    count = int(missed.sum())
    ax.plot(
        starts[missed],
        values[missed],
        linestyle="none",
        marker="X",
        markersize=9,
        color="crimson",
        label=f"missed ({count} interval{'' if count == 1 else 's'})",
    )
    if target.is_share:
        percent_axis(ax)
    date_axis(ax)
    kpi_words = name.replace("_", " ")
    ax.set_xlabel(f"interval start ({grouping.interval}, local time in {grouping.time_zone})")
    ax.set_ylabel(kpi_words)
    ax.set_title(f"{kpi_words} per {grouping.interval} against target {target.id}")
    ax.legend()
    return ax


def _series(
    labels: dict[str, NDArray[typing.Any]], by: list[str], rows: NDArray[np.bool_]
) -> list[tuple[str, NDArray[np.intp]]]:
    """Return each line's label and row numbers: one line per combination of `by` labels.

    Groups of a `KpiResult` are ordered by their labels, then by interval, so
    the rows of one combination are consecutive and in time order.
    """
    chosen = np.flatnonzero(rows)
    if not by:
        return [("measured", chosen)]
    key = np.array(
        [
            " / ".join("(none)" if labels[n][i] is None else str(labels[n][i]) for n in by)
            for i in chosen
        ],
        dtype=object,
    )
    if len(key) == 0:
        return []
    edges = np.flatnonzero(key[1:] != key[:-1]) + 1
    return [
        (str(part_key[0]), part_rows)
        for part_key, part_rows in zip(np.split(key, edges), np.split(chosen, edges), strict=True)
    ]


def _broken_at_gaps(
    starts: NDArray[np.datetime64], values: NDArray[np.float64], longest: np.timedelta64
) -> tuple[NDArray[np.datetime64], NDArray[np.float64]]:
    """Insert a NaN value at the end of each interval followed by a gap, so the line breaks."""
    after = np.flatnonzero(np.diff(starts) > longest) + 1
    if len(after) == 0:
        return starts, values
    ends = starts[after - 1] + longest
    return np.insert(starts, after, ends), np.insert(values, after, np.nan)
