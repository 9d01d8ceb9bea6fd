"""Interaction records from contact-centre platform exports: Amazon Connect, Genesys Cloud.

Each reader turns one platform's JSON records into our columns (the mapping,
field by field, is in :doc:`/reference/platform-mappings`) and returns the
same `LoadResult` as the other loaders, with the same strict and quarantine
semantics.  What our columns need and the platform does not record (the
client, resolution, satisfaction) is said, never guessed: the client is an
argument, the others are left "not recorded".  Customer endpoints (phone
numbers, e-mail addresses), customer names and agent user names are personal
data and are not read at all.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import numpy as np

from .. import _namespaces
from .._progress import Progress
from ..errors import LoadError, ModelError, Problem
from ._finish import OnError, finish
from ._json_records import read_records
from ._load_result import LoadResult
from ._platform_fields import Columns, Fields, neutralise
from .column_mapping import ColumnMapping
from .interactions import check_options

_CONNECT_DIRECTIONS: Final = {"INBOUND": "inbound", "OUTBOUND": "outbound"}
_TRANSFER_METRICS: Final = ("nTransferred", "nBlindTransferred", "nConsultTransferred")
_MS: Final = 0.001
_PROGRESS_RECORDS: Final = 16_384


def load_amazon_connect(
    path: str | os.PathLike[str],
    *,
    client_id: str,
    values: Mapping[str, Mapping[str, str]] | None = None,
    on_error: OnError = "strict",
    progress: Progress | None = None,
) -> LoadResult:
    """Load Amazon Connect contact records (as its data streaming delivers them).

    One record per contact, in Amazon Connect's contact record data model:
    a file of JSON objects one after another (JSON lines, or concatenated as
    Kinesis Data Firehose writes them) or one JSON array.  Each record becomes
    one row; row numbers in messages count records from 1, in file order.

    Parameters
    ----------
    path : str or os.PathLike
        The file (UTF-8).
    client_id : str
        The client on whose behalf the contacts were handled: contact records
        do not say.
    values : mapping, optional
        Label mappings for our category columns, as in `ColumnMapping.values`,
        applied to the platform's labels: such as ``{"channel_id": {"VOICE":
        "phone"}}`` to use the centre's channel ids, or ``{"direction":
        {"CALLBACK": "outbound"}}``.  ``InitiationMethod`` ``INBOUND`` and
        ``OUTBOUND`` become ``inbound`` and ``outbound``; other methods
        (``TRANSFER``, ``QUEUE_TRANSFER``, ``CALLBACK``, ``API``...) are bad rows
        unless mapped here.
    on_error : {"strict", "quarantine"}, default "strict"
        As in `load_interactions_csv`.
    progress : Progress or None, default None
        Called with ``(records, total, "read rows")`` every 16,384 records
        once the file is parsed (its total then known), and last with
        ``(total, total, "read rows")``.

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        If the file is not JSON records, an option is bad, or (strict mode) a
        record is bad: every problem is listed with the field path (such as
        ``Queue.EnqueueTimestamp``) and the record numbers.

    Examples
    --------
    >>> load_amazon_connect("no-such-file.json", client_id="acme")
    Traceback (most recent call last):
    ...
    iso18295.errors.LoadError: no-such-file.json: expected a readable file, found ...
    """
    return _load(path, _CONNECT, client_id, values, on_error, progress)


def _connect_record(fields: Fields, columns: Columns, row: int, record: dict[str, Any]) -> None:
    """Read one contact record into `columns`, noting its bad values in `fields`."""
    text, numbers, flags, times = columns.text, columns.numbers, columns.flags, columns.times
    text["interaction_id"].append(
        fields.text(row, record, "ContactId", "ContactId", required=True)
    )
    text["channel_id"].append(fields.text(row, record, "Channel", "Channel", required=True))
    method = fields.text(row, record, "InitiationMethod", "InitiationMethod", required=True)
    text["direction"].append(method or "INBOUND")  # missing: reported, the row is set aside
    times["InitiationTimestamp"].append(
        fields.time(row, record, "InitiationTimestamp", "InitiationTimestamp", required=True)
    )
    reason = fields.text(row, record, "DisconnectReason", "DisconnectReason", required=False)
    transfer = record.get("TransferredToEndpoint") is not None
    completed = fields.text(
        row, record, "TransferCompletedTimestamp", "TransferCompletedTimestamp", required=False
    )
    transfer = transfer or bool(completed)
    queue = fields.child(row, record, "Queue", "Queue", required=False)
    if queue is not None:
        text["queue"].append(fields.text(row, queue, "Name", "Queue.Name", required=False))
        times["Queue.EnqueueTimestamp"].append(
            fields.time(row, queue, "EnqueueTimestamp", "Queue.EnqueueTimestamp", required=True)
        )
        wait = fields.seconds(row, queue, "Duration", "Queue.Duration", required=True)
    else:
        text["queue"].append(None)
        times["Queue.EnqueueTimestamp"].append("")
        wait = 0.0  # never queued (an outbound dial, say): no wait, as documented
    agent = fields.child(row, record, "Agent", "Agent", required=False)
    connected = False
    talk = hold = after = float("nan")
    agent_id = None
    if agent is not None:
        times["Agent.ConnectedToAgentTimestamp"].append(
            fields.time(
                row,
                agent,
                "ConnectedToAgentTimestamp",
                "Agent.ConnectedToAgentTimestamp",
                required=False,
            )
        )
        connected = bool(times["Agent.ConnectedToAgentTimestamp"][-1])
        arn = fields.text(row, agent, "ARN", "Agent.ARN", required=False)
        agent_id = arn.rsplit("/", 1)[-1] if arn else None
        talk = fields.seconds(
            row,
            agent,
            "AgentInteractionDuration",
            "Agent.AgentInteractionDuration",
            required=False,
        )
        hold = fields.seconds(
            row, agent, "CustomerHoldDuration", "Agent.CustomerHoldDuration", required=False
        )
        after = fields.seconds(
            row,
            agent,
            "AfterContactWorkDuration",
            "Agent.AfterContactWorkDuration",
            required=False,
        )
    else:
        times["Agent.ConnectedToAgentTimestamp"].append("")
    if not connected:
        talk = hold = after = float("nan")
    text["agent_id"].append(agent_id if connected else None)
    numbers["wait_seconds"].append(wait)
    numbers["talk_seconds"].append(talk)
    numbers["hold_seconds"].append(hold)
    numbers["after_contact_seconds"].append(after)
    flags["answered"].append(connected)
    flags["abandoned"].append(
        queue is not None and not connected and reason == "CUSTOMER_DISCONNECT"
    )
    flags["transferred"].append(transfer)


def load_genesys_cloud(
    path: str | os.PathLike[str],
    *,
    client_id: str,
    values: Mapping[str, Mapping[str, str]] | None = None,
    on_error: OnError = "strict",
    progress: Progress | None = None,
) -> LoadResult:
    """Load Genesys Cloud conversation details (from its analytics API).

    The records are conversations as the conversation detail query
    (``POST /api/v2/analytics/conversations/details/query``) returns them:
    a response page (an object whose ``conversations`` array holds them,
    or several pages one after another), one JSON array of conversations, or
    one conversation per line.  Each conversation becomes one row; row numbers
    in messages count conversations from 1, in file order.  Metrics given in
    milliseconds (``tAnswered``, ``tTalk``...) are converted to seconds.

    Parameters
    ----------
    path : str or os.PathLike
        The file (UTF-8).
    client_id : str
        The client on whose behalf the conversations were handled: the
        details do not say.
    values : mapping, optional
        Label mappings for our category columns, as in `ColumnMapping.values`,
        applied to the platform's labels: such as ``{"channel_id": {"voice":
        "phone"}}``.  ``originatingDirection`` is ``inbound`` or
        ``outbound`` already.
    on_error : {"strict", "quarantine"}, default "strict"
        As in `load_interactions_csv`.
    progress : Progress or None, default None
        As in `load_amazon_connect`, counting conversations.

    Returns
    -------
    LoadResult

    Raises
    ------
    LoadError
        As in `load_amazon_connect`; field paths are like
        ``participants[1].sessions[0].metrics[2].value``.
    """
    return _load(path, _GENESYS, client_id, values, on_error, progress)


def _genesys_record(fields: Fields, columns: Columns, row: int, record: dict[str, Any]) -> None:
    """Read one conversation into `columns`, noting its bad values in `fields`."""
    text, numbers, flags, times = columns.text, columns.numbers, columns.flags, columns.times
    text["interaction_id"].append(
        fields.text(row, record, "conversationId", "conversationId", required=True)
    )
    times["conversationStart"].append(
        fields.time(row, record, "conversationStart", "conversationStart", required=True)
    )
    direction = fields.text(
        row, record, "originatingDirection", "originatingDirection", required=True
    )
    text["direction"].append(direction or "inbound")  # missing: reported, the row is set aside
    media: str | None = None
    queue: str | None = None
    acd_start, acd_start_path = "", ""
    acd: dict[str, float] | None = None
    agent_id: str | None = None
    handled: dict[str, float] = {}
    transferred = False
    participants = fields.items(row, record, "participants", "participants", required=True)
    for p_index, participant in enumerate(participants):
        where = f"participants[{p_index}]"
        purpose = fields.text(row, participant, "purpose", f"{where}.purpose", required=True)
        sessions = fields.items(row, participant, "sessions", f"{where}.sessions", required=False)
        found: dict[str, float] = {}
        for s_index, session in enumerate(sessions):
            at = f"{where}.sessions[{s_index}]"
            kind = fields.text(row, session, "mediaType", f"{at}.mediaType", required=True)
            media = media or kind
            metrics = fields.items(row, session, "metrics", f"{at}.metrics", required=False)
            for m_index, metric in enumerate(metrics):
                name = fields.text(
                    row, metric, "name", f"{at}.metrics[{m_index}].name", required=True
                )
                if name is None:
                    continue
                value = fields.seconds(
                    row,
                    metric,
                    "value",
                    f"{at}.metrics[{m_index}].value",
                    required=True,
                    scale=_MS if name.startswith("t") else 1.0,  # t...: ms; n...: counts
                )
                if not math.isnan(value):  # NaN: absent or bad (noted)
                    found[name] = found.get(name, 0.0) + value
            if purpose == "acd" and acd is None and s_index == 0:
                segments = fields.items(row, session, "segments", f"{at}.segments", required=False)
                if segments:
                    acd_start_path = f"{at}.segments[0].segmentStart"
                    acd_start = fields.time(
                        row, segments[0], "segmentStart", acd_start_path, required=True
                    )
        if any(found.get(m, 0.0) > 0 for m in _TRANSFER_METRICS):
            transferred = True
        if purpose == "acd" and acd is None:
            acd = found
            queue = fields.text(
                row, participant, "participantName", f"{where}.participantName", required=False
            )
            if "tAnswered" in found and "tAbandon" in found:
                fields.flag(
                    row,
                    f"{where}.sessions",
                    "tAnswered or tAbandon, not both",
                    None,
                    found="with both",
                )
        elif purpose == "agent":
            if "tTalk" in found and agent_id is None:
                agent_id = fields.text(
                    row, participant, "userId", f"{where}.userId", required=False
                )
            for name in ("tTalk", "tHeld", "tAcw"):
                if name in found:
                    handled[name] = handled.get(name, 0.0) + found[name]
    text["channel_id"].append(media)
    if media is None:
        fields.missing(row, "participants[*].sessions[*].mediaType", "a value in every record")
    text["queue"].append(queue)
    times["acd.segmentStart"].append(acd_start)
    columns.time_paths["acd.segmentStart"].append(acd_start_path)
    if acd is not None:
        answered = "tAnswered" in acd
        abandoned = "tAbandon" in acd and not answered
        wait = acd.get("tAnswered", acd.get("tAbandon", acd.get("tAcd", 0.0)))
    else:  # never queued (an outbound dial, say): no wait, answered if an agent talked
        answered, abandoned, wait = "tTalk" in handled, False, 0.0
    text["agent_id"].append(agent_id)
    numbers["wait_seconds"].append(wait)
    numbers["talk_seconds"].append(handled.get("tTalk", float("nan")))
    numbers["hold_seconds"].append(
        handled.get("tHeld", 0.0) if "tTalk" in handled else float("nan")
    )
    numbers["after_contact_seconds"].append(
        handled.get("tAcw", 0.0) if "tTalk" in handled else float("nan")
    )
    flags["answered"].append(answered)
    flags["abandoned"].append(abandoned)
    flags["transferred"].append(transferred)


# --- shared --------------------------------------------------------------------------

_TEXT: Final = ("interaction_id", "channel_id", "direction", "queue", "agent_id")
_NUMBERS: Final = ("wait_seconds", "talk_seconds", "hold_seconds", "after_contact_seconds")
_FLAGS: Final = ("answered", "abandoned", "transferred")
_CONNECT_TIMES: Final = (
    "InitiationTimestamp",
    "Queue.EnqueueTimestamp",
    "Agent.ConnectedToAgentTimestamp",
)
_GENESYS_TIMES: Final = ("conversationStart", "acd.segmentStart")


@attrs.frozen
class _Export:
    """What tells one platform's export apart; `_load` does the rest alike for each.

    The record reader fills one row of the columns from one JSON object;
    `queued` and `started` name the times whose first present one is
    ``offered_at`` (entering the queue, else the contact's start).
    """

    record: str
    envelope: str | None
    read: Callable[[Fields, Columns, int, dict[str, Any]], None]
    times: tuple[str, ...]
    id_path: str
    directions: dict[str, str]
    direction_from: str
    direction_hint: str
    queued: str
    started: str


_CONNECT: Final = _Export(
    record="a contact record",
    envelope=None,
    read=_connect_record,
    times=_CONNECT_TIMES,
    id_path="ContactId",
    directions=_CONNECT_DIRECTIONS,
    direction_from="InitiationMethod INBOUND or OUTBOUND",
    direction_hint=(
        "map other initiation methods with values={'direction': {'CALLBACK': 'outbound'}}, "
        "or set those records aside with on_error='quarantine'"
    ),
    queued="Queue.EnqueueTimestamp",
    started="InitiationTimestamp",
)
_GENESYS: Final = _Export(
    record="a conversation",
    envelope="conversations",
    read=_genesys_record,
    times=_GENESYS_TIMES,
    id_path="conversationId",
    directions={},
    direction_from="originatingDirection",
    direction_hint="map other values with values={'direction': {...}}",
    queued="acd.segmentStart",
    started="conversationStart",
)


def _load(
    path: str | os.PathLike[str],
    export: _Export,
    client_id: str,
    values: Mapping[str, Mapping[str, str]] | None,
    on_error: OnError,
    progress: Progress | None,
) -> LoadResult:
    """Read a platform's JSON records into our columns, then check them as every loader does."""
    source = str(path)
    mapping = _check(source, client_id, values, on_error)
    records = read_records(path, source=source, envelope=export.envelope)
    fields = Fields()
    columns = _columns(len(records), client_id, export.times)
    total = len(records)
    for row, record in enumerate(records):
        if progress is not None and row and not row % _PROGRESS_RECORDS:
            progress(row, total, "read rows")
        if isinstance(record, dict):
            export.read(fields, columns, row, record)
        else:
            fields.flag(row, "", f"a JSON object ({export.record})", record, show=False)
            _blank_row(columns)
    if progress is not None:
        progress(total, total, "read rows")
    parsed, times = columns.parsed(
        fields,
        id_path=export.id_path,
        values=_merged({"direction": export.directions} if export.directions else {}, mapping),
        direction_from=export.direction_from,
        direction_hint=export.direction_hint,
    )
    queued = times[export.queued]  # NaT if never queued (or unreadable: reported)
    parsed.arrays["offered_at"] = np.where(np.isnat(queued), times[export.started], queued)
    neutralise(parsed)
    return finish(parsed, source=source, on_error=on_error)


def _columns(n: int, client_id: str, times: tuple[str, ...]) -> Columns:
    columns = Columns(n=n)
    columns.text = {name: [] for name in _TEXT}
    columns.text["client_id"] = [client_id] * n
    columns.numbers = {name: [] for name in _NUMBERS}
    columns.flags = {name: [] for name in _FLAGS}
    columns.times = {name: [] for name in times}
    columns.time_paths = {name: [] for name in times if name == "acd.segmentStart"}
    return columns


def _blank_row(columns: Columns) -> None:
    """Fill one row of a record that is not an object (it is reported and set aside)."""
    for name, texts in columns.text.items():
        if name != "client_id":
            texts.append("inbound" if name == "direction" else None)
    for numbers in columns.numbers.values():
        numbers.append(0.0)
    for flags in columns.flags.values():
        flags.append(False)
    for times in (*columns.times.values(), *columns.time_paths.values()):
        times.append("")


def _check(
    source: str,
    client_id: object,
    values: Mapping[str, Mapping[str, str]] | None,
    on_error: str,
) -> ColumnMapping | None:
    """Check the options; return the value mappings as a `ColumnMapping`."""
    problems: list[Problem] = []
    try:
        check_options(source, time_zone=None, on_error=on_error)
    except LoadError as exc:
        problems += exc.problems
    if not isinstance(client_id, str) or not client_id.strip():
        problems.append(
            Problem(path="client_id", expected="a non-empty string", found=repr(client_id))
        )
    mapping = None
    if values is not None:
        try:
            mapping = ColumnMapping(values=values)
        except ModelError as exc:
            problems += exc.problems
        except (AttributeError, TypeError):
            problems.append(
                Problem(
                    path="values",
                    expected="a mapping of our column names to mappings of labels",
                    found=f"a {type(values).__name__}",
                )
            )
    if problems:
        raise LoadError(source, problems)
    return mapping


def _merged(
    defaults: dict[str, dict[str, str]], mapping: ColumnMapping | None
) -> dict[str, dict[str, str]]:
    merged = {name: dict(labels) for name, labels in defaults.items()}
    for name, labels in (mapping.values if mapping is not None else {}).items():
        merged.setdefault(name, {}).update(labels)
    return merged


_namespaces.publish_lazy(__name__)
