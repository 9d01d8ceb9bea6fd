"""Part 2, clause 6.5 (Communication of information to the CCC): notice and receipt."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from ..._model.information import InformationTopic, InformationUpdate
from ..._model.parties import Client
from ..._text import count
from ..basis import Basis
from ..clauses import Part
from ..context import Condition, RuleContext
from ..outcome import Outcome
from ..reads import reads
from ..registry import Registry
from ._client_records import ClientJudgement, judge_clients

rules = Registry(part=Part.CLIENT, clause="6.5")

NEEDS_NOTICE: Final = frozenset(
    {
        InformationTopic.PRODUCT_CHANGE,
        InformationTopic.PRICE_CHANGE,
        InformationTopic.POLICY_CHANGE,
        InformationTopic.CAMPAIGN,
    }
)
"""Topics that change what customers are told, and so need notice."""

HAS_UPDATES = Condition(
    "clients sent the centre information updates",
    "no information update from a client in scope",
    lambda ctx: any(
        u.sent_on <= ctx.as_of
        for u in ctx.need(ctx.scope.information_updates, "information_updates")
    ),
    ("information_updates[].sent_on",),
)
"""The 6.5 timing rules apply once a client has sent the centre information.

The updates must be supplied (an empty list says none were sent); a scope
that does not state them gets "insufficient evidence".
"""


@reads("information_updates[].client_id", "information_updates[].sent_on")
def sent_by(ctx: RuleContext, client: Client) -> list[InformationUpdate]:
    """Return the updates `client` sent by the assessment date."""
    return [
        u
        for u in ctx.need(ctx.scope.information_updates, "information_updates")
        if u.client_id == client.id and u.sent_on <= ctx.as_of
    ]


@rules.rule(
    id="P2-6.5-notice",
    basis=Basis.REQUIREMENT,
    paraphrase="The client tells the centre about product, price, policy and campaign "
    "changes ahead of their taking effect, by at least the notice the assessment policy sets.",
    evidence=("information_updates[].topic", "information_updates[].effective_on"),
    parameters=("information_notice_days",),
    uses=(sent_by, judge_clients),
    applies_if=(HAS_UPDATES,),
)
def notice_given(ctx: RuleContext) -> Outcome:
    """Require the notice the policy sets before each customer-facing change takes effect."""
    notice = ctx.policy.information_notice_days

    def judge(client: Client) -> ClientJudgement:
        changes = [u for u in sent_by(ctx, client) if u.topic in NEEDS_NOTICE]
        if not changes:
            return ClientJudgement(summary="sent no customer-facing change")
        late = [u for u in changes if (u.notice_days() or 0) < notice]
        if late:
            problems = []
            for u in late:
                days = u.notice_days()
                what = f"{u.topic.value.replace('_', ' ')} {u.id}"
                if days is None:
                    problems.append(f"{what} took effect at once ({notice} days' notice needed)")
                else:
                    problems.append(f"{what} given {days} days' notice ({notice} needed)")
            return ClientJudgement(
                problems=tuple(problems),
                evidence=tuple(
                    ctx.evidence("information update", u, "sent_on", "effective_on") for u in late
                ),
            )
        return ClientJudgement(
            seen=len(changes),
            summary=f"sent {count(len(changes), 'customer-facing change')}, each with at "
            f"least {notice} days' notice",
        )

    return judge_clients(ctx, judge, nothing_seen=Outcome.not_applicable)


@rules.rule(
    id="P2-6.5-acknowledged",
    basis=Basis.REQUIREMENT,
    paraphrase="The information the client sends reaches the centre: the centre confirms "
    "receipt of each update within the period the assessment policy sets.",
    evidence=("information_updates[].acknowledged_on",),
    parameters=("information_acknowledgement_days",),
    uses=(sent_by, judge_clients),
    applies_if=(HAS_UPDATES,),
)
def receipt_confirmed(ctx: RuleContext) -> Outcome:
    """Require each update sent to be acknowledged in time; ones not yet due are not evidence."""
    days = ctx.policy.information_acknowledgement_days
    window = timedelta(days=days)

    def judge(client: Client) -> ClientJudgement:
        sent = sent_by(ctx, client)
        if not sent:
            return ClientJudgement(summary="sent no update")
        late, in_time, pending = [], [], []
        for u in sent:
            confirmed = (
                u.acknowledged_on if u.acknowledged_on and u.acknowledged_on <= ctx.as_of else None
            )
            due = u.sent_on + window
            if confirmed is not None and confirmed <= due:
                in_time.append(u)
            elif confirmed is None and ctx.as_of <= due:
                pending.append(u)
            else:
                late.append(u)
        if late:
            return ClientJudgement(
                problems=tuple(
                    f"{u.id} sent {u.sent_on}, "
                    + (
                        f"acknowledged {u.acknowledged_on}"
                        if u.acknowledged_on
                        else "never acknowledged"
                    )
                    for u in late
                ),
                evidence=tuple(
                    ctx.evidence("information update", u, "sent_on", "acknowledged_on")
                    for u in late
                ),
            )
        waiting = f"; {count(len(pending), 'update')} not yet due" if pending else ""
        return ClientJudgement(
            seen=len(in_time),
            summary=f"had {count(len(in_time), 'update')} acknowledged within {days} days"
            + waiting,
        )

    return judge_clients(ctx, judge, nothing_seen=Outcome.insufficient_evidence)
