"""Warehouse work queues for the staff pages."""

from __future__ import annotations

from daikou_kit.actors import Actor
from daikou_warehouse.application.common import require_staff
from daikou_warehouse.application.ports import WarehouseUnit
from daikou_warehouse.domain.work_queues import QueueEntry, WarehouseQueue


async def queue(
    uow: WarehouseUnit, actor: Actor, name: WarehouseQueue, limit: int
) -> list[QueueEntry]:
    """One warehouse work queue, what waits longest first (staff only)."""
    require_staff(actor)
    return await uow.queues.entries(name, limit)
