"""Forecasts and staffing plans per interval (Part 1 clause 7.3, Part 2 clause 6.7)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import ClassVar, final

import attrs

from .._limits import MAX_CONCURRENCY
from ..errors import Problem
from ._checks import (
    Validated,
    all_non_negative,
    checks,
    identifier,
    same_length,
    share,
)
from .common import Party

INTERVAL_MINUTES = (15, 30, 60)
"""Interval lengths forecasts and plans may use, in minutes."""


def _interval_minutes(value: object) -> str | None:
    if isinstance(value, int) and value not in INTERVAL_MINUTES:
        return "15, 30 or 60 (minutes)"
    return None


@final
@attrs.frozen(kw_only=True)
class Forecast(Validated):
    """Expected contact volume and handling time for consecutive intervals.

    Columnar: item ``i`` of each sequence describes the interval starting at
    ``starts_at + i * interval_minutes``.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    client_id : str
        The client the contacts belong to.
    channel_id : str
        The channel forecast.
    provided_by : Party
        Who made the forecast (Part 2 clause 6.7 asks the client to give the
        centre forecasts and planning information).
    provided_on : datetime.date
        When it was handed over.
    starts_at : datetime.datetime
        Start of the first interval (timezone-aware).
    interval_minutes : int
        Interval length: 15, 30 or 60.
    volumes : tuple of float
        Contacts expected to be offered, per interval.
    handling_seconds : tuple of float
        Expected average handling time per interval, in seconds (> 0).
    """

    id: str = attrs.field(metadata=checks(identifier))
    client_id: str = attrs.field(metadata=checks(identifier))
    channel_id: str = attrs.field(metadata=checks(identifier))
    provided_by: Party
    provided_on: date
    starts_at: datetime
    interval_minutes: int = attrs.field(metadata=checks(_interval_minutes))
    volumes: tuple[float, ...] = attrs.field(metadata=checks(all_non_negative))
    handling_seconds: tuple[float, ...] = attrs.field(metadata=checks(all_non_negative))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_lengths", "_check_handling")
    _check_lengths = same_length("volumes", "handling_seconds")

    def _check_handling(self) -> Iterator[Problem]:
        bad = [i for i, v in enumerate(self.handling_seconds) if v <= 0]
        if bad:
            yield Problem(
                path=f"handling_seconds[{bad[0]}]",
                expected="handling times > 0 seconds",
                found=f"{len(bad)} intervals at 0 (first: {bad[0]})",
            )

    def interval_starts(self) -> tuple[datetime, ...]:
        """Return the start of every interval, in order, in the time zone of `starts_at`.

        Intervals are consecutive stretches of elapsed time, so across a change
        of clocks the local starts jump with the clock (as in
        `iso18295.staffing.check_plan` and `iso18295.kpis.measure_forecasts`).

        Examples
        --------
        Dublin's clocks go forward at 01:00 on 29 March 2026:

        >>> from zoneinfo import ZoneInfo
        >>> from iso18295 import Party
        >>> f = Forecast(id="f", client_id="c", channel_id="v", provided_by=Party.CLIENT,
        ...              provided_on=date(2026, 3, 20), interval_minutes=60,
        ...              starts_at=datetime(2026, 3, 29, 0, 0, tzinfo=ZoneInfo("Europe/Dublin")),
        ...              volumes=(5.0, 5.0, 5.0), handling_seconds=(180.0, 180.0, 180.0))
        >>> [t.strftime("%H:%M %Z") for t in f.interval_starts()]
        ['00:00 GMT', '02:00 IST', '03:00 IST']
        """
        step = timedelta(minutes=self.interval_minutes)
        zone = self.starts_at.tzinfo
        first = self.starts_at.astimezone(UTC)
        return tuple((first + i * step).astimezone(zone) for i in range(len(self.volumes)))


def _concurrency(value: object) -> str | None:
    if isinstance(value, int) and not 1 <= value <= MAX_CONCURRENCY:
        return f"a whole number from 1 to {MAX_CONCURRENCY}"
    return None


def _multipliers(value: object) -> str | None:
    if isinstance(value, tuple) and any(
        isinstance(v, int | float) and not 0.0 < v <= 100.0 for v in value
    ):
        return "multipliers > 0 and at most 100"
    return None


@final
@attrs.frozen(kw_only=True)
class StaffingPlan(Validated):
    """Agents rostered per interval to meet a forecast.

    Parameters
    ----------
    id : str
        Identifier, unique in the scope.
    forecast_id : str
        The forecast the plan answers; the intervals line up with it.
    prepared_on : datetime.date
        When the plan was made.
    shrinkage_share : float
        Share of rostered time not available for contacts (breaks, training,
        absence), in [0, 1).
    starts_at : datetime.datetime
        Start of the first interval (timezone-aware).
    interval_minutes : int
        Interval length: 15, 30 or 60.
    rostered_agents : tuple of int
        Agents rostered per interval, before shrinkage.
    max_concurrency : int or None, default None
        For web chat and messaging: the most conversations an agent holds at
        once, from 1 to `iso18295.staffing.MAX_CONCURRENCY`.  ``None``: not
        stated (a chat plan cannot then be checked).
    handling_multipliers : tuple of float or None, default None
        For web chat and messaging: item ``c - 1`` is the handling time of a
        conversation whose agent holds ``c`` conversations, as a multiple of
        the forecast's handling time (which is then that of a conversation
        handled alone); one value per concurrency up to `max_concurrency`,
        each > 0 and at most 100 (``(1.0, 1.25, 1.5)``: 25 % slower at two, 50 %
        at three).  Needs `max_concurrency`.  ``None``: not stated.

    Examples
    --------
    >>> from datetime import UTC, date, datetime
    >>> from iso18295 import StaffingPlan
    >>> plan = StaffingPlan(id="p", forecast_id="f", prepared_on=date(2026, 2, 24),
    ...                     shrinkage_share=0.3, interval_minutes=30,
    ...                     starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    ...                     rostered_agents=(6, 7), max_concurrency=3,
    ...                     handling_multipliers=(1.0, 1.2))
    Traceback (most recent call last):
    ...
    iso18295.errors.ModelError: StaffingPlan: handling_multipliers: expected one multiplier per concurrency 1 to max_concurrency (3), found 2
    """  # noqa: E501 - doctest output line

    id: str = attrs.field(metadata=checks(identifier))
    forecast_id: str = attrs.field(metadata=checks(identifier))
    prepared_on: date
    shrinkage_share: float = attrs.field(metadata=checks(share))
    starts_at: datetime
    interval_minutes: int = attrs.field(metadata=checks(_interval_minutes))
    rostered_agents: tuple[int, ...] = attrs.field(metadata=checks(all_non_negative))
    max_concurrency: int | None = attrs.field(default=None, metadata=checks(_concurrency))
    handling_multipliers: tuple[float, ...] | None = attrs.field(
        default=None, metadata=checks(_multipliers)
    )

    _invariants: ClassVar[tuple[str, ...]] = ("_check_shrinkage", "_check_multipliers")

    def _check_shrinkage(self) -> Iterator[Problem]:
        if self.shrinkage_share >= 1.0:
            yield Problem(path="shrinkage_share", expected="a share below 1", found="1.0")

    def _check_multipliers(self) -> Iterator[Problem]:
        if self.handling_multipliers is None or not isinstance(self.max_concurrency, int):
            if self.handling_multipliers is not None:
                yield Problem(
                    path="max_concurrency",
                    expected="the most conversations an agent holds, since "
                    "handling_multipliers are given",
                    found="none",
                )
            return
        if len(self.handling_multipliers) != self.max_concurrency:
            yield Problem(
                path="handling_multipliers",
                expected="one multiplier per concurrency 1 to max_concurrency "
                f"({self.max_concurrency})",
                found=str(len(self.handling_multipliers)),
            )


__all__ = ["INTERVAL_MINUTES", "Forecast", "StaffingPlan"]
