"""Arrow, pandas, polars and DuckDB read every exported type, with its own values and types.

Each exported object is read by libraries we did not write (pyarrow through the
PyCapsule stream interface, polars, DuckDB, pandas through ``to_pandas``) and the
columns they see are compared, as arrays, with the object's own columns (codes
decoded through the object's labels), row counts included.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import iso18295
from iso18295 import (
    AgentStateTable,
    InteractionTable,
    ScheduleTable,
    examples,
)
from iso18295.errors import MissingDependencyError
from iso18295.kpis import Grouping, KpiResult, Offered, ServiceLevel, compute
from iso18295.reports import FindingsTable

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")

EXPORTED = (InteractionTable, AgentStateTable, ScheduleTable, KpiResult, FindingsTable)
SENTINEL = "CUST-SENTINEL-7731"


# --- the objects, and their own columns as plain numpy arrays -----------------------------


def small_interactions() -> InteractionTable:
    """Eight contacts with every kind of missing value, and a sentinel customer reference."""
    at = np.array(
        [f"2026-03-02T09:{m:02d}" for m in (0, 1, 2, 3, 4, 5, 6, 7)], dtype="datetime64[ns]"
    )
    answered = [True, True, False, True, False, True, True, True]
    return InteractionTable.from_columns(
        channel_id=["voice", "voice", "chat", "voice", "chat", "email", "voice", "chat"],
        direction=["inbound"] * 7 + ["outbound"],
        client_id=["acme"] * 8,
        queue=["sales", None, "support", "sales", None, "support", "sales", None],
        customer_reference=[SENTINEL, None, "C-2", "C-3", None, "C-5", "C-6", "C-7"],
        offered_at=at,
        wait_seconds=[5.0, 30.0, 12.0, 0.0, 3.5, 60.0, 8.0, 0.0],
        answered=answered,
        abandoned=[not a for a in answered],
        talk_seconds=[120.0, 95.5, np.nan, 40.0, np.nan, 300.0, 61.0, 10.0],
        resolved=[1, 0, -1, 1, -1, -1, 0, 1],
        satisfaction=[5.0, np.nan, np.nan, 3.0, np.nan, np.nan, 4.0, np.nan],
    )


def kpi_result() -> KpiResult:
    grouping = Grouping(by=("channel_id",), interval="day", time_zone="Europe/Dublin")
    return compute(interactions(), [Offered(), ServiceLevel()], grouping=grouping)


_CACHE: dict[str, Any] = {}


def interactions() -> InteractionTable:
    if "interactions" not in _CACHE:
        _CACHE["interactions"] = examples.generate_interactions(seed=1)
    table: InteractionTable = _CACHE["interactions"]
    return table


def activity() -> tuple[AgentStateTable, ScheduleTable]:
    if "activity" not in _CACHE:
        _CACHE["activity"] = examples.generate_agent_activity()
    tables: tuple[AgentStateTable, ScheduleTable] = _CACHE["activity"]
    return tables


def findings_table() -> FindingsTable:
    if "assessment" not in _CACHE:
        _CACHE["assessment"] = iso18295.assess(
            examples.load_example(), as_of=examples.EXAMPLE_AS_OF
        )
    return _CACHE["assessment"].findings_table()  # type: ignore[no-any-return]


def decoded(codes: npt.NDArray[np.int32], labels: tuple[str, ...]) -> npt.NDArray[np.object_]:
    """Codes into labels, -1 as None (numpy indexing: -1 picks the appended None)."""
    return np.array([*labels, None], dtype=object)[codes]


def table_columns(table: InteractionTable | AgentStateTable | ScheduleTable) -> dict[str, Any]:
    """The table's own columns, category codes decoded, missing values as None or NaN."""
    own: dict[str, Any] = {}
    for name in table.column_names:
        if name == "customer_reference":
            continue
        values = table[name]
        if values.dtype == np.int32:
            own[name] = decoded(values, table.categories(name))  # type: ignore[arg-type]
        elif values.dtype == np.int8:  # resolved: 1, 0, -1 not recorded
            own[name] = np.where(values < 0, None, values == 1).astype(object)
        else:
            own[name] = values
    return own


def result_columns(result: KpiResult) -> dict[str, Any]:
    own = result.columns()
    own.pop("interval_start_utc")  # exported as interval_start, a zoned timestamp
    own["interval_start"] = result.labels["interval_start_utc"]
    return own


def finding_columns(table: FindingsTable) -> dict[str, Any]:
    findings = _CACHE["assessment"].findings
    return {
        "rule_id": np.array([f.rule_id for f in findings], dtype=object),
        "part": np.array([int(f.part) for f in findings]),
        "clause": np.array([f.clause for f in findings], dtype=object),
        "status": np.array([f.status.value for f in findings], dtype=object),
        "reason": np.array([f.reason for f in findings], dtype=object),
        "waiver_id": np.array([f.waiver_id for f in findings], dtype=object),
    }


CASES: dict[str, tuple[Callable[[], Any], Callable[[Any], dict[str, Any]]]] = {
    "InteractionTable": (interactions, table_columns),
    "small InteractionTable": (small_interactions, table_columns),
    "AgentStateTable": (lambda: activity()[0], table_columns),
    "ScheduleTable": (lambda: activity()[1], table_columns),
    "KpiResult": (kpi_result, result_columns),
    "FindingsTable": (findings_table, finding_columns),
}


# --- what each reader saw, as numpy arrays (its own conversions, no code of ours) ---------


def from_arrow(column: Any) -> npt.NDArray[Any]:
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(pa.string())
        kind = column.type
    if pa.types.is_timestamp(kind):
        return column.cast(pa.timestamp("ns")).to_numpy().astype("datetime64[ns]")  # type: ignore[no-any-return]
    if pa.types.is_floating(kind):
        return column.to_numpy()  # type: ignore[no-any-return] # nulls arrive as NaN
    if pa.types.is_integer(kind):
        return column.to_numpy()  # type: ignore[no-any-return]
    return np.array(column.to_pylist(), dtype=object)


def from_pandas(series: Any) -> npt.NDArray[Any]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return decoded(series.cat.codes.to_numpy(), tuple(series.cat.categories))
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()  # type: ignore[no-any-return]
    if isinstance(series.dtype, pd.BooleanDtype):
        return np.where(series.isna(), None, series.fillna(False).astype(bool)).astype(object)
    if series.dtype.kind in "fi":
        return series.to_numpy()  # type: ignore[no-any-return]
    return np.where(series.isna(), None, series.astype(object)).astype(object)


def from_polars(series: Any) -> npt.NDArray[Any]:
    if series.dtype == pl.Categorical or series.dtype == pl.String:
        return np.array(series.cast(pl.String).to_list(), dtype=object)
    if isinstance(series.dtype, pl.Datetime):
        return series.dt.epoch("ns").to_numpy().view("datetime64[ns]")  # type: ignore[no-any-return]
    if series.dtype == pl.Boolean:
        return np.array(series.to_list(), dtype=object)
    if series.dtype.is_float():
        return series.fill_null(np.nan).to_numpy()  # type: ignore[no-any-return]
    return series.to_numpy()  # type: ignore[no-any-return]


def same(seen: npt.NDArray[Any], own: npt.NDArray[Any], where: str) -> None:
    if own.dtype == np.float64:
        np.testing.assert_array_equal(seen.astype(np.float64), own, err_msg=where)
    elif own.dtype.kind == "M":
        np.testing.assert_array_equal(seen.astype("datetime64[ns]"), own, err_msg=where)
    elif own.dtype == object:
        assert seen.tolist() == own.tolist(), where
    else:
        np.testing.assert_array_equal(seen, own, err_msg=where)


@pytest.fixture(params=list(CASES), scope="module")
def case(request: pytest.FixtureRequest) -> tuple[Any, dict[str, Any]]:
    make, columns = CASES[request.param]
    obj = make()
    return obj, columns(obj)


# --- the readers ----------------------------------------------------------------------------


def test_the_list_of_exported_types_is_complete() -> None:
    # Every public class that speaks the Arrow stream protocol is tested here, and each
    # has the three conversions.
    speaking = set()
    for namespace in (iso18295, iso18295.kpis, iso18295.reports, iso18295.staffing):
        for name in namespace.__all__:
            value = getattr(namespace, name)
            if inspect.isclass(value) and hasattr(value, "__arrow_c_stream__"):
                speaking.add(value)
    assert speaking == set(EXPORTED)
    for kind in EXPORTED:
        for method in ("to_arrow", "to_pandas", "to_polars"):
            assert callable(getattr(kind, method)), (kind, method)


def test_pyarrow_reads_every_type_through_the_capsule(case: tuple[Any, dict[str, Any]]) -> None:
    obj, own = case
    table = pa.table(obj)
    assert table.num_rows == len(obj)
    assert table.schema == obj.to_arrow().schema
    for name, values in own.items():
        same(from_arrow(table.column(name)), values, name)


def test_polars_reads_every_type_through_the_capsule(case: tuple[Any, dict[str, Any]]) -> None:
    obj, own = case
    frame = pl.DataFrame(obj)
    assert frame.height == len(obj)
    for name, values in own.items():
        same(from_polars(frame[name]), values, name)
    assert obj.to_polars().equals(frame)


def test_pandas_reads_every_type_through_to_pandas(case: tuple[Any, dict[str, Any]]) -> None:
    obj, own = case
    frame = obj.to_pandas()
    assert len(frame) == len(obj)
    for name, values in own.items():
        same(from_pandas(frame[name]), values, name)


def test_duckdb_counts_and_sums_what_numpy_does(case: tuple[Any, dict[str, Any]]) -> None:
    obj, own = case
    first = next(iter(own))  # a text or label column
    x = obj  # noqa: F841 - duckdb finds the local variable by name
    rows = duckdb.sql(f'select "{first}", count(*) from x group by 1').fetchall()
    counted = dict(rows)
    labels, counts = np.unique(own[first].astype(str), return_counts=True)
    expected = dict(zip(labels.tolist(), counts.tolist(), strict=True))
    assert {str(k): v for k, v in counted.items()} == expected
    assert duckdb.sql("select count(*) from x").fetchall()[0] == (len(obj),)


def test_duckdb_sums_interaction_seconds_as_numpy_does() -> None:
    x = interactions()
    waits = x["wait_seconds"]
    talk = x["talk_seconds"]
    total_wait, total_talk, answered = duckdb.sql(
        "select sum(wait_seconds), sum(talk_seconds), count(*) filter (where answered) from x"
    ).fetchall()[0]
    assert total_wait == pytest.approx(float(waits.sum()), rel=1e-12)
    assert total_talk == pytest.approx(float(np.nansum(talk)), rel=1e-12)  # nulls skipped
    assert answered == int(x["answered"].sum())


# --- column types ---------------------------------------------------------------------------


def test_interaction_columns_have_faithful_arrow_types() -> None:
    schema = pa.table(small_interactions()).schema
    text = pa.dictionary(pa.int32(), pa.string())
    assert schema.field("channel_id").type == text
    assert schema.field("queue").type == text
    assert schema.field("offered_at").type == pa.timestamp("ns", tz="UTC")
    assert schema.field("wait_seconds").type == pa.float64()
    assert schema.field("answered").type == pa.bool_()
    assert schema.field("resolved").type == pa.bool_()
    assert not schema.field("channel_id").nullable
    assert schema.field("queue").nullable


def test_missing_values_become_nulls() -> None:
    table = small_interactions().to_arrow()
    # By hand: queue missing in rows 1, 4, 7; talk in 2, 4; resolved not recorded in 2, 4, 5.
    assert table.column("queue").null_count == 3
    assert table.column("talk_seconds").null_count == 2
    assert table.column("resolved").to_pylist() == [
        True,
        False,
        None,
        True,
        None,
        None,
        False,
        True,
    ]
    assert table.column("satisfaction").null_count == 5


def test_pandas_and_polars_types() -> None:
    frame = small_interactions().to_pandas()
    assert isinstance(frame["channel_id"].dtype, pd.CategoricalDtype)
    assert str(frame["offered_at"].dtype) == "datetime64[ns, UTC]"
    assert isinstance(frame["resolved"].dtype, pd.BooleanDtype)
    lazy = small_interactions().to_polars()
    assert lazy.schema["channel_id"] == pl.Categorical
    assert lazy.schema["offered_at"] == pl.Datetime("ns", "UTC")
    assert lazy.schema["answered"] == pl.Boolean


def test_segment_tables_have_faithful_arrow_types() -> None:
    states, schedule = activity()
    for table, kind in ((states, "state"), (schedule, "activity")):
        schema = pa.table(table).schema
        assert schema.names == ["agent_id", kind, "started_at", "ended_at"]
        assert schema.field(kind).type == pa.dictionary(pa.int32(), pa.string())
        assert schema.field("ended_at").type == pa.timestamp("ns", tz="UTC")
        assert all(not field.nullable for field in schema)


def test_kpi_result_interval_start_keeps_the_zone() -> None:
    schema = pa.table(kpi_result()).schema
    assert schema.field("interval_start").type == pa.timestamp("ns", tz="Europe/Dublin")
    assert schema.field("offered").type == pa.float64()
    assert schema.field("records").type == pa.int64()


def test_findings_table_types() -> None:
    schema = pa.table(findings_table()).schema
    assert schema.field("part").type == pa.int8()
    assert schema.field("status").type == pa.dictionary(pa.int32(), pa.string())
    assert schema.field("waiver_expires_on").type == pa.date32()
    measurement = schema.field("measurements").type.value_type
    assert [f.name for f in measurement] == [
        "name", "observed", "expected", "comparison", "unit", "numerator", "denominator",
    ]  # fmt: skip


def test_findings_table_measurements_match_the_findings() -> None:
    table = findings_table()
    findings = _CACHE["assessment"].findings
    rows = pa.table(table).column("measurements").to_pylist()
    for f, measured in zip(findings, rows, strict=True):
        observed = [m["observed"] for m in measured]
        assert np.array_equal(observed, [m.observed for m in f.measurements], equal_nan=True)
        assert [m["expected"] for m in measured] == [m.expected for m in f.measurements]
    assert any(rows), "the example has measured findings"


def test_findings_table_waiver_dates_are_dates() -> None:
    expiring = [
        f.waiver_expires_on for f in _CACHE["assessment"].findings if f.waiver_expires_on
    ] or [None]
    seen = [d for d in pa.table(findings_table()).column("waiver_expires_on").to_pylist() if d]
    assert (seen or [None]) == expiring
    assert all(isinstance(d, date) for d in seen)


def test_the_reader_may_request_a_schema() -> None:
    table = small_interactions()
    schema = table.to_arrow().schema
    wanted = schema.set(
        schema.get_field_index("offered_at"),
        pa.field("offered_at", pa.timestamp("us", tz="UTC"), nullable=False),
    )
    capsule = table.__arrow_c_stream__(wanted.__arrow_c_schema__())
    reader = pa.RecordBatchReader._import_from_c_capsule(capsule)
    read = reader.read_all()
    assert read.schema.field("offered_at").type == pa.timestamp("us", tz="UTC")
    first = read.column("offered_at")[0].as_py()
    assert first == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


# --- personal data ----------------------------------------------------------------------------


def test_customer_references_leave_only_when_asked() -> None:
    table = small_interactions()
    for exported in (pa.table(table), table.to_arrow(), pl.DataFrame(table).to_arrow()):
        assert "customer_reference" not in exported.column_names
        assert SENTINEL not in json.dumps(exported.to_pylist(), default=str)
    assert "customer_reference" not in table.to_pandas().columns
    t = table  # noqa: F841 - duckdb finds the local variable by name
    assert "customer_reference" not in duckdb.sql("select * from t").columns
    asked = table.to_arrow(include_personal_data=True).column("customer_reference")
    assert asked.to_pylist()[:2] == [SENTINEL, None]
    assert SENTINEL in table.to_pandas(include_personal_data=True)["customer_reference"].tolist()
    assert "customer_reference" in table.to_polars(include_personal_data=True).columns


def test_findings_table_leaves_personal_data_out_unless_asked() -> None:
    table = findings_table()
    findings = _CACHE["assessment"].findings
    people = {value for f in findings for e in f.evidence for _, value in e.personal}
    assert people, "the example's evidence names people"
    text = json.dumps(pa.table(table).to_pylist(), default=str)
    assert not [p for p in people if p in text]
    assert "personal_data" not in table.column_names
    asked = _CACHE["assessment"].findings_table(include_personal_data=True)
    shown = json.dumps(asked.to_arrow().column("personal_data").to_pylist())
    assert all(p in shown for p in people)
    assert repr(asked) == f"<FindingsTable: {len(findings)} findings, with personal data>"


# --- missing libraries ------------------------------------------------------------------------


def test_without_pyarrow_every_export_names_the_extra(
    case: tuple[Any, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    obj, _ = case
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    for call in (obj.to_arrow, obj.to_polars, obj.__arrow_c_stream__):
        with pytest.raises(MissingDependencyError, match=r"pip install 'iso18295\[arrow\]'"):
            call()
    with pytest.raises(ImportError, match=r"expected pyarrow to be installed"):
        obj.to_arrow()


def test_without_polars_or_pandas_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    states, _ = activity()
    monkeypatch.setitem(sys.modules, "polars", None)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"AgentStateTable.to_polars\(\).*polars"):
        states.to_polars()
    with pytest.raises(MissingDependencyError, match=r"to_pandas\(\).*pandas"):
        small_interactions().to_pandas()


def test_the_arrow_extra_declares_pyarrow() -> None:
    from importlib.metadata import requires

    declared = [r for r in requires("iso18295") or [] if r.endswith("extra == 'arrow'")]
    assert [r.split(";")[0].strip() for r in declared] == ["pyarrow>=14"]
