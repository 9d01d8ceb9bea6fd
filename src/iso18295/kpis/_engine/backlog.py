"""A backlog of deferred work at one instant: which items are open, and how old they are.

An item (an e-mail, a letter, a back-office case) is *open* at an instant
``as_of`` if it was offered at or before ``as_of`` and had not been closed by
then: closed means answered or abandoned (withdrawn) at ``offered_at +
wait_seconds``, so an item closed exactly at ``as_of`` is no longer open, and an
item neither answered nor abandoned stays open.  Its *age* at ``as_of`` is the
time from ``offered_at`` to ``as_of`` on a clock: every second (calendar), or
only the seconds inside weekly business hours (`.business_hours`).
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295.kpis._engine.business_hours import Week, business_nanoseconds
from iso18295.kpis._engine.expressions import Atom, Rows, RowValue
from iso18295.kpis._engine.grouping import wait_ends


def _flag(rows: Rows, name: str) -> NDArray[np.bool_]:
    column = rows.column(name)
    return column.view(np.bool_) if column.dtype == np.bool_ else column.astype(np.bool_)


@attrs.frozen
class OpenAt(Atom):
    """The item was offered by `as_of` and not answered or abandoned by then.

    Parameters
    ----------
    as_of : int
        The instant, UTC nanoseconds since the epoch.
    """

    as_of: int

    def rows(self, rows: Rows) -> NDArray[np.bool_]:
        """Compare offer and closing instants with `as_of`."""
        starts = rows.column("offered_at").view(np.int64)
        wait: NDArray[np.float64] = rows.column("wait_seconds")  # type: ignore[assignment]
        closed = _flag(rows, "answered") | _flag(rows, "abandoned")
        closed &= wait_ends(starts, wait) <= self.as_of
        result: NDArray[np.bool_] = (starts <= self.as_of) & ~closed
        return result

    def reads(self) -> frozenset[str]:
        """Return the offer time, the wait and the two outcomes."""
        return frozenset(("offered_at", "wait_seconds", "answered", "abandoned"))


@attrs.frozen
class AgeAt(RowValue):
    """Seconds from each row's offer to `as_of` on a clock (0 for rows offered later).

    Parameters
    ----------
    as_of : int
        The instant, UTC nanoseconds since the epoch.
    windows : tuple of (int, int) or None
        Merged weekly business windows (`.business_hours.week_windows`), or
        None for calendar time.
    time_zone : str or None
        IANA zone of the windows' local time; None for calendar time.
    """

    as_of: int
    windows: tuple[tuple[int, int], ...] | None = None
    time_zone: str | None = None

    def rows(self, rows: Rows) -> NDArray[np.float64]:
        """Compute the ages of the chunk's rows (memoised per chunk)."""

        def make() -> NDArray[np.generic]:
            starts = np.minimum(rows.column("offered_at").view(np.int64), self.as_of)
            if self.windows is None or self.time_zone is None:
                return (self.as_of - starts) / 1e9
            ends = np.full(starts.size, self.as_of, dtype=np.int64)
            return business_nanoseconds(starts, ends, Week.of(self.windows), self.time_zone) / 1e9

        result: NDArray[np.float64] = rows.memo(self, make)  # type: ignore[assignment]
        return result

    def reads(self) -> frozenset[str]:
        """Return ``offered_at``."""
        return frozenset(("offered_at",))

    def may_be_nan(self) -> bool:
        """Tell that the value is never NaN (every row has an offer time)."""
        return False
