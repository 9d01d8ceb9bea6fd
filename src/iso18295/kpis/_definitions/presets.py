"""Definitions that match the queue KPIs contact-centre platforms report.

Each preset is a function returning ordinary definitions (`ServiceLevel`,
`AbandonmentRate`...) with the options that reproduce one platform's
documented formula, so results can be compared with the platform's own
reports.  The definitions are data: inspect them, or change one with
``attrs.evolve``.  Each function's docstring says where the platform
documents the formula, and what the records must hold for the match to be
exact.
"""

from __future__ import annotations

import math
from typing import Literal

from iso18295.errors import CalculationError
from iso18295.kpis._definitions.abandons import AbandonmentRate
from iso18295.kpis._definitions.handling import AverageHandlingTime
from iso18295.kpis._definitions.queue import AverageSpeedOfAnswer, Offered, ServiceLevel
from iso18295.kpis._engine.families import InteractionKpi


def _check_preset_options(
    where: str, seconds: dict[str, object], flags: dict[str, object]
) -> tuple[float, ...]:
    """Check a preset's options; return the seconds as floats, in order."""
    problems = []
    for name, value in seconds.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            problems.append(f"expected {name} as a finite number >= 0, found {value!r}")
    for name, value in flags.items():
        if not isinstance(value, bool):
            problems.append(f"expected {name} as True or False, found {value!r}")
    if problems:
        raise CalculationError(f"{where}(): " + "; ".join(problems))
    return tuple(float(v) for v in seconds.values())  # type: ignore[arg-type]


CiscoAbandons = Literal["ignored", "negative", "positive"]
_CISCO_ABANDONS: tuple[CiscoAbandons, ...] = ("ignored", "negative", "positive")


def amazon_connect_kpis(*, threshold_seconds: float = 20.0) -> tuple[InteractionKpi, ...]:
    """Return definitions matching Amazon Connect's historical queue metrics.

    Amazon Connect documents its metrics in the Administrator Guide
    ("Metric definitions in Amazon Connect",
    https://docs.aws.amazon.com/connect/latest/adminguide/metrics-definitions.html)
    and its API reference:

    * *Service level X*: contacts answered by an agent less than X seconds
      after being queued, over contacts queued.  The comparison is strict:
      the API's ``Threshold`` type accepts only "less than" (``LT``,
      https://docs.aws.amazon.com/connect/latest/APIReference/API_Threshold.html).
      There is no short-abandon rule.
    * *Abandonment rate*: contacts disconnected by the customer while in
      queue, over contacts queued (callbacks excluded).
    * *Average queue answer time*: mean time answered contacts spent in the
      queue.
    * *Average handle time*: mean of talk (agent interaction), customer hold
      and after-contact work time of handled contacts.

    Parameters
    ----------
    threshold_seconds : float, default 20.0
        X of "Service level X", in seconds.  Finite, >= 0.

    Returns
    -------
    tuple of InteractionKpi
        ``Offered`` (contacts queued), ``ServiceLevel``, ``AbandonmentRate``,
        ``AverageSpeedOfAnswer``, ``AverageHandlingTime``, named after the
        platform's metrics.

    Raises
    ------
    CalculationError
        If `threshold_seconds` is not a finite number >= 0.

    Notes
    -----
    The match is exact when each record is one queued contact with
    ``wait_seconds`` its time in queue, inbound only, and queued callbacks
    left out of the records (Amazon Connect counts them apart).

    Examples
    --------
    >>> for kpi in amazon_connect_kpis(threshold_seconds=30):
    ...     print(kpi.describe())
    contacts_queued: number of inbound contacts offered
    service_level: inbound contacts answered within 30 s (wait < 30 s) / offered; no short-abandon rule
    abandonment_rate: inbound contacts abandoned / offered; no short-abandon rule
    average_queue_answer_time: mean wait in seconds of answered inbound contacts
    average_handle_time: mean (talk + hold + after_contact) seconds of answered inbound contacts
    """  # noqa: E501 - doctest output lines
    (t,) = _check_preset_options(
        "amazon_connect_kpis", {"threshold_seconds": threshold_seconds}, {}
    )
    return (
        Offered(name="contacts_queued"),
        ServiceLevel(
            threshold_seconds=t,
            threshold_inclusive=False,
            denominator="offered",
            short_abandon_seconds=None,
        ),
        AbandonmentRate(short_abandon_seconds=None),
        AverageSpeedOfAnswer(name="average_queue_answer_time"),
        AverageHandlingTime(direction="inbound", name="average_handle_time"),
    )


def genesys_cloud_kpis(
    *,
    threshold_seconds: float = 20.0,
    short_abandon_seconds: float = 10.0,
    include_flowouts: bool = False,
    include_short_abandons: bool = True,
) -> tuple[InteractionKpi, ...]:
    """Return definitions matching Genesys Cloud's queue service level and abandon rate.

    Genesys Cloud documents its service level in the Resource Center article
    "Configure the service level calculation"
    (https://help.mypurecloud.com/articles/configure-the-service-level-calculation/):
    answered interactions that met the target, over answered plus abandoned
    interactions, plus flow-outs when *Include Flowouts in Calculation* is
    on, minus short abandons when *Include Short Abandons in Calculation* is
    off.  Its abandon rate counts interactions that entered the queue and
    were disconnected by the customer before an answer or a flow-out, over
    those that entered the queue.

    Parameters
    ----------
    threshold_seconds : float, default 20.0
        The queue's service level target, in seconds (Genesys Cloud's
        default target is 80 % in 20 s).  An answer at exactly the target
        meets it.  Finite, >= 0.
    short_abandon_seconds : float, default 10.0
        The organisation's short-abandon threshold (set in Genesys Cloud's
        analytics configuration; give yours).  Used only when
        `include_short_abandons` is False.
    include_flowouts : bool, default False
        The *Include Flowouts in Calculation* switch.
    include_short_abandons : bool, default True
        The *Include Short Abandons in Calculation* switch.

    Returns
    -------
    tuple of InteractionKpi
        ``Offered``, ``ServiceLevel``, ``AbandonmentRate``,
        ``AverageSpeedOfAnswer`` (average speed of answer over answered
        interactions) and ``AverageHandlingTime`` (talk + hold + after-call
        work).

    Raises
    ------
    CalculationError
        If an option is not of the kind described.

    Notes
    -----
    Flow-outs are the records neither answered nor abandoned, so the match
    is exact when such records are the queue's flow-outs (transfers out of
    the queue by the flow, callbacks offered, voicemail).

    Examples
    --------
    >>> sl = genesys_cloud_kpis(include_short_abandons=False)[1]
    >>> print(sl.describe())
    service_level: inbound contacts answered within 20 s (wait <= 20 s) / (answered + abandoned); abandons under 10 s excluded
    """  # noqa: E501 - doctest output lines
    t, short = _check_preset_options(
        "genesys_cloud_kpis",
        {"threshold_seconds": threshold_seconds, "short_abandon_seconds": short_abandon_seconds},
        {"include_flowouts": include_flowouts, "include_short_abandons": include_short_abandons},
    )
    service_level = ServiceLevel(
        threshold_seconds=t,
        threshold_inclusive=True,
        denominator="offered" if include_flowouts else "answered_or_abandoned",
        short_abandon_seconds=None if include_short_abandons else short,
        short_abandons="exclude",
    )
    return (
        Offered(),
        service_level,
        AbandonmentRate(short_abandon_seconds=None),
        AverageSpeedOfAnswer(),
        AverageHandlingTime(direction="inbound"),
    )


def cisco_ucce_kpis(
    *,
    threshold_seconds: float,
    abandoned: CiscoAbandons,
    short_call_seconds: float | None = None,
) -> tuple[InteractionKpi, ...]:
    """Return the service level as Cisco Unified Contact Center Enterprise (Unified ICM) computes it.

    Cisco documents its service level in the Unified ICM / Unified CCE
    reporting guides (for instance the CTI Server guide's "Service Level
    Formulas" table, and the WebView and Unified Intelligence Center report
    templates "SL Aban Ignored", "SL Aban Negative" and "SL Aban
    Positive").  A call has a *service level event* when it is answered
    before the threshold expires (counted in ``ServiceLevelCalls``), when the
    caller abandons before it expires (``ServiceLevelAband``), or when it
    reaches the threshold neither answered nor abandoned; every call with an
    event is in ``ServiceLevelCallsOffered``.  Calls abandoned before the
    short calls timer have no event.  The service level type, set per
    service or call type, is one of:

    * abandoned calls *ignored*: ``ServiceLevelCalls /
      (ServiceLevelCallsOffered - ServiceLevelAband)``;
    * abandoned calls *negatively* impact: ``ServiceLevelCalls /
      ServiceLevelCallsOffered``;
    * abandoned calls *positively* impact: ``(ServiceLevelCalls +
      ServiceLevelAband) / ServiceLevelCallsOffered``.

    Parameters
    ----------
    threshold_seconds : float
        The service level threshold configured for the service or call type,
        in seconds.  A call answered (or abandoned) *before* it expires is
        within it: a wait of exactly the threshold is not.  Finite, >= 0.
    abandoned : {"ignored", "negative", "positive"}
        The service level type: how calls abandoned within the threshold
        count.  No default: Cisco leaves it to the configuration.
    short_call_seconds : float or None, default None
        The short calls timer: calls abandoned after waiting less than this
        count nowhere (in `excluded`).  None: no timer configured.

    Returns
    -------
    tuple of InteractionKpi
        One ``ServiceLevel``, named ``service_level``.

    Raises
    ------
    CalculationError
        If an option is not of the kind described (every problem is listed).

    Notes
    -----
    The match is exact when every record is a call that was answered or
    abandoned (a call that left the queue otherwise before the threshold has
    no event in Cisco's count, but is in the ``"offered"`` denominator here),
    with ``wait_seconds`` its time to answer or to abandon.  Calls that
    Cisco counts with abandons because they were redirected on no answer
    (RONA) before the threshold must be marked abandoned in the records.

    Examples
    --------
    >>> for kind in ("ignored", "negative", "positive"):
    ...     (sl,) = cisco_ucce_kpis(threshold_seconds=20, abandoned=kind, short_call_seconds=5)
    ...     print(sl.describe())
    service_level: inbound contacts answered within 20 s (wait < 20 s) / (answered + abandoned after the threshold); abandons under 5 s excluded
    service_level: inbound contacts answered within 20 s (wait < 20 s) / offered; abandons under 5 s excluded
    service_level: inbound contacts answered within 20 s (wait < 20 s) / offered; abandons under 5 s ignored; other abandons under 20 s counted as met
    """  # noqa: E501 - doctest output lines
    problems = []
    try:
        (t,) = _check_preset_options(
            "cisco_ucce_kpis", {"threshold_seconds": threshold_seconds}, {}
        )
    except CalculationError as exc:
        problems.append(str(exc).removeprefix("cisco_ucce_kpis(): "))
        t = 0.0
    if abandoned not in _CISCO_ABANDONS:
        choices = ", ".join(repr(a) for a in _CISCO_ABANDONS)
        problems.append(f"expected abandoned as one of {choices}, found {abandoned!r}")
    short = None
    if short_call_seconds is not None:
        try:
            (short,) = _check_preset_options(
                "cisco_ucce_kpis", {"short_call_seconds": short_call_seconds}, {}
            )
        except CalculationError as exc:
            problems.append(str(exc).removeprefix("cisco_ucce_kpis(): "))
    if problems:
        raise CalculationError("cisco_ucce_kpis(): " + "; ".join(problems))
    # Positive: abandons within the threshold (less than it) are met, after the short
    # calls timer has left the shortest out; otherwise they are left out of (ignored) or
    # kept in (negative) the denominator, and the short calls are excluded.
    positive = abandoned == "positive"
    ignored = abandoned == "ignored"
    service_level = ServiceLevel(
        threshold_seconds=t,
        threshold_inclusive=False,
        denominator="answered_or_abandoned_after_threshold" if ignored else "offered",
        short_abandon_seconds=t if positive else short,
        short_abandons="met" if positive else "exclude",
        ignore_abandons_under_seconds=short if positive else None,
    )
    return (service_level,)
