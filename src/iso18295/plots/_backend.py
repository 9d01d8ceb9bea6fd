"""matplotlib, imported only when a plot is drawn; the Axes a plot draws on.

Importing `iso18295.plots` imports nothing of matplotlib: each plot function
calls `axes_for` first, which imports it (or raises `MissingDependencyError` naming the
``plot`` extra) and returns the Axes to draw on.  The plot functions'
annotations name ``matplotlib.axes.Axes`` through `matplotlib`, a stand-in
that imports the submodule asked for, so :func:`typing.get_type_hints`
resolves them to matplotlib's own class without an import at module load.
"""

from __future__ import annotations

import importlib
import types
import typing

from iso18295.errors import MissingDependencyError, ReportError

if typing.TYPE_CHECKING:
    from matplotlib.axes import Axes

EXTRA_HINT: typing.Final = "install the extra: pip install 'iso18295[plot]'"
"""What to do when matplotlib is missing."""

FIGURE_SIZE: typing.Final = (9.0, 4.0)
"""Width and height, in inches, of a figure a plot makes when given no Axes."""


class _Matplotlib:
    """Stands for the ``matplotlib`` package in annotations; imports a submodule when asked."""

    def __getattr__(self, name: str) -> types.ModuleType:
        if name.startswith("__"):
            raise AttributeError(name)
        return importlib.import_module(f"matplotlib.{name}")


matplotlib = _Matplotlib()
"""The stand-in the plot modules bind to the name ``matplotlib`` at run time."""


def axes_for(ax: object, function: str) -> Axes:
    """Import matplotlib and return `ax`, or the Axes of a new figure if `ax` is None.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed.
    ReportError
        If `ax` is neither None nor a matplotlib Axes.
    """
    try:
        from matplotlib.axes import Axes
    except ImportError as exc:
        raise MissingDependencyError(
            f"{function}(): expected matplotlib to be installed, found it missing; {EXTRA_HINT}",
            name="matplotlib",
        ) from exc
    if ax is None:
        import matplotlib.pyplot as plt

        figure = plt.figure(figsize=FIGURE_SIZE, layout="constrained")
        return figure.add_subplot()
    if not isinstance(ax, Axes):
        raise ReportError(
            f"{function}(): expected ax as a matplotlib Axes or None, found {type(ax).__name__}"
        )
    return ax


def percent_axis(ax: Axes) -> None:
    """Show the y axis's shares in [0, 1] as percentages."""
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


def date_axis(ax: Axes) -> None:
    """Label the x axis's dates concisely (the month once, then days or hours)."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    # matplotlib.dates leaves these constructors unannotated.
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def percent(share: float) -> str:
    """Return a share in [0, 1] as a percentage in words, e.g. ``'80 %'``."""
    return f"{100 * share:.4g} %"
