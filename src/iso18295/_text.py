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


def all_of(n: int, noun: str, plural: str | None = None) -> str:
    """Return ``"the 1 agent"``, ``"both agents"`` or ``"all 3 agents"``.

    Examples
    --------
    >>> all_of(1, "plan"), all_of(2, "client"), all_of(32, "agent")
    ('the 1 plan', 'both clients', 'all 32 agents')
    """
    if n == 1:
        return f"the 1 {noun}"
    many = plural or noun + "s"
    return f"both {many}" if n == 2 else f"all {n} {many}"
