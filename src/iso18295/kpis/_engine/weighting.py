"""`RolledUp`: a KPI definition rolled up from a finer result, with its weighting."""

from __future__ import annotations

import typing
from typing import Literal

import attrs

from iso18295.errors import CalculationError
from iso18295.kpis._engine.families import InteractionKpi, Kind, Kpi, Lowering
from iso18295.kpis._engine.grouping import Grouping
from iso18295.kpis._engine.options import check_name, one_of

Weighting = Literal["contact", "interval"]


def _body(kpi: InteractionKpi) -> str:
    text = kpi.describe()
    prefix = f"{kpi.name}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def _default_name(instance: RolledUp) -> str:
    return instance.definition.name


def _check_definition(
    instance: object, attribute: attrs.Attribute[typing.Any], value: object
) -> None:
    if isinstance(value, Kpi) and not isinstance(value, InteractionKpi):
        raise CalculationError(
            "RolledUp(): expected definition as a KPI of interaction records (compute,"
            f" accumulate), found {type(value).__name__}(), {value._elsewhere()}"
        )
    if not isinstance(value, InteractionKpi) or isinstance(value, RolledUp):
        raise CalculationError(
            "RolledUp(): expected definition as a KPI definition computed from records,"
            f" found {value!r}"
        )


def _check_source(instance: object, attribute: attrs.Attribute[typing.Any], value: object) -> None:
    if not isinstance(value, Grouping):
        raise CalculationError(f"RolledUp(): expected source as a Grouping, found {value!r}")


@typing.final
@attrs.frozen(kw_only=True)
class RolledUp(InteractionKpi):
    """A KPI rolled up by `rollup` from a finer result, with how its groups were weighted.

    `rollup` makes these; they stand in a rolled-up `KpiResult` where the
    computed definition stood, so the result says how it was weighted.

    Parameters
    ----------
    definition : InteractionKpi
        The definition computed from the records.
    weighting : {"contact", "interval"}
        ``contact``: numerators and denominators summed over the groups
        rolled up.  ``interval``: the mean of the values of the finer result's
        intervals (after summing its groups within each interval), over the
        intervals that have a value.  Count KPIs are summed either way.
    source : Grouping
        The grouping of the result that was rolled up (whose intervals an
        interval-weighted value averages).
    name : str, default the definition's name
        Name of the result column.

    Raises
    ------
    CalculationError
        If `definition` is not a KPI definition computed from interaction
        records, `weighting` is not one of the choices or is ``"interval"``
        with a `source` without intervals, or if a rolled-up definition is
        passed to `compute` or `accumulate`.

    Examples
    --------
    >>> from iso18295.kpis import Grouping, ServiceLevel
    >>> source = Grouping(interval="30min", time_zone="Europe/Dublin")
    >>> print(RolledUp(definition=ServiceLevel(), weighting="interval", source=source).describe())
    service_level: interval-weighted, the mean over the 30min intervals (Europe/Dublin) with a value, of: inbound contacts answered within 20 s (wait <= 20 s) / offered; abandons under 5 s excluded
    """  # noqa: E501 - doctest output line

    definition: InteractionKpi = attrs.field(validator=_check_definition)
    weighting: Weighting = attrs.field(validator=one_of("contact", "interval"))
    source: Grouping = attrs.field(validator=_check_source)
    name: str = attrs.field(
        default=attrs.Factory(_default_name, takes_self=True), validator=check_name
    )

    def __attrs_post_init__(self) -> None:
        if self.weighting == "interval" and self.source.interval is None:
            raise CalculationError(
                "RolledUp(): expected a source grouping with an interval for"
                " weighting='interval', found interval=None"
            )

    def _kind(self) -> Kind:
        return self.definition._lower().kind

    def describe(self) -> str:
        """Return the definition in words, with how the groups were weighted."""
        body = _body(self.definition)
        if self._kind() == "count":
            return f"{self.name}: summed over the groups rolled up, of: {body}"
        if self.weighting == "contact":
            return (
                f"{self.name}: contact-weighted, numerators and denominators summed over the"
                f" groups rolled up, of: {body}"
            )
        ended = " by when the wait ended" if self.source.interval_of == "wait_end" else ""
        return (
            f"{self.name}: interval-weighted, the mean over the {self.source.interval}"
            f" intervals ({self.source.time_zone}){ended} with a value, of: {body}"
        )

    def _lower(self) -> Lowering:
        """Refuse: a rolled-up value is not computed from records."""
        raise CalculationError(
            f"RolledUp({self.name}): expected a definition computed from records, found a"
            " rolled-up one; compute its definition, then roll the result up with rollup()"
        )
