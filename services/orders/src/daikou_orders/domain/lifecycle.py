"""Order-level transitions, each a guarded rule; a refused one raises with the reason."""

from __future__ import annotations

from datetime import datetime

from daikou_contracts.catalogue.common import (
    ORDER_STATUS_RANK,
    PRE_PAYMENT_ORDER_STATUSES,
    OrderStatus,
)
from daikou_kit.errors import Conflict
from daikou_orders.domain.model import HistoryEntry, ItemStatus, Order

ALLOWED: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.APPLIED: frozenset({OrderStatus.AWAITING_FIRST_PAYMENT, OrderStatus.CANCELLED}),
    OrderStatus.AWAITING_FIRST_PAYMENT: frozenset({OrderStatus.PURCHASING, OrderStatus.CANCELLED}),
    OrderStatus.PURCHASING: frozenset(
        {
            OrderStatus.AT_WAREHOUSE,
            OrderStatus.AWAITING_SECOND_PAYMENT,
            OrderStatus.SHIPPED,
            OrderStatus.CANCELLED,
        }
    ),
    OrderStatus.AT_WAREHOUSE: frozenset(
        {OrderStatus.AWAITING_SECOND_PAYMENT, OrderStatus.SHIPPED, OrderStatus.CANCELLED}
    ),
    OrderStatus.AWAITING_SECOND_PAYMENT: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}

CANCELLABLE_BY_STAFF = frozenset(
    {
        OrderStatus.APPLIED,
        OrderStatus.AWAITING_FIRST_PAYMENT,
        OrderStatus.PURCHASING,
        OrderStatus.AT_WAREHOUSE,
        OrderStatus.AWAITING_SECOND_PAYMENT,
    }
)


def can_move(order: Order, to: OrderStatus) -> bool:
    """True when the status machine allows the move."""
    return to in ALLOWED[order.status]


def move(order: Order, to: OrderStatus, *, at: datetime, actor: str, reason: str) -> None:
    """Change the order's status and record it, or refuse with Conflict."""
    if not can_move(order, to):
        raise Conflict(
            f"order {order.order_number} is {order.status}; it cannot become {to}",
            code="invalid_transition",
        )
    order.record(
        HistoryEntry(
            at=at,
            actor=actor,
            what="status",
            from_status=order.status,
            to_status=to,
            reason=reason,
        )
    )
    order.status = to


def advance_to(order: Order, to: OrderStatus, *, at: datetime, actor: str, reason: str) -> bool:
    """Move forward to `to` if the order is behind it; False (no change) for late or repeated facts."""
    if (
        order.is_terminal
        or ORDER_STATUS_RANK[order.status] >= ORDER_STATUS_RANK[to]
        or not can_move(order, to)
    ):
        return False
    move(order, to, at=at, actor=actor, reason=reason)
    return True


def require_before_payment(order: Order, doing: str) -> None:
    """Refuse `doing` once the 1st billing is paid (or the order is over)."""
    if order.status not in PRE_PAYMENT_ORDER_STATUSES:
        raise Conflict(
            f"cannot {doing}: order {order.order_number} is {order.status}; "
            "this is only possible before the 1st billing is paid",
            code="not_before_payment",
        )


def cancel(
    order: Order, *, at: datetime, actor: str, reason: str, note: str, by_customer: bool
) -> None:
    """Cancel the whole order: customers before the 1st payment, staff any time before shipment."""
    if by_customer:
        require_before_payment(order, "cancel the order")
    elif order.status not in CANCELLABLE_BY_STAFF:
        raise Conflict(
            f"order {order.order_number} is {order.status}; only orders not yet shipped can be cancelled",
            code="not_cancellable",
        )
    move(
        order,
        OrderStatus.CANCELLED,
        at=at,
        actor=actor,
        reason=f"{reason}: {note}" if note else reason,
    )
    order.cancelled_at = at
    order.cancel_reason = reason
    order.cancel_note = note
    for item in order.live_items:
        if item.status in (ItemStatus.PRE_PAYMENT, ItemStatus.PURCHASING):
            item.status = ItemStatus.CANCELLED


def start_purchasing(order: Order, *, at: datetime, actor: str) -> bool:
    """The 1st billing is paid: items go to purchasing; False when the fact no longer applies."""
    if order.status is not OrderStatus.AWAITING_FIRST_PAYMENT:
        return False
    move(order, OrderStatus.PURCHASING, at=at, actor=actor, reason="1st billing paid")
    order.first_billing_paid_at = at
    for item in order.live_items:
        if item.status is ItemStatus.PRE_PAYMENT:
            item.status = ItemStatus.PURCHASING
    return True


def record_second_payment(order: Order, *, at: datetime) -> bool:
    """The 2nd billing is paid: the pay button goes away; False when already known or too late."""
    if order.is_terminal or order.second_billing_paid_at is not None:
        return False
    if ORDER_STATUS_RANK[order.status] < ORDER_STATUS_RANK[OrderStatus.AT_WAREHOUSE]:
        return False
    order.second_billing_paid_at = at
    return True


def ship(order: Order, *, at: datetime, actor: str, auto_complete_at: datetime) -> bool:
    """The parcels left: shipped, with the auto-complete deadline; False for a late or repeated fact."""
    if not advance_to(order, OrderStatus.SHIPPED, at=at, actor=actor, reason="shipment dispatched"):
        return False
    order.auto_complete_at = auto_complete_at
    return True


def complete(order: Order, *, at: datetime, actor: str, reason: str) -> None:
    """Complete a shipped order (reception report or the auto-complete deadline)."""
    if order.status is not OrderStatus.SHIPPED:
        raise Conflict(
            f"order {order.order_number} is {order.status}; only a shipped order can be completed",
            code="not_shipped",
        )
    move(order, OrderStatus.COMPLETED, at=at, actor=actor, reason=reason)
    order.completed_at = at
    order.completion_reason = reason
