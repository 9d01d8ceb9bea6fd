"""The centre's working calendar: which days count as working days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar, final

import attrs

from ..errors import Problem
from ._checks import Validated, checks, unique
from .common import Weekday


@final
@attrs.frozen(kw_only=True)
class WorkingCalendar(Validated):
    """The days a centre works: its working week less its holidays.

    Used to count working days, for instance the days within which a complaint
    must be acknowledged (`ClientAgreement.complaint_acknowledgement_days`).

    Parameters
    ----------
    working_days : frozenset of Weekday
        The days of the week the centre works; at least one.
    holidays : tuple of datetime.date, default ()
        Days off although they fall on a working day (public holidays); no repeats.
        Holidays on a day that is not a working day change nothing.

    Examples
    --------
    >>> from datetime import date
    >>> from iso18295 import Weekday
    >>> weekdays = frozenset(list(Weekday)[:5])
    >>> calendar = WorkingCalendar(working_days=weekdays, holidays=(date(2026, 3, 17),))
    >>> calendar.working_days_between(date(2026, 3, 13), date(2026, 3, 20))
    4
    """

    working_days: frozenset[Weekday]
    holidays: tuple[date, ...] = attrs.field(default=(), metadata=checks(unique))

    _invariants: ClassVar[tuple[str, ...]] = ("_check_week",)

    def _check_week(self) -> Iterator[Problem]:
        if not self.working_days:
            yield Problem(path="working_days", expected="at least one working day", found="none")

    @property
    def weekmask(self) -> str:
        """Return the working week as numpy's weekmask, seven ``0``/``1`` from Monday."""
        return "".join("1" if day in self.working_days else "0" for day in Weekday)

    def is_working_day(self, day: date) -> bool:
        """Tell whether `day` is a working day (a working weekday and not a holiday)."""
        return list(Weekday)[day.weekday()] in self.working_days and day not in self.holidays

    def working_days_between(self, start: date, end: date) -> int:
        """Count the working days after `start` up to and including `end`.

        A complaint received on Friday 13 March and answered on Friday
        20 March took 5 working days in a Monday-to-Friday week (16 to 20),
        4 if the 17th is a holiday.

        Parameters
        ----------
        start : datetime.date
            The day counting starts after (not counted itself).
        end : datetime.date
            The last day counted.

        Returns
        -------
        int
            The count; 0 when ``end == start``, and the negated count of the
            working days after `end` up to `start` when `end` is earlier, so
            that swapping the arguments negates the result.
        """
        if end < start:
            return -self.working_days_between(end, start)
        import numpy as np  # imported here: `import iso18295` loads no numpy

        one = np.timedelta64(1, "D")
        count = np.busday_count(
            np.datetime64(start, "D") + one,
            np.datetime64(end, "D") + one,
            weekmask=self.weekmask,
            holidays=np.array(self.holidays, dtype="datetime64[D]"),
        )
        return int(count)


__all__ = ["WorkingCalendar"]
