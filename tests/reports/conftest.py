"""The assessments every report test renders, built once per module."""

from __future__ import annotations

import pytest

from iso18295 import Assessment, assess, examples
from report_assessments import AS_OF, every_status_assessment, sentinel_scope


@pytest.fixture(scope="module")
def every_status() -> Assessment:
    return every_status_assessment()


@pytest.fixture(scope="module")
def example() -> Assessment:
    # As the main job runs it: with the example's interaction records.
    return assess(
        examples.load_example(),
        as_of=examples.EXAMPLE_AS_OF,
        interactions=examples.generate_interactions(),
    )


@pytest.fixture(scope="module")
def sentinel() -> Assessment:
    return assess(sentinel_scope(), as_of=AS_OF)
