"""A withdrawal of deposit money to the customer's bank account, and what staff may decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from daikou_kit.errors import Conflict

MAX_OPEN_WITHDRAWALS = 5


class WithdrawalStatus(StrEnum):
    """Requested (the amount reserved), then paid out or refused (the amount released), once."""

    REQUESTED = "requested"
    PAID_OUT = "paid_out"
    REFUSED = "refused"


@dataclass(frozen=True)
class Withdrawal:
    """Deposit money a customer asked to be paid out to a bank account, and staff's decision."""

    withdrawal_id: UUID
    customer_id: UUID
    currency: str
    amount: int
    bank_account: dict[str, str]
    status: WithdrawalStatus
    requested_at: datetime
    decided_at: datetime | None = None
    decided_by: UUID | None = None
    reference: str = ""
    reason: str = ""


class WithdrawalEntry(StrEnum):
    """Ledger reasons of a withdrawal's entries; its own facts (not DepositDebited) publish them."""

    RESERVED = "withdrawal"
    RELEASED = "withdrawal_refused"


def ensure_decidable(status: WithdrawalStatus) -> None:
    """Only a requested withdrawal is paid out or refused, and only once."""
    if status is not WithdrawalStatus.REQUESTED:
        raise Conflict(f"the withdrawal is already {status}", code="already_decided")


def ensure_room_for_another(open_requests: int) -> None:
    """A customer keeps a few withdrawals open at most: staff pay them out by hand."""
    if open_requests >= MAX_OPEN_WITHDRAWALS:
        raise Conflict(
            f"{open_requests} withdrawals are still waiting; wait for staff to pay them out",
            code="too_many_withdrawals",
        )
