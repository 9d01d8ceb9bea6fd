"""The public surface of iso18295.kpis: __all__, docstrings, imports."""

import ast
import sys
from pathlib import Path

import iso18295.kpis as kpis

SOURCE = Path(kpis.__file__).parent


def test_all_is_sorted_and_lists_exactly_the_public_names() -> None:
    public = {name for name in vars(kpis) if not name.startswith("_")}
    assert kpis.__all__ == sorted(kpis.__all__)
    assert set(kpis.__all__) == public


def test_every_export_has_a_numpy_docstring_with_examples() -> None:
    for name in kpis.__all__:
        doc = getattr(kpis, name).__doc__
        assert doc, name
        assert "Examples\n    --------" in doc, name


def test_modules_import_only_numpy_attrs_stdlib_and_the_model() -> None:
    allowed = {"numpy", "attrs", "iso18295"} | set(sys.stdlib_module_names)
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name in {"pandas", "pyarrow"}:  # only inside KpiResult.to_pandas/to_arrow
                    assert path.name == "result.py", path.name
                    continue
                assert name.split(".")[0] in allowed, (path.name, name)


def test_modules_stay_small() -> None:
    for path in SOURCE.rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 420, path.name


def test_the_engine_never_imports_the_definitions() -> None:
    # One-way: definitions build on the engine; the engine knows no concrete KPI.
    for path in sorted((SOURCE / "_engine").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "_definitions" not in node.module, (path.name, node.module)


def test_every_definition_belongs_to_exactly_one_family() -> None:
    families = (kpis.InteractionKpi, kpis.DocumentKpi, kpis.ActivityKpi, kpis.ForecastKpi)
    definitions = [
        value
        for value in (getattr(kpis, name) for name in kpis.__all__)
        if isinstance(value, type) and issubclass(value, kpis.Kpi) and value is not kpis.Kpi
    ]
    concrete = [d for d in definitions if d not in families]
    assert len(concrete) == 34  # 16 interaction (RolledUp too), 12 document, 4 + 2
    for definition in concrete:
        assert sum(issubclass(definition, f) for f in families) == 1, definition.__name__
    assert all(issubclass(f, kpis.Kpi) for f in families)


def test_no_public_method_lowers_a_definition() -> None:
    # Lowering to counts and sums is internal: no public name exposes the private type.
    for name in kpis.__all__:
        value = getattr(kpis, name)
        if isinstance(value, type) and issubclass(value, kpis.Kpi):
            assert not hasattr(value, "lower"), name
