"""Results, edge cases, warnings, argument checks and conversions."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import numpy as np
import pytest

from iso18295.errors import (
    CalculationError,
    MissingDependencyError,
    UndefinedKpiWarning,
    UnknownIdError,
)
from iso18295.kpis import (
    AbandonmentRate,
    Answered,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    Grouping,
    Offered,
    Partials,
    ServiceLevel,
    accumulate,
    compute,
)
from reference.kpis import Row, table_of

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_empty_table_gives_an_empty_result_without_warning() -> None:
    result = compute(
        table_of([]),
        [Offered(), ServiceLevel()],
        grouping=Grouping(by=("channel_id",), interval="30min"),
    )
    assert len(result) == 0
    assert result["service_level"].value.shape == (0,)
    assert result.labels["interval_start"].dtype == np.dtype("datetime64[ns]")


def test_groups_without_contacts_do_not_appear() -> None:
    # Contacts at 09:00 and 11:00: the 10:00 interval is absent, not a row of zeros.
    rows = [Row(offered_at=T0 + timedelta(hours=h), wait=1, outcome="answered") for h in (0, 2)]
    result = compute(table_of(rows), [Offered()], grouping=Grouping(interval="60min"))
    assert [str(x)[11:16] for x in result.labels["interval_start"]] == ["09:00", "11:00"]


def test_no_answered_contacts_make_speed_of_answer_undefined_with_one_warning() -> None:
    # All abandoned: ASA and AHT have no answered contacts -> NaN, one warning naming both.
    rows = [Row(offered_at=T0, wait=30, outcome="abandoned") for _ in range(3)]
    with pytest.warns(UndefinedKpiWarning) as caught:
        result = compute(
            table_of(rows),
            [AverageSpeedOfAnswer(), AverageHandlingTime(), AbandonmentRate(), Answered()],
        )
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "average_speed_of_answer in 1 of 1 groups" in message
    assert "average_handling_time in 1 of 1 groups" in message
    assert math.isnan(result["average_speed_of_answer"].value[0])
    assert result["abandonment_rate"].value[0] == 1.0  # 3 / 3
    assert result["answered"].value[0] == 0.0


def test_missing_satisfaction_is_undefined_not_zero() -> None:
    rows = [
        Row(offered_at=T0, wait=1, outcome="answered", channel=c, satisfaction=s)
        for c, s in [("chat", None), ("voice", 4.0), ("voice", 2.0)]
    ]
    with pytest.warns(UndefinedKpiWarning, match=r"customer_satisfaction in 1 of 2 groups"):
        result = compute(
            table_of(rows), [CustomerSatisfaction()], grouping=Grouping(by=("channel_id",))
        )
    values = result["customer_satisfaction"].value
    assert math.isnan(values[0])
    assert values[1] == 3.0  # (4 + 2) / 2


def test_results_are_read_only() -> None:
    result = compute(table_of([Row(offered_at=T0, wait=1, outcome="answered")]), [Offered()])
    with pytest.raises(ValueError, match="read-only"):
        result["offered"].value[0] = 5
    with pytest.raises(ValueError, match="read-only"):
        result.records[0] = 5


def test_unknown_metric_name_is_an_unknown_id_error_listing_the_names() -> None:
    result = compute(table_of([Row(offered_at=T0, wait=1, outcome="answered")]), [Offered()])
    with pytest.raises(
        UnknownIdError,
        match=r"expected the id of a KPI of this KpiResult \('offered'\), found 'sl'",
    ):
        result["sl"]
    with pytest.raises(KeyError, match=r"did you mean 'offered'\?"):
        result["offerd"]


def test_columns_str_and_html() -> None:
    rows = [
        Row(offered_at=T0, wait=w, outcome="answered", channel=c)
        for w, c in [(5, "voice"), (30, "voice"), (1, "chat<script>")]
    ]
    result = compute(
        table_of(rows), [Offered(), ServiceLevel(name="sl")], grouping=Grouping(by=("channel_id",))
    )
    columns = result.columns()
    assert list(columns) == [
        "channel_id",
        "records",
        "offered",
        "offered_numerator",
        "offered_denominator",
        "offered_excluded",
        "sl",
        "sl_numerator",
        "sl_denominator",
        "sl_excluded",
    ]
    text = str(result)
    assert "voice" in text
    assert "0.5" in text
    assert result.definitions["sl"] in text

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.cells: list[str] = []

        def handle_data(self, data: str) -> None:
            self.cells.append(data)

    parser = Cells()
    parser.feed(result._repr_html_())
    assert "chat<script>" in parser.cells  # escaped in the markup, intact as text
    assert "<script>" not in result._repr_html_()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda t: compute(t, ServiceLevel()),
            (
                r"compute\(\): expected kpis as a sequence, found one ServiceLevel;"
                r" wrap it in a list"
            ),
        ),
        (lambda t: compute(t, []), r"expected kpis as a non-empty sequence"),
        (lambda t: compute(t, ["service_level"]), r"expected KPI definitions"),
        (
            lambda t: compute(t, [ServiceLevel(), ServiceLevel(threshold_seconds=30)]),
            r"expected distinct KPI names, found \['service_level'\] more than once",
        ),
        (
            lambda t: compute(t, [Offered()], grouping="channel_id"),
            r"expected grouping as a Grouping",
        ),
        (
            lambda t: compute(t, [Offered()], chunk_rows=10),
            r"chunk_rows as a whole number >= 1024",
        ),
        (lambda t: compute(t, [Offered()], threads=0), r"threads as a whole number >= 1"),
        (
            lambda t: accumulate(t, [Offered()], rows=slice(0, 5, 2)),
            r"rows as a slice with step 1",
        ),
        (lambda t: compute({"offered_at": []}, [Offered()]), r"expected an InteractionTable"),
    ],
)
def test_bad_arguments_raise_metric_error(call: object, message: str) -> None:
    table = table_of([Row(offered_at=T0, wait=1, outcome="answered")])
    with pytest.raises(CalculationError, match=message):
        call(table)  # type: ignore[operator]


def test_partials_of_different_definitions_do_not_merge() -> None:
    a = Partials.empty([ServiceLevel()])
    with pytest.raises(
        CalculationError, match=r"Partials.merge\(\): expected partials of the same"
    ):
        a.merge(Partials.empty([ServiceLevel(threshold_seconds=30)]))
    with pytest.raises(CalculationError, match="expected Partials"):
        a.merge("b")  # type: ignore[arg-type]


def test_result_names_its_definitions() -> None:
    result = compute(table_of([Row(offered_at=T0, wait=1, outcome="answered")]), [ServiceLevel()])
    assert result.kpis == (ServiceLevel(),)
    assert result.definitions["service_level"] == ServiceLevel().describe()
    assert result.grouping == Grouping()


def test_import_loads_numpy_but_no_dataframe_library() -> None:
    code = (
        "import sys, iso18295.kpis; "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'polars', 'duckdb') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_to_arrow_without_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    result = compute(table_of([Row(offered_at=T0, wait=1, outcome="answered")]), [Offered()])
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    with pytest.raises(MissingDependencyError, match=r"KpiResult.to_arrow\(\).*iso18295\[arrow\]"):
        result.to_arrow()


def test_to_pandas_without_pandas_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    result = compute(table_of([Row(offered_at=T0, wait=1, outcome="answered")]), [Offered()])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"expected pandas to be installed"):
        result.to_pandas()


def test_to_arrow_keeps_zone_and_definitions() -> None:
    pa = pytest.importorskip("pyarrow")
    rows = [Row(offered_at=T0, wait=1, outcome="answered")]
    grouping = Grouping(by=("channel_id",), interval="30min", time_zone="Europe/Dublin")
    table = compute(table_of(rows), [ServiceLevel()], grouping=grouping).to_arrow()
    assert table.schema.field("interval_start").type == pa.timestamp("ns", tz="Europe/Dublin")
    definitions = json.loads(table.schema.metadata[b"iso18295.definitions"])
    assert definitions == {"service_level": ServiceLevel().describe()}
