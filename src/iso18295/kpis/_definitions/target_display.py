"""Notebook displays of `TargetResult`: the target, its status, the measured value."""

from __future__ import annotations

import typing

import iso18295._display as _display

if typing.TYPE_CHECKING:
    from iso18295.kpis._definitions.check_targets import TargetResult

_SIGNS = {"at_least": ">=", "at_most": "<="}


def target_repr(result: TargetResult) -> str:
    """Return a one-line repr: agreement and target, KPI and bound, status, measured value."""
    sign = _SIGNS.get(result.comparison.value, result.comparison.value)
    measured = "" if result.measured is None else f", measured {result.measured:.4g}"
    return (
        f"<TargetResult {result.agreement_id}/{result.target_id}: {result.kpi.value} {sign} "
        f"{result.target:g}: {result.status.value}{measured}>"
    )


def target_html(result: TargetResult) -> str:
    """Return an HTML card of every field given (None fields left out)."""
    return _display.fields_html(result)
