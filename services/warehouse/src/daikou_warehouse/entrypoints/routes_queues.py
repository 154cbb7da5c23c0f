"""Warehouse work queues: `GET /queues/{queue}`."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from daikou_kit.http import Actor, actor_dependency
from daikou_warehouse.adapters.work_queues import WarehouseQueue
from daikou_warehouse.application import work_queues
from daikou_warehouse.entrypoints.deps import HttpDeps


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


def router(deps: HttpDeps) -> APIRouter:
    """The work queue route."""
    api = APIRouter(tags=["queues"])
    ActorDep = Annotated[  # noqa: N806 (a type alias)
        Actor, Depends(actor_dependency(deps.settings.internal_token.get_secret_value()))
    ]

    @api.get("/queues/{queue}", response_model=QueueOut)
    async def get_queue(
        queue: WarehouseQueue,
        request: Request,
        actor: ActorDep,
        limit: Annotated[int, Query(ge=1, le=200)] = 100,
    ) -> QueueOut:
        """Arrivals expected, items to inspect, open cases, orders to pack or to dispatch."""
        async with deps.transaction(request) as uow:
            found = await work_queues.queue(uow, actor, queue, limit)
        entries = [QueueEntryOut.model_validate(e.__dict__) for e in found]
        return QueueOut(queue=queue, entries=entries)

    return api
