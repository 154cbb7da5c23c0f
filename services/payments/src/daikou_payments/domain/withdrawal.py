"""A withdrawal of deposit money to the customer's bank account, and what staff may decide."""

from __future__ import annotations

from enum import StrEnum

from daikou_kit.errors import Conflict

MAX_OPEN_WITHDRAWALS = 5


class WithdrawalStatus(StrEnum):
    """Requested (the amount reserved), then paid out or refused (the amount released), once."""

    REQUESTED = "requested"
    PAID_OUT = "paid_out"
    REFUSED = "refused"


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
