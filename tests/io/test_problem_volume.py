"""Documents with many bad records: every problem, each at its path, quickly (issue #18)."""

from __future__ import annotations

import json

import pytest

from deadline import deadline
from iso18295 import load_scope_text
from iso18295.errors import LoadError

AGENT = {
    "id": "A1",
    "name": "Ann Lee",
    "function": "agent",
    "site_id": "S1",
    "hired_on": "2025-01-06",
}


def problems_of(document: dict[str, object]) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_scope_text(json.dumps({"name": "Demo", **document}), format="json")
    return [str(p) for p in caught.value.problems]


def test_problems_of_nested_records_keep_field_order_and_full_paths() -> None:
    training = [
        {"course": "Induction", "kind": "induction", "started_on": "2025-01-06"},
        {"course": 7, "kind": "induction", "started_on": "06/01/2025", "cours": "x"},
    ]
    found = problems_of({"agents": [AGENT, {**AGENT, "id": 5, "training": training}]})
    assert found == [
        "agents[1].id: expected a string, found 5",
        "agents[1].training[1].course: expected a string, found 7",
        (
            "agents[1].training[1].started_on: expected a date (YYYY-MM-DD), found '06/01/2025'; "
            "day/month order is ambiguous and is never guessed; write it as YYYY-MM-DD"
        ),
        (
            "agents[1].training[1].cours: expected only fields of TrainingRecord, "
            "found an unknown field; did you mean 'course'?"
        ),
    ]


def test_personal_value_of_the_wrong_type_in_a_listed_record_is_withheld() -> None:
    found = problems_of({"agents": [{**AGENT, "name": 12345}]})
    assert found == [
        "agents[0].name: expected a string, found a value of type int (withheld: personal data)"
    ]


def test_invariant_broken_in_a_listed_record_is_reported_under_its_path() -> None:
    found = problems_of({"agents": [AGENT, {**AGENT, "id": "A2", "left_on": "2024-01-01"}]})
    assert len(found) == 1
    assert found[0].startswith("agents[1].left_on: expected")


def test_bad_items_of_a_list_of_values_each_have_their_index() -> None:
    found = problems_of({"agents": [{**AGENT, "client_ids": ["c1", 2, "c3", None]}]})
    assert found == [
        "agents[0].client_ids[1]: expected a string, found 2",
        "agents[0].client_ids[3]: expected a string, found None",
    ]


def test_twenty_thousand_bad_records_give_every_problem_in_seconds() -> None:
    n = 20_000
    with deadline(20.0), pytest.raises(LoadError) as caught:  # about 0.5 s; was 6 s
        load_scope_text(json.dumps({"name": "Demo", "agents": [{"id": 5}] * n}), format="json")
    problems = caught.value.problems
    assert len(problems) == 5 * n
    assert str(problems[-1]) == (
        f"agents[{n - 1}].hired_on: expected a value, found nothing; the field is required"
    )
