"""Request and answer shapes of the order routes (the orders service's API, as the public sees it)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field, HttpUrl, TypeAdapter, field_validator

from daikou_contracts.catalogue.common import (
    Address,
    BillingLine,
    CustomerAction,
    Marketplace,
    OrderStatus,
    ShortText,
)
from daikou_contracts.catalogue.orders import ReceptionResult
from daikou_contracts.money import ExchangeRate, Money
from daikou_contracts.text import Visible
from daikou_gateway.entrypoints.schemas_common import In, Out, Price

Reason = Annotated[str, Field(max_length=2000)]
Title = Annotated[str, Field(min_length=1, max_length=200), Visible]
_URL = TypeAdapter(HttpUrl)

ORDER_ID = "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"
ITEM_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
CUSTOMER_ID = "c0ffee00-1234-4abc-8def-0123456789ab"
ADDRESS = {
    "name": "山田 花子",
    "postal_code": "150-0001",
    "prefecture": "東京都",
    "city": "渋谷区",
    "line1": "神宮前1-2-3",
    "line2": "",
    "phone": "090-1234-5678",
    "country": "JP",
}
YEN = {"amount": 4184, "currency": "JPY"}


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class Tab(StrEnum):
    """The order list's tabs."""

    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class AddressIn(Address):
    """A delivery address in Japan, each required line with something to read."""

    name: Annotated[ShortText, Visible]
    prefecture: Annotated[ShortText, Visible]
    city: Annotated[ShortText, Visible]
    line1: Annotated[ShortText, Visible]


class NewItemIn(In):
    """One item the customer applies for (a marketplace link)."""

    url: Annotated[str, Field(min_length=1, max_length=2000), Visible]
    title: Title
    options: Annotated[
        dict[
            Annotated[str, Field(min_length=1, max_length=50), Visible],
            Annotated[str, Field(max_length=200)],
        ],
        Field(max_length=20),
    ] = {}
    quantity: Annotated[int, Field(ge=1, le=9999)]
    expected_unit_price: Price

    @field_validator("url")
    @classmethod
    def _a_url(cls, value: str) -> str:
        _URL.validate_python(value)
        return value.strip()


class PlaceOrderIn(In):
    """A new order: the items, the delivery address in Japan and the shipping preference."""

    model_config = _examples(
        {
            "items": [
                {
                    "url": "https://item.taobao.com/item.htm?id=123456789",
                    "title": "Ceramic mug",
                    "options": {"colour": "blue"},
                    "quantity": 2,
                    "expected_unit_price": {"amount": 3500, "currency": "CNY"},
                }
            ],
            "address": ADDRESS,
            "shipping_preference": "cheapest",
        }
    )

    items: Annotated[list[NewItemIn], Field(min_length=1, max_length=500)]
    address: AddressIn
    shipping_preference: Title


class ItemPriceIn(In):
    """Staff's price of one item (CNY fen)."""

    item_id: UUID
    unit_price: Price
    domestic_shipping: Price


class EstimateIn(In):
    """The estimate: unit prices, China shipping, exchange rate, optional fixed service fee."""

    model_config = _examples(
        {
            "items": [
                {
                    "item_id": ITEM_ID,
                    "unit_price": {"amount": 3280, "currency": "CNY"},
                    "domestic_shipping": {"amount": 800, "currency": "CNY"},
                }
            ],
            "rate": {"base": "CNY", "quote": "JPY", "rate": "21.5", "rounding": "up"},
            "service_fee": None,
        }
    )

    items: Annotated[list[ItemPriceIn], Field(min_length=1, max_length=500)]
    rate: ExchangeRate
    service_fee: Price | None = None


class QuantityIn(In):
    """A new quantity for a pre-payment item."""

    model_config = _examples({"quantity": 3})

    quantity: Annotated[int, Field(ge=1, le=9999)]


class NoteIn(In):
    """An optional reason."""

    model_config = _examples({"reason": "found it cheaper elsewhere"})

    reason: Reason = ""


class PurchaseConditionIn(In):
    """'Confirm the following before purchasing the item'."""

    model_config = _examples(
        {"title": "Confirm before purchasing", "body": "Is it the 2024 model?"}
    )

    title: Title = "Confirm before purchasing"
    body: Annotated[str, Field(min_length=1, max_length=2000), Visible]


class AnswerIn(In):
    """The seller's answer to a purchase condition, and whether to buy."""

    model_config = _examples({"answer": "Yes, the 2024 model", "proceed": True})

    answer: Annotated[str, Field(min_length=1, max_length=2000), Visible]
    proceed: bool


class ReceptionIn(In):
    """The reception report: ok (optional public comment) or a problem (with uploaded photo ids)."""

    model_config = _examples(
        {"result": "ok", "comment": "Arrived safely, thank you!", "public": True},
        {"result": "problem", "comment": "The mug is chipped", "attachment_ids": [ITEM_ID]},
    )

    result: ReceptionResult
    comment: Reason = ""
    public: bool = False
    attachment_ids: Annotated[list[UUID], Field(max_length=3)] = []


class ConditionOut(Out):
    """A purchase condition and its answer."""

    question: str
    set_at: datetime
    answer: str | None
    proceed: bool | None
    answered_at: datetime | None


class OrderItemOut(Out):
    """An item of an order."""

    item_id: UUID
    position: int
    marketplace: Marketplace
    url: str
    title: str
    options: dict[str, str]
    quantity: int
    status: str = Field(description="e.g. requested, purchased, out_of_stock, cancelled")
    expected_unit_price: Money
    unit_price: Money | None
    domestic_shipping: Money | None
    unit_price_jpy: Money | None
    purchase_condition: ConditionOut | None
    held: bool


class FeeRuleOut(Out):
    """The service-fee rule applied: a fixed fee, or a rate (basis points) with a minimum."""

    rate_bp: int
    minimum: Money
    fixed: Money | None


class EstimateOut(Out):
    """The estimate and the current 1st-billing lines in JPY."""

    rate: ExchangeRate
    service_fee_rule: FeeRuleOut
    lines: list[BillingLine]
    total: Money
    billing_revision: int
    estimated_at: datetime
    payment_due_at: datetime | None
    payment_deadline_held_since: datetime | None = Field(
        None,
        description="while a reported bank transfer awaits staff's confirmation: the deadline is "
        "held (the order is not cancelled) since this time",
    )
    payment_grace_until: datetime | None = Field(
        None,
        description="after staff rejected the reported transfer (or confirmed less than due): "
        "the end of the grace period to pay (also `payment_due_at`)",
    )


class HistoryOut(Out):
    """One entry of the status history."""

    at: datetime
    actor: str
    what: str
    from_status: str | None
    to_status: str
    reason: str
    item_id: UUID | None


class OrderShipmentOut(Out):
    """The international shipment as orders knows it."""

    carrier: str
    method: str
    tracking_numbers: list[str]
    dispatched_at: datetime


class ReceptionOut(Out):
    """The customer's reception report."""

    result: ReceptionResult
    comment: str
    public: bool
    attachment_ids: list[UUID]
    reported_at: datetime


ORDER_EXAMPLE: dict[str, Any] = {
    "order_id": ORDER_ID,
    "order_number": "DK-20261203-0001",
    "customer_id": CUSTOMER_ID,
    "status": "applied",
    "action_required": None,
    "placed_at": "2026-12-03T01:00:00Z",
    "address": ADDRESS,
    "shipping_preference": "cheapest",
    "items": [
        {
            "item_id": ITEM_ID,
            "position": 1,
            "marketplace": "taobao",
            "url": "https://item.taobao.com/item.htm?id=123456789",
            "title": "Ceramic mug",
            "options": {"colour": "blue"},
            "quantity": 2,
            "status": "requested",
            "expected_unit_price": {"amount": 3500, "currency": "CNY"},
            "unit_price": None,
            "domestic_shipping": None,
            "unit_price_jpy": None,
            "purchase_condition": None,
            "held": False,
        }
    ],
    "estimate": None,
    "first_billing_paid_at": None,
    "inspection_completed_at": None,
    "photos_checked_at": None,
    "second_billing_paid_at": None,
    "shipment": None,
    "auto_complete_at": None,
    "completed_at": None,
    "completion_reason": None,
    "cancelled_at": None,
    "cancel_reason": None,
    "cancel_note": "",
    "reception_report": None,
    "history": [
        {
            "at": "2026-12-03T01:00:00Z",
            "actor": "customer",
            "what": "placed",
            "from_status": None,
            "to_status": "applied",
            "reason": "",
            "item_id": None,
        }
    ],
}


class OrderOut(Out):
    """An order with everything the order details page shows of it."""

    model_config = _examples(ORDER_EXAMPLE)

    order_id: UUID
    order_number: str
    customer_id: UUID
    status: OrderStatus
    action_required: CustomerAction | None
    placed_at: datetime
    address: Address
    shipping_preference: str
    items: list[OrderItemOut]
    estimate: EstimateOut | None
    first_billing_paid_at: datetime | None
    inspection_completed_at: datetime | None
    photos_checked_at: datetime | None
    second_billing_paid_at: datetime | None
    shipment: OrderShipmentOut | None
    auto_complete_at: datetime | None
    completed_at: datetime | None
    completion_reason: str | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    cancel_note: str
    reception_report: ReceptionOut | None
    history: list[HistoryOut]


class OrderSummaryOut(Out):
    """An order in a list."""

    order_id: UUID
    order_number: str
    customer_id: UUID
    status: OrderStatus
    action_required: CustomerAction | None
    placed_at: datetime
    item_count: int
    first_item_title: str
    total: Money | None
    flags: list[str] = Field(
        default_factory=list,
        description="staff lists only: overdue waits (`estimate_overdue`, "
        "`purchase_condition_unanswered`, `second_billing_unpaid`) and `message_dead_lettered` "
        "(a service dead-lettered a message about the order: it needs attention)",
    )


class OrderListOut(Out):
    """A page of orders: `total` of them match; this page starts at `offset`."""

    model_config = _examples(
        {
            "orders": [
                {
                    "order_id": ORDER_ID,
                    "order_number": "DK-20261203-0001",
                    "customer_id": CUSTOMER_ID,
                    "status": "awaiting_first_payment",
                    "action_required": "pay_first_billing",
                    "placed_at": "2026-12-03T01:00:00Z",
                    "item_count": 2,
                    "first_item_title": "Ceramic mug",
                    "total": YEN,
                    "flags": [],
                }
            ],
            "total": 1,
            "limit": 20,
            "offset": 0,
        }
    )

    orders: list[OrderSummaryOut]
    total: int
    limit: int
    offset: int


class FeedbackOut(Out):
    """A public reception comment."""

    model_config = _examples(
        {"comment": "Arrived safely, thank you!", "reported_at": "2026-12-01T09:30:00Z"}
    )

    comment: str
    reported_at: datetime
