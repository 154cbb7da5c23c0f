"""The orders service's unit of work: the kit's transaction carrying the repositories and policy."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.message import Envelope, Payload
from daikou_kit.clock import Clock
from daikou_kit.unit_of_work import UnitOfWork
from daikou_orders.adapters.calendar import CalendarRepository
from daikou_orders.adapters.repository import OrderRepository
from daikou_orders.application.policy import Policy


class OrdersUnitOfWork:
    """One transaction (the kit's `UnitOfWork`) with the orders and calendar repositories on it,
    and the policy the rules apply.

    It is the use cases' `OrdersUnit`; the wiring makes one per request and per consumed message
    (`assemble(unit=...)`, `OnUnit`). `conn` stays reachable for the read models that are plain
    queries (work queues, dead-letter flags). It never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, policy: Policy) -> None:
        self.uow = uow
        self.policy = policy
        self.orders = OrderRepository(uow.conn)
        self.calendar = CalendarRepository(uow.conn)

    @property
    def conn(self) -> AsyncConnection:
        """The transaction's connection."""
        return self.uow.conn

    @property
    def clock(self) -> Clock:
        """The injected clock."""
        return self.uow.clock

    @property
    def incoming(self) -> Envelope | None:
        """The consumed message, in a consumer."""
        return self.uow.incoming

    def new_id(self) -> UUID:
        """A fresh id."""
        return self.uow.new_id()

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

    def correlate(self, correlation_id: str) -> None:
        """Set the flow the emitted messages belong to."""
        self.uow.correlate(correlation_id)
