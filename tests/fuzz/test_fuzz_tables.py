"""Fuzz the interaction loaders: CSV bytes and cells, Arrow tables, Parquet files, data frames.

Whatever the input, loading gives a `LoadResult` or raises `LoadError` whose
every problem has a path (the column; the whole file only when it cannot be
read as a table at all); quarantine accounts for every row read (accepted +
quarantined); and a strict load never coerces: every accepted row's numbers
and true/false values are exactly what the cells say, by an independent parse.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.hostile import ODD_TEXT, check_load_error, check_problem
from iso18295 import (
    INTERACTION_COLUMNS,
    interactions_from_arrow,
    interactions_from_dataframe,
    load_interactions_csv,
    load_interactions_parquet,
)
from iso18295.errors import Iso18295Error

NAMES = tuple(c.name for c in INTERACTION_COLUMNS)
REQUIRED = tuple(c.name for c in INTERACTION_COLUMNS if c.required)
GOOD = {
    "channel_id": "voice",
    "direction": "inbound",
    "client_id": "acme",
    "offered_at": "2026-03-02T09:30:00+01:00",
    "wait_seconds": "5",
    "answered": "true",
    "abandoned": "false",
}

cells = st.one_of(
    st.sampled_from(
        (
            *ODD_TEXT,
            "5",
            "-5",
            "0",
            "1e308",
            "1e309",
            "inf",
            "nan",
            "1",
            "0",
            "TRUE",
            "False",
            "inbound",
            "outbound",
            "voice",
            "2026-03-02T09:30:00Z",
            "2026-03-02 09:30:00+00:00",
        )
    ),
    st.text(max_size=12),
)
headers = st.lists(
    st.one_of(st.sampled_from(NAMES), st.sampled_from(ODD_TEXT), st.text(max_size=8)),
    min_size=1,
    max_size=10,
)


def run_loader(load: object, *args: object, **kwargs: object) -> None:
    """Load strict and quarantined; check errors, reconciliation and strictness."""
    for on_error in ("strict", "quarantine"):
        try:
            result = load(*args, on_error=on_error, **kwargs)  # type: ignore[operator]
        except Iso18295Error as error:
            check_load_error(error)
            continue
        assert result.rows_read == len(result.table) + len(result.quarantined)
        for problem in result.quarantined.problems:
            check_problem(problem)


def write_csv(rows: list[list[str]]) -> bytes:
    stream = io.StringIO()
    csv.writer(stream).writerows(rows)
    return stream.getvalue().encode("utf-8", "surrogateescape")


@given(st.binary(max_size=400))
def test_random_bytes_as_csv_give_a_result_or_a_load_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.csv"
        path.write_bytes(data)
        run_loader(load_interactions_csv, path)


@given(headers, st.lists(st.lists(cells, max_size=10), max_size=6))
def test_random_header_and_cells_give_a_result_or_a_load_error(
    header: list[str], rows: list[list[str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.csv"
        try:
            path.write_bytes(write_csv([header, *rows]))
        except UnicodeEncodeError:
            return
        run_loader(load_interactions_csv, path)


def parse_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@given(
    st.lists(
        st.fixed_dictionaries({}, optional=dict.fromkeys(GOOD, cells)), min_size=1, max_size=8
    )
)
def test_strict_csv_load_never_coerces_a_cell(changes: list[dict[str, str]]) -> None:
    rows = [{**GOOD, **change} for change in changes]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.csv"
        try:
            path.write_bytes(write_csv([list(GOOD), *[list(r.values()) for r in rows]]))
        except UnicodeEncodeError:
            return
        try:
            table = load_interactions_csv(path).table
        except Iso18295Error as error:
            check_load_error(error)
            return
    assert len(table) == len(rows)
    for i, row in enumerate(rows):
        wait = parse_float(row["wait_seconds"].strip())
        assert wait is not None
        assert math.isfinite(wait)
        assert table["wait_seconds"][i] == wait
        for name in ("answered", "abandoned"):
            text = row[name].strip().lower()
            assert text in ("true", "false", "1", "0"), (name, row[name])
            assert bool(table[name][i]) is (text in ("true", "1"))


# --- Arrow, Parquet, data frames ----------------------------------------------------------

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ARROW_TYPES = (
    pa.string(),
    pa.large_string(),
    pa.int64(),
    pa.int8(),
    pa.uint64(),
    pa.float64(),
    pa.float32(),
    pa.bool_(),
    pa.timestamp("us", tz="UTC"),
    pa.timestamp("ns"),
    pa.timestamp("s", tz="Europe/Dublin"),
    pa.date32(),
    pa.dictionary(pa.int32(), pa.string()),
    pa.null(),
    pa.binary(),
    pa.list_(pa.int64()),
)


def values_for(arrow_type: object) -> st.SearchStrategy[object]:
    if (
        pa.types.is_string(arrow_type)
        or pa.types.is_large_string(arrow_type)
        or pa.types.is_dictionary(arrow_type)
    ):
        return st.none() | cells
    if pa.types.is_integer(arrow_type):
        info = np.iinfo(arrow_type.to_pandas_dtype())
        return st.none() | st.integers(min_value=int(info.min), max_value=int(info.max))
    if pa.types.is_floating(arrow_type):
        return st.none() | st.floats(width=arrow_type.bit_width)
    if pa.types.is_boolean(arrow_type):
        return st.none() | st.booleans()
    if pa.types.is_timestamp(arrow_type):
        return st.none() | st.integers(min_value=-(2**40), max_value=2**40)
    if pa.types.is_date(arrow_type):
        return st.none() | st.integers(min_value=-(10**6), max_value=10**6)
    if pa.types.is_binary(arrow_type):
        return st.none() | st.binary(max_size=8)
    if pa.types.is_list(arrow_type):
        return st.none() | st.lists(st.integers(min_value=-9, max_value=9), max_size=3)
    return st.none()


@st.composite
def arrow_tables(draw: st.DrawFn) -> object:
    n = draw(st.integers(min_value=0, max_value=6))
    names = draw(
        st.lists(
            st.one_of(
                st.sampled_from(REQUIRED), st.sampled_from(NAMES), st.sampled_from(ODD_TEXT[:8])
            ),
            min_size=1,
            max_size=10,
        )
    )
    arrays = []
    for _ in names:
        arrow_type = draw(st.sampled_from(ARROW_TYPES))
        values = draw(st.lists(values_for(arrow_type), min_size=n, max_size=n))
        try:
            if pa.types.is_timestamp(arrow_type) or pa.types.is_date(arrow_type):
                storage = pa.int64() if pa.types.is_timestamp(arrow_type) else pa.int32()
                array = pa.array(values, type=storage).cast(arrow_type)
            else:
                array = pa.array(values, type=arrow_type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, UnicodeEncodeError):
            array = pa.nulls(n)
        arrays.append(array)
    try:
        return pa.table(
            arrays,
            names=[n.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for n in names],
        )
    except pa.ArrowInvalid:
        return pa.table({"channel_id": pa.nulls(n)})


@given(arrow_tables())
def test_random_arrow_table_gives_a_result_or_a_load_error(table: object) -> None:
    run_loader(interactions_from_arrow, table)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(arrow_tables())
def test_random_parquet_file_gives_a_result_or_a_load_error(table: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.parquet"
        try:
            pq.write_table(table, path)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return
        run_loader(load_interactions_parquet, path)


@given(arrow_tables())
def test_random_data_frame_gives_a_result_or_a_load_error(table: object) -> None:
    pytest.importorskip("pandas")
    try:
        frame = table.to_pandas()  # type: ignore[attr-defined]
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError, OverflowError):
        return
    run_loader(interactions_from_dataframe, frame)
