"""A reported bank transfer and the guards on what staff may decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from daikou_kit.errors import Conflict, InvalidInput


class TransferStatus(StrEnum):
    """Reported by the customer, then confirmed or rejected by staff."""

    REPORTED = "reported"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Transfer:
    """A bank transfer the customer reported for a billing, and staff's decision on it."""

    transfer_id: UUID
    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    currency: str
    amount: int
    payer_name: str
    transferred_on: date
    status: TransferStatus
    reported_at: datetime
    expected_confirmation_by: datetime
    reason: str = ""
    amount_received: int | None = None
    decided_at: datetime | None = None
    decided_by: UUID | None = None


def ensure_decidable(status: TransferStatus) -> None:
    """Only a reported transfer can be confirmed or rejected, once."""
    if status is not TransferStatus.REPORTED:
        raise Conflict(f"the transfer is already {status}")


def ensure_positive(amount: int, what: str) -> None:
    """Refuse zero or negative amounts with a reason."""
    if amount <= 0:
        raise InvalidInput(f"{what} must be positive")
