"""Shared test set-up: Hypothesis profiles, the strategies module, the example fixtures.

Hypothesis profiles: ``dev`` (the default, quick), ``ci`` (more examples,
failing examples printed as reproducible blobs) and ``fuzz`` (the fuzz tests of
``tests/fuzz`` run long, by ``nox -s fuzz``; the number of examples per test
comes from ``FUZZ_EXAMPLES``, default 2,000).  Choose one with the
``HYPOTHESIS_PROFILE`` environment variable.  Neither has a deadline nor the
too-slow health check: these tests check results, not speed (benchmarks/ does
that), and a busy machine must not turn a correct example into a failure.

Helpers (``strategies``, ``builders``, ``reference``) import as plain modules:
``pyproject.toml`` puts ``tests/`` on ``sys.path``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from iso18295 import examples

if TYPE_CHECKING:
    from iso18295 import InteractionTable, Scope

_UNTIMED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", _UNTIMED, max_examples=50)
settings.register_profile("ci", _UNTIMED, max_examples=100, print_blob=True)
settings.register_profile(
    "fuzz",
    _UNTIMED,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
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
