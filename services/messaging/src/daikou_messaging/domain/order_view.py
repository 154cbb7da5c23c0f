"""Messaging's own view of an order: its owner, its status and which items are still pre-payment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.common import OrderStatus

# The progress bar's order; both terminal statuses share the last rank, the first one to arrive wins.
_RANK: dict[OrderStatus, int] = {
    OrderStatus.APPLIED: 0,
    OrderStatus.AWAITING_FIRST_PAYMENT: 1,
    OrderStatus.PURCHASING: 2,
    OrderStatus.AT_WAREHOUSE: 3,
    OrderStatus.AWAITING_SECOND_PAYMENT: 4,
    OrderStatus.SHIPPED: 5,
    OrderStatus.COMPLETED: 6,
    OrderStatus.CANCELLED: 6,
}

TERMINAL = frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELLED})
PRE_PAYMENT = frozenset({OrderStatus.APPLIED, OrderStatus.AWAITING_FIRST_PAYMENT})


@dataclass
class OrderView:
    """What messaging knows of an order, built only from orders' events."""

    order_id: UUID
    customer_id: UUID
    status: OrderStatus | None = None
    status_changed_at: datetime | None = None
    ended_at: datetime | None = None
    window_closed_at: datetime | None = None
    pre_payment_items: dict[UUID, bool] = field(default_factory=dict)

    @property
    def is_terminal(self) -> bool:
        """Completed or cancelled."""
        return self.status in TERMINAL

    @property
    def is_pre_payment(self) -> bool:
        """Before the 1st billing is paid (or not yet known to be past it)."""
        return self.status is None or self.status in PRE_PAYMENT

    def apply_status(self, to_status: OrderStatus, changed_at: datetime) -> bool:
        """Move to a later status; an older or repeated fact changes nothing (returns False)."""
        if self.status is not None and _RANK[to_status] <= _RANK[self.status]:
            return False
        self.status = to_status
        self.status_changed_at = changed_at
        if to_status in TERMINAL:
            self.ended_at = changed_at
        if not self.is_pre_payment:
            self.pre_payment_items = dict.fromkeys(self.pre_payment_items, False)
        return True

    def item_is_pre_payment(self, item_id: UUID) -> bool:
        """True when the item is known and may still get a purchase condition."""
        return self.is_pre_payment and self.pre_payment_items.get(item_id, False)
