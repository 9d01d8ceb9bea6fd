"""Interaction records from SQL databases: run a query, read its result as an Arrow stream.

A connection is given as a URI (PostgreSQL or SQLite, through their ADBC
drivers, imported only here and only when used) or as an open DB-API
connection whose cursors return Arrow (``fetch_record_batch()``: every ADBC
driver, DuckDB).  The query's result is then read like any Arrow stream
(`_arrow.open_arrow`), batch by batch.  Messages never quote the URI (it may
hold a password) nor the database's own message (it may quote values): the
database's exception is the `LoadError`'s cause.
"""

from __future__ import annotations

import contextlib
import importlib
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from ..errors import LoadError, MissingDependencyError, Problem
from ._arrow import reading_errors, result_reader
from ._arrow_types import import_pyarrow

# URI scheme -> (ADBC driver module, extra that installs it, what the database is called)
_DRIVERS: Final = {
    "postgresql": ("adbc_driver_postgresql", "postgresql", "PostgreSQL"),
    "postgres": ("adbc_driver_postgresql", "postgresql", "PostgreSQL"),
    "sqlite": ("adbc_driver_sqlite", "sqlite", "SQLite"),
}
# Rows per batch the SQLite driver returns (its default, 1,024, costs a conversion
# step per thousand rows).
_SQLITE_BATCH_ROWS: Final = 65_536

Parameters = Sequence[object] | Mapping[str, object] | None


def default_source(connection: object) -> str:
    """Name the input in messages: the database kind, never the URI (it may hold a password)."""
    if isinstance(connection, str):
        scheme = connection.partition(":")[0].lower()
        name = _DRIVERS[scheme][2] if scheme in _DRIVERS else "sql"
        return f"<{name} query>"
    return f"<{type(connection).__module__.split('.')[0].lstrip('_')} query>"


@contextlib.contextmanager
def query_stream(
    connection: object, query: str, parameters: Parameters, source: str
) -> Iterator[Any]:
    """Run `query` and yield its result as an executed cursor; close what was opened here.

    A URI opens (and closes) its own connection; a connection object stays
    open, only the cursor made here is closed.
    """
    problems = _option_problems(connection, query, parameters)
    if problems:
        raise LoadError(source, problems)
    pa, _ = import_pyarrow()
    opened = _connect(connection, source) if isinstance(connection, str) else None
    try:
        database = opened if opened is not None else connection
        if type(database).__module__.lstrip("_").startswith("duckdb"):
            # DuckDB streams a relation without copying; its cursors' Arrow output copies.
            yield _duckdb_relation(pa, database, query, parameters, source)
            return
        cursor = _cursor(database, source)
        try:
            errors = _database_errors(pa)
            try:
                if opened is not None and typing.cast("str", connection).startswith("sqlite"):
                    cursor.adbc_statement.set_options(
                        **{"adbc.sqlite.query.batch_rows": str(_SQLITE_BATCH_ROWS)}
                    )
                if parameters is None:
                    cursor.execute(query)
                else:
                    cursor.execute(query, parameters)
            except errors as exc:
                raise _failed(source, exc) from exc
            yield cursor
        finally:
            _close(cursor)
    finally:
        if opened is not None:
            _close(opened)


def _duckdb_relation(
    pa: Any, connection: Any, query: str, parameters: Parameters, source: str
) -> Any:
    """Run a query on a DuckDB connection; return its relation (an Arrow stream)."""
    try:
        return connection.sql(query, params=parameters)
    except _database_errors(pa) as exc:
        raise _failed(source, exc) from exc


def _failed(source: str, exc: BaseException) -> LoadError:
    """Say that the query failed, leaving the database's message (it may quote values) out."""
    return LoadError(
        source,
        [
            Problem(
                path="query",
                expected="a query the database runs",
                found=type(exc).__name__,
                hint="the database's own message is in this error's __cause__",
            )
        ],
    )


def _option_problems(connection: object, query: object, parameters: object) -> list[Problem]:
    problems = []
    if isinstance(connection, str):
        scheme = connection.partition(":")[0].lower()
        if scheme not in _DRIVERS:
            problems.append(
                Problem(
                    path="connection",
                    expected="a URI starting postgresql://, postgres:// or sqlite:",
                    found=f"a URI with scheme {scheme[:20]!r}"
                    if ":" in connection
                    else "no scheme",
                )
            )
    elif not callable(getattr(connection, "cursor", None)):
        problems.append(
            Problem(
                path="connection",
                expected="a URI or a DB-API connection",
                found=f"a {type(connection).__name__}",
            )
        )
    if not isinstance(query, str) or not query.strip():
        problems.append(Problem(path="query", expected="an SQL query", found=_kind(query)))
    if parameters is not None and (
        isinstance(parameters, str | bytes) or not isinstance(parameters, Sequence | Mapping)
    ):
        problems.append(
            Problem(
                path="parameters",
                expected="a sequence or mapping of query parameters",
                found=f"a {type(parameters).__name__}",
            )
        )
    return problems


def _kind(value: object) -> str:
    return "an empty string" if isinstance(value, str) else f"a {type(value).__name__}"


def _connect(uri: str, source: str) -> Any:
    """Open a connection for a URI with its ADBC driver, or explain how to install it."""
    scheme, _, rest = uri.partition(":")
    module, extra, database = _DRIVERS[scheme.lower()]
    try:
        driver = importlib.import_module(f"{module}.dbapi")
    except ImportError as exc:
        package = module.replace("_", "-")
        raise MissingDependencyError(
            f"interactions_from_sql(): expected {package} to be installed (to read from"
            f" {database}), found it missing; install the extra: pip install 'iso18295[{extra}]'",
            name=module,
        ) from exc
    pa, _ = import_pyarrow()
    target = rest.removeprefix("//") if database == "SQLite" else uri
    try:
        return driver.connect(target)
    except _database_errors(pa) as exc:
        raise LoadError(
            source,
            [
                Problem(
                    path="connection",
                    expected=f"a {database} database that accepts the connection",
                    found=f"{type(exc).__name__}",
                    hint="the driver's own message is in this error's __cause__",
                )
            ],
        ) from exc


def _cursor(connection: object, source: str) -> Any:
    """Return a new cursor that can return Arrow, or say which connections can."""
    cursor = typing.cast("Any", connection).cursor()
    if result_reader(cursor) is None:
        _close(cursor)
        raise LoadError(
            source,
            [
                Problem(
                    path="connection",
                    expected="a connection whose cursors return Arrow (ADBC, DuckDB)",
                    found=f"a {type(connection).__module__}.{type(connection).__name__}",
                    hint=(
                        "connect with an ADBC driver (adbc_driver_sqlite.dbapi.connect, "
                        "adbc_driver_postgresql.dbapi.connect) or pass a URI"
                    ),
                )
            ],
        )
    return cursor


def _database_errors(pa: Any) -> tuple[type[BaseException], ...]:
    """Return the DB-API errors of the drivers already imported, and Arrow's."""
    return reading_errors(pa)


def _close(resource: Any) -> None:
    close = getattr(resource, "close", None)
    if callable(close):
        close()
