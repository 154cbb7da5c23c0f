"""Payments reaching the order, and staff buying its items."""

from __future__ import annotations

import logging
from uuid import UUID

from daikou_contracts.catalogue.common import BillingKind, ItemQuantity, OrderStatus
from daikou_contracts.catalogue.orders import ItemOutOfStock, ItemPurchased, PurchasingStarted
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_kit.actors import Actor
from daikou_orders.application.changes import after_item_gone
from daikou_orders.application.common import (
    PAYMENT_DEADLINE,
    PAYMENT_REMINDER,
    cancel_deadlines,
    load_for,
    load_for_fact,
    require_ops,
    save,
    source,
    who,
)
from daikou_orders.application.deadlines import cancel_second_payment_reminders
from daikou_orders.application.ports import OrdersUnit
from daikou_orders.domain import item_rules, lifecycle
from daikou_orders.domain.billing import first_billing, item_share
from daikou_orders.domain.model import HistoryEntry, Order

log = logging.getLogger(__name__)


async def on_billing_paid(uow: OrdersUnit, fact: BillingPaid) -> None:
    """1st billing paid: purchasing starts; 2nd billing paid: the pay button goes away and its
    reminders are cancelled at the scheduler."""
    repo, order = await load_for_fact(uow, fact.order_id)
    if order is None:
        log.warning("billing paid for unknown order %s ignored", fact.order_id)
        return
    if fact.kind is BillingKind.FIRST and _pays_an_older_revision(uow, order, fact):
        await save(uow, repo, order)
        return
    if fact.kind is BillingKind.FIRST:
        changed = lifecycle.start_purchasing(order, at=uow.clock.now(), actor=source(uow))
        if changed:
            _note_total_mismatch(uow, order, fact)
            cancel_deadlines(uow, order, PAYMENT_DEADLINE, PAYMENT_REMINDER)
            uow.emit(
                PurchasingStarted(
                    order_id=order.order_id,
                    customer_id=order.customer_id,
                    items=[
                        ItemQuantity(item_id=i.item_id, quantity=i.quantity)
                        for i in order.live_items
                    ],
                )
            )
    else:
        changed = lifecycle.record_second_payment(order, at=uow.clock.now())
        if changed:
            cancel_second_payment_reminders(uow, order)
    if not changed:
        log.info(
            "order %s is %s: %s billing paid changes nothing",
            order.order_number,
            order.status,
            fact.kind,
        )
        return
    await save(uow, repo, order)


def _pays_an_older_revision(uow: OrdersUnit, order: Order, fact: BillingPaid) -> bool:
    """A payment of an older revision than the order's lines does not start purchasing.

    Payments re-opens the billing for the difference (or pays the newer revision at once) when
    the newer revision reaches it, and publishes BillingPaid again for that revision.
    """
    if fact.revision is None or fact.revision >= order.billing_revision:
        return False
    if order.status is not OrderStatus.AWAITING_FIRST_PAYMENT:
        return False
    log.info(
        "order %s: revision %d paid, current %d",
        order.order_number,
        fact.revision,
        order.billing_revision,
    )
    order.record(
        HistoryEntry(
            at=uow.clock.now(),
            actor=source(uow),
            what="earlier_revision_paid",
            to_status=order.status,
            from_status=order.status,
            reason=f"revision {fact.revision} paid ({fact.total}); "
            f"revision {order.billing_revision} is due",
        )
    )
    return True


def _note_total_mismatch(uow: OrdersUnit, order: Order, fact: BillingPaid) -> None:
    """A payment of an older revision than the current lines is recorded for ops to settle."""
    expected = first_billing(order).total
    if fact.total != expected:
        log.warning(
            "order %s: paid %s, current 1st billing %s", order.order_number, fact.total, expected
        )
        order.record(
            HistoryEntry(
                at=uow.clock.now(),
                actor=source(uow),
                what="billing_mismatch",
                to_status=order.status,
                from_status=order.status,
                reason=f"paid {fact.total}, current 1st billing {expected}",
            )
        )


async def mark_purchased(uow: OrdersUnit, actor: Actor, order_id: UUID, item_id: UUID) -> Order:
    """Staff bought an item: the warehouse should expect it."""
    require_ops(actor)
    repo, order = await load_for(uow, order_id, actor)
    item = item_rules.mark_purchased(order, item_id, at=uow.clock.now(), actor=who(actor))
    uow.emit(
        ItemPurchased(
            order_id=order_id,
            customer_id=order.customer_id,
            item_id=item_id,
            title=item.title[:200],
            options=item.options,
            quantity=item.quantity,
        )
    )
    await save(uow, repo, order)
    return order


async def mark_out_of_stock(
    uow: OrdersUnit, actor: Actor, order_id: UUID, item_id: UUID, note: str
) -> Order:
    """The seller cannot supply an item: cancelled, and its share of the 1st billing refunded."""
    require_ops(actor)
    repo, order = await load_for(uow, order_id, actor)
    by = who(actor)
    item = item_rules.mark_out_of_stock(order, item_id, at=uow.clock.now(), actor=by, note=note)
    uow.emit(
        ItemOutOfStock(
            order_id=order_id,
            customer_id=order.customer_id,
            item_id=item_id,
            refund=item_share(order, item),
        )
    )
    after_item_gone(uow, order, actor=by, by_customer=False)
    await save(uow, repo, order)
    return order
