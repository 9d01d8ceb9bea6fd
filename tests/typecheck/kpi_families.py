"""Calls a type checker must accept or flag: each KPI family goes to its own entry point.

Not a test module: `test_kpi_families.py` runs ``mypy --strict`` on this file.
Every line marked ``# type: ignore[<code>]`` must be an error with that code
(``warn_unused_ignores`` reports a marker mypy no longer needs); every other
line must type-check.  Nothing here runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from iso18295 import AgentStateTable, Forecast, InteractionTable, Scope
from iso18295.kpis import (
    ActivityKpi,
    DocumentKpi,
    ForecastAccuracy,
    ForecastKpi,
    InteractionKpi,
    Kpi,
    KpiResult,
    Occupancy,
    Partials,
    QualityScore,
    RolledUp,
    ServiceLevel,
    accumulate,
    compute,
    measure,
    measure_activity,
    measure_forecasts,
)


def right_families(
    table: InteractionTable,
    scope: Scope,
    states: AgentStateTable,
    forecasts: Sequence[Forecast],
) -> list[KpiResult | Partials]:
    interaction: list[InteractionKpi] = [ServiceLevel()]
    document: list[DocumentKpi] = [QualityScore()]
    activity: list[ActivityKpi] = [Occupancy()]
    forecast: list[ForecastKpi] = [ForecastAccuracy()]
    every: list[Kpi] = [*interaction, *document, *activity, *forecast]
    assert every
    return [
        compute(table, interaction),
        compute(table, [ServiceLevel(threshold_seconds=30)]),
        accumulate(table, interaction),
        Partials.empty(interaction),
        measure(scope, document, start=date(2026, 3, 1), end=date(2026, 4, 1)),
        measure(scope, [QualityScore()], start=date(2026, 3, 1), end=date(2026, 4, 1)),
        measure_activity(states, activity),
        measure_activity(states, [Occupancy()]),
        measure_forecasts(forecasts, table, forecast),
        measure_forecasts(forecasts, table, [ForecastAccuracy()]),
    ]


def wrong_families(
    table: InteractionTable,
    scope: Scope,
    states: AgentStateTable,
    forecasts: Sequence[Forecast],
) -> None:
    interaction: list[InteractionKpi] = [ServiceLevel()]
    document: list[DocumentKpi] = [QualityScore()]
    activity: list[ActivityKpi] = [Occupancy()]
    forecast: list[ForecastKpi] = [ForecastAccuracy()]
    every: list[Kpi] = [ServiceLevel(), QualityScore()]
    start, end = date(2026, 3, 1), date(2026, 4, 1)
    compute(table, document)  # type: ignore[arg-type]
    compute(table, activity)  # type: ignore[arg-type]
    compute(table, forecast)  # type: ignore[arg-type]
    compute(table, every)  # type: ignore[arg-type]
    compute(table, [QualityScore()])  # type: ignore[list-item]
    accumulate(table, document)  # type: ignore[arg-type]
    Partials.empty(forecast)  # type: ignore[arg-type]
    measure(scope, interaction, start=start, end=end)  # type: ignore[arg-type]
    measure(scope, [ServiceLevel()], start=start, end=end)  # type: ignore[list-item]
    measure_activity(states, interaction)  # type: ignore[arg-type]
    measure_activity(states, document)  # type: ignore[arg-type]
    measure_forecasts(forecasts, table, activity)  # type: ignore[arg-type]
    measure_forecasts(forecasts, table, interaction)  # type: ignore[arg-type]
    RolledUp(definition=QualityScore(), weighting="contact", source=None)  # type: ignore[arg-type]
