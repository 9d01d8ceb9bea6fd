"""A deadline for tests of inputs that once made the library hang or run for minutes."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class DeadlineExceededError(Exception):
    """The code under test ran past its deadline."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with `DeadlineExceededError` if the block runs longer than `seconds` (POSIX only).

    Generous on purpose (the machine may be shared): it catches hangs and
    quadratic blow-ups, not small slowdowns.
    """

    def expire(signum: int, frame: FrameType | None) -> None:
        raise DeadlineExceededError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
