"""Sphinx configuration for the iso18295 documentation."""

from __future__ import annotations

import iso18295

project = "iso18295"
author = "The iso18295 developers"
copyright = "2026, the iso18295 developers"
release = iso18295.__version__
version = release

extensions = [
    # myst-nb parses the Markdown pages (with myst-parser, which it loads) and runs
    # the notebook pages (``file_format: mystnb``) during the build.
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "myst-nb", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "jupyter_execute"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Notebook pages are run at every build, in a temporary folder (a cell that saves a
# file leaves nothing in docs/), and a cell that fails fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_in_temp = True
nb_execution_timeout = 120
# Markdown that a cell displays (a report's summary) is read as MyST, tables included.
nb_render_markdown_format = "myst"

html_theme = "furo"
html_title = f"iso18295 {release}"

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {
    "members": True,
    "show-inheritance": False,
    # The Arrow PyCapsule export is public API (pyarrow, polars, DuckDB call it).
    "special-members": "__arrow_c_stream__",
}
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False

# Cross-references to the standard library and numpy cannot be resolved through
# intersphinx here (the build runs without network access), so nitpicky mode
# ignores exactly those targets and still checks every reference of our own.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|collections\.abc|typing|os|enum|pathlib)\..*"),
    (r"py:.*", r"(numpy|np|npt)(\..*)?"),
    (r"py:.*", r"(array_like|optional|default.*|callable|iterable of .*|tuple of .*)"),
    (r"py:.*", r"(str|int|float|bool|object|None|type|dict|tuple|frozenset|Any|Self)"),
    (r"py:.*", r"(ArrayLike|NDArray|float64|int64|int32|int8|bool_|intp|generic|datetime64|ns)"),
    (r"py:.*", r"(date|datetime|time|iterable|collection|mapping|sequence)"),
    # Optional dependencies' types (no intersphinx without network access).
    (r"py:.*", r"(pyarrow|pandas|polars|matplotlib|dask)\..*|RecordBatch"),
    # JSON-compatible data (a type alias of the JSON report).
    (r"py:.*", r"JsonValue"),
    (r"py:.*", r"\{.*|.*\}|\".*\"|'.*'"),
]

doctest_global_setup = "import iso18295"
# Docstring examples run under pytest (--doctest-modules) in their module's
# namespace; the Sphinx doctest builder runs only the docs' own doctest blocks.
doctest_test_doctest_blocks = ""


def _write_rules_table() -> None:
    """Generate the clause-by-clause coverage from the registry, for reference/rules.md."""
    from pathlib import Path

    from iso18295 import default_registry

    rows = default_registry().coverage()
    clauses = [r for r in rows if not r.clause.heading]
    rules = [rule for r in clauses for rule in r.rules]
    judged = sum(r.judgement for r in clauses)
    covered = sum(bool(r.rules) for r in clauses)
    summary = (
        f"{covered} of {len(clauses)} clauses (headings aside) are checked by {len(rules)} "
        f"rules: {len(rules) - judged} automated, {judged} judgement."
    )
    lines = [summary, ""]
    for part, name in ((1, "Part 1: the contact centre"), (2, "Part 2: the client")):
        lines += [f"## {name}", ""]
        for row in (r for r in rows if int(r.clause.part) == part):
            c = row.clause
            if c.heading:
                lines += [f"### {c.number} {c.title}", ""]
                continue
            lines += [f"#### {c.number} {c.title}", ""]
            if not row.rules:
                lines += ["*Not covered yet.*", ""]
                continue
            lines += [
                "| Rule | Basis | Method | Requirement (our words) | Evidence read | Thresholds |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
            for rule in row.rules:
                evidence = "<br>".join(f"`{path}`" for path in rule.evidence)
                thresholds = "<br>".join(f"`{name}`" for name in rule.parameters) or "none"
                lines.append(
                    f"| `{rule.id}` | {rule.basis.value} | {rule.method.value} "
                    f"| {rule.paraphrase} | {evidence} | {thresholds} |"
                )
            lines.append("")
    out = Path(__file__).parent / "reference" / "_generated" / "rules-table.md"
    out.parent.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")


_write_rules_table()
exclude_patterns.append("reference/_generated")


def _public_bases(app: object, name: str, obj: object, options: object, bases: list[type]) -> None:
    """Show a class's public bases: a private base gives way to its own bases, in turn."""

    def public(base: type) -> list[type]:
        private = base.__name__.startswith("_") or any(
            part.startswith("_") for part in base.__module__.split(".")[1:]
        )
        if not private or base.__module__ == "builtins":
            return [base]
        return [b for parent in base.__bases__ for b in public(parent)]

    shown = list(dict.fromkeys(b for base in bases for b in public(base)))
    bases[:] = shown


def _type_variable_as_text(app: object, env: object, node: object, contnode: object) -> object:
    """Show a type variable (``T``) by its name: it has no page of its own to link to."""
    import importlib
    import typing

    target = getattr(node, "get", lambda key, default=None: default)("reftarget", "")
    module, _, name = str(target).rpartition(".")
    if not module.startswith("iso18295"):
        return None
    try:
        value = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return contnode if isinstance(value, typing.TypeVar) else None


def setup(app: object) -> None:
    """Connect the hooks above."""
    app.connect("autodoc-process-bases", _public_bases)  # type: ignore[attr-defined]
    app.connect("missing-reference", _type_variable_as_text)  # type: ignore[attr-defined]
