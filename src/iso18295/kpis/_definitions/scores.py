"""Net promoter score of interaction records, as data.

A score KPI of handled contacts (both directions by default), read from the
records' ``satisfaction`` column like `CustomerSatisfaction`.
"""

from __future__ import annotations

import typing

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295.errors import CalculationError
from iso18295.kpis._definitions.handling import SATISFACTION, check_minimum_responses
from iso18295.kpis._engine.expressions import Recorded, Rows, RowValue, SumOf, direction_expr
from iso18295.kpis._engine.families import InteractionKpi, Lowering
from iso18295.kpis._engine.options import (
    Direction,
    check_direction,
    check_name,
    check_number,
    scope_words,
)


@attrs.frozen
class PromoterValue(RowValue):
    """Per scored row: 1 for a promoter, -1 for a detractor, 0 otherwise; NaN if not scored."""

    promoter_minimum: float
    detractor_maximum: float

    def rows(self, rows: Rows) -> NDArray[np.float64]:
        """Classify the scores (memoised per chunk)."""

        def make() -> NDArray[np.generic]:
            score = SATISFACTION.rows(rows)
            value = np.where(score >= self.promoter_minimum, 1.0, 0.0)
            value[score <= self.detractor_maximum] = -1.0
            value[np.isnan(score)] = np.nan
            return value

        result: NDArray[np.float64] = rows.memo(self, make)  # type: ignore[assignment]
        return result

    def reads(self) -> frozenset[str]:
        """Return ``satisfaction``."""
        return frozenset(("satisfaction",))

    def may_be_nan(self) -> bool:
        """Tell that unscored rows are NaN."""
        return True


@typing.final
@attrs.frozen(kw_only=True)
class NetPromoterScore(InteractionKpi):
    """Net promoter score: share of promoters minus share of detractors among scored contacts.

    Parameters
    ----------
    promoter_minimum : float, default 9.0
        The lowest score of a promoter (9 on the usual 0-10 "would you
        recommend us" scale).
    detractor_maximum : float, default 6.0
        The highest score of a detractor.  Must be below `promoter_minimum`;
        scores between the two are passives.
    minimum_responses : int, default 1
        Groups with fewer scores than this have no value (NaN).
    direction : {"inbound", "outbound", "all"}, default "all"
        Which contacts count.
    name : str, default "net_promoter_score"
        Name of the result column.

    Raises
    ------
    CalculationError
        If an option is not of the kind described, or `detractor_maximum` is
        not below `promoter_minimum`.

    Notes
    -----
    The value is a fraction in [-1, 1] (reports that show NPS from -100 to
    100 multiply by 100).  Numerator: promoters minus detractors (a sum of
    +1, -1 and 0 per scored contact); denominator: scored contacts.  It is
    read from the records' ``satisfaction`` column, which must then hold the
    likelihood-to-recommend answer on the 0-10 scale, not another survey
    question.

    Examples
    --------
    >>> NetPromoterScore().describe()
    'net_promoter_score: share of scores >= 9 minus share of scores <= 6 among scored contacts (at least 1 responses)'
    """  # noqa: E501 - doctest output lines

    promoter_minimum: float = attrs.field(default=9.0, validator=check_number)
    detractor_maximum: float = attrs.field(default=6.0, validator=check_number)
    minimum_responses: int = attrs.field(default=1, validator=check_minimum_responses)
    direction: Direction = attrs.field(default="all", validator=check_direction)
    name: str = attrs.field(default="net_promoter_score", validator=check_name)

    def __attrs_post_init__(self) -> None:
        if not self.detractor_maximum < self.promoter_minimum:
            raise CalculationError(
                "NetPromoterScore(): expected detractor_maximum below promoter_minimum, found"
                f" detractor_maximum={self.detractor_maximum!r} and"
                f" promoter_minimum={self.promoter_minimum!r}"
            )

    def describe(self) -> str:
        """Return the definition in words."""
        return (
            f"{self.name}: share of scores >= {self.promoter_minimum:g} minus share of scores"
            f" <= {self.detractor_maximum:g} among scored {scope_words(self.direction)}"
            f" (at least {self.minimum_responses} responses)"
        )

    def _lower(self) -> Lowering:
        """Sum +1 per promoter and -1 per detractor, and count the scored contacts."""
        scored = direction_expr(self.direction) & Recorded(value=SATISFACTION)
        value = PromoterValue(
            promoter_minimum=float(self.promoter_minimum),
            detractor_maximum=float(self.detractor_maximum),
        )
        return Lowering(
            kind="mean",
            numerator=SumOf(value=value, where=scored),
            denominator=scored,
            minimum_denominator=self.minimum_responses,
        )
