"""Make ``builders.py`` importable as ``rules_builders``.

Tests run with ``--import-mode=importlib``, so sibling modules are not on
``sys.path``; test modules in other folders load the same file by path.
"""

import importlib.util
import sys
from pathlib import Path

if "rules_builders" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "rules_builders", Path(__file__).with_name("builders.py")
    )
    assert _spec is not None
    assert _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["rules_builders"] = _module
    _spec.loader.exec_module(_module)
