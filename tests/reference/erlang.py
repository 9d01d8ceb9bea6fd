"""Slow, obvious oracles for the staffing formulas.

Nothing here shares code with :mod:`iso18295.staffing`:

* exact Erlang B and C in :class:`fractions.Fraction`;
* Erlang B, C and service level at 50 digits with mpmath, with Erlang B taken
  from the Poisson distribution (``pmf(n) / cdf(n)``, mpmath's incomplete gamma),
  not from the recursion the library uses;
* Erlang A from its birth-death state probabilities, summed at 50 digits until
  the terms vanish, with service level and speed of answer summed over the
  queue position each contact finds;
* a discrete-event simulation of the queue itself.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass
from fractions import Fraction

import mpmath

DIGITS = 50


def erlang_b_fraction(traffic: Fraction, agents: int) -> Fraction:
    """Erlang B by its recursion, exactly."""
    b = Fraction(1)
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    return b


def erlang_c_fraction(traffic: Fraction, agents: int) -> Fraction:
    """Erlang C from Erlang B, exactly."""
    b = erlang_b_fraction(traffic, agents)
    return agents * b / (agents - traffic * (1 - b))


def erlang_b_mp(traffic: float, agents: int) -> mpmath.mpf:
    """Erlang B as Poisson ``pmf(n) / cdf(n)`` at 50 digits."""
    with mpmath.workdps(DIGITS):
        a = mpmath.mpf(traffic)
        log_pmf = agents * mpmath.log(a) - a - mpmath.loggamma(agents + 1)
        cdf = mpmath.gammainc(agents + 1, a, mpmath.inf, regularized=True)
        return mpmath.exp(log_pmf) / cdf


def erlang_c_mp(traffic: float, agents: int) -> mpmath.mpf:
    """Erlang C at 50 digits (requires ``agents > traffic``)."""
    with mpmath.workdps(DIGITS):
        b = erlang_b_mp(traffic, agents)
        return agents * b / (agents - traffic * (1 - b))


def service_level_mp(
    traffic: float, agents: int, handling_seconds: float, threshold_seconds: float
) -> mpmath.mpf:
    """Erlang C service level at 50 digits (requires ``agents > traffic``)."""
    with mpmath.workdps(DIGITS):
        c = erlang_c_mp(traffic, agents)
        gap = agents - mpmath.mpf(traffic)
        return 1 - c * mpmath.exp(-gap * threshold_seconds / mpmath.mpf(handling_seconds))


@dataclass(frozen=True)
class ErlangAReference:
    """Erlang A quantities computed by :func:`erlang_a_mp`."""

    waiting_share: float
    abandonment_share: float
    service_level: float
    speed_of_answer_seconds: float
    occupancy: float


def erlang_a_mp(
    traffic: float,
    agents: int,
    handling_seconds: float,
    patience_seconds: float,
    threshold_seconds: float,
) -> ErlangAReference:
    """Erlang A from the state probabilities of the M/M/n+M birth-death chain.

    States ``k = 0, 1, ...`` contacts present; arrivals at rate ``lam``,
    departures at ``min(k, n) mu + max(k - n, 0) theta``.  A contact that finds
    ``j`` waiting ahead is answered with probability ``prod (n mu + i theta) /
    (n mu + (i + 1) theta)`` after a sum of exponential stages; whether that
    sum is within ``T`` uses ``exp(-theta S) ~ Beta(y + 1, j + 1)`` with
    ``y = n mu / theta`` (mpmath's regularised incomplete beta).
    """
    with mpmath.workdps(DIGITS):
        mu = 1 / mpmath.mpf(handling_seconds)
        theta = 1 / mpmath.mpf(patience_seconds)
        lam = mpmath.mpf(traffic) * mu
        n = agents
        y = n * mu / theta
        q = mpmath.exp(-theta * threshold_seconds)
        below = [mpmath.mpf(1)]  # unnormalised pi_0 .. pi_n
        for k in range(1, n + 1):
            below.append(below[-1] * lam / (k * mu))
        total = mpmath.fsum(below)
        busy = mpmath.fsum(min(k, n) * p for k, p in enumerate(below))
        queue: list[tuple[int, mpmath.mpf]] = []  # (j waiting ahead on arrival, pi_{n+j})
        term, j = below[-1], 0
        tiny = mpmath.mpf(10) ** (-DIGITS)
        while True:
            queue.append((j, term))
            j += 1
            term = term * lam / (n * mu + j * theta)
            if term < tiny * total and n * mu + j * theta > lam:
                break
        total += mpmath.fsum(p for _, p in queue[1:])
        busy += n * mpmath.fsum(p for _, p in queue[1:])
        waiting = mpmath.fsum(p for _, p in queue) / total
        in_queue = mpmath.fsum(jj * p for jj, p in queue) / total
        abandonment = theta * in_queue / lam
        answered_late = mpmath.mpf(0)
        answered_wait = mpmath.mpf(0)
        for jj, p in queue:
            answer = y / (y + jj + 1)
            late = mpmath.betainc(y + 1, jj + 1, 0, q, regularized=True)
            stages = mpmath.fsum(1 / (n * mu + (i + 1) * theta) for i in range(jj + 1))
            answered_late += p / total * answer * late
            answered_wait += p / total * answer * stages
        return ErlangAReference(
            waiting_share=float(waiting),
            abandonment_share=float(abandonment),
            service_level=float(1 - abandonment - answered_late),
            speed_of_answer_seconds=float(answered_wait / (1 - abandonment)),
            occupancy=float(busy / total / n),
        )


@dataclass(frozen=True)
class Simulated:
    """Shares estimated by :func:`simulate_queue`, each with a 99.9 % half-width."""

    service_level: float
    service_level_error: float
    abandonment_share: float
    abandonment_error: float
    speed_of_answer_seconds: float
    speed_of_answer_error: float


def _mean_and_error(batches: list[float]) -> tuple[float, float]:
    """Batch-means estimate and its 99.9 % half-width (normal approximation)."""
    mean = sum(batches) / len(batches)
    var = sum((b - mean) ** 2 for b in batches) / (len(batches) - 1)
    return mean, 3.29 * math.sqrt(var / len(batches))


def simulate_queue(
    *,
    traffic: float,
    agents: int,
    handling_seconds: float,
    patience_seconds: float | None,
    threshold_seconds: float,
    contacts: int,
    seed: int,
    batches: int = 20,
) -> Simulated:
    """Simulate a FIFO M/M/n (+M) queue with a heap of times at which agents are free.

    Each arrival takes the earliest free time; if that is later than its
    arrival plus its patience, it abandons and the agents' times are
    unchanged.  Service level counts contacts answered within the threshold
    over all offered; the first tenth of the contacts warms the queue up and is
    not counted; estimates and errors come from equal batches of the rest.
    """
    rng = random.Random(seed)
    rate = traffic / handling_seconds
    free = [0.0] * agents
    now = 0.0
    warm = contacts // 10
    size = (contacts - warm) // batches
    in_time = [0] * batches
    abandoned = [0] * batches
    answered = [0] * batches
    waited = [0.0] * batches
    for i in range(warm + size * batches):
        now += rng.expovariate(rate)
        earliest = free[0]
        wait = earliest - now if earliest > now else 0.0
        patience = rng.expovariate(1.0 / patience_seconds) if patience_seconds else math.inf
        batch = (i - warm) // size
        if wait > patience:
            if batch >= 0:
                abandoned[batch] += 1
            continue
        heapq.heapreplace(free, now + wait + rng.expovariate(1.0 / handling_seconds))
        if batch >= 0:
            answered[batch] += 1
            waited[batch] += wait
            in_time[batch] += wait <= threshold_seconds
    level = _mean_and_error([k / size for k in in_time])
    lost = _mean_and_error([k / size for k in abandoned])
    speed = _mean_and_error([w / k for w, k in zip(waited, answered, strict=True)])
    return Simulated(*level, *lost, *speed)
