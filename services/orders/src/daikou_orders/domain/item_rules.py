"""Item-level rules: quantity, cancellation, purchase conditions, purchasing and warehouse facts."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.common import OrderStatus
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_orders.domain.lifecycle import require_before_payment
from daikou_orders.domain.model import HistoryEntry, Item, ItemStatus, Order, PurchaseCondition

MAX_QUANTITY = 9999
# Forward-only progress of an item through the warehouse.
_WAREHOUSE_RANK = {
    ItemStatus.PURCHASING: 0,
    ItemStatus.PURCHASED: 1,
    ItemStatus.ARRIVED: 2,
    ItemStatus.INSPECTED: 3,
    ItemStatus.PROBLEM: 3,
    ItemStatus.EXCHANGE_RETURN: 4,
}


def find_item(order: Order, item_id: UUID) -> Item:
    """The order's item, or NotFound."""
    item = order.item(item_id)
    if item is None:
        raise NotFound(f"order {order.order_number} has no item {item_id}", code="item_not_found")
    return item


def set_item_status(
    order: Order, item: Item, to: ItemStatus, *, at: datetime, actor: str, reason: str
) -> None:
    """Change an item's status and record it in the order's history."""
    order.record(
        HistoryEntry(
            at=at,
            actor=actor,
            what="item",
            from_status=item.status,
            to_status=to,
            reason=reason,
            item_id=item.item_id,
        )
    )
    item.status = to


def _require_pre_payment_item(order: Order, item: Item, doing: str) -> None:
    require_before_payment(order, doing)
    if item.status is not ItemStatus.PRE_PAYMENT:
        raise Conflict(f"cannot {doing}: the item is {item.status}", code="item_not_pre_payment")


def change_quantity(order: Order, item_id: UUID, quantity: int, *, at: datetime, actor: str) -> int:
    """Change a pre-payment item's quantity; returns the old quantity."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInput(
            f"quantity must be between 1 and {MAX_QUANTITY}; to drop an item, cancel it"
        )
    item = find_item(order, item_id)
    _require_pre_payment_item(order, item, "change the quantity")
    if quantity == item.quantity:
        raise Conflict(f"the quantity is already {quantity}", code="quantity_unchanged")
    old, item.quantity = item.quantity, quantity
    order.record(
        HistoryEntry(
            at=at,
            actor=actor,
            what="quantity",
            to_status=item.status,
            from_status=item.status,
            reason=f"quantity {old} -> {quantity}",
            item_id=item_id,
        )
    )
    return old


def cancel_item_before_payment(
    order: Order, item_id: UUID, *, at: datetime, actor: str, reason: str
) -> Item:
    """Cancel a pre-payment item (no money has been taken for it)."""
    item = find_item(order, item_id)
    _require_pre_payment_item(order, item, "cancel the item")
    set_item_status(order, item, ItemStatus.CANCELLED, at=at, actor=actor, reason=reason)
    return item


def cancel_item_after_payment(
    order: Order, item_id: UUID, *, at: datetime, actor: str, reason: str
) -> Item:
    """Staff cancel a paid item that is not bought yet; its share is refunded."""
    item = find_item(order, item_id)
    if order.status is not OrderStatus.PURCHASING or item.status is not ItemStatus.PURCHASING:
        raise Conflict(
            f"only an item still waiting to be purchased can be cancelled after payment (item is {item.status})",
            code="item_not_cancellable",
        )
    set_item_status(order, item, ItemStatus.CANCELLED, at=at, actor=actor, reason=reason)
    return item


CONDITION_ITEM_STATUSES = frozenset({ItemStatus.PRE_PAYMENT, ItemStatus.PURCHASING})
CONDITION_ORDER_STATUSES = frozenset(
    {OrderStatus.APPLIED, OrderStatus.AWAITING_FIRST_PAYMENT, OrderStatus.PURCHASING}
)


def set_condition(order: Order, item_id: UUID, question: str, *, at: datetime, actor: str) -> Item:
    """Hold an item not bought yet (before payment, or paid and waiting to be purchased) until
    staff confirm `question` with the seller; a bought item cannot be held any more."""
    item = find_item(order, item_id)
    if order.status not in CONDITION_ORDER_STATUSES or item.status not in CONDITION_ITEM_STATUSES:
        raise Conflict(
            f"too late for a purchase condition: the item is {item.status} "
            f"(the order is {order.status}); it can only be set before the item is bought",
            code="condition_too_late",
        )
    if not question.strip():
        raise InvalidInput("the purchase condition needs a question")
    item.condition = PurchaseCondition(question=question.strip(), set_at=at)
    order.record(
        HistoryEntry(
            at=at,
            actor=actor,
            what="purchase_condition",
            to_status=item.status,
            from_status=item.status,
            reason=question[:200],
            item_id=item_id,
        )
    )
    return item


def answer_condition(
    order: Order, item_id: UUID, answer: str, proceed: bool, *, at: datetime, actor: str
) -> Item:
    """Record the seller's answer to a pending purchase condition."""
    if not answer.strip():
        raise InvalidInput("record the seller's answer", code="no_answer")
    item = find_item(order, item_id)
    if not item.held or item.condition is None:
        raise Conflict(
            "the item has no purchase condition waiting for an answer", code="no_pending_condition"
        )
    if item.status not in (ItemStatus.PRE_PAYMENT, ItemStatus.PURCHASING):
        raise Conflict(
            f"the item is {item.status}; the answer no longer applies", code="item_not_open"
        )
    item.condition.answer, item.condition.proceed, item.condition.answered_at = answer, proceed, at
    order.record(
        HistoryEntry(
            at=at,
            actor=actor,
            what="purchase_condition_answered",
            to_status=item.status,
            from_status=item.status,
            reason=("proceed: " if proceed else "do not buy: ") + answer[:150],
            item_id=item_id,
        )
    )
    return item


def _require_purchasing_item(order: Order, item: Item, doing: str) -> None:
    if order.status is not OrderStatus.PURCHASING:
        raise Conflict(
            f"cannot {doing}: order {order.order_number} is {order.status}", code="not_purchasing"
        )
    if item.status is not ItemStatus.PURCHASING:
        raise Conflict(f"cannot {doing}: the item is {item.status}", code="item_not_purchasing")


def mark_purchased(order: Order, item_id: UUID, *, at: datetime, actor: str) -> Item:
    """Staff bought the item from the seller."""
    item = find_item(order, item_id)
    _require_purchasing_item(order, item, "mark the item purchased")
    if item.held:
        raise Conflict(
            "the item waits for the seller's answer to its purchase condition", code="item_held"
        )
    set_item_status(
        order, item, ItemStatus.PURCHASED, at=at, actor=actor, reason="bought from the seller"
    )
    return item


def mark_out_of_stock(order: Order, item_id: UUID, *, at: datetime, actor: str, note: str) -> Item:
    """The seller cannot supply the item: it is cancelled and its share refunded."""
    item = find_item(order, item_id)
    _require_purchasing_item(order, item, "mark the item out of stock")
    set_item_status(
        order, item, ItemStatus.OUT_OF_STOCK, at=at, actor=actor, reason=note or "out of stock"
    )
    return item


def warehouse_item_fact(
    order: Order,
    item_id: UUID,
    to: ItemStatus,
    *,
    at: datetime,
    actor: str,
    reason: str,
    fact_at: datetime | None = None,
) -> bool:
    """Apply a warehouse fact to an item if it moves it forward; False for late or repeated facts.

    `fact_at` is when the fact happened at the warehouse: a fact older than the one behind the
    item's status changes nothing, and a step back (a re-inspection) needs a strictly newer one.
    """
    item = order.item(item_id)
    if item is None or not item.live or order.is_terminal or item.status not in _WAREHOUSE_RANK:
        return False
    if item.status is to or _older(item, fact_at):
        return False
    if _WAREHOUSE_RANK[to] < _WAREHOUSE_RANK[item.status] and not (
        _re_inspection(item.status, to) and _newer(item, fact_at)
    ):
        return False
    set_item_status(order, item, to, at=at, actor=actor, reason=reason)
    item.fact_at = fact_at or item.fact_at
    return True


def _older(item: Item, fact_at: datetime | None) -> bool:
    return fact_at is not None and item.fact_at is not None and fact_at < item.fact_at


def _newer(item: Item, fact_at: datetime | None) -> bool:
    return fact_at is None or item.fact_at is None or fact_at > item.fact_at


def _re_inspection(current: ItemStatus, to: ItemStatus) -> bool:
    """An exchanged item is inspected again; a problem can be re-inspected as fine and back."""
    return current in (
        ItemStatus.EXCHANGE_RETURN,
        ItemStatus.PROBLEM,
        ItemStatus.INSPECTED,
    ) and to in (
        ItemStatus.INSPECTED,
        ItemStatus.PROBLEM,
    )


def resolve_case(
    order: Order,
    item_id: UUID,
    outcome: str,
    *,
    at: datetime,
    actor: str,
    fact_at: datetime | None = None,
) -> bool:
    """An exchange/return case ended: exchanged items are expected again, returned ones are gone."""
    item = order.item(item_id)
    if item is None or order.is_terminal or item.status is not ItemStatus.EXCHANGE_RETURN:
        return False
    if _older(item, fact_at):
        return False
    to = {
        "exchanged": ItemStatus.PURCHASED,
        "returned": ItemStatus.CANCELLED,
        "refused": ItemStatus.PROBLEM,
    }[outcome]
    set_item_status(order, item, to, at=at, actor=actor, reason=f"exchange/return {outcome}")
    item.fact_at = fact_at or item.fact_at
    return True


BOUGHT_STATUSES = frozenset(
    {
        ItemStatus.PURCHASED,
        ItemStatus.ARRIVED,
        ItemStatus.INSPECTED,
        ItemStatus.PROBLEM,
        ItemStatus.EXCHANGE_RETURN,
    }
)


def bought_items(order: Order) -> list[Item]:
    """Items already bought from their seller (their money is spent until the seller refunds)."""
    return [i for i in order.items if i.status in BOUGHT_STATUSES]


def record_seller_refund(
    order: Order, item_id: UUID, *, at: datetime, actor: str, note: str
) -> Item:
    """The seller refunded a bought item of a cancelled order: the item is cancelled, once."""
    item = find_item(order, item_id)
    if order.status is not OrderStatus.CANCELLED:
        raise Conflict(
            f"order {order.order_number} is {order.status}: a seller's refund is recorded for "
            "bought items of a cancelled order",
            code="not_cancelled",
        )
    if item.status not in BOUGHT_STATUSES:
        raise Conflict(
            f"the item is {item.status}: only a bought item awaits its seller's refund",
            code="not_awaiting_seller_refund",
        )
    reason = f"seller refunded: {note}" if note else "seller refunded"
    set_item_status(order, item, ItemStatus.CANCELLED, at=at, actor=actor, reason=reason)
    return item
