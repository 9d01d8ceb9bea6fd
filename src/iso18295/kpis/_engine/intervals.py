"""The interval names a `Grouping` takes, and the pandas and polars spellings of them."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Final, Literal

Interval = Literal["15min", "30min", "60min", "day", "week", "month"]
IntervalAlias = Literal[
    "15m", "30m", "60m", "h", "1h", "H", "1H", "D", "1D", "d", "1d",
    "W", "1W", "w", "1w", "MS", "1MS", "ME", "1ME", "mo", "1mo",
]  # fmt: skip

INTERVALS: Final = ("15min", "30min", "60min", "day", "week", "month")
# What pandas (offset aliases) and polars (duration strings) users type for the same
# intervals.  Exact spelling only: "M"/"1M" (month end in old pandas, but "m" is a
# minute in polars) and "W-MON" (weeks ending Monday) are refused, not guessed.
INTERVAL_ALIASES: Final[Mapping[str, Interval]] = {
    "15m": "15min",
    "30m": "30min",
    "60m": "60min",
    "h": "60min",
    "1h": "60min",
    "H": "60min",
    "1H": "60min",
    "D": "day",
    "1D": "day",
    "d": "day",
    "1d": "day",
    "W": "week",
    "1W": "week",
    "w": "week",
    "1w": "week",
    "MS": "month",
    "1MS": "month",
    "ME": "month",
    "1ME": "month",
    "mo": "month",
    "1mo": "month",
}


def canonical_interval(value: Interval | IntervalAlias | None) -> Interval | None:
    """Return the interval a pandas or polars alias names (``"1D"`` is ``"day"``).

    Anything else is returned unchanged, for the validator to refuse with
    `interval_choices` listed.
    """
    if isinstance(value, str) and value in INTERVAL_ALIASES:
        return INTERVAL_ALIASES[value]
    return typing.cast("Interval | None", value)


def interval_choices() -> str:
    """Return the intervals and their aliases, in words, for error messages."""
    intervals = ", ".join(repr(i) for i in INTERVALS)
    aliases = ", ".join(repr(a) for a in INTERVAL_ALIASES)
    return f"{{None, {intervals}}} or a pandas/polars alias of one ({aliases})"
