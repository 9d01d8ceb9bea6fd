"""Metrics of handled contacts as data: handling time, resolution, satisfaction, transfers.

These count contacts of both directions unless `direction` says otherwise: an
outbound call is handled, resolved and surveyed like an inbound one.
"""

from __future__ import annotations

import typing
from typing import Any, Literal

import attrs

from iso18295._errors import MetricError
from iso18295.metrics._base import (
    Direction,
    Lowering,
    Metric,
    check_direction,
    check_name,
    check_number,
    one_of,
    scope_words,
)
from iso18295.metrics._definitions import ANSWERED
from iso18295.metrics._expressions import (
    COMPONENT_COLUMNS,
    AtLeast,
    Flag,
    Recorded,
    ResolvedIs,
    SumOf,
    Value,
    direction_expr,
)

Component = Literal["talk", "hold", "after_contact"]
SATISFACTION = Value(columns=("satisfaction",))


def _check_components(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    allowed = tuple(COMPONENT_COLUMNS)
    if (
        not isinstance(value, tuple)
        or not value
        or any(c not in allowed for c in value)
        or len(set(value)) != len(value)
    ):
        raise MetricError(
            f"{type(instance).__name__}(): expected {attribute.name} as a non-empty tuple of"
            f" distinct names from {allowed}, found {value!r}"
        )


def _check_minimum_responses(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise MetricError(
            f"{type(instance).__name__}(): expected {attribute.name} as a whole number >= 1,"
            f" found {value!r}"
        )


@typing.final
@attrs.frozen(kw_only=True)
class AverageHandlingTime(Metric):
    """Mean handling time, in seconds, of answered contacts (average handling time).

    Parameters
    ----------
    components : tuple of {"talk", "hold", "after_contact"}, default all three
        The parts of handling that add up to the handling time: talk (or
        active handling), hold, after-contact work.
    direction : {"inbound", "outbound", "all"}, default "all"
        Which contacts count.
    name : str, default "average_handling_time"
        Name of the result column.

    Notes
    -----
    Numerator: the sum of the components over answered contacts with every
    component recorded; denominator: their number.  Answered contacts with a
    component missing (NaN) are left out, and counted in the result's `excluded`.

    Examples
    --------
    >>> AverageHandlingTime(components=("talk", "after_contact")).describe()
    'average_handling_time: mean (talk + after_contact) seconds of answered contacts'
    """

    components: tuple[Component, ...] = attrs.field(
        default=("talk", "hold", "after_contact"), validator=_check_components
    )
    direction: Direction = attrs.field(default="all", validator=check_direction)
    name: str = attrs.field(default="average_handling_time", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        parts = " + ".join(self.components)
        return f"{self.name}: mean ({parts}) seconds of answered {scope_words(self.direction)}"

    def lower(self) -> Lowering:
        """Sum the handling times of answered contacts that have them, and count those."""
        handling = Value(columns=tuple(COMPONENT_COLUMNS[c] for c in self.components))
        answered = direction_expr(self.direction) & ANSWERED
        recorded = Recorded(value=handling)
        return Lowering(
            kind="mean",
            numerator=SumOf(value=handling, where=answered & recorded),
            denominator=answered & recorded,
            excluded=answered & ~recorded,
        )


@typing.final
@attrs.frozen(kw_only=True)
class FirstContactResolution(Metric):
    """Share of answered contacts resolved in that contact, by the `resolved` flag.

    Parameters
    ----------
    direction : {"inbound", "outbound", "all"}, default "all"
        Which contacts count.
    name : str, default "first_contact_resolution"
        Name of the result column.

    Notes
    -----
    Numerator: answered contacts with ``resolved == 1``; denominator: answered
    contacts where resolution is recorded (1 or 0).  Answered contacts without
    a record (-1) are left out, and counted in the result's `excluded`.  A
    repeat-contact definition (no further contact within W days) needs the
    customer reference and is not computed here.

    Examples
    --------
    >>> FirstContactResolution().describe()
    'first_contact_resolution: answered contacts resolved / answered contacts with resolution recorded'
    """  # noqa: E501 - doctest output line

    direction: Direction = attrs.field(default="all", validator=check_direction)
    name: str = attrs.field(default="first_contact_resolution", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        scope = scope_words(self.direction)
        return (
            f"{self.name}: answered {scope} resolved / answered {scope} with resolution recorded"
        )

    def lower(self) -> Lowering:
        """Count resolved and recorded answered contacts."""
        answered = direction_expr(self.direction) & ANSWERED
        unrecorded = ResolvedIs(value=-1)
        return Lowering(
            kind="ratio",
            numerator=answered & ResolvedIs(value=1),
            denominator=answered & ~unrecorded,
            excluded=answered & unrecorded,
        )


@typing.final
@attrs.frozen(kw_only=True)
class CustomerSatisfaction(Metric):
    """Customer satisfaction from survey scores: the mean score, or the top-box share.

    Parameters
    ----------
    method : {"mean", "top_box"}, default "mean"
        ``mean``: the mean score; ``top_box``: the share of scores >= `top_box_minimum`.
    top_box_minimum : float, default 4.0
        The lowest score in the top box (4 on a 1-5 scale: "top two boxes").
        Used by ``top_box`` only.
    minimum_responses : int, default 1
        Groups with fewer scores than this have no value (NaN).
    direction : {"inbound", "outbound", "all"}, default "all"
        Which contacts count.
    name : str, default "customer_satisfaction"
        Name of the result column.

    Notes
    -----
    Only contacts with a score (`satisfaction` not NaN) count; the scale is
    whatever the records use.

    Examples
    --------
    >>> CustomerSatisfaction(method="top_box").describe()
    'customer_satisfaction: share of scores >= 4 among scored contacts (at least 1 responses)'
    """

    method: Literal["mean", "top_box"] = attrs.field(
        default="mean", validator=one_of("mean", "top_box")
    )
    top_box_minimum: float = attrs.field(default=4.0, validator=check_number)
    minimum_responses: int = attrs.field(default=1, validator=_check_minimum_responses)
    direction: Direction = attrs.field(default="all", validator=check_direction)
    name: str = attrs.field(default="customer_satisfaction", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        scope = f"scored {scope_words(self.direction)}"
        at_least = f"(at least {self.minimum_responses} responses)"
        if self.method == "mean":
            return f"{self.name}: mean score of {scope} {at_least}"
        return f"{self.name}: share of scores >= {self.top_box_minimum:g} among {scope} {at_least}"

    def lower(self) -> Lowering:
        """Sum the scores (or count the top box) and count the scored contacts."""
        scored = direction_expr(self.direction) & Recorded(value=SATISFACTION)
        if self.method == "mean":
            return Lowering(
                kind="mean",
                numerator=SumOf(value=SATISFACTION, where=scored),
                denominator=scored,
                minimum_denominator=self.minimum_responses,
            )
        top = AtLeast(value=SATISFACTION, minimum=float(self.top_box_minimum))
        return Lowering(
            kind="ratio",
            numerator=direction_expr(self.direction) & top,
            denominator=scored,
            minimum_denominator=self.minimum_responses,
        )


@typing.final
@attrs.frozen(kw_only=True)
class TransferRate(Metric):
    """Share of answered contacts that were transferred.

    Parameters
    ----------
    direction : {"inbound", "outbound", "all"}, default "all"
        Which contacts count.
    name : str, default "transfer_rate"
        Name of the result column.

    Examples
    --------
    >>> TransferRate().describe()
    'transfer_rate: answered contacts transferred / answered contacts'
    """

    direction: Direction = attrs.field(default="all", validator=check_direction)
    name: str = attrs.field(default="transfer_rate", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        scope = scope_words(self.direction)
        return f"{self.name}: answered {scope} transferred / answered {scope}"

    def lower(self) -> Lowering:
        """Count transferred and answered contacts."""
        answered = direction_expr(self.direction) & ANSWERED
        return Lowering(
            kind="ratio",
            numerator=answered & Flag(column="transferred"),
            denominator=answered,
        )
