"""Workforce KPIs as data: occupancy, schedule adherence and conformance, absenteeism.

They are measured from agent activity (`AgentStateTable`, `ScheduleTable`)
with `measure_activity`, not from interaction records: each reduces to
seconds per group (a numerator, a denominator and an excluded amount), and its
value is numerator / denominator.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Literal

import attrs

from iso18295._model.agent_states import AgentState, ScheduledActivity
from iso18295.errors import CalculationError
from iso18295.kpis._engine.families import ActivityKpi
from iso18295.kpis._engine.options import check_name, check_seconds, one_of

_HANDLING: Final = frozenset({AgentState.HANDLING, AgentState.AFTER_CONTACT})
_AVAILABLE: Final = frozenset({AgentState.AVAILABLE})
_WORKED: Final = frozenset(ScheduledActivity) - {ScheduledActivity.PLANNED_ABSENCE}
DEFAULT_MATCHES: Final[Mapping[ScheduledActivity, frozenset[AgentState]]] = {
    ScheduledActivity.CONTACT_WORK: frozenset(
        {AgentState.AVAILABLE, AgentState.HANDLING, AgentState.AFTER_CONTACT}
    ),
    **{
        activity: frozenset({AgentState(activity.value)})
        for activity in ScheduledActivity
        if activity is not ScheduledActivity.CONTACT_WORK
    },
}
"""The states that adhere to each scheduled activity, by default."""

Matches = tuple[tuple[ScheduledActivity, frozenset[AgentState]], ...]


def _members(value: object, vocabulary: type[AgentState] | type[ScheduledActivity]) -> object:
    """Convert an iterable of names to a frozenset of members; leave anything else as is."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value
    items = list(value)
    if not all(isinstance(item, str) and item in vocabulary._value2member_map_ for item in items):
        return value
    return frozenset(vocabulary(item) for item in items)


def _to_states(value: object) -> object:
    return _members(value, AgentState)


def _to_activities(value: object) -> object:
    return _members(value, ScheduledActivity)


def _to_matches(value: object) -> object:
    """Convert a mapping of activity -> states to sorted (activity, frozenset) pairs."""
    if not isinstance(value, Mapping):
        return value
    order = list(ScheduledActivity)
    pairs = []
    for key, states in value.items():
        if not isinstance(key, str) or key not in ScheduledActivity._value2member_map_:
            return value
        converted = _to_states(states)
        if not isinstance(converted, frozenset):
            return value
        pairs.append((ScheduledActivity(key), converted))
    return tuple(sorted(pairs, key=lambda pair: order.index(pair[0])))


def _vocabulary_check(
    vocabulary: type[AgentState] | type[ScheduledActivity],
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, frozenset) or not value:
            words = ", ".join(member.value for member in vocabulary)
            hint = f"; write ({value!r},) for one" if isinstance(value, str) else ""
            raise CalculationError(
                f"{type(instance).__name__}(): expected {attribute.name} as a non-empty"
                f" collection of {vocabulary.__name__} values ({words}), found {value!r}{hint}"
            )

    return check


def _is_match(pair: object) -> bool:
    return (
        isinstance(pair, tuple)
        and len(pair) == 2
        and isinstance(pair[0], ScheduledActivity)
        and isinstance(pair[1], frozenset)
        and bool(pair[1])
        and all(isinstance(state, AgentState) for state in pair[1])
    )


def _check_matches(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(_is_match(pair) for pair in value):
        raise CalculationError(
            f"{type(instance).__name__}(): expected matches as a mapping from ScheduledActivity"
            f" values to non-empty collections of AgentState values, found {value!r}"
        )


def _words(members: Iterable[AgentState | ScheduledActivity]) -> str:
    chosen = set(members)
    vocabulary = list(AgentState) if all(isinstance(m, AgentState) for m in chosen) else []
    vocabulary = vocabulary or list(ScheduledActivity)
    return ", ".join(m.value for m in vocabulary if m in chosen)


@typing.final
@attrs.frozen(kw_only=True)
class Occupancy(ActivityKpi):
    """Share of staffed time spent handling contacts (occupancy).

    Parameters
    ----------
    handling_states : collection of AgentState, default {"handling", "after_contact"}
        States counted as handling time.
    available_states : collection of AgentState, default {"available"}
        States counted as available (idle, ready) time.  Centres differ on
        whether time in other states counts as available; name the states here.
    name : str, default "occupancy"
        Name of the result column.

    Raises
    ------
    CalculationError
        If a collection is empty or names an unknown state, or the two share a state.

    Notes
    -----
    Numerator: seconds in `handling_states`; denominator: seconds in
    `handling_states` or `available_states`; excluded: seconds in any other
    recorded state.  Measured from an `AgentStateTable` alone.

    Examples
    --------
    >>> from iso18295 import AgentState
    >>> from iso18295.kpis import Occupancy
    >>> Occupancy().describe()
    'occupancy: time in handling, after_contact / time in available, handling, after_contact'
    >>> Occupancy(available_states=("available", "other_work")).available_states == {
    ...     AgentState.AVAILABLE, AgentState.OTHER_WORK}
    True
    """

    handling_states: frozenset[AgentState] = attrs.field(
        default=_HANDLING, converter=_to_states, validator=_vocabulary_check(AgentState)
    )
    available_states: frozenset[AgentState] = attrs.field(
        default=_AVAILABLE, converter=_to_states, validator=_vocabulary_check(AgentState)
    )
    name: str = attrs.field(default="occupancy", validator=check_name)

    def __attrs_post_init__(self) -> None:
        """Refuse a state counted both as handling and as available."""
        shared = self.handling_states & self.available_states
        if shared:
            raise CalculationError(
                "Occupancy(): expected handling_states and available_states without a state"
                f" in common, found {_words(shared)} in both"
            )

    def describe(self) -> str:
        """Return the definition in words."""
        both = self.handling_states | self.available_states
        return f"{self.name}: time in {_words(self.handling_states)} / time in {_words(both)}"


@typing.final
@attrs.frozen(kw_only=True)
class ScheduleAdherence(ActivityKpi):
    """Share of scheduled time in which agents did what was scheduled (schedule adherence).

    Parameters
    ----------
    tolerance_seconds : float, default 0.0
        Scheduled time within this many seconds after the start, or before
        the end, of a stretch of one scheduled activity counts as adherent
        whatever the agent did (a grace period for a late log-in or an early
        break).  A stretch is a run of back-to-back segments of one activity.
    activities : collection of ScheduledActivity, default every activity but "planned_absence"
        The scheduled activities whose time counts.
    matches : mapping, optional
        The recorded states (a collection of `AgentState`) that adhere to
        each scheduled activity (a `ScheduledActivity`).  Default:
        ``contact_work`` is matched by ``available``, ``handling`` and
        ``after_contact``, every other activity by the state of its name.
    name : str, default "schedule_adherence"
        Name of the result column.

    Raises
    ------
    CalculationError
        If `tolerance_seconds` is negative or not finite, a collection is
        empty or names an unknown value, or a counted activity has no match.

    Notes
    -----
    Numerator: scheduled seconds of `activities` in which the recorded state
    matches the activity, or which lie within the tolerance; denominator:
    scheduled seconds of `activities`; excluded: scheduled seconds of other
    activities.  Time with no recorded state never matches.  Needs a
    `ScheduleTable`.

    Examples
    --------
    >>> ScheduleAdherence(tolerance_seconds=60, activities=("contact_work",)).describe()
    'schedule_adherence: scheduled time in a matching state (contact_work: available, handling, after_contact), or within 60 s of a stretch start or end / scheduled time of contact_work'
    """  # noqa: E501 - doctest output line

    tolerance_seconds: float = attrs.field(default=0.0, validator=check_seconds)
    activities: frozenset[ScheduledActivity] = attrs.field(
        default=_WORKED, converter=_to_activities, validator=_vocabulary_check(ScheduledActivity)
    )
    matches: Matches = attrs.field(
        default=DEFAULT_MATCHES, converter=_to_matches, validator=_check_matches
    )
    name: str = attrs.field(default="schedule_adherence", validator=check_name)

    def __attrs_post_init__(self) -> None:
        """Refuse a counted activity that no state can match."""
        missing = self.activities - {activity for activity, _ in self.matches}
        if missing:
            raise CalculationError(
                "ScheduleAdherence(): expected matches for every counted activity, found none"
                f" for {_words(missing)}"
            )

    def describe(self) -> str:
        """Return the definition in words."""
        matched = "; ".join(
            f"{activity.value}: {_words(states)}"
            for activity, states in self.matches
            if activity in self.activities
        )
        return (
            f"{self.name}: scheduled time in a matching state ({matched}), or within"
            f" {self.tolerance_seconds:g} s of a stretch start or end / scheduled time of"
            f" {_words(self.activities)}"
        )


@typing.final
@attrs.frozen(kw_only=True)
class ScheduleConformance(ActivityKpi):
    """Time agents worked over the time they were scheduled to work, whenever (schedule conformance).

    Parameters
    ----------
    worked_states : collection of AgentState, default {"available", "handling", "after_contact"}
        Recorded states counted as worked time.
    activities : collection of ScheduledActivity, default {"contact_work"}
        Scheduled activities whose time is the time to be worked.
    name : str, default "schedule_conformance"
        Name of the result column.

    Raises
    ------
    CalculationError
        If a collection is empty or names an unknown value.

    Notes
    -----
    Unlike `ScheduleAdherence`, conformance does not ask *when*: an hour
    worked late makes up for an hour started late.  Numerator: recorded
    seconds in `worked_states`, scheduled or not; denominator: scheduled
    seconds of `activities`; nothing is excluded.  The value exceeds 1 when
    agents worked more than scheduled.  Needs a `ScheduleTable`.

    Examples
    --------
    >>> ScheduleConformance().describe()
    'schedule_conformance: time in available, handling, after_contact / scheduled time of contact_work'
    """  # noqa: E501 - doctest output line

    worked_states: frozenset[AgentState] = attrs.field(
        default=frozenset({AgentState.AVAILABLE, AgentState.HANDLING, AgentState.AFTER_CONTACT}),
        converter=_to_states,
        validator=_vocabulary_check(AgentState),
    )
    activities: frozenset[ScheduledActivity] = attrs.field(
        default=frozenset({ScheduledActivity.CONTACT_WORK}),
        converter=_to_activities,
        validator=_vocabulary_check(ScheduledActivity),
    )
    name: str = attrs.field(default="schedule_conformance", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        return (
            f"{self.name}: time in {_words(self.worked_states)} / scheduled time of"
            f" {_words(self.activities)}"
        )


@typing.final
@attrs.frozen(kw_only=True)
class Absenteeism(ActivityKpi):
    """Share of scheduled time lost to unplanned absence (absenteeism).

    Parameters
    ----------
    absent_states : collection of AgentState, default {"unplanned_absence"}
        Recorded states counted as absence.  Add ``"offline"`` to count
        scheduled time spent logged out as absence too.
    planned_absence : {"exclude", "include"}, default "exclude"
        Whether scheduled ``planned_absence`` (leave agreed in advance) is
        left out of the scheduled time (the usual definition), or kept in it.
    name : str, default "absenteeism"
        Name of the result column.

    Raises
    ------
    CalculationError
        If `absent_states` is empty or names an unknown state, or
        `planned_absence` is not one of the choices.

    Notes
    -----
    Numerator: scheduled seconds (as counted) in which the recorded state is
    in `absent_states`; denominator: scheduled seconds, without planned
    absence unless ``planned_absence="include"``; excluded: the scheduled
    planned absence left out.  Absence outside scheduled time does not count.
    Needs a `ScheduleTable`.

    Examples
    --------
    >>> Absenteeism().describe()
    'absenteeism: scheduled time in unplanned_absence / scheduled time; planned_absence excluded'
    """

    absent_states: frozenset[AgentState] = attrs.field(
        default=frozenset({AgentState.UNPLANNED_ABSENCE}),
        converter=_to_states,
        validator=_vocabulary_check(AgentState),
    )
    planned_absence: Literal["exclude", "include"] = attrs.field(
        default="exclude", validator=one_of("exclude", "include")
    )
    name: str = attrs.field(default="absenteeism", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        rule = "excluded" if self.planned_absence == "exclude" else "included"
        return (
            f"{self.name}: scheduled time in {_words(self.absent_states)} / scheduled time;"
            f" planned_absence {rule}"
        )
