"""Customer references are personal data: messages describe them, never echo them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from iso18295 import Complaint, ComplaintCategory, Direction, Interaction
from iso18295.errors import ModelError

SENTINEL = "CUST-SENTINEL-99417"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _complaint(**changes: object) -> Complaint:
    fields: dict[str, object] = {
        "id": "cmp-1",
        "client_id": "acme",
        "channel_id": "voice",
        "received_at": T0,
        "category": ComplaintCategory.PRODUCT,
        "customer_reference": SENTINEL,
    }
    return Complaint(**{**fields, **changes})


def _interaction(**changes: object) -> Interaction:
    fields: dict[str, object] = {
        "id": "int-1",
        "channel_id": "voice",
        "direction": Direction.INBOUND,
        "client_id": "acme",
        "offered_at": T0,
        "wait_seconds": 3.0,
        "answered": True,
        "customer_reference": SENTINEL,
    }
    return Interaction(**{**fields, **changes})


def test_complaint_reference_of_wrong_type_is_withheld() -> None:
    with pytest.raises(
        ModelError,
        match=r"^Complaint: customer_reference: expected a string or nothing, "
        r"found a value of type list \(withheld: personal data\)$",
    ) as caught:
        _complaint(customer_reference=[SENTINEL])
    assert SENTINEL not in str(caught.value)


def test_blank_complaint_reference_is_described_by_length() -> None:
    with pytest.raises(ModelError, match=r"found a 2-character string \(withheld"):
        _complaint(customer_reference="  ")


def test_complaint_reference_absent_from_messages_about_other_fields() -> None:
    with pytest.raises(ModelError) as caught:
        _complaint(id="?", acknowledged_at=datetime(2026, 3, 1, tzinfo=UTC))
    assert SENTINEL not in str(caught.value)


def test_interaction_reference_of_wrong_type_is_withheld() -> None:
    with pytest.raises(ModelError, match=r"customer_reference: .*withheld: personal data") as c:
        _interaction(customer_reference=(SENTINEL,))
    assert SENTINEL not in str(c.value)


def test_interaction_reference_absent_from_messages_about_other_fields() -> None:
    with pytest.raises(ModelError, match=r"^Interaction: 2 problems\n") as caught:
        _interaction(wait_seconds=-1.0, queue="")
    assert SENTINEL not in str(caught.value)


def test_interaction_reference_absent_from_invariant_messages() -> None:
    with pytest.raises(ModelError, match=r"abandoned: expected false") as caught:
        _interaction(abandoned=True)
    assert SENTINEL not in str(caught.value)
