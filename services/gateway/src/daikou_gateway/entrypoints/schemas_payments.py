"""Request and answer shapes of the payment routes (the payments service's API, as the public sees it)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field

from daikou_contracts.catalogue.common import AnyBillingKind, BillingLine
from daikou_contracts.catalogue.payments import LedgerReason
from daikou_contracts.money import Money
from daikou_contracts.text import Visible
from daikou_gateway.entrypoints.schemas_common import In, Out, SignedAmount
from daikou_gateway.entrypoints.schemas_orders import CUSTOMER_ID, ITEM_ID, ORDER_ID

Amount = Annotated[int, Field(gt=0, le=1_000_000_000, description="JPY, in yen")]
BILLING_ID = "b1111111-2222-4333-8444-555555555555"
TRANSFER_ID = "7e000000-1111-4222-8333-444444444444"


def _yen(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "JPY"}


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class RemainderMethod(StrEnum):
    """How the customer pays what the deposit does not cover."""

    DEPOSIT = "deposit"
    TRANSFER = "transfer"
    CARD = "card"


class TransferStatus(StrEnum):
    """A bank-transfer report: reported, then confirmed or rejected by staff."""

    REPORTED = "reported"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class PaymentIn(In):
    """Pay a billing: the deposit is used first, the rest by `method`."""

    model_config = _examples({"method": "card", "revision": 1}, {"method": "transfer"})

    method: RemainderMethod
    revision: Annotated[int, Field(ge=1, le=1_000_000)] | None = Field(
        default=None,
        description="the billing revision the customer saw; another is refused (409 stale_revision)",
    )


class TransferReportIn(In):
    """A bank transfer the customer made to our account."""

    model_config = _examples(
        {"amount": 4184, "payer_name": "ヤマダ ハナコ", "transferred_on": "2026-12-03"}
    )

    amount: Amount
    payer_name: Annotated[str, Field(min_length=1, max_length=200), Visible]
    transferred_on: date


class TransferConfirmationIn(In):
    """Staff confirm a reported transfer with the amount that arrived."""

    model_config = _examples({"amount_received": 4184})

    amount_received: Amount


class TransferRejectionIn(In):
    """Staff reject a reported transfer."""

    model_config = _examples({"reason": "no such transfer arrived"})

    reason: Annotated[str, Field(min_length=1, max_length=200), Visible]


class TopUpIn(In):
    """Credit (or adjust) a customer's deposit."""

    model_config = _examples({"amount": _yen(10000), "reason": "top_up", "note": "bank transfer"})

    amount: SignedAmount
    reason: LedgerReason = LedgerReason.TOP_UP
    note: Annotated[str, Field(max_length=2000)] = ""


TRANSFER_EXAMPLE: dict[str, Any] = {
    "transfer_id": TRANSFER_ID,
    "billing_id": BILLING_ID,
    "order_id": ORDER_ID,
    "customer_id": CUSTOMER_ID,
    "amount": _yen(4184),
    "payer_name": "ヤマダ ハナコ",
    "transferred_on": "2026-12-03",
    "status": "reported",
    "reported_at": "2026-12-03T02:00:00Z",
    "expected_confirmation_by": "2026-12-04T02:00:00Z",
    "amount_received": None,
    "decided_at": None,
    "reason": "",
}


class TransferOut(Out):
    """A reported bank transfer."""

    model_config = _examples(TRANSFER_EXAMPLE)

    transfer_id: UUID
    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    amount: Money
    payer_name: str
    transferred_on: date
    status: TransferStatus
    reported_at: datetime
    expected_confirmation_by: datetime
    amount_received: Money | None
    decided_at: datetime | None
    reason: str


class CardPaymentOut(Out):
    """A PayPal order for (part of) a billing."""

    paypal_order_id: str
    amount: Money
    fee: Money
    total: Money
    approve_url: str
    status: str
    created_at: datetime
    captured_at: datetime | None


class PaidBy(Out):
    """How much each method paid."""

    deposit: Money
    transfer: Money
    card: Money


BILLING_EXAMPLE: dict[str, Any] = {
    "billing_id": BILLING_ID,
    "order_id": ORDER_ID,
    "customer_id": CUSTOMER_ID,
    "kind": "first",
    "status": "open",
    "revision": 1,
    "lines": [
        {
            "code": "items",
            "description": "Ceramic mug x2",
            "amount": _yen(3184),
            "item_id": ITEM_ID,
            "quantity": 2,
            "unit_amount": _yen(1592),
        },
        {"code": "service_fee", "description": "Service fee", "amount": _yen(1000)},
    ],
    "total": _yen(4184),
    "amount_paid": _yen(0),
    "amount_due": _yen(4184),
    "paid_by": {"deposit": _yen(0), "transfer": _yen(0), "card": _yen(0)},
    "issued_at": "2026-12-03T01:30:00Z",
    "paid_at": None,
    "transfers": [],
    "card_payments": [],
}


class BillingOut(Out):
    """A billing with its lines, amounts, status and how it was paid."""

    model_config = _examples(BILLING_EXAMPLE)

    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    kind: AnyBillingKind = Field(
        description="first, second, or additional (a cost after the 2nd billing was paid)"
    )
    status: str = Field(description="open, paid or voided")
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


class OrderBillingsOut(Out):
    """An order's billings (1st, 2nd, then any additional ones) and its refunds."""

    model_config = _examples(
        {
            "order_id": ORDER_ID,
            "billings": [BILLING_EXAMPLE],
            "refunded": _yen(0),
            "pending_charges": _yen(0),
        }
    )

    order_id: UUID
    billings: list[BillingOut]
    refunded: Money
    pending_charges: Money


class CardCheckoutOut(Out):
    """Where to send the buyer, and the total with the card fee."""

    paypal_order_id: str
    approve_url: str
    amount: Money
    fee: Money
    total: Money


class TransferInstructions(Out):
    """Where to transfer the amount due (the transfer fee is the customer's)."""

    bank_account: str
    amount: Money


class PaymentOut(Out):
    """What the deposit paid now and how to pay the rest."""

    model_config = _examples(
        {
            "billing": BILLING_EXAMPLE,
            "paid_by_deposit_now": _yen(0),
            "method": "card",
            "card": {
                "paypal_order_id": "5O190127TN364715T",
                "approve_url": "https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T",
                "amount": _yen(4184),
                "fee": _yen(168),
                "total": _yen(4352),
            },
            "transfer": None,
        }
    )

    billing: BillingOut
    paid_by_deposit_now: Money
    method: RemainderMethod
    card: CardCheckoutOut | None
    transfer: TransferInstructions | None


class EntryOut(Out):
    """A deposit ledger entry (amount signed: + credit, - debit)."""

    entry_id: UUID
    amount: Money
    reason: str = Field(description="top_up, payment, refund, overpayment, charge, adjustment")
    balance_after: Money
    order_id: UUID | None
    billing_id: UUID | None
    note: str
    created_at: datetime


class DepositOut(Out):
    """A customer's deposit balance and its recent entries."""

    model_config = _examples(
        {
            "customer_id": CUSTOMER_ID,
            "balance": _yen(10000),
            "entries": [
                {
                    "entry_id": "e0000000-1111-4222-8333-444444444444",
                    "amount": _yen(10000),
                    "reason": "top_up",
                    "balance_after": _yen(10000),
                    "order_id": None,
                    "billing_id": None,
                    "note": "bank transfer",
                    "created_at": "2026-12-02T10:00:00Z",
                }
            ],
        }
    )

    customer_id: UUID
    balance: Money
    entries: list[EntryOut]


class CalendarDayOut(Out):
    """A day of the business calendar."""

    date: date
    business_day: bool
    reason: str = Field(
        description="why it is not a business day: `weekend`, `public holiday: <name>`, "
        "`closed: <why>`; empty on business days"
    )


class CalendarMonthOut(Out):
    """The business days of a month."""

    model_config = _examples(
        {
            "year": 2026,
            "month": 12,
            "business_hours": "10:00-18:00 JST",
            "days": [
                {"date": "2026-12-01", "business_day": True, "reason": ""},
                {"date": "2026-12-06", "business_day": False, "reason": "weekend"},
            ],
        }
    )

    year: int
    month: int
    business_hours: str
    days: list[CalendarDayOut]


class CardLandingOut(Out):
    """Where PayPal sent the buyer back: what happened and what the client does next."""

    model_config = _examples(
        {
            "paypal_order_id": "5O190127TN364715T",
            "status": "approved",
            "detail": "approved at PayPal; the payment is reflected once captured",
            "capture": "/api/v1/card-payments/5O190127TN364715T/capture",
        }
    )

    paypal_order_id: str
    status: str = Field(description="approved or cancelled")
    detail: str
    capture: str | None = Field(default=None, description="the capture call, once approved")


class WebhookAckOut(Out):
    """Payments' answer to a verified PayPal notification."""

    model_config = _examples({"status": "captured"})

    status: str
