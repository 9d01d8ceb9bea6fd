"""The how-to "Use the results in pandas, polars and DuckDB" runs as written.

Its examples are ``pycon`` blocks (the docs build has no pyarrow, polars or
DuckDB); this test runs them, in order, with the test environment's libraries.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

HOW_TO = Path(__file__).resolve().parents[1] / "docs" / "how-to" / "use-results-in-dataframes.md"


def test_the_examples_of_the_how_to_run() -> None:
    for library in ("pyarrow", "polars", "duckdb", "pandas"):
        pytest.importorskip(library)
    blocks = re.findall(r"```pycon\n(.*?)```", HOW_TO.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 3
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, HOW_TO.name, str(HOW_TO), 0)
    output: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)
    assert runner.tries >= 15
