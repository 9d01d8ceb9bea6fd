"""The rule registry: registration checks, lookup, merging, entry-point packs, laziness."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import types

import pytest

import builders as b
from iso18295 import (
    ENTRY_POINT_GROUP,
    Basis,
    CheckMethod,
    Outcome,
    Part,
    Registry,
    Status,
    assess,
    default_registry,
)
from iso18295.errors import RuleError, RulePackWarning, UnknownIdError

AS_OF = b.AS_OF


def always_conforms(ctx: object) -> Outcome:
    return Outcome.conforms("fine", seen=1)


def make_registry(*rule_ids: str, clause: str = "9") -> Registry:
    registry = Registry()
    for rule_id in rule_ids:
        registry.rule(
            basis=Basis.REQUIREMENT,
            id=rule_id,
            part=Part.CENTRE,
            clause=clause,
            paraphrase="A test rule.",
        )(always_conforms)
    return registry


# --- registration -------------------------------------------------------------------------


def test_duplicate_id_is_refused_at_registration() -> None:
    registry = make_registry("X-9-one")
    with pytest.raises(RuleError, match=r"rule 'X-9-one': expected a new id, found one already"):
        registry.rule(
            basis=Basis.REQUIREMENT,
            id="X-9-one",
            part=Part.CENTRE,
            clause="4.4",
            paraphrase="Again.",
        )(always_conforms)
    assert len(registry) == 1


@pytest.mark.parametrize("part", [0, 3, "1", True])
def test_unknown_part_is_refused_naming_the_part_enum(part: object) -> None:
    with pytest.raises(
        RuleError,
        match=r"rule 'X-1': expected part to be an iso18295\.Part \(Part\.CENTRE or"
        rf" Part\.CLIENT\), found {part!r}",
    ):
        Registry().rule(
            basis=Basis.REQUIREMENT,
            id="X-1",
            part=part,  # type: ignore[arg-type]
            clause="4.4",
            paraphrase="p",
        )


def test_registry_with_an_unknown_part_is_refused_when_made() -> None:
    with pytest.raises(RuleError, match=r"Registry\(\): expected part to be an iso18295\.Part"):
        Registry(part=3)  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "part"), [(1, Part.CENTRE), (2, Part.CLIENT)])
def test_the_documented_ints_still_name_a_part(given: int, part: Part) -> None:
    on_registry = Registry(part=given, clause="4.1")  # type: ignore[arg-type]
    rule = on_registry.rule(basis=Basis.REQUIREMENT, id="X-1", paraphrase="p")(always_conforms)
    on_rule = Registry().rule(
        basis=Basis.REQUIREMENT,
        id="X-2",
        part=given,  # type: ignore[arg-type]
        clause="4.1",
        paraphrase="p",
    )(always_conforms)
    assert rule.part is part
    assert on_rule.part is part


def test_unknown_clause_is_refused() -> None:
    with pytest.raises(
        RuleError,
        match=r"rule 'X-1': expected a clause of Part 1 in the clause list, found '4\.9'",
    ):
        Registry().rule(
            basis=Basis.REQUIREMENT, id="X-1", part=Part.CENTRE, clause="4.9", paraphrase="p"
        )


def test_clause_of_the_other_part_is_refused() -> None:
    # 6.10 exists in Part 2 only.
    with pytest.raises(RuleError, match=r"found '6\.10'"):
        Registry().rule(
            basis=Basis.REQUIREMENT, id="X-1", part=Part.CENTRE, clause="6.10", paraphrase="p"
        )


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("agents[].shoe_size", r"Agent has no field 'shoe_size'"),
        ("nonsense", r"Scope has no field 'nonsense'"),
        ("interactions.mood", r"no such interaction column"),
        ("agents[].name.first", r"'first' is below a value that has no fields"),
    ],
)
def test_bad_evidence_path_is_refused_naming_it(path: str, why: str) -> None:
    register = Registry().rule(
        id="X-1",
        basis=Basis.REQUIREMENT,
        part=Part.CENTRE,
        clause="9",
        paraphrase="p",
        evidence=("agents[].name", path),
    )
    pattern = rf"rule 'X-1': evidence: expected a path to a model field, found '{path}'.*{why}"
    with pytest.raises(RuleError, match=pattern.replace("[]", r"\[\]")):
        register(always_conforms)


@pytest.mark.parametrize(
    "path",
    [
        "agents[].training[].completed_on",
        "agreements[].data_handling.retention_days",
        "centre.channels[].kind",
        "interactions.agent_id",
    ],
)
def test_good_evidence_paths_are_accepted(path: str) -> None:
    registry = Registry()
    rule = registry.rule(
        basis=Basis.REQUIREMENT,
        id="X-1",
        part=Part.CENTRE,
        clause="9",
        paraphrase="p",
        evidence=(path,),
    )(always_conforms)
    assert path in rule.evidence


def test_malformed_id_and_empty_paraphrase_are_reported_together() -> None:
    with pytest.raises(RuleError, match=r"id: expected letters.*; paraphrase: expected our"):
        Registry().rule(
            basis=Basis.REQUIREMENT, id="-bad id", part=Part.CENTRE, clause="9", paraphrase="  "
        )(always_conforms)


# --- a user rule as in the Registry docstring ---------------------------------------------


def docstring_registry() -> Registry:
    mine = Registry()

    @mine.rule(
        id="X-9-reviewed",
        basis=Basis.INTERPRETATION,
        part=Part.CENTRE,
        clause="9",
        paraphrase="Every agreement has had a joint review.",
        evidence=("agreements[].last_reviewed_on",),
    )
    def reviewed(ctx):  # type: ignore[no-untyped-def]
        agreements = ctx.need(ctx.scope.agreements, "agreements")
        missing = [a.id for a in agreements if a.last_reviewed_on is None]
        if missing:
            return Outcome.does_not_conform(f"never reviewed: {', '.join(missing)}")
        return Outcome.conforms("every agreement has been reviewed", seen=len(agreements))

    return mine


def test_user_rule_registers_with_defaults() -> None:
    rule = docstring_registry().get("X-9-reviewed")
    assert (rule.part, rule.clause.number, rule.title) == (1, "9", "Client relationship")
    assert (rule.basis, rule.method) == (Basis.INTERPRETATION, CheckMethod.AUTOMATED)
    assert [c.description for c in rule.conditions] == ["the scope includes a contact centre"]


def test_user_rule_appears_in_iteration() -> None:
    assert [r.id for r in docstring_registry()] == ["X-9-reviewed"]
    assert "X-9-reviewed" in docstring_registry()


def test_user_rule_runs_in_assess() -> None:
    scope = b.with_agreement(b.conforming_scope(), last_reviewed_on=None)
    found = assess(scope, as_of=AS_OF, registry=docstring_registry())
    assert [f.rule_id for f in found.findings] == ["X-9-reviewed"]
    assert found.findings[0].status is Status.DOES_NOT_CONFORM
    assert found.findings[0].reason == "never reviewed: agr-acme"


def test_iteration_follows_clause_order_then_id() -> None:
    registry = Registry()
    for rule_id, clause in [("Z", "9"), ("C", "8.5"), ("A", "4.4"), ("B", "8.5")]:
        registry.rule(
            basis=Basis.REQUIREMENT, id=rule_id, part=Part.CENTRE, clause=clause, paraphrase="p"
        )(always_conforms)
    registry.rule(
        basis=Basis.REQUIREMENT, id="P2", part=Part.CLIENT, clause="4.1", paraphrase="p"
    )(always_conforms)
    # Part 1 before part 2; 4.4 < 8.5 < 9; ties by id (B before C).
    assert [r.id for r in registry] == ["A", "B", "C", "Z", "P2"]


# --- update, get --------------------------------------------------------------------------


def test_update_merges_rules_of_another_registry() -> None:
    mine = make_registry("X-9-one")
    mine.update(make_registry("X-9-two", "X-9-three"))
    assert sorted(r.id for r in mine) == ["X-9-one", "X-9-three", "X-9-two"]


def test_update_refuses_a_duplicate_id() -> None:
    mine = make_registry("X-9-one")
    with pytest.raises(RuleError, match=r"rule 'X-9-one': expected a new id"):
        mine.update(make_registry("X-9-one"))


def test_get_unknown_id_suggests_close_matches() -> None:
    with pytest.raises(
        UnknownIdError,
        match=r"expected the id of a rule, found 'P1-4.4-acknowledged'; "
        r"did you mean 'P1-4.4-acknowledge'",
    ):
        default_registry().get("P1-4.4-acknowledged")


def test_get_a_clause_prefix_suggests_every_rule_of_the_clause() -> None:
    with pytest.raises(UnknownIdError) as raised:
        default_registry().get("P1-4.4")
    assert raised.value.suggestions == (
        "P1-4.4-acknowledge",
        "P1-4.4-division",
        "P1-4.4-procedure",
    )


def test_a_bare_clause_number_suggests_the_rules_of_that_clause_in_both_parts() -> None:
    with pytest.raises(UnknownIdError) as raised:
        default_registry().get("6.7")
    assert raised.value.suggestions
    assert all(s.split("-")[1] == "6.7" for s in raised.value.suggestions)
    assert {s.split("-")[0] for s in raised.value.suggestions} <= {"P1", "P2"}


def test_unknown_id_error_picks_the_article_for_capitalised_kinds() -> None:
    assert str(UnknownIdError("InteractionTable column", "x", [])).startswith(
        "expected the id of an InteractionTable column"
    )


def test_unknown_id_error_is_a_key_error_with_a_plain_message() -> None:
    with pytest.raises(KeyError) as raised:
        default_registry().get("zzzz")
    assert str(raised.value) == "expected the id of a rule, found 'zzzz'"


# --- default registry ---------------------------------------------------------------------


def test_default_registry_is_a_new_object_each_call() -> None:
    first = default_registry()
    first.update(make_registry("X-9-extra"))
    second = default_registry()
    assert first is not second
    assert "X-9-extra" in first
    assert "X-9-extra" not in second
    assert len(second) == len(first) - 1


def test_default_registry_holds_the_built_in_part1_rules() -> None:
    # 4.1: 4, 4.2: 3, 4.3: 3, 4.4: 3, 4.5: 7 (20); 5.1: 1, 5.2: 2, 5.3: 3 (6); 6.1: 3,
    # 6.2: 1, 6.3.1: 3, 6.3.2-6.3.4: 1 each, 6.4: 3, 6.5: 1 (14); 7.1: 2, 7.2: 2, 7.3: 5,
    # 7.4: 3 (12); 8.1: 1, 8.2: 2, 8.3: 2, 8.4: 2, 8.5: 2 (9); 9: 6.  20+6+14+12+9+6 = 67.
    ids = [r.id for r in default_registry() if r.part == 1]
    assert len(ids) == 67
    assert all(i.startswith("P1-") for i in ids)


def test_fingerprint_changes_when_a_rule_is_added() -> None:
    registry = default_registry()
    before = registry.fingerprint()
    registry.update(make_registry("X-9-extra"))
    assert registry.fingerprint() != before
    assert default_registry().fingerprint() == before


def test_fingerprint_changes_when_a_rule_is_reworded() -> None:
    one, two = Registry(), Registry()
    one.rule(
        basis=Basis.REQUIREMENT, id="X", part=Part.CENTRE, clause="9", paraphrase="Say it one way."
    )(always_conforms)
    two.rule(
        basis=Basis.REQUIREMENT,
        id="X",
        part=Part.CENTRE,
        clause="9",
        paraphrase="Say it another way.",
    )(always_conforms)
    assert one.fingerprint() != two.fingerprint()


def test_default_registry_is_new_on_every_call_and_changing_one_changes_no_other() -> None:
    first = default_registry()
    first.update(make_registry("X-9-mine"))
    second = default_registry()
    assert second is not first
    assert "X-9-mine" in first
    assert "X-9-mine" not in second
    assert len(second) == len(first) - 1


# --- entry-point packs --------------------------------------------------------------------


def install_pack(monkeypatch: pytest.MonkeyPatch, obj: object) -> None:
    """Offer `obj` as the attribute ``pack`` of a module named by one entry point."""
    module = types.ModuleType("fake_iso18295_pack")
    module.pack = obj  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_iso18295_pack", module)
    entry_point = importlib.metadata.EntryPoint(
        name="fake", value="fake_iso18295_pack:pack", group=ENTRY_POINT_GROUP
    )
    seen: list[str] = []

    def entry_points(*, group: str) -> list[importlib.metadata.EntryPoint]:
        seen.append(group)
        return [entry_point] if group == ENTRY_POINT_GROUP else []

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_entry_point_registry_is_added(monkeypatch: pytest.MonkeyPatch) -> None:
    install_pack(monkeypatch, make_registry("X-9-from-pack"))
    registry = default_registry()
    assert "X-9-from-pack" in registry
    monkeypatch.undo()
    assert len(registry) == len(default_registry()) + 1


def test_entry_point_callable_returning_a_registry_is_called(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_pack(monkeypatch, lambda: make_registry("X-9-made"))
    assert "X-9-made" in default_registry()


def test_entry_point_that_is_not_a_registry_is_left_out_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_pack(monkeypatch, 42)
    with pytest.warns(
        RulePackWarning,
        match=r"rule pack 'fake' \(fake_iso18295_pack:pack\): expected a Registry, found int",
    ):
        registry = default_registry()
    assert len(registry) == len(default_registry(plugins=False))
    (pack,) = registry.packs
    assert pack.problem == (
        "rule pack 'fake' (fake_iso18295_pack:pack): expected a Registry, found int"
    )


def test_entry_point_callable_returning_something_else_is_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_pack(monkeypatch, lambda: ["not", "a", "registry"])
    with pytest.warns(RulePackWarning, match=r"expected a Registry, found list"):
        default_registry()


def test_entry_point_that_does_not_import_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    install_pack(monkeypatch, make_registry("X-9-from-pack"))
    monkeypatch.delattr(sys.modules["fake_iso18295_pack"], "pack")
    with pytest.warns(
        RulePackWarning, match=r"rule pack 'fake' .*could not be loaded: AttributeError raised"
    ):
        registry = default_registry()
    assert "X-9-from-pack" not in registry


def test_entry_point_factory_that_raises_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def factory() -> Registry:
        raise RuntimeError("the pack's own bug")

    install_pack(monkeypatch, factory)
    with pytest.warns(RulePackWarning, match=r"could not be loaded: RuntimeError raised"):
        (pack,) = default_registry().packs
    assert (pack.error_type, pack.error_message) == ("RuntimeError", "the pack's own bug")


def test_entry_point_reusing_a_built_in_id_keeps_the_built_in_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_pack(monkeypatch, make_registry("P1-9-review", "X-9-new"))
    with pytest.warns(RulePackWarning, match=r"reuses rule ids already taken: P1-9-review;"):
        registry = default_registry()
    built_in = default_registry(plugins=False).get("P1-9-review")
    assert registry.get("P1-9-review") is built_in
    assert "X-9-new" in registry
    (pack,) = registry.packs
    assert (pack.rule_ids, pack.collisions) == (("X-9-new",), ("P1-9-review",))


def test_default_registry_without_plugins_loads_no_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    install_pack(monkeypatch, make_registry("X-9-from-pack"))
    registry = default_registry(plugins=False)
    assert "X-9-from-pack" not in registry
    assert registry.packs == ()


# --- laziness -----------------------------------------------------------------------------


def test_import_does_not_build_the_default_registry() -> None:
    code = (
        "import sys, iso18295\n"
        "print(sorted(m for m in sys.modules if m.startswith('iso18295._rules.part1.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_default_registry_imports_the_packs_when_called() -> None:
    # The same subprocess check, positive: calling default_registry() does import them,
    # so the test above can fail.
    code = (
        "import sys, iso18295\n"
        "iso18295.default_registry()\n"
        "print('iso18295._rules.part1.complaints' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "True"


def test_registry_built_from_rules_refuses_duplicates() -> None:
    rules = list(default_registry())
    assert len(Registry(rules)) == len(rules)
    with pytest.raises(RuleError, match=r"rule 'P1-4.4-acknowledge': expected a new id"):
        Registry([*rules, default_registry().get("P1-4.4-acknowledge")])
