"""A reported bank transfer and the guards on what staff may decide."""

from __future__ import annotations

from enum import StrEnum

from daikou_kit.errors import Conflict, InvalidInput


class TransferStatus(StrEnum):
    """Reported by the customer, then confirmed or rejected by staff."""

    REPORTED = "reported"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


def ensure_decidable(status: TransferStatus) -> None:
    """Only a reported transfer can be confirmed or rejected, once."""
    if status is not TransferStatus.REPORTED:
        raise Conflict(f"the transfer is already {status}")


def ensure_positive(amount: int, what: str) -> None:
    """Refuse zero or negative amounts with a reason."""
    if amount <= 0:
        raise InvalidInput(f"{what} must be positive")
