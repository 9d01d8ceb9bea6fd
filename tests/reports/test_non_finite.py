"""Reports write numbers JSON cannot hold as null (issue #18)."""

from __future__ import annotations

import json
from datetime import date

import attrs

from iso18295 import assess, examples
from iso18295._rules.outcome import Measurement
from iso18295.reports import to_json


def test_infinite_measurement_is_written_as_null() -> None:
    assessment = assess(examples.load_example(), as_of=date(2026, 3, 2))
    first = assessment.findings[0]
    infinite = Measurement(name="speed of answer", observed=float("inf"), unit="seconds")
    broken = attrs.evolve(first, measurements=(infinite,))
    changed = attrs.evolve(assessment, findings=(broken, *assessment.findings[1:]))
    document = json.loads(to_json(changed))  # strict JSON: no Infinity token
    (written,) = (f for f in document["findings"] if f["rule_id"] == first.rule_id)
    assert written["measurements"][0]["observed"] is None
