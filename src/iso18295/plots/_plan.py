"""`plan_check`: agents required and planned per interval, the short intervals marked."""

from __future__ import annotations

import typing

import numpy as np
from numpy.typing import NDArray

from iso18295._model.workforce import StaffingPlan
from iso18295._timezones import to_local, zone_or_none
from iso18295.errors import ReportError
from iso18295.plots._backend import axes_for, date_axis, percent
from iso18295.staffing._plan import PlanCheck

if typing.TYPE_CHECKING:
    import matplotlib.axes
else:
    from iso18295.plots._backend import matplotlib

_WHERE: typing.Final = "plan_check()"


def plan_check(
    check: PlanCheck,
    *,
    plan: StaffingPlan | None = None,
    time_zone: str = "UTC",
    ax: matplotlib.axes.Axes | None = None,
) -> matplotlib.axes.Axes:
    """Plot the agents a plan needs and has per interval, with its short intervals marked.

    Draws, as steps over the plan's intervals, the agents required on the
    phones for the target (`PlanCheck.required_agents`), the agents the plan
    puts on the phones after shrinkage (`PlanCheck.productive_agents`, the
    number compared with the requirement) and, given the `plan`, the agents
    it rosters.  Every short interval (`PlanCheck.shortfall_agents` above 0)
    is shaded and marked at the required number.

    Parameters
    ----------
    check : PlanCheck
        The plan checked against its forecast, from
        `iso18295.staffing.check_plan`.
    plan : StaffingPlan or None, default None
        The plan checked; given, its rostered agents are drawn too.
    time_zone : str, default "UTC"
        The IANA time zone in which to show the intervals' local start times
        (the centre's, `ContactCentre.time_zone`).
    ax : matplotlib.axes.Axes or None, default None
        Where to draw; None draws on a new figure (``matplotlib.pyplot``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.  Its lines, in order: required, on the phones,
        rostered (given the plan), short intervals.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed (the ``plot`` extra).
    ReportError
        If `plan` is not the
        plan checked, `time_zone` is unknown, or an argument is not of the
        kind described.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from iso18295 import examples
    >>> from iso18295.staffing import check_plan
    >>> scope = examples.load_example()
    >>> check = check_plan(scope.forecasts[0], scope.staffing_plans[0],
    ...                    service_level_share=0.8, threshold_seconds=20)
    >>> ax = plan_check(check, plan=scope.staffing_plans[0], time_zone="Europe/Dublin",
    ...                 ax=Figure().add_subplot())
    >>> ax.get_legend_handles_labels()[1]
    ['required (80 % within 20 s)', 'on the phones (after 30 % shrinkage)', 'rostered', 'short (3 intervals)']
    """  # noqa: E501 - doctest output line
    ax = axes_for(ax, _WHERE[:-2])
    if not isinstance(check, PlanCheck):
        raise ReportError(f"{_WHERE}: expected check as a PlanCheck, found {type(check).__name__}")
    if zone_or_none(time_zone) is None:
        raise ReportError(
            f"{_WHERE}: expected time_zone as an IANA time zone such as 'Europe/Dublin', "
            f"found {time_zone!r}"
        )
    n = len(check.interval_starts)
    if plan is not None:
        if not isinstance(plan, StaffingPlan):
            raise ReportError(
                f"{_WHERE}: expected plan as a StaffingPlan or None, found {type(plan).__name__}"
            )
        if plan.id != check.plan_id or len(plan.rostered_agents) != n:
            raise ReportError(
                f"{_WHERE}: expected the plan checked ({check.plan_id!r}, {n} intervals), "
                f"found {plan.id!r} with {len(plan.rostered_agents)} intervals"
            )
    utc = check.interval_starts.astype("datetime64[ns]").view(np.int64)
    starts: NDArray[np.datetime64] = to_local(utc, time_zone).view("datetime64[ns]")
    target = f"{percent(check.service_level_share)} within {check.threshold_seconds:g} s"
    ax.step(
        starts,
        check.required_agents,
        where="post",
        color="black",
        linewidth=1.0,
        zorder=3,
        label=f"required ({target})",
    )
    shrinkage = "" if plan is None else f" (after {percent(plan.shrinkage_share)} shrinkage)"
    ax.step(
        starts,
        check.productive_agents,
        where="post",
        color="tab:orange",
        linewidth=2.5,
        label=f"on the phones{shrinkage}",
    )
    if plan is not None:
        rostered = np.asarray(plan.rostered_agents, dtype=np.int64)
        ax.step(starts, rostered, where="post", color="tab:green", linestyle=":", label="rostered")
    short = check.shortfall_agents > 0
    _shade(ax, starts, short)
    count = int(short.sum())
    ax.plot(
        starts[short],
        check.required_agents[short],
        linestyle="none",
        marker="v",
        markersize=8,
        color="crimson",
        label=f"short ({count} interval{'' if count == 1 else 's'})",
    )
    date_axis(ax)
    ax.set_xlabel(f"interval start (local time in {time_zone})")
    ax.set_ylabel("agents")
    ax.set_title(f"Staffing plan {check.plan_id} against forecast {check.forecast_id}")
    ax.legend()
    return ax


def _shade(
    ax: matplotlib.axes.Axes, starts: NDArray[np.datetime64], short: NDArray[np.bool_]
) -> None:
    """Shade each run of consecutive short intervals, to the next interval's start."""
    if len(starts) == 0:
        return
    step = starts[1] - starts[0] if len(starts) > 1 else np.timedelta64(30, "m")
    ends = np.append(starts[1:], starts[-1] + step)
    padded = np.concatenate(([False], short, [False])).astype(np.int8)
    change = np.diff(padded)
    first = np.flatnonzero(change == 1)
    last = np.flatnonzero(change == -1) - 1
    for i, j in zip(first, last, strict=True):  # runs of short intervals, not records
        ax.axvspan(starts[i], ends[j], color="crimson", alpha=0.15, linewidth=0)
