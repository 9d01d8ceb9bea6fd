"""When a policy's review falls due, and whether it is current (dates worked by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from iso18295 import Party, Policy, PolicyKind


def _policy(
    approved_on: date | None, months: int = 12, last_reviewed_on: date | None = None
) -> Policy:
    return Policy(
        id="pol-1",
        kind=PolicyKind.DATA_PROTECTION,
        title="Data protection",
        party=Party.CENTRE,
        party_id="ccc",
        owner_role="Data protection officer",
        version="4",
        approved_on=approved_on,
        review_interval_months=months,
        last_reviewed_on=last_reviewed_on,
    )


@pytest.mark.parametrize(
    ("approved_on", "months", "due"),
    [
        (date(2025, 3, 15), 12, date(2026, 3, 15)),  # same day a year on
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # 31 Feb does not exist; 2025 not leap
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # 2024 is a leap year
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # Aug + 6 = Feb, clamped
        (date(2025, 5, 31), 4, date(2025, 9, 30)),  # Sep has 30 days
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day a year on
        (date(2025, 11, 30), 3, date(2026, 2, 28)),  # across the year end, clamped
        (date(2025, 10, 15), 24, date(2027, 10, 15)),
    ],
)
def test_review_due_on_adds_months_clamped_to_month_end(
    approved_on: date, months: int, due: date
) -> None:
    assert _policy(approved_on, months).review_due_on() == due


def test_review_due_on_counts_from_a_later_review() -> None:
    # Approved 15 Mar 2024, reviewed 10 Mar 2025, 12 months: due 10 Mar 2026.
    policy = _policy(date(2024, 3, 15), 12, last_reviewed_on=date(2025, 3, 10))
    assert policy.review_due_on() == date(2026, 3, 10)


def test_review_due_on_counts_from_a_later_approval() -> None:
    # Reviewed 1 Jan 2025, new version approved 1 Jun 2025, 12 months: due 1 Jun 2026.
    policy = _policy(date(2025, 6, 1), 12, last_reviewed_on=date(2025, 1, 1))
    assert policy.review_due_on() == date(2026, 6, 1)


def test_review_due_on_is_none_when_never_approved() -> None:
    assert _policy(None, last_reviewed_on=date(2025, 1, 1)).review_due_on() is None


def test_unapproved_policy_is_never_current() -> None:
    assert not _policy(None, last_reviewed_on=date(2026, 1, 1)).is_current(date(2026, 1, 2))


def test_policy_is_current_up_to_and_including_the_due_day() -> None:
    # Approved 31 Jan 2025, 1 month: due 28 Feb 2025.
    policy = _policy(date(2025, 1, 31), 1)
    assert policy.is_current(date(2025, 2, 28))
    assert not policy.is_current(date(2025, 3, 1))


def test_policy_approved_after_the_day_is_not_yet_current() -> None:
    policy = _policy(date(2025, 6, 1), 12)
    assert not policy.is_current(date(2025, 1, 1))
    assert policy.is_current(date(2025, 6, 1))


def test_review_dated_after_the_day_does_not_count_yet() -> None:
    # Approved 10 Jan 2024, reviewed 1 Mar 2025, 12 months.
    # On 1 Feb 2025 only the approval has happened: due 10 Jan 2025, so overdue.
    # On 2 Mar 2025 the review counts: due 1 Mar 2026, so current.
    policy = _policy(date(2024, 1, 10), 12, last_reviewed_on=date(2025, 3, 1))
    assert policy.review_due_on(date(2025, 2, 1)) == date(2025, 1, 10)
    assert not policy.is_current(date(2025, 2, 1))
    assert policy.is_current(date(2025, 3, 2))
