"""KPIs from a scope's documents: their sources, tallies and shared checks.

Interaction KPIs reduce millions of rows to counts with ``bincount``; the KPIs
here read a scope's documents (complaints, customer surveys, quality
evaluations, agents, engagement surveys, the centre's channels), of which there are hundreds or
thousands, so each definition simply *tallies* the documents of one group in
Python: a numerator, a denominator, an excluded count and the value.

Each definition reads one *source*, a collection of `Scope` (or the centre's
channels, `ContactCentre.channels`, none without a centre), and selects the
documents of the period by a documented date.  The fields a source can be
grouped by are in `SOURCE_FIELDS`; documents derived from agents (agents
themselves, quality evaluations through their agent) belong to every client the
agent serves, and to the missing group (None) if the agent serves none.
"""

from __future__ import annotations

import enum
import math
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from iso18295._model.people import StaffFunction
from iso18295._model.scope import Scope
from iso18295.errors import CalculationError
from iso18295.kpis._engine.periods import Period

SOURCE_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "complaints": ("client_id", "channel_id"),
    "customer_surveys": ("client_id", "channel_id"),
    "quality_evaluations": ("agent_id", "client_id"),
    "agents": ("client_id",),
    "engagement_surveys": (),
    "channels": ("channel_id",),
}
"""The fields each source's documents can be grouped by."""

Labels = Mapping[str, tuple[str | None, ...]]


def document_labels(
    source: str, document: Any, agent_clients: Mapping[str, tuple[str, ...]]
) -> Labels:
    """Return a document's group labels per field: one value, or several (agents' clients).

    Parameters
    ----------
    source : str
        The collection the document comes from.
    document : model object
        The document.
    agent_clients : mapping of str to tuple of str
        Each agent's clients, by agent id.
    """
    if source in ("complaints", "customer_surveys"):
        return {"client_id": (document.client_id,), "channel_id": (document.channel_id,)}
    if source == "quality_evaluations":
        clients = agent_clients.get(document.agent_id, ())
        return {"agent_id": (document.agent_id,), "client_id": clients or (None,)}
    if source == "agents":
        return {"client_id": document.client_ids or (None,)}
    if source == "channels":
        return {"channel_id": (document.id,)}
    return {}


def source_documents(scope: Scope, source: str) -> Sequence[Any]:
    """Return the documents of `source` in `scope` (none when not supplied)."""
    if source == "channels":
        return (scope.centre.channels or ()) if scope.centre is not None else ()
    documents: Sequence[Any] = getattr(scope, source) or ()
    return documents


class DocumentIndex:
    """A scope's documents by client, built once for many selections of one client.

    Selecting one client's documents from the index reads only theirs, so
    measuring every agreement's targets stays linear in the documents.
    """

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.agent_clients = {a.id: a.client_ids for a in scope.agents or ()}
        self._by_client: dict[str, dict[str | None, list[Any]]] = {}

    def documents(
        self, source: str, where: Mapping[str, frozenset[str | None]] | None
    ) -> Sequence[Any]:
        """Return the documents of `source` that `where` may keep, in document order.

        A superset of those `where` keeps: narrowed by client when `where`
        allows one client only; the caller still applies `where`.
        """
        every = source_documents(self.scope, source)
        allowed = (where or {}).get("client_id")
        if allowed is None or len(allowed) != 1 or "client_id" not in SOURCE_FIELDS[source]:
            return every
        by_client = self._by_client.get(source)
        if by_client is None:
            by_client = {}
            for document in every:
                labels = document_labels(source, document, self.agent_clients)
                for client in dict.fromkeys(labels["client_id"]):
                    by_client.setdefault(client, []).append(document)
            self._by_client[source] = by_client
        (client,) = allowed
        return by_client.get(client, ())


@attrs.frozen(kw_only=True)
class Tally:
    """One group's numbers for one definition (internal to `iso18295.kpis`).

    Parameters
    ----------
    numerator : float
        The count or sum on top.
    denominator : int
        The count below.
    excluded : int
        Documents (or responses) a definitional rule left out.
    value : float
        The KPI; NaN when undefined.
    """

    numerator: float
    denominator: int
    excluded: int = 0
    value: float = math.nan


def ratio(numerator: float, denominator: int, *, excluded: int = 0, minimum: int = 1) -> Tally:
    """Return numerator / denominator, undefined (NaN) below `minimum` or at 0."""
    defined = denominator >= max(1, minimum)
    return Tally(
        numerator=numerator,
        denominator=denominator,
        excluded=excluded,
        value=numerator / denominator if defined else math.nan,
    )


@attrs.frozen(kw_only=True)
class GroupContext:
    """What a definition may read besides its group's documents (internal).

    Parameters
    ----------
    scope : Scope
        The scope measured (for look-ups such as the competency framework).
    period : Period
        The reporting period.
    contacts : int or None
        Contacts in the group, for definitions that divide by them; else None.
    """

    scope: Scope
    period: Period
    contacts: int | None = None


# --- option checks shared by the record definitions -----------------------------------------


def owner(instance: object) -> str:
    """Return how messages name the definition, e.g. ``'QualityScore()'``."""
    return f"{type(instance).__name__}()"


def check_whole(minimum: int) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Return a validator requiring a whole number >= `minimum`."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise CalculationError(
                f"{owner(instance)}: expected {attribute.name} as a whole number >= {minimum},"
                f" found {value!r}"
            )

    return check


def to_enum_tuple(kind: type[enum.StrEnum], value: object) -> object:
    """Convert a string or a list of `kind`'s values to a tuple of members.

    Unknown values are kept as they are, for the validator to report.
    """
    members = {m.value: m for m in kind}
    if isinstance(value, str):
        value = (value,)
    if isinstance(value, list | tuple):
        return tuple(members.get(v, v) if isinstance(v, str) else v for v in value)
    return value


def check_enum_tuple(
    kind: type[enum.StrEnum], *, optional: bool
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Return a validator requiring a non-empty tuple of distinct members of `kind` (or None)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if (
            not isinstance(value, tuple)
            or not value
            or not all(isinstance(v, kind) for v in value)
            or len(set(value)) != len(value)
        ):
            allowed = ", ".join(repr(m.value) for m in kind)
            none = "None or " if optional else ""
            raise CalculationError(
                f"{owner(instance)}: expected {attribute.name} as {none}a non-empty tuple of"
                f" distinct values from {{{allowed}}}, found {value!r}"
            )

    return check


def enum_words(values: tuple[enum.StrEnum, ...]) -> str:
    """Return enum members in words: ``'interaction or product'``."""
    names = [v.value for v in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


FUNCTIONS_DEFAULT: Final = (StaffFunction.AGENT,)


def to_functions(value: object) -> object:
    """Convert function names to a tuple of `StaffFunction` (attrs converter)."""
    return to_enum_tuple(StaffFunction, value)


check_functions = check_enum_tuple(StaffFunction, optional=False)


def require_default(instance: object, option: str, condition: str) -> None:
    """Raise if `option` differs from its default although `condition` makes it meaningless."""
    cls = typing.cast("type[attrs.AttrsInstance]", type(instance))
    field = attrs.fields_dict(cls)[option]
    value = getattr(instance, option)
    if value != field.default:
        raise CalculationError(
            f"{owner(instance)}: expected {option} only {condition}, found {option}={value!r}"
        )
