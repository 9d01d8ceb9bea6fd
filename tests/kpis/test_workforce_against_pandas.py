"""Workforce KPIs against pandas on the example month: a second algorithm at scale.

pandas cuts every recorded state and scheduled segment at local midnight
(Europe/Dublin, with its clock change on 29 March), pairs states with the
schedule per agent and day by a merge, and sums the overlaps with
``groupby().sum()``.  It shares nothing with the library's boundary sweep;
iso18295 is called only to generate the tables and to compute the KPIs under test.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from iso18295 import examples
from iso18295.errors import UndefinedKpiWarning
from iso18295.kpis import (
    Absenteeism,
    Grouping,
    Occupancy,
    ScheduleAdherence,
    ScheduleConformance,
    measure_activity,
)

pd = pytest.importorskip("pandas")

ZONE = "Europe/Dublin"
HANDLING = {"handling", "after_contact"}
MATCHES = {
    "contact_work": {"available", "handling", "after_contact"},
    "break": {"break"},
    "meeting": {"meeting"},
    "training": {"training"},
    "other_work": {"other_work"},
    "planned_absence": {"planned_absence"},
}


def frame_of(table: object, kind: str) -> object:
    """The table as agent, kind label, and UTC start and end."""
    labels = np.array(table.categories(kind), dtype=object)  # type: ignore[attr-defined]
    agents = np.array(table.categories("agent_id"), dtype=object)  # type: ignore[attr-defined]
    return pd.DataFrame(
        {
            "agent": agents[table["agent_id"]],  # type: ignore[index]
            kind: labels[table[kind]],  # type: ignore[index]
            "start": table["started_at"],  # type: ignore[index]
            "end": table["ended_at"],  # type: ignore[index]
        }
    )


def cut_at_midnight(f: object) -> object:
    """Split each segment at local midnights; add its local day and the piece's seconds."""
    first = f.start.dt.tz_localize("UTC").dt.tz_convert(ZONE).dt.tz_localize(None).dt.normalize()
    last = f.end.dt.tz_localize("UTC").dt.tz_convert(ZONE).dt.tz_localize(None).dt.normalize()
    spans = ((last - first).dt.days + 1).to_numpy()
    pieces = f.loc[f.index.repeat(spans)].reset_index(drop=True)
    offset = np.arange(len(pieces)) - np.repeat(np.cumsum(spans) - spans, spans)
    day = first.to_numpy().repeat(spans) + offset * np.timedelta64(1, "D")
    pieces["day"] = day
    utc = pd.Series(day).dt.tz_localize(ZONE).dt.tz_convert("UTC").dt.tz_localize(None)
    following = pd.Series(day + np.timedelta64(1, "D")).dt.tz_localize(ZONE)
    pieces["start"] = np.maximum(pieces.start.to_numpy(), utc.to_numpy())
    pieces["end"] = np.minimum(
        pieces.end.to_numpy(), following.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    )
    pieces["seconds"] = (pieces.end - pieces.start).dt.total_seconds()
    return pieces[pieces.seconds > 0]


def test_workforce_kpis_agree_with_pandas_per_agent_and_local_day() -> None:
    states, schedule = examples.generate_agent_activity()
    metrics = [Occupancy(), ScheduleAdherence(), Absenteeism(), ScheduleConformance()]
    grouping = Grouping(by=("agent_id",), interval="day", time_zone=ZONE)
    with warnings.catch_warnings():  # agent-days with no schedule, or only breaks
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        ours = measure_activity(states, metrics, schedule=schedule, grouping=grouping)

    s = cut_at_midnight(frame_of(states, "state"))
    p = cut_at_midnight(frame_of(schedule, "activity"))
    keys = ["agent", "day"]
    handling = s.seconds.where(s.state.isin(HANDLING), 0.0)
    available = s.seconds.where(s.state == "available", 0.0)
    occupancy = pd.DataFrame({"num": handling, "den": handling + available, **s[keys]})
    occupancy = occupancy.groupby(keys).sum()
    worked = s.seconds.where(s.state.isin({"available", *HANDLING}), 0.0)
    worked = worked.groupby([s.agent, s.day]).sum()
    to_work = p.seconds.where(p.activity == "contact_work", 0.0).groupby([p.agent, p.day]).sum()

    pairs = p.merge(s, on=keys, suffixes=("_p", "_s"))
    overlap = (
        np.minimum(pairs.end_p, pairs.end_s) - np.maximum(pairs.start_p, pairs.start_s)
    ).dt.total_seconds()
    pairs["overlap"] = overlap.clip(lower=0.0)
    allowed = {f"{activity}|{state}" for activity, states in MATCHES.items() for state in states}
    matched = (pairs.activity + "|" + pairs.state).isin(allowed)
    counted = pairs.activity != "planned_absence"
    pairs["adherent"] = pairs.overlap.where(matched & counted, 0.0)
    pairs["absent"] = pairs.overlap.where((pairs.state == "unplanned_absence") & counted, 0.0)
    met = pairs.groupby(keys)[["adherent", "absent"]].sum()
    scheduled = (
        p.seconds.where(p.activity != "planned_absence", 0.0).groupby([p.agent, p.day]).sum()
    )

    index = pd.MultiIndex.from_arrays(
        [list(ours.labels["agent_id"]), ours.labels["interval_start"]], names=keys
    )
    positive = (ours["occupancy"].denominator > 0) | (ours["schedule_adherence"].denominator > 0)
    expected_groups = occupancy.index[occupancy.den > 0].union(scheduled.index[scheduled > 0])
    assert set(index[positive]) == set(expected_groups)  # the same agent-days, both ways
    assert len(expected_groups) > 400

    def column(series: object) -> np.ndarray:
        return series.reindex(index).fillna(0.0).to_numpy()  # type: ignore[attr-defined]

    checks = {
        "occupancy": (column(occupancy.num), column(occupancy.den)),
        "schedule_adherence": (column(met.adherent), column(scheduled)),
        "absenteeism": (column(met.absent), column(scheduled)),
        "schedule_conformance": (column(worked), column(to_work)),
    }
    for name, (numerator, denominator) in checks.items():
        values = ours[name]
        np.testing.assert_allclose(
            values.numerator, numerator, rtol=1e-12, atol=1e-6, err_msg=name
        )
        np.testing.assert_allclose(
            values.denominator, denominator, rtol=1e-12, atol=1e-6, err_msg=name
        )
    conformance = ours["schedule_conformance"]
    assert (conformance.excluded == 0).all()
    assert 0.5 < float(np.nansum(conformance.numerator) / np.nansum(conformance.denominator)) < 1.5
    adherence = ours["schedule_adherence"]
    assert 0.5 < float(np.nansum(adherence.numerator) / np.nansum(adherence.denominator)) < 1.0
