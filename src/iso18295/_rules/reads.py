"""What a check or helper reads: declared once, next to the code that reads it.

A rule's evidence (the model fields it reads) and its parameters (the
assessment-policy thresholds it applies) follow from the helpers it uses: each
helper declares what it reads with `reads`, and `Registry.rule` adds up the
declarations of everything named in ``uses=``.  A test runs every rule over a
recording scope and checks the sum against what the rule really reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import attrs

F = TypeVar("F", bound=Callable[..., object])

_ATTRIBUTE = "__iso18295_reads__"


@attrs.frozen
class Reads:
    """The model fields and policy parameters a piece of checking code reads.

    Parameters
    ----------
    evidence : tuple of str
        Paths from the scope (``"complaints[].received_at"``) or interaction
        columns (``"interactions.wait_seconds"``), sorted, without repeats.
    parameters : tuple of str
        Names of `AssessmentPolicy` fields, sorted, without repeats.
    """

    evidence: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()

    def __or__(self, other: Reads) -> Reads:
        return Reads(
            tuple(sorted({*self.evidence, *other.evidence})),
            tuple(sorted({*self.parameters, *other.parameters})),
        )


def reads(
    *evidence: str, parameters: Iterable[str] = (), uses: Iterable[object] = ()
) -> Callable[[F], F]:
    """Declare what the decorated helper reads, including what the helpers it calls read.

    Parameters
    ----------
    *evidence : str
        Model fields read, as paths from the scope.
    parameters : iterable of str, default ()
        `AssessmentPolicy` fields applied.
    uses : iterable, default ()
        Other declared helpers this one calls; their declarations are added.

    Returns
    -------
    callable
        A decorator returning the helper unchanged, with its declaration attached.

    Examples
    --------
    >>> from iso18295 import Basis, Outcome, Part, Registry, reads
    >>> @reads("complaints[].received_at")
    ... def received(ctx):
    ...     return ctx.need(ctx.scope.complaints, "complaints")
    >>> mine = Registry(part=Part.CENTRE, clause="4.4")
    >>> @mine.rule(id="X-4.4-any", basis=Basis.INTERPRETATION,
    ...            paraphrase="Complaints are recorded.", uses=(received,))
    ... def any_complaint(ctx):
    ...     return Outcome.conforms("recorded", seen=len(received(ctx)))
    >>> "complaints[].received_at" in mine.get("X-4.4-any").evidence
    True
    """
    own = Reads(tuple(sorted(set(evidence))), tuple(sorted(set(parameters))))
    total = combined(uses) | own

    def attach(function: F) -> F:
        target = getattr(function, "__func__", function)
        setattr(target, _ATTRIBUTE, total)
        return function

    return attach


def declared(helper: object) -> Reads:
    """Return what `helper` declared with `reads` (nothing if it declared nothing)."""
    target = getattr(helper, "__func__", helper)
    found = getattr(target, _ATTRIBUTE, None)
    if isinstance(found, Reads):
        return found
    prop = getattr(helper, "fget", None)  # a property of a model class
    if prop is not None:
        return declared(prop)
    return Reads()


def combined(helpers: Iterable[object]) -> Reads:
    """Return the sum of what `helpers` declared."""
    total = Reads()
    for helper in helpers:
        total = total | declared(helper)
    return total
