"""Each public object has one public home, says so, and its type hints resolve."""

from __future__ import annotations

import enum
import importlib
import inspect
import pickle
import re
import subprocess
import sys
import types
import typing

import pytest

import iso18295

SUBPACKAGES = ("errors", "examples", "kpis", "plots", "reports", "staffing")
NAMESPACE_NAMES = ["iso18295", *(f"iso18295.{name}" for name in SUBPACKAGES)]


def _namespaces() -> list[types.ModuleType]:
    return [importlib.import_module(name) for name in NAMESPACE_NAMES]


def _exports() -> list[tuple[str, str, object]]:
    return [
        (module.__name__, name, getattr(module, name))
        for module in _namespaces()
        for name in module.__all__
        if not isinstance(getattr(module, name), types.ModuleType)
    ]


def _defined_here(value: object) -> bool:
    """Classes and functions (constants and instances have no home of their own)."""
    return isinstance(value, type | types.FunctionType) or hasattr(value, "__wrapped__")


@pytest.mark.parametrize(("namespace", "name", "value"), _exports(), ids=lambda x: str(x)[:40])
def test_every_export_reports_its_public_module(namespace: str, name: str, value: object) -> None:
    if not _defined_here(value):
        return
    assert getattr(value, "__module__", None) == namespace, name
    assert getattr(value, "__qualname__", name) == name


def test_every_export_is_importable_from_exactly_one_public_namespace() -> None:
    homes: dict[int, list[str]] = {}
    for module in _namespaces():
        for name, value in vars(module).items():
            if name.startswith("_") or isinstance(value, types.ModuleType):
                continue
            if _defined_here(value) and str(getattr(value, "__module__", "")).startswith(
                "iso18295"
            ):
                homes.setdefault(id(value), []).append(f"{module.__name__}.{name}")
    twice = sorted(paths for paths in homes.values() if len(paths) > 1)
    assert not twice, f"importable from two public places: {twice}"


@pytest.mark.parametrize("module", NAMESPACE_NAMES)
def test_dir_lists_the_exports_lazy_ones_included(module: str) -> None:
    code = (
        f"import {module} as m, sys; "
        "print(sorted(dir(m)) == sorted(m.__all__), 'numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "True"
    if module == "iso18295":
        assert out[1] == "False"  # listing names does not load them


def _hinted() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for namespace, name, value in _exports():
        if isinstance(value, type):
            found.append((f"{namespace}.{name}", value))
            for attr, member in vars(value).items():
                if attr == "__init__" or not attr.startswith("_"):
                    function = member.fget if isinstance(member, property) else member
                    if isinstance(function, staticmethod | classmethod):
                        function = function.__func__
                    if inspect.isfunction(function):
                        found.append((f"{namespace}.{name}.{attr}", function))
        elif callable(value):
            found.append((f"{namespace}.{name}", value))
    return found


@pytest.mark.parametrize(("path", "value"), _hinted(), ids=lambda x: str(x)[:60])
def test_type_hints_resolve(path: str, value: object) -> None:
    typing.get_type_hints(value, include_extras=True)


def test_hints_resolve_to_the_public_classes() -> None:
    hints = typing.get_type_hints(iso18295.Scope)
    assert hints["agents"] == tuple[iso18295.Agent, ...] | None
    # An InteractionTable, or a dask DataFrame (typed as object: dask is optional).
    assert typing.get_type_hints(iso18295.assess)["interactions"] == (
        iso18295.InteractionTable | object | None
    )


def test_public_names_show_in_reprs_and_pickles() -> None:
    scope = iso18295.examples.load_example()
    assert repr(type(scope)) == "<class 'iso18295.Scope'>"
    assert pickle.loads(pickle.dumps(scope)) == scope
    table = iso18295.examples.generate_interactions(seed=1)
    assert type(table).__module__ == "iso18295"  # reached through examples, not iso18295
    with pytest.raises(iso18295.errors.LoadError) as caught:
        iso18295.load_scope_text("{", format="json")
    assert type(caught.value).__module__ == "iso18295.errors"


@pytest.mark.parametrize(("path", "value"), _hinted(), ids=lambda x: str(x)[:60])
def test_public_docstrings_name_no_private_module(path: str, value: object) -> None:
    doc = inspect.getdoc(value) or ""
    assert not re.search(r"iso18295(\.\w+)*\._[a-z]", doc), path


def test_classes_not_meant_for_subclassing_are_final() -> None:
    # Exempt: enums (final once they have members), errors and warnings (users may
    # derive their own), protocols, and the KPI families the library's KPIs derive from.
    open_classes = []
    for namespace, name, value in _exports():
        if not isinstance(value, type) or getattr(value, "__final__", False):
            continue
        if issubclass(value, enum.Enum | BaseException) or getattr(value, "_is_protocol", False):
            continue
        if value.__subclasses__() and all(
            sub.__module__.startswith("iso18295") for sub in value.__subclasses__()
        ):
            continue
        open_classes.append(f"{namespace}.{name}")
    assert not open_classes
