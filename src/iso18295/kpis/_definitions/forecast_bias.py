"""Forecast bias as data: which way forecasts missed, measured with `measure_forecasts`."""

from __future__ import annotations

import typing
from typing import Final, Literal

import attrs

from iso18295.kpis._engine.families import ForecastKpi
from iso18295.kpis._engine.options import (
    Direction,
    check_direction,
    check_name,
    one_of,
    scope_words,
)

Comparison = Literal["forecast", "15min", "30min", "60min", "day", "week", "month"]
COMPARISONS: Final = ("forecast", "15min", "30min", "60min", "day", "week", "month")


@typing.final
@attrs.frozen(kw_only=True)
class ForecastBias(ForecastKpi):
    """Which way forecasts missed: forecast minus actual contacts, over actual contacts.

    Parameters
    ----------
    interval : {"forecast", "15min", "30min", "60min", "day", "week", "month"}, default "forecast"
        The comparison interval, as for `ForecastAccuracy`.  Bias sums signed
        errors, so the interval only decides which intervals the records
        must cover whole.
    direction : {"inbound", "outbound", "all"}, default "inbound"
        Which contacts count as actual.
    name : str, default "forecast_bias"
        Name of the result column.

    Raises
    ------
    CalculationError
        If an option is not one of the choices.

    Notes
    -----
    Per group of comparison intervals covered by the records: numerator, the
    sum of ``forecast - actual``; denominator, the sum of actual contacts;
    value, their ratio.  Above 0 the forecasts ran high (over-staffing), below
    0 low; 0 means errors cancelled out, not that there were none
    (`ForecastAccuracy` measures their size).  ``excluded`` counts the
    comparison intervals not covered by the records.  Measured with
    `measure_forecasts`.

    Examples
    --------
    >>> ForecastBias().describe()
    'forecast_bias: sum (forecast - actual) / sum actual of inbound contacts offered per forecast interval'
    """  # noqa: E501 - doctest output line

    interval: Comparison = attrs.field(default="forecast", validator=one_of(*COMPARISONS))
    direction: Direction = attrs.field(default="inbound", validator=check_direction)
    name: str = attrs.field(default="forecast_bias", validator=check_name)

    def describe(self) -> str:
        """Return the definition in words."""
        where = "forecast interval" if self.interval == "forecast" else f"{self.interval} interval"
        return (
            f"{self.name}: sum (forecast - actual) / sum actual of"
            f" {scope_words(self.direction)} offered per {where}"
        )
