"""Make the oracles in ``reference.py`` importable as ``staffing_reference``.

Tests run with ``--import-mode=importlib``, so sibling modules are not on
``sys.path``; a distinct name also keeps clear of other ``reference`` modules.
"""

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "staffing_reference", Path(__file__).with_name("reference.py")
)
assert _spec is not None
assert _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
sys.modules["staffing_reference"] = _module
_spec.loader.exec_module(_module)
