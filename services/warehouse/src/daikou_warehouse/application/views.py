"""What the gateway shows: an order's warehouse record, and its photos."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from daikou_kit.actors import Actor
from daikou_kit.errors import NotFound
from daikou_warehouse.application.common import load_order, require_staff
from daikou_warehouse.application.ports import WarehouseUnit
from daikou_warehouse.domain.cases import Case
from daikou_warehouse.domain.model import Order, WorkQueue
from daikou_warehouse.domain.records import Arrival, Inspection, Packing, Photo, Shipment


@dataclass(frozen=True)
class OrderRecord:
    """Everything the warehouse knows about one order, as the actor may see it."""

    order: Order
    arrivals: list[Arrival]
    inspections: list[Inspection]
    cases: list[Case]
    packing: Packing | None
    shipment: Shipment | None
    photos_visible: bool


async def order_record(uow: WarehouseUnit, actor: Actor, order_id: UUID) -> OrderRecord:
    """The order's record; customers see inspections only once the inspection is complete."""
    order = await load_order(uow, actor, order_id)
    visible = actor.is_staff or order.photos_released_at is not None
    repo, shipping = uow.orders, uow.shipping
    return OrderRecord(
        order=order,
        arrivals=await repo.arrivals(order_id),
        inspections=await repo.inspections(order_id) if visible else [],
        cases=await shipping.cases(order_id),
        packing=await shipping.packing(order_id),
        shipment=await shipping.shipment(order_id),
        photos_visible=visible,
    )


async def work_list(uow: WarehouseUnit, actor: Actor, queue: WorkQueue, limit: int) -> list[Order]:
    """The orders of a staff work list, oldest first."""
    require_staff(actor)
    repo = uow.orders
    found = [await repo.get(order_id) for order_id in await repo.in_queue(queue, limit)]
    return [order for order in found if order is not None]


async def photo_content(uow: WarehouseUnit, actor: Actor, photo_id: UUID) -> tuple[Photo, bytes]:
    """A photo's bytes, for staff or the order's customer once the photos are shown."""
    photo = await uow.orders.photo(photo_id)
    missing = NotFound(f"photo {photo_id} does not exist", code="photo_not_found")
    if photo is None:
        raise missing
    try:
        order = await load_order(uow, actor, photo.order_id)
    except NotFound:
        raise missing from None
    if not actor.is_staff and order.photos_released_at is None:
        raise missing
    return photo, await uow.photos.read(photo.sha256)
