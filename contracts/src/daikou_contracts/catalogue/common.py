"""Value types shared by several messages."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from daikou_contracts.money import Money

Text = Annotated[str, Field(min_length=1, max_length=2000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Quantity = Annotated[int, Field(ge=1, le=9999)]


class Model(BaseModel):
    """A frozen value inside a payload."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Marketplace(StrEnum):
    """The Chinese marketplaces the service buys from."""

    TAOBAO = "taobao"
    TMALL = "tmall"
    ALIBABA_1688 = "1688"


class OrderStatus(StrEnum):
    """The order's progress, one line of the progress bar each (DESIGN.md section 3)."""

    APPLIED = "applied"
    AWAITING_FIRST_PAYMENT = "awaiting_first_payment"
    PURCHASING = "purchasing"
    AT_WAREHOUSE = "at_warehouse"
    AWAITING_SECOND_PAYMENT = "awaiting_second_payment"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# The progress bar, in order; a cancelled order stops where it was and is shown after it.
ORDER_PROGRESS: tuple[OrderStatus, ...] = (
    OrderStatus.APPLIED,
    OrderStatus.AWAITING_FIRST_PAYMENT,
    OrderStatus.PURCHASING,
    OrderStatus.AT_WAREHOUSE,
    OrderStatus.AWAITING_SECOND_PAYMENT,
    OrderStatus.SHIPPED,
    OrderStatus.COMPLETED,
)
# The statuses an order never leaves.
TERMINAL_ORDER_STATUSES = frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELLED})
# Before the 1st billing is paid: nothing has been bought yet.
PRE_PAYMENT_ORDER_STATUSES = frozenset({OrderStatus.APPLIED, OrderStatus.AWAITING_FIRST_PAYMENT})
# Each status's place on the progress bar; both terminal statuses share the last rank, so an order
# only ever moves forward and the first terminal status to arrive wins.
ORDER_STATUS_RANK: dict[OrderStatus, int] = {
    **{status: rank for rank, status in enumerate(ORDER_PROGRESS)},
    OrderStatus.CANCELLED: len(ORDER_PROGRESS) - 1,
}


class CustomerAction(StrEnum):
    """What the customer must do next (the guide's green button)."""

    PAY_FIRST_BILLING = "pay_first_billing"
    CHECK_PHOTOS = "check_photos"
    PAY_SECOND_BILLING = "pay_second_billing"
    REPORT_RECEPTION = "report_reception"


class BillingKind(StrEnum):
    """1st billing: items + China shipping + fees; 2nd billing: international shipping."""

    FIRST = "first"
    SECOND = "second"


class AnyBillingKind(StrEnum):
    """Every kind of billing, as the payments HTTP API names it.

    The `payments.billing_*.v1` facts carry only `BillingKind` (1st and 2nd billings); an
    additional billing (a cost after the 2nd billing was paid that the deposit could not cover)
    has facts of its own (`catalogue/additional_billings.py`).
    """

    FIRST = "first"
    SECOND = "second"
    ADDITIONAL = "additional"


class Address(Model):
    """A delivery address in Japan."""

    name: ShortText
    postal_code: Annotated[str, Field(pattern=r"^\d{3}-?\d{4}$")]
    prefecture: ShortText
    city: ShortText
    line1: ShortText
    line2: Annotated[str, Field(max_length=200)] = ""
    phone: Annotated[str, Field(pattern=r"^\+?[0-9-]{6,20}$")]
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "JP"


class OrderItem(Model):
    """One line of the customer's application."""

    item_id: UUID
    marketplace: Marketplace
    url: HttpUrl
    title: ShortText
    options: dict[str, Annotated[str, Field(max_length=200)]] = Field(default_factory=dict)
    quantity: Quantity
    expected_unit_price: Money


class BillingLine(Model):
    """One line of a billing, in the billing's currency."""

    code: ShortText
    description: ShortText
    amount: Money
    item_id: UUID | None = None
    quantity: int | None = None
    unit_amount: Money | None = None


class ItemQuantity(Model):
    """An item and how many of it."""

    item_id: UUID
    quantity: Quantity
