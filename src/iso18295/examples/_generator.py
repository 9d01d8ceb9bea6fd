"""The seeded generator of the example centre's interaction records (imports numpy)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .._model.columns import INTERACTION_COLUMNS, MISSING_CODE
from .._model.interaction_table import InteractionTable
from .._model.scope import Scope

_TZ = ZoneInfo("Europe/Dublin")
_FIRST_DAY = date(2026, 3, 1)
_DAYS = 31

# Relative arrivals per half hour of the day, 08:00 to 20:00 (24 values).
_PROFILE = np.array(
    [
        40,
        62,
        80,
        92,
        96,
        94,
        88,
        84,
        86,
        90,
        88,
        82,
        76,
        70,
        64,
        58,
        52,
        46,
        40,
        34,
        28,
        24,
        20,
        16,
    ],
    dtype=np.float64,
)


class _Stream:
    """One flow of contacts: a channel, a client, hours, volume and behaviour."""

    def __init__(
        self,
        *,
        channel_id: str,
        client_id: str,
        direction: str,
        per_weekday: float,
        saturday_share: float,
        opens: int,
        closes: int,
        mean_wait: float,
        mean_patience: float,
        mean_talk: float,
        campaign_id: str | None = None,
    ) -> None:
        self.channel_id, self.client_id, self.direction = channel_id, client_id, direction
        self.per_weekday, self.saturday_share = per_weekday, saturday_share
        self.opens, self.closes = opens, closes
        self.mean_wait, self.mean_patience, self.mean_talk = mean_wait, mean_patience, mean_talk
        self.campaign_id = campaign_id


_STREAMS = (
    _Stream(channel_id="bw-voice", client_id="brightwater", direction="inbound",
            per_weekday=1150, saturday_share=0.45, opens=8, closes=20,
            mean_wait=8.0, mean_patience=300.0, mean_talk=270.0),
    _Stream(channel_id="bw-voice", client_id="brightwater", direction="outbound",
            per_weekday=180, saturday_share=0.3, opens=10, closes=16,
            mean_wait=0.0, mean_patience=1e9, mean_talk=200.0, campaign_id="bw-renewals-2026q1"),
    _Stream(channel_id="bw-chat", client_id="brightwater", direction="inbound",
            per_weekday=380, saturday_share=0.0, opens=8, closes=20,
            mean_wait=15.0, mean_patience=400.0, mean_talk=420.0),
    _Stream(channel_id="bw-email", client_id="brightwater", direction="inbound",
            per_weekday=300, saturday_share=0.0, opens=8, closes=18,
            mean_wait=5.0 * 3600, mean_patience=1e9, mean_talk=300.0),
    _Stream(channel_id="lumen-voice", client_id="lumen", direction="inbound",
            per_weekday=520, saturday_share=0.0, opens=9, closes=17,
            mean_wait=7.0, mean_patience=300.0, mean_talk=300.0),
)  # fmt: skip


def generate(seed: int, scope: Scope) -> InteractionTable:
    """Generate the records; see `iso18295.examples.generate_interactions`.

    Text columns are built as category codes directly (no Python loop over
    records, no sort of string objects): the same table `InteractionTable.from_columns`
    would build from the strings, labels sorted and limited to the values present.
    """
    rng = np.random.default_rng(seed)
    agent_ids = sorted(a.id for a in scope.agents or ())
    parts = [_generate_stream(stream, scope, agent_ids, rng) for stream in _STREAMS]
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    n = len(columns["offered_at"])
    categories: dict[str, tuple[str, ...]] = {}
    for name in _CONSTANT_TEXT:
        labels = sorted({v for s in _STREAMS if (v := _text(s, name)) is not None})
        code = {label: i for i, label in enumerate(labels)}
        columns[name] = np.concatenate(
            [
                np.full(len(p["offered_at"]), code.get(_text(s, name) or "", _MISSING), np.int32)
                for s, p in zip(_STREAMS, parts, strict=True)
            ]
        )
        categories[name] = tuple(labels)
    columns["agent_id"], categories["agent_id"] = _present(columns["agent_id"], agent_ids)
    # Zero-padded to 7 digits, so the labels' text order is their numeric order.
    columns["interaction_id"] = np.arange(n, dtype=np.int32)
    categories["interaction_id"] = tuple(map("INT-{:07d}".format, range(n)))
    customers = rng.integers(0, 25_000, size=n)
    numbers = np.unique(customers)
    texts = [f"CUST-{k}" for k in numbers.tolist()]
    by_text = sorted(range(len(texts)), key=texts.__getitem__)
    rank = np.empty(len(texts), dtype=np.int32)
    rank[by_text] = np.arange(len(texts), dtype=np.int32)
    columns["customer_reference"] = rank[np.searchsorted(numbers, customers)]
    categories["customer_reference"] = tuple(texts[i] for i in by_text)
    columns["dial_seconds"] = np.full(n, np.nan)  # the generated records do not record dialling
    typed = {c.name: columns[c.name].astype(c.dtype, copy=False) for c in INTERACTION_COLUMNS}
    return InteractionTable(typed, categories)


_CONSTANT_TEXT = ("channel_id", "direction", "queue", "campaign_id", "client_id")
"""The text columns that are constant within a stream."""

_MISSING = int(MISSING_CODE)


def _text(stream: _Stream, name: str) -> str | None:
    if name == "queue":
        return f"{stream.client_id}-{stream.direction}"
    value: str | None = getattr(stream, name)
    return value


def _present(
    codes: npt.NDArray[np.int32], labels: list[str]
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    """Renumber `codes` into the sorted `labels` to the labels that occur (-1 stays)."""
    used = np.unique(codes[codes != _MISSING])
    renumber = np.full(len(labels) + 1, _MISSING, dtype=np.int32)  # the last slot is -1's
    renumber[used] = np.arange(len(used), dtype=np.int32)
    return renumber[codes], tuple(labels[i] for i in used.tolist())


def _utc_offsets(days: npt.NDArray[np.datetime64]) -> npt.NDArray[np.timedelta64]:
    """Return each local day's UTC offset at noon (the change happens at 01:00 UTC)."""
    offsets = []
    for day in days.astype("datetime64[D]").astype(object):
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=_TZ)
        offset = noon.utcoffset() or timedelta(0)
        offsets.append(int(offset.total_seconds()))
    return np.array(offsets, dtype="timedelta64[s]")


def _generate_stream(
    stream: _Stream, scope: Scope, agent_ids: list[str], rng: np.random.Generator
) -> dict[str, npt.NDArray[np.generic]]:
    """Generate one stream's records; `agent_id` as positions in the sorted `agent_ids`."""
    days = np.datetime64(_FIRST_DAY, "D") + np.arange(_DAYS)
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    day_factor = np.where(weekday < 5, 1.0, np.where(weekday == 5, stream.saturday_share, 0.0))
    slots = np.arange(2 * stream.opens, 2 * stream.closes) - 16  # half hours from 08:00
    profile = _PROFILE[slots] / _PROFILE[slots].sum()
    expected = stream.per_weekday * day_factor[:, None] * profile[None, :]
    counts = rng.poisson(expected).ravel()
    n = int(counts.sum())
    slot_start = (days[:, None] + np.timedelta64(30, "m") * (slots[None, :] + 16)).ravel()
    local = np.repeat(slot_start, counts) + (rng.random(n) * 1800).astype("timedelta64[s]")
    day_index = np.repeat(np.repeat(np.arange(_DAYS), len(slots)), counts)
    offered_at = (local - _utc_offsets(days)[day_index]).astype("datetime64[ns]")

    wait = rng.exponential(stream.mean_wait, n) if stream.mean_wait else np.zeros(n)
    patience = rng.exponential(stream.mean_patience, n)
    abandoned = patience < wait
    wait = np.where(abandoned, patience, wait).round(1)
    answered = ~abandoned
    talk = np.where(answered, rng.lognormal(np.log(stream.mean_talk), 0.45, n).round(), np.nan)
    hold = np.where(
        answered, np.where(rng.random(n) < 0.2, rng.exponential(40, n).round(), 0), np.nan
    )
    after = np.where(answered, rng.uniform(20, 70, n).round(), np.nan)
    resolved = np.where(answered, rng.choice([1, 0, -1], size=n, p=[0.8, 0.15, 0.05]), -1)
    scored = answered & (rng.random(n) < 0.15)
    satisfaction = np.where(
        scored, rng.choice([1, 2, 3, 4, 5], size=n, p=[0.02, 0.03, 0.08, 0.3, 0.57]), np.nan
    )

    agent = np.full(n, _MISSING, dtype=np.int32)
    handlers = [
        a for a in scope.agents or ()
        if stream.client_id in a.client_ids and stream.channel_id in a.channel_ids
        and a.first_contact_on is not None
    ]  # fmt: skip
    starts = np.array([a.first_contact_on for a in handlers], dtype="datetime64[D]")
    position = {agent_id: i for i, agent_id in enumerate(agent_ids)}
    ids = np.array([position[a.id] for a in handlers], dtype=np.int32)
    for d in range(_DAYS):  # per day, not per record: who is on shift that day
        rows = np.flatnonzero((day_index == d) & answered)
        eligible = ids[starts <= days[d]]
        agent[rows] = eligible[rng.integers(0, len(eligible), rows.size)]

    return {
        "agent_id": agent,
        "offered_at": offered_at,
        "wait_seconds": wait,
        "answered": answered,
        "abandoned": abandoned,
        "talk_seconds": talk,
        "hold_seconds": hold,
        "after_contact_seconds": after,
        "resolved": resolved.astype(np.int8),
        "transferred": answered & (rng.random(n) < 0.05),
        "satisfaction": satisfaction,
    }
