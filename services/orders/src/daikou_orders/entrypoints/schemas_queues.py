"""Response shapes of the staff work queues, the status counts and the dead-letter flags."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from daikou_orders.adapters.work_queues import OrdersQueue, QueueEntry


class QueueEntryOut(BaseModel):
    """One thing waiting for ops (item fields are null for an order-level entry)."""

    order_id: UUID
    order_number: str
    customer_id: UUID
    waiting_since: datetime
    item_id: UUID | None = None
    title: str | None = None
    url: str | None = None
    quantity: int | None = None
    note: str | None = None
    overdue: bool = False

    @classmethod
    def of(cls, entry: QueueEntry) -> "QueueEntryOut":
        """The entry as the API shows it."""
        return cls.model_validate(entry, from_attributes=True)


class QueueOut(BaseModel):
    """A work queue, what waits longest first."""

    queue: OrdersQueue
    entries: list[QueueEntryOut]


class FlagsClearedOut(BaseModel):
    """How many dead-letter flags staff cleared on an order."""

    order_id: UUID
    cleared: int


class StatusCountsOut(BaseModel):
    """How many orders are in each status."""

    counts: dict[str, int]
