"""Typed bodies of the staff work queues and the ops dashboard."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, JsonValue


class WorkQueue(StrEnum):
    """Staff work lists: ops (orders) and warehouse."""

    ESTIMATE = "estimate"
    PURCHASE = "purchase"
    OUT_OF_STOCK = "out_of_stock"
    CONDITIONS = "conditions"
    SECOND_PAYMENT = "second_payment"
    ARRIVALS = "arrivals"
    INSPECTION = "inspection"
    CASES = "cases"
    PACKING = "packing"
    DISPATCH = "dispatch"
    DEAD_LETTERED = "dead_lettered"


OPS_QUEUES = frozenset(
    {
        WorkQueue.ESTIMATE,
        WorkQueue.PURCHASE,
        WorkQueue.OUT_OF_STOCK,
        WorkQueue.CONDITIONS,
        WorkQueue.SECOND_PAYMENT,
        WorkQueue.DEAD_LETTERED,
    }
)

_ENTRY_EXAMPLE: dict[str, JsonValue] = {
    "order_id": "0b6f3c5e-4c1e-4d43-9a55-6f6f0c1a2b3c",
    "order_number": "DK-20260105-SJH7DN",
    "customer_id": "5c1d7f0a-2b8e-4f7e-8d1a-3e2f4a5b6c7d",
    "waiting_since": "2026-01-05T01:23:45Z",
    "item_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "title": "Canvas tote bag",
    "url": "https://item.taobao.com/item.htm?id=1",
    "quantity": 2,
    "arrived_quantity": None,
    "case_id": None,
    "note": None,
    "overdue": False,
}


class WorkQueueEntry(BaseModel):
    """One thing waiting for staff; fields that do not apply to the queue are null."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ENTRY_EXAMPLE]})

    order_id: UUID
    order_number: str | None = Field(None, description="null in warehouse queues")
    customer_id: UUID
    waiting_since: datetime = Field(description="what the queue is ordered by, oldest first")
    item_id: UUID | None = None
    title: str | None = Field(
        None, description="the item's title, or the dead-lettered message's `<type> v<version>`"
    )
    url: str | None = None
    quantity: int | None = Field(None, description="ordered (ops) or expected (warehouse)")
    arrived_quantity: int | None = None
    case_id: UUID | None = None
    note: str | None = Field(
        None,
        description="the customer's condition, the case's summary, or why a message was "
        "dead-lettered (`<service>: <reason> — <detail>`)",
    )
    overdue: bool = Field(
        False,
        description="waited too long: an estimate or a purchase condition past the end of the "
        "next business day, a 2nd billing unpaid 7 days after packing",
    )


class WorkQueueOut(BaseModel):
    """A staff work queue, what waits longest first."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"queue": "purchase", "entries": [_ENTRY_EXAMPLE]}]}
    )

    queue: WorkQueue
    entries: list[WorkQueueEntry]


class DeadLetterFlagsClearedOut(BaseModel):
    """Staff cleared an order's dead-letter flags: how many there were."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"order_id": "0b6f3c5e-4c1e-4d43-9a55-6f6f0c1a2b3c", "cleared": 1}]
        }
    )

    order_id: UUID
    cleared: int = Field(ge=0)


class EventTypeCount(BaseModel):
    """Messages of one type written by the services over the window."""

    message_type: str
    count: int
    last_at: datetime


class DeadlineFigures(BaseModel):
    """Pending deadlines now and how late the recent firings were (the scheduler's figures)."""

    pending: int
    overdue: int
    next_due_at: datetime | None
    window_hours: float
    late_threshold_ms: int
    fired: int
    fired_late: int
    max_lateness_ms: int | None
    p95_lateness_ms: int | None


class DashboardOut(BaseModel):
    """The ops dashboard's figures; a part whose service did not answer is null and named."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "as_of": "2026-01-05T03:00:00Z",
                    "window_hours": 24,
                    "event_counts": [
                        {
                            "message_type": "orders.order_placed",
                            "count": 12,
                            "last_at": "2026-01-05T02:59:00Z",
                        }
                    ],
                    "orders_by_status": {"applied": 3, "awaiting_first_payment": 1},
                    "deadlines": {
                        "pending": 4,
                        "overdue": 0,
                        "next_due_at": "2026-01-06T03:00:00Z",
                        "window_hours": 24,
                        "late_threshold_ms": 5000,
                        "fired": 10,
                        "fired_late": 0,
                        "max_lateness_ms": 850,
                        "p95_lateness_ms": 700,
                    },
                    "unavailable": [],
                }
            ]
        }
    )

    as_of: datetime
    window_hours: int
    event_counts: list[EventTypeCount] = Field(
        description="added up over the services that answered (see unavailable)"
    )
    orders_by_status: dict[str, int] | None
    deadlines: DeadlineFigures | None
    unavailable: list[str] = Field(description="services that did not answer (their part is null)")
