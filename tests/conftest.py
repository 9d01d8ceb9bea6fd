"""Shared test set-up: Hypothesis profiles, the strategies module, the example fixtures.

Hypothesis profiles: ``dev`` (the default, quick) and ``ci`` (more examples, no
deadline, failing examples printed as reproducible blobs).  Choose one with the
``HYPOTHESIS_PROFILE`` environment variable.

Helpers (``strategies``, ``builders``, ``reference``) import as plain modules:
``pyproject.toml`` puts ``tests/`` on ``sys.path``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from iso18295 import examples

if TYPE_CHECKING:
    from iso18295 import InteractionTable, Scope

settings.register_profile("dev", max_examples=50)
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def example_scope() -> Scope:
    """The bundled example centre (immutable, so sharing it is safe)."""
    return examples.load_example()


@pytest.fixture(scope="session")
def example_table() -> InteractionTable:
    """March 2026's generated interaction records for the example, default seed."""
    table: InteractionTable = examples.generate_interactions()
    return table
