"""Staff work queues (`GET /queues/{queue}`), orders per status (`GET /stats/status`) and clearing
an order's dead-letter flags (`POST /orders/{order_id}/dead-letter-flags/clear`)."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from daikou_orders.adapters.work_queues import OrdersQueue
from daikou_orders.application import dead_letters, work_queues
from daikou_orders.entrypoints.deps import ActorDep, Unit
from daikou_orders.entrypoints.schemas_queues import (
    FlagsClearedOut,
    QueueEntryOut,
    QueueOut,
    StatusCountsOut,
)

router = APIRouter(tags=["staff queues"])


@router.get("/queues/{queue}", response_model=QueueOut)
async def get_queue(
    queue: OrdersQueue,
    actor: ActorDep,
    unit: Unit,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> QueueOut:
    """Orders to estimate, items to purchase, out of stock, conditions to answer, 2nd billings
    unpaid; `overdue` flags what waited too long."""
    entries = await work_queues.queue(unit, actor, queue, limit)
    return QueueOut(queue=queue, entries=[QueueEntryOut.of(e) for e in entries])


@router.get("/stats/status", response_model=StatusCountsOut)
async def status_counts(actor: ActorDep, unit: Unit) -> StatusCountsOut:
    """Orders per status (every status listed)."""
    return StatusCountsOut(counts=await work_queues.status_counts(unit, actor))


@router.post("/orders/{order_id}/dead-letter-flags/clear", response_model=FlagsClearedOut)
async def clear_dead_letter_flags(order_id: UUID, actor: ActorDep, unit: Unit) -> FlagsClearedOut:
    """Ops: the order no longer needs attention for its dead-lettered messages."""
    cleared = await dead_letters.clear(unit, actor, order_id)
    return FlagsClearedOut(order_id=order_id, cleared=cleared)
