"""In-memory fakes of the scheduler's unit of work and deadlines repository: use cases in microseconds.

`FakeSchedulerUnit` is a `SchedulerUnit` (see `daikou_scheduler.application.ports`): deadlines in a
dict, every emitted message kept in `emitted` with its correlation and causation ids. The
integration tier proves the real repository keeps the same promises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID, uuid4

from daikou_contracts.message import Envelope, Payload
from daikou_kit.clock import ManualClock
from daikou_scheduler.domain.deadline import Deadline, FiredDeadline, Status, lateness_ms
from daikou_scheduler.domain.stats import LatenessFigures, PendingFigures
from daikou_scheduler.settings import SchedulerSettings


@dataclass
class FakeDeadlineStore:
    """The deadlines in a dict keyed by id; `wakes` counts the firing loops woken."""

    rows: dict[str, Deadline] = field(default_factory=dict)
    wakes: int = 0

    async def get(self, deadline_id: str, *, for_update: bool = False) -> Deadline | None:
        return self.rows.get(deadline_id)

    async def insert(self, deadline: Deadline) -> bool:
        if deadline.deadline_id in self.rows:
            return False
        self.rows[deadline.deadline_id] = deadline
        return True

    async def update(self, deadline: Deadline) -> None:
        self.rows[deadline.deadline_id] = deadline

    async def wake_firing(self) -> None:
        self.wakes += 1

    def _pending(self) -> list[Deadline]:
        return [d for d in self.rows.values() if d.status is Status.PENDING]

    async def claim_due(self, now: datetime, limit: int) -> list[FiredDeadline]:
        due = sorted(
            (d for d in self._pending() if d.due_at is not None and d.due_at <= now),
            key=lambda d: (d.due_at, d.deadline_id),
        )[:limit]
        fired = []
        for d in due:
            assert d.due_at is not None
            assert d.requester is not None
            assert d.kind is not None
            late = lateness_ms(d.due_at, now)
            self.rows[d.deadline_id] = replace(
                d, status=Status.FIRED, fired_at=now, updated_at=now, lateness_ms=late
            )
            fired.append(
                FiredDeadline(
                    d.deadline_id,
                    d.requester,
                    d.kind,
                    d.due_at,
                    d.payload,
                    d.correlation_id,
                    d.causation_id,
                    late,
                )
            )
        return fired

    async def next_due(self) -> datetime | None:
        return min((d.due_at for d in self._pending() if d.due_at), default=None)

    async def pending_figures(self, now: datetime) -> PendingFigures:
        due = [d.due_at for d in self._pending() if d.due_at is not None]
        overdue = sum(1 for at in due if at <= now)
        return PendingFigures(len(self._pending()), overdue, min(due, default=None))

    async def lateness_figures(self, since: datetime, threshold_ms: int) -> LatenessFigures:
        late = sorted(
            d.lateness_ms or 0
            for d in self.rows.values()
            if d.status is Status.FIRED and d.fired_at is not None and d.fired_at > since
        )
        p95 = late[math.ceil(0.95 * len(late)) - 1] if late else None
        over = sum(1 for ms in late if ms > threshold_ms)
        return LatenessFigures(len(late), over, max(late, default=None), p95)

    async def list_by_prefix(
        self, prefix: str, status: Status | None, limit: int
    ) -> list[Deadline]:
        found = [
            d
            for d in self.rows.values()
            if d.deadline_id.startswith(prefix) and (status is None or d.status is status)
        ]
        return sorted(found, key=lambda d: d.deadline_id)[:limit]

    async def purge_settled(self, before: datetime, limit: int) -> int:
        gone = [
            d.deadline_id
            for d in self.rows.values()
            if d.status is not Status.PENDING and d.updated_at < before
        ][:limit]
        for deadline_id in gone:
            del self.rows[deadline_id]
        return len(gone)


@dataclass(frozen=True)
class Emitted:
    """A message the use case queued, with the flow it belongs to."""

    payload: Payload
    routing_key: str | None
    correlation_id: str
    causation_id: str | None


@dataclass
class FakeSchedulerUnit:
    """A unit of work on the in-memory deadlines; what it emits is kept in `emitted`."""

    clock: ManualClock = field(default_factory=ManualClock)
    deadlines: FakeDeadlineStore = field(default_factory=FakeDeadlineStore)
    settings: SchedulerSettings = field(default_factory=SchedulerSettings.model_construct)
    incoming: Envelope | None = None
    correlation_id: str = "flow"
    causation_id: str | None = None
    emitted: list[Emitted] = field(default_factory=list)

    def emit(
        self,
        payload: Payload,
        *,
        routing_key: str | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> UUID:
        self.emitted.append(
            Emitted(
                payload,
                routing_key,
                correlation_id or self.correlation_id,
                causation_id or self.causation_id,
            )
        )
        return uuid4()
