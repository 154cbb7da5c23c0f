"""A card payment: a PayPal order for what a billing has due, plus the card fee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

CREATED = "created"
CAPTURED = "captured"


@dataclass(frozen=True)
class CardPayment:
    """A PayPal order created for a billing (`created`), then `captured`."""

    paypal_order_id: str
    billing_id: UUID
    customer_id: UUID
    currency: str
    amount: int
    fee: int
    approve_url: str
    status: str
    created_at: datetime
    capture_id: str | None = None
    captured_at: datetime | None = None
