"""Request and response shapes of the orders HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, TypeAdapter, field_validator

from daikou_contracts.catalogue.common import (
    Address,
    BillingLine,
    CustomerAction,
    Marketplace,
    OrderStatus,
)
from daikou_contracts.catalogue.orders import ReceptionResult
from daikou_contracts.money import ExchangeRate, Money, Price
from daikou_orders.domain.placing import ItemPrice, NewItem

Note = Annotated[str, Field(max_length=2000)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
OptionValue = Annotated[str, Field(max_length=200)]
_URL = TypeAdapter(HttpUrl)


class In(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class NewItemIn(In):
    """One item the customer applies for."""

    url: Annotated[str, Field(min_length=1, max_length=2000)]

    @field_validator("url")
    @classmethod
    def _a_url(cls, value: str) -> str:
        _URL.validate_python(value)  # refuses what the contracts' URL type would refuse
        return value.strip()

    title: Title
    options: Annotated[
        dict[Annotated[str, Field(min_length=1, max_length=50)], OptionValue], Field(max_length=20)
    ] = {}
    quantity: Annotated[int, Field(ge=1, le=9999)]
    expected_unit_price: Price


class PlaceOrderIn(In):
    """POST /orders."""

    items: Annotated[list[NewItemIn], Field(max_length=500)]
    address: Address
    shipping_preference: Title

    def new_items(self) -> list[NewItem]:
        """The items as the use case takes them."""
        return [
            NewItem(
                url=i.url,
                title=i.title,
                options=i.options,
                quantity=i.quantity,
                expected_unit_price=i.expected_unit_price,
            )
            for i in self.items
        ]


class ItemPriceIn(In):
    """Staff's price of one item, in CNY fen."""

    item_id: UUID
    unit_price: Price
    domestic_shipping: Price


class EstimateIn(In):
    """POST /orders/{id}/estimate."""

    items: Annotated[list[ItemPriceIn], Field(min_length=1, max_length=500)]
    rate: ExchangeRate
    service_fee: Price | None = None

    def prices(self) -> list[ItemPrice]:
        """Staff's prices as the use case takes them."""
        return [ItemPrice(p.item_id, p.unit_price, p.domestic_shipping) for p in self.items]


class QuantityIn(In):
    """PATCH /orders/{id}/items/{item_id}."""

    quantity: Annotated[int, Field(ge=1, le=9999)]


class NoteIn(In):
    """A reason or note (cancellations, out of stock)."""

    reason: Note = ""


def note_of(body: NoteIn | None) -> str:
    """The note of an optional body, trimmed ("" when none was sent)."""
    return (body or NoteIn()).reason.strip()


class AnswerIn(In):
    """POST .../purchase-condition/answer."""

    answer: Annotated[str, Field(min_length=1, max_length=2000)]
    proceed: bool


class ReceptionIn(In):
    """POST /orders/{id}/reception-report."""

    result: ReceptionResult
    comment: Note = ""
    public: bool = False
    attachment_ids: Annotated[list[UUID], Field(max_length=3)] = []


class ConditionOut(BaseModel):
    """A purchase condition and its answer."""

    question: str
    set_at: datetime
    answer: str | None
    proceed: bool | None
    answered_at: datetime | None


class ItemOut(BaseModel):
    """An item as the order details page lists it."""

    item_id: UUID
    position: int
    marketplace: Marketplace
    url: str
    title: str
    options: dict[str, str]
    quantity: int
    status: str
    expected_unit_price: Money
    unit_price: Money | None
    domestic_shipping: Money | None
    unit_price_jpy: Money | None
    purchase_condition: ConditionOut | None
    held: bool


class FeeRuleOut(BaseModel):
    """The service-fee rule applied: a fixed fee, or a rate of the items with a minimum."""

    rate_bp: int
    minimum: Money
    fixed: Money | None


class EstimateOut(BaseModel):
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
        description="set while a reported bank transfer awaits staff's confirmation: the "
        "deadline is held (no automatic cancellation) since then",
    )
    payment_grace_until: datetime | None = Field(
        None,
        description="set after staff rejected the reported transfer (or confirmed less than due): "
        "the fresh deadline, the end of the grace period",
    )


class HistoryOut(BaseModel):
    """One entry of the status history."""

    at: datetime
    actor: str
    what: str
    from_status: str | None
    to_status: str
    reason: str
    item_id: UUID | None


class ShipmentOut(BaseModel):
    """The international shipment."""

    carrier: str
    method: str
    tracking_numbers: list[str]
    dispatched_at: datetime


class ReceptionOut(BaseModel):
    """The customer's reception report."""

    result: ReceptionResult
    comment: str
    public: bool
    attachment_ids: list[UUID]
    reported_at: datetime


class OrderOut(BaseModel):
    """An order with everything the order details page shows of it."""

    order_id: UUID
    order_number: str
    customer_id: UUID
    status: OrderStatus
    action_required: CustomerAction | None
    placed_at: datetime
    address: Address
    shipping_preference: str
    items: list[ItemOut]
    estimate: EstimateOut | None
    first_billing_paid_at: datetime | None
    inspection_completed_at: datetime | None
    photos_checked_at: datetime | None
    second_billing_paid_at: datetime | None
    shipment: ShipmentOut | None
    auto_complete_at: datetime | None
    completed_at: datetime | None
    completion_reason: str | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    cancel_note: str
    reception_report: ReceptionOut | None
    history: list[HistoryOut]


class OrderSummaryOut(BaseModel):
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
        "`purchase_condition_unanswered`, `second_billing_unpaid`)",
    )


class OrderListOut(BaseModel):
    """A page of orders."""

    orders: list[OrderSummaryOut]
    total: int
    limit: int
    offset: int


class FeedbackOut(BaseModel):
    """A public reception comment."""

    comment: str
    reported_at: datetime
