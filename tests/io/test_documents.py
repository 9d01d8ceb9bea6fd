"""Loading and dumping scope documents: round trips, every problem reported, messages."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iso18295 import (
    Attestation,
    Scope,
    Verdict,
    Weekday,
    WeeklyHours,
    dump_scope,
    dump_scope_text,
    examples,
    load_scope,
    load_scope_text,
)
from iso18295.errors import LoadError
from strategies import scopes

Path_ = tuple[str | int, ...]

# --- round trips ---


@given(scopes())
def test_json_round_trip_gives_an_equal_scope(scope: Scope) -> None:
    assert load_scope_text(dump_scope_text(scope), format="json") == scope


@given(scopes())
def test_dump_of_reloaded_scope_is_identical_text(scope: Scope) -> None:
    text = dump_scope_text(scope)
    assert dump_scope_text(load_scope_text(text, format="json")) == text


def test_example_toml_loads_dumps_to_json_and_reloads_equal() -> None:
    scope = load_scope_text(examples.example_text(), format="toml", source="example.toml")
    assert load_scope_text(dump_scope_text(scope), format="json") == scope


def test_dump_scope_writes_a_file_that_load_scope_reads(tmp_path: Path) -> None:
    scope = examples.load_example()
    target = tmp_path / "centre.json"
    dump_scope(scope, target)
    assert load_scope(target) == scope


def test_load_scope_reads_toml_files(tmp_path: Path) -> None:
    target = tmp_path / "centre.TOML"  # the suffix is matched case-insensitively
    target.write_text(examples.example_text(), encoding="utf-8")
    assert load_scope(target) == examples.load_example()


def test_opening_hours_with_fractional_seconds_round_trip() -> None:
    hours = WeeklyHours(
        days=frozenset({Weekday.MONDAY}), opens=time(8, 0, 0, 500), closes=time(9, 30, 15)
    )
    scope = _scope_with_hours(hours)
    assert load_scope_text(dump_scope_text(scope), format="json") == scope


def test_times_with_an_offset_are_not_opening_hours() -> None:
    with pytest.raises(ValueError, match=r"opens: expected a time of day \(HH:MM\), found 08:00"):
        WeeklyHours(days=frozenset({Weekday.MONDAY}), opens=time(8, tzinfo=UTC), closes=time(9))


def test_datetime_with_a_sub_minute_offset_round_trips() -> None:
    # Dublin kept Dublin Mean Time (-00:25:21) until 1916: offsets need not be whole minutes.
    dublin_mean_time = timezone(-timedelta(minutes=25, seconds=21))
    scope = _example_with_complaint_received_at(datetime(1910, 5, 1, 9, tzinfo=dublin_mean_time))
    assert load_scope_text(dump_scope_text(scope), format="json") == scope


def _scope_with_hours(hours: WeeklyHours) -> Scope:
    example = examples.load_example()
    assert example.centre is not None
    return attrs.evolve(example, centre=attrs.evolve(example.centre, service_hours=(hours,)))


def _example_with_complaint_received_at(received_at: datetime) -> Scope:
    example = examples.load_example()
    first = attrs.evolve(
        example.complaints[0], received_at=received_at, acknowledged_at=None,
        resolved_at=None, outcome=None,
    )  # fmt: skip
    return attrs.evolve(example, complaints=(first, *example.complaints[1:]))


# --- determinism ---

_DUMP_EXAMPLE = (
    "import iso18295; print(iso18295.dump_scope_text(iso18295.examples.load_example()), end='')"
)


def test_dump_is_the_same_text_under_any_hash_seed() -> None:
    # Sets (days, areas, directions) iterate in hash order, which varies between processes.
    texts = {
        subprocess.run(
            [sys.executable, "-c", _DUMP_EXAMPLE],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(texts) == 1
    assert texts == {dump_scope_text(examples.load_example())}


def test_sets_are_dumped_in_declaration_order() -> None:
    hours = WeeklyHours(
        days=frozenset({Weekday.SUNDAY, Weekday.MONDAY, Weekday.WEDNESDAY}),
        opens=time(9),
        closes=time(17),
    )
    document = json.loads(dump_scope_text(_scope_with_hours(hours)))
    assert document["centre"]["service_hours"][0]["days"] == ["monday", "wednesday", "sunday"]


# --- personal data ---

AGENT_SENTINEL = "Quirinus Sentinel-Agentname"
CUSTOMER_SENTINEL = "CUST-SENTINEL-55120"
ATTESTER_SENTINEL = "Philippa Sentinel-Auditor"


def _scope_with_sentinels() -> Scope:
    example = examples.load_example()
    agent = attrs.evolve(example.agents[3], name=AGENT_SENTINEL)
    complaint = attrs.evolve(example.complaints[5], customer_reference=CUSTOMER_SENTINEL)
    attestation = Attestation(
        id="att-1", rule_id="P1-5.1-leadership", attested_on=date(2026, 3, 30),
        attested_by=ATTESTER_SENTINEL, role="lead auditor", verdict=Verdict.CONFORMS,
        note="minutes of the March board seen",
    )  # fmt: skip
    return attrs.evolve(
        example,
        agents=(*example.agents[:3], agent, *example.agents[4:]),
        complaints=(*example.complaints[:5], complaint, *example.complaints[6:]),
        attestations=(attestation,),
    )


def test_default_dump_contains_personal_data() -> None:
    text = dump_scope_text(_scope_with_sentinels())
    assert AGENT_SENTINEL in text
    assert CUSTOMER_SENTINEL in text
    assert ATTESTER_SENTINEL in text


def test_redacted_dump_contains_no_personal_data_of_the_scope() -> None:
    scope = _scope_with_sentinels()
    text = dump_scope_text(scope, redact_personal_data=True)
    for sentinel in (AGENT_SENTINEL, CUSTOMER_SENTINEL, ATTESTER_SENTINEL):
        assert sentinel not in text
    for agent in scope.agents:
        assert json.dumps(agent.name, ensure_ascii=False) not in text
    for complaint in scope.complaints:
        if complaint.customer_reference is not None:
            assert json.dumps(complaint.customer_reference) not in text


def test_redacted_dump_still_loads_with_placeholders() -> None:
    scope = _scope_with_sentinels()
    redacted = load_scope_text(dump_scope_text(scope, redact_personal_data=True), format="json")
    assert {a.name for a in redacted.agents} == {"withheld"}
    assert {c.customer_reference for c in redacted.complaints} <= {"withheld", None}
    # Everything that is not personal data survives redaction unchanged.
    assert [a.id for a in redacted.agents] == [a.id for a in scope.agents]
    assert redacted.policies == scope.policies


@given(scopes())
def test_redacted_dump_replaces_every_personal_field(scope: Scope) -> None:
    document = json.loads(dump_scope_text(scope, redact_personal_data=True))
    assert all(agent["name"] == "withheld" for agent in document.get("agents", []))
    assert all(
        c.get("customer_reference", "withheld") == "withheld"
        for c in document.get("complaints", [])
    )
    assert all(a["attested_by"] == "withheld" for a in document.get("attestations", []))


def test_load_error_withholds_agent_name_of_wrong_type() -> None:
    document = _example_document()
    document["agents"][0]["name"] = [AGENT_SENTINEL]
    with pytest.raises(
        LoadError,
        match=r"agents\[0\]\.name: expected a string, found a value of type list "
        r"\(withheld: personal data\)$",
    ) as caught:
        _load(document)
    assert AGENT_SENTINEL not in str(caught.value)


def test_load_error_withholds_customer_reference_of_wrong_type() -> None:
    document = _example_document()
    document["complaints"][0]["customer_reference"] = 5512077
    with pytest.raises(LoadError, match=r"complaints\[0\]\.customer_reference: .*withheld") as c:
        _load(document)
    assert "5512077" not in str(c.value)


# --- specific messages ---


def _example_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(dump_scope_text(examples.load_example()))
    return document


def _load(document: object, source: str = "centre.json") -> Scope:
    return load_scope_text(json.dumps(document), format="json", source=source)


def test_ambiguous_slashed_date_is_rejected_as_ambiguous() -> None:
    document = _example_document()
    document["agents"][4]["hired_on"] = "03/04/2026"
    with pytest.raises(
        LoadError,
        match=r"^centre\.json: agents\[4\]\.hired_on: expected a date \(YYYY-MM-DD\), "
        r"found '03/04/2026'; day/month order is ambiguous",
    ):
        _load(document)


def test_ambiguous_slashed_datetime_is_rejected_as_ambiguous() -> None:
    document = _example_document()
    document["complaints"][2]["received_at"] = "03/04/2026 09:30"
    with pytest.raises(
        LoadError, match=r"complaints\[2\]\.received_at: .*day/month order is ambiguous"
    ):
        _load(document)


def test_impossible_calendar_date_is_rejected() -> None:
    document = _example_document()
    document["agents"][0]["hired_on"] = "2026-02-30"
    with pytest.raises(LoadError, match=r"hired_on: expected a real calendar date .*'2026-02-30'"):
        _load(document)


def test_naive_datetime_is_rejected_asking_for_the_offset() -> None:
    document = _example_document()
    document["complaints"][1]["received_at"] = "2026-03-02T09:30:00"
    with pytest.raises(
        LoadError,
        match=r"complaints\[1\]\.received_at: expected a date and time with a UTC offset .*"
        r"found '2026-03-02T09:30:00'; add the offset \(e\.g\. Z or \+01:00\)",
    ):
        _load(document)


def test_boolean_written_as_a_string_is_rejected() -> None:
    document = _example_document()
    document["centre"]["sites"][1]["remote"] = "false"
    with pytest.raises(
        LoadError,
        match=r"^centre\.json: centre\.sites\[1\]\.remote: expected true or false, found 'false'$",
    ):
        _load(document)


def test_fractional_number_for_an_integer_is_rejected() -> None:
    document = _example_document()
    document["policies"][0]["review_interval_months"] = 3.7
    with pytest.raises(
        LoadError, match=r"policies\[0\]\.review_interval_months: expected an integer, found 3\.7$"
    ):
        _load(document)


def test_boolean_for_an_integer_is_rejected() -> None:
    document = _example_document()
    document["engagement_surveys"][0]["invited"] = True
    with pytest.raises(
        LoadError, match=r"engagement_surveys\[0\]\.invited: expected an integer, found True$"
    ):
        _load(document)


def test_string_for_a_list_is_rejected_not_split_into_characters() -> None:
    document = _example_document()
    document["agents"][1]["client_ids"] = "lumen"
    with pytest.raises(
        LoadError,
        match=r"^centre\.json: agents\[1\]\.client_ids: "
        r"expected a list of strings, found 'lumen'$",
    ) as caught:
        _load(document)
    assert [p.path for p in caught.value.problems] == ["agents[1].client_ids"]


def test_unknown_key_is_rejected_with_a_did_you_mean_hint() -> None:
    document = _example_document()
    document["agents"][0]["hierd_on"] = "2026-01-01"
    with pytest.raises(
        LoadError,
        match=r"agents\[0\]\.hierd_on: expected only fields of Agent, found an unknown field; "
        r"did you mean 'hired_on'\?$",
    ):
        _load(document)


def test_unknown_top_level_key_is_rejected() -> None:
    with pytest.raises(
        LoadError, match=r"^<string>: agentz: expected only fields of Scope, .*'agents'"
    ):
        load_scope_text('name = "x"\nagentz = []\n', format="toml")


def test_missing_required_key_is_reported_at_its_path() -> None:
    document = _example_document()
    del document["agreements"][1]["client_id"]
    with pytest.raises(
        LoadError,
        match=r"agreements\[1\]\.client_id: expected a value, found nothing; "
        r"the field is required$",
    ):
        _load(document)


def test_list_for_a_table_is_rejected() -> None:
    document = _example_document()
    document["centre"] = []
    with pytest.raises(
        LoadError, match=r"^centre\.json: centre: expected a table of ContactCentre fields"
    ):
        _load(document)


def test_toml_local_datetime_is_rejected_asking_for_the_offset() -> None:
    text = examples.example_text().replace(
        "starts_at = 2026-03-02T00:00:00+00:00", "starts_at = 2026-03-02T00:00:00"
    )
    with pytest.raises(LoadError, match=r"forecasts\[0\]\.starts_at: .*add the offset"):
        load_scope_text(text, format="toml", source="example.toml")


def test_toml_datetime_for_a_date_is_rejected() -> None:
    with pytest.raises(
        LoadError,
        match=r"engagement_surveys\[0\]\.conducted_on: expected a date .*has no time of day",
    ):
        load_scope_text(
            'name = "x"\n[[engagement_surveys]]\nid = "e"\ninstrument = "i"\n'
            "conducted_on = 2026-01-01T10:00:00Z\ninvited = 3\nresponded = 1\nscore = 1.0\n"
            "scale_max = 5.0\n",
            format="toml",
        )


def test_toml_nan_is_rejected_with_its_path() -> None:
    with pytest.raises(
        LoadError,
        match=r"engagement_surveys\[0\]\.score: expected a number, found nan, which is not a",
    ):
        load_scope_text(
            'name = "x"\n[[engagement_surveys]]\nid = "e"\ninstrument = "i"\n'
            "conducted_on = 2026-01-01\ninvited = 3\nresponded = 1\nscore = nan\n"
            "scale_max = 5.0\n",
            format="toml",
        )


def test_invalid_toml_is_a_load_error() -> None:
    with pytest.raises(LoadError, match=r"^centre\.toml: expected valid TOML, found "):
        load_scope_text('name = "unterminated\n', format="toml", source="centre.toml")


def test_invalid_json_is_a_load_error_with_line_and_column() -> None:
    with pytest.raises(
        LoadError, match=r"^<string>: expected valid JSON, found .*\(line 2, column 1\)$"
    ):
        load_scope_text('{"name": "x",\n}', format="json")


def test_duplicate_json_keys_are_a_load_error() -> None:
    with pytest.raises(LoadError, match=r"expected each key once per object, found 'name' twice$"):
        load_scope_text('{"name": "a", "clients": [], "name": "b"}', format="json")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_constants_are_a_load_error_with_their_path(constant: str) -> None:
    with pytest.raises(
        LoadError,
        match=rf"engagement_surveys\[0\]\.score: expected a number, found {constant}, which is "
        "not a finite number",
    ):
        load_scope_text(
            f'{{"name": "x", "engagement_surveys": [{{"score": {constant}}}]}}', format="json"
        )


@pytest.mark.parametrize(
    ("text", "found"),
    [("42", "42"), ("null", "None"), ('"centre"', "'centre'"), ("[]", "a list of 0 items")],
)
def test_document_that_is_not_a_table_is_described_as_it_is(text: str, found: str) -> None:
    with pytest.raises(
        LoadError, match=rf"^<string>: expected a table, found {re.escape(found)}$"
    ):
        load_scope_text(text, format="json")


@pytest.mark.parametrize("version", ["2", "true", "1.0", '"1"'])
def test_format_version_other_than_integer_one_is_rejected(version: str) -> None:
    with pytest.raises(LoadError, match=r"^<string>: format_version: expected 1, found "):
        load_scope_text(f'{{"format_version": {version}, "name": "x"}}', format="json")


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_deeply_nested_document_is_a_load_error(fmt: str) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    text = f'{{"name": {nested}}}' if fmt == "json" else f"name = {nested}\n"
    with pytest.raises(LoadError, match=r"^<string>: expected a document nested less deeply"):
        load_scope_text(text, format=fmt)  # type: ignore[arg-type]


def test_load_scope_on_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.toml"
    with pytest.raises(
        LoadError, match=r"absent\.toml: expected a readable file, found No such file"
    ):
        load_scope(missing)


def test_load_scope_on_a_yaml_file_is_a_load_error(tmp_path: Path) -> None:
    target = tmp_path / "centre.yaml"
    target.write_text("name: Demo\n", encoding="utf-8")
    with pytest.raises(
        LoadError, match=r"centre\.yaml: expected a \.toml or \.json file, found suffix '\.yaml'$"
    ):
        load_scope(target)


def test_load_scope_on_a_file_that_is_not_utf8_is_a_load_error(tmp_path: Path) -> None:
    target = tmp_path / "centre.json"
    target.write_bytes(b'{"name": "\xff"}')
    with pytest.raises(
        LoadError, match=r"centre\.json: expected a readable file, found UnicodeDecodeError"
    ):
        load_scope(target)


def test_load_scope_reports_problems_under_the_file_name(tmp_path: Path) -> None:
    target = tmp_path / "centre.json"
    target.write_text('{"name": ""}', encoding="utf-8")
    with pytest.raises(
        LoadError, match=r"centre\.json: name: expected a non-empty string, found ''$"
    ) as c:
        load_scope(target)
    assert c.value.source == str(target)


# --- generated invalid documents ---


@dataclass(frozen=True)
class Node:
    """A place in a document, with the model annotation that describes it."""

    path: Path_
    kind: str  # "table", "list" or "leaf"
    annotation: Any
    value: Any


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (types.UnionType, typing.Union):
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return inner
    return annotation


def _nodes(value: Any, annotation: Any, path: Path_ = ()) -> Iterator[Node]:
    """Walk a dumped document alongside the model's annotations (not the converter's)."""
    annotation = _unwrap_optional(annotation)
    if attrs.has(annotation):
        yield Node(path, "table", annotation, value)
        hints = typing.get_type_hints(annotation)
        for key, item in value.items():
            if key != "format_version":
                yield from _nodes(item, hints[key], (*path, key))
    elif typing.get_origin(annotation) in (tuple, frozenset):
        yield Node(path, "list", annotation, value)
        (item_type, *_) = typing.get_args(annotation)
        for index, item in enumerate(value):
            yield from _nodes(item, item_type, (*path, index))
    else:
        yield Node(path, "leaf", annotation, value)


def _text(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _required_fields(cls: type) -> list[str]:
    return [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]


@dataclass(frozen=True)
class Corruption:
    """One change that makes a document invalid at `target` (the path a problem must name)."""

    kind: str
    node: Node
    target: Path_


def _applicable(node: Node) -> list[str]:
    kinds = []
    if node.kind == "leaf":
        kinds.append("wrong_type")
        kinds += {
            date: ["ambiguous_date"],
            datetime: ["naive_datetime", "ambiguous_date"],
            bool: ["bool_as_string"],
            int: ["float_for_int"],
        }.get(node.annotation, [])
    elif node.kind == "list":
        kinds.append("string_for_list")
    elif node.path:  # a table inside the document
        kinds += ["list_for_table", "unknown_key"]
        if any(name in node.value for name in _required_fields(node.annotation)):
            kinds.append("missing_required")
    else:
        kinds.append("unknown_key")
    return kinds


_WRONG_TYPE: dict[Any, object] = {int: "12", float: "1.5", bool: 1}


def _corrupt(document: dict[str, Any], corruption: Corruption) -> None:
    *parent_path, last = corruption.target
    parent: Any = document
    for part in parent_path:
        parent = parent[part]
    node = corruption.node
    match corruption.kind:
        case "wrong_type":
            parent[last] = _WRONG_TYPE.get(node.annotation, 12345)
        case "ambiguous_date":
            parent[last] = "03/04/2026"
        case "naive_datetime":
            parent[last] = "2026-03-02T09:30:00"
        case "bool_as_string":
            parent[last] = "false"
        case "float_for_int":
            parent[last] = 3.7
        case "string_for_list":
            parent[last] = "abc"
        case "list_for_table":
            parent[last] = []
        case "unknown_key":
            parent[last] = "surplus"
        case "missing_required":
            del parent[last]


@st.composite
def corrupted_documents(draw: st.DrawFn) -> tuple[dict[str, Any], list[Corruption]]:
    """A valid dumped document with 1-5 corruptions at paths none of which contains another.

    Each corruption draws its kind first (evenly among the kinds the document
    allows), then the place.
    """
    document: dict[str, Any] = json.loads(dump_scope_text(draw(scopes())))
    by_kind: dict[str, list[Node]] = {}
    for node in _nodes(document, Scope):
        for kind in _applicable(node):
            by_kind.setdefault(kind, []).append(node)
    wanted = draw(st.sampled_from([1, 2, 3, 4, 5]))
    chosen: list[Corruption] = []
    for _ in range(3 * wanted):
        if len(chosen) == wanted:
            break
        kind = draw(st.sampled_from(sorted(by_kind)))
        node = draw(st.sampled_from(by_kind[kind]))
        if kind == "unknown_key":
            target = (*node.path, f"zz_unknown_{len(chosen)}")
        elif kind == "missing_required":
            present = [f for f in _required_fields(node.annotation) if f in node.value]
            target = (*node.path, draw(st.sampled_from(present)))
        else:
            target = node.path
        if any(_overlaps(target, c.target) for c in chosen):
            continue
        chosen.append(Corruption(kind, node, target))
    corrupted = copy.deepcopy(document)
    for corruption in chosen:
        _corrupt(corrupted, corruption)
    return corrupted, chosen


def _overlaps(a: Path_, b: Path_) -> bool:
    """Tell whether one path is the other or lies inside it."""
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


@given(corrupted_documents())
def test_corrupted_document_raises_load_error_naming_every_corrupted_path(
    corrupted: tuple[dict[str, Any], list[Corruption]],
) -> None:
    document, corruptions = corrupted
    with pytest.raises(LoadError) as caught:
        _load(document, source="corrupt.json")
    error = caught.value
    reported = {p.path for p in error.problems}
    for corruption in corruptions:
        assert _text(corruption.target) in reported, corruption.kind
    assert len(error.problems) >= len(corruptions)
    assert all(p.expected and p.found for p in error.problems)
    assert str(error).startswith("corrupt.json: ")
    assert error.source == "corrupt.json"


# References a document may hold, as path patterns (from the model's docstrings).
_REFERENCE_PATHS = re.compile(
    r"(agreements\[\d+\]\.(client_id|centre_id|channel_ids\[\d+\]|kpi_targets\[\d+\]\.channel_id)"
    r"|campaigns\[\d+\]\.(client_id|channel_id)"
    r"|competencies\[\d+\]\.client_id"
    r"|agents\[\d+\]\.(site_id|client_ids\[\d+\]|channel_ids\[\d+\]"
    r"|assessments\[\d+\]\.competency_id|training\[\d+\]\.(client_id|competency_ids\[\d+\]))"
    r"|policies\[\d+\]\.party_id"
    r"|complaints\[\d+\]\.(client_id|channel_id)"
    r"|customer_surveys\[\d+\]\.(client_id|channel_id)"
    r"|quality_evaluations\[\d+\]\.agent_id"
    r"|forecasts\[\d+\]\.(client_id|channel_id)"
    r"|staffing_plans\[\d+\]\.forecast_id"
    r"|continuity_plans\[\d+\]\.policy_id"
    r"|work_environment_assessments\[\d+\]\.site_id)\Z"
)


def _is_reference(node: Node, document: dict[str, Any]) -> bool:
    if node.kind != "leaf" or not _REFERENCE_PATHS.match(_text(node.path)):
        return False
    if node.path[0] == "policies":  # a shared policy's party_id names no record
        return bool(document["policies"][node.path[1]]["party"] != "shared")
    return True


@st.composite
def documents_with_dangling_ids(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], list[tuple[Path_, str]]]:
    document: dict[str, Any] = json.loads(dump_scope_text(draw(scopes(populated=True))))
    references = [n.path for n in _nodes(document, Scope) if _is_reference(n, document)]
    chosen = draw(st.lists(st.sampled_from(references), min_size=1, max_size=3, unique=True))
    corrupted = copy.deepcopy(document)
    dangling = []
    for number, path in enumerate(chosen):
        *parent_path, last = path
        parent: Any = corrupted
        for part in parent_path:
            parent = parent[part]
        parent[last] = f"missing-{number}"
        dangling.append((path, f"missing-{number}"))
    return corrupted, dangling


@given(documents_with_dangling_ids())
def test_dangling_ids_are_each_reported_with_record_and_missing_id(
    corrupted: tuple[dict[str, Any], list[tuple[Path_, str]]],
) -> None:
    document, dangling = corrupted
    with pytest.raises(LoadError) as caught:
        _load(document, source="dangling.json")
    by_path = {p.path: p for p in caught.value.problems}
    assert len(caught.value.problems) == len(dangling)
    for path, missing in dangling:
        problem = by_path[_text(path)]
        record_id = document[path[0]][path[1]]["id"]
        assert f"'{missing}'" in problem.found
        assert repr(record_id) in problem.found
