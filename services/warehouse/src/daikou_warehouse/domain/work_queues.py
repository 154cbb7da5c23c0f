"""The warehouse's work queues: what waits for staff, longest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class WarehouseQueue(StrEnum):
    """Warehouse work lists."""

    ARRIVALS = "arrivals"
    INSPECTION = "inspection"
    CASES = "cases"
    PACKING = "packing"
    DISPATCH = "dispatch"


@dataclass(frozen=True)
class QueueEntry:
    """One thing waiting for the warehouse: an order, an item of it, or a case."""

    order_id: UUID
    customer_id: UUID
    waiting_since: datetime
    item_id: UUID | None = None
    title: str | None = None
    quantity: int | None = None
    arrived_quantity: int | None = None
    case_id: UUID | None = None
    note: str | None = None
