"""The messaging service's message consumers: they only translate messages into use cases."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

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
from daikou_contracts.message import Payload
from daikou_kit.consumer import QueueSpec, Subscription
from daikou_kit.unit_of_work import UnitOfWork
from daikou_messaging.application import order_facts, problems

P = TypeVar("P", bound=Payload)

SERVICE = "messaging"


def _with_period(
    handler: Callable[[UnitOfWork, P, timedelta], Awaitable[None]], period: timedelta
) -> Callable[[UnitOfWork, P], Awaitable[None]]:
    async def handle(uow: UnitOfWork, payload: P) -> None:
        await handler(uow, payload, period)

    return handle


def queues(window_period: timedelta = timedelta(days=30)) -> list[QueueSpec]:
    """The queues the messaging service consumes, and what each handles."""
    return [
        QueueSpec(
            "orders",
            [
                Subscription(OrderPlaced, order_facts.order_placed),
                Subscription(
                    OrderStatusChanged, _with_period(order_facts.status_changed, window_period)
                ),
                Subscription(
                    OrderCancelled, _with_period(order_facts.order_cancelled, window_period)
                ),
                Subscription(
                    OrderCompleted, _with_period(order_facts.order_completed, window_period)
                ),
                Subscription(
                    PurchasingStarted, _with_period(order_facts.purchasing_started, window_period)
                ),
                Subscription(ItemCancelled, order_facts.item_cancelled),
                Subscription(ReceptionReported, problems.reception_reported),
                Subscription(CustomerReminderDue, problems.reminder_due),
            ],
        ),
        QueueSpec(
            "deadlines",
            [
                Subscription(
                    DeadlineReached,
                    _with_period(order_facts.deadline_reached, window_period),
                    routing_key=DeadlineReached.routing_key_for(SERVICE),
                )
            ],
        ),
    ]
