"""Staff work queues read straight from the orders tables, each oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import ColumnElement, Select, cast, func, or_, select
from sqlalchemy.dialects.postgresql import TIMESTAMP
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.common import TERMINAL_ORDER_STATUSES, OrderStatus
from daikou_orders.adapters.tables import dead_letter_flags, order_history, order_items, orders
from daikou_orders.domain.model import ItemStatus


class OrdersQueue(StrEnum):
    """Ops work lists held by orders."""

    ESTIMATE = "estimate"
    PURCHASE = "purchase"
    OUT_OF_STOCK = "out_of_stock"
    CONDITIONS = "conditions"
    SECOND_PAYMENT = "second_payment"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class QueueEntry:
    """One thing waiting for ops: an order, or an item of it."""

    order_id: UUID
    order_number: str
    customer_id: UUID
    waiting_since: datetime
    item_id: UUID | None = None
    title: str | None = None
    url: str | None = None
    quantity: int | None = None
    note: str | None = None
    overdue: bool = False


_LIVE = orders.c.status.not_in([s.value for s in TERMINAL_ORDER_STATUSES])
# A JSON null is stored for "no condition": test a field, not the column.
_CONDITION_SET = order_items.c.condition["question"].as_string().is_not(None)
_UNANSWERED = order_items.c.condition["answered_at"].as_string().is_(None)
_SET_AT = cast(order_items.c.condition["set_at"].as_string(), TIMESTAMP(timezone=True))

# The columns of each query's rows: an order, an item of it, a dead letter about it.
_OrderRows = Select[UUID, str, UUID, datetime]
_ItemRows = Select[UUID, str, UUID, datetime, UUID, str, str, int, str | None]
_DeadLetterRows = Select[UUID, str, UUID, datetime, str, str]


def _item_query(since: ColumnElement[datetime], *where: ColumnElement[bool]) -> _ItemRows:
    i, o = order_items.c, orders.c
    return (
        select(
            o.order_id,
            o.order_number,
            o.customer_id,
            since.label("waiting_since"),
            i.item_id,
            i.title,
            i.url,
            i.quantity,
            i.condition["question"].as_string().label("note"),
        )
        .join_from(order_items, orders, o.order_id == i.order_id)
        .where(_LIVE, *where)
    )


def _dead_lettered() -> _DeadLetterRows:
    """One entry per dead letter: `title` names the message, `note` says who gave up and why."""
    f, o = dead_letter_flags.c, orders.c
    note = f.service + ": " + f.reason + " — " + f.detail
    return select(
        o.order_id,
        o.order_number,
        o.customer_id,
        f.dead_lettered_at.label("waiting_since"),
        f.message_type.label("title"),
        note.label("note"),
    ).join_from(dead_letter_flags, orders, o.order_id == f.order_id)


def _query(queue: OrdersQueue) -> _OrderRows | _ItemRows | _DeadLetterRows:
    i, o = order_items.c, orders.c
    if queue is OrdersQueue.DEAD_LETTERED:
        return _dead_lettered()
    if queue is OrdersQueue.ESTIMATE:
        return select(
            o.order_id, o.order_number, o.customer_id, o.placed_at.label("waiting_since")
        ).where(o.status == OrderStatus.APPLIED.value)
    if queue is OrdersQueue.PURCHASE:
        paid = func.coalesce(o.first_billing_paid_at, o.placed_at)
        settled = or_(~_CONDITION_SET, ~_UNANSWERED)
        return _item_query(paid, i.status == ItemStatus.PURCHASING.value, settled)
    if queue is OrdersQueue.CONDITIONS:
        return _item_query(_SET_AT, _CONDITION_SET, _UNANSWERED)
    if queue is OrdersQueue.SECOND_PAYMENT:
        packed_at = (
            select(func.max(order_history.c.at))
            .where(
                order_history.c.order_id == o.order_id,
                order_history.c.what == "status",
                order_history.c.to_status == OrderStatus.AWAITING_SECOND_PAYMENT.value,
            )
            .scalar_subquery()
        )
        return select(
            o.order_id,
            o.order_number,
            o.customer_id,
            func.coalesce(packed_at, o.placed_at).label("waiting_since"),
        ).where(
            o.status == OrderStatus.AWAITING_SECOND_PAYMENT.value,
            o.second_billing_paid_at.is_(None),
        )
    gone_at = (
        select(func.max(order_history.c.at))
        .where(order_history.c.item_id == i.item_id)
        .scalar_subquery()
    )
    since = func.coalesce(gone_at, o.placed_at)
    return _item_query(since, i.status == ItemStatus.OUT_OF_STOCK.value)


async def work_queue(conn: AsyncConnection, queue: OrdersQueue, limit: int) -> list[QueueEntry]:
    """The entries of one queue, what waits longest first."""
    query = _query(queue).subquery()
    rows = await conn.execute(
        select(query).order_by(query.c.waiting_since, query.c.order_id).limit(limit)
    )
    return [QueueEntry(**row._asdict()) for row in rows]


async def status_counts(conn: AsyncConnection) -> dict[str, int]:
    """How many orders are in each status (every status present, zero when none)."""
    rows = await conn.execute(select(orders.c.status, func.count()).group_by(orders.c.status))
    found = {str(status): int(n) for status, n in rows.all()}
    return {s.value: found.get(s.value, 0) for s in OrderStatus}
