"""The warehouse service's message consumers: they only translate messages into use cases."""

from daikou_contracts.catalogue.orders import (
    ItemCancelled,
    ItemOutOfStock,
    ItemPurchased,
    OrderCancelled,
)
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_kit.consumer import QueueSpec, Subscription
from daikou_warehouse.application import expectations


def queues() -> list[QueueSpec]:
    """The queues the warehouse service consumes, and what each handles."""
    return [
        QueueSpec(
            "events",
            [
                Subscription(ItemPurchased, expectations.item_purchased),
                Subscription(ItemCancelled, expectations.item_cancelled),
                Subscription(ItemOutOfStock, expectations.item_out_of_stock),
                Subscription(OrderCancelled, expectations.order_cancelled),
                Subscription(BillingPaid, expectations.billing_paid),
            ],
        )
    ]
