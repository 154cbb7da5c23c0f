"""Warehouse work queues: `GET /queues/{queue}`."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from daikou_kit.app import ActorDep
from daikou_warehouse.application import work_queues
from daikou_warehouse.domain.work_queues import WarehouseQueue
from daikou_warehouse.entrypoints.deps import Unit


class QueueEntryOut(BaseModel):
    """One thing waiting for the warehouse (item and case fields null when they do not apply)."""

    order_id: UUID
    customer_id: UUID
    waiting_since: datetime
    item_id: UUID | None = None
    title: str | None = None
    quantity: int | None = None
    arrived_quantity: int | None = None
    case_id: UUID | None = None
    note: str | None = None


class QueueOut(BaseModel):
    """A work queue, what waits longest first."""

    queue: WarehouseQueue
    entries: list[QueueEntryOut]


router = APIRouter(tags=["queues"])


@router.get("/queues/{queue}", response_model=QueueOut)
async def get_queue(
    queue: WarehouseQueue,
    actor: ActorDep,
    unit: Unit,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> QueueOut:
    """Arrivals expected, items to inspect, open cases, orders to pack or to dispatch."""
    found = await work_queues.queue(unit, actor, queue, limit)
    entries = [QueueEntryOut.model_validate(e.__dict__) for e in found]
    return QueueOut(queue=queue, entries=entries)
