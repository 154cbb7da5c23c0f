"""The 1st billing: item prices and China domestic shipping converted to JPY, plus the service fee."""

from __future__ import annotations

from dataclasses import dataclass

from daikou_contracts.catalogue.common import BillingLine
from daikou_contracts.money import Money, total
from daikou_orders.domain.model import Estimate, Item, Order

BASIS_POINTS = 10_000


@dataclass(frozen=True)
class FirstBilling:
    """The lines and total of the 1st billing, in JPY."""

    lines: list[BillingLine]
    total: Money


def service_fee(items_subtotal: Money, estimate: Estimate) -> Money:
    """Staff's fixed fee if given, else the fee rate of the item subtotal (rounded up), at least the minimum."""
    if estimate.fee_override is not None:
        return estimate.fee_override
    by_rate = -(-items_subtotal.amount * estimate.fee_rate_bp // BASIS_POINTS)
    return Money.jpy(max(by_rate, estimate.fee_minimum.amount))


def _item_lines(item: Item, estimate: Estimate) -> list[BillingLine]:
    if item.unit_price is None or item.domestic_shipping is None:
        raise ValueError(f"item {item.item_id} is not priced")
    unit = estimate.rate.convert(item.unit_price)
    lines = [
        BillingLine(
            code=f"item:{item.item_id}",
            description=item.title[:200],
            amount=unit * item.quantity,
            item_id=item.item_id,
            quantity=item.quantity,
            unit_amount=unit,
        )
    ]
    shipping = estimate.rate.convert(item.domestic_shipping)
    if not shipping.is_zero:
        lines.append(
            BillingLine(
                code=f"domestic_shipping:{item.item_id}",
                description=f"China domestic shipping: {item.title}"[:200],
                amount=shipping,
                item_id=item.item_id,
            )
        )
    return lines


def first_billing(order: Order) -> FirstBilling:
    """The 1st billing of the order's live items under its estimate."""
    estimate = order.estimate
    if estimate is None:
        raise ValueError("the order has no estimate")
    lines = [line for item in order.live_items for line in _item_lines(item, estimate)]
    items_subtotal = total([ln.amount for ln in lines if ln.code.startswith("item:")], "JPY")
    fee = service_fee(items_subtotal, estimate)
    lines.append(BillingLine(code="service_fee", description="Service fee", amount=fee))
    return FirstBilling(lines=lines, total=total([ln.amount for ln in lines], "JPY"))


def item_share(order: Order, item: Item) -> Money:
    """What an item contributed to the 1st billing: its item line plus its domestic shipping."""
    if order.estimate is None or item.unit_price is None or item.domestic_shipping is None:
        return Money.jpy(0)
    return total([ln.amount for ln in _item_lines(item, order.estimate)], "JPY")
