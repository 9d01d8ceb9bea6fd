"""Part 2, clause 6.5 (Communication of information to the CCC): notice and receipt."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from ..._model.information import InformationTopic, InformationUpdate
from ..._model.parties import Client
from ..context import Condition, Context
from ..outcome import Outcome
from ..registry import Registry
from ..rule import Basis
from ._clients import Problems, each_client

rules = Registry()

NOTICE_DAYS: Final = 7
"""Calendar days' notice (about five working days) a change customers will see needs.

Product, price, policy and campaign changes reach the centre at least this many
days before they take effect, so the centre can brief its agents and update
what customers are told in time.
"""

ACKNOWLEDGEMENT_DAYS: Final = 3
"""Calendar days within which the centre confirms it received an update."""

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
    lambda ctx: any(u.sent_on <= ctx.as_of for u in ctx.scope.information_updates),
)
"""The 6.5 timing rules apply once a client has sent the centre information."""


def _sent(ctx: Context, client: Client) -> list[InformationUpdate]:
    return [
        u
        for u in ctx.scope.information_updates
        if u.client_id == client.id and u.sent_on <= ctx.as_of
    ]


@rules.rule(
    id="P2-6.5-notice",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.5",
    paraphrase=f"The client tells the centre about product, price, policy and campaign "
    f"changes at least {NOTICE_DAYS} days before they take effect.",
    evidence=(
        "information_updates[].topic",
        "information_updates[].sent_on",
        "information_updates[].effective_on",
    ),
    applies_if=(HAS_UPDATES,),
)
def notice_given(ctx: Context) -> Outcome:
    """Require the agreed notice before each customer-facing change takes effect."""

    def late(client: Client) -> list[InformationUpdate]:
        return [
            u
            for u in _sent(ctx, client)
            if u.topic in NEEDS_NOTICE and (u.notice_days() or 0) < NOTICE_DAYS
        ]

    def test(client: Client) -> Problems:
        for u in late(client):
            days = u.notice_days()
            what = f"{u.topic.value.replace('_', ' ')} {u.id}"
            if days is None:
                yield f"{what} took effect at once ({NOTICE_DAYS} days' notice needed)"
            else:
                yield f"{what} given {days} days' notice ({NOTICE_DAYS} needed)"

    return each_client(
        ctx,
        test,
        conforms=f"given at least {NOTICE_DAYS} days' notice of every customer-facing change",
        evidence=lambda c: tuple(
            ctx.evidence("information update", u, "sent_on", "effective_on") for u in late(c)
        ),
    )


@rules.rule(
    id="P2-6.5-acknowledged",
    basis=Basis.REQUIREMENT,
    part=2,
    clause="6.5",
    paraphrase=f"The information the client sends reaches the centre: the centre confirms "
    f"receipt of each update within {ACKNOWLEDGEMENT_DAYS} days.",
    evidence=("information_updates[].sent_on", "information_updates[].acknowledged_on"),
    applies_if=(HAS_UPDATES,),
)
def receipt_confirmed(ctx: Context) -> Outcome:
    """Require each update sent to be acknowledged in time (pending ones not yet due pass)."""
    window = timedelta(days=ACKNOWLEDGEMENT_DAYS)

    def unconfirmed(client: Client) -> list[InformationUpdate]:
        missing = []
        for u in _sent(ctx, client):
            confirmed = (
                u.acknowledged_on if u.acknowledged_on and u.acknowledged_on <= ctx.as_of else None
            )
            due = u.sent_on + window
            if (confirmed is None and ctx.as_of > due) or (
                confirmed is not None and confirmed > due
            ):
                missing.append(u)
        return missing

    def test(client: Client) -> Problems:
        for u in unconfirmed(client):
            when = (
                f"acknowledged {u.acknowledged_on}" if u.acknowledged_on else "never acknowledged"
            )
            yield f"{u.id} sent {u.sent_on}, {when}"

    return each_client(
        ctx,
        test,
        conforms=f"had every update acknowledged by the centre within {ACKNOWLEDGEMENT_DAYS} days",
        evidence=lambda c: tuple(
            ctx.evidence("information update", u, "sent_on", "acknowledged_on")
            for u in unconfirmed(c)
        ),
    )
