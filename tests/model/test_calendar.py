"""The centre's working calendar: working days counted by hand and by a day-by-day loop."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import ContactCentre, OperatingModel, Weekday, WorkingCalendar
from iso18295.errors import ModelError

MONDAY_TO_FRIDAY = frozenset(list(Weekday)[:5])
MONDAY_TO_SATURDAY = frozenset(list(Weekday)[:6])
ST_PATRICKS_DAY = date(2026, 3, 17)  # a Tuesday


def _centre(**fields: object) -> ContactCentre:
    return ContactCentre(
        id="ccc",
        name="Centre",
        operating_model=OperatingModel.OUTSOURCED,
        time_zone="Europe/Dublin",
        **fields,  # type: ignore[arg-type]
    )


def _loop_count(calendar: WorkingCalendar, start: date, end: date) -> int:
    """The oracle: walk day by day, counting working days after the earlier date."""
    low, high, sign = (start, end, 1) if start <= end else (end, start, -1)
    count, day = 0, low
    while day < high:
        day += timedelta(days=1)
        weekday = list(Weekday)[day.weekday()]
        if weekday in calendar.working_days and day not in calendar.holidays:
            count += 1
    return sign * count


def test_working_days_between_skips_the_weekend() -> None:
    # After Friday 13 March 2026 up to Friday 20 March: Mon 16, Tue 17, Wed 18, Thu 19,
    # Fri 20 = 5 (Saturday 14 and Sunday 15 are not working days).
    calendar = WorkingCalendar(working_days=MONDAY_TO_FRIDAY)
    assert calendar.working_days_between(date(2026, 3, 13), date(2026, 3, 20)) == 5


def test_working_days_between_skips_a_holiday_on_a_working_day() -> None:
    # As above, less Tuesday 17 March (St Patrick's Day): 5 - 1 = 4.
    calendar = WorkingCalendar(working_days=MONDAY_TO_FRIDAY, holidays=(ST_PATRICKS_DAY,))
    assert calendar.working_days_between(date(2026, 3, 13), date(2026, 3, 20)) == 4


def test_working_days_between_counts_saturday_in_a_six_day_week() -> None:
    # After Friday 13 March up to Monday 16 March, Monday to Saturday: Sat 14, Mon 16 = 2.
    calendar = WorkingCalendar(working_days=MONDAY_TO_SATURDAY)
    assert calendar.working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 2


def test_working_days_between_ignores_a_holiday_on_a_day_off() -> None:
    # Sunday 15 March is no working day anyway: after Fri 13 up to Mon 16 is Mon 16 = 1.
    calendar = WorkingCalendar(working_days=MONDAY_TO_FRIDAY, holidays=(date(2026, 3, 15),))
    assert calendar.working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1


def test_working_days_between_excludes_start_and_includes_end() -> None:
    # After Monday 16 up to Tuesday 17: only Tuesday 17 = 1; the same day twice gives 0.
    calendar = WorkingCalendar(working_days=MONDAY_TO_FRIDAY)
    assert calendar.working_days_between(date(2026, 3, 16), date(2026, 3, 17)) == 1
    assert calendar.working_days_between(date(2026, 3, 16), date(2026, 3, 16)) == 0


def test_working_days_between_is_negated_when_end_is_before_start() -> None:
    # After Fri 13 up to Fri 20 is 5 working days, so from the 20th back to the 13th is -5.
    calendar = WorkingCalendar(working_days=MONDAY_TO_FRIDAY)
    assert calendar.working_days_between(date(2026, 3, 20), date(2026, 3, 13)) == -5


def test_working_days_between_works_up_to_the_last_representable_day() -> None:
    # 31 December 9999 is a Friday: after Thursday 30th up to it is 1 working day.
    calendar = WorkingCalendar(working_days=MONDAY_TO_FRIDAY)
    assert calendar.working_days_between(date(9999, 12, 30), date(9999, 12, 31)) == 1


_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(
    working_days=st.frozensets(st.sampled_from(Weekday), min_size=1),
    holidays=st.lists(_days, max_size=20, unique=True),
    start=_days,
    length=st.integers(min_value=-800, max_value=800),
)
def test_working_days_between_equals_a_day_by_day_count(
    working_days: frozenset[Weekday], holidays: list[date], start: date, length: int
) -> None:
    calendar = WorkingCalendar(working_days=working_days, holidays=tuple(holidays))
    end = start + timedelta(days=length)
    assert calendar.working_days_between(start, end) == _loop_count(calendar, start, end)


def test_working_calendar_needs_a_working_day() -> None:
    with pytest.raises(ModelError, match=r"working_days: expected at least one working day"):
        WorkingCalendar(working_days=frozenset())


def test_working_calendar_refuses_a_repeated_holiday() -> None:
    with pytest.raises(ModelError, match=r"holidays: expected no repeated items"):
        WorkingCalendar(working_days=MONDAY_TO_FRIDAY, holidays=(ST_PATRICKS_DAY,) * 2)


def test_weekmask_lists_working_days_monday_first() -> None:
    assert WorkingCalendar(working_days=MONDAY_TO_SATURDAY).weekmask == "1111110"


def test_centre_calendar_uses_its_working_days_and_holidays() -> None:
    centre = _centre(working_days=MONDAY_TO_FRIDAY, holidays=(ST_PATRICKS_DAY,))
    assert centre.calendar() == WorkingCalendar(
        working_days=MONDAY_TO_FRIDAY, holidays=(ST_PATRICKS_DAY,)
    )


def test_centre_calendar_is_none_when_working_days_are_not_stated() -> None:
    assert _centre(holidays=()).calendar() is None


def test_centre_calendar_is_none_when_holidays_are_not_supplied() -> None:
    # An absent holiday list is not "no holidays": the calendar is not known.
    assert _centre(working_days=MONDAY_TO_FRIDAY).calendar() is None


def test_centre_with_an_empty_working_week_is_refused() -> None:
    with pytest.raises(ModelError, match=r"working_days: expected at least one working day"):
        _centre(working_days=frozenset())
