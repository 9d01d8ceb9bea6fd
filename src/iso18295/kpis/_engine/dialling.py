"""Handling time plus outbound dialling: the row value of ``include_dialling=True``."""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295.kpis._engine.expressions import Inbound, Rows, RowValue, Value


@attrs.frozen
class WithDialling(RowValue):
    """Handling time plus, for outbound contacts, `dial_seconds` (NaN where not recorded).

    Inbound contacts have no dialling: their value is the handling time alone.
    """

    handling: Value

    def rows(self, rows: Rows) -> NDArray[np.float64]:
        """Add the dialling time of the chunk's outbound rows (memoised per chunk)."""

        def make() -> NDArray[np.generic]:
            outbound = ~Inbound().rows(rows)
            dialling = np.where(outbound, rows.column("dial_seconds"), 0.0)
            return np.add(self.handling.rows(rows), dialling)

        result: NDArray[np.float64] = rows.memo(self, make)  # type: ignore[assignment]
        return result

    def reads(self) -> frozenset[str]:
        """Return the handling columns, ``dial_seconds`` and ``direction``."""
        return self.handling.reads() | {"dial_seconds", "direction"}

    def may_be_nan(self) -> bool:
        """Tell that the value can be NaN (dialling or a component not recorded)."""
        return True
