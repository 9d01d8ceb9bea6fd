"""From an agreement's KPI target to the metric definition that measures it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, cast

import attrs

from iso18295._errors import MetricError
from iso18295._model.agreements import Kpi, KpiTarget
from iso18295.metrics._base import Metric
from iso18295.metrics._definitions import AbandonmentRate, AverageSpeedOfAnswer, ServiceLevel
from iso18295.metrics._handling import (
    AverageHandlingTime,
    CustomerSatisfaction,
    FirstContactResolution,
)

MEASURED_FROM_INTERACTIONS: Final[Mapping[Kpi, type[Metric]]] = {
    Kpi.SERVICE_LEVEL: ServiceLevel,
    Kpi.AVERAGE_SPEED_OF_ANSWER: AverageSpeedOfAnswer,
    Kpi.ABANDONMENT_RATE: AbandonmentRate,
    Kpi.AVERAGE_HANDLING_TIME: AverageHandlingTime,
    Kpi.FIRST_CONTACT_RESOLUTION: FirstContactResolution,
    Kpi.CUSTOMER_SATISFACTION: CustomerSatisfaction,
}
"""The KPIs measured from interaction records, and the definition class of each."""


def _value(text: str) -> object:
    lowered = text.lower()
    if lowered in ("none", "null"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    if "+" in text:  # a tuple of names, e.g. components=talk+hold
        return tuple(part.strip() for part in text.split("+"))
    try:
        return float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:
        return text


def metric_for_target(target: KpiTarget) -> Metric | None:
    """Return the metric definition a KPI target names, or ``None`` if not measured from records.

    The target's `KpiTarget.definition` lists options of the KPI's definition
    class as ``key=value`` pairs separated by ``;`` (for example
    ``"denominator=offered; short_abandon_seconds=5"``); its
    `KpiTarget.threshold_seconds` sets ``threshold_seconds`` where the class has
    one.  Everything not named keeps the class's documented default.

    Raises
    ------
    MetricError
        If the definition names an option the KPI's class does not have, or a
        value it does not accept.

    Examples
    --------
    >>> from iso18295 import Comparison, KpiTarget
    >>> t = KpiTarget(id="sl", kpi=Kpi.SERVICE_LEVEL, comparison=Comparison.AT_LEAST,
    ...               target=0.8, threshold_seconds=30, definition="short_abandon_seconds=10")
    >>> m = metric_for_target(t)
    >>> m.threshold_seconds, m.short_abandon_seconds
    (30.0, 10.0)
    """
    cls = MEASURED_FROM_INTERACTIONS.get(target.kpi)
    if cls is None:
        return None
    fields = attrs.fields(cast("type[attrs.AttrsInstance]", cls))
    hints = {f.name: str(f.type) for f in fields}
    known = set(hints) - {"name"}
    options: dict[str, object] = {}
    if target.threshold_seconds is not None and "threshold_seconds" in known:
        options["threshold_seconds"] = float(target.threshold_seconds)
    for part in (target.definition or "").split(";"):
        if not part.strip():
            continue
        key, _, text = (s.strip() for s in part.partition("="))
        if key not in known:
            raise MetricError(
                f"KpiTarget {target.id!r}: expected options of {cls.__name__} "
                f"({', '.join(sorted(known))}), found {key!r}"
            )
        value = _value(text)
        if hints[key].startswith("float") and type(value) is int:
            value = float(value)  # "5" means 5.0 seconds for a float option
        options[key] = value
    metric: Metric = cls(**options)
    return metric
