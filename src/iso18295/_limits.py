"""The largest numbers the library accepts, in one place.

Every numeric input is checked against a range at the boundary (model
constructors, the document and table loaders, the staffing functions), so no
computation meets a number it cannot handle: no overflow to infinity, no loop
whose length grows with an absurd input.  The values are generous for any
contact centre; see :doc:`/reference/limits`.
"""

from __future__ import annotations

from typing import Final

MAX_COUNT: Final = 2**53
"""Largest count (contacts, agents, responses...) and largest magnitude of any number.

2**53 = 9,007,199,254,740,992: beyond it a float64 no longer holds every whole number.
"""

MAX_DURATION_SECONDS: Final = 315_576_000.0
"""Longest duration accepted, in seconds: 10 years of 365.25 days."""

MAX_TRAFFIC_ERLANGS: Final = 100_000.0
"""Largest offered traffic the staffing formulas accept, in Erlangs."""

MAX_AGENTS: Final = 1_000_000
"""Largest number of agents the staffing formulas accept."""

MAX_PATIENCE_RATIO: Final = 1_000.0
"""Largest ratio of mean patience to mean handling time Erlang A accepts."""

MAX_CONCURRENCY: Final = 50
"""Largest number of conversations one agent may hold at once in the concurrency model."""


def limit_text(value: float) -> str:
    """Write a limit for a message: ``100,000`` or ``315,576,000 (10 years)``."""
    text = f"{value:,.0f}"
    if value == MAX_DURATION_SECONDS:
        return f"{text} (10 years)"
    if value == MAX_COUNT:
        return f"{text} (2**53)"
    return text


def largest(name: str) -> float:
    """Return the largest magnitude a number named `name` may have: its unit decides.

    Seconds (``*_seconds``) up to `MAX_DURATION_SECONDS`; anything else up to `MAX_COUNT`.
    """
    return MAX_DURATION_SECONDS if name.endswith("_seconds") else float(MAX_COUNT)
