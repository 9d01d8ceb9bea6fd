"""Agent activity as columns: `AgentStateTable` (what agents did) and `ScheduleTable` (the plan).

Both are timelines of segments, one row per segment: ``agent_id`` (``int32``
codes into the table's agent labels), the state or scheduled activity
(``int32`` codes into the fixed vocabulary, `AGENT_STATES` or
`SCHEDULED_ACTIVITIES`), and ``started_at`` / ``ended_at`` (``datetime64[ns]``,
UTC; a segment is the half-open span ``[started_at, ended_at)``).  The arrays
are read-only.

Every row is checked with vectorised masks: missing agents, unknown states,
missing times, segments that end before they start, and segments of one agent
that overlap (found by sorting the rows by agent and start once and comparing
each start with the latest end before it).  One `ModelError` reports every
bad row, with its row number (counted from 0) and field.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

from .. import _namespaces
from ..errors import ModelError, Problem, UnknownIdError
from . import table_display
from ._segment_checks import (
    Findings,
    agent_time_order,
    described,
    encode_agents,
    encode_vocabulary,
    fields_of,
    in_row_order,
    length_of,
    read_only,
    time_problems,
    timestamps,
    utc_moment,
)
from .agent_states import AGENT_STATES, SCHEDULED_ACTIVITIES


class _SegmentTable:
    """The shared implementation of `AgentStateTable` and `ScheduleTable`."""

    _KIND: ClassVar[str]
    _VOCABULARY: ClassVar[tuple[str, ...]]
    __slots__ = ("_agents", "_columns", "_length")

    def __init__(self, columns: Mapping[str, npt.NDArray[Any]], agents: tuple[str, ...]) -> None:
        """Wrap checked columns (private: build tables with `from_columns` or `from_records`)."""
        names = self.column_names
        dtypes = ("int32", "int32", "datetime64[ns]", "datetime64[ns]")
        n = len(columns[names[0]])
        for name, dtype in zip(names, dtypes, strict=True):
            array = columns[name]
            if array.dtype != dtype or array.shape != (n,):
                raise ModelError(
                    type(self).__name__,
                    [Problem(path=name, expected=f"{dtype} of shape ({n},)", found=str(array))],
                )
        self._columns = {name: read_only(columns[name]) for name in names}
        self._agents = agents
        self._length = n

    @property
    def column_names(self) -> tuple[str, ...]:
        """Return the names of the columns, in order."""
        return ("agent_id", self._KIND, "started_at", "ended_at")

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        """Return the read-only array of column `name`; `UnknownIdError` if there is none."""
        try:
            return self._columns[name]
        except KeyError:
            names = ", ".join(map(repr, self._columns))
            kind = f"column of this {type(self).__name__} ({names})"
            raise UnknownIdError(kind, name, self._columns) from None

    def categories(self, name: str) -> tuple[str, ...]:
        """Return the labels the codes of column `name` (``agent_id`` or the vocabulary) index.

        Raises
        ------
        UnknownIdError
            If `name` is neither.
        """
        if name == "agent_id":
            return self._agents
        if name == self._KIND:
            return self._VOCABULARY
        kind = f"category column of this {type(self).__name__} ('agent_id', {self._KIND!r})"
        raise UnknownIdError(kind, name, ("agent_id", self._KIND))

    def equals(self, other: object) -> bool:
        """Tell whether `other` is a table of the same kind with the same rows in the same order.

        Agents are compared through their labels, so tables that number them
        differently are still equal.
        """
        if not isinstance(other, type(self)) or len(self) != len(other):
            return False
        mine = np.array(self._agents, dtype=object)[self._columns["agent_id"]]
        theirs = np.array(other._agents, dtype=object)[other._columns["agent_id"]]
        return bool(np.array_equal(mine, theirs)) and all(
            np.array_equal(self._columns[n], other._columns[n]) for n in self.column_names[1:]
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self._length} segments, {len(self._agents)} agents>"

    # --- export -------------------------------------------------------------------------

    def to_arrow(self) -> Any:
        """Return the table as a ``pyarrow.Table``, one row per segment.

        ``agent_id`` and the state or activity column are dictionary-encoded
        text (``dictionary<int32, string>``; the agents' ids and the
        vocabulary's values); ``started_at`` and ``ended_at`` are
        ``timestamp[ns, tz=UTC]``.  Every column is declared not nullable.

        Returns
        -------
        pyarrow.Table

        Raises
        ------
        MissingDependencyError
            If pyarrow is not installed (``pip install 'iso18295[arrow]'``).
        """
        from .._export.arrow import dictionary, table, timestamps
        from .._export.libraries import require

        pa = require("pyarrow", f"{type(self).__name__}.to_arrow()")
        arrays = {
            "agent_id": dictionary(pa, self._columns["agent_id"], self._agents),
            self._KIND: dictionary(pa, self._columns[self._KIND], self._VOCABULARY),
            "started_at": timestamps(pa, self._columns["started_at"]),
            "ended_at": timestamps(pa, self._columns["ended_at"]),
        }
        metadata = {"iso18295.table": type(self).__name__}
        return table(pa, arrays, required=self.column_names, metadata=metadata)

    def to_pandas(self) -> Any:
        """Return the table as a ``pandas.DataFrame``, one row per segment.

        Through `to_arrow`: ``agent_id`` and the state or activity become
        ``category``, the times ``datetime64[ns, UTC]``.

        Raises
        ------
        MissingDependencyError
            If pyarrow or pandas is not installed
            (``pip install 'iso18295[arrow]' pandas``).
        """
        from .._export.frames import pandas_frame

        return pandas_frame(self.to_arrow(), f"{type(self).__name__}.to_pandas()")

    def to_polars(self) -> Any:
        """Return the table as a ``polars.DataFrame``, one row per segment.

        Through `to_arrow`: ``agent_id`` and the state or activity become
        ``Categorical``, the times ``Datetime("ns", "UTC")``.

        Raises
        ------
        MissingDependencyError
            If pyarrow or polars is not installed
            (``pip install 'iso18295[arrow]' polars``).
        """
        from .._export.frames import polars_frame

        return polars_frame(self.to_arrow(), f"{type(self).__name__}.to_polars()")

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Export the table through the Arrow PyCapsule stream interface (columns as `to_arrow`).

        So ``pyarrow.table(t)``, ``polars.DataFrame(t)`` and DuckDB queries
        take the table directly.

        Parameters
        ----------
        requested_schema : object or None, default None
            A schema the reader asks for (a PyCapsule holding an Arrow schema);
            pyarrow casts to it where it can.

        Raises
        ------
        MissingDependencyError
            If pyarrow is not installed (``pip install 'iso18295[arrow]'``).
        """
        from .._export.frames import arrow_stream

        return arrow_stream(self.to_arrow(), requested_schema)

    def _repr_html_(self) -> str:
        return table_display.segment_html(self)

    # --- construction -------------------------------------------------------------------

    @classmethod
    def _build(cls, columns: Mapping[str, object], known: Sequence[Problem] = ()) -> Self:
        """Convert, check every row, and build; `known` are problems found already per row."""
        problems: list[Problem] = []
        lengths = {}
        for name, values in columns.items():
            length = length_of(values)
            if length is None:
                problems.append(
                    Problem(
                        path=name,
                        expected="a one-dimensional sequence of values (a list or an array)",
                        found=f"a single value of type {type(values).__name__}",
                    )
                )
            else:
                lengths[name] = length
        if not problems and len(set(lengths.values())) > 1:
            sizes = ", ".join(f"{k}: {v}" for k, v in lengths.items())
            problems.append(Problem(path="", expected="columns of equal length", found=sizes))
        if problems:
            raise ModelError(cls.__name__, problems)
        found = Findings(list(known))
        agent_codes, agents = encode_agents(columns["agent_id"], found)
        kind_codes = encode_vocabulary(columns[cls._KIND], cls._KIND, cls._VOCABULARY, found)
        started = timestamps(columns["started_at"], "started_at", found)
        ended = timestamps(columns["ended_at"], "ended_at", found)
        if started is not None and ended is not None:
            found.add(time_problems(agent_codes, agents, started, ended))
        if found.problems or started is None or ended is None:
            raise ModelError(cls.__name__, in_row_order(found.problems))
        return cls(
            {
                "agent_id": agent_codes,
                cls._KIND: kind_codes,
                "started_at": started.view("datetime64[ns]"),
                "ended_at": ended.view("datetime64[ns]"),
            },
            agents,
        )

    @classmethod
    def _records(cls, records: Iterable[object]) -> Self:
        """Build from Python records (small data; loops in Python over the records)."""
        names = ("agent_id", cls._KIND, "started_at", "ended_at")
        rows = list(records)
        values: dict[str, list[object]] = {name: [] for name in names}
        problems: list[Problem] = []
        for i, record in enumerate(rows):
            fields = fields_of(record, names)
            if fields is None:
                problems.append(
                    Problem(
                        path=f"[{i}]",
                        expected=f"a record ({', '.join(names)}) as a tuple or a mapping",
                        found=described(record),
                    )
                )
            agent, kind, *times = fields or (None, None, None, None)
            values["agent_id"].append(agent)
            values[cls._KIND].append(kind)
            for name, moment in zip(names[2:], times, strict=True):
                path = f"[{i}].{name}"
                values[name].append(
                    utc_moment(moment, path, problems) if fields else np.datetime64("NaT")
                )
        columns: dict[str, object] = {
            "agent_id": np.array(values["agent_id"], dtype=object),
            cls._KIND: np.array(values[cls._KIND], dtype=object),
        }
        for name in names[2:]:
            columns[name] = np.array(values[name], dtype="datetime64[ns]").reshape(len(rows))
        return cls._build(columns, problems)


@typing.final
class AgentStateTable(_SegmentTable):
    """Recorded agent states as columns: who was in which state, from when to when.

    One row per segment of one agent's timeline: ``agent_id`` (``int32`` codes
    into `categories("agent_id")`), ``state`` (``int32`` codes into the
    `AgentState` vocabulary, in its order), ``started_at`` and ``ended_at``
    (``datetime64[ns]``, UTC; the segment is ``[started_at, ended_at)``).
    Segments of one agent may not overlap; back-to-back segments and gaps
    (time with no recorded state) are fine, and so are segments of zero length,
    which count nowhere.  Build tables with `from_columns` or `from_records`;
    compare them with `equals`.  Workforce KPIs read them:
    `iso18295.kpis.measure_activity`.

    Examples
    --------
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> at = lambda h, m: datetime(2026, 3, 2, h, m, tzinfo=ZoneInfo("Europe/Dublin"))
    >>> states = AgentStateTable.from_records([
    ...     ("NW0010", "available", at(9, 0), at(9, 5)),
    ...     ("NW0010", "handling", at(9, 5), at(9, 20)),
    ... ])
    >>> states
    <AgentStateTable: 2 segments, 1 agents>
    >>> states["state"], states.categories("state")[1]
    (array([0, 1], dtype=int32), 'handling')
    >>> AgentStateTable.from_records([("NW0010", "lunch", at(9, 0), at(8, 0))])
    Traceback (most recent call last):
    ...
    iso18295.errors.ModelError: AgentStateTable: 2 problems
      - [0].state: expected one of available, handling, after_contact, break, meeting, training, other_work, planned_absence, unplanned_absence, offline, found 'lunch'
      - [0].ended_at: expected a time not before started_at, found one 3600 s before it
    """  # noqa: E501 - doctest output lines

    _KIND: ClassVar[str] = "state"
    _VOCABULARY: ClassVar[tuple[str, ...]] = tuple(s.value for s in AGENT_STATES)
    __slots__ = ()

    @classmethod
    def from_columns(
        cls, *, agent_id: object, state: object, started_at: object, ended_at: object
    ) -> AgentStateTable:
        """Build a table from one array-like per column.

        Parameters
        ----------
        agent_id : array_like of str
            The agent of each segment; ``None`` or ``""`` is an error.
        state : array_like of str
            `AgentState` values (or members).
        started_at, ended_at : array_like of datetime64
            Start and end of each segment, read as UTC.

        Returns
        -------
        AgentStateTable

        Raises
        ------
        ModelError
            Listing every bad row with its number and field: a missing agent,
            an unknown state, a missing time, an end before the start, or a
            segment that overlaps another of the same agent (naming it).  Up
            to 100 rows per check are listed; more are counted.
        """
        columns = {
            "agent_id": agent_id,
            "state": state,
            "started_at": started_at,
            "ended_at": ended_at,
        }
        return cls._build(columns)

    @classmethod
    def from_records(cls, records: Iterable[object]) -> AgentStateTable:
        """Build a table from Python records (for small data; loops in Python).

        Parameters
        ----------
        records : iterable of tuple or mapping
            Each ``(agent_id, state, started_at, ended_at)``, or a mapping with
            exactly those keys; the times are aware `datetime.datetime` objects.

        Returns
        -------
        AgentStateTable

        Raises
        ------
        ModelError
            As `from_columns`, and for a record that is not a 4-tuple or such a
            mapping, or a time that is naive or not a datetime.
        """
        return cls._records(records)


@typing.final
class ScheduleTable(_SegmentTable):
    """The planned schedule as columns: which activity each agent was scheduled for, when.

    The layout of `AgentStateTable`, with an ``activity`` column (``int32``
    codes into the `ScheduledActivity` vocabulary) instead of ``state``.
    Scheduled time is every segment; an agent not scheduled has no segment.
    Back-to-back segments of the same activity form one stretch (schedule
    adherence's tolerance applies at the ends of stretches).  Segments of one
    agent may not overlap.  Build tables with `from_columns` or
    `from_records`.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> schedule = ScheduleTable.from_records([
    ...     {"agent_id": "NW0010", "activity": "contact_work",
    ...      "started_at": datetime(2026, 3, 2, 9, tzinfo=UTC),
    ...      "ended_at": datetime(2026, 3, 2, 11, tzinfo=UTC)},
    ... ])
    >>> schedule.column_names
    ('agent_id', 'activity', 'started_at', 'ended_at')
    >>> ScheduleTable.from_records([("NW0010", "break", datetime(2026, 3, 2, 9), None)])
    Traceback (most recent call last):
    ...
    iso18295.errors.ModelError: ScheduleTable: 2 problems
      - [0].started_at: expected an aware datetime (with a time zone), found a naive datetime 2026-03-02T09:00:00; give it a time zone, e.g. tzinfo=zoneinfo.ZoneInfo('Europe/Dublin')
      - [0].ended_at: expected an aware datetime, found a value of type NoneType
    """  # noqa: E501 - doctest output lines

    _KIND: ClassVar[str] = "activity"
    _VOCABULARY: ClassVar[tuple[str, ...]] = tuple(a.value for a in SCHEDULED_ACTIVITIES)
    __slots__ = ()

    @classmethod
    def from_columns(
        cls, *, agent_id: object, activity: object, started_at: object, ended_at: object
    ) -> ScheduleTable:
        """Build a schedule from one array-like per column.

        Parameters
        ----------
        agent_id : array_like of str
            The agent of each segment; ``None`` or ``""`` is an error.
        activity : array_like of str
            `ScheduledActivity` values (or members).
        started_at, ended_at : array_like of datetime64
            Start and end of each segment, read as UTC.

        Returns
        -------
        ScheduleTable

        Raises
        ------
        ModelError
            Listing every bad row, as `AgentStateTable.from_columns`.
        """
        columns = {
            "agent_id": agent_id,
            "activity": activity,
            "started_at": started_at,
            "ended_at": ended_at,
        }
        return cls._build(columns)

    @classmethod
    def from_records(cls, records: Iterable[object]) -> ScheduleTable:
        """Build a schedule from Python records (for small data; loops in Python).

        Parameters
        ----------
        records : iterable of tuple or mapping
            Each ``(agent_id, activity, started_at, ended_at)``, or a mapping
            with exactly those keys; the times are aware datetimes.

        Returns
        -------
        ScheduleTable

        Raises
        ------
        ModelError
            As `AgentStateTable.from_records`.
        """
        return cls._records(records)


__all__ = ["AgentStateTable", "ScheduleTable", "agent_time_order"]


_namespaces.publish_lazy(__name__)
