"""Loading interaction records from Arrow streams: the C stream protocol, polars, DuckDB, 1/0.

Every stream is compared with the table it was made from (written to Arrow
column by column by `arrow_tables.arrow_of`, not by the loaders), and row
numbers in problems are counted across the stream's batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrow_tables import arrow_of, assert_same_columns
from iso18295 import (
    InteractionTable,
    examples,
    interactions_from_arrow,
    interactions_from_dataframe,
    iter_interaction_batches,
)
from iso18295.errors import LoadError

SENTINEL = "PII-SENTINEL-7f3a"


@pytest.fixture(scope="module")
def generated() -> InteractionTable:
    """The example centre's generated month, cut to 6,000 records to stay quick."""
    table = examples.generate_interactions()
    arrow = arrow_of(table).slice(0, 6000)
    return interactions_from_arrow(arrow).table


class _Producer:
    """Anything speaking the Arrow C stream protocol, and nothing else of pyarrow's API."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._reader.__arrow_c_stream__(requested_schema)


def _reader(table: Any, rows: int) -> Any:
    pa = pytest.importorskip("pyarrow")
    return pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=rows))


def _small(answered: Any = None, **changes: Any) -> Any:
    """Ten rows; the ones named by the test are changed."""
    pa = pytest.importorskip("pyarrow")
    columns: dict[str, Any] = {
        "channel_id": pa.array(["voice"] * 10),
        "direction": pa.array(["inbound"] * 10),
        "client_id": pa.array(["acme"] * 10),
        "offered_at": pa.array(range(0, 600, 60), pa.timestamp("s", tz="UTC")),
        "wait_seconds": pa.array([5.0] * 10),
        "answered": answered if answered is not None else pa.array([1, 0] * 5, pa.int64()),
        "abandoned": pa.array([0, 1] * 5, pa.int64()),
    }
    columns.update(changes)
    return pa.table(columns)


# --- any stream ----------------------------------------------------------------------


def test_object_speaking_the_c_stream_protocol_loads(generated: InteractionTable) -> None:
    result = interactions_from_arrow(_Producer(_reader(arrow_of(generated), 1000)))
    assert result.rows_read == len(generated)
    assert_same_columns(result.table, generated)


def test_record_batch_reader_is_read_batch_by_batch_not_whole(
    generated: InteractionTable,
) -> None:
    pa = pytest.importorskip("pyarrow")
    table = arrow_of(generated)
    pulled = []

    def batches() -> Iterator[Any]:
        for batch in table.to_batches(max_chunksize=500):
            pulled.append(batch.num_rows)
            yield batch

    stream = iter_interaction_batches(
        pa.RecordBatchReader.from_batches(table.schema, batches()), batch_rows=1000
    )
    first = next(stream)
    # Two 500-row batches make the first 1,000-row part; the 6,000 rows are not all read.
    assert len(first.table) == 1000
    assert sum(pulled) <= 2000
    rest = list(stream)
    assert sum(pulled) == len(generated)
    assert [len(r.table) for r in rest] == [1000] * 5


def test_stream_loaded_whole_equals_the_table(generated: InteractionTable) -> None:
    result = interactions_from_arrow(_reader(arrow_of(generated), 777))
    assert_same_columns(result.table, generated)


def test_stream_row_numbers_count_across_batches() -> None:
    pa = pytest.importorskip("pyarrow")
    waits = pa.array([5.0] * 7 + [-1.0] + [5.0] * 2)  # row 8, in the third 3-row batch
    reader = _reader(_small(wait_seconds=waits), 3)
    with pytest.raises(LoadError, match=r"wait_seconds: .*found 1 row \(first: 8\)"):
        interactions_from_arrow(reader)
    parts = list(
        iter_interaction_batches(
            _reader(_small(wait_seconds=waits), 3), batch_rows=4, on_error="quarantine"
        )
    )
    assert [p.quarantined.row_numbers.tolist() for p in parts] == [[], [8], []]


def test_stream_whose_producer_fails_is_a_load_error_without_its_message() -> None:
    pa = pytest.importorskip("pyarrow")
    table = _small()

    def batches() -> Iterator[Any]:
        yield table.to_batches()[0]
        raise pa.ArrowInvalid(f"bad value {SENTINEL}")

    reader = pa.RecordBatchReader.from_batches(table.schema, batches())
    with pytest.raises(
        LoadError, match=r"expected a readable Arrow stream, found ArrowInvalid while reading"
    ) as caught:
        interactions_from_arrow(reader, source="feed")
    assert SENTINEL not in str(caught.value)
    assert SENTINEL in str(caught.value.__cause__)


def test_stream_with_a_column_of_the_wrong_type_is_refused_before_reading() -> None:
    pa = pytest.importorskip("pyarrow")
    reader = _reader(_small(wait_seconds=pa.array([True] * 10)), 3)
    with pytest.raises(LoadError, match=r"wait_seconds: expected numbers, found type bool"):
        next(iter_interaction_batches(reader))


@given(
    source_rows=st.integers(min_value=1, max_value=90),
    batch_rows=st.integers(min_value=1, max_value=90),
)
def test_quarantined_rows_are_the_same_whatever_the_batch_sizes(
    source_rows: int, batch_rows: int
) -> None:
    pa = pytest.importorskip("pyarrow")
    n = 80
    # Bad rows by hand: negative waits on rows 3, 4, 41; answered 2 on rows 10, 80;
    # answered and abandoned both on row 55 (rows counted from 1).
    waits = np.full(n, 5.0)
    waits[[2, 3, 40]] = -1.0
    answered = np.tile([1, 0], n // 2)
    answered[[9, 79]] = 2
    abandoned = 1 - np.tile([1, 0], n // 2)
    abandoned[54] = 1
    answered[54] = 1
    table = pa.table(
        {
            "channel_id": ["voice"] * n,
            "direction": ["inbound"] * n,
            "client_id": ["acme"] * n,
            "offered_at": pa.array(range(n), pa.timestamp("s", tz="UTC")),
            "wait_seconds": waits,
            "answered": answered,
            "abandoned": abandoned,
        }
    )
    expected = [3, 4, 10, 41, 55, 80]
    parts = list(
        iter_interaction_batches(
            _reader(table, source_rows), batch_rows=batch_rows, on_error="quarantine"
        )
    )
    assert [len(p.table) + len(p.quarantined) for p in parts[:-1]] == [batch_rows] * (
        len(parts) - 1
    )
    assert np.concatenate([p.quarantined.row_numbers for p in parts]).tolist() == expected
    whole = interactions_from_arrow(_reader(table, source_rows), on_error="quarantine")
    assert whole.quarantined.row_numbers.tolist() == expected
    assert sum(len(p.table) for p in parts) == len(whole.table) == n - len(expected)


# --- polars and DuckDB ---------------------------------------------------------------


def test_polars_lazy_frame_loads_through_the_streaming_engine(
    generated: InteractionTable,
) -> None:
    pl = pytest.importorskip("polars")
    lazy = pl.from_arrow(arrow_of(generated)).lazy()
    result = interactions_from_arrow(lazy)
    assert_same_columns(result.table, generated)
    assert interactions_from_dataframe(lazy).source == "<polars.LazyFrame>"


def test_polars_lazy_frame_query_is_run_by_the_loader() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.from_arrow(_small()).lazy()
    # Waits above 100 s are filtered out by polars: 5 of the 10 rows are set to 500 s.
    query = frame.with_columns(
        wait_seconds=pl.when(pl.int_range(pl.len()) % 2 == 0).then(500.0).otherwise(5.0)
    ).filter(pl.col("wait_seconds") < 100)
    parts = list(iter_interaction_batches(query, batch_rows=2))
    assert sum(len(p.table) for p in parts) == 5
    assert all(np.all(p.table["wait_seconds"] == 5.0) for p in parts)


def test_duckdb_relation_loads(generated: InteractionTable) -> None:
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    connection.register("calls", arrow_of(generated, dictionary=False))
    relation = connection.sql("SELECT * FROM calls")
    result = interactions_from_arrow(relation)
    assert_same_columns(result.table, generated)


def test_duckdb_query_result_counts_agree_with_duckdb() -> None:
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    connection.register("calls", _small())
    relation = connection.sql("SELECT * FROM calls WHERE answered = 1")
    table = interactions_from_arrow(relation).table
    ((count,),) = connection.execute("SELECT count(*) FROM calls WHERE answered = 1").fetchall()
    assert len(table) == count == 5
    assert table["answered"].all()


# --- booleans stored as 1 and 0 ------------------------------------------------------


def test_integer_ones_and_zeros_are_booleans() -> None:
    pa = pytest.importorskip("pyarrow")
    table = interactions_from_arrow(
        _small(transferred=pa.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 1], pa.uint8()))
    ).table
    assert table["answered"].tolist() == [True, False] * 5
    assert table["abandoned"].tolist() == [False, True] * 5
    assert np.flatnonzero(table["transferred"]).tolist() == [2, 9]


def test_other_integers_in_a_boolean_column_are_errors_naming_the_rows() -> None:
    pa = pytest.importorskip("pyarrow")
    answered = pa.array([1, 2, 1, 0, -1, 0, 1, 0, 1, 0], pa.int32())
    with pytest.raises(LoadError) as caught:
        interactions_from_arrow(_small(answered=answered))
    assert [str(p) for p in caught.value.problems] == [
        (
            "answered: expected true or false, or the integers 1 and 0, "
            "found 2 rows (first: 2, 5) with another number, such as 2"
        )
    ]
    result = interactions_from_arrow(_small(answered=answered), on_error="quarantine")
    assert result.quarantined.row_numbers.tolist() == [2, 5]


def test_null_in_an_integer_boolean_column_follows_the_column_rules() -> None:
    pa = pytest.importorskip("pyarrow")
    answered = pa.array([1, None, 1, 0, 1, 0, 1, 0, 1, 0])
    transferred = pa.array([0, 0, 0, None, 0, 0, 0, 0, 0, 0])
    with pytest.raises(LoadError) as caught:
        interactions_from_arrow(_small(answered=answered, transferred=transferred))
    assert {str(p) for p in caught.value.problems} == {
        "answered: expected a value in every row, found 1 row (first: 2) with no value",
        (
            "transferred: expected true or false in every row (the column has no 'not recorded'"
            " value), found 1 row (first: 4) with null; leave the column out (or map it to None)"
            " if it is not recorded"
        ),
    }
