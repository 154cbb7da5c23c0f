"""Which facts become which notices, and with which figures (no I/O)."""

from __future__ import annotations

from daikou_contracts.catalogue.additional_billings import AdditionalBillingIssued
from daikou_contracts.catalogue.common import BillingKind
from daikou_contracts.catalogue.messaging import AuthorRole, MessagePosted
from daikou_contracts.catalogue.orders import (
    CustomerReminderDue,
    ItemOutOfStock,
    OrderCancelled,
    OrderCompleted,
    OrderEstimated,
    PurchaseConditionAnswered,
    ReminderKind,
    SecondBillingReminderDue,
)
from daikou_contracts.catalogue.payments import BillingIssued, TransferConfirmed, TransferRejected
from daikou_contracts.catalogue.warehouse import (
    ExchangeReturnOpened,
    ExchangeReturnResolved,
    InspectionCompleted,
    ShipmentDispatched,
)
from daikou_notifications.domain.notice import Kind, Notice


def estimated(fact: OrderEstimated) -> Notice:
    """The estimate (the 1st billing) is ready, with its total and payment deadline."""
    return Notice(
        Kind.ESTIMATE_READY,
        f"{fact.order_id}:{fact.billing_revision}",
        fact.order_id,
        fact.customer_id,
        {"total": fact.total, "due_at": fact.payment_due_at},
    )


def reminder(fact: CustomerReminderDue) -> Notice:
    """The payment deadline, or the reception report's, is close."""
    kind = (
        Kind.PAYMENT_REMINDER
        if fact.kind is ReminderKind.PAY_FIRST_BILLING
        else Kind.RECEPTION_REMINDER
    )
    return Notice(
        kind,
        f"{fact.order_id}:{fact.deadline_at.isoformat()}",
        fact.order_id,
        fact.customer_id,
        {"deadline_at": fact.deadline_at},
    )


def cancelled(fact: OrderCancelled) -> Notice:
    """The order was cancelled (by the deadline, by staff or by the customer)."""
    return Notice(
        Kind.ORDER_CANCELLED,
        str(fact.order_id),
        fact.order_id,
        fact.customer_id,
        {"reason": fact.reason.value, "note": fact.note},
    )


def transfer_confirmed(fact: TransferConfirmed) -> Notice:
    """Staff found the customer's bank transfer."""
    return Notice(
        Kind.TRANSFER_CONFIRMED,
        str(fact.transfer_id),
        fact.order_id,
        fact.customer_id,
        {"amount": fact.amount_received},
    )


def transfer_rejected(fact: TransferRejected) -> Notice:
    """Staff could not find the reported transfer."""
    return Notice(
        Kind.TRANSFER_REJECTED,
        str(fact.transfer_id),
        fact.order_id,
        fact.customer_id,
        {"reason": fact.reason},
    )


def message_posted(fact: MessagePosted) -> Notice | None:
    """A staff reply in the order's thread (the customer's own messages notify nobody)."""
    if fact.author_role is not AuthorRole.STAFF:
        return None
    return Notice(Kind.STAFF_REPLY, str(fact.message_id), fact.order_id, fact.customer_id)


def out_of_stock(fact: ItemOutOfStock) -> Notice:
    """An item could not be bought; its share is refunded to the deposit."""
    return Notice(
        Kind.ITEM_OUT_OF_STOCK,
        f"{fact.order_id}:{fact.item_id}",
        fact.order_id,
        fact.customer_id,
        {"refund": fact.refund},
    )


def inspected(fact: InspectionCompleted) -> Notice:
    """Every item is inspected: the photos are ready to check."""
    return Notice(
        Kind.INSPECTION_COMPLETED,
        f"{fact.order_id}:{fact.completed_at.isoformat()}",
        fact.order_id,
        params={"items": len(fact.items)},
    )


def billing_issued(fact: BillingIssued) -> Notice | None:
    """The 2nd billing (international shipping); the 1st comes with the estimate."""
    if fact.kind is not BillingKind.SECOND:
        return None
    return Notice(
        Kind.SECOND_BILLING,
        str(fact.billing_id),
        fact.order_id,
        fact.customer_id,
        {"total": fact.total},
    )


def additional_billing_issued(fact: AdditionalBillingIssued) -> Notice:
    """A cost after the 2nd billing was paid that the deposit could not cover: to pay."""
    return Notice(
        Kind.ADDITIONAL_BILLING,
        str(fact.billing_id),
        fact.order_id,
        fact.customer_id,
        {"total": fact.total},
    )


def second_billing_reminder(fact: SecondBillingReminderDue) -> Notice:
    """The 2nd billing is still unpaid."""
    return Notice(
        Kind.SECOND_BILLING_REMINDER,
        f"{fact.order_id}:{fact.unpaid_days}",
        fact.order_id,
        fact.customer_id,
        {"unpaid_days": fact.unpaid_days},
    )


def shipped(fact: ShipmentDispatched) -> Notice:
    """The parcels left the warehouse, with their tracking numbers."""
    return Notice(
        Kind.SHIPPED,
        str(fact.shipment_id),
        fact.order_id,
        params={
            "carrier": fact.carrier,
            "method": fact.method,
            "tracking_numbers": list(fact.tracking_numbers),
        },
    )


def completed(fact: OrderCompleted) -> Notice:
    """The order is complete."""
    return Notice(Kind.COMPLETED, str(fact.order_id), fact.order_id, fact.customer_id)


def exchange_return_opened(fact: ExchangeReturnOpened) -> Notice:
    """We asked the seller to exchange or take back a problem item."""
    return Notice(
        Kind.EXCHANGE_RETURN_OPENED,
        str(fact.case_id),
        fact.order_id,
        params={"case": fact.kind.value, "reason": fact.reason},
        item_id=fact.item_id,
    )


def exchange_return_resolved(fact: ExchangeReturnResolved) -> Notice:
    """How the case ended, and the local shipping it cost."""
    return Notice(
        Kind.EXCHANGE_RETURN_RESOLVED,
        str(fact.case_id),
        fact.order_id,
        params={"outcome": fact.outcome.value, "cost": fact.local_shipping_cost},
        item_id=fact.item_id,
    )


def condition_answered(fact: PurchaseConditionAnswered) -> Notice:
    """The seller answered the customer's purchase condition; whether we buy the item."""
    return Notice(
        Kind.CONDITION_ANSWERED,
        f"{fact.order_id}:{fact.item_id}",
        fact.order_id,
        params={"answer": fact.answer, "proceed": fact.proceed},
        item_id=fact.item_id,
    )
