"""Use case of firing: claim due deadlines and emit their DeadlineReached in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_scheduler.application.ports import SchedulerUnit


@dataclass(frozen=True)
class Round:
    """What one or more firing batches did."""

    fired: int = 0
    late: int = 0
    max_lateness_ms: int = 0
    lateness_ms: tuple[int, ...] = ()
    """Each fired deadline's lateness (for the lateness histogram)."""

    def __add__(self, other: Round) -> Round:
        return Round(
            self.fired + other.fired,
            self.late + other.late,
            max(self.max_lateness_ms, other.max_lateness_ms),
            self.lateness_ms + other.lateness_ms,
        )


async def fire_batch(uow: SchedulerUnit, batch_size: int, late_threshold_ms: int) -> Round:
    """Fire up to `batch_size` due deadlines; says how many fired and how many of them late."""
    now = uow.clock.now()
    fired = await uow.deadlines.claim_due(now, batch_size)
    for row in fired:
        # Each event belongs to the flow that asked for the deadline and is caused by that request.
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
            correlation_id=row.correlation_id,
            causation_id=row.causation_id,
        )
    lateness = [row.lateness_ms for row in fired]
    return Round(
        fired=len(fired),
        late=sum(1 for ms in lateness if ms > late_threshold_ms),
        max_lateness_ms=max(lateness, default=0),
        lateness_ms=tuple(lateness),
    )


async def next_due(uow: SchedulerUnit) -> datetime | None:
    """The earliest pending due time."""
    return await uow.deadlines.next_due()


async def purge_settled(uow: SchedulerUnit, before: datetime, limit: int) -> int:
    """Forget fired and cancelled deadlines settled before `before`; returns how many."""
    return await uow.deadlines.purge_settled(before, limit)
