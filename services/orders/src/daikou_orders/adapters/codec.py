"""Turning domain values into database rows and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypedDict

from daikou_contracts.catalogue.common import Address, Marketplace, OrderStatus
from daikou_contracts.money import ExchangeRate, Money
from daikou_orders.domain.model import (
    Estimate,
    HistoryEntry,
    Item,
    ItemStatus,
    Order,
    PurchaseCondition,
    Shipment,
)


class Row(Protocol):
    """A row by column name: SQLAlchemy's `RowMapping` or asyncpg's `Record`."""

    def __getitem__(self, key: str) -> Any: ...


class MoneyJson(TypedDict):
    """Money in a JSON column."""

    amount: int
    currency: str


class EstimateJson(TypedDict):
    """The `orders.estimate` column."""

    rate: dict[str, object]  # the exchange rate as pydantic writes it
    fee_rate_bp: int
    fee_minimum: MoneyJson
    fee_override: MoneyJson | None
    estimated_at: str
    estimated_by: str


class ConditionJson(TypedDict):
    """The `order_items.condition` column."""

    question: str
    set_at: str
    answer: str | None
    proceed: bool | None
    answered_at: str | None


class ShipmentJson(TypedDict):
    """The `orders.shipment` column."""

    carrier: str
    method: str
    tracking_numbers: list[str]
    dispatched_at: str


def _money(money: Money) -> MoneyJson:
    return {"amount": money.amount, "currency": money.currency}


def money_out(money: Money | None) -> MoneyJson | None:
    """Money as JSON."""
    return None if money is None else _money(money)


def money_in(data: MoneyJson | None) -> Money | None:
    """Money from JSON."""
    return None if data is None else Money(amount=data["amount"], currency=data["currency"])


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def estimate_out(e: Estimate | None) -> EstimateJson | None:
    """An estimate as JSON."""
    if e is None:
        return None
    return {
        "rate": e.rate.model_dump(mode="json"),
        "fee_rate_bp": e.fee_rate_bp,
        "fee_minimum": _money(e.fee_minimum),
        "fee_override": money_out(e.fee_override),
        "estimated_at": e.estimated_at.isoformat(),
        "estimated_by": e.estimated_by,
    }


def estimate_in(data: EstimateJson | None) -> Estimate | None:
    """An estimate from JSON."""
    if data is None:
        return None
    fee_minimum = money_in(data["fee_minimum"])
    estimated_at = _dt(data["estimated_at"])
    if fee_minimum is None or estimated_at is None:
        raise ValueError("corrupt estimate")
    return Estimate(
        rate=ExchangeRate.model_validate(data["rate"]),
        fee_rate_bp=data["fee_rate_bp"],
        fee_minimum=fee_minimum,
        fee_override=money_in(data["fee_override"]),
        estimated_at=estimated_at,
        estimated_by=data["estimated_by"],
    )


def condition_out(c: PurchaseCondition | None) -> ConditionJson | None:
    """A purchase condition as JSON."""
    if c is None:
        return None
    return {
        "question": c.question,
        "set_at": c.set_at.isoformat(),
        "answer": c.answer,
        "proceed": c.proceed,
        "answered_at": c.answered_at.isoformat() if c.answered_at else None,
    }


def condition_in(data: ConditionJson | None) -> PurchaseCondition | None:
    """A purchase condition from JSON."""
    if data is None:
        return None
    return PurchaseCondition(
        question=data["question"],
        set_at=datetime.fromisoformat(data["set_at"]),
        answer=data["answer"],
        proceed=data["proceed"],
        answered_at=_dt(data["answered_at"]),
    )


def shipment_out(s: Shipment | None) -> ShipmentJson | None:
    """A shipment as JSON."""
    if s is None:
        return None
    return {
        "carrier": s.carrier,
        "method": s.method,
        "tracking_numbers": list(s.tracking_numbers),
        "dispatched_at": s.dispatched_at.isoformat(),
    }


def shipment_in(data: ShipmentJson | None) -> Shipment | None:
    """A shipment from JSON."""
    if data is None:
        return None
    return Shipment(
        carrier=data["carrier"],
        method=data["method"],
        tracking_numbers=tuple(data["tracking_numbers"]),
        dispatched_at=datetime.fromisoformat(data["dispatched_at"]),
    )


def order_values(order: Order) -> dict[str, object]:
    """The orders row of an order (without its version and timestamps of the row)."""
    return {
        "status": order.status.value,
        "estimate": estimate_out(order.estimate),
        "billing_revision": order.billing_revision,
        "payment_due_at": order.payment_due_at,
        "first_billing_paid_at": order.first_billing_paid_at,
        "inspection_completed_at": order.inspection_completed_at,
        "photos_checked_at": order.photos_checked_at,
        "second_billing_paid_at": order.second_billing_paid_at,
        "shipment": shipment_out(order.shipment),
        "auto_complete_at": order.auto_complete_at,
        "completed_at": order.completed_at,
        "completion_reason": order.completion_reason,
        "cancelled_at": order.cancelled_at,
        "cancel_reason": order.cancel_reason,
        "cancel_note": order.cancel_note,
    }


def item_values(item: Item) -> dict[str, object]:
    """The mutable columns of an item row."""
    return {
        "quantity": item.quantity,
        "status": item.status.value,
        "unit_price": money_out(item.unit_price),
        "domestic_shipping": money_out(item.domestic_shipping),
        "condition": condition_out(item.condition),
        "fact_at": item.fact_at,
    }


def item_in(row: Row) -> Item:
    """An item from its row."""
    expected = money_in(row["expected_unit_price"])
    if expected is None:
        raise ValueError("corrupt item")
    return Item(
        item_id=row["item_id"],
        position=row["position"],
        marketplace=Marketplace(row["marketplace"]),
        url=row["url"],
        title=row["title"],
        options=dict(row["options"]),
        quantity=row["quantity"],
        expected_unit_price=expected,
        status=ItemStatus(row["status"]),
        unit_price=money_in(row["unit_price"]),
        domestic_shipping=money_in(row["domestic_shipping"]),
        condition=condition_in(row["condition"]),
        fact_at=row["fact_at"],
    )


def history_in(row: Row) -> HistoryEntry:
    """A history entry from its row."""
    return HistoryEntry(
        at=row["at"],
        actor=row["actor"],
        what=row["what"],
        to_status=row["to_status"],
        from_status=row["from_status"],
        reason=row["reason"],
        item_id=row["item_id"],
    )


def order_in(row: Row, items: list[Item], history: list[HistoryEntry]) -> Order:
    """An order from its row, items and history."""
    return Order(
        order_id=row["order_id"],
        order_number=row["order_number"],
        customer_id=row["customer_id"],
        status=OrderStatus(row["status"]),
        address=Address.model_validate(row["address"]),
        shipping_preference=row["shipping_preference"],
        placed_at=row["placed_at"],
        items=items,
        history=history,
        estimate=estimate_in(row["estimate"]),
        billing_revision=row["billing_revision"],
        payment_due_at=row["payment_due_at"],
        first_billing_paid_at=row["first_billing_paid_at"],
        inspection_completed_at=row["inspection_completed_at"],
        photos_checked_at=row["photos_checked_at"],
        second_billing_paid_at=row["second_billing_paid_at"],
        shipment=shipment_in(row["shipment"]),
        auto_complete_at=row["auto_complete_at"],
        completed_at=row["completed_at"],
        completion_reason=row["completion_reason"],
        cancelled_at=row["cancelled_at"],
        cancel_reason=row["cancel_reason"],
        cancel_note=row["cancel_note"],
    )
