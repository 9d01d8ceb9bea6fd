"""Look-back windows: the period before the assessment date a rule examines."""

from __future__ import annotations

from datetime import date, timedelta

from ..context import RuleContext


def window_start(ctx: RuleContext, days: int) -> date:
    """Return the first day of the `days`-day window that ends on `ctx.as_of`."""
    return ctx.as_of - timedelta(days=days)
