"""Small scopes for the KPIs measured from documents: a hand-built base and a Hypothesis strategy.

`base_scope` is a centre in Dublin with two channels (``voice``, ``chat``) and
two clients (``acme``, ``bolt``); tests add the documents they need.
`record_scopes` draws such a scope with complaints, customer surveys, quality
evaluations, agents and engagement surveys dated around March 2026, the period
the property tests measure, so that every selection rule (before, inside,
after the period; clock change on 29 March) is exercised.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from iso18295 import (
    Agent,
    Channel,
    ChannelKind,
    Client,
    Competency,
    CompetencyArea,
    CompetencyAssessment,
    CompetencyOutcome,
    Complaint,
    ComplaintCategory,
    ComplaintOutcome,
    ContactCentre,
    CustomerSurvey,
    Direction,
    EngagementSurvey,
    LeavingReason,
    OperatingModel,
    QualityEvaluation,
    Relationship,
    Scope,
    Site,
    StaffFunction,
    TrainingKind,
    TrainingRecord,
)
from iso18295.kpis import KpiResult
from iso18295.kpis._engine.documents import SOURCE_FIELDS

ZONE = "Europe/Dublin"
CLIENTS = ("acme", "bolt")
CHANNELS = ("voice", "chat")
START, END = date(2026, 3, 1), date(2026, 4, 1)
"""The period the property tests measure: March 2026, whose last Sunday changes the clocks."""

COMPETENCIES = (
    Competency(id="k-comm", name="Courtesy", area=CompetencyArea.COMMUNICATION),
    Competency(
        id="k-acme",
        name="Acme products",
        area=CompetencyArea.CLIENT_SPECIFIC,
        client_id="acme",
    ),
    Competency(
        id="k-lead",
        name="Coaching",
        area=CompetencyArea.COMMUNICATION,
        required_for=frozenset({StaffFunction.TEAM_LEADER}),
    ),
)
"""One competency for every agent, one for Acme's agents, one for team leaders only."""


def base_scope(**collections: Any) -> Scope:
    """Return the Dublin centre with two channels and two clients, plus `collections`."""
    centre = ContactCentre(
        id="ccc",
        name="Test centre",
        operating_model=OperatingModel.OUTSOURCED,
        time_zone=ZONE,
        sites=(Site(id="cork", name="Cork", country="IE"),),
        channels=tuple(
            Channel(id=c, kind=ChannelKind.VOICE, directions=frozenset({Direction.INBOUND}))
            for c in CHANNELS
        ),
    )
    clients = tuple(
        Client(id=c, name=c.title(), relationship=Relationship.EXTERNAL) for c in CLIENTS
    )
    collections.setdefault("competencies", COMPETENCIES)
    for source in SOURCE_FIELDS:  # supplied, none, unless given: None would mean "not supplied"
        if source in Scope._not_stated:  # not the centre's channels
            collections.setdefault(source, ())
    return Scope(name="records", centre=centre, clients=clients, **collections)


def agent(agent_id: str, **fields: Any) -> Agent:
    """Return an agent at site ``cork``, hired 2020-01-01, with no assessments or training,
    unless `fields` say otherwise."""
    fields.setdefault("function", StaffFunction.AGENT)
    fields.setdefault("assessments", ())
    fields.setdefault("training", ())
    fields.setdefault("hired_on", date(2020, 1, 1))
    return Agent(id=agent_id, name=f"Agent {agent_id}", site_id="cork", **fields)


# --- the strategy --------------------------------------------------------------------------

_offsets = st.sampled_from(
    [UTC, timezone(timedelta(hours=1)), timezone(-timedelta(hours=5)), ZoneInfo(ZONE)]
)
"""Fixed offsets, and Dublin itself: two Dublin times subtract by wall clock in Python."""
_moments = st.datetimes(
    min_value=datetime(2026, 2, 26), max_value=datetime(2026, 4, 4), timezones=_offsets
)
_days = st.dates(min_value=date(2026, 2, 20), max_value=date(2026, 4, 10))
_hours = st.integers(min_value=0, max_value=6 * 24).map(lambda h: timedelta(hours=h))


@st.composite
def _complaint(draw: st.DrawFn, index: int) -> Complaint:
    received_at = draw(_moments)
    acknowledged = draw(st.none() | _hours.map(lambda d: received_at + d))
    resolved = draw(st.none() | _hours.map(lambda d: received_at + d))
    return Complaint(
        id=f"C{index}",
        client_id=draw(st.sampled_from(CLIENTS)),
        channel_id=draw(st.sampled_from(CHANNELS)),
        received_at=received_at,
        category=draw(st.sampled_from(ComplaintCategory)),
        acknowledged_at=acknowledged,
        resolved_at=resolved,
        outcome=None if resolved is None else ComplaintOutcome.UPHELD,
    )


@st.composite
def _survey(draw: st.DrawFn, index: int, scale: float) -> CustomerSurvey:
    first = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 4, 30)))
    invited = draw(st.integers(0, 400))
    return CustomerSurvey(
        id=f"S{index}",
        client_id=draw(st.sampled_from(CLIENTS)),
        method="post-contact survey",
        period_start=first,
        period_end=first + timedelta(days=draw(st.integers(0, 90))),
        invited=invited,
        responses=draw(st.integers(0, invited)),
        scale_max=scale,
        mean_score=draw(st.none() | st.integers(4, 4 * int(scale)).map(lambda q: q / 4)),
        top_box_share=draw(st.none() | st.integers(0, 100).map(lambda p: p / 100)),
        channel_id=draw(st.none() | st.sampled_from(CHANNELS)),
    )


@st.composite
def _agent(draw: st.DrawFn, index: int) -> Agent:
    hired_on = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 4, 30)))
    left_on = draw(st.none() | st.integers(0, 500).map(lambda d: hired_on + timedelta(days=d)))
    assessed: list[CompetencyAssessment] = []
    for competency in ("k-comm", "k-acme", "k-lead"):
        days = draw(
            st.lists(_days.map(lambda d: d - timedelta(days=300)) | _days, max_size=2, unique=True)
        )
        assessed += [
            CompetencyAssessment(
                competency_id=competency,
                assessed_on=d,
                outcome=draw(st.sampled_from(CompetencyOutcome)),
            )
            for d in days
        ]
    induction = draw(st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 4, 30)))
    training = (
        ()
        if induction is None
        else (
            TrainingRecord(
                course="Induction",
                kind=TrainingKind.INDUCTION,
                started_on=induction,
                completed_on=draw(st.none() | st.just(induction)),
            ),
        )
    )
    return agent(
        f"A{index}",
        function=draw(st.sampled_from([StaffFunction.AGENT, StaffFunction.TEAM_LEADER])),
        hired_on=hired_on,
        left_on=left_on,
        leaving_reason=None
        if left_on is None
        else draw(st.none() | st.sampled_from(LeavingReason)),
        client_ids=tuple(draw(st.lists(st.sampled_from(CLIENTS), max_size=2, unique=True))),
        assessments=tuple(assessed),
        training=training,
    )


@st.composite
def _evaluation(draw: st.DrawFn, index: int, agent_ids: Sequence[str]) -> QualityEvaluation:
    max_score = draw(st.sampled_from([10.0, 50.0, 100.0]))
    return QualityEvaluation(
        id=f"E{index}",
        interaction_id=f"INT-{index}",
        agent_id=draw(st.sampled_from(list(agent_ids))),
        evaluated_on=draw(_days),
        criteria_version="v1",
        score=draw(st.integers(0, int(max_score))) * 1.0,
        max_score=max_score,
        critical_error=draw(st.booleans()),
    )


@st.composite
def _engagement(draw: st.DrawFn, index: int, scale: float) -> EngagementSurvey:
    invited = draw(st.integers(1, 60))
    return EngagementSurvey(
        id=f"G{index}",
        instrument="pulse",
        conducted_on=draw(_days),
        invited=invited,
        responded=draw(st.integers(0, invited)),
        score=draw(st.integers(0, int(scale) * 4)) / 4,
        scale_max=scale,
    )


def _numbered(draw: st.DrawFn, make: Any, most: int, *args: Any) -> tuple[Any, ...]:
    n = draw(st.integers(0, most))
    return tuple(draw(make(i, *args)) for i in range(n))


@st.composite
def record_scopes(draw: st.DrawFn) -> Scope:
    """Scopes with up to 12 complaints, 6 surveys, 10 agents, 12 evaluations, 4 staff surveys."""
    agents = _numbered(draw, _agent, 10)
    evaluations = _numbered(draw, _evaluation, 12, [a.id for a in agents]) if agents else ()
    # one scale per kind of survey, so that scale="score" is defined
    survey_scale = draw(st.sampled_from([5.0, 10.0]))
    staff_scale = draw(st.sampled_from([5.0, 100.0]))
    return base_scope(
        complaints=_numbered(draw, _complaint, 12),
        customer_surveys=_numbered(draw, _survey, 6, survey_scale),
        agents=agents,
        quality_evaluations=evaluations,
        engagement_surveys=_numbered(draw, _engagement, 4, staff_scale),
    )


def as_dict(result: KpiResult, name: str) -> dict[tuple[str | None, ...], tuple[float, ...]]:
    """Return one metric's (numerator, denominator, excluded, value) per group key."""
    by = result.grouping.by
    v = result[name]
    keys = zip(*(result.labels[f].tolist() for f in by), strict=True) if by else [()] * len(result)
    return {
        tuple(k): (float(n), int(d), int(e), float(x))
        for k, n, d, e, x in zip(
            keys, v.numerator, v.denominator, v.excluded, v.value, strict=True
        )
    }
