"""The notifications service's message consumers: they only translate messages into use cases."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

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
from daikou_kit.consumer import OnUnit, QueueSpec, Subscription
from daikou_notifications.application import notify
from daikou_notifications.application.ports import NotificationsUnit
from daikou_notifications.domain import rules
from daikou_notifications.domain.notice import Notice

P = TypeVar("P", bound=Payload)


def notifier(
    rule: Callable[[P], Notice | None],
) -> Callable[[NotificationsUnit, P], Awaitable[None]]:
    """The handler of a fact: its rule's notice, if any, recorded for delivery."""

    async def handle(uow: NotificationsUnit, fact: P) -> None:
        notice = rule(fact)
        if notice is not None:
            await notify.notify(uow, notice)

    handle.__name__ = f"notify_{rule.__name__}"
    return handle


def queues(on: OnUnit[NotificationsUnit]) -> list[QueueSpec]:
    """The queues the notifications service consumes, and what each handles.

    Contacts and orders have a queue of their own, so a customer's contact is learnt even while
    facts wait; facts of one order are handled in arrival order on the facts queue.
    """
    return [
        QueueSpec(
            "contacts",
            [
                Subscription(AccountRegistered, on(notify.account_registered)),
                Subscription(AccountChanged, on(notify.account_changed)),
                Subscription(OrderPlaced, on(notify.order_placed)),
            ],
        ),
        QueueSpec(
            "facts",
            [
                Subscription(OrderEstimated, on(notifier(rules.estimated))),
                Subscription(CustomerReminderDue, on(notifier(rules.reminder))),
                Subscription(OrderCancelled, on(notifier(rules.cancelled))),
                Subscription(TransferConfirmed, on(notifier(rules.transfer_confirmed))),
                Subscription(TransferRejected, on(notifier(rules.transfer_rejected))),
                Subscription(MessagePosted, on(notifier(rules.message_posted))),
                Subscription(ItemOutOfStock, on(notifier(rules.out_of_stock))),
                Subscription(InspectionCompleted, on(notifier(rules.inspected))),
                Subscription(BillingIssued, on(notifier(rules.billing_issued))),
                Subscription(
                    AdditionalBillingIssued, on(notifier(rules.additional_billing_issued))
                ),
                Subscription(SecondBillingReminderDue, on(notifier(rules.second_billing_reminder))),
                Subscription(ShipmentDispatched, on(notifier(rules.shipped))),
                Subscription(OrderCompleted, on(notifier(rules.completed))),
                Subscription(ExchangeReturnOpened, on(notifier(rules.exchange_return_opened))),
                Subscription(ExchangeReturnResolved, on(notifier(rules.exchange_return_resolved))),
                Subscription(PurchaseConditionAnswered, on(notifier(rules.condition_answered))),
            ],
        ),
    ]
