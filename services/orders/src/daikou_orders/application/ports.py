"""What the use cases need from a unit of work: its repositories, the policy, the clock, the outbox.

`adapters.unit_of_work.OrdersUnitOfWork` is the real one (PostgreSQL, the kit's outbox); the unit
tests' fakes (`tests/unit/orders_fakes.py`) keep everything in memory.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol
from uuid import UUID

from daikou_contracts.business_calendar import BusinessCalendar
from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.payments import BusinessCalendarChanged
from daikou_kit.service_unit import UnitPort
from daikou_orders.application.policy import Policy
from daikou_orders.domain.model import Order
from daikou_orders.domain.reception import ReceptionReport


class OrderStore(Protocol):
    """Loads and saves whole orders (optimistic version: a concurrent writer makes `save` raise)."""

    async def add(self, order: Order, now: datetime) -> None:
        """Insert a new order with its items and history."""
        ...

    async def get(self, order_id: UUID, *, for_update: bool = False) -> Order | None:
        """The order, or None; `for_update` locks it until the unit of work ends."""
        ...

    async def get_many(self, order_ids: list[UUID]) -> list[Order]:
        """Orders with their items (no history), in the order of `order_ids`."""
        ...

    async def save(self, order: Order, now: datetime) -> None:
        """Write back a loaded order and its new history."""
        ...

    async def list_ids(
        self,
        *,
        customer_id: UUID | None,
        statuses: Collection[OrderStatus] | None,
        limit: int,
        offset: int,
    ) -> tuple[list[UUID], int]:
        """Order ids, newest first, and how many match in all."""
        ...

    async def add_report(self, report: ReceptionReport) -> None:
        """Store a reception report."""
        ...

    async def get_report(self, order_id: UUID) -> ReceptionReport | None:
        """The order's reception report, if any."""
        ...

    async def recent_feedback(self, limit: int) -> list[ReceptionReport]:
        """The latest public comments of reports without a problem."""
        ...


class CalendarStore(Protocol):
    """This service's copy of the business calendar, and the holds on payment deadlines."""

    async def load(self) -> BusinessCalendar:
        """The calendar as last published by its owner."""
        ...

    async def replace(self, snapshot: BusinessCalendarChanged) -> bool:
        """Keep a newer snapshot; an older or repeated one changes nothing (False)."""
        ...

    async def hold(self, order_id: UUID, transfer_id: UUID, at: datetime) -> bool:
        """Record a transfer holding the order's payment deadline (False when already known)."""
        ...

    async def release(self, transfer_id: UUID, at: datetime, outcome: str) -> bool:
        """A transfer was decided: its hold ends (False when it held nothing or was released)."""
        ...

    async def open_holds(self, order_id: UUID) -> int:
        """How many reported transfers still hold the order's payment deadline."""
        ...

    async def hold_state(self, order_id: UUID) -> tuple[datetime | None, bool]:
        """When the earliest waiting report began to hold the deadline, and whether any was decided."""
        ...


class OrdersUnit(UnitPort, Protocol):
    """One transaction of the orders service, as the use cases see it."""

    @property
    def orders(self) -> OrderStore:
        """The orders repository."""
        ...

    @property
    def calendar(self) -> CalendarStore:
        """The business calendar and the payment-deadline holds."""
        ...

    @property
    def policy(self) -> Policy:
        """The settings the rules apply (periods, the service fee, input bounds)."""
        ...
