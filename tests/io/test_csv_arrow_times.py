"""The arrow CSV engine's fast reading of times in the strict form (issue #17).

A time column written wholly as ``YYYY-MM-DDTHH:MM:SS[.f]`` with Z or
``+HH:MM`` is read by Arrow's cast; any other column goes back to the
shared rules.  Either way the outcome must be the Python engine's.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from iso18295 import load_interactions_csv
from iso18295._io._arrow_text import _strict_times

STRICT = [
    "2026-03-02T09:30:00+01:00",
    "2026-03-02T08:31:00Z",
    "2026-03-02T03:32:00.25-05:00",
    "1999-12-31T23:59:59.123456789+05:30",
    "2026-02-28T23:00:00-23:59",
]
HEADER = ["channel_id", "direction", "client_id", "offered_at", "wait_seconds", "answered"]
HEADER += ["abandoned"]


def _write(tmp_path: Path, times: list[str]) -> Path:
    path = tmp_path / "interactions.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for time in times:
            writer.writerow(["voice", "inbound", "acme", time, "5", "true", "false"])
    return path


def test_strict_times_are_read_by_arrow_as_pandas_reads_them() -> None:
    times = _strict_times(pa.array(STRICT, pa.string()))
    assert times is not None
    expected = pd.to_datetime(pd.Series(STRICT), utc=True, format="ISO8601")
    assert times.tolist() == expected.dt.tz_localize(None).to_numpy("datetime64[ns]").tolist()
    # hand-worked: 09:30 at +01:00 is 08:30 UTC; 03:32:00.25 at -05:00 is 08:32:00.25 UTC
    assert times[0] == np.datetime64("2026-03-02T08:30:00", "ns")
    assert times[2] == np.datetime64("2026-03-02T08:32:00.25", "ns")


@pytest.mark.parametrize(
    "other",
    [
        "",  # missing
        "2026-02-30T08:00:00Z",  # no such date
        "2026-03-02 08:00:00Z",  # a space, not T
        "2026-03-02t08:00:00z",  # lower case
        "2026-03-02T08:00Z",  # no seconds
        "2026-03-02T08:00:00",  # no offset
        "2026-03-02T08:00:60Z",  # a leap second
        "2026-03-02T08:00:00.1234567891Z",  # ten fraction digits
        "1600-03-02T08:00:00Z",  # outside the strict years
    ],
)
def test_any_other_form_sends_the_column_to_the_shared_rules(tmp_path: Path, other: str) -> None:
    assert _strict_times(pa.array([*STRICT, other], pa.string())) is None
    path = _write(tmp_path, [*STRICT, other])
    python, arrow = (
        load_interactions_csv(path, engine=e, time_zone="UTC", on_error="quarantine")
        for e in ("python", "arrow")
    )
    assert arrow.rows_read == python.rows_read == len(STRICT) + 1
    assert arrow.table.equals(python.table)
    assert arrow.quarantined.problems == python.quarantined.problems
    assert arrow.quarantined.row_numbers.tolist() == python.quarantined.row_numbers.tolist()


def test_both_engines_agree_on_a_strict_column(tmp_path: Path) -> None:
    path = _write(tmp_path, STRICT)
    python = load_interactions_csv(path, engine="python")
    arrow = load_interactions_csv(path, engine="arrow")
    assert arrow.table.equals(python.table)
    assert len(arrow.quarantined) == 0
    expected = pd.to_datetime(pd.Series(STRICT), utc=True, format="ISO8601")
    assert (
        arrow.table["offered_at"].tolist()
        == expected.dt.tz_localize(None).to_numpy("datetime64[ns]").tolist()
    )
