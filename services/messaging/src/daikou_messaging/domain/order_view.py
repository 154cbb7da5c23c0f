"""Messaging's own view of an order: its owner, its status and which items are still pre-payment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.common import (
    ORDER_STATUS_RANK,
    PRE_PAYMENT_ORDER_STATUSES,
    TERMINAL_ORDER_STATUSES,
    OrderStatus,
)


@dataclass
class OrderView:
    """What messaging knows of an order, built only from orders' events."""

    order_id: UUID
    customer_id: UUID
    order_number: str | None = None
    status: OrderStatus | None = None
    status_changed_at: datetime | None = None
    ended_at: datetime | None = None
    window_closed_at: datetime | None = None
    pre_payment_items: dict[UUID, bool] = field(default_factory=dict)

    @property
    def is_terminal(self) -> bool:
        """Completed or cancelled."""
        return self.status in TERMINAL_ORDER_STATUSES

    @property
    def is_pre_payment(self) -> bool:
        """Before the 1st billing is paid (or not yet known to be past it)."""
        return self.status is None or self.status in PRE_PAYMENT_ORDER_STATUSES

    def apply_status(self, to_status: OrderStatus, changed_at: datetime) -> bool:
        """Move to a later status; an older or repeated fact changes nothing (returns False)."""
        if (
            self.status is not None
            and ORDER_STATUS_RANK[to_status] <= ORDER_STATUS_RANK[self.status]
        ):
            return False
        self.status = to_status
        self.status_changed_at = changed_at
        if to_status in TERMINAL_ORDER_STATUSES:
            self.ended_at = changed_at
        if not self.is_pre_payment:
            self.pre_payment_items = dict.fromkeys(self.pre_payment_items, False)
        return True

    def item_is_pre_payment(self, item_id: UUID) -> bool:
        """True when the item is known and may still get a purchase condition."""
        return self.is_pre_payment and self.pre_payment_items.get(item_id, False)
