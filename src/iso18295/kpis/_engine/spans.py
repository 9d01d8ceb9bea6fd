"""Spans of time counted apart in one pass: how several periods share one walk of the rows.

Periods may overlap (a monthly and a weekly agreement) or be disjoint.  Their
bounds cut the time line into elementary spans ``[edges[i], edges[i + 1])``;
every period is a run of consecutive spans.  A pass that keeps each span's
counts and sums in groups of their own (the span number takes the place of
the interval index in the group key, `accumulate._run_rows`) measures every
period at once: a period's partials are the sum of its spans' partials, since
every KPI is a function of counts and sums that add up over disjoint rows
(and of maxima, which combine by maximum).  A row is placed in its span with
one ``np.searchsorted`` per chunk; rows in no period count nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import NDArray


@attrs.frozen(eq=False)
class Spans:
    """Elementary spans of UTC time, and which of them count.

    Parameters
    ----------
    edges : numpy.ndarray of int64, shape (m + 1,)
        Strictly increasing UTC instants, in nanoseconds since 1970; span
        ``i`` is ``[edges[i], edges[i + 1])``.
    counted : numpy.ndarray of bool, shape (m,)
        Whether each span counts (lies in some period).  Rows before the
        first edge, from the last one on, or in a span that does not count
        are left out.
    """

    edges: NDArray[np.int64]
    counted: NDArray[np.bool_]

    @property
    def count(self) -> int:
        """The number of spans."""
        return len(self.counted)

    def locate(self, instants: NDArray[np.int64]) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
        """Return, per instant, whether it counts and its span number (vectorised)."""
        position = np.searchsorted(self.edges, instants, side="right")
        padded = np.zeros(self.count + 2, dtype=np.bool_)
        padded[1:-1] = self.counted
        span: NDArray[np.int64] = position.astype(np.int64)
        span -= 1
        return padded[position], span


def cover(bounds: Sequence[tuple[int, int]]) -> tuple[Spans, list[NDArray[np.int64]]]:
    """Cut the time line at every bound; return the spans and each ``[start, end)``'s spans.

    `bounds` are half-open ranges of UTC nanoseconds; an empty range covers
    no span.

    Examples
    --------
    >>> spans, covered = cover([(0, 10), (5, 20), (30, 40)])
    >>> spans.edges.tolist(), spans.counted.tolist()
    ([0, 5, 10, 20, 30, 40], [True, True, True, False, True])
    >>> [c.tolist() for c in covered]
    [[0, 1], [1, 2], [4]]
    """
    edges = np.unique(np.array([b for pair in bounds for b in pair], dtype=np.int64))
    counted = np.zeros(max(0, len(edges) - 1), dtype=np.bool_)
    covered = []
    for start, end in bounds:
        first, last = np.searchsorted(edges, [start, end])
        spans = np.arange(first, last, dtype=np.int64) if start < end else np.zeros(0, np.int64)
        counted[spans] = True
        covered.append(spans)
    return Spans(edges=edges, counted=counted), covered
