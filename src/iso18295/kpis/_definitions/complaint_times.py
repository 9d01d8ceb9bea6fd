"""Complaint times as data: time to acknowledge and time to resolve, mean or share in time.

Both measure the complaints received in the period (see `ComplaintRate`).
Clocks run in elapsed (calendar) time, so a night with a clock change lasts
what it really lasted.  What happened after the period ended is not looked at:
a complaint acknowledged or resolved after the period's last midnight is
*pending* at the period end, exactly like one never acknowledged or still
open, and `pending` says how pending complaints count.  The choices are
explained in :doc:`/explanation/complaint-kpis`.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar, Literal

import attrs

from iso18295._model.complaints import Complaint, ComplaintCategory
from iso18295.errors import CalculationError
from iso18295.kpis._definitions.complaints import (
    check_categories,
    complaints_chosen,
    received_in,
    to_categories,
)
from iso18295.kpis._engine.documents import (
    GroupContext,
    Tally,
    ratio,
    require_default,
)
from iso18295.kpis._engine.families import DocumentKpi, Source
from iso18295.kpis._engine.options import check_bool, check_name, check_optional_seconds, one_of
from iso18295.kpis._engine.periods import Period

Pending = Literal["exclude", "missed", "missed_if_overdue"]


def _check_threshold_rules(kpi: ComplaintAcknowledgementTime | ComplaintResolutionTime) -> None:
    if kpi.statistic == "within":
        if kpi.threshold_seconds is None:
            raise CalculationError(
                f"{type(kpi).__name__}(): expected threshold_seconds with"
                " statistic='within', found None"
            )
        return
    for option in ("threshold_seconds", "threshold_inclusive", "pending"):
        require_default(kpi, option, "with statistic='within'")


def _tally_times(
    kpi: ComplaintAcknowledgementTime | ComplaintResolutionTime,
    spans: Sequence[tuple[datetime | None, datetime | None]],
    period: Period,
) -> Tally:
    """Tally (clock start, clock stop) pairs; a missing or later-than-period stop is pending.

    A pair whose start is missing although it has stopped cannot be timed and
    is excluded whatever `pending` says.
    """
    end = period.end_instant
    seconds: list[float] = []
    pending_elapsed: list[float] = []
    untimed = 0
    for start_local, stop_local in spans:
        # in UTC: Python subtracts datetimes of one zone by wall clock, wrong across DST
        start = None if start_local is None else start_local.astimezone(UTC)
        stop = None if stop_local is None else stop_local.astimezone(UTC)
        if stop is not None and stop < end:
            if start is None:
                untimed += 1
            else:
                seconds.append((stop - start).total_seconds())
        else:
            pending_elapsed.append(0.0 if start is None else (end - start).total_seconds())
    if kpi.statistic == "mean":
        return ratio(sum(seconds), len(seconds), excluded=untimed + len(pending_elapsed))
    limit = float(typing.cast("float", kpi.threshold_seconds))
    if kpi.threshold_inclusive:
        in_time = sum(s <= limit for s in seconds)
        overdue = sum(e > limit for e in pending_elapsed)
    else:
        in_time = sum(s < limit for s in seconds)
        overdue = sum(e >= limit for e in pending_elapsed)
    missed = {"exclude": 0, "missed": len(pending_elapsed), "missed_if_overdue": overdue}[
        kpi.pending
    ]
    excluded = untimed + len(pending_elapsed) - missed
    return ratio(float(in_time), len(seconds) + missed, excluded=excluded)


def _time_words(
    kpi: ComplaintAcknowledgementTime | ComplaintResolutionTime,
    event: tuple[str, str],
    clock: str,
) -> str:
    noun, participle = event
    which = complaints_chosen(kpi.categories)
    if kpi.statistic == "mean":
        return (
            f"{kpi.name}: mean seconds from {clock} to {noun} of {which} received;"
            f" not {participle} by the period end: excluded"
        )
    sign, over = ("<=", "over") if kpi.threshold_inclusive else ("<", "at or over")
    t = f"{kpi.threshold_seconds:g}"
    pending = {
        "exclude": "excluded",
        "missed": "counted as missed",
        "missed_if_overdue": f"counted as missed if {over} {t} s by then, else excluded",
    }[kpi.pending]
    return (
        f"{kpi.name}: {which} {participle} within {t} s of {clock} ({sign} {t} s)"
        f" / {which} received; not {participle} by the period end: {pending}"
    )


@typing.final
@attrs.frozen(kw_only=True)
class ComplaintAcknowledgementTime(DocumentKpi):
    """Time to acknowledge complaints: the mean, or the share acknowledged within a threshold.

    The clock starts when the complaint is received (`Complaint.received_at`)
    and stops when its receipt is acknowledged (`Complaint.acknowledged_at`).

    Parameters
    ----------
    statistic : {"mean", "within"}, default "mean"
        ``mean``: the mean time, in seconds, of complaints acknowledged by the
        period end; ``within``: the share acknowledged within `threshold_seconds`.
    threshold_seconds : float or None, default None
        With ``within``: the longest time, in seconds, still in time (two days:
        172800).  Required with ``within``, refused with ``mean``.
    threshold_inclusive : bool, default True
        With ``within``: whether exactly `threshold_seconds` is in time.
    pending : {"exclude", "missed", "missed_if_overdue"}, default "exclude"
        With ``within``: how complaints not acknowledged by the period end
        (never, or later) count: left out (counted in `excluded`); in the
        denominator as missed; or missed only if the threshold had passed at
        the period end, left out otherwise.  With ``mean`` they are always
        left out and counted in `excluded`.
    categories : tuple of ComplaintCategory or None, default None
        Only complaints of these categories; None for all.
    name : str, default "complaint_acknowledgement_time"
        Name of the result column.

    Raises
    ------
    CalculationError
        If an option is not of the kind described, `threshold_seconds` is
        missing with ``within``, or a ``within`` option is set with ``mean``.

    Examples
    --------
    >>> ComplaintAcknowledgementTime().describe()
    'complaint_acknowledgement_time: mean seconds from receipt to acknowledgement of complaints received; not acknowledged by the period end: excluded'
    >>> ComplaintAcknowledgementTime(statistic="within", threshold_seconds=172800,
    ...                              pending="missed").describe()
    'complaint_acknowledgement_time: complaints acknowledged within 172800 s of receipt (<= 172800 s) / complaints received; not acknowledged by the period end: counted as missed'
    """  # noqa: E501 - doctest output lines

    statistic: Literal["mean", "within"] = attrs.field(
        default="mean", validator=one_of("mean", "within")
    )
    threshold_seconds: float | None = attrs.field(default=None, validator=check_optional_seconds)
    threshold_inclusive: bool = attrs.field(default=True, validator=check_bool)
    pending: Pending = attrs.field(
        default="exclude", validator=one_of("exclude", "missed", "missed_if_overdue")
    )
    categories: tuple[ComplaintCategory, ...] | None = attrs.field(
        default=None, converter=to_categories, validator=check_categories
    )
    name: str = attrs.field(default="complaint_acknowledgement_time", validator=check_name)

    source: ClassVar[Source] = "complaints"

    def __attrs_post_init__(self) -> None:
        _check_threshold_rules(self)

    def describe(self) -> str:
        """Return the definition in words."""
        return _time_words(self, ("acknowledgement", "acknowledged"), "receipt")

    def _selects(self, document: Complaint, period: Period) -> bool:
        """Select the complaints received in the period, of the chosen categories."""
        return received_in(document, period, self.categories)

    def _tally(self, documents: Sequence[Complaint], group: GroupContext) -> Tally:
        """Time each complaint from receipt to acknowledgement."""
        spans = [(c.received_at, c.acknowledged_at) for c in documents]
        return _tally_times(self, spans, group.period)


@typing.final
@attrs.frozen(kw_only=True)
class ComplaintResolutionTime(DocumentKpi):
    """Time to resolve complaints: the mean, or the share resolved within a threshold.

    The clock stops when the complaint is closed with a response
    (`Complaint.resolved_at`, whatever the outcome, withdrawn included).

    Parameters
    ----------
    statistic : {"mean", "within"}, default "mean"
        ``mean``: the mean time, in seconds, of complaints resolved by the
        period end; ``within``: the share resolved within `threshold_seconds`.
    threshold_seconds : float or None, default None
        With ``within``: the longest time, in seconds, still in time.
        Required with ``within``, refused with ``mean``.
    threshold_inclusive : bool, default True
        With ``within``: whether exactly `threshold_seconds` is in time.
    pending : {"exclude", "missed", "missed_if_overdue"}, default "exclude"
        With ``within``: how complaints still open at the period end count (as
        for `ComplaintAcknowledgementTime`).  With ``mean`` they are left out
        and counted in `excluded`.
    clock_start : {"received", "acknowledged"}, default "received"
        When the clock starts: on receipt, or on acknowledgement.  With
        ``acknowledged``, a complaint resolved but never acknowledged cannot
        be timed and is excluded, and one still open and not acknowledged has
        0 s on its clock at the period end.
    categories : tuple of ComplaintCategory or None, default None
        Only complaints of these categories; None for all.
    name : str, default "complaint_resolution_time"
        Name of the result column.

    Raises
    ------
    CalculationError
        As `ComplaintAcknowledgementTime`; and, when measured with
        ``clock_start="acknowledged"``, if a complaint was resolved before it
        was acknowledged (the ids are named).

    Examples
    --------
    >>> ComplaintResolutionTime(clock_start="acknowledged").describe()
    'complaint_resolution_time: mean seconds from acknowledgement to resolution of complaints received; not resolved by the period end: excluded'
    """  # noqa: E501 - doctest output line

    statistic: Literal["mean", "within"] = attrs.field(
        default="mean", validator=one_of("mean", "within")
    )
    threshold_seconds: float | None = attrs.field(default=None, validator=check_optional_seconds)
    threshold_inclusive: bool = attrs.field(default=True, validator=check_bool)
    pending: Pending = attrs.field(
        default="exclude", validator=one_of("exclude", "missed", "missed_if_overdue")
    )
    clock_start: Literal["received", "acknowledged"] = attrs.field(
        default="received", validator=one_of("received", "acknowledged")
    )
    categories: tuple[ComplaintCategory, ...] | None = attrs.field(
        default=None, converter=to_categories, validator=check_categories
    )
    name: str = attrs.field(default="complaint_resolution_time", validator=check_name)

    source: ClassVar[Source] = "complaints"

    def __attrs_post_init__(self) -> None:
        _check_threshold_rules(self)

    def describe(self) -> str:
        """Return the definition in words."""
        clock = "receipt" if self.clock_start == "received" else "acknowledgement"
        return _time_words(self, ("resolution", "resolved"), clock)

    def _selects(self, document: Complaint, period: Period) -> bool:
        """Select the complaints received in the period, of the chosen categories."""
        return received_in(document, period, self.categories)

    def _tally(self, documents: Sequence[Complaint], group: GroupContext) -> Tally:
        """Time each complaint from the clock start to resolution."""
        spans: list[tuple[datetime | None, datetime | None]]
        if self.clock_start == "received":
            spans = [(c.received_at, c.resolved_at) for c in documents]
        else:
            early = [
                c.id
                for c in documents
                if c.resolved_at is not None
                and c.acknowledged_at is not None
                and c.resolved_at.astimezone(UTC) < c.acknowledged_at.astimezone(UTC)
            ]
            if early:
                raise CalculationError(
                    f"{type(self).__name__}(): complaints {', '.join(early)}: expected"
                    " resolved_at >= acknowledged_at with clock_start='acknowledged', found"
                    " it earlier"
                )
            spans = [(c.acknowledged_at, c.resolved_at) for c in documents]
        return _tally_times(self, spans, group.period)
