"""In-memory fakes of the orders unit of work and its repositories: use cases run in microseconds.

`FakeOrdersUnit` is an `OrdersUnit` (see `daikou_orders.application.ports`): the settings' default
`Policy()` unless a test gives its own, the orders kept as copies (a use case's change counts only
once it saves, as with the database), the optimistic version checked, the calendar and payment
holds in dicts, and every emitted message collected in `emitted`. The integration tier proves the
real adapters keep the same promises.
"""

from __future__ import annotations

from collections.abc import Collection
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from daikou_contracts.business_calendar import BusinessCalendar
from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.payments import BusinessCalendarChanged
from daikou_contracts.message import Payload
from daikou_kit.fake_unit import FakeUnit
from daikou_orders.adapters.repository import StaleOrder
from daikou_orders.application.policy import Policy
from daikou_orders.domain.model import Order
from daikou_orders.domain.reception import ReceptionReport

P = TypeVar("P", bound=Payload)


class FakeOrderStore:
    """The orders repository in a dict, with the real one's optimistic version.

    `rows` is the "database" (each order with its version); two stores given the same dict are
    two transactions on it, each remembering the version it loaded.
    """

    def __init__(self, rows: dict[UUID, tuple[Order, int]] | None = None) -> None:
        self.rows: dict[UUID, tuple[Order, int]] = {} if rows is None else rows
        self.reports: dict[UUID, ReceptionReport] = {}
        self._versions: dict[UUID, int] = {}

    def put(self, order: Order) -> Order:
        """Seed an order as if it had been placed earlier (a test's given)."""
        stored = deepcopy(order)
        stored.new_history.clear()
        self.rows[order.order_id] = (stored, 1)
        return order

    async def add(self, order: Order, now: datetime) -> None:
        self.put(order)
        order.new_history.clear()
        self._versions[order.order_id] = 1

    async def get(self, order_id: UUID, *, for_update: bool = False) -> Order | None:
        if order_id not in self.rows:
            return None
        stored, version = self.rows[order_id]
        self._versions[order_id] = version
        return deepcopy(stored)

    async def get_many(self, order_ids: list[UUID]) -> list[Order]:
        found = [self.rows[i][0] for i in order_ids if i in self.rows]
        return [deepcopy(o) for o in found]

    async def save(self, order: Order, now: datetime) -> None:
        version = self._versions[order.order_id]
        if self.rows[order.order_id][1] != version:
            raise StaleOrder(f"order {order.order_id} changed concurrently", code="stale_order")
        order.new_history.clear()
        self.rows[order.order_id] = (deepcopy(order), version + 1)
        self._versions[order.order_id] = version + 1

    async def list_ids(
        self,
        *,
        customer_id: UUID | None,
        statuses: Collection[OrderStatus] | None,
        limit: int,
        offset: int,
    ) -> tuple[list[UUID], int]:
        matching = [
            o
            for o, _ in self.rows.values()
            if (customer_id is None or o.customer_id == customer_id)
            and (statuses is None or o.status in statuses)
        ]
        matching.sort(key=lambda o: (-o.placed_at.timestamp(), o.order_id))
        return [o.order_id for o in matching[offset : offset + limit]], len(matching)

    async def add_report(self, report: ReceptionReport) -> None:
        self.reports[report.order_id] = report

    async def get_report(self, order_id: UUID) -> ReceptionReport | None:
        return self.reports.get(order_id)

    async def recent_feedback(self, limit: int) -> list[ReceptionReport]:
        shown = [r for r in self.reports.values() if r.public and r.comment]
        shown = [r for r in shown if r.result.value == "ok"]
        return sorted(shown, key=lambda r: r.reported_at, reverse=True)[:limit]


@dataclass
class _Hold:
    order_id: UUID
    reported_at: datetime
    released_at: datetime | None = None


@dataclass
class FakeCalendarStore:
    """The business calendar and the payment-deadline holds in memory."""

    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    revision: int = 0
    holds: dict[UUID, _Hold] = field(default_factory=dict)

    async def load(self) -> BusinessCalendar:
        return self.calendar

    async def replace(self, snapshot: BusinessCalendarChanged) -> bool:
        if snapshot.revision <= self.revision:
            return False
        self.revision = snapshot.revision
        self.calendar = BusinessCalendar(
            closed_dates={c.day: c.reason for c in snapshot.closed_dates},
            closed_every_year={(c.month, c.day): c.reason for c in snapshot.closed_every_year},
        )
        return True

    async def hold(self, order_id: UUID, transfer_id: UUID, at: datetime) -> bool:
        if transfer_id in self.holds:
            return False
        self.holds[transfer_id] = _Hold(order_id, at)
        return True

    async def release(self, transfer_id: UUID, at: datetime, outcome: str) -> bool:
        hold = self.holds.get(transfer_id)
        if hold is None or hold.released_at is not None:
            return False
        hold.released_at = at
        return True

    async def open_holds(self, order_id: UUID) -> int:
        return sum(h.order_id == order_id and h.released_at is None for h in self.holds.values())

    async def hold_state(self, order_id: UUID) -> tuple[datetime | None, bool]:
        mine = [h for h in self.holds.values() if h.order_id == order_id]
        waiting = [h.reported_at for h in mine if h.released_at is None]
        return min(waiting, default=None), any(h.released_at is not None for h in mine)


@dataclass
class FakeOrdersUnit(FakeUnit):
    """A unit of work with in-memory repositories; what it emits is kept in `emitted`."""

    policy: Policy = field(default_factory=Policy)
    orders: FakeOrderStore = field(default_factory=FakeOrderStore)
    calendar: FakeCalendarStore = field(default_factory=FakeCalendarStore)
