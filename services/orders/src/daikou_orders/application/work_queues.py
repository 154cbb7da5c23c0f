"""Staff work queues and order counts for the ops pages and the dashboard."""

from __future__ import annotations

from daikou_kit.errors import Forbidden
from daikou_kit.http import Actor
from daikou_kit.unit_of_work import UnitOfWork
from daikou_orders.adapters import work_queues
from daikou_orders.adapters.work_queues import OrdersQueue, QueueEntry


def _staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise Forbidden("work queues are for staff", code="staff_only")


async def queue(uow: UnitOfWork, actor: Actor, name: OrdersQueue, limit: int) -> list[QueueEntry]:
    """One ops work queue, what waits longest first."""
    _staff(actor)
    return await work_queues.work_queue(uow.conn, name, limit)


async def status_counts(uow: UnitOfWork, actor: Actor) -> dict[str, int]:
    """Orders per status, for the dashboard's chart."""
    _staff(actor)
    return await work_queues.status_counts(uow.conn)
