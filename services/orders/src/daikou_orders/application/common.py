"""What every use case shares: loading an order for an actor, saving it, status and deadline messages."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import OrderStatusChanged
from daikou_contracts.catalogue.scheduler import CancelDeadline, ScheduleDeadline
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Forbidden, NotFound
from daikou_orders.application.ports import OrderStore, OrdersUnit
from daikou_orders.domain.model import Order, action_required

SERVICE = "orders"
PAYMENT_DEADLINE = "payment_deadline"
PAYMENT_REMINDER = "payment_reminder"
AUTO_COMPLETE = "auto_complete"
RECEPTION_REMINDER = "reception_reminder"
_DEADLINE_SUFFIX = {
    PAYMENT_DEADLINE: "payment-deadline",
    PAYMENT_REMINDER: "payment-reminder",
    AUTO_COMPLETE: "auto-complete",
    RECEPTION_REMINDER: "reception-reminder",
}


OPS_ROLES = frozenset({Role.OPS, Role.SYSTEM})


def require_ops(actor: Actor) -> None:
    """Ops work (estimating, purchasing, the seller's answers): ops staff or the system only."""
    if actor.role not in OPS_ROLES:
        raise Forbidden(f"role {actor.role} may not do this; it is ops work", code="ops_only")


def refuse_warehouse(actor: Actor) -> None:
    """Changing an order is for its customer or ops, never the warehouse."""
    if actor.role is Role.WAREHOUSE:
        raise Forbidden("warehouse staff do not change orders", code="ops_only")


def order_not_found(order_id: UUID) -> NotFound:
    """The refusal for an unknown order, or another customer's."""
    return NotFound(f"no order {order_id}", code="order_not_found")


def who(actor: Actor) -> str:
    """How an acting user appears in the history."""
    return f"{actor.role.value}:{actor.user_id}"


def source(uow: OrdersUnit) -> str:
    """How a consumed message's producer appears in the history."""
    return f"{uow.incoming.producer}:{uow.incoming.type}" if uow.incoming else "system"


async def load_for(uow: OrdersUnit, order_id: UUID, actor: Actor) -> tuple[OrderStore, Order]:
    """Lock and load an order the actor may act on; others' orders are `order_not_found`."""
    repo = uow.orders
    order = await repo.get(order_id, for_update=True)
    if order is None or (not actor.is_staff and order.customer_id != actor.user_id):
        raise order_not_found(order_id)
    uow.correlate(str(order_id))
    return repo, order


async def load_for_fact(uow: OrdersUnit, order_id: UUID) -> tuple[OrderStore, Order | None]:
    """Lock and load the order a consumed fact is about (None when unknown here)."""
    repo = uow.orders
    order = await repo.get(order_id, for_update=True)
    if order is not None:
        uow.correlate(str(order_id))  # an order's flow is its id, whatever the producer sent
    return repo, order


def emit_status_changes(uow: OrdersUnit, order: Order) -> None:
    """Publish a status change for each status move not yet saved."""
    moves = [e for e in order.new_history if e.what == "status"]
    for entry in moves:
        uow.emit(
            OrderStatusChanged(
                order_id=order.order_id,
                customer_id=order.customer_id,
                from_status=OrderStatus(entry.from_status) if entry.from_status else None,
                to_status=OrderStatus(entry.to_status),
                reason=entry.reason[:200] or "status changed",
                action_required=action_required(order) if entry is moves[-1] else None,
                changed_at=entry.at,
            )
        )


async def save(uow: OrdersUnit, repo: OrderStore, order: Order) -> None:
    """Publish the order's status changes, then write it back."""
    emit_status_changes(uow, order)
    await repo.save(order, uow.clock.now())


def deadline_id(order_id: UUID, kind: str) -> str:
    """The stable id of one of an order's deadlines."""
    return f"order:{order_id}:{_DEADLINE_SUFFIX[kind]}"


def schedule(uow: OrdersUnit, order: Order, kind: str, due_at: datetime) -> None:
    """Ask the scheduler for one of the order's deadlines."""
    uow.emit(
        ScheduleDeadline(
            deadline_id=deadline_id(order.order_id, kind),
            requester=SERVICE,
            kind=kind,
            due_at=due_at,
            payload={"order_id": str(order.order_id)},
        )
    )


def cancel_deadlines(uow: OrdersUnit, order: Order, *kinds: str) -> None:
    """Tell the scheduler some of the order's deadlines no longer apply."""
    for kind in kinds:
        uow.emit(CancelDeadline(deadline_id=deadline_id(order.order_id, kind)))
