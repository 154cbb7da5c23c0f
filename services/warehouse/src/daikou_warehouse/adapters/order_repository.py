"""Orders, expected items, arrivals, inspections and photos on the unit of work's connection."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.warehouse import InspectionResult
from daikou_warehouse.adapters.tables import arrivals, inspections, items, orders, photos
from daikou_warehouse.domain.model import Item, Order, WorkQueue
from daikou_warehouse.domain.records import Arrival, Inspection, Photo

_ITEM_FACTS = (
    "title",
    "options",
    "expected_quantity",
    "purchased",
    "cancelled_at",
    "returned_at",
    "current_inspection_id",
    "open_case_id",
)
_insert_item = pg_insert(items)
_UPSERT_ITEM = _insert_item.on_conflict_do_update(
    index_elements=[items.c.item_id],
    set_={name: _insert_item.excluded[name] for name in _ITEM_FACTS},
)


def _item_row(item: Item) -> dict[str, object]:
    return {
        "item_id": item.item_id,
        "order_id": item.order_id,
        "title": item.title,
        "options": item.options,
        "expected_quantity": item.expected_quantity,
        "purchased": item.purchased,
        "cancelled_at": item.cancelled_at,
        "returned_at": item.returned_at,
        "current_inspection_id": item.current_inspection_id,
        "open_case_id": item.open_case_id,
    }


class OrderRepository:
    """Loads the warehouse's orders whole (with their items) and saves them whole.

    An order and its items are saved from the aggregate (`save`), under the row lock
    `get(..., lock=True)` took in the same transaction; its packing (`packed_at` and the parcels)
    is written by the shipping repository with the packing. Arrivals, inspections and photos are
    records of their own, added by the named methods below.
    """

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def ensure(self, order_id: UUID, customer_id: UUID, now: datetime) -> None:
        """Create the order's record if this is the first fact about it."""
        await self.conn.execute(
            pg_insert(orders)
            .values(order_id=order_id, customer_id=customer_id, created_at=now)
            .on_conflict_do_nothing()
        )

    async def get(self, order_id: UUID, *, lock: bool = False) -> Order | None:
        """The order with its items; `lock` serialises writers of one order."""
        query = select(orders).where(orders.c.order_id == order_id)
        row = (await self.conn.execute(query.with_for_update() if lock else query)).first()
        if row is None:
            return None
        order = Order(
            order_id=row.order_id,
            customer_id=row.customer_id,
            cancelled_at=row.cancelled_at,
            second_billing_paid_at=row.second_billing_paid_at,
            inspection_completed_at=row.inspection_completed_at,
            photos_released_at=row.photos_released_at,
            packed_at=row.packed_at,
            dispatched_at=row.dispatched_at,
        )
        order.items = await self._items(order_id)
        return order

    async def _items(self, order_id: UUID) -> list[Item]:
        arrived = (
            select(func.coalesce(func.sum(arrivals.c.quantity), 0))
            .where(arrivals.c.item_id == items.c.item_id)
            .scalar_subquery()
        )
        query = (
            select(items, arrived.label("arrived"), inspections.c.result)
            .select_from(
                items.outerjoin(
                    inspections, inspections.c.inspection_id == items.c.current_inspection_id
                )
            )
            .where(items.c.order_id == order_id)
            .order_by(items.c.title, items.c.item_id)
        )
        return [
            Item(
                item_id=r.item_id,
                order_id=r.order_id,
                title=r.title,
                options=dict(r.options),
                expected_quantity=r.expected_quantity,
                arrived_quantity=int(r.arrived),
                purchased=r.purchased,
                cancelled_at=r.cancelled_at,
                returned_at=r.returned_at,
                current_inspection_id=r.current_inspection_id,
                current_result=InspectionResult(r.result) if r.result else None,
                open_case_id=r.open_case_id,
            )
            for r in await self.conn.execute(query)
        ]

    async def in_queue(self, queue: WorkQueue, limit: int) -> list[UUID]:
        """Ids of the orders in a staff work list, oldest first."""
        o = orders.c
        open_ = and_(o.cancelled_at.is_(None), o.dispatched_at.is_(None))
        condition = {
            WorkQueue.OPEN: and_(open_, o.packed_at.is_(None)),
            WorkQueue.AWAITING_PAYMENT: and_(
                open_, o.packed_at.is_not(None), o.second_billing_paid_at.is_(None)
            ),
            WorkQueue.READY_TO_SHIP: and_(
                open_, o.packed_at.is_not(None), o.second_billing_paid_at.is_not(None)
            ),
            WorkQueue.DISPATCHED: o.dispatched_at.is_not(None),
            WorkQueue.CANCELLED: and_(o.cancelled_at.is_not(None), o.dispatched_at.is_(None)),
        }[queue]
        query = select(o.order_id).where(condition).order_by(o.created_at, o.order_id).limit(limit)
        return [r.order_id for r in await self.conn.execute(query)]

    async def save(self, order: Order) -> None:
        """Write the order's own facts and its items back (its packing is saved with the packing)."""
        await self.conn.execute(
            update(orders)
            .where(orders.c.order_id == order.order_id)
            .values(
                cancelled_at=order.cancelled_at,
                second_billing_paid_at=order.second_billing_paid_at,
                inspection_completed_at=order.inspection_completed_at,
                photos_released_at=order.photos_released_at,
                dispatched_at=order.dispatched_at,
            )
        )
        if order.items:
            await self.conn.execute(_UPSERT_ITEM, [_item_row(i) for i in order.items])

    async def add_arrival(self, arrival: Arrival, recorded_by: UUID) -> None:
        """Record units of an item that arrived."""
        await self.conn.execute(
            insert(arrivals).values(
                arrival_id=arrival.arrival_id,
                order_id=arrival.order_id,
                item_id=arrival.item_id,
                quantity=arrival.quantity,
                tracking_number=arrival.tracking_number,
                arrived_at=arrival.arrived_at,
                recorded_by=recorded_by,
                package_id=arrival.package_id,
            )
        )

    async def arrivals(self, order_id: UUID, package_id: UUID | None = None) -> list[Arrival]:
        """The order's arrivals (or one package's), oldest first."""
        query = select(arrivals).where(arrivals.c.order_id == order_id).order_by(arrivals.c.seq)
        if package_id is not None:
            query = query.where(arrivals.c.package_id == package_id)
        return [
            Arrival(
                r.arrival_id,
                r.order_id,
                r.item_id,
                r.quantity,
                r.tracking_number,
                r.arrived_at,
                r.package_id,
            )
            for r in await self.conn.execute(query)
        ]

    async def add_inspection(
        self, inspection: Inspection, inspected_by: UUID, stored: list[Photo]
    ) -> None:
        """Record an inspection and its photos (the item's current one is saved with the order)."""
        await self.conn.execute(
            insert(inspections).values(
                inspection_id=inspection.inspection_id,
                order_id=inspection.order_id,
                item_id=inspection.item_id,
                result=inspection.result.value,
                quantity_received=inspection.quantity_received,
                type_matches=inspection.type_matches,
                notes=inspection.notes,
                inspected_at=inspection.inspected_at,
                inspected_by=inspected_by,
            )
        )
        await self.conn.execute(
            insert(photos),
            [
                {
                    "photo_id": p.photo_id,
                    "inspection_id": p.inspection_id,
                    "order_id": p.order_id,
                    "position": p.position,
                    "sha256": p.sha256,
                    "content_type": p.content_type,
                    "size_bytes": p.size_bytes,
                }
                for p in stored
            ],
        )

    async def inspections(
        self, order_id: UUID, inspection_id: UUID | None = None
    ) -> list[Inspection]:
        """The order's inspections (or one of them) with their photo ids, oldest first."""
        query = (
            select(inspections, items.c.current_inspection_id)
            .join(items, items.c.item_id == inspections.c.item_id)
            .where(inspections.c.order_id == order_id)
            .order_by(inspections.c.seq)
        )
        if inspection_id is not None:
            query = query.where(inspections.c.inspection_id == inspection_id)
        photo_ids = await self._photo_ids(order_id)
        return [
            Inspection(
                inspection_id=r.inspection_id,
                order_id=r.order_id,
                item_id=r.item_id,
                result=InspectionResult(r.result),
                quantity_received=r.quantity_received,
                type_matches=r.type_matches,
                notes=r.notes,
                inspected_at=r.inspected_at,
                photo_ids=photo_ids.get(r.inspection_id, []),
                current=r.current_inspection_id == r.inspection_id,
            )
            for r in await self.conn.execute(query)
        ]

    async def inspection_order(self, inspection_id: UUID) -> UUID | None:
        """The order an inspection id belongs to, if it exists."""
        query = select(inspections.c.order_id).where(inspections.c.inspection_id == inspection_id)
        return (await self.conn.execute(query)).scalar_one_or_none()

    async def _photo_ids(self, order_id: UUID) -> dict[UUID, list[UUID]]:
        query = (
            select(photos.c.inspection_id, photos.c.photo_id)
            .where(photos.c.order_id == order_id)
            .order_by(photos.c.inspection_id, photos.c.position)
        )
        result: dict[UUID, list[UUID]] = {}
        for r in await self.conn.execute(query):
            result.setdefault(r.inspection_id, []).append(r.photo_id)
        return result

    async def photo(self, photo_id: UUID) -> Photo | None:
        """One photo's record."""
        row = (await self.conn.execute(select(photos).where(photos.c.photo_id == photo_id))).first()
        if row is None:
            return None
        return Photo(
            row.photo_id,
            row.inspection_id,
            row.order_id,
            row.position,
            row.sha256,
            row.content_type,
            row.size_bytes,
        )
