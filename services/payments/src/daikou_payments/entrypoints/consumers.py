"""The payments service's message consumers: they only translate messages into use cases.

`queues` is the declarative table; each handler takes the service's unit of work, which carries
the settings (the currency) the use cases need.
"""

from __future__ import annotations

from daikou_contracts.catalogue.orders import (
    FirstBillingRecalculated,
    ItemCancelled,
    ItemOutOfStock,
    OrderCancelled,
    OrderEstimated,
)
from daikou_contracts.catalogue.seller_refunds import SellerRefundRecorded
from daikou_contracts.catalogue.warehouse import ExchangeReturnResolved, PackingCompleted
from daikou_kit.consumer import OnUnit, QueueSpec, Subscription
from daikou_payments.adapters.unit_of_work import PaymentsUnitOfWork
from daikou_payments.application import issuing, second_billing


def queues(on: OnUnit[PaymentsUnitOfWork]) -> list[QueueSpec]:
    """The queues the payments service consumes, and what each handles."""
    return [
        QueueSpec(
            "orders-facts",
            [
                Subscription(OrderEstimated, on(estimated)),
                Subscription(FirstBillingRecalculated, on(recalculated)),
                Subscription(OrderCancelled, on(cancelled)),
                Subscription(SellerRefundRecorded, on(seller_refunded)),
                Subscription(ItemCancelled, on(item_cancelled)),
                Subscription(ItemOutOfStock, on(out_of_stock)),
            ],
        ),
        QueueSpec(
            "warehouse-facts",
            [
                Subscription(PackingCompleted, on(packed)),
                Subscription(ExchangeReturnResolved, on(case_resolved)),
            ],
        ),
    ]


async def estimated(unit: PaymentsUnitOfWork, fact: OrderEstimated) -> None:
    """Remember the order and issue its 1st billing."""
    await issuing.first_billing(
        unit,
        fact.order_id,
        fact.customer_id,
        lines=fact.lines,
        total=fact.total,
        revision=fact.billing_revision,
        rate=fact.rate,
    )


async def recalculated(unit: PaymentsUnitOfWork, fact: FirstBillingRecalculated) -> None:
    """Revise the 1st billing."""
    await issuing.first_billing(
        unit,
        fact.order_id,
        fact.customer_id,
        lines=fact.lines,
        total=fact.total,
        revision=fact.billing_revision,
    )


async def cancelled(unit: PaymentsUnitOfWork, fact: OrderCancelled) -> None:
    """Void what is open and give back what was paid, less what was spent on bought items."""
    withheld = sum(b.share.amount for b in fact.bought_items)
    await issuing.cancel_order(
        unit, fact.order_id, fact.customer_id, fact.reason.value, withheld=withheld
    )


async def seller_refunded(unit: PaymentsUnitOfWork, fact: SellerRefundRecorded) -> None:
    """Credit a seller's refund for an item bought for a cancelled order."""
    await issuing.refund_item(
        unit,
        fact.order_id,
        fact.customer_id,
        fact.item_id,
        amount=fact.refund,
        reason="seller refunded an item bought for the cancelled order",
    )


async def item_cancelled(unit: PaymentsUnitOfWork, fact: ItemCancelled) -> None:
    """Refund a cancelled item, if anything was paid for it."""
    if fact.refund is not None and fact.refund.amount > 0:
        await issuing.refund_item(
            unit,
            fact.order_id,
            fact.customer_id,
            fact.item_id,
            amount=fact.refund,
            reason="item cancelled",
        )


async def out_of_stock(unit: PaymentsUnitOfWork, fact: ItemOutOfStock) -> None:
    """Refund an item the seller could not supply."""
    await issuing.refund_item(
        unit,
        fact.order_id,
        fact.customer_id,
        fact.item_id,
        amount=fact.refund,
        reason="item out of stock",
    )


async def packed(unit: PaymentsUnitOfWork, fact: PackingCompleted) -> None:
    """Issue the 2nd billing for the packed parcel."""
    await second_billing.packing_completed(unit, fact)


async def case_resolved(unit: PaymentsUnitOfWork, fact: ExchangeReturnResolved) -> None:
    """Charge what an exchange or return case cost in local shipping."""
    await second_billing.exchange_return_resolved(unit, fact)
