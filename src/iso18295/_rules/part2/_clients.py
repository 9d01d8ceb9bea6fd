"""Shared checks for Part 2: judge every client in scope and name the ones that fail.

Part 2 asks things of each client, so a Part 2 rule runs its test once per
client and its finding lists the clients that fail, with why.  Most tests read
the client's agreements in force; `client_agreements` returns them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..._model.agreements import ClientAgreement
from ..._model.parties import Client
from ..._model.policies import PolicyKind
from ..._text import all_of
from ..context import Context
from ..outcome import Evidence, Outcome, Status
from ..documents import current_document

Problems = Iterable[str]
"""What a per-client test returns: one phrase per thing the client lacks (none if it conforms)."""

NO_AGREEMENT = "no agreement in force with the centre"
"""The problem a client without an agreement in force on the assessment date has."""


def client_agreements(ctx: Context, client: Client) -> tuple[ClientAgreement, ...]:
    """Return the client's agreements in force on the assessment date, in document order."""
    return tuple(a for a in ctx.agreements_in_force() if a.client_id == client.id)


def each_client(
    ctx: Context,
    test: Callable[[Client], Problems],
    *,
    conforms: str,
    evidence: Callable[[Client], Iterable[Evidence]] | None = None,
) -> Outcome:
    """Run `test` on every client; name the failing clients and their problems.

    Parameters
    ----------
    ctx : Context
        The rule's context (Part 2 rules run only with a client in scope).
    test : callable
        ``test(client) -> iterable of str``: what the client lacks, in words.
    conforms : str
        What every client has, for the conforming reason, e.g.
        ``"a signed agreement in force"`` gives ``"both clients have ..."``.
    evidence : callable or None, default None
        ``evidence(client) -> iterable of Evidence`` for a failing client; the
        client record itself when None.

    Returns
    -------
    Outcome
        Does not conform, naming each failing client (``"lumen: ..."``), or conforms.
    """
    failing = [(c, problems) for c in ctx.scope.clients if (problems := list(test(c)))]
    if failing:

        def read(client: Client) -> Iterable[Evidence]:
            return evidence(client) if evidence else (ctx.evidence("client", client, "id"),)

        return Outcome.does_not_conform(
            "; ".join(f"{c.id}: {', '.join(problems)}" for c, problems in failing),
            tuple(e for c, _ in failing for e in read(c)),
        )
    n = len(ctx.scope.clients)
    verb = "has" if n == 1 else "have"
    return Outcome.conforms(f"{all_of(n, 'client')} {verb} {conforms}", seen=n)


def each_agreement(
    ctx: Context,
    test: Callable[[ClientAgreement], Problems],
    *,
    conforms: str,
    fields: tuple[str, ...],
) -> Outcome:
    """Run `test` on each client's agreements in force; a client without one fails too.

    Parameters
    ----------
    ctx : Context
        The rule's context.
    test : callable
        ``test(agreement) -> iterable of str``: what the agreement lacks.
    conforms : str
        What every client's agreements have, for the conforming reason.
    fields : tuple of str
        The agreement fields read, for the evidence of failing agreements.
    """

    def client_test(client: Client) -> Problems:
        agreements = client_agreements(ctx, client)
        if not agreements:
            return [NO_AGREEMENT]
        return [f"{a.id} {problem}" for a in agreements for problem in test(a)]

    def evidence(client: Client) -> Iterable[Evidence]:
        agreements = client_agreements(ctx, client)
        if not agreements:
            return (ctx.evidence("client", client, "id"),)
        return tuple(ctx.evidence("agreement", a, *fields) for a in agreements if list(test(a)))

    return each_client(ctx, client_test, conforms=conforms, evidence=evidence)


def client_document(ctx: Context, kind: PolicyKind, *, what: str) -> Outcome:
    """Require every client to own an approved document of `kind` that is not overdue.

    Parameters
    ----------
    ctx : Context
        The rule's context.
    kind : PolicyKind
        The kind of client document required.
    what : str
        The document in words (``"customer-needs analysis"``).
    """
    outcomes = [
        (c, current_document(ctx, kind, party_id=c.id, what=what)) for c in ctx.scope.clients
    ]
    failing = [(c, o) for c, o in outcomes if o.status is not Status.CONFORMS]
    if failing:
        return Outcome.does_not_conform(
            "; ".join(
                o.reason if o.reason.startswith(f"{c.id} ") else f"{c.id}: {o.reason}"
                for c, o in failing
            ),
            tuple(e for _, o in failing for e in o.evidence),
        )
    ids = ", ".join(
        p.id
        for c in ctx.scope.clients
        for p in ctx.policies_of(kind, party_id=c.id)
        if p.is_current(ctx.as_of)
    )
    n = len(outcomes)
    verb = "has" if n == 1 else "have"
    return Outcome.conforms(f"{all_of(n, 'client')} {verb} a current {what} ({ids})", seen=n)
