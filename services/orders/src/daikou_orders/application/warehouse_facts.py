"""Warehouse facts moving the order forward; late, repeated or out-of-order facts change nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import ItemCancelled, ItemCancelReason
from daikou_contracts.catalogue.warehouse import (
    CaseOutcome,
    ExchangeReturnOpened,
    ExchangeReturnResolved,
    InspectionCompleted,
    InspectionResult,
    ItemArrived,
    ItemInspected,
    PackingCompleted,
    ShipmentDispatched,
)
from daikou_orders.application.changes import after_item_gone
from daikou_orders.application.common import (
    AUTO_COMPLETE,
    RECEPTION_REMINDER,
    load_for_fact,
    save,
    schedule,
    source,
)
from daikou_orders.application.deadlines import schedule_second_payment_reminders
from daikou_orders.application.ports import OrdersUnit
from daikou_orders.domain import item_rules, lifecycle
from daikou_orders.domain.billing import item_share
from daikou_orders.domain.model import ItemStatus, Order, Shipment

log = logging.getLogger(__name__)


async def _apply(
    uow: OrdersUnit, order_id: UUID, what: str, change: Callable[[Order], bool]
) -> Order | None:
    """Load the order, apply a change; save only when something changed."""
    repo, order = await load_for_fact(uow, order_id)
    if order is None:
        log.warning("%s for unknown order %s ignored", what, order_id)
        return None
    if not change(order):
        log.info("%s: order %s (%s) unchanged", what, order.order_number, order.status)
        return None
    await save(uow, repo, order)
    return order


def _happened_at(uow: OrdersUnit) -> datetime | None:
    """When the fact being handled happened, by the warehouse's clock."""
    return uow.incoming.occurred_at if uow.incoming is not None else None


def _to_warehouse(order: Order, uow: OrdersUnit) -> bool:
    return lifecycle.advance_to(
        order,
        OrderStatus.AT_WAREHOUSE,
        at=uow.clock.now(),
        actor=source(uow),
        reason="items arriving at the warehouse",
    )


async def on_item_arrived(uow: OrdersUnit, fact: ItemArrived) -> None:
    """An item arrived: the order is at the warehouse."""

    def change(order: Order) -> bool:
        moved = item_rules.warehouse_item_fact(
            order,
            fact.item_id,
            ItemStatus.ARRIVED,
            at=uow.clock.now(),
            actor=source(uow),
            reason=f"{fact.total_arrived}/{fact.expected_quantity} arrived",
            fact_at=_happened_at(uow),
        )
        return _to_warehouse(order, uow) or moved

    await _apply(uow, fact.order_id, "item arrived", change)


async def on_item_inspected(uow: OrdersUnit, fact: ItemInspected) -> None:
    """An item was inspected: fine, or a problem."""
    to = ItemStatus.INSPECTED if fact.result is InspectionResult.OK else ItemStatus.PROBLEM

    def change(order: Order) -> bool:
        moved = item_rules.warehouse_item_fact(
            order,
            fact.item_id,
            to,
            at=uow.clock.now(),
            actor=source(uow),
            reason=fact.notes[:200] or f"inspected: {fact.result}",
            fact_at=_happened_at(uow),
        )
        return _to_warehouse(order, uow) or moved

    await _apply(uow, fact.order_id, "item inspected", change)


async def on_inspection_completed(uow: OrdersUnit, fact: InspectionCompleted) -> None:
    """Every item is inspected (again, after an exchange): the customer is asked to check the photos."""

    def change(order: Order) -> bool:
        moved = _to_warehouse(order, uow)
        if order.status is not OrderStatus.AT_WAREHOUSE:
            return moved
        # our own clock, so it compares with the time the customer confirmed the photos
        order.inspection_completed_at = uow.clock.now()
        return True

    await _apply(uow, fact.order_id, "inspection completed", change)


async def on_case_opened(uow: OrdersUnit, fact: ExchangeReturnOpened) -> None:
    """An exchange or return was opened with the seller for an item."""

    def change(order: Order) -> bool:
        return item_rules.warehouse_item_fact(
            order,
            fact.item_id,
            ItemStatus.EXCHANGE_RETURN,
            at=uow.clock.now(),
            actor=source(uow),
            reason=f"{fact.kind}: {fact.reason}"[:200],
            fact_at=_happened_at(uow),
        )

    await _apply(uow, fact.order_id, "exchange/return opened", change)


async def on_case_resolved(uow: OrdersUnit, fact: ExchangeReturnResolved) -> None:
    """An exchange or return ended."""

    def change(order: Order) -> bool:
        at, by = uow.clock.now(), source(uow)
        outcome, happened = fact.outcome.value, _happened_at(uow)
        if not item_rules.resolve_case(
            order, fact.item_id, outcome, at=at, actor=by, fact_at=happened
        ):
            return False
        if fact.outcome is CaseOutcome.RETURNED:
            _returned(uow, order, fact.item_id)
        return True

    await _apply(uow, fact.order_id, "exchange/return resolved", change)


def _returned(uow: OrdersUnit, order: Order, item_id: UUID) -> None:
    """The seller took the item back: its share goes back to the customer's deposit."""
    item = order.item(item_id)
    if item is None:
        return
    uow.emit(
        ItemCancelled(
            order_id=order.order_id,
            customer_id=order.customer_id,
            item_id=item_id,
            reason=ItemCancelReason.STAFF,
            refund=item_share(order, item),
        )
    )
    after_item_gone(uow, order, actor=source(uow), by_customer=False)


async def on_packing_completed(uow: OrdersUnit, fact: PackingCompleted) -> None:
    """The order is packed: the 2nd billing (international shipping) is due."""

    def change(order: Order) -> bool:
        moved = lifecycle.advance_to(
            order,
            OrderStatus.AWAITING_SECOND_PAYMENT,
            at=uow.clock.now(),
            actor=source(uow),
            reason=f"packed: {fact.method}, {len(fact.parcels)} parcel(s)",
        )
        if moved:
            schedule_second_payment_reminders(uow, order)
        return moved

    await _apply(uow, fact.order_id, "packing completed", change)


async def on_shipment_dispatched(uow: OrdersUnit, fact: ShipmentDispatched) -> None:
    """Shipped: auto-completion and the reception reminder are scheduled (the policy's periods)."""
    now, policy = uow.clock.now(), uow.policy
    auto_at = min(fact.dispatched_at, now) + policy.auto_complete_period

    def change(order: Order) -> bool:
        if not lifecycle.ship(order, at=now, actor=source(uow), auto_complete_at=auto_at):
            return False
        order.shipment = Shipment(
            carrier=fact.carrier,
            method=fact.method,
            tracking_numbers=tuple(fact.tracking_numbers),
            dispatched_at=fact.dispatched_at,
        )
        schedule(uow, order, AUTO_COMPLETE, auto_at)
        schedule(
            uow, order, RECEPTION_REMINDER, max(now, auto_at - policy.reception_reminder_before)
        )
        return True

    await _apply(uow, fact.order_id, "shipment dispatched", change)
