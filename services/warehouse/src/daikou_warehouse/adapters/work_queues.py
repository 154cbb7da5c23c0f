"""Warehouse work queues read straight from the tables, each what waits longest first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Subquery, and_, exists, func, literal, null, select
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_warehouse.adapters.tables import arrivals, cases, items, orders
from daikou_warehouse.domain.work_queues import QueueEntry, WarehouseQueue

_OPEN = and_(
    orders.c.cancelled_at.is_(None), orders.c.dispatched_at.is_(None), orders.c.packed_at.is_(None)
)
_LIVE = and_(items.c.purchased, items.c.cancelled_at.is_(None), items.c.returned_at.is_(None))
_ARRIVED = (
    select(func.coalesce(func.sum(arrivals.c.quantity), 0))
    .where(arrivals.c.item_id == items.c.item_id)
    .scalar_subquery()
)
_LAST_ARRIVAL = (
    select(func.max(arrivals.c.arrived_at))
    .where(arrivals.c.item_id == items.c.item_id)
    .scalar_subquery()
)


def _items(since: ColumnElement[datetime], *where: ColumnElement[bool]) -> Subquery:
    o, i = orders.c, items.c
    return (
        select(
            o.order_id,
            o.customer_id,
            since.label("waiting_since"),
            i.item_id,
            i.title,
            i.expected_quantity.label("quantity"),
            _ARRIVED.label("arrived_quantity"),
            null().label("case_id"),
            null().label("note"),
        )
        .join_from(items, orders, o.order_id == i.order_id)
        .where(_OPEN, _LIVE, *where)
        .subquery()
    )


def _orders(since: ColumnElement[datetime], *where: ColumnElement[bool]) -> Subquery:
    o = orders.c
    return select(o.order_id, o.customer_id, since.label("waiting_since")).where(*where).subquery()


def _packable() -> ColumnElement[bool]:
    """Every live item inspected, none in an open case, and at least one live item."""
    i = items.c
    mine = i.order_id == orders.c.order_id
    pending = and_(mine, _LIVE, (i.current_inspection_id.is_(None)) | i.open_case_id.is_not(None))
    return and_(exists().where(and_(mine, _LIVE)), ~exists().where(pending))


def _query(queue: WarehouseQueue) -> Subquery:
    o, i, c = orders.c, items.c, cases.c
    if queue is WarehouseQueue.ARRIVALS:
        return _items(o.created_at, i.expected_quantity > _ARRIVED)
    if queue is WarehouseQueue.INSPECTION:
        return _items(
            func.coalesce(_LAST_ARRIVAL, o.created_at),
            i.expected_quantity <= _ARRIVED,
            i.current_inspection_id.is_(None),
            i.open_case_id.is_(None),
        )
    if queue is WarehouseQueue.CASES:
        return (
            select(
                c.order_id,
                o.customer_id,
                c.opened_at.label("waiting_since"),
                c.item_id,
                i.title,
                i.expected_quantity.label("quantity"),
                literal(None).label("arrived_quantity"),
                c.case_id,
                (c.kind + ": " + c.state + " — " + c.reason).label("note"),
            )
            .join_from(cases, orders, o.order_id == c.order_id)
            .join(items, i.item_id == c.item_id)
            .where(c.resolved_at.is_(None))
            .subquery()
        )
    if queue is WarehouseQueue.PACKING:
        return _orders(func.coalesce(o.inspection_completed_at, o.created_at), _OPEN, _packable())
    return _orders(
        o.second_billing_paid_at,
        o.packed_at.is_not(None),
        o.second_billing_paid_at.is_not(None),
        o.dispatched_at.is_(None),
        o.cancelled_at.is_(None),
    )


class WorkQueueReader:
    """Reads the work queues in the unit of work's transaction."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def entries(self, queue: WarehouseQueue, limit: int) -> list[QueueEntry]:
        """The entries of one queue, what waits longest first."""
        query = _query(queue)
        rows = await self.conn.execute(
            select(query).order_by(query.c.waiting_since, query.c.order_id).limit(limit)
        )
        return [QueueEntry(**row._asdict()) for row in rows]
