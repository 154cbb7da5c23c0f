"""What the warehouse learns from other services: items to expect, cancellations, the paid 2nd billing."""

from __future__ import annotations

from uuid import UUID

from daikou_contracts.catalogue.common import BillingKind
from daikou_contracts.catalogue.orders import (
    ItemCancelled,
    ItemOutOfStock,
    ItemPurchased,
    OrderCancelled,
)
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_warehouse.application.common import announce_if_complete, log
from daikou_warehouse.application.ports import WarehouseUnit
from daikou_warehouse.domain.model import Order


async def _locked(uow: WarehouseUnit, order_id: UUID, customer_id: UUID) -> Order:
    await uow.orders.ensure(order_id, customer_id, uow.clock.now())
    order = await uow.orders.get(order_id, lock=True)
    assert order is not None  # just ensured, and orders are never deleted
    return order


async def item_purchased(uow: WarehouseUnit, fact: ItemPurchased) -> None:
    """Expect the bought item and its quantity."""
    order = await _locked(uow, fact.order_id, fact.customer_id)
    known = order.item(fact.item_id)
    if known is not None and known.cancelled:
        log.info("item %s was cancelled before its purchase was seen; not expected", fact.item_id)
    order.expect(fact.item_id, fact.title, dict(fact.options), fact.quantity)
    if known is None and order.cancelled_at is None:
        if order.packed_at is not None:
            log.warning(
                "order %s: item %s bought after packing; it is not in the parcels",
                fact.order_id,
                fact.item_id,
            )
        elif order.inspection_completed_at is not None:
            # A new item reopens the inspection: it must be inspected and announced again.
            order.inspection_completed_at = None
    await uow.orders.save(order)


async def _item_gone(uow: WarehouseUnit, order_id: UUID, customer_id: UUID, item_id: UUID) -> None:
    order = await _locked(uow, order_id, customer_id)
    order.cancel_item(item_id, uow.clock.now())
    await uow.orders.save(order)
    await announce_if_complete(uow, order)
    if order.packed_at is not None:
        log.warning("order %s: item %s cancelled after packing", order_id, item_id)


async def item_cancelled(uow: WarehouseUnit, fact: ItemCancelled) -> None:
    """Stop expecting a cancelled item."""
    await _item_gone(uow, fact.order_id, fact.customer_id, fact.item_id)


async def item_out_of_stock(uow: WarehouseUnit, fact: ItemOutOfStock) -> None:
    """Stop expecting an item the seller could not supply."""
    await _item_gone(uow, fact.order_id, fact.customer_id, fact.item_id)


async def order_cancelled(uow: WarehouseUnit, fact: OrderCancelled) -> None:
    """Never pack or ship a cancelled order."""
    order = await _locked(uow, fact.order_id, fact.customer_id)
    if order.dispatched_at is not None:
        log.warning("order %s cancelled after it was dispatched", fact.order_id)
    if order.cancelled_at is None:
        order.cancelled_at = fact.cancelled_at
        await uow.orders.save(order)


async def billing_paid(uow: WarehouseUnit, fact: BillingPaid) -> None:
    """A paid 2nd billing allows dispatch; the 1st billing is not the warehouse's concern."""
    if fact.kind is not BillingKind.SECOND:
        return
    order = await _locked(uow, fact.order_id, fact.customer_id)
    if order.second_billing_paid_at is None:
        order.second_billing_paid_at = fact.paid_at
        await uow.orders.save(order)
