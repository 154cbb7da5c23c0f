"""Facts about additional billings (`payments.additional_billing_*`).

An additional billing carries a cost that arrived after the 2nd billing was paid and that the
deposit could not cover (an exchange or return's local shipping). It has facts of its own instead
of a new value of `BillingKind` in the `payments.billing_*.v1` facts: adding an enum value is a
breaking change (a consumer validating v1 would dead-letter it), and the consumers of those facts
(orders' status transitions, the warehouse's shipping gate) must never take it for the 1st or 2nd
billing. Only a service that cares about additional billings binds these keys.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import AwareDatetime

from daikou_contracts.catalogue.common import BillingLine, ShortText
from daikou_contracts.message import Event
from daikou_contracts.money import Money
from daikou_contracts.registry import register


@register
class AdditionalBillingIssued(Event):
    """A cost the deposit could not cover became a billing the customer pays like the others."""

    TYPE = "payments.additional_billing_issued"
    VERSION = 1

    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    lines: list[BillingLine]
    total: Money
    issued_at: AwareDatetime
    reason: ShortText


@register
class AdditionalBillingPaid(Event):
    """An additional billing is paid in full (deposit first, then transfer or card)."""

    TYPE = "payments.additional_billing_paid"
    VERSION = 1

    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    total: Money
    paid_by_deposit: Money
    paid_by_transfer: Money
    paid_by_card: Money
    paid_at: AwareDatetime


@register
class AdditionalBillingVoided(Event):
    """An open additional billing no longer applies (the order was cancelled)."""

    TYPE = "payments.additional_billing_voided"
    VERSION = 1

    billing_id: UUID
    order_id: UUID
    reason: ShortText
