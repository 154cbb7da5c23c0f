"""The warehouse service's message consumers: they only translate messages into use cases."""

from daikou_contracts.catalogue.orders import (
    ItemCancelled,
    ItemOutOfStock,
    ItemPurchased,
    OrderCancelled,
)
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_kit.consumer import OnUnit, QueueSpec, Subscription
from daikou_warehouse.adapters.unit_of_work import WarehouseUnitOfWork
from daikou_warehouse.application import expectations


def queues(on: OnUnit[WarehouseUnitOfWork]) -> list[QueueSpec]:
    """The queues the warehouse service consumes, and what each handles."""
    return [
        QueueSpec(
            "events",
            [
                Subscription(ItemPurchased, on(expectations.item_purchased)),
                Subscription(ItemCancelled, on(expectations.item_cancelled)),
                Subscription(ItemOutOfStock, on(expectations.item_out_of_stock)),
                Subscription(OrderCancelled, on(expectations.order_cancelled)),
                Subscription(BillingPaid, on(expectations.billing_paid)),
            ],
        )
    ]
