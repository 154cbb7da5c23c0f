"""What the use cases need from a unit of work: the deadlines repository, the settings, the outbox.

`adapters.unit_of_work.SchedulerUnitOfWork` is the real one (PostgreSQL, the kit's outbox); the
unit tests' fakes (`tests/unit/scheduler_fakes.py`) keep everything in memory.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from daikou_kit.service_unit import UnitPort
from daikou_scheduler.domain.deadline import Deadline, FiredDeadline, Status
from daikou_scheduler.domain.stats import LatenessFigures, PendingFigures
from daikou_scheduler.settings import SchedulerSettings


class DeadlineStore(Protocol):
    """Loads and saves whole deadlines, claims due ones, reads the ops figures."""

    async def get(self, deadline_id: str, *, for_update: bool = False) -> Deadline | None:
        """One deadline, locked for the rest of the transaction when asked."""
        ...

    async def insert(self, deadline: Deadline) -> bool:
        """Insert a new deadline; False when another transaction inserted the id first."""
        ...

    async def update(self, deadline: Deadline) -> None:
        """Write a changed deadline back."""
        ...

    async def wake_firing(self) -> None:
        """Wake the firing loops of every replica once this transaction commits."""
        ...

    async def claim_due(self, now: datetime, limit: int) -> list[FiredDeadline]:
        """Mark up to `limit` due pending deadlines fired (skipping those others hold)."""
        ...

    async def next_due(self) -> datetime | None:
        """The earliest pending due time."""
        ...

    async def pending_figures(self, now: datetime) -> PendingFigures:
        """Pending count, how many are overdue, and the next due time."""
        ...

    async def lateness_figures(self, since: datetime, threshold_ms: int) -> LatenessFigures:
        """Firings since `since`: how many, how many late, the maximum and 95th percentile."""
        ...

    async def list_by_prefix(
        self, prefix: str, status: Status | None, limit: int
    ) -> list[Deadline]:
        """Deadlines whose id starts with `prefix`, in id order."""
        ...

    async def purge_settled(self, before: datetime, limit: int) -> int:
        """Forget up to `limit` fired or cancelled deadlines last touched before `before`."""
        ...


class SchedulerUnit(UnitPort, Protocol):
    """One transaction of the scheduler service, as the use cases see it."""

    @property
    def deadlines(self) -> DeadlineStore:
        """The deadlines repository."""
        ...

    @property
    def settings(self) -> SchedulerSettings:
        """The service's settings (the wake horizon, the late threshold, the stats window)."""
        ...

    @property
    def correlation_id(self) -> str:
        """The flow this transaction belongs to."""
        ...

    @property
    def causation_id(self) -> str | None:
        """The message that caused this transaction, in a consumer."""
        ...
