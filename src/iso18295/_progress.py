"""Progress reporting: the callback protocol long loads and computations call, and a tqdm adapter.

A loader, `kpis.compute` or `assess` given ``progress=`` calls it with
``(done, total, stage)`` a few times per stage, at batch, column, chunk or
rule granularity (never per record).  Within a stage ``done`` never goes
down, and the stage's last call has ``done == total``.  tqdm is imported only
by `tqdm_progress`, when it is called.
"""

from __future__ import annotations

import typing
from typing import Protocol, TextIO


class Progress(Protocol):
    """A callable told how far a long load or computation has got.

    It is called as ``progress(done, total, stage)``: `done` units of `total`
    (None while the total is not known, such as rows while a CSV file is
    read) of the named `stage`.  Stages run one after another; within a stage
    `done` never decreases and the last call has ``done == total``.  An
    exception raised by the callable stops the work and propagates.

    The stages are ``"read rows"`` (records read by a loader; the total is
    known at the stage's last call), ``"convert columns"`` (columns of a CSV
    file converted to their types by the Python engine), ``"compute rows"``
    (records accumulated by `iso18295.kpis.compute`, chunk by chunk),
    ``"compute partitions"`` (partitions of a dask DataFrame done by
    `iso18295.kpis.compute`) and ``"assess rules"`` (rules run by
    `iso18295.assess`).
    """

    def __call__(self, done: int, total: int | None, stage: str, /) -> None:
        """Report that `done` of `total` units of `stage` are finished."""


def tqdm_progress(*, file: TextIO | None = None, leave: bool = False) -> Progress:
    """Return a `Progress` callable that draws one tqdm bar per stage (needs tqdm).

    Parameters
    ----------
    file : typing.TextIO or None, default None
        Where the bars are drawn; tqdm's default (standard error) if None.
    leave : bool, default False
        Keep each finished stage's bar on screen.

    Returns
    -------
    Progress
        Call it as the loaders and computations do; a stage's bar is closed
        when the stage reaches its total or the next stage starts.

    Raises
    ------
    MissingDependencyError
        If tqdm is not installed (``pip install 'iso18295[progress]'``).

    Examples
    --------
    >>> import io, iso18295
    >>> progress = iso18295.tqdm_progress(file=io.StringIO())
    >>> progress(1, 4, "assess rules")
    >>> progress(4, 4, "assess rules")
    """
    try:
        from tqdm import tqdm  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as exc:
        from .errors import MissingDependencyError

        raise MissingDependencyError(
            "tqdm_progress(): expected tqdm to be installed, found it missing; "
            "install the extra: pip install 'iso18295[progress]'",
            name="tqdm",
        ) from exc
    bars: dict[str, typing.Any] = {}

    def progress(done: int, total: int | None, stage: str, /) -> None:
        bar = bars.get(stage)
        if bar is None:
            for other in bars.values():
                other.close()
            bars.clear()
            bar = bars[stage] = tqdm(total=total, desc=stage, file=file, leave=leave)
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
        if total is not None and done >= total:
            bar.close()
            del bars[stage]

    return progress
