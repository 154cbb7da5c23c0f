"""Facts published by the orders service (`orders.*`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from daikou_contracts.catalogue.common import (
    Address,
    BillingLine,
    CustomerAction,
    ItemQuantity,
    OrderItem,
    OrderStatus,
    Quantity,
    ShortText,
    Text,
)
from daikou_contracts.message import Event
from daikou_contracts.money import ExchangeRate, Money
from daikou_contracts.registry import register


@register
class OrderPlaced(Event):
    """The customer submitted an application (status applied)."""

    TYPE = "orders.order_placed"
    VERSION = 1

    order_id: UUID
    order_number: ShortText
    customer_id: UUID
    items: Annotated[list[OrderItem], Field(min_length=1)]
    address: Address
    shipping_preference: ShortText
    placed_at: AwareDatetime


@register
class OrderEstimated(Event):
    """Staff estimated the order: payments issues the 1st billing from these lines."""

    TYPE = "orders.order_estimated"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    rate: ExchangeRate
    lines: Annotated[list[BillingLine], Field(min_length=1)]
    total: Money
    billing_revision: int = Field(ge=1)
    payment_due_at: AwareDatetime


class RecalculationReason(StrEnum):
    """Why the 1st billing changed before payment."""

    QUANTITY_CHANGED = "quantity_changed"
    ITEM_CANCELLED = "item_cancelled"


@register
class FirstBillingRecalculated(Event):
    """The 1st billing's lines changed before payment; the highest revision wins."""

    TYPE = "orders.first_billing_recalculated"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    lines: list[BillingLine]
    total: Money
    billing_revision: int = Field(ge=1)
    reason: RecalculationReason


@register
class ItemQuantityChanged(Event):
    """The customer changed an item's quantity before payment."""

    TYPE = "orders.item_quantity_changed"
    VERSION = 1

    order_id: UUID
    item_id: UUID
    old_quantity: Quantity
    new_quantity: Quantity


class ItemCancelReason(StrEnum):
    """Why a single item was cancelled."""

    CUSTOMER = "customer"
    STAFF = "staff"


@register
class ItemCancelled(Event):
    """A single item was cancelled; `refund` is set when its share was already paid."""

    TYPE = "orders.item_cancelled"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    item_id: UUID
    reason: ItemCancelReason
    refund: Money | None = None


@register
class PurchaseConditionSet(Event):
    """The customer asked staff to confirm something with the seller before buying an item."""

    TYPE = "orders.purchase_condition_set"
    VERSION = 1

    order_id: UUID
    item_id: UUID
    question: Text


@register
class PurchaseConditionAnswered(Event):
    """Staff recorded the seller's answer; `proceed` says whether the item is bought."""

    TYPE = "orders.purchase_condition_answered"
    VERSION = 1

    order_id: UUID
    item_id: UUID
    answer: Text
    proceed: bool


class OrderCancelReason(StrEnum):
    """Why the whole order was cancelled."""

    CUSTOMER = "customer"
    PAYMENT_DEADLINE = "payment_deadline"
    STAFF = "staff"


class BoughtItem(BaseModel):
    """An item already bought from the seller, and its share of the 1st billing."""

    model_config = ConfigDict(extra="forbid")

    item_id: UUID
    share: Money


@register
class OrderCancelled(Event):
    """The order was cancelled; payments voids its unpaid billings and refunds what was paid."""

    TYPE = "orders.order_cancelled"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    reason: OrderCancelReason
    note: Annotated[str, Field(max_length=2000)] = ""
    cancelled_at: AwareDatetime
    bought_items: list[BoughtItem] = Field(default_factory=list, max_length=500)
    """Items already bought when staff cancelled: their share is refunded only once staff record
    the seller's refund (`orders.seller_refund_recorded`); everything else is refunded at once."""


@register
class PurchasingStarted(Event):
    """The 1st billing is paid; staff buy these items."""

    TYPE = "orders.purchasing_started"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    items: list[ItemQuantity]


@register
class ItemPurchased(Event):
    """Staff bought an item from the seller: the warehouse should expect it."""

    TYPE = "orders.item_purchased"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    item_id: UUID
    title: ShortText
    options: dict[str, str] = Field(default_factory=dict)
    quantity: Quantity


@register
class ItemOutOfStock(Event):
    """An item could not be bought: it is cancelled and its paid share refunded to the deposit."""

    TYPE = "orders.item_out_of_stock"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    item_id: UUID
    refund: Money


@register
class OrderStatusChanged(Event):
    """The order moved to another status (for dashboards and other services' own views)."""

    TYPE = "orders.order_status_changed"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    from_status: OrderStatus | None
    to_status: OrderStatus
    reason: ShortText
    action_required: CustomerAction | None = None
    changed_at: AwareDatetime


class ReceptionResult(StrEnum):
    """The customer's reception report."""

    OK = "ok"
    PROBLEM = "problem"


@register
class ReceptionReported(Event):
    """The customer reported reception; a problem opens the problem thread in messaging."""

    TYPE = "orders.reception_reported"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    result: ReceptionResult
    comment: Annotated[str, Field(max_length=2000)] = ""
    public: bool = False
    attachment_ids: list[UUID] = Field(default_factory=list, max_length=3)
    reported_at: AwareDatetime


class CompletionReason(StrEnum):
    """Why the order completed."""

    RECEPTION_REPORT = "reception_report"
    AUTO_COMPLETE = "auto_complete"


@register
class OrderCompleted(Event):
    """The order is completed (reception report, or 30 days after shipment)."""

    TYPE = "orders.order_completed"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    reason: CompletionReason
    completed_at: AwareDatetime


class ReminderKind(StrEnum):
    """What the customer is reminded of."""

    PAY_FIRST_BILLING = "pay_first_billing"
    REPORT_RECEPTION = "report_reception"


@register
class CustomerReminderDue(Event):
    """A deadline is near and the customer has not acted (shown in messaging and dashboards)."""

    TYPE = "orders.customer_reminder_due"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    kind: ReminderKind
    deadline_at: AwareDatetime


@register
class SecondBillingReminderDue(Event):
    """The 2nd billing has been unpaid for `unpaid_days` days: remind the customer (3 and 7 days)."""

    TYPE = "orders.second_billing_reminder_due"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    unpaid_since: AwareDatetime
    unpaid_days: int = Field(ge=1, le=3650)
