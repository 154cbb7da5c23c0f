"""The messaging service's message consumers: they only translate messages into use cases."""

from __future__ import annotations

from daikou_contracts.catalogue.orders import (
    CustomerReminderDue,
    ItemCancelled,
    OrderCancelled,
    OrderCompleted,
    OrderPlaced,
    OrderStatusChanged,
    PurchasingStarted,
    ReceptionReported,
)
from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_kit.consumer import OnUnit, QueueSpec, Subscription
from daikou_messaging.adapters.unit_of_work import MessagingUnitOfWork
from daikou_messaging.application import order_facts, problems

SERVICE = "messaging"


def queues(on: OnUnit[MessagingUnitOfWork]) -> list[QueueSpec]:
    """The queues the messaging service consumes, and what each handles (on its unit of work)."""
    return [
        QueueSpec(
            "orders",
            [
                Subscription(OrderPlaced, on(order_facts.order_placed)),
                Subscription(OrderStatusChanged, on(order_facts.status_changed)),
                Subscription(OrderCancelled, on(order_facts.order_cancelled)),
                Subscription(OrderCompleted, on(order_facts.order_completed)),
                Subscription(PurchasingStarted, on(order_facts.purchasing_started)),
                Subscription(ItemCancelled, on(order_facts.item_cancelled)),
                Subscription(ReceptionReported, on(problems.reception_reported)),
                Subscription(CustomerReminderDue, on(problems.reminder_due)),
            ],
        ),
        QueueSpec(
            "deadlines",
            [
                Subscription(
                    DeadlineReached,
                    on(order_facts.deadline_reached),
                    routing_key=DeadlineReached.routing_key_for(SERVICE),
                )
            ],
        ),
    ]
