"""The order details page, typed: seven parts, each available with its data or saying why not."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import ConfigDict, Field, ValidationError

from daikou_contracts.catalogue.common import Address, CustomerAction, OrderStatus
from daikou_contracts.money import Money
from daikou_gateway.entrypoints import schemas_messages as msg
from daikou_gateway.entrypoints import schemas_orders as o
from daikou_gateway.entrypoints import schemas_payments as pay
from daikou_gateway.entrypoints import schemas_warehouse as wh
from daikou_gateway.entrypoints.schemas_common import Out


class TabOut(Out):
    """One of the customer's ongoing orders; `current` marks the page's own."""

    order_id: UUID
    order_number: str | None
    status: OrderStatus | None
    action_required: CustomerAction | None
    current: bool


class StepOut(Out):
    """A step of the progress bar."""

    status: str
    state: Literal["done", "current", "todo"]


class ProgressOut(Out):
    """Where the order stands, the customer's next action (the green button), what is allowed."""

    status: OrderStatus
    steps: list[StepOut]
    action_required: CustomerAction | None
    can_cancel: bool
    can_change_items: bool
    can_report_reception: bool
    history: list[o.HistoryOut]


class BasicInfoOut(Out):
    """Order number, dates, delivery address and shipping preference."""

    order_id: UUID
    order_number: str
    customer_id: UUID
    placed_at: datetime
    address: Address
    shipping_preference: str | None = None
    estimate: o.EstimateOut | None = None
    completed_at: datetime | None = None
    completion_reason: str | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    cancel_note: str = ""


class BillingPartOut(Out):
    """The 1st and 2nd billing apart (null until issued), the additional billings, and the deposit
    balance when known."""

    first: pay.BillingOut | None
    second: pay.BillingOut | None
    additional: list[pay.BillingOut] = Field(
        default_factory=list,
        description="costs after the 2nd billing was paid, oldest first; an open one is to pay",
    )
    deposit: Money | None


class PageItemOut(o.OrderItemOut):
    """An item with the ids of its current inspection photos."""

    photos: list[UUID] = Field(description="fetch at /api/v1/orders/{order_id}/photos/{photo_id}")


class ItemsPartOut(Out):
    """Items with status, quantity and price; photos when the warehouse answered."""

    items: list[PageItemOut]
    photos_available: bool


class PageShipmentOut(Out):
    """The shipment (the warehouse's, with its id; or orders' copy when the warehouse is down)."""

    shipment_id: UUID | None = None
    carrier: str
    method: str
    tracking_numbers: list[str]
    dispatched_at: datetime


class ShippingPartOut(Out):
    """Packing, parcels, carrier and tracking numbers."""

    stage: str | None
    packing: wh.PackingOut | None
    parcels: list[wh.ParcelOut]
    shipment: PageShipmentOut | None
    tracking_numbers: list[str]
    source: Literal["warehouse", "orders"]


class MessagesPartOut(Out):
    """Every message oldest first, the threads, and whether the customer may post."""

    messages: list[msg.MessageOut]
    threads: list[msg.ThreadOut]
    window: msg.WindowOut | None
    unread_count: int


class Part(Out):
    """A part of the page: `data` when available, otherwise the reason it is not."""

    available: bool
    unavailable_reason: str | None


class TabsPart(Part):
    """Part 1: the customer's ongoing orders."""

    data: list[TabOut] | None


class ProgressPart(Part):
    """Part 2: progress and next action."""

    data: ProgressOut | None


class BasicInfoPart(Part):
    """Part 3: basic information."""

    data: BasicInfoOut | None


class BillingPart(Part):
    """Part 4: billing."""

    data: BillingPartOut | None


class ItemsPart(Part):
    """Part 5: items."""

    data: ItemsPartOut | None


class ShippingPart(Part):
    """Part 6: shipping (data null before anything is known)."""

    data: ShippingPartOut | None


class MessagesPart(Part):
    """Part 7: messages."""

    data: MessagesPartOut | None


def _ok(data: Any) -> dict[str, Any]:
    return {"available": True, "unavailable_reason": None, "data": data}


PAGE_EXAMPLE: dict[str, Any] = {
    "order_id": o.ORDER_ID,
    "tabs": _ok(
        [
            {
                "order_id": o.ORDER_ID,
                "order_number": "DK-20261203-0001",
                "status": "awaiting_first_payment",
                "action_required": "pay_first_billing",
                "current": True,
            }
        ]
    ),
    "progress": _ok(
        {
            "status": "awaiting_first_payment",
            "steps": [
                {"status": "applied", "state": "done"},
                {"status": "awaiting_first_payment", "state": "current"},
                {"status": "purchasing", "state": "todo"},
            ],
            "action_required": "pay_first_billing",
            "can_cancel": True,
            "can_change_items": True,
            "can_report_reception": False,
            "history": o.ORDER_EXAMPLE["history"],
        }
    ),
    "basic_info": _ok(
        {
            "order_id": o.ORDER_ID,
            "order_number": "DK-20261203-0001",
            "customer_id": o.CUSTOMER_ID,
            "placed_at": "2026-12-03T01:00:00Z",
            "address": o.ADDRESS,
            "shipping_preference": "cheapest",
            "estimate": None,
        }
    ),
    "billing": {
        "available": False,
        "unavailable_reason": "the payments service is unavailable (ConnectError)",
        "data": None,
    },
    "items": _ok(
        {
            "items": [{**o.ORDER_EXAMPLE["items"][0], "photos": [wh.PHOTO_ID]}],
            "photos_available": True,
        }
    ),
    "shipping": _ok(
        {
            "stage": "inspected",
            "packing": None,
            "parcels": [],
            "shipment": None,
            "tracking_numbers": [],
            "source": "warehouse",
        }
    ),
    "messages": _ok(
        {
            "messages": [msg.MESSAGE_EXAMPLE],
            "threads": [msg.THREAD_EXAMPLE],
            "window": msg.WINDOW_EXAMPLE,
            "unread_count": 0,
        }
    ),
}


class OrderPageOut(Out):
    """The order details page: seven parts, each available or saying why not."""

    model_config = ConfigDict(json_schema_extra={"examples": [PAGE_EXAMPLE]})

    order_id: UUID
    tabs: TabsPart
    progress: ProgressPart
    basic_info: BasicInfoPart
    billing: BillingPart
    items: ItemsPart
    shipping: ShippingPart
    messages: MessagesPart


SOURCES = {
    "tabs": "orders",
    "progress": "orders",
    "basic_info": "orders",
    "billing": "payments",
    "items": "orders",
    "shipping": "warehouse",
    "messages": "messaging",
}


def typed_page(page: dict[str, Any]) -> OrderPageOut:
    """The composed page with every part checked: a part that does not fit is unavailable."""
    parts: dict[str, Any] = {"order_id": page["order_id"]}
    for name, service in SOURCES.items():
        model = OrderPageOut.model_fields[name].annotation
        assert isinstance(model, type)
        assert issubclass(model, Part)
        try:
            parts[name] = model.model_validate(page[name])
        except ValidationError:
            reason = f"the {service} service answered something the gateway does not expect"
            parts[name] = {"available": False, "unavailable_reason": reason, "data": None}
    return OrderPageOut.model_validate(parts)
