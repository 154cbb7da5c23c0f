"""Staff work queues and order counts for the ops pages and the dashboard."""

from __future__ import annotations

from dataclasses import replace

from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden
from daikou_orders.adapters import work_queues
from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork
from daikou_orders.adapters.work_queues import OrdersQueue, QueueEntry


def _staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise Forbidden("work queues are for staff", code="staff_only")


async def queue(
    uow: OrdersUnitOfWork,
    actor: Actor,
    name: OrdersQueue,
    limit: int,
) -> list[QueueEntry]:
    """One ops work queue, what waits longest first, each entry flagged when it waited too long.

    Overdue: an estimate or a purchase condition waiting past the end of the next business day
    (the business calendar's copy), a 2nd billing unpaid the policy's
    `second_payment_stalled_after` after packing.
    Purchases and out-of-stock items have no such limit.
    """
    _staff(actor)
    entries = await work_queues.work_queue(uow.conn, name, limit)
    now = uow.clock.now()
    if name in {OrdersQueue.ESTIMATE, OrdersQueue.CONDITIONS}:
        cal = await uow.calendar.load()
        return [
            replace(e, overdue=now >= cal.deadline_after_business_days(e.waiting_since, 1))
            for e in entries
        ]
    if name is OrdersQueue.SECOND_PAYMENT:
        stalled_after = uow.policy.second_payment_stalled_after
        return [replace(e, overdue=now >= e.waiting_since + stalled_after) for e in entries]
    return entries


async def status_counts(uow: OrdersUnitOfWork, actor: Actor) -> dict[str, int]:
    """Orders per status, for the dashboard's chart."""
    _staff(actor)
    return await work_queues.status_counts(uow.conn)
