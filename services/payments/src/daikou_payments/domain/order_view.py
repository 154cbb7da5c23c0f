"""What payments knows of each order: its customer and rate, and its refunds and extra charges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from daikou_contracts.money import ExchangeRate


@dataclass(frozen=True)
class OrderView:
    """An order as payments knows it."""

    order_id: UUID
    customer_id: UUID
    rate: ExchangeRate | None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class Refund:
    """Money given back to the deposit for an order; `kind` says what it undoes."""

    refund_id: UUID
    order_id: UUID
    customer_id: UUID
    item_id: UUID | None
    amount: int
    reason: str
    created_at: datetime
    kind: str = "other"


@dataclass(frozen=True)
class Charge:
    """An extra cost of an order (an exchange or return case's local shipping), in minor units.

    It is billed (`billing_id`), settled from the deposit (`settled_at`), or still pending.
    """

    charge_id: UUID
    order_id: UUID
    item_id: UUID | None
    amount: int
    description: str
    created_at: datetime
    billing_id: UUID | None = None
    settled_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """Neither on a billing nor taken from the deposit yet."""
        return self.billing_id is None and self.settled_at is None
