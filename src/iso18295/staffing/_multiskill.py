"""Multi-skill honesty check: simulate a plan that counts flexible agents in every skill.

A common shortcut sizes each skill with Erlang C, counting every agent who has
the skill, so an agent with two skills counts fully in both.  That overstates
capacity: the agent is one person.  :func:`check_multiskill_plan` simulates the
centre as it would run, and reports, per skill, the service level the
shortcut promises next to the one the simulation gives.

The simulation is a discrete-event one, for one stationary interval: contacts
of each skill arrive at random (Poisson), handling times are exponential with
each skill's mean, nobody abandons.  An arriving contact goes to an idle agent
with its skill, preferring the group with the fewest skills (specialists first,
keeping flexible agents free); an agent who becomes free takes, among the
skills it has, the contact that has waited longest.  Service level per skill is
measured after a warm-up, with its standard error from batch means.
"""

from __future__ import annotations

import dataclasses
import heapq
import typing
from collections import deque

import numpy as np
from numpy.typing import ArrayLike, NDArray

import iso18295._display as _display
from iso18295._limits import MAX_AGENTS
from iso18295.staffing import _validation as v
from iso18295.staffing._erlang_b import erlang_b_flat
from iso18295.staffing._erlang_c import ErlangC

_MAX_SKILLS = 64
_MAX_CONTACTS = 10_000_000
_BATCHES = 20


@typing.final
@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class MultiSkillCheck:
    """Per-skill service levels a multi-skill plan assumes, against a simulation of it.

    Every attribute is a float64 array of shape (skills,).

    Attributes
    ----------
    planned_service_level : numpy.ndarray of float64
        Erlang C service level of each skill counting every agent who has the
        skill, as if each served that skill alone.
    simulated_service_level : numpy.ndarray of float64
        Service level of each skill in the simulation.
    standard_error : numpy.ndarray of float64
        Standard error of each simulated service level (batch means).
    gap : numpy.ndarray of float64
        ``planned_service_level - simulated_service_level``: how far the plan
        overstates each skill's service level.

    Examples
    --------
    >>> from iso18295.staffing import check_multiskill_plan
    >>> check = check_multiskill_plan([10.0], handling_seconds=[180.0],
    ...                               group_skills=[[True]], group_agents=[14], contacts=20_000)
    >>> round(float(check.planned_service_level[0]), 3)
    0.888
    """

    planned_service_level: NDArray[np.float64]
    simulated_service_level: NDArray[np.float64]
    standard_error: NDArray[np.float64]
    gap: NDArray[np.float64]

    def __repr__(self) -> str:
        return _display.fields_repr(self)

    def _repr_html_(self) -> str:
        return _display.fields_html(self)


def _simulate(
    rate: NDArray[np.float64],
    handling: NDArray[np.float64],
    skills: NDArray[np.bool_],
    agents: NDArray[np.int64],
    threshold: float,
    contacts: int,
    seed: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the simulated service level per skill and its standard error."""
    rng = np.random.default_rng(seed)
    total = float(rate.sum())
    arrivals = np.cumsum(rng.exponential(1.0 / total, contacts)).tolist()
    kinds = rng.choice(rate.size, size=contacts, p=rate / total).tolist()
    services = (rng.exponential(1.0, contacts) * handling[kinds]).tolist()
    groups_of = [
        sorted(np.flatnonzero(skills[:, s]).tolist(), key=lambda g: (int(skills[g].sum()), g))
        for s in range(rate.size)
    ]
    skills_of = [np.flatnonzero(skills[g]).tolist() for g in range(skills.shape[0])]
    idle = agents.tolist()
    queues: list[deque[int]] = [deque() for _ in range(rate.size)]
    busy: list[tuple[float, int]] = []  # (time free, group)
    warm_up = contacts // 10
    per_batch = (contacts - warm_up) // _BATCHES + 1
    met = np.zeros((rate.size, _BATCHES))
    answered = np.zeros((rate.size, _BATCHES))

    def record(contact: int, wait: float) -> None:
        if contact >= warm_up:
            batch = (contact - warm_up) // per_batch
            answered[kinds[contact], batch] += 1.0
            met[kinds[contact], batch] += wait <= threshold

    def finish_until(now: float) -> None:
        while busy and busy[0][0] <= now:  # agents finishing by `now` take the next contact
            free_at, group = heapq.heappop(busy)
            waiting = [s for s in skills_of[group] if queues[s]]
            if waiting:
                skill = min(waiting, key=lambda s: arrivals[queues[s][0]])
                taken = queues[skill].popleft()
                record(taken, free_at - arrivals[taken])
                heapq.heappush(busy, (free_at + services[taken], group))
            else:
                idle[group] += 1

    for contact in range(contacts):
        now = arrivals[contact]
        finish_until(now)
        skill = kinds[contact]
        for group in groups_of[skill]:
            if idle[group]:
                idle[group] -= 1
                record(contact, 0.0)
                heapq.heappush(busy, (now + services[contact], group))
                break
        else:
            queues[skill].append(contact)
    finish_until(np.inf)  # serve the contacts still waiting after the last arrival
    level = met.sum(axis=1) / np.maximum(answered.sum(axis=1), 1.0)
    batch_level = met / np.maximum(answered, 1.0)
    error = batch_level.std(axis=1, ddof=1) / np.sqrt(_BATCHES)
    return level, error


def _is_whole(value: object, low: int, high: int) -> bool:
    """Return whether `value` is an int (not a bool) from `low` to `high`."""
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


def check_multiskill_plan(
    traffic_erlangs: ArrayLike,
    *,
    handling_seconds: ArrayLike,
    group_skills: ArrayLike,
    group_agents: ArrayLike,
    threshold_seconds: float = 20.0,
    contacts: int = 200_000,
    seed: int = 0,
) -> MultiSkillCheck:
    """Simulate a multi-skill staffing plan and compare each skill's service level with the plan's.

    The plan's figure for a skill is Erlang C with every agent who has the
    skill, as if those agents served nothing else; the simulation lets each
    agent serve one contact at a time from any of its skills.  The difference
    shows how far counting flexible agents in several skills overstates the
    service.  One stationary interval; see the module notes for the routing.

    Parameters
    ----------
    traffic_erlangs : array_like of float
        Offered traffic per skill in Erlangs, shape (skills,); each > 0 and at
        most `MAX_TRAFFIC_ERLANGS`; 1 to 64 skills.
    handling_seconds : array_like of float
        Mean handling time per skill in seconds, shape (skills,); > 0.
    group_skills : array_like of bool
        Shape (groups, skills): which skills the agents of each group have.
        Every group has at least one skill, every skill at least one group.
    group_agents : array_like of int
        Agents per group, shape (groups,); whole numbers from 0 to `MAX_AGENTS`.
    threshold_seconds : float, default 20.0
        Service-level threshold in seconds, >= 0.
    contacts : int, default 200000
        Contacts to simulate (the first tenth is a warm-up), from 1,000 to
        10,000,000; the work grows with it (about a second per 200,000).
    seed : int, default 0
        Seed of the random numbers: the same seed gives the same result.

    Returns
    -------
    MultiSkillCheck
        Planned and simulated service level per skill, the simulation's
        standard error, and the gap.

    Raises
    ------
    CalculationError
        If an argument is out of range, shapes disagree, a group has no skill
        or a skill has no group.

    Examples
    --------
    Two skills of 10 Erlangs, 8 specialists each and 6 agents with both: the
    plan counts 14 agents for each skill, but only 22 people serve 20 Erlangs.

    >>> from iso18295.staffing import check_multiskill_plan
    >>> check = check_multiskill_plan(
    ...     [10.0, 10.0], handling_seconds=[180.0, 180.0],
    ...     group_skills=[[True, False], [False, True], [True, True]],
    ...     group_agents=[8, 8, 6], contacts=50_000, seed=1,
    ... )
    >>> check.planned_service_level.round(3)
    array([0.888, 0.888])
    >>> bool((check.gap > 0.2).all())
    True
    """
    function = "check_multiskill_plan"
    traffic = v.real(traffic_erlangs, function=function, name="traffic_erlangs", bound="> 0")
    handling = v.real(handling_seconds, function=function, name="handling_seconds", bound="> 0")
    threshold = float(
        v.real(threshold_seconds, function=function, name="threshold_seconds", bound=">= 0")
    )
    agents = v.agents(group_agents, function=function, name="group_agents")
    raw = np.asarray(group_skills)
    if raw.dtype != np.bool_ or raw.ndim != 2:
        raise v.fail(
            function, "group_skills as a 2-d array of booleans", f"{raw.dtype} {raw.shape}"
        )
    skills = raw.astype(np.bool_)
    count = traffic.size
    if traffic.ndim != 1 or not 1 <= count <= _MAX_SKILLS or handling.shape != traffic.shape:
        raise v.fail(
            function,
            f"traffic_erlangs and handling_seconds of one shape (skills,), 1 to {_MAX_SKILLS}",
            f"{traffic.shape} and {handling.shape}",
        )
    if skills.shape[1] != count or agents.shape != (skills.shape[0],):
        raise v.fail(
            function,
            f"group_skills of shape (groups, {count}) and group_agents of shape (groups,)",
            f"{skills.shape} and {agents.shape}",
        )
    if not skills.any(axis=1).all() or not skills.any(axis=0).all():
        raise v.fail(function, "every group with a skill and every skill with a group", "not so")
    if not _is_whole(contacts, 1_000, _MAX_CONTACTS):
        raise v.fail(function, f"contacts from 1,000 to {_MAX_CONTACTS:,}", repr(contacts))
    if not _is_whole(seed, 0, 2**63 - 1):
        raise v.fail(function, "seed as a whole number >= 0", repr(seed))
    counted = (skills * agents[:, None]).sum(axis=0).astype(np.int64)
    v.derived(function, "agents counted in a skill", counted.astype(np.float64), MAX_AGENTS)
    model = ErlangC(traffic, counted, erlang_b_flat(traffic, counted))
    planned = model.service_level(handling, np.full(count, threshold))
    simulated, error = _simulate(
        traffic / handling, handling, skills, agents, threshold, contacts, seed
    )
    return MultiSkillCheck(
        planned_service_level=planned,
        simulated_service_level=simulated,
        standard_error=error,
        gap=planned - simulated,
    )
