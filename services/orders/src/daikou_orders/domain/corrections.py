"""Staff correct an estimate while the 1st billing is unpaid: a new revision of the same billing."""

from __future__ import annotations

from dataclasses import dataclass

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.money import Money
from daikou_kit.errors import Conflict
from daikou_orders.domain.billing import first_billing
from daikou_orders.domain.model import Estimate, HistoryEntry, Order
from daikou_orders.domain.placing import ItemPrice, Limits, check_estimate, check_total


@dataclass(frozen=True)
class Correction:
    """What a correction changed: the totals before and after, and a readable summary."""

    old_total: Money
    new_total: Money
    summary: str

    @property
    def total_rose(self) -> bool:
        """True when the customer now owes more (the payment deadline restarts)."""
        return self.new_total.amount > self.old_total.amount


def correct_estimate(
    order: Order, prices: list[ItemPrice], estimate: Estimate, limits: Limits
) -> Correction:
    """Re-price the live items; refused once the 1st billing is paid (or the order is over)."""
    if order.status is not OrderStatus.AWAITING_FIRST_PAYMENT:
        raise Conflict(
            f"an estimate can be corrected only while the 1st billing is unpaid "
            f"(the order is {order.status})",
            code="not_correctable",
        )
    by_id = check_estimate(order, prices, estimate, limits)
    before = first_billing(order)
    changes = []
    for item in order.live_items:
        new = by_id[item.item_id]
        if (item.unit_price, item.domestic_shipping) != (new.unit_price, new.domestic_shipping):
            changes.append(
                f"{item.title[:40]}: {_cny(item.unit_price)} -> {_cny(new.unit_price)} CNY, "
                f"China shipping {_cny(item.domestic_shipping)} -> {_cny(new.domestic_shipping)}"
            )
        item.unit_price, item.domestic_shipping = new.unit_price, new.domestic_shipping
    if order.estimate is not None and order.estimate.rate != estimate.rate:
        changes.append(f"rate {order.estimate.rate.rate} -> {estimate.rate.rate} JPY/CNY")
    order.estimate = estimate
    order.billing_revision += 1
    check_total(order, limits.max_total_jpy)
    after = first_billing(order)
    summary = f"total {before.total.amount} -> {after.total.amount} JPY"
    if changes:
        summary += "; " + "; ".join(changes)
    order.record(
        HistoryEntry(
            at=estimate.estimated_at,
            actor=estimate.estimated_by,
            what="estimate_corrected",
            to_status=order.status,
            from_status=order.status,
            reason=summary[:500],
        )
    )
    return Correction(before.total, after.total, summary)


def _cny(amount: Money | None) -> str:
    if amount is None:
        return "-"
    return f"{amount.amount // 100}.{amount.amount % 100:02d}"
