"""The row invariants of interaction records, as the table and the loaders run them."""

from __future__ import annotations

import numpy as np

from iso18295 import InteractionTable
from iso18295._model.row_checks import Seen, row_violations


def _arrays(**changes: object) -> dict[str, np.ndarray]:
    """Return the columns of four good rows, with `changes` applied."""
    table = InteractionTable.from_columns(
        channel_id=["voice", "chat", "voice", "email"],
        direction=["inbound", "inbound", "outbound", "inbound"],
        client_id=["acme", "acme", "acme", "zeta"],
        offered_at=np.array(
            ["2026-03-02T09:00", "2026-03-02T09:01", "2026-03-02T09:02", "2026-03-02T09:03"],
            dtype="datetime64[ns]",
        ),
        wait_seconds=[5.0, 30.0, 12.0, 0.0],
        answered=[True, True, False, True],
        abandoned=[False, False, True, False],
    )
    arrays = {name: np.array(table[name]) for name in table.column_names}
    arrays.update({k: np.asarray(v) for k, v in changes.items()})
    return arrays


def test_row_violations_finds_nothing_in_good_rows() -> None:
    assert list(row_violations(_arrays())) == []


def test_row_violations_masks_exactly_the_breaking_rows() -> None:
    arrays = _arrays(
        wait_seconds=np.array([5.0, -1.0, np.inf, 0.0]),  # rows 1 and 2 break it
        answered=np.array([True, True, False, True]),
        abandoned=np.array([True, False, True, False]),  # row 0 is both
        hold_seconds=np.array([np.nan, 0.0, -0.5, np.inf]),  # rows 2 and 3
    )
    found = {check.path: mask.tolist() for check, mask in row_violations(arrays)}
    assert found == {
        "wait_seconds": [False, True, True, False],
        "abandoned": [True, False, False, False],
        "hold_seconds": [False, False, True, True],
    }


def test_row_violations_told_of_reported_infinities_still_masks_them() -> None:
    # Only -1.0 makes the reductions look; the mask still holds the infinity (row 2).
    arrays = _arrays(wait_seconds=np.array([5.0, -1.0, np.inf, 0.0]))
    ((check, mask),) = row_violations(arrays, infinities_reported=True)
    assert (check.path, mask.tolist()) == ("wait_seconds", [False, True, True, False])
    arrays = _arrays(talk_seconds=np.array([np.inf, 1.0, np.nan, 2.0]))
    assert list(row_violations(arrays, infinities_reported=True)) == []


def test_row_violations_trust_what_the_caller_saw_and_mask_from_the_values() -> None:
    arrays = _arrays(
        offered_at=np.array(["2026-03-02T09:00", "NaT", "2026-03-02T09:02", "NaT"], "M8[ns]"),
        wait_seconds=np.array([5.0, -1.0, np.inf, 0.0]),
        talk_seconds=np.array([np.nan, -2.0, 1.0, np.inf]),
    )
    # Told the columns are clean, the checks do not read them (these ones are not).
    clean = {
        "offered_at": Seen(missing=False),
        "wait_seconds": Seen(missing=False),
        "talk_seconds": Seen(missing=True),
    }
    assert list(row_violations(arrays, seen=clean)) == []
    # Told a check is broken, the mask comes from the values themselves.
    broken = {
        "offered_at": Seen(missing=True),
        "wait_seconds": Seen(missing=False, negative=True),
        "talk_seconds": Seen(missing=True, infinite=True),
    }
    found = {check.path: mask.tolist() for check, mask in row_violations(arrays, seen=broken)}
    assert found == {
        "offered_at": [False, True, False, True],
        "wait_seconds": [False, True, True, False],
        "talk_seconds": [False, True, False, True],
    }
    # An infinity alone is no reason to look when the caller reports infinities.
    assert "talk_seconds" not in {
        check.path for check, _ in row_violations(arrays, seen=broken, infinities_reported=True)
    }
