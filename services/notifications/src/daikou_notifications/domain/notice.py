"""What is notified: a fact about an order turned into a notice for its customer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID


class Kind(StrEnum):
    """The kinds of notification (each has a template per language)."""

    ESTIMATE_READY = "estimate_ready"
    PAYMENT_REMINDER = "payment_reminder"
    RECEPTION_REMINDER = "reception_reminder"
    ORDER_CANCELLED = "order_cancelled"
    TRANSFER_CONFIRMED = "transfer_confirmed"
    TRANSFER_REJECTED = "transfer_rejected"
    STAFF_REPLY = "staff_reply"
    ITEM_OUT_OF_STOCK = "item_out_of_stock"
    INSPECTION_COMPLETED = "inspection_completed"
    SECOND_BILLING = "second_billing"
    SECOND_BILLING_REMINDER = "second_billing_reminder"
    ADDITIONAL_BILLING = "additional_billing"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    EXCHANGE_RETURN_OPENED = "exchange_return_opened"
    EXCHANGE_RETURN_RESOLVED = "exchange_return_resolved"
    CONDITION_ANSWERED = "condition_answered"


LANGUAGES = ("ja", "en")

MANDATORY = frozenset(
    {
        Kind.ESTIMATE_READY,
        Kind.PAYMENT_REMINDER,
        Kind.ORDER_CANCELLED,
        Kind.TRANSFER_CONFIRMED,
        Kind.TRANSFER_REJECTED,
        Kind.ITEM_OUT_OF_STOCK,
        Kind.SECOND_BILLING,
        Kind.SECOND_BILLING_REMINDER,
        Kind.ADDITIONAL_BILLING,
        Kind.EXCHANGE_RETURN_RESOLVED,
    }
)
"""The kinds about money and deadlines: always sent, whatever the customer's preferences."""


def wanted(kind: Kind, switched_off: frozenset[Kind]) -> bool:
    """Whether a notice of `kind` is mailed, given the kinds the customer switched off."""
    return kind in MANDATORY or kind not in switched_off


class Status(StrEnum):
    """Where a notification is in its delivery."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    NO_CONTACT = "no_contact"
    SKIPPED = "skipped"
    """The customer switched this kind off."""


@dataclass(frozen=True)
class Notice:
    """One notification to make: `key` names the fact, so a repeated fact makes none."""

    kind: Kind
    key: str
    order_id: UUID
    customer_id: UUID | None = None
    """None when the fact names only the order: the order's customer is looked up."""
    params: dict[str, object] = field(default_factory=dict)
    item_id: UUID | None = None
    """The item the notice is about, named in the mail by its title when the order is known."""

    @property
    def fact_key(self) -> str:
        """The unique key of the notification."""
        return f"{self.kind.value}:{self.key}"


@dataclass(frozen=True)
class Contact:
    """Where and how to write to a customer."""

    customer_id: UUID
    email: str
    display_name: str
    language: str


def order_link(web_url: str, order_id: UUID) -> str:
    """The order's page in the web client."""
    return f"{web_url.rstrip('/')}/orders/{order_id}"
