"""The plots, on the Agg backend: what is drawn is checked against the inputs and by hand."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import iso18295
from iso18295 import (
    Assessment,
    Comparison,
    InteractionTable,
    KpiKind,
    KpiTarget,
    Part,
    Scope,
    Status,
    assess,
    plots,
)
from iso18295.errors import MissingDependencyError, ReportError
from iso18295.kpis import Grouping, KpiResult, KpiValues, ServiceLevel, compute
from iso18295.staffing import check_plan


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _axes() -> Axes:
    return Figure().add_subplot()


def _lines(ax: Axes) -> dict[str, Line2D]:
    return {str(line.get_label()): line for line in ax.get_lines()}


def _legend(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


# --- kpi_against_target ----------------------------------------------------------------------

_DAYS = np.array(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"], dtype="datetime64[ns]")


def _hand_result(values: list[float], *, by_channel: bool = False) -> KpiResult:
    """Four days of service level, made by hand (one channel, or two of two days each)."""
    n = len(values)
    labels: dict[str, np.ndarray] = {}
    by: tuple[str, ...] = ()
    starts = _DAYS[:n]
    if by_channel:
        by = ("channel_id",)
        labels["channel_id"] = np.array(["a", "a", "b", "b"][:n], dtype=object)
        starts = np.array([_DAYS[0], _DAYS[1], _DAYS[0], _DAYS[1]][:n])
    labels["interval_start"] = starts
    labels["interval_start_utc"] = starts
    value = np.array(values)
    kpi = KpiValues(
        definition=ServiceLevel(),
        value=value,
        numerator=np.nan_to_num(value) * 10,
        denominator=np.full(n, 10),
        excluded=np.zeros(n, np.int64),
    )
    grouping = Grouping(by=by, interval="day", time_zone="Europe/Dublin")
    return KpiResult(grouping, labels, np.full(n, 10, dtype=np.int64), (kpi,))


def _service_level_target(**changes: object) -> KpiTarget:
    options: dict[str, object] = {
        "id": "sl",
        "kpi": KpiKind.SERVICE_LEVEL,
        "comparison": Comparison.AT_LEAST,
        "target": 0.8,
        "threshold_seconds": 20.0,
        **changes,
    }
    return KpiTarget(**options)  # type: ignore[arg-type]


def test_kpi_line_is_the_result_and_the_misses_are_marked_by_hand() -> None:
    # Values 0.9, 0.7, undefined, 0.85 against "at least 0.8": only day 2 (0.7) misses;
    # the undefined day is neither met nor missed.
    ax = plots.kpi_against_target(
        _hand_result([0.9, 0.7, np.nan, 0.85]), _service_level_target(), ax=_axes()
    )
    lines = _lines(ax)
    measured = lines["measured"]
    np.testing.assert_array_equal(measured.get_xdata(), _DAYS)
    np.testing.assert_array_equal(measured.get_ydata(), [0.9, 0.7, np.nan, 0.85])
    missed = lines["missed (1 interval)"]
    np.testing.assert_array_equal(missed.get_xdata(), _DAYS[[1]])
    np.testing.assert_array_equal(missed.get_ydata(), [0.7])
    target = lines["target: at least 80 %"]
    assert list(target.get_ydata()) == [0.8, 0.8]
    assert _legend(ax) == ["measured", "target: at least 80 %", "missed (1 interval)"]


def test_kpi_misses_of_an_at_most_target_are_the_values_above_it() -> None:
    # Abandonment 0.02, 0.06, 0.05, 0.09 against "at most 0.05": days 2 and 4 miss (0.05 meets).
    result = _hand_result([0.02, 0.06, 0.05, 0.09])
    target = _service_level_target(comparison=Comparison.AT_MOST, target=0.05)
    ax = plots.kpi_against_target(result, target, kpi="service_level", ax=_axes())
    missed = _lines(ax)["missed (2 intervals)"]
    np.testing.assert_array_equal(missed.get_xdata(), _DAYS[[1, 3]])
    assert "target: at most 5 %" in _legend(ax)


def test_kpi_axis_labels_title_and_percent_ticks() -> None:
    ax = plots.kpi_against_target(_hand_result([0.9, 0.7]), _service_level_target(), ax=_axes())
    assert ax.get_title() == "service level per day against target sl"
    assert ax.get_xlabel() == "interval start (day, local time in Europe/Dublin)"
    assert ax.get_ylabel() == "service level"
    assert ax.yaxis.get_major_formatter()(0.8) == "80%"


def test_kpi_of_a_time_target_is_not_shown_as_a_percentage() -> None:
    target = KpiTarget(
        id="asa", kpi=KpiKind.AVERAGE_SPEED_OF_ANSWER, comparison=Comparison.AT_MOST, target=25
    )
    ax = plots.kpi_against_target(
        _hand_result([20.0, 30.0]), target, kpi="service_level", ax=_axes()
    )
    assert "target: at most 25" in _legend(ax)
    assert ax.yaxis.get_major_formatter()(0.8) != "80%"


def test_kpi_draws_one_line_per_channel_unless_the_target_names_one() -> None:
    result = _hand_result([0.9, 0.7, 0.6, 0.95], by_channel=True)
    both = plots.kpi_against_target(result, _service_level_target(), ax=_axes())
    lines = _lines(both)
    np.testing.assert_array_equal(lines["a"].get_ydata(), [0.9, 0.7])
    np.testing.assert_array_equal(lines["b"].get_ydata(), [0.6, 0.95])
    assert "missed (2 intervals)" in lines  # a's 0.7 and b's 0.6
    one = plots.kpi_against_target(result, _service_level_target(channel_id="b"), ax=_axes())
    assert _legend(one) == ["b", "target: at least 80 %", "missed (1 interval)"]
    np.testing.assert_array_equal(_lines(one)["missed (1 interval)"].get_ydata(), [0.6])


def test_kpi_of_the_example_month_matches_pandas(
    example_scope: Scope, example_table: InteractionTable
) -> None:
    pd = pytest.importorskip("pandas")
    target = example_scope.agreements[0].kpi_targets[0]  # sl-voice: bw-voice, 80 % in 20 s
    assert (target.id, target.channel_id, target.threshold_seconds) == ("sl-voice", "bw-voice", 20)
    result = compute(
        example_table,
        [ServiceLevel(threshold_seconds=20, short_abandon_seconds=5)],
        grouping=Grouping(by=("channel_id",), interval="day", time_zone="Europe/Dublin"),
    )
    ax = plots.kpi_against_target(result, target, ax=_axes())
    line = _lines(ax)["bw-voice"]
    # Daily service level by pandas: inbound bw-voice contacts offered that day (Dublin),
    # short abandons (< 5 s) left out; answered within 20 s over the rest.
    frame = pd.DataFrame(
        {
            "channel": np.asarray(example_table.categories("channel_id"))[
                example_table["channel_id"]
            ],
            "direction": np.asarray(example_table.categories("direction"))[
                example_table["direction"]
            ],
            "offered": pd.to_datetime(example_table["offered_at"], utc=True).tz_convert(
                "Europe/Dublin"
            ),
            "wait": example_table["wait_seconds"],
            "answered": example_table["answered"],
            "abandoned": example_table["abandoned"],
        }
    )
    frame = frame[(frame.channel == "bw-voice") & (frame.direction == "inbound")]
    frame = frame[~(frame.abandoned & (frame.wait < 5))]
    frame = frame.assign(
        day=frame.offered.dt.tz_localize(None).dt.normalize(),
        met=frame.answered & (frame.wait <= 20),
    )
    daily = frame.groupby("day").met.mean()
    x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    measured = np.isin(x, daily.index.to_numpy())
    np.testing.assert_array_equal(x[measured], daily.index.to_numpy())
    np.testing.assert_allclose(y[measured], daily.to_numpy(), rtol=1e-12)
    # Voice is closed on Sundays: the line breaks (NaN) at the end of each Saturday, that is
    # at 00:00 on the Sundays of March 2026 after the first contacts (Monday 2 March).
    assert np.isnan(y[~measured]).all()
    sundays = ["2026-03-08", "2026-03-15", "2026-03-22", "2026-03-29"]
    np.testing.assert_array_equal(x[~measured], np.array(sundays, dtype="datetime64[ns]"))


def test_kpi_line_breaks_where_intervals_have_no_records() -> None:
    # Days 2, 3 and 5 March: no group on the 4th, so a NaN at the end of the 3rd breaks the line.
    labels = {
        "interval_start": _DAYS[[0, 1, 3]],
        "interval_start_utc": _DAYS[[0, 1, 3]],
    }
    value = np.array([0.9, 0.7, 0.85])
    kpi = KpiValues(
        definition=ServiceLevel(),
        value=value,
        numerator=value * 10,
        denominator=np.full(3, 10),
        excluded=np.zeros(3, np.int64),
    )
    result = KpiResult(Grouping(interval="day"), labels, np.full(3, 10, dtype=np.int64), (kpi,))
    ax = plots.kpi_against_target(result, _service_level_target(), ax=_axes())
    line = _lines(ax)["measured"]
    np.testing.assert_array_equal(line.get_xdata(), _DAYS)  # the 4th is the 3rd's end
    np.testing.assert_array_equal(line.get_ydata(), [0.9, 0.7, np.nan, 0.85])


@pytest.mark.parametrize(
    ("result", "target", "kpi", "message"),
    [
        (
            "not a result",
            _service_level_target(),
            None,
            r"kpi_against_target\(\): expected result as a KpiResult, found str",
        ),
        (
            _hand_result([0.9]),
            _service_level_target(kpi=KpiKind.ABANDONMENT_RATE, comparison=Comparison.AT_MOST),
            None,
            (
                r"expected a KpiResult with the KPI 'abandonment_rate', found 'service_level';"
                r" name the KPI to draw with kpi="
            ),
        ),
        (
            _hand_result([0.9, 0.7, 0.6, 0.95], by_channel=True),
            _service_level_target(channel_id="c"),
            None,
            r"expected groups of the target's channel 'c' in the KpiResult, found none",
        ),
        (
            _hand_result([0.9]),
            _service_level_target(),
            "aht",
            r"expected a KpiResult with the KPI 'aht', found 'service_level'$",
        ),
    ],
)
def test_kpi_bad_input_says_what_was_expected(
    result: object, target: KpiTarget, kpi: str | None, message: str
) -> None:
    with pytest.raises(ReportError, match=message):
        plots.kpi_against_target(result, target, kpi=kpi, ax=_axes())  # type: ignore[arg-type]


def test_kpi_needs_a_result_grouped_by_interval(example_table: InteractionTable) -> None:
    result = compute(example_table, [ServiceLevel()], grouping=Grouping(by=("channel_id",)))
    with pytest.raises(ReportError, match=r"expected a KpiResult grouped by interval"):
        plots.kpi_against_target(result, _service_level_target(), ax=_axes())


# --- plan_check ------------------------------------------------------------------------------


def _voice_check(scope: Scope) -> iso18295.staffing.PlanCheck:
    return check_plan(
        scope.forecasts[0], scope.staffing_plans[0], service_level_share=0.8, threshold_seconds=20
    )


def test_plan_lines_are_the_check_and_the_plan(example_scope: Scope) -> None:
    check = _voice_check(example_scope)
    plan = example_scope.staffing_plans[0]
    ax = plots.plan_check(check, plan=plan, time_zone="Europe/Dublin", ax=_axes())
    lines = _lines(ax)
    # Dublin keeps UTC until 29 March, so this week's local starts are the UTC ones.
    required = lines["required (80 % within 20 s)"]
    np.testing.assert_array_equal(required.get_xdata(), check.interval_starts)
    np.testing.assert_array_equal(required.get_ydata(), check.required_agents)
    assert required.get_drawstyle() == "steps-post"
    on_phones = lines["on the phones (after 30 % shrinkage)"]
    np.testing.assert_array_equal(on_phones.get_ydata(), check.productive_agents)
    np.testing.assert_array_equal(lines["rostered"].get_ydata(), plan.rostered_agents)


def test_plan_marks_exactly_the_short_intervals(example_scope: Scope) -> None:
    # The example's planted gap (EXAMPLE_GAPS): too few agents 10:00-11:30 on Monday 2 March.
    ax = plots.plan_check(_voice_check(example_scope), time_zone="Europe/Dublin", ax=_axes())
    short = _lines(ax)["short (3 intervals)"]
    expected = np.array(
        ["2026-03-02T10:00", "2026-03-02T10:30", "2026-03-02T11:00"], dtype="datetime64[ns]"
    )
    np.testing.assert_array_equal(short.get_xdata(), expected)
    (span,) = ax.patches  # one run of short intervals, shaded to the end of the last one
    x0, x1 = span.get_extents().transformed(ax.transData.inverted()).intervalx
    np.testing.assert_allclose(
        [x0, x1],
        mdates.date2num(np.array(["2026-03-02T10:00", "2026-03-02T11:30"], "datetime64[ns]")),
        atol=1e-6,
    )


def test_plan_labels_and_title(example_scope: Scope) -> None:
    ax = plots.plan_check(_voice_check(example_scope), ax=_axes())
    assert _legend(ax) == ["required (80 % within 20 s)", "on the phones", "short (3 intervals)"]
    assert ax.get_title() == (
        "Staffing plan plan-bw-voice-2026w10 against forecast fc-bw-voice-2026w10"
    )
    assert ax.get_xlabel() == "interval start (local time in UTC)"
    assert ax.get_ylabel() == "agents"


def test_plan_intervals_are_shown_in_local_time(example_scope: Scope) -> None:
    # New York is UTC-5 until its clocks go forward at 07:00 UTC on Sunday 8 March 2026,
    # inside the plan's week (2-8 March), and UTC-4 after.
    check = _voice_check(example_scope)
    ax = plots.plan_check(check, time_zone="America/New_York", ax=_axes())
    x = _lines(ax)["required (80 % within 20 s)"].get_xdata()
    utc = check.interval_starts.astype("datetime64[ns]")
    before = utc < np.datetime64("2026-03-08T07:00", "ns")
    assert before.any()
    assert not before.all()
    np.testing.assert_array_equal(x[before], utc[before] - np.timedelta64(5, "h"))
    np.testing.assert_array_equal(x[~before], utc[~before] - np.timedelta64(4, "h"))


def test_plan_bad_input_says_what_was_expected(example_scope: Scope) -> None:
    check = _voice_check(example_scope)
    with pytest.raises(ReportError, match=r"expected the plan checked \('plan-bw-voice-2026w10'"):
        plots.plan_check(check, plan=example_scope.staffing_plans[1], ax=_axes())
    with pytest.raises(ReportError, match=r"expected time_zone as an IANA time zone.*'Mars'"):
        plots.plan_check(check, time_zone="Mars", ax=_axes())
    with pytest.raises(ReportError, match=r"expected check as a PlanCheck, found dict"):
        plots.plan_check({}, ax=_axes())  # type: ignore[arg-type]


# --- clause_scores ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_runs() -> tuple[Assessment, Assessment]:
    scope = iso18295.examples.load_example()
    return assess(scope, as_of=date(2026, 4, 1)), assess(scope, as_of=date(2026, 3, 1))


def _by_hand(run: Assessment, part: int, clause: str) -> float:
    """The documented score, counted from the findings: (conforms + partly / 2) / decided."""
    statuses = [f.status for f in run.findings if int(f.part) == part and f.clause == clause]
    conforms = statuses.count(Status.CONFORMS)
    partly = statuses.count(Status.PARTIALLY_CONFORMS)
    decided = conforms + partly + statuses.count(Status.DOES_NOT_CONFORM)
    return (conforms + partly / 2) / decided if decided else float("nan")


def test_scores_one_line_per_assessment_oldest_first(
    two_runs: tuple[Assessment, Assessment],
) -> None:
    ax = plots.clause_scores(two_runs, ax=_axes())
    assert _legend(ax) == ["2026-03-01", "2026-04-01"]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[:4] == ["P1 4.1", "P1 4.2", "P1 4.3", "P1 4.4"]
    assert ticks[-2:] == ["P2 6.9", "P2 6.10"]  # numeric order: 6.10 after 6.9
    clauses = {(int(f.part), f.clause) for run in two_runs for f in run.findings}
    assert len(ticks) == len(clauses)
    for run in two_runs:
        line = _lines(ax)[run.as_of.isoformat()]
        expected = [_by_hand(run, int(t[1]), t.split()[1]) for t in ticks]
        np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-12)
        np.testing.assert_array_equal(line.get_xdata(), np.arange(len(ticks)))


def test_scores_move_between_the_dates(two_runs: tuple[Assessment, Assessment]) -> None:
    # Complaint CMP-2026-0108, never acknowledged, is a March complaint: clause 4.4 conforms
    # on 1 March and not on 1 April, so the two lines must differ there.
    ax = plots.clause_scores(two_runs, part=Part.CENTRE, ax=_axes())
    lines = _lines(ax)
    at = [t.get_text() for t in ax.get_xticklabels()].index("P1 4.4")
    assert lines["2026-03-01"].get_ydata()[at] == 1.0
    assert lines["2026-04-01"].get_ydata()[at] < 1.0


def test_scores_of_one_part_one_assessment(two_runs: tuple[Assessment, Assessment]) -> None:
    run = two_runs[0]
    ax = plots.clause_scores(run, part=Part.CLIENT, ax=_axes())
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert all(t.startswith("P2 ") for t in ticks)
    assert ax.get_title() == "Score by clause, Part 2"
    assert ax.get_xlabel() == "clause"
    assert ax.get_ylabel() == "score"
    assert _legend(ax) == ["2026-04-01"]
    # Client clause 6.9 (customer feedback) does not conform in April: Lumen names no one.
    assert _lines(ax)["2026-04-01"].get_ydata()[ticks.index("P2 6.9")] == 0.0


def test_scores_bad_input_says_what_was_expected(
    two_runs: tuple[Assessment, Assessment],
) -> None:
    with pytest.raises(ReportError, match=r"expected at least one Assessment, found none"):
        plots.clause_scores([], ax=_axes())
    with pytest.raises(
        ReportError, match=r"expected every item to be an Assessment, found \[1\] int"
    ):
        plots.clause_scores([two_runs[0], 3], ax=_axes())  # type: ignore[list-item]
    with pytest.raises(ReportError, match=r"expected part as a Part or None, found 3"):
        plots.clause_scores(two_runs, part=3, ax=_axes())  # type: ignore[arg-type]


# --- all plots -------------------------------------------------------------------------------


def test_without_ax_a_plot_draws_on_a_new_figure(two_runs: tuple[Assessment, Assessment]) -> None:
    before = plt.get_fignums()
    ax = plots.clause_scores(two_runs)
    assert isinstance(ax, Axes)
    assert plt.get_fignums() == [*before, ax.figure.number]  # type: ignore[union-attr]
    given = _axes()
    assert plots.clause_scores(two_runs, ax=given) is given


def test_ax_must_be_a_matplotlib_axes(two_runs: tuple[Assessment, Assessment]) -> None:
    with pytest.raises(
        ReportError, match=r"expected ax as a matplotlib Axes or None, found Figure"
    ):
        plots.clause_scores(two_runs, ax=Figure())  # type: ignore[arg-type]


def test_without_matplotlib_a_plot_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, two_runs: tuple[Assessment, Assessment]
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(
        MissingDependencyError,
        match=r"clause_scores\(\): expected matplotlib to be installed, found it missing; "
        r"install the extra: pip install 'iso18295\[plot\]'",
    ):
        plots.clause_scores(two_runs)


def test_importing_plots_does_not_import_matplotlib() -> None:
    code = "import sys, iso18295.plots; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    code = "import sys, iso18295.plots, typing; typing.get_type_hints(iso18295.plots.plan_check);"
    code += " print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"  # the probe can fail: type hints do import it
