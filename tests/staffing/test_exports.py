"""The public surface of iso18295.staffing: __all__, docstrings, imports."""

import ast
import sys
from pathlib import Path

import iso18295.staffing as staffing

SOURCE = Path(staffing.__file__).parent


def test_all_is_sorted_and_lists_exactly_the_public_names() -> None:
    public = {name for name in vars(staffing) if not name.startswith("_")}
    # isort style, as ruff's RUF022 wants: CONSTANTS, then Classes, then functions.
    kind = {True: 0, False: 1}
    order = sorted(staffing.__all__, key=lambda n: (kind[n.isupper()], not n[0].isupper(), n))
    assert staffing.__all__ == order
    assert set(staffing.__all__) == public


def test_every_export_has_a_numpy_docstring_with_examples() -> None:
    for name in staffing.__all__:
        if name.isupper():  # constants: documented in the reference
            continue
        doc = getattr(staffing, name).__doc__
        assert doc, name
        assert "Examples\n    --------" in doc, name


def test_formula_modules_import_only_numpy_stdlib_the_errors_and_the_limits() -> None:
    # The formulas know nothing of the model; only the plan check (_plan.py) reads it.
    allowed = {"numpy", "iso18295"} | set(sys.stdlib_module_names)
    for path in sorted(p for p in SOURCE.glob("*.py") if p.name != "_plan.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, (path.name, name)
                if name.startswith("iso18295"):
                    assert name in {
                        "iso18295.errors",
                        "iso18295._limits",
                        "iso18295._namespaces",
                        "iso18295._display",  # notebook displays; knows nothing of the model
                    } or name.startswith("iso18295.staffing"), (
                        path.name,
                        name,
                    )
