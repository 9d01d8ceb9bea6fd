"""Channel availability: the share of a channel's opening time it could take contacts.

Read from the centre's channels: their opening hours (`Channel.opening_hours`,
local time of the centre's zone) and their outages (`Channel.outages`).  The
choices are explained in :doc:`/explanation/kpi-definitions`.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import ClassVar, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.channels import Channel
from iso18295.kpis._engine.business_hours import Week, business_nanoseconds, week_windows
from iso18295.kpis._engine.documents import GroupContext, Tally, ratio
from iso18295.kpis._engine.families import DocumentKpi, Source
from iso18295.kpis._engine.options import check_name
from iso18295.kpis._engine.periods import Period

_NS: Final = 1_000_000_000
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _utc_ns(moment: datetime) -> int:
    """Return an aware datetime as integer UTC nanoseconds (exact, no float)."""
    return (moment - _EPOCH) // timedelta(microseconds=1) * 1000


@typing.final
@attrs.frozen(kw_only=True)
class ChannelAvailability(DocumentKpi):
    """Share of a channel's scheduled opening time in which it was available (uptime).

    Parameters
    ----------
    name : str, default "channel_availability"
        Name of the result column.

    Notes
    -----
    Per channel, the denominator is the channel's opening time in the
    reporting period, in seconds: the elapsed time in the period during
    which the wall clock of the centre's time zone (`ContactCentre.time_zone`)
    is inside the channel's `opening_hours`.  The numerator is that time less
    the part of it covered by the channel's `outages` (overlapping outages
    count once; outage time outside the opening hours or the period counts
    nothing).  A group of several channels pools their seconds.

    A channel whose outages were not supplied (`Channel.outages` None) or
    whose opening hours were not supplied has no availability: it is counted
    in `excluded` and its group's value is undefined (NaN), never 100 %.
    A channel that lists no outage (``()``) was available all its opening
    time; a channel with no opening time in the period has no value either
    (0 / 0).  Group by ``channel_id``; channels belong to no client.

    Examples
    --------
    >>> ChannelAvailability().describe()
    "channel_availability: opening time less outage time / opening time, in the centre's time zone, per channel's opening hours"
    """  # noqa: E501 - doctest output line

    name: str = attrs.field(default="channel_availability", validator=check_name)

    source: ClassVar[Source] = "channels"

    def describe(self) -> str:
        """Return the definition in words."""
        return (
            f"{self.name}: opening time less outage time / opening time, in the centre's"
            " time zone, per channel's opening hours"
        )

    def _collections(self) -> tuple[str, ...]:
        """Read no `Scope` collection: channels belong to the centre (checked per channel)."""
        return ()

    def _selects(self, document: Channel, period: Period) -> bool:
        """Select every channel of the centre."""
        return True

    def _tally(self, documents: Sequence[Channel], group: GroupContext) -> Tally:
        """Pool the channels' opening and available seconds."""
        centre = group.scope.centre
        period = group.period
        start = _utc_ns(period.midnight(period.start))
        end = _utc_ns(period.midnight(period.end))
        opening, available, excluded = 0, 0, 0
        for channel in documents:
            if channel.outages is None or channel.opening_hours is None or centre is None:
                excluded += 1
                continue
            week = Week.of(week_windows(channel.opening_hours))
            starts, ends = _outage_spans(channel, start, end)
            starts = np.concatenate([[start], starts]).astype(np.int64)
            ends = np.concatenate([[end], ends]).astype(np.int64)
            open_ns = business_nanoseconds(starts, ends, week, centre.time_zone)
            opening += int(open_ns[0])
            available += int(open_ns[0]) - int(open_ns[1:].sum())
        result = ratio(available / _NS, opening // _NS, excluded=excluded)
        defined = opening > 0 and not excluded
        return attrs.evolve(result, value=available / opening if defined else float("nan"))


def _outage_spans(
    channel: Channel, start: int, end: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return the channel's outages clipped to ``[start, end)`` and merged, as UTC nanoseconds."""
    spans = sorted(
        (max(_utc_ns(o.started_at), start), min(_utc_ns(o.ended_at), end))
        for o in channel.outages or ()
    )
    merged: list[list[int]] = []
    for first, last in spans:
        if last <= first:
            continue
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return (
        np.array([a for a, _ in merged], dtype=np.int64),
        np.array([b for _, b in merged], dtype=np.int64),
    )
