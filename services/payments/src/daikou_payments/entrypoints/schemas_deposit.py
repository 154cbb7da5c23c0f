"""Request and response shapes of the deposit's history, withdrawals and top-up transfers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from daikou_contracts.money import Money, Price
from daikou_payments.entrypoints.schemas import Amount, EntryOut, Request

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"  # no NUL or other control characters
Text200 = Annotated[str, Field(min_length=1, max_length=200, pattern=PRINTABLE)]
Text100 = Annotated[str, Field(min_length=1, max_length=100, pattern=PRINTABLE)]


class BankAccount(Request):
    """Where a withdrawal is paid to (a Japanese bank account)."""

    bank_name: Text100
    branch_name: Text100
    account_type: Annotated[str, Field(pattern="^(ordinary|current|savings)$")] = "ordinary"
    account_number: Annotated[str, Field(pattern=r"^\d{7,8}$")]
    account_holder: Text100


class WithdrawalRequest(Request):
    """POST /deposits/{customer_id}/withdrawals."""

    amount: Price
    bank_account: BankAccount


class PayOut(Request):
    """POST /withdrawals/{id}/pay-out."""

    reference: Text200


class Refusal(Request):
    """POST /withdrawals/{id}/refuse and /deposit-transfers/{id}/reject."""

    reason: Text200


class DepositTransferReport(Request):
    """POST /deposits/{customer_id}/transfers."""

    amount: Amount
    payer_name: Text200
    transferred_on: date


class DepositTransferConfirmation(Request):
    """POST /deposit-transfers/{id}/confirm."""

    amount_received: Amount


class WithdrawalOut(BaseModel):
    """A withdrawal and what staff decided."""

    withdrawal_id: UUID
    customer_id: UUID
    amount: Money
    bank_account: dict[str, Any]
    status: str
    requested_at: datetime
    decided_at: datetime | None
    reference: str
    reason: str


class DepositTransferOut(BaseModel):
    """A reported top-up transfer and what staff decided."""

    transfer_id: UUID
    customer_id: UUID
    amount: Money
    payer_name: str
    transferred_on: date
    status: str
    reported_at: datetime
    amount_received: Money | None
    decided_at: datetime | None
    reason: str


class DepositHistoryOut(BaseModel):
    """GET /deposits/{customer_id}/entries: a page of the whole history, newest first."""

    customer_id: UUID
    balance: Money
    entries: list[EntryOut]
    next_cursor: str | None


def _m(amount: int, currency: str) -> Money:
    return Money(amount=amount, currency=currency)


def withdrawal_out(row: dict[str, Any]) -> WithdrawalOut:
    """A withdrawal row as the API shows it."""
    return WithdrawalOut(
        withdrawal_id=row["withdrawal_id"],
        customer_id=row["customer_id"],
        amount=_m(row["amount"], row["currency"]),
        bank_account=row["bank_account"],
        status=row["status"],
        requested_at=row["requested_at"],
        decided_at=row["decided_at"],
        reference=row["reference"],
        reason=row["reason"],
    )


def deposit_transfer_out(row: dict[str, Any]) -> DepositTransferOut:
    """A deposit transfer row as the API shows it."""
    received = row["amount_received"]
    return DepositTransferOut(
        transfer_id=row["transfer_id"],
        customer_id=row["customer_id"],
        amount=_m(row["amount"], row["currency"]),
        payer_name=row["payer_name"],
        transferred_on=row["transferred_on"],
        status=row["status"],
        reported_at=row["reported_at"],
        amount_received=_m(received, row["currency"]) if received is not None else None,
        decided_at=row["decided_at"],
        reason=row["reason"],
    )
