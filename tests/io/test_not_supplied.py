"""Documents: a key left out is "not supplied" (None), ``[]`` is "supplied, none" (())."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from iso18295 import Scope, dump_scope_text, load_scope_text

SCOPE_COLLECTIONS = list(Scope._not_stated)

# A document with one record of each kind whose facts and collections can be left out;
# every key below is required, so each test removes or empties exactly one other key.
HOURS = {"days": ["monday"], "opens": "09:00", "closes": "17:00"}
DOCUMENT: dict[str, Any] = {
    "name": "Demo",
    "centre": {
        "id": "ccc",
        "name": "Centre",
        "operating_model": "outsourced",
        "time_zone": "Europe/Dublin",
        "sites": [{"id": "cork", "name": "Cork", "country": "IE"}],
        "channels": [{"id": "voice", "kind": "voice", "directions": ["inbound", "outbound"]}],
    },
    "clients": [{"id": "acme", "name": "Acme", "relationship": "external"}],
    "agreements": [
        {
            "id": "agr",
            "client_id": "acme",
            "centre_id": "ccc",
            "starts_on": "2026-01-01",
            "channel_ids": ["voice"],
            "data_handling": {"purposes": ["customer service"]},
        }
    ],
    "campaigns": [
        {
            "id": "renewals",
            "client_id": "acme",
            "channel_id": "voice",
            "direction": "outbound",
            "purpose": "renewals",
            "starts_on": "2026-01-01",
            "contact_rules": {},
        }
    ],
    "agents": [
        {
            "id": "A1",
            "name": "Alex",
            "function": "agent",
            "site_id": "cork",
            "hired_on": "2025-01-01",
        }
    ],
    "engagement_surveys": [
        {
            "id": "eng",
            "instrument": "pulse",
            "conducted_on": "2026-03-01",
            "score": 3.5,
            "scale_max": 5,
        }
    ],
    "customer_surveys": [
        {
            "id": "csat",
            "client_id": "acme",
            "method": "IVR",
            "period_start": "2026-03-01",
            "period_end": "2026-03-31",
            "scale_max": 5,
        }
    ],
    "quality_evaluations": [
        {
            "id": "QE1",
            "interaction_id": "INT1",
            "agent_id": "A1",
            "evaluated_on": "2026-03-02",
            "criteria_version": "1",
            "score": 8,
            "max_score": 10,
        }
    ],
    "continuity_plans": [
        {
            "id": "bcp",
            "title": "Continuity",
            "scenarios": ["site loss"],
            "exercises": [
                {
                    "exercised_on": "2026-02-01",
                    "kind": "tabletop",
                    "result": "passed",
                    "scenario": "site loss",
                }
            ],
        }
    ],
    "work_environment_assessments": [
        {"id": "we", "site_id": "cork", "assessed_on": "2026-01-10", "areas": ["noise"]}
    ],
}

Get = Callable[[Scope], object]
_centre: Get = lambda s: s.centre  # noqa: E731 - short accessors for the table below
_channel: Get = lambda s: s.centre.channels[0]  # type: ignore[union-attr,index]  # noqa: E731
_agreement: Get = lambda s: s.agreements[0]  # type: ignore[index]  # noqa: E731
_rules: Get = lambda s: s.campaigns[0].contact_rules  # type: ignore[index]  # noqa: E731
_terms: Get = lambda s: s.agreements[0].data_handling  # type: ignore[index]  # noqa: E731
_agent: Get = lambda s: s.agents[0]  # type: ignore[index]  # noqa: E731
_engagement: Get = lambda s: s.engagement_surveys[0]  # type: ignore[index]  # noqa: E731
_survey: Get = lambda s: s.customer_surveys[0]  # type: ignore[index]  # noqa: E731
_evaluation: Get = lambda s: s.quality_evaluations[0]  # type: ignore[index]  # noqa: E731
_plan: Get = lambda s: s.continuity_plans[0]  # type: ignore[index]  # noqa: E731
_exercise: Get = lambda s: s.continuity_plans[0].exercises[0]  # type: ignore[index]  # noqa: E731
_work: Get = lambda s: s.work_environment_assessments[0]  # type: ignore[index]  # noqa: E731

# DOCUMENT needs the centre's sites and channels and the plan's exercises (records name
# them, or sit in them); these documents leave them out.
BARE_CENTRE = {
    "name": "Demo",
    "centre": {k: DOCUMENT["centre"][k] for k in list(DOCUMENT["centre"])[:4]},
}
BARE_PLAN = {
    "name": "Demo",
    "continuity_plans": [{"id": "bcp", "title": "Continuity", "scenarios": ["site loss"]}],
}

# (owner of the field, field) for every fact and nested collection that may be left out.
LEFT_OUT: list[tuple[Get, str]] = [
    (_centre, "sites"),
    (_centre, "service_hours"),
    (_centre, "channels"),
    (_centre, "working_days"),
    (_centre, "holidays"),
    (_channel, "opening_hours"),
    (_channel, "accessibility"),
    (_channel, "published_to_customers"),
    (_channel, "outages"),
    (lambda s: s.clients[0], "customer_segments"),  # type: ignore[index]
    (_agreement, "services"),
    (_agreement, "kpi_targets"),
    (_agreement, "responsibilities"),
    (_terms, "retention_days"),
    (_terms, "transfers_outside_jurisdiction"),
    (_rules, "permitted_hours"),
    (_rules, "honours_do_not_contact"),
    (_rules, "opt_in_required"),
    (_agent, "assessments"),
    (_agent, "training"),
    (_engagement, "invited"),
    (_engagement, "responded"),
    (_engagement, "actions"),
    (_survey, "invited"),
    (_survey, "responses"),
    (_survey, "actions"),
    (_survey, "first_contact_answers"),
    (_survey, "first_contact_resolved"),
    (_evaluation, "critical_error"),
    (_evaluation, "channel_id"),
    (_plan, "recovery_time_objective_hours"),
    (_plan, "exercises"),
    (_exercise, "actions"),
    (_work, "open_actions"),
]


def _load(document: dict[str, Any]) -> Scope:
    return load_scope_text(json.dumps(document), format="json")


def _document_without(field: str) -> dict[str, Any]:
    """Return a document that leaves `field` out (and is otherwise valid)."""
    if field in ("sites", "channels"):
        return BARE_CENTRE
    if field == "exercises":
        return BARE_PLAN
    return DOCUMENT


@pytest.mark.parametrize("field", SCOPE_COLLECTIONS)
def test_scope_collection_left_out_loads_as_not_supplied(field: str) -> None:
    assert getattr(load_scope_text('name = "Demo"', format="toml"), field) is None


@pytest.mark.parametrize("field", SCOPE_COLLECTIONS)
def test_scope_collection_written_empty_loads_as_supplied_none(field: str) -> None:
    scope = load_scope_text(f'name = "Demo"\n{field} = []', format="toml")
    assert getattr(scope, field) == ()


@pytest.mark.parametrize("field", SCOPE_COLLECTIONS)
def test_dump_leaves_out_a_scope_collection_not_supplied(field: str) -> None:
    assert field not in json.loads(dump_scope_text(Scope(name="Demo")))


@pytest.mark.parametrize("field", SCOPE_COLLECTIONS)
def test_dump_writes_an_empty_list_for_a_scope_collection_supplied_empty(field: str) -> None:
    dumped = json.loads(dump_scope_text(Scope(name="Demo", **{field: ()})))
    assert dumped[field] == []


@pytest.mark.parametrize(("owner", "field"), LEFT_OUT, ids=[f for _, f in LEFT_OUT])
def test_fact_left_out_of_the_document_loads_as_none(owner: Get, field: str) -> None:
    assert getattr(owner(_load(_document_without(field))), field) is None


@pytest.mark.parametrize(("owner", "field"), LEFT_OUT, ids=[f for _, f in LEFT_OUT])
def test_fact_left_out_round_trips_as_none(owner: Get, field: str) -> None:
    scope = _load(_document_without(field))
    again = load_scope_text(dump_scope_text(scope), format="json")
    assert again == scope
    assert getattr(owner(again), field) is None


def test_boolean_written_false_is_not_left_out() -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["centre"]["channels"][0]["published_to_customers"] = False
    channel = _channel(_load(document))
    assert channel.published_to_customers is False  # type: ignore[attr-defined]


def test_nested_collection_written_empty_loads_as_empty_tuple() -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["centre"]["channels"][0]["opening_hours"] = []
    assert _channel(_load(document)).opening_hours == ()  # type: ignore[attr-defined]


def test_nested_collection_written_empty_is_dumped_as_an_empty_list() -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["agents"][0]["training"] = []
    dumped = json.loads(dump_scope_text(_load(document)))
    assert dumped["agents"][0]["training"] == []
    assert "assessments" not in dumped["agents"][0]


def test_centre_with_sites_written_empty_is_refused() -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["centre"]["sites"] = []
    with pytest.raises(ValueError, match=r"centre\.sites: expected at least one site, found none"):
        _load(document)


def test_working_days_and_holidays_load_from_toml() -> None:
    scope = load_scope_text(
        'name = "Demo"\n[centre]\nid = "c"\nname = "C"\noperating_model = "in_house"\n'
        'time_zone = "Europe/Dublin"\nworking_days = ["monday", "saturday"]\n'
        "holidays = [2026-03-17]\n",
        format="toml",
    )
    calendar = scope.centre.calendar()  # type: ignore[union-attr]
    assert calendar is not None
    assert calendar.weekmask == "1000010"


def test_redacted_dump_keeps_collections_not_supplied_left_out() -> None:
    scope = _load(DOCUMENT)
    dumped = json.loads(dump_scope_text(scope, redact_personal_data=True))
    assert dumped["agents"][0]["name"] == "withheld"
    assert "complaints" not in dumped
    assert "training" not in dumped["agents"][0]
