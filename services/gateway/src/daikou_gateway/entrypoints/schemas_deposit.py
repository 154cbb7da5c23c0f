"""Shapes of the deposit routes: the whole history, withdrawals, top-ups by bank transfer."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field

from daikou_contracts.money import Money
from daikou_contracts.text import Visible
from daikou_gateway.entrypoints.schemas_common import In, Out
from daikou_gateway.entrypoints.schemas_payments import EntryOut

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"  # no NUL or other control characters
Text100 = Annotated[str, Field(min_length=1, max_length=100, pattern=PRINTABLE), Visible]
Text200 = Annotated[str, Field(min_length=1, max_length=200, pattern=PRINTABLE), Visible]
Amount = Annotated[int, Field(gt=0, le=1_000_000_000, description="yen")]
CUSTOMER = "8a3c1f0e-2b4d-4c6e-9f10-1a2b3c4d5e6f"
WITHDRAWAL = "5d9e7c1a-3b2f-4e8d-a6c4-0f1e2d3c4b5a"
TRANSFER = "c2b4a6e8-1d3f-4a5b-8c7d-9e0f1a2b3c4d"


def _yen(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "JPY"}


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


ACCOUNT_EXAMPLE = {
    "bank_name": "Mizuho Bank",
    "branch_name": "Shibuya",
    "account_type": "ordinary",
    "account_number": "1234567",
    "account_holder": "ヤマダ ハナコ",
}


class AccountType(StrEnum):
    """The kind of Japanese bank account."""

    ORDINARY = "ordinary"
    CURRENT = "current"
    SAVINGS = "savings"


class BankAccountIn(In):
    """Where a withdrawal is paid to."""

    model_config = _examples(ACCOUNT_EXAMPLE)

    bank_name: Text100
    branch_name: Text100
    account_type: AccountType = AccountType.ORDINARY
    account_number: Annotated[str, Field(pattern=r"^\d{7,8}$")]
    account_holder: Text100


class WithdrawalIn(In):
    """Withdraw part or all of the deposit balance to a bank account."""

    model_config = _examples({"amount": _yen(3000), "bank_account": ACCOUNT_EXAMPLE})

    amount: Money
    bank_account: BankAccountIn


class PayOutIn(In):
    """Staff sent the money: the bank's reference."""

    model_config = _examples({"reference": "MZ-20261203-0001"})

    reference: Text200


class ReasonIn(In):
    """Why staff refused a withdrawal or rejected a transfer report."""

    model_config = _examples({"reason": "the account holder's name does not match"})

    reason: Text200


class DepositTransferIn(In):
    """A bank transfer the customer made to top up the deposit."""

    model_config = _examples(
        {"amount": 20000, "payer_name": "ヤマダ ハナコ", "transferred_on": "2026-12-03"}
    )

    amount: Amount
    payer_name: Text200
    transferred_on: date


class DepositTransferConfirmIn(In):
    """Staff found the transfer: the amount actually received."""

    model_config = _examples({"amount_received": 20000})

    amount_received: Amount


class DepositHistoryOut(Out):
    """A page of the deposit's whole history, newest first."""

    model_config = _examples(
        {
            "customer_id": CUSTOMER,
            "balance": _yen(7000),
            "entries": [
                {
                    "entry_id": "e0000000-1111-4222-8333-444444444444",
                    "amount": _yen(-3000),
                    "reason": "withdrawal",
                    "balance_after": _yen(7000),
                    "order_id": None,
                    "billing_id": None,
                    "note": f"withdrawal {WITHDRAWAL}",
                    "created_at": "2026-12-03T01:00:00Z",
                }
            ],
            "next_cursor": "1234",
        }
    )

    customer_id: UUID
    balance: Money
    entries: list[EntryOut]
    next_cursor: str | None = Field(
        description="pass as `cursor` for the next (older) page; null on the last page"
    )


class WithdrawalOut(Out):
    """A withdrawal: requested (amount reserved), then paid_out or refused (amount released)."""

    model_config = _examples(
        {
            "withdrawal_id": WITHDRAWAL,
            "customer_id": CUSTOMER,
            "amount": _yen(3000),
            "bank_account": ACCOUNT_EXAMPLE,
            "status": "requested",
            "requested_at": "2026-12-03T01:00:00Z",
            "decided_at": None,
            "reference": "",
            "reason": "",
        }
    )

    withdrawal_id: UUID
    customer_id: UUID
    amount: Money
    bank_account: dict[str, Any]
    status: str = Field(description="requested, paid_out or refused")
    requested_at: datetime
    decided_at: datetime | None
    reference: str
    reason: str


class DepositTransferOut(Out):
    """A reported top-up transfer and what staff decided."""

    model_config = _examples(
        {
            "transfer_id": TRANSFER,
            "customer_id": CUSTOMER,
            "amount": _yen(20000),
            "payer_name": "ヤマダ ハナコ",
            "transferred_on": "2026-12-03",
            "status": "confirmed",
            "reported_at": "2026-12-03T01:00:00Z",
            "amount_received": _yen(20000),
            "decided_at": "2026-12-03T03:00:00Z",
            "reason": "",
        }
    )

    transfer_id: UUID
    customer_id: UUID
    amount: Money
    payer_name: str
    transferred_on: date
    status: str = Field(description="reported, confirmed or rejected")
    reported_at: datetime
    amount_received: Money | None
    decided_at: datetime | None
    reason: str
