"""Staff work queues (`GET /queues/{queue}`), orders per status (`GET /stats/status`) and clearing
an order's dead-letter flags (`POST /orders/{order_id}/dead-letter-flags/clear`)."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from daikou_kit.http import Actor, actor_dependency
from daikou_kit.unit_of_work import Database
from daikou_orders.adapters.unit_of_work import orders_unit
from daikou_orders.adapters.work_queues import OrdersQueue
from daikou_orders.application import dead_letters, work_queues
from daikou_orders.application.policy import Policy


class QueueEntryOut(BaseModel):
    """One thing waiting for ops (item fields are null for an order-level entry)."""

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


class QueueOut(BaseModel):
    """A work queue, what waits longest first."""

    queue: OrdersQueue
    entries: list[QueueEntryOut]


class FlagsClearedOut(BaseModel):
    """How many dead-letter flags staff cleared on an order."""

    order_id: UUID
    cleared: int


class StatusCountsOut(BaseModel):
    """How many orders are in each status."""

    counts: dict[str, int]


def router(database: Database, token: str, policy: Policy | None = None) -> APIRouter:
    """Routes of the staff work queues."""
    r = APIRouter(tags=["staff queues"])
    stalled_after = (policy or Policy()).second_payment_stalled_after
    ActorDep = Annotated[Actor, Depends(actor_dependency(token))]  # noqa: N806

    @r.get("/queues/{queue}", response_model=QueueOut)
    async def get_queue(
        queue: OrdersQueue, actor: ActorDep, limit: Annotated[int, Query(ge=1, le=200)] = 100
    ) -> QueueOut:
        """Orders to estimate, items to purchase, out of stock, conditions to answer, 2nd billings
        unpaid; `overdue` flags what waited too long."""
        async with orders_unit(database) as uow:
            entries = await work_queues.queue(uow, actor, queue, limit, stalled_after)
        return QueueOut(queue=queue, entries=[_entry(e.__dict__) for e in entries])

    @r.get("/stats/status", response_model=StatusCountsOut)
    async def status_counts(actor: ActorDep) -> StatusCountsOut:
        """Orders per status (every status listed)."""
        async with orders_unit(database) as uow:
            counts = await work_queues.status_counts(uow, actor)
        return StatusCountsOut(counts=counts)

    @r.post("/orders/{order_id}/dead-letter-flags/clear", response_model=FlagsClearedOut)
    async def clear_dead_letter_flags(order_id: UUID, actor: ActorDep) -> FlagsClearedOut:
        """Ops: the order no longer needs attention for its dead-lettered messages."""
        async with orders_unit(database, correlation_id=str(order_id)) as uow:
            cleared = await dead_letters.clear(uow, actor, order_id)
        return FlagsClearedOut(order_id=order_id, cleared=cleared)

    return r


def _entry(fields: dict[str, Any]) -> QueueEntryOut:
    return QueueEntryOut.model_validate(fields)
