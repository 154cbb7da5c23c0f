"""Request and response shapes of the deposit's history, withdrawals and top-up transfers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from daikou_contracts.money import Money, Price
from daikou_payments.domain.deposit_transfer import DepositTransfer
from daikou_payments.domain.withdrawal import Withdrawal
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


def withdrawal_out(withdrawal: Withdrawal) -> WithdrawalOut:
    """A withdrawal as the API shows it."""
    return WithdrawalOut(
        withdrawal_id=withdrawal.withdrawal_id,
        customer_id=withdrawal.customer_id,
        amount=_m(withdrawal.amount, withdrawal.currency),
        bank_account=withdrawal.bank_account,
        status=withdrawal.status.value,
        requested_at=withdrawal.requested_at,
        decided_at=withdrawal.decided_at,
        reference=withdrawal.reference,
        reason=withdrawal.reason,
    )


def deposit_transfer_out(transfer: DepositTransfer) -> DepositTransferOut:
    """A deposit top-up transfer as the API shows it."""
    received = transfer.amount_received
    return DepositTransferOut(
        transfer_id=transfer.transfer_id,
        customer_id=transfer.customer_id,
        amount=_m(transfer.amount, transfer.currency),
        payer_name=transfer.payer_name,
        transferred_on=transfer.transferred_on,
        status=transfer.status.value,
        reported_at=transfer.reported_at,
        amount_received=_m(received, transfer.currency) if received is not None else None,
        decided_at=transfer.decided_at,
        reason=transfer.reason,
    )
