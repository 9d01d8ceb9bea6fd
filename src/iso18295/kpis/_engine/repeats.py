"""Repeat contacts: for each contact, whether the same customer came back within a window.

First contact resolution by repeat contact needs, per contact, a fact that
depends on *other* rows: is there a further contact from the same customer
(and, if chosen, the same queue) within the window?  It is computed once per
table, before the chunked pass, as one ``int8`` column the kernel then reads
like any other (1: no repeat, 0: a repeat, -1: no customer reference):

1. keep the rows with a customer reference and sort them by (customer code,
   queue code if chosen, offered_at) with one ``np.lexsort``;
2. find each row's *tie block* (same customer, queue and instant: contacts at
   the same instant are not repeats of each other) and, with a reversed
   ``np.minimum.accumulate``, the first row after the block that counts as a
   repeat (any contact, or inbound ones only);
3. that row is a repeat if it belongs to the same customer (and queue) and was
   offered at most the window after.

No Python loop over records.  Customer codes never leave this module.
"""

from __future__ import annotations

from typing import Final, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295._model.interaction_table import InteractionTable

Repeats = Literal["inbound", "all"]

NO_REPEAT: Final = 1
REPEAT: Final = 0
NO_CUSTOMER: Final = -1


@attrs.frozen
class RepeatSearch:
    """What counts as a repeat of a contact.

    Parameters
    ----------
    window_ns : int
        Longest time, in nanoseconds, from a contact to a further contact that
        makes it a repeat (inclusive); > 0.
    same_queue : bool
        Whether the further contact must be in the same queue (a missing queue
        matches only other missing queues).
    repeats : {"inbound", "all"}
        Which further contacts count: inbound ones only, or any.
    """

    window_ns: int
    same_queue: bool
    repeats: Repeats

    @property
    def column(self) -> str:
        """Return the name of the derived column (never a table column's name)."""
        return f"repeat[{self.window_ns},{self.same_queue},{self.repeats}]"

    def columns(self) -> frozenset[str]:
        """Return the table columns the search reads."""
        names = {"customer_reference", "offered_at"}
        if self.same_queue:
            names.add("queue")
        if self.repeats == "inbound":
            names.add("direction")
        return frozenset(names)


def repeat_status(table: InteractionTable, search: RepeatSearch) -> NDArray[np.int8]:
    """Return per row 1 (no repeat within the window), 0 (a repeat) or -1 (no customer).

    Parameters
    ----------
    table : InteractionTable
        Every row is both measured and searched for repeats.
    search : RepeatSearch
        What counts as a repeat.

    Returns
    -------
    numpy.ndarray of int8, shape (len(table),)
    """
    customer = np.asarray(table["customer_reference"])
    status = np.full(len(table), NO_CUSTOMER, dtype=np.int8)
    known = np.flatnonzero(customer >= 0)
    m = known.size
    if m == 0:
        return status
    times = np.asarray(table["offered_at"]).view(np.int64)[known]
    codes = customer[known].astype(np.int64)
    keys: list[NDArray[np.int64]] = [times]
    if search.same_queue:
        queue = np.asarray(table["queue"])[known].astype(np.int64)
        keys.append(queue)
    keys.append(codes)
    order = np.lexsort(keys)  # the last key is the most significant
    times, codes = times[order], codes[order]
    same_party = codes[1:] == codes[:-1]
    if search.same_queue:
        queue = queue[order]
        same_party &= queue[1:] == queue[:-1]
    # Tie blocks: runs of rows of the same party at the same instant.
    new_block = np.ones(m, dtype=np.bool_)
    new_block[1:] = ~(same_party & (times[1:] == times[:-1]))
    block = np.cumsum(new_block) - 1
    block_last = np.flatnonzero(np.append(new_block[1:], True))
    after_block = block_last[block] + 1  # first row after the row's tie block (m if none)
    if search.repeats == "inbound":
        labels = table.categories("direction")
        inbound = labels.index("inbound") if "inbound" in labels else -2
        candidate = np.asarray(table["direction"])[known][order] == inbound
    else:
        candidate = np.ones(m, dtype=np.bool_)
    # next_candidate[i]: the first candidate row at or after i (m if none).
    positions = np.where(candidate, np.arange(m), m)
    next_candidate = np.append(np.minimum.accumulate(positions[::-1])[::-1], m)
    following = next_candidate[after_block]
    found = following < m
    j = np.minimum(following, m - 1)
    # Rows i < j of the same party are consecutive in the sort: compare the party of j
    # with i's through the running party number.
    party = np.cumsum(np.append(True, ~same_party)) - 1
    repeat = found & (party[j] == party) & (times[j] - times <= search.window_ns)
    status[known[order]] = np.where(repeat, REPEAT, NO_REPEAT).astype(np.int8)
    return status
