"""Notebook displays: every public result type has a short repr and HTML, free of personal data.

The canaries are planted in a copy of the example scope: an agent name and a
customer reference, each with a ``<script>`` tag, on records that findings
name as evidence (agent NW0040, complaint CMP-2026-0108) and on the first
agent and complaint (which `Scope.summary` lists first).
"""

from __future__ import annotations

import enum
import html.parser
import inspect
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import numpy as np
import pytest

import iso18295
from iso18295 import examples, kpis, staffing

AGENT_CANARY = "Zeb Canary<script>alert(1)</script>"
CUSTOMER_CANARY = "CUST-CANARY-7731<script>"
CANARIES = (AGENT_CANARY, CUSTOMER_CANARY, "Zeb Canary", "CUST-CANARY-7731")
SCOPE_NAME = "Canary centre <script>x()</script>"

REPR_LIMIT = 1_000
HTML_LIMIT = 1_100
ASSESSMENT_HTML_LIMIT = 8_000
"""The assessment's HTML lists its open findings (19 in the example), grouped by clause."""

NAMESPACES = (iso18295, kpis, staffing, iso18295.reports, examples)
SOURCE = Path(iso18295.__file__).resolve().parent


# --- the objects ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scope() -> iso18295.Scope:
    base = examples.load_example()
    agents = tuple(
        attrs.evolve(a, name=AGENT_CANARY) if i == 0 or a.id == "NW0040" else a
        for i, a in enumerate(base.agents or ())
    )
    complaints = tuple(
        attrs.evolve(c, customer_reference=CUSTOMER_CANARY)
        if i == 0 or c.id == "CMP-2026-0108"
        else c
        for i, c in enumerate(base.complaints or ())
    )
    return attrs.evolve(base, name=SCOPE_NAME, agents=agents, complaints=complaints)


@pytest.fixture(scope="module")
def objects(scope: iso18295.Scope, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One instance of every displayed type, by public name, built from the example."""
    assessment = iso18295.assess(scope, as_of=examples.EXAMPLE_AS_OF)
    table = examples.generate_interactions()
    states, schedule = examples.generate_agent_activity()
    registry = iso18295.default_registry()
    csv = tmp_path_factory.mktemp("displays") / "calls.csv"
    csv.write_text(
        "channel_id,direction,client_id,offered_at,wait_seconds,answered,abandoned,customer_reference\n"
        f"bw-voice,inbound,brightwater,2026-03-02T09:30:00+00:00,5,true,false,{CUSTOMER_CANARY}\n"
        f"bw-voice,inbound,brightwater,2026-03-02T09:31:00+00:00,-5,true,false,{CUSTOMER_CANARY}\n",
        encoding="utf-8",
    )
    loaded = iso18295.load_interactions_csv(csv, on_error="quarantine")
    grouping = kpis.Grouping(by=("channel_id",))
    result = kpis.compute(table, [kpis.ServiceLevel(), kpis.Offered()], grouping=grouping)
    forecast, plan = scope.forecasts[0], scope.staffing_plans[0]  # type: ignore[index]
    return {
        "iso18295.Assessment": assessment,
        "iso18295.Finding": assessment.finding("P1-4.4-acknowledge"),
        "iso18295.reports.FindingsTable": assessment.findings_table(),
        "iso18295.Score": assessment.overall,
        "iso18295.Provenance": assessment.provenance,
        "iso18295.Scope": scope,
        "iso18295.Rule": registry.get("P1-4.4-acknowledge"),
        "iso18295.Registry": registry,
        "iso18295.RulePack": iso18295.RulePack(
            name="acme", target="acme_rules:pack", error_message=CUSTOMER_CANARY
        ),
        "iso18295.ClauseCoverage": registry.coverage()[5],
        "iso18295.LoadResult": loaded,
        "iso18295.QuarantinedRows": loaded.quarantined,
        "iso18295.ActivityLoadResult": iso18295.ActivityLoadResult(
            table=states,
            quarantined=loaded.quarantined.__class__(row_numbers=[]),
            rows_read=len(states),
            source="states.csv",
        ),
        "iso18295.InteractionTable": table,
        "iso18295.AgentStateTable": states,
        "iso18295.ScheduleTable": schedule,
        "iso18295.kpis.KpiResult": result,
        "iso18295.kpis.KpiValues": result["service_level"],
        "iso18295.kpis.Partials": kpis.accumulate(table, [kpis.Offered()], grouping=grouping),
        "iso18295.kpis.TargetResult": kpis.check_targets(scope, as_of=examples.EXAMPLE_AS_OF)[0],
        "iso18295.staffing.BacklogResult": staffing.deferred_backlog(
            np.full(500, 40.0),
            2,
            interval_seconds=3600,
            handling_seconds=240,
            deadline_seconds=86_400,
        ),
        "iso18295.staffing.ConcurrencyResult": staffing.concurrent_queue(
            np.linspace(1, 20, 2_000), 14, handling_seconds=180.0, handling_multipliers=[1.0, 1.5]
        ),
        "iso18295.staffing.ErlangAResult": staffing.erlang_a(
            np.linspace(1, 20, 2_000), 25, handling_seconds=180.0, patience_seconds=300.0
        ),
        "iso18295.staffing.MultiSkillCheck": staffing.check_multiskill_plan(
            [10.0, 5.0],
            handling_seconds=[180.0, 240.0],
            group_skills=[[True, False], [True, True]],
            group_agents=[8, 6],
            contacts=2_000,
        ),
        "iso18295.staffing.PlanCheck": staffing.check_plan(
            forecast, plan, service_level_share=0.8, threshold_seconds=20
        ),
        "iso18295.staffing.QueueSeries": staffing.from_long_format(
            {
                "unique_id": ["b", "a"] * 1_500,
                "ds": np.repeat(
                    np.arange(1_500).astype("timedelta64[m]") * 30
                    + np.datetime64("2026-03-02T00:00", "s"),
                    2,
                ),
                "y": np.arange(3_000, dtype=np.float64),
            }
        ),
    }


DISPLAYED = (
    "iso18295.Assessment",
    "iso18295.Finding",
    "iso18295.reports.FindingsTable",
    "iso18295.Score",
    "iso18295.Provenance",
    "iso18295.Scope",
    "iso18295.Rule",
    "iso18295.Registry",
    "iso18295.RulePack",
    "iso18295.ClauseCoverage",
    "iso18295.LoadResult",
    "iso18295.QuarantinedRows",
    "iso18295.ActivityLoadResult",
    "iso18295.InteractionTable",
    "iso18295.AgentStateTable",
    "iso18295.ScheduleTable",
    "iso18295.kpis.KpiResult",
    "iso18295.kpis.KpiValues",
    "iso18295.kpis.Partials",
    "iso18295.kpis.TargetResult",
    "iso18295.staffing.BacklogResult",
    "iso18295.staffing.ConcurrencyResult",
    "iso18295.staffing.ErlangAResult",
    "iso18295.staffing.MultiSkillCheck",
    "iso18295.staffing.PlanCheck",
    "iso18295.staffing.QueueSeries",
)
"""Every public result type: returned by the library, displayed by its own repr and HTML."""

NOT_RESULTS = {
    # Model objects the user wrote (or a lookup returns one of): their repr is
    # attrs', as long as the data given, with personal-data fields withheld.
    "iso18295.Agent",
    "iso18295.AssessmentPolicy",
    "iso18295.Attestation",
    "iso18295.Channel",
    "iso18295.Client",
    "iso18295.ClientAgreement",
    "iso18295.CompetencyAssessment",
    "iso18295.Policy",
    "iso18295.PolicyParameter",
    "iso18295.WorkingCalendar",
    # A rule's clause and conditions, and what its check builds (one record,
    # one number, one outcome): a few fields each.
    "iso18295.Clause",
    "iso18295.Condition",
    "iso18295.Evidence",
    "iso18295.Measurement",
    "iso18295.Outcome",
    # KPI definitions and the grouping: a few options each.
    "iso18295.kpis.Grouping",
    "iso18295.kpis.InteractionKpi",
    "iso18295.kpis.Kpi",
}


def _public_classes() -> dict[type, str]:
    found = {}
    for module in NAMESPACES:
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) and not issubclass(value, enum.Enum | BaseException):
                found[value] = f"{module.__name__}.{name}"
    return found


def _classes_in(hint: object) -> Iterator[type]:
    if isinstance(hint, type):
        yield hint
    origin = typing.get_origin(hint)
    if isinstance(origin, type):
        yield origin
    for argument in typing.get_args(hint):
        yield from _classes_in(argument)


def _callables(value: object) -> Iterator[Callable[..., object]]:
    if inspect.isfunction(value):
        yield value
    elif inspect.isclass(value):
        for name, member in vars(value).items():
            if name.startswith("_") and name != "__getitem__":
                continue
            if isinstance(member, property) and member.fget is not None:
                member = member.fget
            if isinstance(member, classmethod | staticmethod):
                member = member.__func__
            if inspect.isfunction(member):
                yield member


def _returned_types() -> set[str]:
    """Return the public classes that a public function, method or property returns.

    Also the classes held by those results' own fields (an assessment's
    `Provenance`, a load result's `QuarantinedRows`), except the model's
    (a scope holds every model class).
    """
    public = _public_classes()
    returned: set[type] = set()
    for module in NAMESPACES:
        for name in module.__all__:
            for function in _callables(getattr(module, name)):
                hint = typing.get_type_hints(function).get("return")
                returned.update(c for c in _classes_in(hint) if c in public)
    for cls in list(returned):
        if attrs.has(cls) and public[cls] in DISPLAYED and cls is not iso18295.Scope:
            for hint in typing.get_type_hints(cls).values():
                returned.update(c for c in _classes_in(hint) if c in public)
    return {public[c] for c in returned}


def _resolve(name: str) -> type:
    module, _, attribute = name.rpartition(".")
    value = getattr(next(m for m in NAMESPACES if m.__name__ == module), attribute)
    assert isinstance(value, type)
    return value


# --- completeness ---------------------------------------------------------------------


def test_every_returned_public_type_is_displayed_or_listed_as_not_a_result() -> None:
    missing = _returned_types() - set(DISPLAYED) - NOT_RESULTS
    assert not missing, f"give these a display and add them to DISPLAYED: {sorted(missing)}"


def test_the_lists_name_only_public_types() -> None:
    public = set(_public_classes().values())
    assert set(DISPLAYED) <= public
    assert public >= NOT_RESULTS
    assert not set(DISPLAYED) & NOT_RESULTS


@pytest.mark.parametrize("name", DISPLAYED)
def test_displayed_type_defines_its_own_repr_and_html(name: str) -> None:
    cls = _resolve(name)
    # Written in the library's source, not generated by attrs or dataclasses.
    for method in (cls.__repr__, cls._repr_html_):  # type: ignore[attr-defined]
        source = Path(method.__code__.co_filename)
        assert source.is_file(), (name, source)
        assert source.resolve().is_relative_to(SOURCE), (name, source)


def test_the_objects_cover_every_displayed_type(objects: dict[str, object]) -> None:
    assert set(objects) == set(DISPLAYED)
    for name, value in objects.items():
        assert type(value) is _resolve(name), name


# --- size and privacy -----------------------------------------------------------------


def _texts(value: object) -> dict[str, str]:
    html_ = getattr(value, "_repr_html_")()  # noqa: B009 - the IPython protocol, by name
    return {"repr": repr(value), "str": str(value), "html": html_}


@pytest.mark.parametrize("name", DISPLAYED)
def test_repr_and_html_are_short(name: str, objects: dict[str, object]) -> None:
    texts = _texts(objects[name])
    assert 0 < len(texts["repr"]) <= REPR_LIMIT, texts["repr"]
    limit = ASSESSMENT_HTML_LIMIT if name == "iso18295.Assessment" else HTML_LIMIT
    assert 0 < len(texts["html"]) <= limit, len(texts["html"])


@pytest.mark.parametrize("name", DISPLAYED)
def test_no_display_shows_personal_data(name: str, objects: dict[str, object]) -> None:
    for kind, text in _texts(objects[name]).items():
        for canary in CANARIES:
            assert canary not in text, (kind, canary)


@pytest.mark.parametrize("name", DISPLAYED)
def test_html_parses_and_escapes_markup_from_the_data(
    name: str, objects: dict[str, object]
) -> None:
    text = _texts(objects[name])["html"]
    tags = _parse(text)
    assert "script" not in tags
    assert tags, "expected HTML elements"


def _parse(text: str) -> list[str]:
    tags: list[str] = []

    class Collector(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attributes: object) -> None:
            tags.append(tag)

    parser = Collector()
    parser.feed(text)
    parser.close()
    return tags


def test_markup_in_the_scope_name_is_shown_escaped(objects: dict[str, object]) -> None:
    for name in ("iso18295.Scope", "iso18295.Assessment"):
        text = _texts(objects[name])["html"]
        assert "Canary centre &lt;script&gt;x()&lt;/script&gt;" in text
        assert "<script>" not in text


def test_model_reprs_withhold_personal_fields(scope: iso18295.Scope) -> None:
    agent = scope.agent("NW0040")
    complaint = next(c for c in scope.complaints or () if c.id == "CMP-2026-0108")
    evidence = iso18295.Evidence(kind="agent", id="NW0040", personal=(("name", AGENT_CANARY),))
    attestation = iso18295.Attestation(
        id="att-1",
        rule_id="P1-5.1-leadership",
        attested_on=examples.EXAMPLE_AS_OF,
        attested_by=AGENT_CANARY,
        role="auditor",
        verdict=iso18295.Verdict.CONFORMS,
        note="seen",
    )
    for value in (agent, complaint, evidence, attestation, scope.agents):
        assert "Zeb Canary" not in repr(value)
        assert "CUST-CANARY" not in repr(value)
    assert "name=<withheld: personal data>" in repr(agent)
    assert "customer_reference=<withheld: personal data>" in repr(complaint)
    # The fields themselves, and equality, are untouched.
    assert agent.name == AGENT_CANARY
    assert attrs.evolve(agent, name="Other") != agent


# --- asking for personal data ---------------------------------------------------------


def test_scope_summary_shows_personal_data_only_when_asked(scope: iso18295.Scope) -> None:
    plain = scope.summary()
    asked = scope.summary(include_personal_data=True)
    assert plain == str(scope)
    assert not any(canary in plain for canary in CANARIES)
    assert AGENT_CANARY in asked
    assert CUSTOMER_CANARY in asked


@pytest.mark.parametrize(
    ("rule_id", "canary"),
    [("P1-6.4-induction", AGENT_CANARY), ("P1-4.4-acknowledge", CUSTOMER_CANARY)],
)
def test_finding_describe_shows_personal_data_only_when_asked(
    objects: dict[str, object], rule_id: str, canary: str
) -> None:
    assessment = objects["iso18295.Assessment"]
    assert isinstance(assessment, iso18295.Assessment)
    finding = assessment.finding(rule_id)
    assert canary not in finding.describe()
    assert canary not in str(finding)
    assert canary in finding.describe(include_personal_data=True)
    assert "withheld" in finding.describe()


# --- content --------------------------------------------------------------------------


def test_scope_summary_keeps_none_apart_from_not_supplied(scope: iso18295.Scope) -> None:
    partial = attrs.evolve(scope, waivers=(), attestations=None)
    lines = partial.summary().splitlines()
    assert "  waivers: none" in lines
    assert "  attestations: not supplied" in lines
    text = partial._repr_html_()
    assert "<th>none (supplied empty)</th><td>waivers</td>" in text
    assert "<th>not supplied</th><td>attestations</td>" in text


def test_scope_summary_counts_records_and_states_the_period(scope: iso18295.Scope) -> None:
    lines = scope.summary().splitlines()
    # Counted independently of the display, from the scope's own tuples.
    assert f"  agents: {len(scope.agents or ())}" in lines
    assert f"  complaints: {len(scope.complaints or ())}" in lines
    days = [c.received_at.date() for c in scope.complaints or ()]
    days += [s.period_end for s in scope.customer_surveys or ()]
    days += [s.period_start for s in scope.customer_surveys or ()]
    days += [q.evaluated_on for q in scope.quality_evaluations or ()]
    days += [f.starts_at.date() for f in scope.forecasts or ()]
    days += [p.starts_at.date() for p in scope.staffing_plans or ()]
    days += [u.sent_on for u in scope.information_updates or ()]
    assert f"  period covered: {min(days).isoformat()} to {max(days).isoformat()}" in lines
    channels = {c.id for c in scope.centre.channels or ()}  # type: ignore[union-attr]
    assert all(c in scope.summary() for c in channels)


def test_assessment_html_has_conclusion_scores_and_clause_groups(
    objects: dict[str, object],
) -> None:
    assessment = objects["iso18295.Assessment"]
    assert isinstance(assessment, iso18295.Assessment)
    text = assessment._repr_html_()
    assert "does not conform" in text  # the example's conclusion
    assert assessment.conclusion is iso18295.Conclusion.DOES_NOT_CONFORM
    assert "Part 1 (contact centre)" in text
    assert "Part 2 (client)" in text
    # Every clause with an open finding is a <details> group, in clause order.
    open_statuses = {
        "does_not_conform",
        "partially_conforms",
        "insufficient_evidence",
        "needs_review",
        "error",
    }
    clauses = list(
        dict.fromkeys(
            f"P{int(f.part)} {f.clause} " for f in assessment.findings if f.status in open_statuses
        )
    )
    summaries = [s.split("<", 1)[0] for s in text.split("<details><summary>")[1:]]
    clause_summaries = [s for s in summaries if s.startswith("P")]
    assert [s[: len(c)] for s, c in zip(clause_summaries, clauses, strict=False)] == clauses[
        : len(clause_summaries)
    ]
    assert len(clause_summaries) == min(len(clauses), 12)
    assert text.count("<details>") == text.count("</details>")


def test_assessment_repr_and_str_state_the_conclusion_and_score(
    objects: dict[str, object],
) -> None:
    assessment = objects["iso18295.Assessment"]
    assert isinstance(assessment, iso18295.Assessment)
    overall = assessment.overall
    # (conforms + 0.5 x partially) / decided, from the counts, independently of Score.
    counts = dict(overall.counts)
    decided = sum(
        counts.get(s, 0)
        for s in (
            iso18295.Status.CONFORMS,
            iso18295.Status.PARTIALLY_CONFORMS,
            iso18295.Status.DOES_NOT_CONFORM,
        )
    )
    value = (
        counts[iso18295.Status.CONFORMS] + 0.5 * counts.get(iso18295.Status.PARTIALLY_CONFORMS, 0)
    ) / decided
    shown = f"{100 * value:.1f} %"
    assert "does not conform" in repr(assessment)
    assert shown in repr(assessment)
    assert "conclusion: does not conform" in str(assessment)
    assert f"score: {shown} on {decided} decided" in str(assessment)


def test_finding_repr_names_rule_status_and_clause(objects: dict[str, object]) -> None:
    finding = objects["iso18295.Finding"]
    assert repr(finding) == (
        "<Finding P1-4.4-acknowledge: does_not_conform (Part 1, 4.4 Complaints handling); "
        "1 evidence record>"
    )


def test_array_results_are_summarised_by_range(objects: dict[str, object]) -> None:
    result = objects["iso18295.staffing.ErlangAResult"]
    assert isinstance(result, staffing.ErlangAResult)
    low, high = float(result.occupancy.min()), float(result.occupancy.max())
    assert f"occupancy 2000 values, {low:.4g} to {high:.4g}" in repr(result)


def test_load_result_repr_accounts_for_every_row(objects: dict[str, object]) -> None:
    loaded = objects["iso18295.LoadResult"]
    assert repr(loaded).endswith("calls.csv': 2 rows read, 1 accepted, 1 quarantined (1 problem)>")
    quarantined = objects["iso18295.QuarantinedRows"]
    assert repr(quarantined) == "<QuarantinedRows: 1 row (row 2); 1 problem>"
    assert "wait_seconds" in quarantined._repr_html_()  # type: ignore[attr-defined]


def test_registry_display_counts_rules_by_part(objects: dict[str, object]) -> None:
    registry = objects["iso18295.Registry"]
    assert isinstance(registry, iso18295.Registry)
    part1 = sum(1 for r in registry if int(r.clause.part) == 1)
    part2 = sum(1 for r in registry if int(r.clause.part) == 2)
    assert (
        repr(registry) == f"<Registry: {part1 + part2} rules (Part 1: {part1}, Part 2: {part2})>"
    )


def test_rule_pack_repr_withholds_the_error_message(objects: dict[str, object]) -> None:
    pack = objects["iso18295.RulePack"]
    assert CUSTOMER_CANARY not in repr(pack)
    assert pack.error_message == CUSTOMER_CANARY  # type: ignore[attr-defined]


def test_displays_import_nothing_from_the_network_or_scripts(
    objects: dict[str, object],
) -> None:
    for name in DISPLAYED:
        text = _texts(objects[name])["html"]
        for fetching in ("http://", "https://", "src=", "<link", "<script"):
            assert fetching not in text, (name, fetching)
