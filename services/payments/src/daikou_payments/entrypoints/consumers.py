"""The payments service's message consumers: they only translate messages into use cases."""

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
from daikou_kit.consumer import QueueSpec, Subscription
from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.adapters import orders
from daikou_payments.application import issuing, second_billing


def queues(currency: str = "JPY") -> list[QueueSpec]:
    """The queues the payments service consumes, and what each handles."""

    async def estimated(uow: UnitOfWork, fact: OrderEstimated) -> None:
        await orders.remember(
            uow.conn, fact.order_id, fact.customer_id, fact.rate.model_dump(mode="json")
        )
        await issuing.first_billing(
            uow,
            fact.order_id,
            fact.customer_id,
            lines=fact.lines,
            total=fact.total,
            revision=fact.billing_revision,
            currency=currency,
        )

    async def recalculated(uow: UnitOfWork, fact: FirstBillingRecalculated) -> None:
        await orders.remember(uow.conn, fact.order_id, fact.customer_id, None)
        await issuing.first_billing(
            uow,
            fact.order_id,
            fact.customer_id,
            lines=fact.lines,
            total=fact.total,
            revision=fact.billing_revision,
            currency=currency,
        )

    async def cancelled(uow: UnitOfWork, fact: OrderCancelled) -> None:
        withheld = sum(b.share.amount for b in fact.bought_items)
        await issuing.cancel_order(
            uow, fact.order_id, fact.customer_id, fact.reason.value, withheld=withheld
        )

    async def seller_refunded(uow: UnitOfWork, fact: SellerRefundRecorded) -> None:
        await issuing.refund_item(
            uow,
            fact.order_id,
            fact.customer_id,
            fact.item_id,
            amount=fact.refund,
            reason="seller refunded an item bought for the cancelled order",
            currency=currency,
        )

    async def item_cancelled(uow: UnitOfWork, fact: ItemCancelled) -> None:
        if fact.refund is not None and fact.refund.amount > 0:
            await issuing.refund_item(
                uow,
                fact.order_id,
                fact.customer_id,
                fact.item_id,
                amount=fact.refund,
                reason="item cancelled",
                currency=currency,
            )

    async def out_of_stock(uow: UnitOfWork, fact: ItemOutOfStock) -> None:
        await issuing.refund_item(
            uow,
            fact.order_id,
            fact.customer_id,
            fact.item_id,
            amount=fact.refund,
            reason="item out of stock",
            currency=currency,
        )

    async def packed(uow: UnitOfWork, fact: PackingCompleted) -> None:
        await second_billing.packing_completed(uow, fact, currency)

    async def case_resolved(uow: UnitOfWork, fact: ExchangeReturnResolved) -> None:
        await second_billing.exchange_return_resolved(uow, fact, currency)

    return [
        QueueSpec(
            "orders-facts",
            [
                Subscription(OrderEstimated, estimated),
                Subscription(FirstBillingRecalculated, recalculated),
                Subscription(OrderCancelled, cancelled),
                Subscription(SellerRefundRecorded, seller_refunded),
                Subscription(ItemCancelled, item_cancelled),
                Subscription(ItemOutOfStock, out_of_stock),
            ],
        ),
        QueueSpec(
            "warehouse-facts",
            [
                Subscription(PackingCompleted, packed),
                Subscription(ExchangeReturnResolved, case_resolved),
            ],
        ),
    ]
