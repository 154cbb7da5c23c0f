"""Changes to an order: quantities, item and order cancellation, purchase conditions."""

from __future__ import annotations

import logging
from uuid import UUID

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.messaging import PurchaseConditionRequested
from daikou_contracts.catalogue.orders import (
    BoughtItem,
    FirstBillingRecalculated,
    ItemCancelled,
    ItemCancelReason,
    ItemQuantityChanged,
    OrderCancelled,
    OrderCancelReason,
    PurchaseConditionAnswered,
    PurchaseConditionSet,
    RecalculationReason,
)
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from daikou_orders.application.common import (
    PAYMENT_DEADLINE,
    PAYMENT_REMINDER,
    cancel_deadlines,
    load_for,
    load_for_fact,
    refuse_warehouse,
    require_ops,
    save,
    who,
)
from daikou_orders.application.deadlines import cancel_second_payment_reminders
from daikou_orders.application.ports import OrdersUnit
from daikou_orders.domain import item_rules, lifecycle
from daikou_orders.domain.billing import first_billing, item_share
from daikou_orders.domain.model import HistoryEntry, Item, Order
from daikou_orders.domain.placing import check_total

log = logging.getLogger(__name__)


def recalculate(uow: OrdersUnit, order: Order, reason: RecalculationReason) -> None:
    """Publish the 1st billing's new lines when the order is already estimated."""
    if order.status is not OrderStatus.AWAITING_FIRST_PAYMENT:
        return
    order.billing_revision += 1
    billing = first_billing(order)
    uow.emit(
        FirstBillingRecalculated(
            order_id=order.order_id,
            customer_id=order.customer_id,
            lines=billing.lines,
            total=billing.total,
            billing_revision=order.billing_revision,
            reason=reason,
        )
    )


def cancel_whole_order(
    uow: OrdersUnit,
    order: Order,
    *,
    actor: str,
    reason: OrderCancelReason,
    note: str,
    by_customer: bool,
) -> None:
    """Cancel the order and tell the others; its pending deadlines are dropped."""
    was = order.status
    lifecycle.cancel(
        order,
        at=uow.clock.now(),
        actor=actor,
        reason=reason.value,
        note=note,
        by_customer=by_customer,
    )
    uow.emit(
        OrderCancelled(
            order_id=order.order_id,
            customer_id=order.customer_id,
            reason=reason,
            note=note,
            cancelled_at=uow.clock.now(),
            bought_items=[
                BoughtItem(item_id=i.item_id, share=item_share(order, i))
                for i in item_rules.bought_items(order)
            ],
        )
    )
    if was is OrderStatus.AWAITING_FIRST_PAYMENT:
        cancel_deadlines(uow, order, PAYMENT_DEADLINE, PAYMENT_REMINDER)
    elif was is OrderStatus.AWAITING_SECOND_PAYMENT:
        cancel_second_payment_reminders(uow, order)


def after_item_gone(uow: OrdersUnit, order: Order, *, actor: str, by_customer: bool) -> None:
    """An order with no item left is cancelled: there is nothing to buy or ship."""
    if order.live_items:
        return
    reason = OrderCancelReason.CUSTOMER if by_customer else OrderCancelReason.STAFF
    cancel_whole_order(
        uow,
        order,
        actor=actor,
        reason=reason,
        note="no item left in the order",
        by_customer=by_customer,
    )


async def change_quantity(
    uow: OrdersUnit,
    actor: Actor,
    order_id: UUID,
    item_id: UUID,
    quantity: int,
) -> Order:
    """Change a pre-payment item's quantity; the 1st billing follows at once."""
    refuse_warehouse(actor)
    repo, order = await load_for(uow, order_id, actor)
    old = item_rules.change_quantity(order, item_id, quantity, at=uow.clock.now(), actor=who(actor))
    if order.estimate is not None:
        check_total(order, uow.policy.limits.max_total_jpy)
    uow.emit(
        ItemQuantityChanged(
            order_id=order_id, item_id=item_id, old_quantity=old, new_quantity=quantity
        )
    )
    recalculate(uow, order, RecalculationReason.QUANTITY_CHANGED)
    await save(uow, repo, order)
    return order


async def cancel_item(
    uow: OrdersUnit, actor: Actor, order_id: UUID, item_id: UUID, note: str
) -> Order:
    """Cancel one item: before payment by the customer or staff; after payment by staff, refunded."""
    refuse_warehouse(actor)
    repo, order = await load_for(uow, order_id, actor)
    now, by = uow.clock.now(), who(actor)
    reason = ItemCancelReason.STAFF if actor.is_staff else ItemCancelReason.CUSTOMER
    text = note or f"cancelled by {reason.value}"
    refund = None
    if order.status in (OrderStatus.APPLIED, OrderStatus.AWAITING_FIRST_PAYMENT):
        item_rules.cancel_item_before_payment(order, item_id, at=now, actor=by, reason=text)
    elif actor.is_staff:
        item = item_rules.cancel_item_after_payment(order, item_id, at=now, actor=by, reason=text)
        refund = item_share(order, item)
    else:
        lifecycle.require_before_payment(order, "cancel the item")
    uow.emit(
        ItemCancelled(
            order_id=order_id,
            customer_id=order.customer_id,
            item_id=item_id,
            reason=reason,
            refund=refund,
        )
    )
    if order.live_items:
        recalculate(uow, order, RecalculationReason.ITEM_CANCELLED)
    after_item_gone(uow, order, actor=by, by_customer=not actor.is_staff)
    await save(uow, repo, order)
    return order


async def cancel_order(uow: OrdersUnit, actor: Actor, order_id: UUID, note: str) -> Order:
    """Cancel the whole order: a customer before the 1st payment, staff (with a reason) before shipment."""
    refuse_warehouse(actor)
    repo, order = await load_for(uow, order_id, actor)
    if actor.is_staff and not note.strip():
        raise InvalidInput("staff give the reason for cancelling an order", code="reason_required")
    reason = OrderCancelReason.STAFF if actor.is_staff else OrderCancelReason.CUSTOMER
    cancel_whole_order(
        uow,
        order,
        actor=who(actor),
        reason=reason,
        note=note.strip(),
        by_customer=not actor.is_staff,
    )
    await save(uow, repo, order)
    return order


async def on_purchase_condition_requested(
    uow: OrdersUnit, fact: PurchaseConditionRequested
) -> None:
    """The customer asked (through messaging) to confirm something before buying an item."""
    repo, order = await load_for_fact(uow, fact.order_id)
    if order is None or order.customer_id != fact.customer_id:
        log.warning("purchase condition for unknown order %s ignored", fact.order_id)
        return
    try:
        item_rules.set_condition(
            order,
            fact.item_id,
            fact.question,
            at=uow.clock.now(),
            actor=f"customer:{fact.customer_id}",
        )
    except (Conflict, InvalidInput, NotFound) as exc:
        # The gateway refuses a condition that is already too late; one that raced a purchase is
        # recorded as refused, so staff and the customer see it was not honoured.
        log.info("purchase condition on order %s refused: %s", order.order_number, exc.reason)
        order.record(
            HistoryEntry(
                at=uow.clock.now(),
                actor="orders",
                what="purchase_condition_refused",
                to_status=order.status,
                from_status=order.status,
                reason=exc.reason[:500],
                item_id=fact.item_id
                if any(i.item_id == fact.item_id for i in order.items)
                else None,
            )
        )
        await save(uow, repo, order)
        return
    uow.emit(
        PurchaseConditionSet(order_id=order.order_id, item_id=fact.item_id, question=fact.question)
    )
    await save(uow, repo, order)


async def answer_condition(
    uow: OrdersUnit, actor: Actor, order_id: UUID, item_id: UUID, *, answer: str, proceed: bool
) -> Order:
    """Staff record the seller's answer; an item not to be bought is cancelled (refunded if paid)."""
    require_ops(actor)
    repo, order = await load_for(uow, order_id, actor)
    now, by = uow.clock.now(), who(actor)
    item: Item = item_rules.answer_condition(order, item_id, answer, proceed, at=now, actor=by)
    uow.emit(
        PurchaseConditionAnswered(
            order_id=order_id, item_id=item_id, answer=answer, proceed=proceed
        )
    )
    if not proceed:
        await _cancel_after_answer(uow, order, item, by)
    await save(uow, repo, order)
    return order


async def _cancel_after_answer(uow: OrdersUnit, order: Order, item: Item, by: str) -> None:
    note = "not bought after the seller's answer"
    refund = None
    if order.status is OrderStatus.PURCHASING:
        item_rules.cancel_item_after_payment(
            order, item.item_id, at=uow.clock.now(), actor=by, reason=note
        )
        refund = item_share(order, item)
    else:
        item_rules.cancel_item_before_payment(
            order, item.item_id, at=uow.clock.now(), actor=by, reason=note
        )
    uow.emit(
        ItemCancelled(
            order_id=order.order_id,
            customer_id=order.customer_id,
            item_id=item.item_id,
            reason=ItemCancelReason.STAFF,
            refund=refund,
        )
    )
    if order.live_items:
        recalculate(uow, order, RecalculationReason.ITEM_CANCELLED)
    after_item_gone(uow, order, actor=by, by_customer=False)


async def photos_checked(uow: OrdersUnit, actor: Actor, order_id: UUID) -> Order:
    """The customer looked at the inspection photos: the check-photos action is done."""
    repo, order = await load_for(uow, order_id, actor)
    if actor.role is not Role.CUSTOMER:
        raise Forbidden(
            "only the customer confirms having checked the photos", code="customers_only"
        )
    if order.inspection_completed_at is None:
        raise Conflict("there are no inspection photos to check yet", code="no_photos")
    order.photos_checked_at = uow.clock.now()
    await save(uow, repo, order)
    return order
