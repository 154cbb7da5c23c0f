"""Staff record what arrived and inspect each item with photos."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from daikou_contracts.catalogue.warehouse import ItemArrived, ItemInspected
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_warehouse.application.common import announce_if_complete, load_order, require_staff
from daikou_warehouse.application.ports import StagedPhoto, WarehouseUnit
from daikou_warehouse.domain.model import Item, Order, duplicates, inspection_result
from daikou_warehouse.domain.records import Arrival, Inspection, Photo


@dataclass(frozen=True)
class ArrivalLine:
    """Units of one item found in a package."""

    item_id: UUID
    quantity: int


@dataclass(frozen=True)
class InspectionInput:
    """What staff found; `inspection_id` makes a resubmission count once."""

    quantity_received: int
    type_matches: bool
    notes: str = ""
    problem_noted: bool = False
    inspection_id: UUID | None = None


def _receivable(order: Order, item_id: UUID, doing: str) -> Item:
    item = order.item(item_id)
    if item is None or not item.purchased:
        raise NotFound(f"item {item_id} is not expected for this order", code="item_not_found")
    if item.cancelled:
        raise Conflict(f"item {item_id} is cancelled: cannot {doing}", code="item_cancelled")
    if item.returned:
        raise Conflict(f"item {item_id} was returned: cannot {doing}", code="item_returned")
    return item


async def record_arrival(
    uow: WarehouseUnit,
    actor: Actor,
    order_id: UUID,
    lines: Sequence[ArrivalLine],
    *,
    tracking_number: str = "",
    package_id: UUID | None = None,
) -> tuple[list[Arrival], bool]:
    """Record a package's contents (partial arrivals are normal); False when already recorded."""
    require_staff(actor)
    if not lines:
        raise InvalidInput("an arrival lists at least one item", code="empty_arrival")
    if duplicates([str(line.item_id) for line in lines]):
        raise InvalidInput("an item is listed twice in one arrival", code="duplicate_item")
    order = await load_order(uow, actor, order_id, lock=True)
    repo = uow.orders
    if package_id is not None and (already := await repo.arrivals(order_id, package_id)):
        return already, False
    order.ensure_not_packed("record an arrival")
    now = uow.clock.now()
    recorded = []
    for line in lines:
        item = _receivable(order, line.item_id, "record its arrival")
        arrival = Arrival(
            uow.new_id(), order_id, item.item_id, line.quantity, tracking_number, now, package_id
        )
        await repo.add_arrival(arrival, actor.user_id)
        item.arrived_quantity += line.quantity
        uow.emit(
            ItemArrived(
                arrival_id=arrival.arrival_id,
                order_id=order_id,
                item_id=item.item_id,
                quantity=line.quantity,
                total_arrived=item.arrived_quantity,
                expected_quantity=max(item.expected_quantity, 1),
                tracking_number=tracking_number,
                arrived_at=now,
            )
        )
        recorded.append(arrival)
    return recorded, True


async def _already_recorded(
    uow: WarehouseUnit, order: Order, item_id: UUID, inspection_id: UUID | None
) -> Inspection | None:
    if inspection_id is None:
        return None
    owner = await uow.orders.inspection_order(inspection_id)
    if owner is None:
        return None
    found = await uow.orders.inspections(owner, inspection_id)
    if owner != order.order_id or found[0].item_id != item_id:
        raise Conflict(
            f"inspection {inspection_id} belongs to another item", code="inspection_id_taken"
        )
    return found[0]


async def inspect_item(
    uow: WarehouseUnit,
    actor: Actor,
    *,
    order_id: UUID,
    item_id: UUID,
    data: InspectionInput,
    photos: Sequence[StagedPhoto],
) -> tuple[Inspection, bool]:
    """Record an inspection with its photos; (inspection, False) when it was already recorded."""
    require_staff(actor)
    order = await load_order(uow, actor, order_id, lock=True)
    existing = await _already_recorded(uow, order, item_id, data.inspection_id)
    if existing is not None:
        return existing, False
    order.ensure_not_cancelled("inspect its items")
    order.ensure_not_packed("inspect its items")
    item = _receivable(order, item_id, "inspect it")
    if item.arrived_quantity == 0:
        raise Conflict(f"item {item_id} has not arrived yet", code="not_arrived")
    if item.open_case_id is not None:
        raise Conflict(
            f"item {item_id} has an open exchange/return case; resolve it first", code="case_open"
        )
    if not photos:
        raise InvalidInput("an inspection needs at least one photo", code="photo_required")
    if data.quantity_received < 0:
        raise InvalidInput("quantity received cannot be negative", code="bad_quantity")
    inspection = await _record(uow, actor, order=order, item=item, data=data, photos=photos)
    await announce_if_complete(uow, order)
    return inspection, True


async def _record(
    uow: WarehouseUnit,
    actor: Actor,
    *,
    order: Order,
    item: Item,
    data: InspectionInput,
    photos: Sequence[StagedPhoto],
) -> Inspection:
    now = uow.clock.now()
    inspection_id = data.inspection_id or uow.new_id()
    stored = [
        Photo(
            uow.new_id(), inspection_id, order.order_id, n, p.sha256, p.content_type, p.size_bytes
        )
        for n, p in enumerate(photos)
    ]
    result = inspection_result(
        item.expected_quantity, data.quantity_received, data.type_matches, data.problem_noted
    )
    inspection = Inspection(
        inspection_id=inspection_id,
        order_id=order.order_id,
        item_id=item.item_id,
        result=result,
        quantity_received=data.quantity_received,
        type_matches=data.type_matches,
        notes=data.notes,
        inspected_at=now,
        photo_ids=[p.photo_id for p in stored],
    )
    for staged in photos:
        await uow.photos.keep(staged)  # before commit: a row never points at missing bytes
    await uow.orders.add_inspection(inspection, actor.user_id, stored)
    item.inspected(inspection_id, result)
    await uow.orders.save(order)
    uow.emit(
        ItemInspected(
            inspection_id=inspection_id,
            order_id=order.order_id,
            item_id=item.item_id,
            result=result,
            quantity_received=data.quantity_received,
            type_matches=data.type_matches,
            notes=data.notes,
            photo_ids=[str(p.photo_id) for p in stored],
            inspected_at=now,
        )
    )
    return inspection
