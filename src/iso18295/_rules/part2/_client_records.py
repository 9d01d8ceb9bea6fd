"""Judge each client on its own records and say what was seen, client by client.

`_clients.each_client` judges a client by the problems it has; a client with
nothing to judge (no campaign, no forecast owed) would pass it and count as
evidence of conformity.  `judge_clients` keeps the two apart: each client's
judgement says what it lacks, how many records it rests on and, if none, why
there was nothing to judge; only records seen can make the rule conform.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from ..._model.agreements import ClientAgreement
from ..._model.parties import Client
from ..context import RuleContext
from ..outcome import Evidence, Outcome
from ..reads import reads
from ._clients import client_agreements


@attrs.frozen(kw_only=True)
class ClientJudgement:
    """What one client's records showed.

    Parameters
    ----------
    problems : tuple of str
        What the client lacks, one phrase each; empty if nothing is wrong.
    seen : int
        How many records the judgement rests on.
    summary : str
        What was seen, for the reason (``"handed over 4 forecasts"``,
        ``"runs no campaign"``).
    evidence : tuple of Evidence
        The records behind a problem.
    not_judged : str
        Why this rule did not judge the client, when another rule owns the
        gap (``"handed over none: see P2-6.7-forecast-per-channel"``); the
        reason names the client as not judged here, whatever the verdict.
    """

    problems: tuple[str, ...] = ()
    seen: int = 0
    summary: str = ""
    evidence: tuple[Evidence, ...] = ()
    not_judged: str = ""


@reads("clients")
def judge_clients(
    ctx: RuleContext,
    judge: Callable[[Client], ClientJudgement],
    *,
    nothing_seen: Callable[[str], Outcome],
) -> Outcome:
    """Judge every client; name the failing ones, else conform on the records seen.

    Parameters
    ----------
    ctx : RuleContext
        The rule's context.
    judge : callable
        ``judge(client) -> ClientJudgement``.
    nothing_seen : callable
        ``nothing_seen(what) -> Outcome`` when no client has a problem and no
        record was seen (`what` says, client by client, what was found); an
        insufficient-evidence or not-applicable outcome, never "conforms".

    Returns
    -------
    Outcome
        Does not conform naming each failing client (``"lumen: ..."``, then
        ``"not judged: ..."`` for the clients left to another rule);
        conforms on the records seen, saying what each client showed
        (``"aurora handed over 4 forecasts; civica none"``); or `nothing_seen`.
    """
    judged = [(c, judge(c)) for c in ctx.need(ctx.scope.clients, "clients")]
    failing = [(c, j) for c, j in judged if j.problems]
    if failing:
        reason = "; ".join(f"{c.id}: {', '.join(j.problems)}" for c, j in failing)
        skipped = "; ".join(f"{c.id} {j.not_judged}" for c, j in judged if j.not_judged)
        return Outcome.does_not_conform(
            f"{reason}; not judged: {skipped}" if skipped else reason,
            tuple(e for c, j in failing for e in (j.evidence or _client(ctx, c))),
        )
    what = "; ".join(f"{c.id} {j.not_judged or j.summary}" for c, j in judged)
    seen = sum(j.seen for _, j in judged)
    if seen == 0:
        return nothing_seen(what)
    return Outcome.conforms(what, seen=seen)


def _client(ctx: RuleContext, client: Client) -> tuple[Evidence, ...]:
    return (ctx.evidence("client", client, "id"),)


@reads("agreements[].client_id", uses=(RuleContext.agreements_in_force,))
def agreements_of(ctx: RuleContext, client: Client) -> tuple[ClientAgreement, ...]:
    """Return the client's agreements in force on the assessment date (declared reads)."""
    return client_agreements(ctx, client)


def ids(records: Iterable[object]) -> str:
    """Return the records' ids, comma-separated."""
    return ", ".join(str(getattr(r, "id", "")) for r in records)
