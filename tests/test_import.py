"""Importing the package stays light: heavy libraries load only when needed."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "pyarrow", "pandas", "polars", "dask", "matplotlib")

_PROBE = f"""
import json, sys
import iso18295
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""


def _modules_loaded_by(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_import_iso18295_loads_no_heavy_library() -> None:
    assert _modules_loaded_by(_PROBE) == []


def test_probe_notices_numpy_once_a_table_is_used() -> None:
    # The same probe, after touching InteractionTable, must see numpy: the check can fail.
    code = _PROBE.replace("import iso18295\n", "import iso18295\niso18295.InteractionTable\n")
    assert "numpy" in _modules_loaded_by(code)
