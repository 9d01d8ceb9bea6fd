"""Shared checks for Part 2: judge every client in scope and name the ones that fail.

Part 2 asks things of each client, so a Part 2 rule runs its test once per
client and its finding lists the clients that fail, with why.  Most tests read
the client's agreements in force; `client_agreements` returns them.  A client
whose test finds nothing to judge is not a conforming client: a rule that says
what it examined per client (``examined=``) gets "insufficient evidence" for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..._model.agreements import ClientAgreement
from ..._model.parties import Client
from ..._model.policies import PolicyKind
from ..._text import all_of
from ..context import RuleContext
from ..outcome import Evidence, Outcome, Status
from ..reads import reads
from ..shared.documents import current_document

Problems = Iterable[str]
"""What a per-client test returns: one phrase per thing the client lacks (none if it conforms)."""

NO_AGREEMENT = "no agreement in force with the centre"
"""The problem a client without an agreement in force on the assessment date has."""


@reads("clients")
def clients_in_scope(ctx: RuleContext) -> tuple[Client, ...]:
    """Return the scope's clients, or stop the check: they were not supplied."""
    return ctx.need(ctx.scope.clients, "clients")


@reads("agreements[].client_id", uses=(RuleContext.agreements_in_force,))
def client_agreements(ctx: RuleContext, client: Client) -> tuple[ClientAgreement, ...]:
    """Return the client's agreements in force on the assessment date, in document order.

    Stops the check (see `RuleContext.need`) if the scope's agreements were not supplied.
    """
    in_force = ctx.agreements_in_force()

    def by_client() -> dict[str, tuple[ClientAgreement, ...]]:
        index: dict[str, list[ClientAgreement]] = {}
        for a in in_force:
            index.setdefault(a.client_id, []).append(a)
        return {k: tuple(v) for k, v in index.items()}

    return ctx._memoised("client_agreements", by_client).get(client.id, ())


@reads(uses=(clients_in_scope,))
def each_client(
    ctx: RuleContext,
    test: Callable[[Client], Problems],
    *,
    conforms: str,
    evidence: Callable[[Client], Iterable[Evidence]] | None = None,
    examined: Callable[[Client], int] | None = None,
    nothing: str | Callable[[Client], str] = "nothing to judge",
) -> Outcome:
    """Run `test` on every client; name the failing clients and their problems.

    Parameters
    ----------
    ctx : RuleContext
        The rule's context (Part 2 rules run only with a client in scope).
    test : callable
        ``test(client) -> iterable of str``: what the client lacks, in words.
    conforms : str
        What every client has, for the conforming reason, e.g.
        ``"a signed agreement in force"`` gives ``"both clients have ..."``.
    evidence : callable or None, default None
        ``evidence(client) -> iterable of Evidence`` for a failing client; the
        client record itself when None.
    examined : callable or None, default None
        ``examined(client) -> int``: how many records `test` judged for the
        client (its surveys, its campaigns...).  A client with none, and no
        problem, gives "insufficient evidence" naming it and `nothing`; a
        conforming outcome rests on the records examined.  When None, the test
        judges the client record itself: each client counts as one record.
    nothing : str or callable, default "nothing to judge"
        What a client with no record examined lacks, in words, for the reason
        (``"no customer survey supplied"``), or ``nothing(client) -> str``.

    Returns
    -------
    Outcome
        Does not conform, naming each failing client (``"lumen: ..."``, and any
        client with nothing to judge); else insufficient evidence, naming each
        client with nothing to judge; else conforms.
    """
    clients = clients_in_scope(ctx)
    failing = [(c, problems) for c in clients if (problems := list(test(c)))]
    failed = {c.id for c, _ in failing}
    counts = {c.id: (examined(c) if examined is not None else 1) for c in clients}
    empty = [c for c in clients if c.id not in failed and counts[c.id] < 1]
    unjudged = "; ".join(
        f"{c.id}: {nothing if isinstance(nothing, str) else nothing(c)}" for c in empty
    )
    if failing:

        def read(client: Client) -> Iterable[Evidence]:
            return evidence(client) if evidence else (ctx.evidence("client", client, "id"),)

        reason = "; ".join(f"{c.id}: {', '.join(problems)}" for c, problems in failing)
        return Outcome.does_not_conform(
            f"{reason}; not judged: {unjudged}" if empty else reason,
            tuple(e for c, _ in failing for e in read(c)),
        )
    if empty:
        return Outcome.insufficient_evidence(
            unjudged, tuple(ctx.evidence("client", c, "id") for c in empty)
        )
    n = len(clients)
    verb = "has" if n == 1 else "have"
    return Outcome.conforms(f"{all_of(n, 'client')} {verb} {conforms}", seen=sum(counts.values()))


@reads(uses=(each_client, client_agreements))
def each_agreement(
    ctx: RuleContext,
    test: Callable[[ClientAgreement], Problems],
    *,
    conforms: str,
    fields: tuple[str, ...],
) -> Outcome:
    """Run `test` on each client's agreements in force; a client without one fails too.

    Parameters
    ----------
    ctx : RuleContext
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

    return each_client(
        ctx,
        client_test,
        conforms=conforms,
        evidence=evidence,
        examined=lambda c: len(client_agreements(ctx, c)),
        nothing=NO_AGREEMENT,
    )


@reads(uses=(clients_in_scope, current_document))
def client_document(ctx: RuleContext, kind: PolicyKind, *, what: str) -> Outcome:
    """Require every client to own an approved document of `kind` that is not overdue.

    Parameters
    ----------
    ctx : RuleContext
        The rule's context.
    kind : PolicyKind
        The kind of client document required.
    what : str
        The document in words (``"customer-needs analysis"``).
    """
    clients = clients_in_scope(ctx)
    outcomes = [(c, current_document(ctx, kind, party_id=c.id, what=what)) for c in clients]
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
        for c in clients
        for p in ctx.policies_of(kind, party_id=c.id)
        if p.is_current(ctx.as_of)
    )
    n = len(outcomes)
    verb = "has" if n == 1 else "have"
    return Outcome.conforms(
        f"{all_of(n, 'client')} {verb} a current {what} ({ids})",
        tuple(e for _, o in outcomes for e in o.evidence),
        seen=sum(o.seen for _, o in outcomes),
    )
