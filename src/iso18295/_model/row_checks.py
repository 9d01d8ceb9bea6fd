"""The row invariants of interaction records: one definition for the table and the loaders.

`iso18295.InteractionTable` checks them on construction; the loaders
(`iso18295._io._finish`) run `row_violations` to set breaking rows aside.
Every check is first a reduction, and a mask only where some row breaks it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from .._limits import largest, limit_text

FIRST_ROWS: Final = 3
"""How many row numbers a problem quotes."""
_NAT_INT: Final = np.iinfo(np.int64).min  # NaT as datetime64's int64


def rows_found(mask: npt.NDArray[np.bool_]) -> str:
    rows = np.flatnonzero(mask)
    first = ", ".join(str(r) for r in rows[:FIRST_ROWS])
    noun = "row" if rows.size == 1 else "rows"
    return f"{rows.size} {noun} (first: {first})"


@attrs.frozen(kw_only=True)
class RowCheck:
    """One row invariant of `InteractionTable`, with the words that report it.

    Parameters
    ----------
    path : str
        The column a breaking row is reported under.
    expected : str
        What every row must hold, in words (missing numbers are called NaN).
    found : str
        What a breaking row holds, as a phrase that follows a row count.
    reads : tuple of str
        The columns the check reads: a row already reported as unreadable in one
        of them need not be reported again.
    example : bool
        Whether the value in `path` of a breaking row illustrates the problem.
    """

    path: str
    expected: str
    found: str
    reads: tuple[str, ...]
    example: bool


_NO_TIME: Final = RowCheck(
    path="offered_at",
    expected="a time",
    found="with no time",
    reads=("offered_at",),
    example=False,
)
_WAIT: Final = RowCheck(
    path="wait_seconds",
    expected=f"values from 0 to {limit_text(largest('wait_seconds'))}",
    found="with a negative value",
    reads=("wait_seconds",),
    example=True,
)
_BOTH: Final = RowCheck(
    path="abandoned",
    expected="false where answered is true",
    found="with both true",
    reads=("answered", "abandoned"),
    example=False,
)
_OPTIONAL: Final = tuple(
    RowCheck(
        path=name,
        expected=f"values from 0 to {limit_text(largest(name))} or NaN",
        found="with a negative value",
        reads=(name,),
        example=True,
    )
    for name in (
        "talk_seconds",
        "hold_seconds",
        "after_contact_seconds",
        "satisfaction",
        "dial_seconds",
    )
)
_WAIT_MOST: Final = largest("wait_seconds")
ROW_CHECKS: Final = (_NO_TIME, _WAIT, _BOTH, *_OPTIONAL)
"""Every check `row_violations` runs, in the order it runs them."""


@attrs.frozen
class Seen:
    """What a caller's own passes over one column found, so the checks need not read it.

    Parameters
    ----------
    missing : bool
        Whether a value is missing (NaN, NaT).
    negative : bool
        Whether a number is below 0 (missing values aside).
    infinite : bool
        Whether a number is infinite or beyond its column's limit
        (`iso18295._limits.largest`).
    """

    missing: bool
    negative: bool = False
    infinite: bool = False


def row_violations(
    columns: Mapping[str, npt.NDArray[Any]],
    *,
    infinities_reported: bool = False,
    seen: Mapping[str, Seen] | None = None,
) -> Iterator[tuple[RowCheck, npt.NDArray[np.bool_]]]:
    """Yield each row invariant some row breaks, with the mask of the rows that break it.

    Every invariant concerns one row, so any rows can be checked: a whole table
    or one batch of it.  `columns` holds at least the columns the checks read,
    in their dtypes, all of one length.  Each check is first a reduction
    (minimum, maximum, any) with no temporary arrays; the mask is built only for
    a check the reduction finds broken.  Category codes need the labels and are
    checked by `InteractionTable` itself.

    With `infinities_reported`, the caller vouches that it reports every
    infinite number, and every number beyond its column's limit, itself (the
    loaders do, as unreadable values) and will not
    accept those rows: the reductions then look for NaN and negative numbers
    only, which takes one pass per column instead of two.  The masks still
    include infinite values.

    `seen` gives, for some columns, what the caller's own passes found (a loader
    finds the smallest and largest value of a column as it converts it): the
    checks of those columns then make no pass of their own unless it says a
    check is broken.
    """
    seen = seen or {}
    known = seen.get("offered_at")
    if known is not None:
        no_time = known.missing
    else:
        offered = distinct(columns["offered_at"])
        no_time = int(np.minimum.reduce(offered.view(np.int64), initial=0)) == _NAT_INT
    if no_time:
        yield _NO_TIME, np.isnat(columns["offered_at"])
    known = seen.get("wait_seconds")
    if known is not None:
        bad_wait = known.missing or known.negative or (known.infinite and not infinities_reported)
    else:
        wait = distinct(columns["wait_seconds"])
        lowest = np.minimum.reduce(wait, initial=0.0)  # NaN if any value is NaN
        bad_wait = bool(
            np.isnan(lowest)
            or lowest < 0
            or (not infinities_reported and np.maximum.reduce(wait, initial=0.0) > _WAIT_MOST)
        )
    if bad_wait:
        wait = columns["wait_seconds"]
        yield _WAIT, ~((wait >= 0) & (wait <= _WAIT_MOST))
    answered, abandoned = columns["answered"], columns["abandoned"]
    if np.logical_and(distinct(answered), distinct(abandoned)).any():
        yield _BOTH, answered & abandoned
    for check in _OPTIONAL:
        known = seen.get(check.path)
        if known is not None:
            broken = known.negative or (known.infinite and not infinities_reported)
        else:
            some = distinct(columns[check.path])
            broken = bool(
                np.fmin.reduce(some, initial=np.inf) < 0  # fmin skips NaN
                if infinities_reported
                else _negative_or_too_large(some, largest(check.path))
            )
        if broken:
            values = columns[check.path]
            most = largest(check.path)
            yield check, ~np.isnan(values) & ~((values >= 0) & (values <= most))


def _negative_or_too_large(values: npt.NDArray[np.float64], most: float) -> bool:
    """Tell, in two passes without temporaries, whether a value is < 0 or > `most` (NaN aside)."""
    lowest = np.fmin.reduce(values, initial=np.inf)  # fmin and fmax skip NaN
    return bool(lowest < 0 or np.fmax.reduce(values, initial=-np.inf) > most)


def distinct(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Return the array, or one element of an array that repeats one value (strides 0)."""
    if array.ndim == 1 and array.size > 1 and array.strides[0] == 0:
        return array[:1]
    return array
