"""Weekly time windows: which moments they contain."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest

from iso18295 import Weekday, WeeklyHours

# 2 March 2026 is a Monday (1 Jan 2026 was a Thursday; +60 days = Monday).
MONDAY = datetime(2026, 3, 2)
WINDOW = WeeklyHours(
    days=frozenset({Weekday.MONDAY, Weekday.SATURDAY}), opens=time(8), closes=time(20)
)


def test_second_of_march_2026_is_a_monday() -> None:
    assert MONDAY.isoweekday() == 1


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (MONDAY.replace(hour=8), True),  # opening time is inside
        (MONDAY.replace(hour=7, minute=59, second=59), False),
        (MONDAY.replace(hour=19, minute=59, second=59, microsecond=999_999), True),
        (MONDAY.replace(hour=20), False),  # closing time is outside
        (MONDAY.replace(hour=12) + timedelta(days=1), False),  # Tuesday
        (MONDAY.replace(hour=12) + timedelta(days=5), True),  # Saturday
        (MONDAY.replace(hour=12) + timedelta(days=6), False),  # Sunday
    ],
)
def test_contains_uses_weekday_and_half_open_hours(moment: datetime, inside: bool) -> None:
    assert WINDOW.contains(moment) is inside


def test_contains_reads_an_aware_moment_as_its_own_wall_clock() -> None:
    # 08:30 at +05:00 is 03:30 UTC, but the window is in local time: 08:30 is inside.
    moment = datetime(2026, 3, 2, 8, 30, tzinfo=timezone(timedelta(hours=5)))
    assert WINDOW.contains(moment)


def test_weekday_iso_numbers_run_monday_to_sunday() -> None:
    assert [d.iso_number for d in Weekday] == [1, 2, 3, 4, 5, 6, 7]
