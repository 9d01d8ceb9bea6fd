"""The columnar layout of interaction records: one definition, used everywhere.

Every loader, KPI and benchmark reads the column names and dtypes from
`INTERACTION_COLUMNS`.  This module does not import numpy, so the schema can
be inspected cheaply.
"""

from __future__ import annotations

from typing import Final, Literal, final

import attrs

ColumnKind = Literal["category", "timestamp", "float", "bool", "tristate"]


@final
@attrs.frozen(kw_only=True)
class Column:
    """The definition of one column of an `InteractionTable`.

    Parameters
    ----------
    name : str
        Column name.
    kind : {"category", "timestamp", "float", "bool", "tristate"}
        ``category``: ``int32`` codes into the table's category labels, -1 for
        missing; ``timestamp``: ``datetime64[ns]`` in UTC; ``float``: ``float64``,
        NaN for missing where allowed; ``bool``: ``bool``; ``tristate``: ``int8``,
        1 yes, 0 no, -1 not recorded.
    description : str
        What the column holds, with its unit.
    required : bool
        Whether every row must have a value.
    personal : bool, default False
        Whether the column holds personal data.
    """

    name: str
    kind: ColumnKind
    description: str
    required: bool
    personal: bool = False

    @property
    def dtype(self) -> str:
        """Return the name of the numpy dtype the column is stored as."""
        return _DTYPES[self.kind]


_DTYPES: Final[dict[str, str]] = {
    "category": "int32",
    "timestamp": "datetime64[ns]",
    "float": "float64",
    "bool": "bool",
    "tristate": "int8",
}

INTERACTION_COLUMNS: Final[tuple[Column, ...]] = (
    Column(name="interaction_id", kind="category", required=False,
           description="The interaction's identifier, where recorded."),
    Column(name="channel_id", kind="category", required=True,
           description="Id of the centre channel the contact used."),
    Column(name="direction", kind="category", required=True,
           description="'inbound' (started by the customer) or 'outbound'."),
    Column(name="queue", kind="category", required=False,
           description="Routing queue or skill group."),
    Column(name="campaign_id", kind="category", required=False,
           description="Campaign the contact belongs to."),
    Column(name="client_id", kind="category", required=True,
           description="Client on whose behalf the contact was handled."),
    Column(name="customer_reference", kind="category", required=False, personal=True,
           description="The customer's reference (personal data)."),
    Column(name="agent_id", kind="category", required=False,
           description="Agent who handled the contact."),
    Column(name="offered_at", kind="timestamp", required=True,
           description="When the contact was offered to the centre (UTC)."),
    Column(name="wait_seconds", kind="float", required=True,
           description="Seconds from offer to answer or abandonment (>= 0)."),
    Column(name="answered", kind="bool", required=True,
           description="Whether an agent answered."),
    Column(name="abandoned", kind="bool", required=True,
           description="Whether the customer gave up before an answer."),
    Column(name="talk_seconds", kind="float", required=False,
           description="Seconds of conversation or active handling; NaN if unanswered."),
    Column(name="hold_seconds", kind="float", required=False,
           description="Seconds on hold; NaN if unanswered."),
    Column(name="after_contact_seconds", kind="float", required=False,
           description="Seconds of after-contact work; NaN if unanswered."),
    Column(name="resolved", kind="tristate", required=False,
           description="Whether the need was resolved in this contact: 1, 0, -1 not recorded."),
    Column(name="transferred", kind="bool", required=False,
           description="Whether the contact was transferred."),
    Column(name="satisfaction", kind="float", required=False,
           description="Customer's satisfaction score for the contact; NaN if none."),
    Column(name="dial_seconds", kind="float", required=False,
           description="Seconds an outbound contact spent dialling and ringing before it"
                       " connected; NaN if not recorded (and for inbound contacts)."),
)  # fmt: skip
"""Every column of an `InteractionTable`, in order."""

COLUMNS_BY_NAME: Final = {c.name: c for c in INTERACTION_COLUMNS}
"""`INTERACTION_COLUMNS` keyed by name."""

MISSING_CODE: Final = -1
"""The code a category column stores where a value is missing."""
