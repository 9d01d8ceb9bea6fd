"""Every metric and option against pandas on 200,000 rows: a second algorithm at scale.

pandas re-implements each definition from its documentation with boolean
columns and ``groupby().sum()``; local time comes from pandas' own time-zone
conversion, opening hours from its weekday and time of day, repeat contacts
from ``merge_asof`` (the next strictly later contact of the same customer).
Nothing here calls iso18295 except to build the table and compute the KPIs
under test.
"""

from __future__ import annotations

import warnings
from datetime import time

import attrs
import numpy as np
import pytest

from iso18295 import INTERACTION_COLUMNS, InteractionTable, Weekday, WeeklyHours
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import (
    Abandoned,
    AbandonmentRate,
    Answered,
    AverageHandlingTime,
    AverageSpeedOfAnswer,
    CustomerSatisfaction,
    FirstContactResolution,
    Grouping,
    Kpi,
    Missed,
    NetPromoterScore,
    Offered,
    ResponseTime,
    ServiceLevel,
    TransferRate,
    compute,
)

pd = pytest.importorskip("pandas")

MISSING = "<missing>"
WEEKDAYS = frozenset(list(Weekday)[:5])
HOURS = (
    WeeklyHours(days=WEEKDAYS, opens=time(8), closes=time(20)),
    WeeklyHours(days=frozenset({Weekday.SUNDAY}), opens=time(0, 30), closes=time(2, 30)),
)

METRICS: list[Kpi] = [
    Offered(),
    Offered(direction="outbound"),
    Offered(direction="all"),
    Answered(direction="all"),
    Abandoned(),
    *(
        ServiceLevel(denominator=d, short_abandons=s)
        for d in ("offered", "answered", "answered_or_abandoned_after_threshold")
        for s in ("exclude", "met", "missed")
    ),
    ServiceLevel(short_abandon_seconds=None, threshold_seconds=30, threshold_inclusive=False),
    ServiceLevel(threshold_seconds=0.0, short_abandon_seconds=10.0, direction="all"),
    AverageSpeedOfAnswer(),
    AverageSpeedOfAnswer(direction="outbound"),
    AbandonmentRate(),
    AbandonmentRate(short_abandons="count"),
    AbandonmentRate(short_abandon_seconds=None, direction="all"),
    AbandonmentRate(short_abandon_seconds=15.0),
    AverageHandlingTime(),
    AverageHandlingTime(components=("talk",)),
    AverageHandlingTime(components=("talk", "after_contact"), direction="inbound"),
    FirstContactResolution(),
    FirstContactResolution(direction="inbound"),
    FirstContactResolution(method="repeat"),
    FirstContactResolution(method="repeat", repeat_within_days=0.5, same_queue=True),
    FirstContactResolution(method="repeat", repeat_within_days=2, repeats="all"),
    CustomerSatisfaction(),
    CustomerSatisfaction(method="top_box"),
    CustomerSatisfaction(method="top_box", top_box_minimum=5, minimum_responses=5),
    CustomerSatisfaction(minimum_responses=3, direction="inbound"),
    TransferRate(),
    TransferRate(direction="outbound"),
    ServiceLevel(denominator="answered_or_abandoned", short_abandon_seconds=10.0,
                 short_abandon_inclusive=True),
    ServiceLevel(denominator="answered_or_abandoned", short_abandon_seconds=None),
    ServiceLevel(short_call_seconds=60.0, short_abandons="missed"),
    ServiceLevel(ignore_abandons_under_seconds=5.0, short_abandon_seconds=20.0,
                 short_abandons="met", short_abandon_inclusive=True),
    ServiceLevel(ignore_abandons_under_seconds=10.0, short_abandon_seconds=20.0,
                 short_abandons="missed", short_call_seconds=30.0),
    ServiceLevel(short_call_seconds=60.0, denominator="answered_or_abandoned_after_threshold"),
    AverageSpeedOfAnswer(population="offered"),
    AverageSpeedOfAnswer(population="delayed", direction="all"),
    AbandonmentRate(short_abandons="offered_only", short_abandon_seconds=10.0),
    AbandonmentRate(denominator="answered_or_abandoned", short_abandon_inclusive=True),
    Missed(),
    Missed(short_abandon_seconds=10.0, direction="all"),
    FirstContactResolution(transfers="exclude"),
    FirstContactResolution(method="repeat", transfers="exclude"),
    NetPromoterScore(promoter_minimum=5.0, detractor_maximum=3.0),
    NetPromoterScore(promoter_minimum=4.0, detractor_maximum=1.0, minimum_responses=5),
]  # fmt: skip
NAMED = [attrs.evolve(m, name=f"m{i}") for i, m in enumerate(METRICS)]


def frame_of(table: InteractionTable) -> object:
    """The table as a pandas frame of labels (MISSING for none) and plain values."""

    def labels(name: str) -> np.ndarray:
        return np.array([*table.categories(name), MISSING], dtype=object)[table[name]]

    return pd.DataFrame(
        {
            "channel": labels("channel_id"),
            "queue": labels("queue"),
            "customer": labels("customer_reference"),
            "inbound": labels("direction") == "inbound",
            "utc": pd.to_datetime(table["offered_at"]).tz_localize("UTC"),
            "wait": table["wait_seconds"],
            "answered": table["answered"],
            "abandoned": table["abandoned"],
            "talk": table["talk_seconds"],
            "hold": table["hold_seconds"],
            "after_contact": table["after_contact_seconds"],
            "resolved": table["resolved"],
            "transferred": table["transferred"],
            "satisfaction": table["satisfaction"],
        }
    )


def repeated(frame: object, metric: FirstContactResolution) -> object:
    """Per row: whether a further contact of the customer follows within the window."""
    by = ["customer", "queue"] if metric.same_queue else ["customer"]
    left = frame[frame.customer != MISSING][[*by, "utc"]].reset_index()
    right = left if metric.repeats == "all" else left[frame.inbound.to_numpy()[left["index"]]]
    right = right.rename(columns={"utc": "next_utc"}).drop(columns="index")
    right["utc"] = right["next_utc"]
    matched = pd.merge_asof(
        left.sort_values("utc"),
        right.sort_values("utc"),
        on="utc",
        by=by,
        direction="forward",
        allow_exact_matches=False,  # a contact at the same instant is not a repeat
    )
    window = pd.Timedelta(days=metric.repeat_within_days)
    flag = (matched.next_utc - matched.utc) <= window
    out = pd.Series(np.nan, index=frame.index)  # NaN: no customer reference
    out[matched["index"].to_numpy()] = flag.to_numpy(dtype=float)
    return out


def parts(metric: Kpi, f: object) -> tuple[object, object, object]:
    """Return numerator values, denominator mask and excluded mask, in pandas."""
    scope = {"inbound": f.inbound, "outbound": ~f.inbound, "all": f.inbound | True}[
        metric.direction  # type: ignore[attr-defined]
    ]
    answered, abandoned = scope & f.answered, scope & f.abandoned
    none = scope & False
    if isinstance(metric, Offered | Answered | Abandoned):
        wanted = {Offered: scope, Answered: answered, Abandoned: abandoned}[type(metric)]
        return wanted.astype(float), None, none
    cut = getattr(metric, "short_abandon_seconds", None)
    if cut is None:
        short = none
    elif metric.short_abandon_inclusive:  # type: ignore[attr-defined]
        short = abandoned & (f.wait <= cut)
    else:
        short = abandoned & (f.wait < cut)
    if isinstance(metric, Missed):
        return (scope & ~f.answered & ~short).astype(float), None, none
    if isinstance(metric, ServiceLevel):
        t = metric.threshold_seconds
        within = f.wait <= t if metric.threshold_inclusive else f.wait < t
        regular = scope & ~short
        in_time = regular & f.answered & within
        den = {
            "offered": regular,
            "answered": regular & f.answered,
            "answered_or_abandoned": regular & (f.answered | f.abandoned),
            "answered_or_abandoned_after_threshold": (
                regular & (f.answered | (f.abandoned & ~within))
            ),
        }[metric.denominator]
        call_cut = metric.short_call_seconds
        calls = answered & (f.talk < call_cut) if call_cut is not None else none  # NaN: no
        ignore = metric.ignore_abandons_under_seconds
        if ignore is not None:  # abandons under the first cut-off count nowhere
            under = f.wait <= ignore if metric.short_abandon_inclusive else f.wait < ignore
            calls = calls | (abandoned & under)
        if metric.short_abandons == "exclude":
            return (in_time & ~calls).astype(float), den & ~calls, short | calls
        if metric.short_abandons == "met":
            return ((in_time | short) & ~calls).astype(float), (den | short) & ~calls, calls
        return (in_time & ~calls).astype(float), (den | short) & ~calls, calls
    if isinstance(metric, AverageSpeedOfAnswer):
        rows = {"answered": answered, "offered": scope, "delayed": answered & (f.wait > 0)}[
            metric.population
        ]
        return f.wait.where(rows, 0.0), rows, none
    if isinstance(metric, AbandonmentRate):
        if metric.denominator == "answered_or_abandoned":
            scope = scope & (f.answered | f.abandoned)
            short = short & scope
        if metric.short_abandons == "count":
            short = none
        if metric.short_abandons == "offered_only":
            return (scope & f.abandoned & ~short).astype(float), scope, none
        return (scope & f.abandoned & ~short).astype(float), scope & ~short, short
    if isinstance(metric, AverageHandlingTime):
        total = sum(f[c] for c in metric.components)
        ok = answered & total.notna()
        return total.where(ok, 0.0), ok, answered & total.isna()
    if isinstance(metric, FirstContactResolution):
        moved = answered & f.transferred if metric.transfers == "exclude" else none
        kept = answered & ~moved
    if isinstance(metric, FirstContactResolution) and metric.method == "repeat":
        again = repeated(f, metric)
        known = kept & again.notna()
        return (known & (again == 0.0)).astype(float), known, moved | (kept & again.isna())
    if isinstance(metric, FirstContactResolution):
        return (
            (kept & (f.resolved == 1)).astype(float),
            kept & (f.resolved != -1),
            moved | (kept & (f.resolved == -1)),
        )
    if isinstance(metric, NetPromoterScore):
        scored = scope & f.satisfaction.notna()
        promoters = scored & (f.satisfaction >= metric.promoter_minimum)
        detractors = scored & (f.satisfaction <= metric.detractor_maximum)
        return promoters.astype(float) - detractors.astype(float), scored, none
    if isinstance(metric, CustomerSatisfaction):
        scored = scope & f.satisfaction.notna()
        if metric.method == "mean":
            return f.satisfaction.where(scored, 0.0), scored, none
        return (scored & (f.satisfaction >= metric.top_box_minimum)).astype(float), scored, none
    if isinstance(metric, TransferRate):
        return (answered & f.transferred).astype(float), answered, none
    raise TypeError(metric)  # pragma: no cover - every metric above


def local_columns(f: object, grouping: Grouping) -> None:
    """Add the group columns of `grouping` to the frame, with pandas' time zones."""
    local = f.utc.dt.tz_convert(grouping.time_zone)
    wall = local.dt.tz_localize(None)
    offset = wall - f.utc.dt.tz_localize(None)
    if grouping.interval == "30min":
        f["start"] = wall.dt.floor("30min") - offset  # UTC start; Dublin changes on the hour
    elif grouping.interval == "day":
        f["start"] = (
            wall.dt.normalize().dt.tz_localize(grouping.time_zone).dt.tz_convert("UTC")
        ).dt.tz_localize(None)
    inside = pd.Series(grouping.within_hours is None, index=f.index)
    for window in grouping.within_hours or ():
        since_midnight = wall - wall.dt.normalize()
        opens = pd.Timedelta(hours=window.opens.hour, minutes=window.opens.minute)
        closes = pd.Timedelta(hours=window.closes.hour, minutes=window.closes.minute)
        days = [list(Weekday).index(d) for d in window.days]
        on_day = wall.dt.day_of_week.isin(days)
        inside |= on_day & (since_midnight >= opens) & (since_midnight < closes)
    f["inside"] = inside


GROUPINGS = [
    (Grouping(by=("channel_id",), interval="30min", time_zone="Europe/Dublin"), ["channel"]),
    (Grouping(by=("queue",), interval="day", time_zone="America/New_York"), ["queue"]),
    (
        Grouping(by=("channel_id",), interval="30min", time_zone="Europe/Dublin",
                 within_hours=HOURS),
        ["channel"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("grouping", "keys"), GROUPINGS, ids=["dublin-30min", "ny-day", "hours"])
def test_every_metric_agrees_with_pandas_groupby(
    large_table: InteractionTable, grouping: Grouping, keys: list[str]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        ours = compute(large_table, NAMED, grouping=grouping)
    f = frame_of(large_table)
    local_columns(f, grouping)
    by_column = {"channel": "channel_id", "queue": "queue"}
    got = pd.DataFrame(
        {
            **{k: [MISSING if v is None else v for v in ours.labels[by_column[k]]] for k in keys},
            "start": ours.labels["interval_start_utc"],
            "records": ours.records,
        }
    ).set_index([*keys, "start"])
    assert got.index.is_unique
    computed = {}
    for metric in NAMED:
        numerator, denominator, excluded = parts(metric, f)
        computed[f"{metric.name}_num"] = numerator
        computed[f"{metric.name}_den"] = (
            pd.Series(1, index=f.index) if denominator is None else denominator.astype(int)
        )
        computed[f"{metric.name}_exc"] = excluded.astype(int)
    columns = pd.DataFrame(computed)
    columns["records"] = 1
    inside = f.inside.to_numpy()
    expected = columns[inside].groupby([f[k][inside] for k in [*keys, "start"]]).sum()
    expected = expected.reindex(got.index)
    assert len(expected) == len(got)
    assert expected.notna().all().all()  # every group of ours is one of pandas', and back
    assert int(inside.sum()) == int(ours.records.sum())
    np.testing.assert_array_equal(got.records.to_numpy(), expected.records.to_numpy())
    for metric in NAMED:
        values = ours[metric.name]
        numerator = expected[f"{metric.name}_num"].to_numpy(dtype=float)
        denominator = expected[f"{metric.name}_den"].to_numpy()
        np.testing.assert_allclose(values.numerator, numerator, rtol=1e-12, err_msg=metric.name)
        np.testing.assert_array_equal(values.denominator, denominator, err_msg=metric.name)
        np.testing.assert_array_equal(
            values.excluded, expected[f"{metric.name}_exc"].to_numpy(), err_msg=metric.name
        )
        if isinstance(metric, Offered | Answered | Abandoned | Missed):
            value = numerator
        else:
            minimum = getattr(metric, "minimum_responses", 1)
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.where(denominator >= minimum, numerator / denominator, np.nan)
        np.testing.assert_allclose(values.value, value, rtol=1e-12, err_msg=metric.name)


def test_repeat_contacts_are_common_enough_to_test(large_table: InteractionTable) -> None:
    # The comparison above would be weak if nearly every contact were resolved or none.
    result = compute(large_table, [FirstContactResolution(method="repeat")])
    value = float(result["first_contact_resolution"].value[0])
    assert 0.2 < value < 0.8
    assert int(result["first_contact_resolution"].excluded[0]) > 1000


# --- response time, with business hours found by a second algorithm ------------------------

DUBLIN_HOURS = {"business_hours": HOURS, "time_zone": "Europe/Dublin"}
RESPONSE_METRICS = [
    ResponseTime(name="calendar_mean"),
    ResponseTime(threshold_seconds=3600.0, name="calendar_share"),
    ResponseTime(threshold_seconds=3600.0, threshold_inclusive=False, direction="all",
                 name="calendar_share_all"),
    ResponseTime(clock="business", **DUBLIN_HOURS, name="business_mean"),  # type: ignore[arg-type]
    ResponseTime(clock="business", threshold_seconds=1800.0, **DUBLIN_HOURS,  # type: ignore[arg-type]
                 name="business_share"),
]  # fmt: skip


def business_seconds(f: object, zone: str) -> object:
    """Seconds of each wait inside `HOURS`, by clipping the wait to every window occurrence.

    Each wait is repeated once per local calendar day it touches; on each day,
    each window open that weekday becomes a span of UTC instants (pandas'
    ``tz_localize`` of the local opening and closing times; no window edge of
    `HOURS` falls in an hour a clock change skips or repeats), and the wait's
    overlap with it is added.  This shares nothing with the library's
    cumulative open-time function.
    """
    start = f.utc
    end = start + pd.to_timedelta(f.wait, unit="s")
    first_day = start.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
    last_day = end.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
    spans = ((last_day - first_day).dt.days + 1).to_numpy()
    rows = np.repeat(np.arange(len(f)), spans)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(spans) - spans, spans)
    day = first_day.to_numpy()[rows] + offsets * np.timedelta64(1, "D")
    day = pd.Series(pd.DatetimeIndex(day))
    wait_start = start.dt.tz_localize(None).to_numpy()[rows]  # naive UTC, datetime64
    wait_end = end.dt.tz_localize(None).to_numpy()[rows]
    total = np.zeros(len(rows))
    for window in HOURS:
        on_day = day.dt.day_of_week.isin([list(Weekday).index(d) for d in window.days]).to_numpy()
        opens = pd.Timedelta(hours=window.opens.hour, minutes=window.opens.minute)
        closes = pd.Timedelta(hours=window.closes.hour, minutes=window.closes.minute)
        open_utc = (day + opens).dt.tz_localize(zone).dt.tz_convert("UTC").dt.tz_localize(None)
        close_utc = (day + closes).dt.tz_localize(zone).dt.tz_convert("UTC").dt.tz_localize(None)
        low = np.maximum(wait_start, open_utc.to_numpy())
        high = np.minimum(wait_end, close_utc.to_numpy())
        overlap = (high - low) / np.timedelta64(1, "s")
        total += np.where(on_day & (overlap > 0), overlap, 0.0)
    return pd.Series(np.bincount(rows, weights=total, minlength=len(f)), index=f.index)


def test_response_time_agrees_with_pandas(large_table: InteractionTable) -> None:
    # Waits stretched 400-fold (up to days) so that many cross opening and closing times,
    # nights, weekends and both of Dublin's clock changes inside the Sunday window.
    columns = {name: large_table[name] for name in large_table.column_names}
    columns["wait_seconds"] = columns["wait_seconds"] * 400.0
    labels = {
        c.name: large_table.categories(c.name) for c in INTERACTION_COLUMNS if c.kind == "category"
    }
    table = InteractionTable(columns, labels)
    grouping = Grouping(by=("channel_id",), interval="day", time_zone="Europe/Dublin")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        ours = compute(table, RESPONSE_METRICS, grouping=grouping)
    f = frame_of(table)
    local_columns(f, grouping)
    business = business_seconds(f, "Europe/Dublin")
    crossing = (business > 0) & (business < f.wait)
    assert crossing.sum() > 10_000  # the comparison exercises partial overlaps
    computed = {}
    for metric in RESPONSE_METRICS:
        scope = f.inbound if metric.direction == "inbound" else f.inbound | True
        answered = scope & f.answered
        seconds = f.wait if metric.clock == "calendar" else business
        if metric.threshold_seconds is None:
            numerator, denominator = seconds.where(answered, 0.0), answered
        else:
            t = metric.threshold_seconds
            within = seconds <= t if metric.threshold_inclusive else seconds < t
            numerator, denominator = (answered & within).astype(float), scope
        computed[f"{metric.name}_num"] = numerator
        computed[f"{metric.name}_den"] = denominator.astype(int)
    expected = pd.DataFrame(computed).groupby([f.channel, f.start]).sum()
    got_index = pd.MultiIndex.from_arrays(
        [list(ours.labels["channel_id"]), ours.labels["interval_start_utc"]]
    )
    expected = expected.reindex(got_index)
    assert expected.notna().all().all()
    for metric in RESPONSE_METRICS:
        values = ours[metric.name]
        numerator = expected[f"{metric.name}_num"].to_numpy(dtype=float)
        denominator = expected[f"{metric.name}_den"].to_numpy()
        # Business seconds are sums of nanosecond differences: equal to 1e-9 s per contact.
        np.testing.assert_allclose(
            values.numerator, numerator, rtol=1e-12, atol=1e-6, err_msg=metric.name
        )
        np.testing.assert_array_equal(values.denominator, denominator, err_msg=metric.name)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(denominator > 0, numerator / denominator, np.nan)
        np.testing.assert_allclose(values.value, value, rtol=1e-9, err_msg=metric.name)
