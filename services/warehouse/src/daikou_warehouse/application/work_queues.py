"""Warehouse work queues for the staff pages."""

from __future__ import annotations

from daikou_kit.actors import Actor
from daikou_kit.unit_of_work import UnitOfWork
from daikou_warehouse.adapters import work_queues
from daikou_warehouse.adapters.work_queues import QueueEntry, WarehouseQueue
from daikou_warehouse.application.common import require_staff


async def queue(
    uow: UnitOfWork, actor: Actor, name: WarehouseQueue, limit: int
) -> list[QueueEntry]:
    """One warehouse work queue, what waits longest first (staff only)."""
    require_staff(actor)
    return await work_queues.work_queue(uow.conn, name, limit)
