"""The orders service's unit of work: the kit's transaction carrying the repositories and policy."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_kit.service_unit import ServiceUnit
from daikou_kit.unit_of_work import UnitOfWork
from daikou_orders.adapters.calendar import CalendarRepository
from daikou_orders.adapters.repository import OrderRepository
from daikou_orders.application.policy import Policy


class OrdersUnitOfWork(ServiceUnit):
    """One transaction (the kit's `UnitOfWork`) with the orders and calendar repositories on it,
    and the policy the rules apply.

    It is the use cases' `OrdersUnit`; the wiring makes one per request and per consumed message
    (`assemble(unit=...)`, `OnUnit`). `conn` stays reachable for the read models that are plain
    queries (work queues, dead-letter flags). It never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, policy: Policy) -> None:
        super().__init__(uow)
        self.policy = policy
        self.orders = OrderRepository(uow.conn)
        self.calendar = CalendarRepository(uow.conn)

    @property
    def conn(self) -> AsyncConnection:
        """The transaction's connection."""
        return self.uow.conn
