"""Vocabulary shared across the model: parties, frequencies, weekly time windows."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import datetime, time
from typing import ClassVar, final

import attrs

from ..errors import Problem
from ._checks import Validated


class Party(enum.StrEnum):
    """Which side of the client/centre relationship something belongs to."""

    CLIENT = "client"
    """The organisation that has the centre handle its customer interactions."""
    CENTRE = "centre"
    """The customer contact centre."""
    SHARED = "shared"
    """Both, jointly."""


class Frequency(enum.StrEnum):
    """How often something recurs: reports, reviews, surveys."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def days(self) -> int:
        """Return the longest gap, in days, between two occurrences at this frequency."""
        return _FREQUENCY_DAYS[self]


_FREQUENCY_DAYS = {
    Frequency.DAILY: 1,
    Frequency.WEEKLY: 7,
    Frequency.MONTHLY: 31,
    Frequency.QUARTERLY: 92,
    Frequency.HALF_YEARLY: 184,
    Frequency.YEARLY: 366,
}


class Weekday(enum.StrEnum):
    """A day of the week, in ISO order (Monday first)."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def iso_number(self) -> int:
        """Return the ISO weekday number, 1 for Monday to 7 for Sunday."""
        return list(Weekday).index(self) + 1


@final
@attrs.frozen(kw_only=True)
class WeeklyHours(Validated):
    """A window of local time repeated on some days of the week.

    Used for opening hours of channels and centres, and for the hours in which
    outbound contact is permitted.

    Parameters
    ----------
    days : frozenset of Weekday
        The days the window applies to; at least one.
    opens : datetime.time
        Local time the window opens.
    closes : datetime.time
        Local time the window closes; after `opens` (windows do not cross midnight;
        use two windows for that).

    Examples
    --------
    >>> from datetime import datetime, time
    >>> from iso18295 import Weekday, WeeklyHours
    >>> hours = WeeklyHours(days=frozenset({Weekday.MONDAY}), opens=time(8), closes=time(20))
    >>> hours.contains(datetime(2026, 3, 2, 9, 30))
    True
    """

    days: frozenset[Weekday]
    opens: time
    closes: time

    _invariants: ClassVar[tuple[str, ...]] = ("_check_window",)

    def _check_window(self) -> Iterator[Problem]:
        if not self.days:
            yield Problem(path="days", expected="at least one day", found="none")
        if self.closes <= self.opens:
            yield Problem(
                path="closes",
                expected=f"a time after opens ({self.opens.isoformat('minutes')})",
                found=self.closes.isoformat("minutes"),
                hint="split a window that crosses midnight in two",
            )

    def contains(self, moment: datetime) -> bool:
        """Tell whether a local wall-clock `moment` falls inside the window.

        Parameters
        ----------
        moment : datetime.datetime
            Local time of the party the window belongs to (convert aware
            timestamps with ``astimezone`` first).

        Returns
        -------
        bool
            True if the weekday is one of `days` and ``opens <= time < closes``.
        """
        day = list(Weekday)[moment.weekday()]
        return day in self.days and self.opens <= moment.time() < self.closes


__all__ = ["Frequency", "Party", "Weekday", "WeeklyHours"]
