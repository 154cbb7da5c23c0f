"""The notifications service's message consumers: they only translate messages into use cases."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from daikou_contracts.catalogue.accounts import AccountChanged, AccountRegistered
from daikou_contracts.catalogue.additional_billings import AdditionalBillingIssued
from daikou_contracts.catalogue.messaging import MessagePosted
from daikou_contracts.catalogue.orders import (
    CustomerReminderDue,
    ItemOutOfStock,
    OrderCancelled,
    OrderCompleted,
    OrderEstimated,
    OrderPlaced,
    PurchaseConditionAnswered,
    SecondBillingReminderDue,
)
from daikou_contracts.catalogue.payments import BillingIssued, TransferConfirmed, TransferRejected
from daikou_contracts.catalogue.warehouse import (
    ExchangeReturnOpened,
    ExchangeReturnResolved,
    InspectionCompleted,
    ShipmentDispatched,
)
from daikou_contracts.message import Payload
from daikou_kit.consumer import QueueSpec, Subscription
from daikou_kit.unit_of_work import UnitOfWork
from daikou_notifications.application import notify
from daikou_notifications.application.rendering import Renderer
from daikou_notifications.domain import rules
from daikou_notifications.domain.notice import Notice

P = TypeVar("P", bound=Payload)

RULES: list[tuple[type[Any], Callable[[Any], Notice | None]]] = [
    (OrderEstimated, rules.estimated),
    (CustomerReminderDue, rules.reminder),
    (OrderCancelled, rules.cancelled),
    (TransferConfirmed, rules.transfer_confirmed),
    (TransferRejected, rules.transfer_rejected),
    (MessagePosted, rules.message_posted),
    (ItemOutOfStock, rules.out_of_stock),
    (InspectionCompleted, rules.inspected),
    (BillingIssued, rules.billing_issued),
    (AdditionalBillingIssued, rules.additional_billing_issued),
    (SecondBillingReminderDue, rules.second_billing_reminder),
    (ShipmentDispatched, rules.shipped),
    (OrderCompleted, rules.completed),
    (ExchangeReturnOpened, rules.exchange_return_opened),
    (ExchangeReturnResolved, rules.exchange_return_resolved),
    (PurchaseConditionAnswered, rules.condition_answered),
]


def _notifier(
    rule: Callable[[P], Notice | None], renderer: Renderer, web_url: str
) -> Callable[[UnitOfWork, P], Awaitable[None]]:
    async def handle(uow: UnitOfWork, fact: P) -> None:
        notice = rule(fact)
        if notice is not None:
            await notify.notify(uow, notice, renderer, web_url)

    return handle


def queues(renderer: Renderer, web_url: str) -> list[QueueSpec]:
    """The queues the notifications service consumes, and what each handles.

    Contacts and orders have a queue of their own, so a customer's contact is learnt even while
    facts wait; facts of one order are handled in arrival order on the facts queue.
    """
    return [
        QueueSpec(
            "contacts",
            [
                Subscription(AccountRegistered, notify.account_registered),
                Subscription(AccountChanged, notify.account_changed),
                Subscription(OrderPlaced, notify.order_placed),
            ],
        ),
        QueueSpec(
            "facts",
            [
                Subscription(payload_type, _notifier(rule, renderer, web_url))
                for payload_type, rule in RULES
            ],
        ),
    ]
