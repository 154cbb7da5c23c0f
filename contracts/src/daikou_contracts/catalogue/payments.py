"""Facts published by the payments service (`payments.*`)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, Field

from daikou_contracts.catalogue.common import BillingKind, BillingLine, Model, ShortText
from daikou_contracts.message import Event
from daikou_contracts.money import Money
from daikou_contracts.registry import register


@register
class BillingIssued(Event):
    """A billing was issued to the customer."""

    TYPE = "payments.billing_issued"
    VERSION = 1

    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    kind: BillingKind
    lines: list[BillingLine]
    total: Money
    issued_at: AwareDatetime


@register
class BillingAdjusted(Event):
    """A billing's lines changed (quantity change, item cancellation, extra cost)."""

    TYPE = "payments.billing_adjusted"
    VERSION = 1

    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    kind: BillingKind
    lines: list[BillingLine]
    total: Money
    amount_paid: Money
    amount_due: Money
    revision: int = Field(ge=1)


@register
class BillingVoided(Event):
    """A billing no longer applies (the order was cancelled before paying it)."""

    TYPE = "payments.billing_voided"
    VERSION = 1

    billing_id: UUID
    order_id: UUID
    kind: BillingKind
    reason: ShortText


@register
class TransferReported(Event):
    """The customer reported a bank transfer; staff will confirm it on a business day."""

    TYPE = "payments.transfer_reported"
    VERSION = 1

    transfer_id: UUID
    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    amount: Money
    payer_name: ShortText
    transferred_on: date
    expected_confirmation_by: AwareDatetime


@register
class TransferConfirmed(Event):
    """Staff confirmed a reported transfer with the amount actually received."""

    TYPE = "payments.transfer_confirmed"
    VERSION = 1

    transfer_id: UUID
    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    amount_received: Money


@register
class TransferRejected(Event):
    """Staff could not find a reported transfer."""

    TYPE = "payments.transfer_rejected"
    VERSION = 1

    transfer_id: UUID
    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    reason: ShortText


@register
class BillingPaid(Event):
    """A billing is paid in full; the amounts say how (deposit first, then transfer or card)."""

    TYPE = "payments.billing_paid"
    VERSION = 1

    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    kind: BillingKind
    total: Money
    paid_by_deposit: Money
    paid_by_transfer: Money
    paid_by_card: Money
    paid_at: AwareDatetime
    revision: int | None = Field(default=None, ge=1)
    """The billing revision this payment paid (the order's `billing_revision` for the 1st)."""


class LedgerReason(StrEnum):
    """Why the deposit balance moved."""

    TOP_UP = "top_up"
    PAYMENT = "payment"
    REFUND = "refund"
    OVERPAYMENT = "overpayment"
    CHARGE = "charge"
    ADJUSTMENT = "adjustment"


@register
class DepositCredited(Event):
    """Money was added to a customer's deposit."""

    TYPE = "payments.deposit_credited"
    VERSION = 1

    entry_id: UUID
    customer_id: UUID
    amount: Money
    reason: LedgerReason
    balance_after: Money
    order_id: UUID | None = None


@register
class DepositDebited(Event):
    """Money was taken from a customer's deposit."""

    TYPE = "payments.deposit_debited"
    VERSION = 1

    entry_id: UUID
    customer_id: UUID
    amount: Money
    reason: LedgerReason
    balance_after: Money
    order_id: UUID | None = None


@register
class RefundIssued(Event):
    """Money paid for an order went back to the customer's deposit."""

    TYPE = "payments.refund_issued"
    VERSION = 1

    refund_id: UUID
    order_id: UUID
    customer_id: UUID
    amount: Money
    reason: ShortText
    item_id: UUID | None = None
    note: Annotated[str, Field(max_length=2000)] = ""


class ClosedDate(Model):
    """One of the service's own closed days."""

    day: date
    reason: ShortText


class ClosedAnnualDay(Model):
    """A day the service closes every year (e.g. the year-end closure)."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    reason: ShortText


@register
class BusinessCalendarChanged(Event):
    """The service's own closed days changed: the whole set, so a copy is replaced, never merged.

    Public holidays are not listed (every service computes them with the same library). A copy
    keeps the snapshot with the highest `revision` and ignores older ones arriving late.
    """

    TYPE = "payments.business_calendar_changed"
    VERSION = 1

    revision: int = Field(ge=1)
    closed_dates: list[ClosedDate] = Field(max_length=5000)
    closed_every_year: list[ClosedAnnualDay] = Field(default_factory=list, max_length=366)
    changed_at: AwareDatetime
