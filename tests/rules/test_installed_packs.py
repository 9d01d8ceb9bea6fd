"""Installed rule packs that break or collide cannot take an assessment down (issue #18).

The packs are real: a ``*.dist-info`` directory with ``entry_points.txt`` on
``sys.path``, found through `importlib.metadata` as an installed package is.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

import builders as b
from iso18295 import Status, assess, default_registry, reports
from iso18295._cli import main
from iso18295.errors import RulePackWarning

MODULES = ("broken_iso18295_pack", "colliding_iso18295_pack", "good_iso18295_pack")

BROKEN = """
raise RuntimeError("pack import failed for customer Ann Sentinel")
"""

COLLIDING = """
from iso18295 import Basis, Outcome, Part, Registry

pack = Registry(part=Part.CENTRE, clause="9")

@pack.rule(id="P1-9-review", basis=Basis.REQUIREMENT, paraphrase="An impostor.")
def impostor(ctx):
    return Outcome.does_not_conform("the impostor ran")
"""

GOOD = """
from iso18295 import Basis, Outcome, Part, Registry

pack = Registry(part=Part.CENTRE, clause="9")

@pack.rule(id="ACME-9-extra", basis=Basis.INTERPRETATION, paraphrase="An extra check.")
def extra(ctx):
    return Outcome.needs_review("look")
"""


def install(site: Path, dist: str, version: str, entry: str, module: str, code: str) -> None:
    """Write `module` and a dist-info declaring it as the ``iso18295.rules`` entry `entry`."""
    (site / f"{module}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[iso18295.rules]\n{entry} = {module}:pack\n", encoding="utf-8"
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path holding installed packs; they are forgotten afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in MODULES:
        sys.modules.pop(name, None)


@pytest.fixture
def hostile(site: Path) -> Path:
    install(site, "broken-pack", "0.1", "broken", "broken_iso18295_pack", BROKEN)
    install(site, "colliding-pack", "2.0", "colliding", "colliding_iso18295_pack", COLLIDING)
    install(site, "acme-rules", "1.2", "acme", "good_iso18295_pack", GOOD)
    return site


def test_broken_and_colliding_packs_warn_naming_each_pack(hostile: Path) -> None:
    with pytest.warns(RulePackWarning) as caught:
        default_registry()
    messages = sorted(str(w.message) for w in caught)
    assert len(messages) == 2
    assert messages[0].startswith(
        "rule pack 'broken' (broken_iso18295_pack:pack, broken-pack 0.1) could not be loaded: "
        "RuntimeError raised; the assessment goes on without it"
    )
    assert messages[1].startswith(
        "rule pack 'colliding' (colliding_iso18295_pack:pack, colliding-pack 2.0) reuses rule "
        "ids already taken: P1-9-review;"
    )


def test_assessment_completes_with_error_findings_naming_the_packs(hostile: Path) -> None:
    with pytest.warns(RulePackWarning):
        registry = default_registry()
    assessment = assess(b.conforming_scope(), as_of=b.AS_OF, registry=registry)
    broken = assessment.finding("pack:broken")
    colliding = assessment.finding("pack:colliding")
    assert broken.status is colliding.status is Status.ERROR
    assert "broken-pack 0.1" in (broken.error or "")
    assert broken.error_type == "RuntimeError"
    assert "colliding-pack 2.0" in (colliding.error or "")
    assert (colliding.part, colliding.clause) == (1, "9")  # the clause of the rule it reused
    assert (broken.part, broken.clause) == (1, "4")
    # The built-in rule ran, not the impostor; the good pack's rule ran too.
    assert assessment.finding("P1-9-review").reason != "the impostor ran"
    assert assessment.finding("ACME-9-extra").status is Status.NEEDS_REVIEW


def test_provenance_lists_every_pack_with_distribution_and_version(hostile: Path) -> None:
    with pytest.warns(RulePackWarning):
        registry = default_registry()
    assessment = assess(b.conforming_scope(), as_of=b.AS_OF, registry=registry)
    packs = {
        p.name: (p.distribution, p.version, p.rule_ids) for p in assessment.provenance.rule_packs
    }
    assert packs == {
        "acme": ("acme-rules", "1.2", ("ACME-9-extra",)),
        "broken": ("broken-pack", "0.1", ()),
        "colliding": ("colliding-pack", "2.0", ()),
    }


def test_reports_list_the_packs_and_keep_the_packs_message_out(hostile: Path) -> None:
    with pytest.warns(RulePackWarning):
        registry = default_registry()
    assessment = assess(b.conforming_scope(), as_of=b.AS_OF, registry=registry)
    markdown = reports.to_markdown(assessment)
    assert "Installed rule packs: 'acme' (good_iso18295_pack:pack, acme-rules 1.2)" in markdown
    document = json.loads(reports.to_json(assessment))
    jsonschema.validate(document, reports.json_schema())
    written = {p["name"]: p for p in document["provenance"]["rule_packs"]}
    assert written["acme"] == {
        "name": "acme",
        "target": "good_iso18295_pack:pack",
        "distribution": "acme-rules",
        "version": "1.2",
        "rules": ["ACME-9-extra"],
        "collisions": [],
        "problem": None,
    }
    assert written["colliding"]["collisions"] == ["P1-9-review"]
    for text in (markdown, reports.to_json(assessment)):
        assert "Ann Sentinel" not in text
    assert "Ann Sentinel" in reports.to_markdown(assessment, include_personal_data=True)


def test_parts_2_leaves_out_a_part_1_collision_but_not_a_broken_pack(hostile: Path) -> None:
    with pytest.warns(RulePackWarning):
        registry = default_registry()
    scope = b.conforming_scope()
    found = {
        f.rule_id: f for f in assess(scope, as_of=b.AS_OF, registry=registry, parts=[2]).findings
    }
    assert "pack:colliding" not in found
    assert (found["pack:broken"].part, found["pack:broken"].clause) == (2, "4")


def test_without_plugins_no_pack_is_loaded(hostile: Path) -> None:
    registry = default_registry(plugins=False)  # no warning: filterwarnings = error
    assert registry.packs == ()
    assessment = assess(b.conforming_scope(), as_of=b.AS_OF, registry=registry)
    assert not [f for f in assessment.findings if f.rule_id.startswith("pack:")]
    assert "broken_iso18295_pack" not in sys.modules


def test_cli_assess_goes_on_past_a_broken_pack(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.warns(RulePackWarning):
        code = main(["assess", "--example", "--format", "json"])
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    assert "pack:broken" in {f["rule_id"] for f in document["findings"]}


@pytest.mark.parametrize(
    "command", [["assess", "--example", "--no-plugins"], ["rules", "--no-plugins"]]
)
def test_cli_no_plugins_loads_no_pack(
    hostile: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "pack:" not in out
    assert "ACME-9-extra" not in out
    assert "broken_iso18295_pack" not in sys.modules


def test_cli_rules_lists_a_good_packs_rules(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.warns(RulePackWarning):
        assert main(["rules"]) == 0
    assert "ACME-9-extra" in capsys.readouterr().out
