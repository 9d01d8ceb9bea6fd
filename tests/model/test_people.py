"""Agents: every problem reported at once, names kept out of messages, induction dates."""

from __future__ import annotations

from datetime import date

import pytest

from iso18295 import Agent, StaffFunction, TrainingKind, TrainingRecord
from iso18295.errors import ModelError

NAME = "Zebedee Quarshie-Sentinel"  # sentinel: must never appear in a message


def _agent(**changes: object) -> Agent:
    fields: dict[str, object] = {
        "id": "A1",
        "name": NAME,
        "function": StaffFunction.AGENT,
        "site_id": "cork",
        "hired_on": date(2026, 1, 5),
    }
    return Agent(**{**fields, **changes})


def _training(kind: TrainingKind, completed_on: date | None) -> TrainingRecord:
    return TrainingRecord(
        course=f"{kind.value} course",
        kind=kind,
        started_on=date(2026, 1, 5),
        completed_on=completed_on,
    )


def test_agent_with_three_bad_fields_reports_three_problems() -> None:
    with pytest.raises(ModelError, match=r"^Agent: 3 problems\n") as caught:
        _agent(id="A 1", site_id="", hired_on="2026-01-05")
    assert [p.path for p in caught.value.problems] == ["id", "site_id", "hired_on"]


def test_agent_with_two_broken_invariants_reports_both() -> None:
    with pytest.raises(ModelError, match=r"^Agent: 2 problems\n") as caught:
        _agent(left_on=date(2026, 1, 1), first_contact_on=date(2026, 1, 2))
    assert [p.path for p in caught.value.problems] == ["left_on", "first_contact_on"]


def test_agent_name_of_wrong_type_is_described_not_echoed() -> None:
    with pytest.raises(ModelError, match=r"name: expected a string, found a value of type list"):
        _agent(name=[NAME])


def test_blank_agent_name_is_described_by_length_only() -> None:
    with pytest.raises(
        ModelError,
        match=r"^Agent: name: expected a non-empty string, "
        r"found a 3-character string \(withheld: personal data\)$",
    ):
        _agent(name="   ")


def test_agent_name_never_appears_in_messages_about_other_fields() -> None:
    with pytest.raises(ModelError) as caught:
        _agent(id="bad id", left_on=date(2025, 1, 1), site_id="?")
    assert NAME not in str(caught.value)
    assert all(NAME not in str(p) for p in caught.value.problems)


def test_agent_name_of_wrong_type_never_appears_in_message() -> None:
    with pytest.raises(ModelError) as caught:
        _agent(name=(NAME,), id="bad id")
    assert "Zebedee" not in str(caught.value)


def test_induction_completed_on_is_none_without_training() -> None:
    assert _agent().induction_completed_on() is None


def test_induction_completed_on_is_none_while_induction_is_in_progress() -> None:
    agent = _agent(training=(_training(TrainingKind.INDUCTION, None),))
    assert agent.induction_completed_on() is None


def test_induction_completed_on_ignores_other_kinds_of_training() -> None:
    agent = _agent(
        training=(
            _training(TrainingKind.REFRESHER, date(2026, 1, 6)),
            _training(TrainingKind.INDUCTION, date(2026, 1, 20)),
        )
    )
    assert agent.induction_completed_on() == date(2026, 1, 20)


def test_induction_completed_on_is_the_earliest_completed_induction() -> None:
    # Inductions completed 20 Jan and 9 Jan (listed out of order), one unfinished: 9 Jan.
    agent = _agent(
        training=(
            _training(TrainingKind.INDUCTION, date(2026, 1, 20)),
            _training(TrainingKind.INDUCTION, None),
            _training(TrainingKind.INDUCTION, date(2026, 1, 9)),
        )
    )
    assert agent.induction_completed_on() == date(2026, 1, 9)


def test_is_employed_on_includes_both_ends() -> None:
    agent = _agent(left_on=date(2026, 2, 27))
    days = [date(2026, 1, 4), date(2026, 1, 5), date(2026, 2, 27), date(2026, 2, 28)]
    assert [agent.is_employed_on(d) for d in days] == [False, True, True, False]
