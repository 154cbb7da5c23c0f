"""Use case of firing: claim due deadlines and emit their DeadlineReached in the same transaction."""

from __future__ import annotations

import logging
from datetime import datetime

from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_kit.unit_of_work import UnitOfWork
from daikou_scheduler.adapters.deadlines import DeadlineRepository

log = logging.getLogger(__name__)


async def fire_batch(uow: UnitOfWork, batch_size: int, late_threshold_ms: int = 60_000) -> int:
    """Fire up to `batch_size` due deadlines; returns how many fired."""
    now = uow.clock.now()
    fired = await DeadlineRepository(uow.conn).claim_due(now, batch_size)
    late = [row.lateness_ms for row in fired if row.lateness_ms > late_threshold_ms]
    if late:
        log.warning("firing %d deadlines late (up to %d ms)", len(late), max(late))
    for row in fired:
        # Each event belongs to the flow that asked for the deadline and is caused by that request.
        uow.correlate(row.correlation_id)
        uow.causation_id = row.causation_id
        uow.emit(
            DeadlineReached(
                deadline_id=row.deadline_id,
                requester=row.requester,
                kind=row.kind,
                due_at=row.due_at,
                fired_at=now,
                lateness_ms=row.lateness_ms,
                payload=row.payload,
            ),
            routing_key=DeadlineReached.routing_key_for(row.requester),
        )
    return len(fired)


async def next_due(uow: UnitOfWork) -> datetime | None:
    """The earliest pending due time."""
    return await DeadlineRepository(uow.conn).next_due()


async def purge_settled(uow: UnitOfWork, before: datetime, limit: int) -> int:
    """Forget fired and cancelled deadlines settled before `before`; returns how many."""
    return await DeadlineRepository(uow.conn).purge_settled(before, limit)
