"""Read-only use cases for the gateway: an order, a customer's orders by tab, recent feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from daikou_contracts.catalogue.common import TERMINAL_ORDER_STATUSES, OrderStatus
from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden
from daikou_orders.adapters import calendar, dead_letters
from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork
from daikou_orders.application.common import order_not_found
from daikou_orders.application.deadlines import DeadlineHold, deadline_hold
from daikou_orders.domain.model import Order
from daikou_orders.domain.reception import ReceptionReport
from daikou_orders.domain.stalls import Stall, stalls


class Tab(StrEnum):
    """The order list's tabs."""

    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


TAB_STATUSES: dict[Tab, frozenset[OrderStatus]] = {
    Tab.ONGOING: frozenset(OrderStatus) - TERMINAL_ORDER_STATUSES,
    Tab.COMPLETED: frozenset({OrderStatus.COMPLETED}),
    Tab.CANCELLED: frozenset({OrderStatus.CANCELLED}),
}


@dataclass(frozen=True)
class OrderPage:
    """One page of an order list."""

    orders: list[Order]
    total: int
    flags: dict[UUID, list[Stall]] = field(default_factory=dict)


@dataclass(frozen=True)
class OrderDetail:
    """An order as its page shows it: with its reception report and its payment deadline's hold."""

    order: Order
    report: ReceptionReport | None
    hold: DeadlineHold


async def get_order(uow: OrdersUnitOfWork, actor: Actor, order_id: UUID) -> OrderDetail:
    """An order with its items, history, reception report and deadline hold; others' are not found."""
    repo = uow.orders
    order = await repo.get(order_id)
    if order is None or (not actor.is_staff and order.customer_id != actor.user_id):
        raise order_not_found(order_id)
    report = await repo.get_report(order_id)
    return OrderDetail(order, report, await deadline_hold(uow, order))


async def list_orders(
    uow: OrdersUnitOfWork,
    actor: Actor,
    *,
    customer_id: UUID | None,
    tab: Tab | None,
    status: OrderStatus | None,
    limit: int,
    offset: int,
) -> OrderPage:
    """Orders newest first: customers see only their own; staff may filter by customer."""
    if not actor.is_staff:
        if customer_id is not None and customer_id != actor.user_id:
            raise Forbidden("customers list only their own orders", code="not_your_orders")
        customer_id = actor.user_id
    statuses: frozenset[OrderStatus] | None = TAB_STATUSES[tab] if tab else None
    if status is not None:
        statuses = (statuses or frozenset(OrderStatus)) & {status}
    repo = uow.orders
    ids, total = await repo.list_ids(
        customer_id=customer_id, statuses=statuses, limit=limit, offset=offset
    )
    found = await repo.get_many(ids)
    if not actor.is_staff:
        return OrderPage(orders=found, total=total)
    cal, now = await uow.calendar.load(), uow.clock.now()
    packed = await calendar.entered(uow.conn, ids, OrderStatus.AWAITING_SECOND_PAYMENT.value)
    dead = await dead_letters.flagged(uow.conn, ids)
    flags = {
        o.order_id: [
            *stalls(
                o,
                cal,
                now,
                second_unpaid_after=uow.policy.second_payment_stalled_after,
                packed_at=packed.get(o.order_id),
            ),
            *([Stall.MESSAGE_DEAD_LETTERED] if o.order_id in dead else []),
        ]
        for o in found
    }
    return OrderPage(orders=found, total=total, flags=flags)


async def recent_feedback(uow: OrdersUnitOfWork, limit: int) -> list[ReceptionReport]:
    """The latest public reception comments."""
    return await uow.orders.recent_feedback(limit)
