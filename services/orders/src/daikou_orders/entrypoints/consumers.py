"""The orders service's message consumers: they only translate messages into use cases."""

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
from daikou_orders.application import (
    changes,
    completion,
    dead_letters,
    deadlines,
    purchasing,
    warehouse_facts,
)
from daikou_orders.application.policy import Policy


def queues(policy: Policy | None = None) -> list[QueueSpec]:
    """The queues the orders service consumes, and what each handles."""
    policy = policy or Policy()
    decided = deadlines.decided(policy)
    return [
        QueueSpec(
            "facts",
            [
                Subscription(BillingPaid, purchasing.billing_paid_handler(policy)),
                Subscription(PurchaseConditionRequested, changes.on_purchase_condition_requested),
                Subscription(ItemArrived, warehouse_facts.on_item_arrived),
                Subscription(ItemInspected, warehouse_facts.on_item_inspected),
                Subscription(InspectionCompleted, warehouse_facts.on_inspection_completed),
                Subscription(ExchangeReturnOpened, warehouse_facts.on_case_opened),
                Subscription(ExchangeReturnResolved, warehouse_facts.on_case_resolved),
                Subscription(PackingCompleted, warehouse_facts.packing_handler(policy)),
                Subscription(BusinessCalendarChanged, deadlines.on_calendar_changed),
                Subscription(TransferReported, deadlines.on_transfer_reported),
                Subscription(TransferRejected, decided.rejected),
                Subscription(TransferConfirmed, decided.confirmed),
                Subscription(ShipmentDispatched, warehouse_facts.shipment_handler(policy)),
                Subscription(MessageDeadLettered, dead_letters.on_message_dead_lettered),
                Subscription(DeadLetterReplayed, dead_letters.on_dead_letter_replayed),
            ],
        ),
        QueueSpec(
            "deadlines",
            [
                Subscription(
                    DeadlineReached,
                    completion.on_deadline_reached,
                    routing_key=DeadlineReached.routing_key_for("orders"),
                )
            ],
        ),
    ]
