"""The orders service's message consumers: they only translate messages into use cases."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from daikou_contracts.catalogue.dead_letters import DeadLetterReplayed, MessageDeadLettered
from daikou_contracts.catalogue.messaging import PurchaseConditionRequested
from daikou_contracts.catalogue.payments import (
    BillingPaid,
    BusinessCalendarChanged,
    TransferConfirmed,
    TransferRejected,
    TransferReported,
)
from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_contracts.catalogue.warehouse import (
    ExchangeReturnOpened,
    ExchangeReturnResolved,
    InspectionCompleted,
    ItemArrived,
    ItemInspected,
    PackingCompleted,
    ShipmentDispatched,
)
from daikou_kit.consumer import QueueSpec, Subscription
from daikou_kit.unit_of_work import UnitOfWork
from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork
from daikou_orders.application import (
    changes,
    completion,
    dead_letters,
    deadlines,
    purchasing,
    warehouse_facts,
)
from daikou_orders.application.policy import Policy

P = TypeVar("P")


def on_unit(
    handler: Callable[[OrdersUnitOfWork, P], Awaitable[None]],
) -> Callable[[UnitOfWork, P], Awaitable[None]]:
    """The kit's handler shape for a use case of the orders unit of work (its repositories on it)."""

    async def handle(uow: UnitOfWork, payload: P) -> None:
        await handler(OrdersUnitOfWork(uow), payload)

    return handle


def queues(policy: Policy | None = None) -> list[QueueSpec]:
    """The queues the orders service consumes, and what each handles."""
    policy = policy or Policy()
    decided = deadlines.decided(policy)
    return [
        QueueSpec(
            "facts",
            [
                Subscription(BillingPaid, on_unit(purchasing.billing_paid_handler(policy))),
                Subscription(
                    PurchaseConditionRequested, on_unit(changes.on_purchase_condition_requested)
                ),
                Subscription(ItemArrived, on_unit(warehouse_facts.on_item_arrived)),
                Subscription(ItemInspected, on_unit(warehouse_facts.on_item_inspected)),
                Subscription(InspectionCompleted, on_unit(warehouse_facts.on_inspection_completed)),
                Subscription(ExchangeReturnOpened, on_unit(warehouse_facts.on_case_opened)),
                Subscription(ExchangeReturnResolved, on_unit(warehouse_facts.on_case_resolved)),
                Subscription(PackingCompleted, on_unit(warehouse_facts.packing_handler(policy))),
                Subscription(BusinessCalendarChanged, on_unit(deadlines.on_calendar_changed)),
                Subscription(TransferReported, on_unit(deadlines.on_transfer_reported)),
                Subscription(TransferRejected, on_unit(decided.rejected)),
                Subscription(TransferConfirmed, on_unit(decided.confirmed)),
                Subscription(ShipmentDispatched, on_unit(warehouse_facts.shipment_handler(policy))),
                Subscription(MessageDeadLettered, on_unit(dead_letters.on_message_dead_lettered)),
                Subscription(DeadLetterReplayed, on_unit(dead_letters.on_dead_letter_replayed)),
            ],
        ),
        QueueSpec(
            "deadlines",
            [
                Subscription(
                    DeadlineReached,
                    on_unit(completion.on_deadline_reached),
                    routing_key=DeadlineReached.routing_key_for("orders"),
                )
            ],
        ),
    ]
