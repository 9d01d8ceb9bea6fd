"""Checking a staffing plan against its forecast and a service-level target."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, final

import attrs
import numpy as np
from numpy.typing import NDArray

import iso18295._display as _display
from iso18295._model.workforce import Forecast, StaffingPlan
from iso18295.errors import CalculationError
from iso18295.staffing import _validation as v
from iso18295.staffing._concurrency import concurrent_queue, concurrent_required_agents
from iso18295.staffing._erlang_c import service_level
from iso18295.staffing._required import offered_traffic, required_agents

#: Rostered agents times (1 - shrinkage) is rounded down after adding this,
#: so 20 rostered at 30 % shrinkage count as 14 productive agents, not 13.
_PRODUCTIVE_SLACK = 1e-9


@final
@attrs.frozen(kw_only=True, eq=False)
class PlanCheck:
    """A staffing plan checked interval by interval against a service-level target.

    Every array has one item per interval of the forecast.  Intervals without
    forecast contacts are *closed*: they need no agents and are never short.

    Parameters
    ----------
    plan_id : str
        The plan checked.
    forecast_id : str
        The forecast it answers.
    service_level_share : float
        The target share answered within `threshold_seconds`.
    threshold_seconds : float
        The target's threshold.
    interval_starts : numpy.ndarray of datetime64[ns]
        Start of each interval, in UTC.
    offered : numpy.ndarray of float64
        Forecast contacts per interval.
    traffic_erlangs : numpy.ndarray of float64
        Offered traffic per interval.
    required_agents : numpy.ndarray of int64
        Agents needed on the phones to meet the target (Erlang C).
    productive_agents : numpy.ndarray of int64
        Agents the plan puts on the phones: rostered x (1 - shrinkage), rounded down.
    shortfall_agents : numpy.ndarray of int64
        ``max(required - productive, 0)`` in open intervals, 0 in closed ones.
    predicted_service_level : numpy.ndarray of float64
        The service level the plan's productive agents give (per `model`); NaN
        in closed intervals.
    model : {"erlang_c", "concurrency"}, default "erlang_c"
        The queueing model used: Erlang C, or, for a plan that states
        `StaffingPlan.max_concurrency`, the chat model of `concurrent_queue`.
    handling_multipliers : tuple of float
        The concurrency model's handling-time multipliers; ``(1.0,)``, the
        default, for Erlang C.

    Examples
    --------
    >>> from iso18295 import examples
    >>> scope = examples.load_example()
    >>> check = check_plan(scope.forecasts[0], scope.staffing_plans[0],
    ...                    service_level_share=0.8, threshold_seconds=20)
    >>> round(check.met_share, 3), round(check.overall_service_level, 3)
    (0.978, 0.84)
    """

    plan_id: str
    forecast_id: str
    service_level_share: float
    threshold_seconds: float
    interval_starts: NDArray[np.datetime64]
    offered: NDArray[np.float64]
    traffic_erlangs: NDArray[np.float64]
    required_agents: NDArray[np.int64]
    productive_agents: NDArray[np.int64]
    shortfall_agents: NDArray[np.int64]
    predicted_service_level: NDArray[np.float64]
    model: Literal["erlang_c", "concurrency"] = "erlang_c"
    handling_multipliers: tuple[float, ...] = (1.0,)

    def __repr__(self) -> str:
        return _display.fields_repr(self)

    def _repr_html_(self) -> str:
        return _display.fields_html(self)

    @property
    def is_open(self) -> NDArray[np.bool_]:
        """Return which intervals have forecast contacts."""
        return self.offered > 0

    @property
    def n_open(self) -> int:
        """Return the number of intervals with forecast contacts."""
        return int(self.is_open.sum())

    @property
    def n_short(self) -> int:
        """Return the number of open intervals with fewer productive agents than required."""
        return int((self.shortfall_agents > 0).sum())

    @property
    def met_share(self) -> float:
        """Return the share of open intervals staffed to target (NaN if none is open)."""
        return (self.n_open - self.n_short) / self.n_open if self.n_open else float("nan")

    @property
    def overall_service_level(self) -> float:
        """Return the plan's predicted service level over all its contacts.

        The per-interval predictions weighted by forecast contacts; NaN when no
        contacts are forecast.
        """
        weights = np.where(self.is_open, self.offered, 0.0)
        total = float(weights.sum())
        if total == 0:
            return float("nan")
        levels = np.where(self.is_open, self.predicted_service_level, 0.0)
        return float((levels * weights).sum() / total)

    def worst(self, count: int = 5) -> list[tuple[datetime, int]]:
        """Return up to `count` short intervals, largest shortfall first, then earliest.

        Returns
        -------
        list of (datetime.datetime, int)
            The interval start (timezone-aware, UTC) and the shortfall in agents.
        """
        short = np.flatnonzero(self.shortfall_agents > 0)
        order = np.lexsort((short, -self.shortfall_agents[short]))[:count]
        result = []
        for i in short[order]:
            start = self.interval_starts[i].astype("datetime64[us]").astype(datetime)
            result.append((start.replace(tzinfo=UTC), int(self.shortfall_agents[i])))
        return result


def check_plan(
    forecast: Forecast,
    plan: StaffingPlan,
    *,
    service_level_share: float,
    threshold_seconds: float,
) -> PlanCheck:
    """Check a staffing plan against its forecast and a service-level target.

    For each interval: the agents needed on the phones for the target given
    the forecast volume and handling time, the agents the plan puts on the
    phones after shrinkage, the shortfall, and the service level the plan
    would give.  One vectorised pass over all intervals.

    The queue is Erlang C, unless the plan states `StaffingPlan.max_concurrency`
    (web chat, messaging): then each agent holds up to that many
    conversations, with the plan's `StaffingPlan.handling_multipliers`, and
    the model is that of :func:`concurrent_queue` (the forecast's handling
    time is then that of a conversation handled alone).

    Parameters
    ----------
    forecast : Forecast
        Volumes and handling times per interval.
    plan : StaffingPlan
        Rostered agents per interval and shrinkage; its intervals must line up
        with the forecast's (same start, length and count).
    service_level_share : float
        Target share answered within `threshold_seconds`, in [0, 1).
    threshold_seconds : float
        The target's threshold in seconds, from 0 to `iso18295.MAX_DURATION_SECONDS`.

    Returns
    -------
    PlanCheck

    Raises
    ------
    CalculationError
        If the plan does not answer this forecast, its intervals do not line
        up, the target is out of range, or the plan states a concurrency above
        1 without handling multipliers.

    Examples
    --------
    >>> from iso18295 import examples
    >>> scope = examples.load_example()
    >>> check = check_plan(scope.forecasts[0], scope.staffing_plans[0],
    ...                    service_level_share=0.8, threshold_seconds=20)
    >>> check.n_short, check.n_open
    (3, 136)
    >>> [(start.strftime("%a %H:%M"), gap) for start, gap in check.worst()]
    [('Mon 10:00', 2), ('Mon 10:30', 2), ('Mon 11:00', 2)]
    """
    where = "check_plan()"
    if plan.forecast_id != forecast.id:
        raise CalculationError(
            f"{where}: expected a plan for forecast {forecast.id!r}, found one for "
            f"{plan.forecast_id!r}"
        )
    if (plan.starts_at, plan.interval_minutes, len(plan.rostered_agents)) != (
        forecast.starts_at,
        forecast.interval_minutes,
        len(forecast.volumes),
    ):
        raise CalculationError(
            f"{where}: expected plan intervals that line up with the forecast "
            f"({forecast.starts_at.isoformat()}, {forecast.interval_minutes} min x "
            f"{len(forecast.volumes)}), found ({plan.starts_at.isoformat()}, "
            f"{plan.interval_minutes} min x {len(plan.rostered_agents)})"
        )
    target = float(
        v.real(
            service_level_share, function="check_plan", name="service_level_share", bound="[0, 1)"
        )
    )
    threshold = float(
        v.real(threshold_seconds, function="check_plan", name="threshold_seconds", bound=">= 0")
    )
    offered = np.asarray(forecast.volumes, dtype=np.float64)
    handling = np.asarray(forecast.handling_seconds, dtype=np.float64)
    interval_seconds = 60.0 * forecast.interval_minutes
    traffic = offered_traffic(
        offered, interval_seconds=interval_seconds, handling_seconds=handling
    )
    rostered = v.agents(plan.rostered_agents, function=where[:-2], name="rostered_agents")
    productive = np.floor(rostered * (1.0 - plan.shrinkage_share) + _PRODUCTIVE_SLACK).astype(
        np.int64
    )
    is_open = offered > 0
    multipliers = _multipliers(plan)
    if multipliers is None:
        required = required_agents(
            traffic,
            handling_seconds=handling,
            service_level_share=target,
            threshold_seconds=threshold,
        )
        level = service_level(
            traffic, productive, handling_seconds=handling, threshold_seconds=threshold
        )
    else:
        required = concurrent_required_agents(
            traffic,
            handling_seconds=handling,
            handling_multipliers=multipliers,
            service_level_share=target,
            threshold_seconds=threshold,
        )
        level = concurrent_queue(
            traffic,
            productive,
            handling_seconds=handling,
            handling_multipliers=multipliers,
            threshold_seconds=threshold,
        ).service_level
    shortfall = np.where(is_open, np.maximum(required - productive, 0), 0).astype(np.int64)
    predicted = np.where(is_open, level, np.nan)
    start = np.datetime64(forecast.starts_at.astimezone(UTC).replace(tzinfo=None), "ns")
    step = np.timedelta64(forecast.interval_minutes, "m")
    starts = start + step * np.arange(len(offered))
    return PlanCheck(
        plan_id=plan.id,
        forecast_id=forecast.id,
        service_level_share=target,
        threshold_seconds=threshold,
        interval_starts=starts,
        offered=offered,
        traffic_erlangs=np.asarray(traffic, dtype=np.float64),
        required_agents=np.asarray(required, dtype=np.int64),
        productive_agents=productive,
        shortfall_agents=shortfall,
        predicted_service_level=np.asarray(predicted, dtype=np.float64),
        model="erlang_c" if multipliers is None else "concurrency",
        handling_multipliers=multipliers or (1.0,),
    )


def _multipliers(plan: StaffingPlan) -> tuple[float, ...] | None:
    """Return the plan's handling multipliers for the concurrency model, or None for Erlang C."""
    if plan.max_concurrency is None:
        return None
    if plan.handling_multipliers is not None:
        return plan.handling_multipliers
    if plan.max_concurrency == 1:
        return (1.0,)  # one at a time: the forecast's handling time is the handling time
    raise CalculationError(
        f"check_plan(): expected handling_multipliers for plan {plan.id!r}, which states "
        f"max_concurrency {plan.max_concurrency}, found none; state how much longer a "
        "conversation takes at each concurrency"
    )
