"""Small helpers for the one-line reasons rules write."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """Return ``"1 agent"`` or ``"3 agents"``.

    Examples
    --------
    >>> count(1, "agent"), count(3, "agent"), count(2, "agent/client pair")
    ('1 agent', '3 agents', '2 agent/client pairs')
    """
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
