"""The scheduler's unit of work: the kit's transaction carrying the deadlines and the settings."""

from __future__ import annotations

from uuid import UUID

from daikou_contracts.message import Envelope, Payload
from daikou_kit.clock import Clock
from daikou_kit.unit_of_work import UnitOfWork
from daikou_scheduler.adapters.deadlines import DeadlineRepository
from daikou_scheduler.settings import SchedulerSettings


class SchedulerUnitOfWork:
    """One transaction (the kit's `UnitOfWork`) with the deadlines repository and the settings.

    It is the use cases' `SchedulerUnit`; it never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, settings: SchedulerSettings) -> None:
        self.uow = uow
        self.settings = settings
        self.deadlines = DeadlineRepository(uow.conn)

    @property
    def clock(self) -> Clock:
        """The injected clock."""
        return self.uow.clock

    @property
    def incoming(self) -> Envelope | None:
        """The consumed message, in a consumer."""
        return self.uow.incoming

    @property
    def correlation_id(self) -> str:
        """The flow this transaction belongs to."""
        return self.uow.correlation_id

    @property
    def causation_id(self) -> str | None:
        """The message that caused this transaction, in a consumer."""
        return self.uow.causation_id

    def emit(
        self,
        payload: Payload,
        *,
        routing_key: str | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> UUID:
        """Queue a contract message for the outbox, in this transaction."""
        return self.uow.emit(
            payload,
            routing_key=routing_key,
            correlation_id=correlation_id,
            causation_id=causation_id,
        )
