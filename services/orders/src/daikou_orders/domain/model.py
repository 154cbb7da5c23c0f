"""The order aggregate: an order, its items, its estimate and its status history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from daikou_contracts.catalogue.common import (
    TERMINAL_ORDER_STATUSES,
    Address,
    CustomerAction,
    Marketplace,
    OrderStatus,
)
from daikou_contracts.money import ExchangeRate, Money


class ItemStatus(StrEnum):
    """The status of one item of an order."""

    PRE_PAYMENT = "pre_payment"
    PURCHASING = "purchasing"
    PURCHASED = "purchased"
    ARRIVED = "arrived"
    INSPECTED = "inspected"
    PROBLEM = "problem"
    EXCHANGE_RETURN = "exchange_return"
    CANCELLED = "cancelled"
    OUT_OF_STOCK = "out_of_stock"


DEAD_ITEM_STATUSES = frozenset({ItemStatus.CANCELLED, ItemStatus.OUT_OF_STOCK})


@dataclass
class PurchaseCondition:
    """ "Confirm the following before purchasing": the customer's question and staff's answer."""

    question: str
    set_at: datetime
    answer: str | None = None
    proceed: bool | None = None
    answered_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """True while the seller's answer is not recorded."""
        return self.answer is None


@dataclass
class Item:
    """One applied item."""

    item_id: UUID
    position: int
    marketplace: Marketplace
    url: str
    title: str
    options: dict[str, str]
    quantity: int
    expected_unit_price: Money
    status: ItemStatus = ItemStatus.PRE_PAYMENT
    unit_price: Money | None = None
    domestic_shipping: Money | None = None
    condition: PurchaseCondition | None = None
    fact_at: datetime | None = None
    """When the warehouse fact behind the current status happened (older facts arriving late lose)."""

    @property
    def live(self) -> bool:
        """False once cancelled or out of stock."""
        return self.status not in DEAD_ITEM_STATUSES

    @property
    def held(self) -> bool:
        """True while a purchase condition waits for the seller's answer."""
        return self.condition is not None and self.condition.pending


@dataclass(frozen=True)
class Estimate:
    """Staff's estimate: the exchange rate and the service-fee rule the 1st billing uses."""

    rate: ExchangeRate
    fee_rate_bp: int
    fee_minimum: Money
    fee_override: Money | None
    estimated_at: datetime
    estimated_by: str


@dataclass(frozen=True)
class Shipment:
    """The international shipment as the warehouse dispatched it."""

    carrier: str
    method: str
    tracking_numbers: tuple[str, ...]
    dispatched_at: datetime


@dataclass(frozen=True)
class HistoryEntry:
    """Who did what to the order, when and why."""

    at: datetime
    actor: str
    what: str
    to_status: str
    from_status: str | None = None
    reason: str = ""
    item_id: UUID | None = None


@dataclass
class Order:
    """An order with its items; transitions live in `lifecycle` and `item_rules`."""

    order_id: UUID
    order_number: str
    customer_id: UUID
    status: OrderStatus
    address: Address
    shipping_preference: str
    placed_at: datetime
    items: list[Item]
    history: list[HistoryEntry] = field(default_factory=list)
    estimate: Estimate | None = None
    billing_revision: int = 0
    payment_due_at: datetime | None = None
    first_billing_paid_at: datetime | None = None
    inspection_completed_at: datetime | None = None
    photos_checked_at: datetime | None = None
    second_billing_paid_at: datetime | None = None
    shipment: Shipment | None = None
    auto_complete_at: datetime | None = None
    completed_at: datetime | None = None
    completion_reason: str | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    cancel_note: str = ""
    new_history: list[HistoryEntry] = field(default_factory=list, repr=False)

    def item(self, item_id: UUID) -> Item | None:
        """The item with this id, if any."""
        return next((i for i in self.items if i.item_id == item_id), None)

    @property
    def live_items(self) -> list[Item]:
        """Items neither cancelled nor out of stock."""
        return [i for i in self.items if i.live]

    @property
    def is_terminal(self) -> bool:
        """Completed or cancelled."""
        return self.status in TERMINAL_ORDER_STATUSES

    def record(self, entry: HistoryEntry) -> None:
        """Append an entry to the status history."""
        self.history.append(entry)
        self.new_history.append(entry)


def action_required(order: Order) -> CustomerAction | None:
    """What the customer must do next, if anything (the guide's green button)."""
    if order.status is OrderStatus.AWAITING_FIRST_PAYMENT:
        return CustomerAction.PAY_FIRST_BILLING
    if order.status is OrderStatus.AT_WAREHOUSE:
        photos_pending = order.inspection_completed_at is not None and (
            order.photos_checked_at is None
            or order.photos_checked_at < order.inspection_completed_at
        )
        return CustomerAction.CHECK_PHOTOS if photos_pending else None
    if order.status is OrderStatus.AWAITING_SECOND_PAYMENT:
        return None if order.second_billing_paid_at else CustomerAction.PAY_SECOND_BILLING
    if order.status is OrderStatus.SHIPPED:
        return CustomerAction.REPORT_RECEPTION
    return None
