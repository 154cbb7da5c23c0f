"""Helpers shared by the use cases: who may act, loading an order, announcing a completed inspection."""

from __future__ import annotations

import logging
from uuid import UUID

from daikou_contracts.catalogue.warehouse import InspectedItem, InspectionCompleted
from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden, NotFound
from daikou_warehouse.application.ports import WarehouseUnit
from daikou_warehouse.domain.model import Order

log = logging.getLogger("daikou_warehouse")


def require_staff(actor: Actor) -> None:
    """Refuse customers."""
    if not actor.is_staff:
        raise Forbidden("only warehouse staff may do this", code="staff_only")


async def load_order(
    uow: WarehouseUnit, actor: Actor, order_id: UUID, *, lock: bool = False
) -> Order:
    """The order if the actor may see it (404 for an unknown order or another customer's)."""
    order = await uow.orders.get(order_id, lock=lock)
    if order is None or (not actor.is_staff and order.customer_id != actor.user_id):
        raise NotFound(f"order {order_id} is not known to the warehouse", code="order_not_found")
    uow.correlate(str(order_id))
    return order


async def announce_if_complete(uow: WarehouseUnit, order: Order) -> bool:
    """Publish InspectionCompleted once every live item is inspected; True when it did."""
    if order.cancelled_at is not None or order.packed_at is not None:
        return False
    if not order.inspection_just_completed():
        return False
    now = uow.clock.now()
    order.inspection_completed_at = now
    order.photos_released_at = order.photos_released_at or now
    await uow.orders.save(order)
    uow.emit(
        InspectionCompleted(
            order_id=order.order_id,
            items=[
                InspectedItem(item_id=i.item_id, result=i.current_result)
                for i in order.live_items
                if i.current_result is not None
            ],
            completed_at=now,
        )
    )
    log.info("order %s: inspection completed", order.order_id)
    return True
