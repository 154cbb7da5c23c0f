"""The orders service's message consumers: a table of the messages it handles and their use cases.

Each use case takes the orders unit of work; `on` (the kit's `OnUnit`, given the same factory as
the routes) wraps the kit's transaction into it, with the repositories and the policy on it.
"""

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
from daikou_kit.consumer import OnUnit, QueueSpec, Subscription
from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork
from daikou_orders.application import (
    changes,
    completion,
    dead_letters,
    deadlines,
    purchasing,
    warehouse_facts,
)


def queues(on: OnUnit[OrdersUnitOfWork]) -> list[QueueSpec]:
    """The queues the orders service consumes, and what each handles."""
    return [
        QueueSpec(
            "facts",
            [
                Subscription(BillingPaid, on(purchasing.on_billing_paid)),
                Subscription(
                    PurchaseConditionRequested, on(changes.on_purchase_condition_requested)
                ),
                Subscription(ItemArrived, on(warehouse_facts.on_item_arrived)),
                Subscription(ItemInspected, on(warehouse_facts.on_item_inspected)),
                Subscription(InspectionCompleted, on(warehouse_facts.on_inspection_completed)),
                Subscription(ExchangeReturnOpened, on(warehouse_facts.on_case_opened)),
                Subscription(ExchangeReturnResolved, on(warehouse_facts.on_case_resolved)),
                Subscription(PackingCompleted, on(warehouse_facts.on_packing_completed)),
                Subscription(BusinessCalendarChanged, on(deadlines.on_calendar_changed)),
                Subscription(TransferReported, on(deadlines.on_transfer_reported)),
                Subscription(TransferRejected, on(deadlines.on_transfer_rejected)),
                Subscription(TransferConfirmed, on(deadlines.on_transfer_confirmed)),
                Subscription(ShipmentDispatched, on(warehouse_facts.on_shipment_dispatched)),
                Subscription(MessageDeadLettered, on(dead_letters.on_message_dead_lettered)),
                Subscription(DeadLetterReplayed, on(dead_letters.on_dead_letter_replayed)),
            ],
        ),
        QueueSpec(
            "deadlines",
            [
                Subscription(
                    DeadlineReached,
                    on(completion.on_deadline_reached),
                    routing_key=DeadlineReached.routing_key_for("orders"),
                )
            ],
        ),
    ]
