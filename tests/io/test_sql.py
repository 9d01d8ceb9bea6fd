"""Loading interaction records from SQL databases through ADBC: SQLite and PostgreSQL.

SQLite files are written with the standard library's `sqlite3` (not by us),
then read through the ADBC driver.  The PostgreSQL tests need a server: `.ci/run`
starts a throwaway one, exports its URI in ``ISO18295_TEST_POSTGRES_URI`` and sets
``ISO18295_REQUIRE_POSTGRES=1``.  Without a server they skip (the README's test line
on a machine without PostgreSQL), and fail when ``.ci/run`` asked for one: there a
missing server is a broken set-up, not a reason to test less.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from arrow_tables import arrow_of, assert_same_columns
from iso18295 import (
    InteractionTable,
    examples,
    interactions_from_arrow,
    interactions_from_sql,
    iter_interaction_batches,
)
from iso18295._model.columns import INTERACTION_COLUMNS
from iso18295.errors import LoadError, MissingDependencyError

SENTINEL = "PII-SENTINEL-7f3a"
COLUMNS = "channel_id, direction, client_id, offered_at, wait_seconds, answered, abandoned"


def _sqlite_file(tmp_path: Path, answered: list[object], transferred: list[object]) -> Path:
    """Write calls the way SQLite stores them: text times, booleans as 1 and 0."""
    path = tmp_path / "calls.db"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE calls (seq INTEGER, channel_id TEXT, direction TEXT, client_id TEXT,"
            " offered_at TEXT, wait_seconds REAL, answered INTEGER, abandoned INTEGER,"
            " transferred INTEGER, customer_reference TEXT)"
        )
        db.executemany(
            "INSERT INTO calls VALUES (?, 'voice', 'inbound', 'acme', ?, 4.5, ?, ?, ?, ?)",
            [
                (i, f"2026-03-02T09:{i:02d}:00+01:00", a, 1 - a if a in (0, 1) else 0, t, SENTINEL)
                for i, (a, t) in enumerate(zip(answered, transferred, strict=True))
            ],
        )
    db.close()
    return path


# --- SQLite --------------------------------------------------------------------------


def test_sqlite_ones_and_zeros_load_as_booleans(tmp_path: Path) -> None:
    pytest.importorskip("adbc_driver_sqlite")
    path = _sqlite_file(tmp_path, [1, 0, 1, 1], [0, 1, 0, 0])
    result = interactions_from_sql(
        f"sqlite:{path}", f"SELECT {COLUMNS}, transferred FROM calls ORDER BY seq"
    )
    assert result.source == "<SQLite query>"
    assert result.table["answered"].tolist() == [True, False, True, True]
    assert result.table["abandoned"].tolist() == [False, True, False, False]
    assert result.table["transferred"].tolist() == [False, True, False, False]
    # 09:00 in +01:00 is 08:00 UTC.
    assert str(result.table["offered_at"][0]) == "2026-03-02T08:00:00.000000000"


def test_sqlite_other_integers_are_errors_naming_the_rows(tmp_path: Path) -> None:
    pytest.importorskip("adbc_driver_sqlite")
    path = _sqlite_file(tmp_path, [1, 2, 0, 1, 2, 1], [0] * 6)
    query = f"SELECT {COLUMNS} FROM calls ORDER BY seq"
    with pytest.raises(LoadError) as caught:
        interactions_from_sql(f"sqlite:{path}", query)
    assert [str(p) for p in caught.value.problems] == [
        (
            "answered: expected true or false, or the integers 1 and 0, "
            "found 2 rows (first: 2, 5) with another number, such as 2"
        )
    ]
    result = interactions_from_sql(f"sqlite:{path}", query, on_error="quarantine")
    assert result.quarantined.row_numbers.tolist() == [2, 5]


def test_executed_sqlite_adbc_cursor_loads(tmp_path: Path) -> None:
    dbapi = pytest.importorskip("adbc_driver_sqlite.dbapi")
    path = _sqlite_file(tmp_path, [1, 0, 0], [0, 0, 1])
    with dbapi.connect(str(path)) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM calls WHERE seq >= ? ORDER BY seq", (1,))
        result = interactions_from_arrow(cursor, source="calls.db")
    assert result.rows_read == 2
    assert result.table["abandoned"].tolist() == [True, True]


def test_sqlite_connection_object_stays_open_and_takes_parameters(tmp_path: Path) -> None:
    dbapi = pytest.importorskip("adbc_driver_sqlite.dbapi")
    path = _sqlite_file(tmp_path, [1, 0, 0, 1], [0] * 4)
    with dbapi.connect(str(path)) as connection:
        query = f"SELECT {COLUMNS} FROM calls WHERE answered = ? ORDER BY seq"
        assert interactions_from_sql(connection, query, parameters=(1,)).rows_read == 2
        assert interactions_from_sql(connection, query, parameters=(0,)).rows_read == 2


def test_failed_query_is_a_load_error_without_the_database_message(tmp_path: Path) -> None:
    pytest.importorskip("adbc_driver_sqlite")
    path = _sqlite_file(tmp_path, [1], [0])
    with pytest.raises(
        LoadError,
        match=r"<SQLite query>: query: expected a query the database runs, found ProgrammingError",
    ) as caught:
        interactions_from_sql(f"sqlite:{path}", f"SELECT '{SENTINEL}' FROM no_such_table")
    assert SENTINEL not in str(caught.value)
    assert "no_such_table" in str(caught.value.__cause__)


def test_personal_data_in_sql_results_is_not_echoed(tmp_path: Path) -> None:
    pytest.importorskip("adbc_driver_sqlite")
    path = _sqlite_file(tmp_path, [1, 0], [0, 0])
    # customer_reference holds the sentinel; a wrong wait names the row, never the customer.
    query = (
        "SELECT channel_id, direction, client_id, offered_at, -1.0 AS wait_seconds, answered,"
        " abandoned, customer_reference FROM calls"
    )
    with pytest.raises(LoadError, match=r"wait_seconds: .*2 rows \(first: 1, 2\)") as caught:
        interactions_from_sql(f"sqlite:{path}", query)
    assert SENTINEL not in str(caught.value)


def test_standard_library_sqlite_connection_is_refused_with_the_way_out(tmp_path: Path) -> None:
    path = _sqlite_file(tmp_path, [1], [0])
    connection = sqlite3.connect(path)
    try:
        with pytest.raises(
            LoadError,
            match=r"connection: expected a connection whose cursors return Arrow .*"
            r"found a sqlite3\.Connection; connect with an ADBC driver",
        ):
            interactions_from_sql(connection, f"SELECT {COLUMNS} FROM calls")
    finally:
        connection.close()


def test_bad_options_are_reported_together() -> None:
    with pytest.raises(LoadError, match=r"3 problems") as caught:
        interactions_from_sql("mysql://me:secret@host/db", " ", parameters="1")
    assert [p.path for p in caught.value.problems] == ["connection", "query", "parameters"]
    assert "secret" not in str(caught.value)


def test_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyarrow")
    monkeypatch.setitem(sys.modules, "adbc_driver_postgresql.dbapi", None)
    with pytest.raises(
        MissingDependencyError,
        match=r"expected adbc-driver-postgresql to be installed .* 'iso18295\[postgresql\]'",
    ):
        interactions_from_sql("postgresql://localhost/db", "SELECT 1")


# --- PostgreSQL ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_uri() -> str:
    """The test server's URI; skip without one, unless `.ci/run` required one."""
    pytest.importorskip("adbc_driver_postgresql")
    uri = os.environ.get("ISO18295_TEST_POSTGRES_URI")
    if not uri:
        reason = "ISO18295_TEST_POSTGRES_URI is not set: no PostgreSQL server (.ci/run starts one)"
        if os.environ.get("ISO18295_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"ISO18295_REQUIRE_POSTGRES=1 (set by .ci/run), but {reason}")
        pytest.skip(reason)
    return uri


@pytest.fixture
def postgres_table(postgres_uri: str) -> Iterator[tuple[str, InteractionTable]]:
    """The example's generated month written to a PostgreSQL table, dropped afterwards."""
    pa = pytest.importorskip("pyarrow")
    dbapi = pytest.importorskip("adbc_driver_postgresql.dbapi")
    table = examples.generate_interactions()
    arrow = arrow_of(table, dictionary=False)
    arrow = arrow.append_column("seq", pa.array(np.arange(len(table))))
    name = f"iso18295_calls_{uuid.uuid4().hex[:12]}"
    with dbapi.connect(postgres_uri) as connection:
        with connection.cursor() as cursor:
            cursor.adbc_ingest(name, arrow, mode="create")
        connection.commit()
        try:
            yield name, table
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {name}")
            connection.commit()


def test_postgresql_round_trip_gives_the_table_back(
    postgres_uri: str, postgres_table: tuple[str, InteractionTable]
) -> None:
    name, table = postgres_table
    names = ", ".join(c.name for c in INTERACTION_COLUMNS)
    result = interactions_from_sql(postgres_uri, f"SELECT {names} FROM {name} ORDER BY seq")
    assert result.source == "<PostgreSQL query>"
    assert result.rows_read == len(table)
    assert_same_columns(result.table, table)


def test_postgresql_cursor_streams_in_batches(
    postgres_uri: str, postgres_table: tuple[str, InteractionTable]
) -> None:
    dbapi = pytest.importorskip("adbc_driver_postgresql.dbapi")
    name, table = postgres_table
    with dbapi.connect(postgres_uri) as connection, connection.cursor() as cursor:
        cursor.execute(
            f"SELECT channel_id, direction, client_id, offered_at, wait_seconds, answered,"
            f" abandoned FROM {name} WHERE seq < $1 ORDER BY seq",
            (25_000,),
        )
        parts = list(iter_interaction_batches(cursor, batch_rows=10_000))
    assert [len(p.table) for p in parts] == [10_000, 10_000, 5_000]
    waits = np.concatenate([p.table["wait_seconds"] for p in parts])
    np.testing.assert_array_equal(waits, table["wait_seconds"][:25_000])


def test_postgresql_connection_failure_does_not_quote_the_uri(postgres_uri: str) -> None:
    bad = postgres_uri.replace("postgres@", f"{SENTINEL}:secret@", 1)
    bad = bad.replace("/postgres?", "/no_such_database?", 1)
    with pytest.raises(LoadError, match=r"connection: expected a PostgreSQL database") as caught:
        interactions_from_sql(bad, "SELECT 1")
    assert SENTINEL not in str(caught.value)
    assert "secret" not in str(caught.value)
