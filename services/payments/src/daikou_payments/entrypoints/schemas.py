"""Request and response shapes of the payments HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from daikou_contracts.catalogue.common import BillingLine
from daikou_contracts.catalogue.payments import LedgerReason
from daikou_contracts.money import Adjustment, Money
from daikou_payments.application.paying import PaymentStarted, RemainderMethod
from daikou_payments.application.queries import BillingDetails, OrderBillings
from daikou_payments.domain.billing import PaymentMethod
from daikou_payments.domain.card_payment import CardPayment
from daikou_payments.domain.deposit import LedgerEntry
from daikou_payments.domain.transfer import Transfer

Amount = Annotated[int, Field(gt=0, le=1_000_000_000)]


class Request(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class PaymentRequest(Request):
    """POST /billings/{id}/payments."""

    method: RemainderMethod
    revision: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    """The billing revision the customer saw; another revision is refused (409 stale_revision)."""


class TransferReport(Request):
    """POST /billings/{id}/transfers."""

    amount: Amount
    payer_name: Annotated[str, Field(min_length=1, max_length=200)]
    transferred_on: date


class TransferConfirmation(Request):
    """POST /transfers/{id}/confirm."""

    amount_received: Amount


class TransferRejection(Request):
    """POST /transfers/{id}/reject."""

    reason: Annotated[str, Field(min_length=1, max_length=200)]


class TopUp(Request):
    """POST /deposits/{customer_id}/top-ups."""

    amount: Adjustment
    reason: LedgerReason = LedgerReason.TOP_UP
    note: Annotated[str, Field(max_length=2000)] = ""


class TransferOut(BaseModel):
    """A reported bank transfer."""

    transfer_id: UUID
    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    amount: Money
    payer_name: str
    transferred_on: date
    status: str
    reported_at: datetime
    expected_confirmation_by: datetime
    amount_received: Money | None
    decided_at: datetime | None
    reason: str


class CardPaymentOut(BaseModel):
    """A PayPal order for (part of) a billing."""

    paypal_order_id: str
    amount: Money
    fee: Money
    total: Money
    approve_url: str
    status: str
    created_at: datetime
    captured_at: datetime | None


class PaidBy(BaseModel):
    """How much each method paid."""

    deposit: Money
    transfer: Money
    card: Money


class BillingOut(BaseModel):
    """A billing with its lines, amounts, status and how it was paid."""

    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    kind: str
    status: str
    revision: int
    lines: list[BillingLine]
    total: Money
    amount_paid: Money
    amount_due: Money
    paid_by: PaidBy
    issued_at: datetime
    paid_at: datetime | None
    transfers: list[TransferOut]
    card_payments: list[CardPaymentOut]


class OrderBillingsOut(BaseModel):
    """GET /billings?order_id=: the order's billings (1st, then 2nd) and its refunds."""

    order_id: UUID
    billings: list[BillingOut]
    refunded: Money
    pending_charges: Money


class CardCheckoutOut(BaseModel):
    """Where to send the buyer, and the total with the card fee."""

    paypal_order_id: str
    approve_url: str
    amount: Money
    fee: Money
    total: Money


class TransferInstructions(BaseModel):
    """Where to transfer the amount due (the transfer fee is the customer's)."""

    bank_account: str
    amount: Money


class PaymentOut(BaseModel):
    """POST /billings/{id}/payments: what the deposit paid now and how to pay the rest."""

    billing: BillingOut
    paid_by_deposit_now: Money
    method: RemainderMethod
    card: CardCheckoutOut | None
    transfer: TransferInstructions | None


class EntryOut(BaseModel):
    """A deposit ledger entry (amount signed: + credit, - debit)."""

    entry_id: UUID
    amount: Money
    reason: str
    balance_after: Money
    order_id: UUID | None
    billing_id: UUID | None
    note: str
    created_at: datetime


class DepositOut(BaseModel):
    """GET /deposits/{customer_id}."""

    customer_id: UUID
    balance: Money
    entries: list[EntryOut]


class CalendarDayOut(BaseModel):
    """A day of the business calendar."""

    date: date
    business_day: bool
    reason: str


class CalendarOut(BaseModel):
    """GET /calendar/{year}/{month}."""

    year: int
    month: int
    business_hours: str
    days: list[CalendarDayOut]


def _m(amount: int | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount=amount, currency=currency)


def m(amount: int, currency: str) -> Money:
    """An amount of a currency."""
    return Money(amount=amount, currency=currency)


def transfer_out(t: Transfer) -> TransferOut:
    """A transfer as the API shows it."""
    c = t.currency
    return TransferOut(
        transfer_id=t.transfer_id,
        billing_id=t.billing_id,
        order_id=t.order_id,
        customer_id=t.customer_id,
        amount=m(t.amount, c),
        payer_name=t.payer_name,
        transferred_on=t.transferred_on,
        status=t.status.value,
        reported_at=t.reported_at,
        expected_confirmation_by=t.expected_confirmation_by,
        amount_received=_m(t.amount_received, c),
        decided_at=t.decided_at,
        reason=t.reason,
    )


def card_out(card: CardPayment) -> CardPaymentOut:
    """A card payment as the API shows it."""
    c = card.currency
    return CardPaymentOut(
        paypal_order_id=card.paypal_order_id,
        amount=m(card.amount, c),
        fee=m(card.fee, c),
        total=m(card.amount + card.fee, c),
        approve_url=card.approve_url,
        status=card.status,
        created_at=card.created_at,
        captured_at=card.captured_at,
    )


def billing_out(details: BillingDetails) -> BillingOut:
    """A billing as the API shows it."""
    b, c = details.billing, details.billing.currency
    return BillingOut(
        billing_id=b.billing_id,
        order_id=b.order_id,
        customer_id=b.customer_id,
        kind=b.kind,
        status=b.status.value,
        revision=b.revision,
        lines=[BillingLine.model_validate(line) for line in b.lines],
        total=m(b.total, c),
        amount_paid=m(b.amount_paid, c),
        amount_due=m(b.amount_due, c),
        paid_by=PaidBy(
            deposit=m(b.paid[PaymentMethod.DEPOSIT], c),
            transfer=m(b.paid[PaymentMethod.TRANSFER], c),
            card=m(b.paid[PaymentMethod.CARD], c),
        ),
        issued_at=b.issued_at,
        paid_at=b.paid_at,
        transfers=[transfer_out(t) for t in details.transfers],
        card_payments=[card_out(x) for x in details.card_payments],
    )


def order_billings_out(found: OrderBillings, currency: str) -> OrderBillingsOut:
    """An order's billings as the API shows them."""
    return OrderBillingsOut(
        order_id=found.order_id,
        billings=[billing_out(d) for d in found.billings],
        refunded=m(found.refunded, currency),
        pending_charges=m(found.pending_charges, currency),
    )


def payment_out(started: PaymentStarted, details: BillingDetails, bank_account: str) -> PaymentOut:
    """The answer to a payment request."""
    c = started.billing.currency
    card = started.card
    due = started.billing.amount_due
    return PaymentOut(
        billing=billing_out(details),
        paid_by_deposit_now=m(started.paid_by_deposit_now, c),
        method=started.method,
        card=CardCheckoutOut(
            paypal_order_id=card.paypal_order_id,
            approve_url=card.approve_url,
            amount=m(card.amount, c),
            fee=m(card.fee, c),
            total=m(card.total, c),
        )
        if card
        else None,
        transfer=TransferInstructions(bank_account=bank_account, amount=m(due, c))
        if started.method is RemainderMethod.TRANSFER and due > 0
        else None,
    )


def entry_out(entry: LedgerEntry, currency: str) -> EntryOut:
    """A ledger entry as the API shows it."""
    return EntryOut(
        entry_id=entry.entry_id,
        amount=m(entry.amount, currency),
        reason=entry.reason,
        balance_after=m(entry.balance_after, currency),
        order_id=entry.order_id,
        billing_id=entry.billing_id,
        note=entry.note,
        created_at=entry.created_at,
    )
