"""`ColumnMapping`: another source's names, labels and units, for every tabular loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from iso18295 import (
    ColumnMapping,
    InteractionTable,
    interactions_from_arrow,
    interactions_from_dataframe,
    iter_interaction_batches,
    load_interactions_csv,
    load_interactions_parquet,
)
from iso18295.errors import LoadError, ModelError

# A platform-style export: its own names, labels and milliseconds.
EXPORT = """Id,Media,Dir,Client,Started,QueueMs,Answered,Abandoned,TalkMs,Agent Name
a1,PHONE,IN,acme,2026-03-02T09:00:00Z,12000,true,false,240500,Alex
a2,PHONE,IN,acme,2026-03-02T09:01:00Z,45250,false,true,,Sam
a3,WEBCHAT,OUT,acme,2026-03-02T09:02:00Z,0,true,false,60000,Kim
"""
MAPPING = ColumnMapping(
    names={
        "Id": "interaction_id",
        "Media": "channel_id",
        "Dir": "direction",
        "Client": "client_id",
        "Started": "offered_at",
        "QueueMs": "wait_seconds",
        "Answered": "answered",
        "Abandoned": "abandoned",
        "TalkMs": "talk_seconds",
        "Agent Name": None,  # personal data: ignored
    },
    values={
        "channel_id": {"PHONE": "voice", "WEBCHAT": "chat"},
        "direction": {"IN": "inbound", "OUT": "outbound"},
    },
    units={"wait_seconds": "milliseconds", "talk_seconds": "milliseconds"},
)
# The same three contacts written by hand in our terms: seconds, our labels.
EXPECTED = InteractionTable.from_columns(
    interaction_id=["a1", "a2", "a3"],
    channel_id=["voice", "voice", "chat"],
    direction=["inbound", "inbound", "outbound"],
    client_id=["acme"] * 3,
    offered_at=np.array(
        ["2026-03-02T09:00:00", "2026-03-02T09:01:00", "2026-03-02T09:02:00"],
        dtype="datetime64[ns]",
    ),
    wait_seconds=[12.0, 45.25, 0.0],
    answered=[True, False, True],
    abandoned=[False, True, False],
    talk_seconds=[240.5, np.nan, 60.0],
)


@pytest.fixture
def export_csv(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def _pandas_frame() -> Any:
    pd = pytest.importorskip("pandas")
    import io

    return pd.read_csv(io.StringIO(EXPORT), dtype={"Agent Name": str})


def test_csv_with_names_labels_and_milliseconds_matches_the_hand_written_table(
    export_csv: Path,
) -> None:
    table = load_interactions_csv(export_csv, columns=MAPPING).table
    assert table.equals(EXPECTED)


def test_arrow_parquet_and_frames_apply_the_same_mapping(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    frame = _pandas_frame()  # read by pandas, a reader we did not write
    assert interactions_from_dataframe(frame, columns=MAPPING).table.equals(EXPECTED)
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    assert interactions_from_arrow(arrow, columns=MAPPING).table.equals(EXPECTED)
    path = tmp_path / "export.parquet"
    pq.write_table(arrow, path)
    assert load_interactions_parquet(path, columns=MAPPING).table.equals(EXPECTED)
    batches = list(iter_interaction_batches(path, columns=MAPPING, batch_rows=2))
    assert [len(b.table) for b in batches] == [2, 1]
    np.testing.assert_array_equal(batches[0].table["wait_seconds"], [12.0, 45.25])
    last = batches[1].table
    assert [last.categories("direction")[c] for c in last["direction"]] == ["outbound"]


def test_a_plain_mapping_is_the_same_as_names_only(export_csv: Path) -> None:
    # Without the value mapping the labels are kept as written: the directions are bad rows.
    for columns in (dict(MAPPING.names), ColumnMapping(names=MAPPING.names)):
        with pytest.raises(LoadError, match=r"direction: expected 'inbound' or 'outbound', "
                           r"found 3 rows \(first: 1, 2, 3\) with another value"):  # fmt: skip
            load_interactions_csv(export_csv, columns=columns)


def test_labels_left_out_of_the_value_mapping_are_bad_rows_not_guesses(export_csv: Path) -> None:
    mapping = ColumnMapping(
        names=MAPPING.names,
        values={"direction": {"IN": "inbound"}},
        units=MAPPING.units,
    )
    result = load_interactions_csv(export_csv, columns=mapping, on_error="quarantine")
    assert result.quarantined.row_numbers.tolist() == [3]
    assert "'OUT'" in result.quarantined.problems[0].found
    assert result.table.categories("channel_id") == ("PHONE",)  # not mapped: kept as written


def test_unmapped_required_and_unknown_columns_are_listed(export_csv: Path) -> None:
    names = {k: v for k, v in MAPPING.names.items() if k not in ("Client", "Agent Name")}
    with pytest.raises(LoadError) as raised:
        load_interactions_csv(export_csv, columns=ColumnMapping(names=names))
    message = str(raised.value)
    assert "unknown columns ['Client', 'Agent Name']" in message
    assert "expected every required column, found none for ['client_id']" in message


def test_a_mapping_checks_itself_and_lists_every_problem() -> None:
    with pytest.raises(ModelError) as raised:
        ColumnMapping(
            values={"offered_at": {"a": "b"}, "direction": {"IN": "in"}, "nope": {}},
            units={"queue": "milliseconds", "talk_seconds": "hours"},  # type: ignore[dict-item]
        )
    paths = [p.path for p in raised.value.problems]
    assert paths == [
        "values.offered_at",
        "values.direction",
        "values.nope",
        "units.queue",
        "units.talk_seconds",
    ]
    assert "'inbound' or 'outbound'" in raised.value.problems[1].expected
