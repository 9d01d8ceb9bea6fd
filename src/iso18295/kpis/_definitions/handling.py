"""KPIs of handled contacts as data: handling time, resolution, satisfaction, transfers.

These count contacts of both directions unless `direction` says otherwise: an
outbound call is handled, resolved and surveyed like an inbound one.
"""

from __future__ import annotations

import math
import typing
from fractions import Fraction
from typing import Any, Final, Literal

import attrs

from iso18295.errors import CalculationError
from iso18295.kpis._definitions.queue import ANSWERED
from iso18295.kpis._engine.dialling import WithDialling
from iso18295.kpis._engine.expressions import (
    COMPONENT_COLUMNS,
    AtLeast,
    Atom,
    Flag,
    Recorded,
    RepeatIs,
    ResolvedIs,
    SumOf,
    Value,
    direction_expr,
)
from iso18295.kpis._engine.families import InteractionKpi, Lowering
from iso18295.kpis._engine.options import (
    Direction,
    check_bool,
    check_direction,
    check_name,
    check_number,
    one_of,
    scope_words,
)
from iso18295.kpis._engine.repeats import NO_CUSTOMER, NO_REPEAT, RepeatSearch

Component = Literal["talk", "hold", "after_contact"]
_DAY_NS: Final = 86_400 * 10**9
SATISFACTION = Value(columns=("satisfaction",))


def _check_components(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    allowed = tuple(COMPONENT_COLUMNS)
    if (
        not isinstance(value, tuple)
        or not value
        or any(c not in allowed for c in value)
        or len(set(value)) != len(value)
    ):
        raise CalculationError(
            f"{type(instance).__name__}(): expected {attribute.name} as a non-empty tuple of"
            f" distinct names from {allowed}, found {value!r}"
        )


def check_minimum_responses(
    instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CalculationError(
            f"{type(instance).__name__}(): expected {attribute.name} as a whole number >= 1,"
            f" found {value!r}"
        )


@typing.final
@attrs.frozen(kw_only=True)
class AverageHandlingTime(InteractionKpi):
    """Mean handling time, in seconds, of answered contacts (average handling time).

    Parameters
    ----------
    components : tuple of {"talk", "hold", "after_contact"}, default all three
        The parts of handling that add up to the handling time: talk (or
        active handling), hold, after-contact work.
    direction : {"inbound", "outbound", "all"}, default "all"
        Which contacts count.
    include_dialling : bool, default False
        Whether an outbound contact's handling time includes its dialling and
        ringing time (the `dial_seconds` column).  Inbound contacts have none.
    name : str, default "average_handling_time"
        Name of the result column.

    Notes
    -----
    Numerator: the sum of the components over answered contacts with every
    component recorded; denominator: their number.  Answered contacts with a
    component missing (NaN) are left out, and counted in the result's `excluded`.
    With `include_dialling`, an answered outbound contact without
    `dial_seconds` is left out and counted in `excluded` too: a dialling time
    not recorded is never taken as zero.

    Examples
    --------
    >>> AverageHandlingTime(components=("talk", "after_contact")).describe()
    'average_handling_time: mean (talk + after_contact) seconds of answered contacts'
    """

    components: tuple[Component, ...] = attrs.field(
        default=("talk", "hold", "after_contact"), validator=_check_components
    )
    direction: Direction = attrs.field(default="all", validator=check_direction)
    include_dialling: bool = attrs.field(default=False, validator=check_bool)
    name: str = attrs.field(default="average_handling_time", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        parts = " + ".join(self.components)
        dialling = " (+ dialling for outbound)" if self.include_dialling else ""
        return (
            f"{self.name}: mean ({parts}){dialling} seconds of answered"
            f" {scope_words(self.direction)}"
        )

    def _lower(self) -> Lowering:
        """Sum the handling times of answered contacts that have them, and count those."""
        components = Value(columns=tuple(COMPONENT_COLUMNS[c] for c in self.components))
        handling = WithDialling(handling=components) if self.include_dialling else components
        answered = direction_expr(self.direction) & ANSWERED
        recorded = Recorded(value=handling)
        return Lowering(
            kind="mean",
            numerator=SumOf(value=handling, where=answered & recorded),
            denominator=answered & recorded,
            excluded=answered & ~recorded,
        )


def _check_days(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
        or value * _DAY_NS >= 2**62
    ):
        raise CalculationError(
            f"{type(instance).__name__}(): expected {attribute.name} as a finite number of days"
            f" > 0, found {value!r}"
        )


@typing.final
@attrs.frozen(kw_only=True)
class FirstContactResolution(InteractionKpi):
    """Share of answered contacts resolved at first contact: by flag, or by no repeat contact.

    Parameters
    ----------
    method : {"flag", "repeat"}, default "flag"
        ``flag``: resolved means the record's ``resolved`` is 1 (as the agent
        or the customer recorded it).  ``repeat``: resolved means the same
        customer made no further contact within `repeat_within_days`.
    repeat_within_days : float, default 7.0
        With ``repeat``: the window, in days (of 24 hours), after a contact's
        `offered_at` in which a further contact is a repeat; a contact offered
        exactly at the end still is.  Finite, > 0.
    same_queue : bool, default False
        With ``repeat``: whether only a further contact in the same queue is a
        repeat (a missing queue matches only other contacts without one).
    repeats : {"inbound", "all"}, default "inbound"
        With ``repeat``: which further contacts are repeats: inbound ones, the
        customer coming back (answered or not), or any, the centre's outbound
        contacts included.
    transfers : {"include", "exclude"}, default "include"
        Whether answered contacts that were transferred out are measured like
        any other, or left out of numerator and denominator (counted in the
        result's `excluded`): a contact passed on was not resolved by the
        agent who took it, and some centres leave it out.
    direction : {"inbound", "outbound", "all"}, default "all"
        Which answered contacts are measured.
    name : str, default "first_contact_resolution"
        Name of the result column.

    Raises
    ------
    CalculationError
        If an option is not of the kind described, or a repeat option differs
        from its default with ``method="flag"``.

    Notes
    -----
    ``flag``: numerator, answered contacts with ``resolved == 1``;
    denominator, answered contacts where resolution is recorded (1 or 0).
    Answered contacts without a record (-1) are counted in `excluded`.

    ``repeat``: numerator, answered contacts with no repeat; denominator,
    answered contacts with a ``customer_reference``.  Answered contacts
    without one cannot be matched and are counted in `excluded`.  A repeat is
    a contact of the same customer offered strictly later (contacts at the
    same instant are not repeats of each other) and at most the window after;
    it may be in any group, so a call followed by a chat is not resolved.
    Repeats are looked for in the whole table given to `compute` or
    `accumulate`, even when `accumulate`'s ``rows=`` measures only some rows;
    so the table must hold every contact of the period *and of the window
    after it*, or contacts near its end look resolved for want of data.
    Partials of different tables therefore do not merge
    (`Partials.merge` raises `CalculationError`): a contact's repeat may be in the
    other table.  Customer references never appear in results.

    Examples
    --------
    >>> FirstContactResolution().describe()
    'first_contact_resolution: answered contacts resolved / answered contacts with resolution recorded'
    >>> FirstContactResolution(method="repeat", repeat_within_days=3).describe()
    'first_contact_resolution: answered contacts with no further inbound contact of the same customer within 3 days / answered contacts with a customer reference'
    >>> FirstContactResolution(same_queue=True)
    Traceback (most recent call last):
    ...
    iso18295.errors.CalculationError: FirstContactResolution(): expected same_queue only with method='repeat', found same_queue=True with method='flag'
    """  # noqa: E501 - doctest output lines

    method: Literal["flag", "repeat"] = attrs.field(
        default="flag", validator=one_of("flag", "repeat")
    )
    repeat_within_days: float = attrs.field(default=7.0, validator=_check_days)
    same_queue: bool = attrs.field(default=False, validator=check_bool)
    repeats: Literal["inbound", "all"] = attrs.field(
        default="inbound", validator=one_of("inbound", "all")
    )
    transfers: Literal["include", "exclude"] = attrs.field(
        default="include", validator=one_of("include", "exclude")
    )
    direction: Direction = attrs.field(default="all", validator=check_direction)
    name: str = attrs.field(default="first_contact_resolution", validator=check_name)

    def __attrs_post_init__(self) -> None:
        if self.method == "flag":
            for option in ("repeat_within_days", "same_queue", "repeats"):
                default = attrs.fields_dict(FirstContactResolution)[option].default
                if getattr(self, option) != default:
                    raise CalculationError(
                        f"FirstContactResolution(): expected {option} only with"
                        f" method='repeat', found {option}={getattr(self, option)!r}"
                        " with method='flag'"
                    )

    def describe(self) -> str:
        """Return the definition in words."""
        scope = scope_words(self.direction)
        if self.transfers == "exclude":
            scope += " not transferred"
        if self.method == "flag":
            return (
                f"{self.name}: answered {scope} resolved"
                f" / answered {scope} with resolution recorded"
            )
        further = "inbound contact" if self.repeats == "inbound" else "contact"
        queue = " in the same queue" if self.same_queue else ""
        return (
            f"{self.name}: answered {scope} with no further {further} of the same customer"
            f"{queue} within {self.repeat_within_days:g} days"
            f" / answered {scope} with a customer reference"
        )

    def _lower(self) -> Lowering:
        """Count resolved and recorded (or matchable) answered contacts."""
        answered = direction_expr(self.direction) & ANSWERED
        transferred = Flag(column="transferred")
        if self.method == "flag":
            unrecorded: Atom = ResolvedIs(value=-1)
            resolved: Atom = ResolvedIs(value=1)
        else:
            search = RepeatSearch(
                window_ns=round(Fraction(self.repeat_within_days) * _DAY_NS),
                same_queue=self.same_queue,
                repeats=self.repeats,
            )
            unrecorded = RepeatIs(search=search, value=NO_CUSTOMER)
            resolved = RepeatIs(search=search, value=NO_REPEAT)
        if self.transfers == "exclude":
            return Lowering(
                kind="ratio",
                numerator=answered & ~transferred & resolved,
                denominator=answered & ~transferred & ~unrecorded,
                excluded=answered & (transferred | unrecorded),
            )
        return Lowering(
            kind="ratio",
            numerator=answered & resolved,
            denominator=answered & ~unrecorded,
            excluded=answered & unrecorded,
        )


@typing.final
@attrs.frozen(kw_only=True)
class CustomerSatisfaction(InteractionKpi):
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
    minimum_responses: int = attrs.field(default=1, validator=check_minimum_responses)
    direction: Direction = attrs.field(default="all", validator=check_direction)
    name: str = attrs.field(default="customer_satisfaction", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        scope = f"scored {scope_words(self.direction)}"
        at_least = f"(at least {self.minimum_responses} responses)"
        if self.method == "mean":
            return f"{self.name}: mean score of {scope} {at_least}"
        return f"{self.name}: share of scores >= {self.top_box_minimum:g} among {scope} {at_least}"

    def _lower(self) -> Lowering:
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
class TransferRate(InteractionKpi):
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

    def _lower(self) -> Lowering:
        """Count transferred and answered contacts."""
        answered = direction_expr(self.direction) & ANSWERED
        return Lowering(
            kind="ratio",
            numerator=answered & Flag(column="transferred"),
            denominator=answered,
        )
