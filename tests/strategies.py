"""Hypothesis strategies for the model: one per public model class, plus `scopes()`.

Every strategy generates *valid* objects: each respects its class's field checks
and invariants.  Strategies for records that name other records take the ids
they may name (``None``: any identifier, for testing a class on its own); `scopes`
builds the referenced records first and draws the referencing ones from their
ids, so every reference in a generated scope resolves.

Collections hold 0 to 3 items, so tests stay fast.  A collection or fact the
model lets a document leave out is also drawn as ``None`` (not supplied), so
properties cover both "not supplied" and "supplied, none" (``()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TypeVar

from hypothesis import strategies as st

from iso18295 import (
    Agent,
    Attestation,
    Campaign,
    Channel,
    ChannelKind,
    Client,
    ClientAgreement,
    Comparison,
    Competency,
    CompetencyArea,
    CompetencyAssessment,
    CompetencyOutcome,
    Complaint,
    ComplaintCategory,
    ComplaintOutcome,
    ContactCentre,
    ContactRules,
    ContinuityExercise,
    ContinuityPlan,
    CustomerSurvey,
    DataHandlingTerms,
    Direction,
    EngagementSurvey,
    ExerciseKind,
    ExerciseResult,
    Forecast,
    Frequency,
    InformationTopic,
    InformationUpdate,
    Interaction,
    KpiKind,
    KpiTarget,
    LeavingReason,
    OperatingModel,
    Party,
    Policy,
    PolicyKind,
    QualityEvaluation,
    Relationship,
    Responsibility,
    RoleProfile,
    Scope,
    Site,
    StaffFunction,
    StaffingPlan,
    TrainingKind,
    TrainingRecord,
    Verdict,
    Waiver,
    Weekday,
    WeeklyHours,
    WorkEnvironmentArea,
    WorkEnvironmentAssessment,
)

Ids = Sequence[str] | None
"""Ids a referencing record may name; ``None`` means any identifier."""

MAX_ITEMS = 3

_T = TypeVar("_T")

# --- building blocks ---

identifiers = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,11}", fullmatch=True)
"""Identifiers as the model defines them: alphanumeric first, then ``. _ : / -`` too."""

texts = st.text(min_size=1, max_size=16).filter(str.strip)
"""Non-blank text (any characters, so escaping is exercised)."""

counts = st.integers(min_value=0, max_value=10_000)
amounts = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)
positive_amounts = st.floats(
    min_value=0.0, max_value=1e6, exclude_min=True, allow_nan=False, allow_infinity=False
)
shares = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
"""Fixed UTC offsets, in whole minutes, from -14:00 to +14:00."""

aware_datetimes = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31), timezones=offsets
)
"""Timezone-aware datetimes with varied UTC offsets."""

delays = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90))


def _unique_texts(*, min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(texts, min_size=min_size, max_size=MAX_ITEMS, unique=True).map(tuple)


def _maybe(strategy: st.SearchStrategy[_T]) -> st.SearchStrategy[_T | None]:
    """Not supplied (None), or a value of `strategy` (for collections, possibly ``()``)."""
    return st.none() | strategy


def _tuples(
    strategy: st.SearchStrategy[_T], **kwargs: object
) -> st.SearchStrategy[tuple[_T, ...] | None]:
    """A collection that may be left out: None, or a tuple of 0 to 3 items."""
    return _maybe(st.lists(strategy, max_size=MAX_ITEMS, **kwargs).map(tuple))  # type: ignore[arg-type]


def _ref(known: Ids) -> st.SearchStrategy[str]:
    """A required reference: one of `known` (which must not be empty), or any id."""
    return identifiers if known is None else st.sampled_from(list(known))


def _optional_ref(known: Ids) -> st.SearchStrategy[str | None]:
    """An optional reference: None, or one of `known` (any id if `known` is None)."""
    if known is not None and not known:
        return st.none()
    return st.none() | _ref(known)


def _refs(known: Ids, *, min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    """Distinct references."""
    if known is not None and not known:
        return st.just(())
    return st.lists(_ref(known), min_size=min_size, max_size=MAX_ITEMS, unique=True).map(tuple)


def _later(start: datetime) -> st.SearchStrategy[datetime]:
    """A moment at or after `start`, expressed in another UTC offset."""
    return st.tuples(delays, offsets).map(lambda d: (start + d[0]).astimezone(d[1]))


def _optional_later_day(start: date) -> st.SearchStrategy[date | None]:
    return st.none() | delays.map(lambda d: start + timedelta(days=d.days))


# --- one strategy per model class ---


@st.composite
def weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    """Valid `WeeklyHours`: at least one day, `opens` strictly before `closes`."""
    opens, closes = sorted(draw(st.lists(st.times(), min_size=2, max_size=2, unique=True)))
    return WeeklyHours(
        days=draw(st.frozensets(st.sampled_from(Weekday), min_size=1)),
        opens=opens,
        closes=closes,
    )


def sites(*, ids: st.SearchStrategy[str] = identifiers) -> st.SearchStrategy[Site]:
    """Valid `Site` objects."""
    return st.builds(Site, id=ids, name=texts, country=texts, remote=st.booleans())


def channels(*, ids: st.SearchStrategy[str] = identifiers) -> st.SearchStrategy[Channel]:
    """Valid `Channel` objects."""
    return st.builds(
        Channel,
        id=ids,
        kind=st.sampled_from(ChannelKind),
        directions=st.frozensets(st.sampled_from(Direction), min_size=1),
        opening_hours=_tuples(weekly_hours()),
        accessibility=_maybe(_unique_texts()),
        cost_to_customer=st.none() | texts,
        published_to_customers=_maybe(st.booleans()),
    )


def contact_rules() -> st.SearchStrategy[ContactRules]:
    """Valid `ContactRules`."""
    return st.builds(
        ContactRules,
        permitted_hours=_tuples(weekly_hours()),
        honours_do_not_contact=_maybe(st.booleans()),
        suppression_list_checked_on=st.none() | dates,
        max_attempts_per_customer=st.none() | st.integers(min_value=1, max_value=20),
        opt_in_required=_maybe(st.booleans()),
    )


@st.composite
def campaigns(draw: st.DrawFn, *, client_ids: Ids = None, channel_ids: Ids = None) -> Campaign:
    """Valid `Campaign` objects: `ends_on`, when set, is not before `starts_on`."""
    starts_on = draw(dates)
    return Campaign(
        id=draw(identifiers),
        client_id=draw(_ref(client_ids)),
        channel_id=draw(_ref(channel_ids)),
        direction=draw(st.sampled_from(Direction)),
        purpose=draw(texts),
        starts_on=starts_on,
        ends_on=draw(_optional_later_day(starts_on)),
        contact_rules=draw(st.none() | contact_rules()),
    )


def contact_centres(*, min_channels: int = 0) -> st.SearchStrategy[ContactCentre]:
    """Valid `ContactCentre` objects: 1-3 sites and `min_channels`-3 channels, ids unique.

    Sites and channels may be left out (None) unless `min_channels` asks for channels.
    """
    site_list = st.lists(sites(), min_size=1, max_size=MAX_ITEMS, unique_by=lambda s: s.id)
    channel_list = st.lists(
        channels(), min_size=min_channels, max_size=MAX_ITEMS, unique_by=lambda c: c.id
    )
    required = min_channels > 0
    return st.builds(
        ContactCentre,
        id=identifiers,
        name=texts,
        operating_model=st.sampled_from(OperatingModel),
        time_zone=st.sampled_from(
            ["Europe/Dublin", "UTC", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham"]
        ),
        sites=site_list.map(tuple) if required else _maybe(site_list.map(tuple)),
        service_hours=_tuples(weekly_hours()),
        channels=channel_list.map(tuple) if required else _maybe(channel_list.map(tuple)),
        working_days=_maybe(st.frozensets(st.sampled_from(Weekday), min_size=1)),
        holidays=_tuples(dates, unique=True),
    )


def clients(*, ids: st.SearchStrategy[str] = identifiers) -> st.SearchStrategy[Client]:
    """Valid `Client` objects."""
    return st.builds(
        Client,
        id=ids,
        name=texts,
        relationship=st.sampled_from(Relationship),
        sector=st.none() | texts,
        customer_segments=_tuples(texts),
    )


@st.composite
def kpi_targets(draw: st.DrawFn, *, channel_ids: Ids = None) -> KpiTarget:
    """Valid `KpiTarget` objects: a target in [0, 1] when it is a share."""
    fields = {
        "id": draw(identifiers),
        "kpi": draw(st.sampled_from(KpiKind)),
        "comparison": draw(st.sampled_from(Comparison)),
        "channel_id": draw(_optional_ref(channel_ids)),
        "threshold_seconds": draw(st.none() | amounts),
        "definition": draw(st.none() | definitions()),
    }
    share = KpiTarget(target=0.0, **fields).is_share  # type: ignore[arg-type]
    return KpiTarget(target=draw(shares if share else amounts), **fields)  # type: ignore[arg-type]


def definitions() -> st.SearchStrategy[str]:
    """KPI definitions: ``key=value`` options separated by ``;``."""
    keys = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
    values = st.from_regex(r"[A-Za-z0-9.+_-]{1,10}", fullmatch=True)
    pairs = st.lists(st.tuples(keys, values), min_size=1, max_size=3)
    return pairs.map(lambda items: "; ".join(f"{k}={v}" for k, v in items))


def responsibilities() -> st.SearchStrategy[Responsibility]:
    """Valid `Responsibility` objects."""
    return st.builds(
        Responsibility, topic=texts, owner=st.sampled_from(Party), note=st.none() | texts
    )


def data_handling_terms() -> st.SearchStrategy[DataHandlingTerms]:
    """Valid `DataHandlingTerms`: at least one purpose, retention of at least a day."""
    return st.builds(
        DataHandlingTerms,
        purposes=_unique_texts(min_size=1),
        retention_days=_maybe(st.integers(min_value=1, max_value=10_000)),
        processing_agreement_signed_on=st.none() | dates,
        transfers_outside_jurisdiction=_maybe(st.booleans()),
    )


@st.composite
def client_agreements(
    draw: st.DrawFn, *, client_ids: Ids = None, centre_ids: Ids = None, channel_ids: Ids = None
) -> ClientAgreement:
    """Valid `ClientAgreement` objects: at least one channel, KPI target ids unique."""
    starts_on = draw(dates)
    return ClientAgreement(
        id=draw(identifiers),
        client_id=draw(_ref(client_ids)),
        centre_id=draw(_ref(centre_ids)),
        starts_on=starts_on,
        ends_on=draw(_optional_later_day(starts_on)),
        signed_on=draw(st.none() | dates),
        channel_ids=draw(_refs(channel_ids, min_size=1)),
        services=draw(_tuples(texts)),
        kpi_targets=draw(_tuples(kpi_targets(channel_ids=channel_ids), unique_by=lambda t: t.id)),
        reporting_frequency=draw(st.none() | st.sampled_from(Frequency)),
        review_frequency=draw(st.none() | st.sampled_from(Frequency)),
        last_reviewed_on=draw(st.none() | dates),
        responsibilities=draw(_tuples(responsibilities())),
        data_handling=draw(st.none() | data_handling_terms()),
        complaint_acknowledgement_days=draw(st.none() | st.integers(min_value=1, max_value=30)),
        escalation_procedure=draw(st.none() | texts),
        change_procedure=draw(st.none() | texts),
    )


@st.composite
def competencies(draw: st.DrawFn, *, client_ids: Ids = None) -> Competency:
    """Valid `Competency` objects: client-specific ones name a client."""
    areas = list(CompetencyArea)
    if client_ids is not None and not client_ids:
        areas.remove(CompetencyArea.CLIENT_SPECIFIC)
    area = draw(st.sampled_from(areas))
    client_id = (
        draw(_ref(client_ids))
        if area is CompetencyArea.CLIENT_SPECIFIC
        else draw(_optional_ref(client_ids))
    )
    return Competency(
        id=draw(identifiers),
        name=draw(texts),
        area=area,
        client_id=client_id,
        required_for=draw(st.frozensets(st.sampled_from(StaffFunction))),
    )


def role_profiles() -> st.SearchStrategy[RoleProfile]:
    """Valid `RoleProfile` objects: at least one responsibility."""
    return st.builds(
        RoleProfile,
        function=st.sampled_from(StaffFunction),
        responsibilities=st.lists(texts, min_size=1, max_size=MAX_ITEMS).map(tuple),
        document=st.none() | texts,
    )


def competency_assessments(
    *, competency_ids: Ids = None
) -> st.SearchStrategy[CompetencyAssessment]:
    """Valid `CompetencyAssessment` objects."""
    return st.builds(
        CompetencyAssessment,
        competency_id=_ref(competency_ids),
        assessed_on=dates,
        outcome=st.sampled_from(CompetencyOutcome),
    )


@st.composite
def training_records(
    draw: st.DrawFn, *, client_ids: Ids = None, competency_ids: Ids = None
) -> TrainingRecord:
    """Valid `TrainingRecord` objects: completed, when set, not before started."""
    started_on = draw(dates)
    return TrainingRecord(
        course=draw(texts),
        kind=draw(st.sampled_from(TrainingKind)),
        started_on=started_on,
        completed_on=draw(_optional_later_day(started_on)),
        client_id=draw(_optional_ref(client_ids)),
        competency_ids=draw(_refs(competency_ids)),
    )


@st.composite
def agents(
    draw: st.DrawFn,
    *,
    site_ids: Ids = None,
    client_ids: Ids = None,
    channel_ids: Ids = None,
    competency_ids: Ids = None,
) -> Agent:
    """Valid `Agent` objects: left and first contact, when set, not before hired; a leaving
    reason only with a leaving day."""
    hired_on = draw(dates)
    left_on = draw(_optional_later_day(hired_on))
    reasons = st.none() | st.sampled_from(LeavingReason)
    return Agent(
        id=draw(identifiers),
        name=draw(texts),
        function=draw(st.sampled_from(StaffFunction)),
        site_id=draw(_ref(site_ids)),
        hired_on=hired_on,
        left_on=left_on,
        leaving_reason=None if left_on is None else draw(reasons),
        first_contact_on=draw(_optional_later_day(hired_on)),
        client_ids=draw(_refs(client_ids)),
        channel_ids=draw(_refs(channel_ids)),
        assessments=(
            draw(_tuples(competency_assessments(competency_ids=competency_ids)))
            if competency_ids is None or competency_ids
            else draw(st.sampled_from([None, ()]))
        ),
        training=draw(
            _tuples(training_records(client_ids=client_ids, competency_ids=competency_ids))
        ),
    )


@st.composite
def engagement_surveys(draw: st.DrawFn) -> EngagementSurvey:
    """Valid `EngagementSurvey` objects: responded <= invited, score <= scale_max."""
    invited = draw(st.integers(min_value=1, max_value=10_000))
    scale_max = draw(positive_amounts)
    return EngagementSurvey(
        id=draw(identifiers),
        instrument=draw(texts),
        conducted_on=draw(dates),
        invited=draw(_maybe(st.just(invited))),
        responded=draw(_maybe(st.integers(min_value=0, max_value=invited))),
        score=draw(st.floats(min_value=0.0, max_value=scale_max)),
        scale_max=scale_max,
        actions=draw(_tuples(texts)),
    )


@st.composite
def policies(draw: st.DrawFn, *, centre_ids: Ids = None, client_ids: Ids = None) -> Policy:
    """Valid `Policy` objects: a centre's policy names a centre, a client's a client."""
    parties = [Party.SHARED]
    if centre_ids is None or centre_ids:
        parties.append(Party.CENTRE)
    if client_ids is None or client_ids:
        parties.append(Party.CLIENT)
    party = draw(st.sampled_from(parties))
    owners = {Party.CENTRE: centre_ids, Party.CLIENT: client_ids, Party.SHARED: None}[party]
    return Policy(
        id=draw(identifiers),
        kind=draw(st.sampled_from(PolicyKind)),
        title=draw(texts),
        party=party,
        party_id=draw(_ref(owners)),
        owner_role=draw(texts),
        version=draw(texts),
        approved_on=draw(st.none() | dates),
        review_interval_months=draw(st.integers(min_value=1, max_value=60)),
        last_reviewed_on=draw(st.none() | dates),
    )


@st.composite
def complaints(draw: st.DrawFn, *, client_ids: Ids = None, channel_ids: Ids = None) -> Complaint:
    """Valid `Complaint` objects: acknowledged and resolved not before received, and an
    outcome exactly when resolved."""
    received_at = draw(aware_datetimes)
    resolved_at = draw(st.none() | _later(received_at))
    return Complaint(
        id=draw(identifiers),
        client_id=draw(_ref(client_ids)),
        channel_id=draw(_ref(channel_ids)),
        received_at=received_at,
        category=draw(st.sampled_from(ComplaintCategory)),
        customer_reference=draw(st.none() | texts),
        acknowledged_at=draw(st.none() | _later(received_at)),
        resolved_at=resolved_at,
        outcome=None if resolved_at is None else draw(st.sampled_from(ComplaintOutcome)),
        escalated_to=draw(st.none() | st.sampled_from(Party)),
        reported_to_client_on=draw(st.none() | dates),
    )


@st.composite
def customer_surveys(
    draw: st.DrawFn, *, client_ids: Ids = None, channel_ids: Ids = None
) -> CustomerSurvey:
    """Valid `CustomerSurvey` objects: period in order, responses <= invited, mean score
    between 1 and the top of the scale, first-contact answers <= responses."""
    period_start = draw(dates)
    invited = draw(counts)
    scale_max = draw(st.floats(min_value=1.0, max_value=100.0))
    responses = draw(_maybe(st.integers(min_value=0, max_value=invited)))
    answers = draw(st.none() | st.integers(0, invited if responses is None else responses))
    resolved = None if answers is None else draw(st.integers(0, answers))
    return CustomerSurvey(
        id=draw(identifiers),
        client_id=draw(_ref(client_ids)),
        method=draw(texts),
        period_start=period_start,
        period_end=period_start + timedelta(days=draw(st.integers(0, 366))),
        invited=draw(_maybe(st.just(invited))),
        responses=responses,
        scale_max=scale_max,
        mean_score=draw(st.none() | st.floats(min_value=1.0, max_value=scale_max)),
        top_box_share=draw(st.none() | shares),
        channel_id=draw(_optional_ref(channel_ids)),
        actions=draw(_tuples(texts)),
        first_contact_answers=answers,
        first_contact_resolved=resolved,
    )


@st.composite
def quality_evaluations(
    draw: st.DrawFn, *, agent_ids: Ids = None, channel_ids: Ids = None
) -> QualityEvaluation:
    """Valid `QualityEvaluation` objects: score <= max_score, feedback not before evaluation."""
    evaluated_on = draw(dates)
    max_score = draw(positive_amounts)
    return QualityEvaluation(
        id=draw(identifiers),
        interaction_id=draw(identifiers),
        agent_id=draw(_ref(agent_ids)),
        evaluated_on=evaluated_on,
        criteria_version=draw(texts),
        score=draw(st.floats(min_value=0.0, max_value=max_score)),
        max_score=max_score,
        critical_error=draw(_maybe(st.booleans())),
        feedback_given_on=draw(_optional_later_day(evaluated_on)),
        channel_id=draw(_optional_ref(channel_ids)),
    )


@st.composite
def forecasts(draw: st.DrawFn, *, client_ids: Ids = None, channel_ids: Ids = None) -> Forecast:
    """Valid `Forecast` objects: as many volumes as handling times, handling times > 0."""
    n = draw(st.integers(min_value=0, max_value=4))
    return Forecast(
        id=draw(identifiers),
        client_id=draw(_ref(client_ids)),
        channel_id=draw(_ref(channel_ids)),
        provided_by=draw(st.sampled_from(Party)),
        provided_on=draw(dates),
        starts_at=draw(aware_datetimes),
        interval_minutes=draw(st.sampled_from([15, 30, 60])),
        volumes=tuple(draw(st.lists(amounts, min_size=n, max_size=n))),
        handling_seconds=tuple(draw(st.lists(positive_amounts, min_size=n, max_size=n))),
    )


def _concurrency() -> st.SearchStrategy[tuple[int | None, tuple[float, ...] | None]]:
    """Concurrency not stated, stated alone, or stated with one multiplier per level."""
    multipliers = st.lists(
        st.floats(min_value=0.5, max_value=100.0), min_size=1, max_size=MAX_ITEMS
    ).map(tuple)
    return st.one_of(
        st.just((None, None)),
        st.integers(min_value=1, max_value=50).map(lambda k: (k, None)),
        multipliers.map(lambda m: (len(m), m)),
    )


def staffing_plans(*, forecast_ids: Ids = None) -> st.SearchStrategy[StaffingPlan]:
    """Valid `StaffingPlan` objects: shrinkage in [0, 1), concurrency stated or not."""
    return st.builds(
        lambda concurrency, **fields: StaffingPlan(
            max_concurrency=concurrency[0], handling_multipliers=concurrency[1], **fields
        ),
        concurrency=_concurrency(),
        id=identifiers,
        forecast_id=_ref(forecast_ids),
        prepared_on=dates,
        shrinkage_share=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
        starts_at=aware_datetimes,
        interval_minutes=st.sampled_from([15, 30, 60]),
        rostered_agents=st.lists(st.integers(min_value=0, max_value=500), max_size=4).map(tuple),
    )


def continuity_exercises() -> st.SearchStrategy[ContinuityExercise]:
    """Valid `ContinuityExercise` objects."""
    return st.builds(
        ContinuityExercise,
        exercised_on=dates,
        kind=st.sampled_from(ExerciseKind),
        result=st.sampled_from(ExerciseResult),
        scenario=texts,
        actions=_tuples(texts),
    )


def continuity_plans(*, policy_ids: Ids = None) -> st.SearchStrategy[ContinuityPlan]:
    """Valid `ContinuityPlan` objects: at least one scenario, recovery time > 0."""
    return st.builds(
        ContinuityPlan,
        id=identifiers,
        title=texts,
        scenarios=_unique_texts(min_size=1),
        recovery_time_objective_hours=_maybe(positive_amounts),
        policy_id=_optional_ref(policy_ids),
        exercises=_tuples(continuity_exercises()),
    )


def work_environment_assessments(
    *, site_ids: Ids = None
) -> st.SearchStrategy[WorkEnvironmentAssessment]:
    """Valid `WorkEnvironmentAssessment` objects: at least one area."""
    return st.builds(
        WorkEnvironmentAssessment,
        id=identifiers,
        site_id=_ref(site_ids),
        assessed_on=dates,
        areas=st.frozensets(st.sampled_from(WorkEnvironmentArea), min_size=1),
        open_actions=_maybe(counts),
    )


@st.composite
def interactions(draw: st.DrawFn) -> Interaction:
    """Valid `Interaction` objects: never both answered and abandoned."""
    answered = draw(st.booleans())
    optional_seconds = st.none() | amounts
    return Interaction(
        id=draw(identifiers),
        channel_id=draw(identifiers),
        direction=draw(st.sampled_from(Direction)),
        client_id=draw(identifiers),
        offered_at=draw(aware_datetimes),
        wait_seconds=draw(amounts),
        answered=answered,
        abandoned=False if answered else draw(st.booleans()),
        queue=draw(st.none() | texts),
        campaign_id=draw(st.none() | identifiers),
        customer_reference=draw(st.none() | texts),
        agent_id=draw(st.none() | identifiers),
        talk_seconds=draw(optional_seconds),
        hold_seconds=draw(optional_seconds),
        after_contact_seconds=draw(optional_seconds),
        resolved=draw(st.none() | st.booleans()),
        transferred=draw(st.booleans()),
        satisfaction=draw(st.none() | amounts),
    )


def attestations() -> st.SearchStrategy[Attestation]:
    """Valid `Attestation` objects."""
    return st.builds(
        Attestation,
        id=identifiers,
        rule_id=identifiers,
        attested_on=dates,
        attested_by=texts,
        role=texts,
        verdict=st.sampled_from(Verdict),
        note=texts,
        evidence_refs=st.lists(texts, max_size=MAX_ITEMS).map(tuple),
    )


@st.composite
def waivers(draw: st.DrawFn) -> Waiver:
    """Valid `Waiver` objects: `expires_on` not before `granted_on`."""
    granted_on = draw(dates)
    return Waiver(
        id=draw(identifiers),
        rule_id=draw(identifiers),
        justification=draw(texts),
        approved_by_role=draw(texts),
        granted_on=granted_on,
        expires_on=granted_on + timedelta(days=draw(st.integers(0, 400))),
        object_ids=draw(st.lists(identifiers, max_size=MAX_ITEMS).map(tuple)),
    )


@st.composite
def information_updates(draw: st.DrawFn, *, client_ids: Ids = None) -> InformationUpdate:
    """Valid `InformationUpdate` objects: acknowledged and briefed (if at all) on or after
    the day sent; taking effect at once (None) or on any day."""
    sent_on = draw(dates)
    return InformationUpdate(
        id=draw(identifiers),
        client_id=draw(_ref(client_ids)),
        topic=draw(st.sampled_from(InformationTopic)),
        summary=draw(texts),
        sent_on=sent_on,
        effective_on=draw(st.none() | dates),
        acknowledged_on=draw(_optional_later_day(sent_on)),
        briefed_on=draw(_optional_later_day(sent_on)),
    )


# --- the aggregate ---


def _items(
    strategy: st.SearchStrategy[object], *, unique_ids: bool = True, min_size: int = 0
) -> st.SearchStrategy:
    unique_by = (lambda item: item.id) if unique_ids else None
    return st.lists(strategy, min_size=min_size, max_size=MAX_ITEMS, unique_by=unique_by).map(
        tuple
    )


def _collection(
    draw: st.DrawFn, strategy: st.SearchStrategy[object] | None, *, unique_ids: bool = True
) -> tuple[object, ...] | None:
    """A scope collection: not supplied (None), or 0-3 items (none if `strategy` is None)."""
    if strategy is None:  # nothing it could name exists: not supplied, or supplied empty
        return draw(st.sampled_from([None, ()]))
    return draw(_maybe(_items(strategy, unique_ids=unique_ids)))


@st.composite
def scopes(draw: st.DrawFn, *, populated: bool = False) -> Scope:
    """Valid `Scope` objects whose cross references all resolve.

    The centre, clients, competencies, policies, agents and forecasts are drawn
    first; records that name them draw their references from those ids.
    Collections that need an id which the scope lacks (e.g. agents need a site)
    are not supplied or empty.  Any collection may be not supplied (None).  With
    `populated`, the scope always has a centre with a channel, a client and an
    agent, so it always holds references.
    """
    centre = draw(contact_centres(min_channels=1) if populated else st.none() | contact_centres())
    client_list = (
        draw(_items(clients(), min_size=1)) if populated else _collection(draw, clients())
    )
    client_ids = [c.id for c in client_list or ()]
    centre_ids = [centre.id] if centre else []
    site_ids = [s.id for s in centre.sites or ()] if centre else []
    channel_ids = [c.id for c in centre.channels or ()] if centre else []

    competency_list = _collection(draw, competencies(client_ids=client_ids))
    competency_ids = [c.id for c in competency_list or ()]
    policy_list = _collection(draw, policies(centre_ids=centre_ids, client_ids=client_ids))
    agent_strategy = (
        agents(
            site_ids=site_ids,
            client_ids=client_ids,
            channel_ids=channel_ids,
            competency_ids=competency_ids,
        )
        if site_ids
        else None
    )
    if populated:
        agent_list = draw(_items(agent_strategy, min_size=1))  # type: ignore[arg-type]
    else:
        agent_list = _collection(draw, agent_strategy)
    agent_ids = [a.id for a in agent_list or ()]

    by_client_channel = bool(client_ids and channel_ids)
    refs = {"client_ids": client_ids, "channel_ids": channel_ids}
    forecast_list = _collection(draw, forecasts(**refs) if by_client_channel else None)
    forecast_ids = [f.id for f in forecast_list or ()]

    def when(condition: object, strategy: st.SearchStrategy[object]) -> tuple[object, ...] | None:
        return _collection(draw, strategy if condition else None)

    return Scope(
        name=draw(texts),
        centre=centre,
        clients=client_list,
        agreements=when(by_client_channel, client_agreements(centre_ids=centre_ids, **refs)),
        campaigns=when(by_client_channel, campaigns(**refs)),
        competencies=competency_list,
        role_profiles=_collection(draw, role_profiles(), unique_ids=False),
        agents=agent_list,
        engagement_surveys=_collection(draw, engagement_surveys()),
        policies=policy_list,
        complaints=when(by_client_channel, complaints(**refs)),
        customer_surveys=when(client_ids, customer_surveys(**refs)),
        quality_evaluations=when(
            agent_ids, quality_evaluations(agent_ids=agent_ids, channel_ids=channel_ids)
        ),
        forecasts=forecast_list,
        staffing_plans=when(forecast_ids, staffing_plans(forecast_ids=forecast_ids)),
        continuity_plans=_collection(
            draw, continuity_plans(policy_ids=[p.id for p in policy_list or ()])
        ),
        work_environment_assessments=when(
            site_ids, work_environment_assessments(site_ids=site_ids)
        ),
        information_updates=when(client_ids, information_updates(client_ids=client_ids)),
        attestations=_collection(draw, attestations()),
        waivers=_collection(draw, waivers()),
    )
