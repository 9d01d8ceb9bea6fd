"""The public surface: `__all__` is the whole promise, documented and referenced."""

from __future__ import annotations

import inspect
import re
import types
from pathlib import Path

import pytest

import iso18295
import iso18295.errors
import iso18295.examples
import iso18295.kpis
import iso18295.plots
import iso18295.reports
import iso18295.staffing

DOCS = Path(__file__).resolve().parents[1] / "docs"
SUBPACKAGES = [
    iso18295.errors,
    iso18295.examples,
    iso18295.kpis,
    iso18295.plots,
    iso18295.reports,
    iso18295.staffing,
]
SUBPACKAGE_NAMES = {"errors", "examples", "kpis", "plots", "reports", "staffing"}
NAMESPACES = [iso18295, *SUBPACKAGES]


def _public_names(module: types.ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and getattr(value, "__module__", module.__name__).startswith("iso18295")
        and name not in {"TYPE_CHECKING", "annotations"}
    }


@pytest.mark.parametrize("module", NAMESPACES, ids=lambda m: m.__name__)
def test_all_has_no_repeats(module: types.ModuleType) -> None:
    # The order (isort style: CONSTANTS, Classes, functions) is enforced by ruff's RUF022.
    names = list(module.__all__)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("module", NAMESPACES, ids=lambda m: m.__name__)
def test_every_export_resolves(module: types.ModuleType) -> None:
    for name in module.__all__:
        assert getattr(module, name) is not None, name


def test_top_level_all_lists_every_public_name() -> None:
    # Lazily loaded names are in __all__ but not yet in vars(); load them first.
    for name in iso18295.__all__:
        getattr(iso18295, name)
    public = _public_names(iso18295) | {"__version__"} | SUBPACKAGE_NAMES
    assert set(iso18295.__all__) == public


@pytest.mark.parametrize("name", iso18295.__all__)
def test_every_top_level_export_has_a_docstring(name: str) -> None:
    value = getattr(iso18295, name)
    if isinstance(value, str | int | tuple):  # constants: documented in the reference
        return
    assert inspect.getdoc(value), name


@pytest.mark.parametrize(
    ("module", "name"),
    [(m, n) for m in SUBPACKAGES for n in m.__all__],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_every_namespace_export_has_a_docstring(module: types.ModuleType, name: str) -> None:
    value = getattr(module, name)
    if isinstance(value, str | int | tuple) or type(value).__module__ == "datetime":
        return
    assert inspect.getdoc(value), name


def test_every_top_level_export_appears_in_the_reference() -> None:
    reference = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md"))
    documented = set(re.findall(r"iso18295\.([A-Za-z_0-9]+)\b", reference))
    missing = set(iso18295.__all__) - documented - {"__version__"} - SUBPACKAGE_NAMES
    assert not missing, f"not in docs/reference: {sorted(missing)}"


def test_nothing_is_exported_twice_under_different_names() -> None:
    seen: dict[int, str] = {}
    for name in iso18295.__all__:
        value = getattr(iso18295, name)
        if isinstance(value, type | types.FunctionType):
            assert id(value) not in seen, f"{name} is also exported as {seen[id(value)]}"
            seen[id(value)] = name


def test_errors_share_one_base() -> None:
    errors = [
        iso18295.errors.LoadError,
        iso18295.errors.ModelError,
        iso18295.errors.RuleError,
        iso18295.errors.CalculationError,
        iso18295.errors.ReportError,
    ]
    assert all(issubclass(e, iso18295.errors.Iso18295Error) for e in errors)
    assert issubclass(iso18295.errors.UndefinedKpiWarning, iso18295.errors.Iso18295Warning)


def test_model_classes_are_frozen() -> None:
    scope = iso18295.examples.load_example()
    with pytest.raises(AttributeError):
        scope.name = "changed"  # type: ignore[misc]


def test_the_docs_do_not_silence_references_to_private_names() -> None:
    # Nitpicky mode must see every reference: a private name in a public signature is a defect.
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    ignores = conf.split("nitpick_ignore_regex", 1)[1].split("]\n", 1)[0]
    assert "iso18295" not in ignores
