"""A bank transfer the customer reported to top up the deposit, and staff's decision on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from daikou_payments.domain.transfer import TransferStatus


@dataclass(frozen=True)
class DepositTransfer:
    """A reported top-up transfer: confirmed (with the amount received) or rejected by staff."""

    transfer_id: UUID
    customer_id: UUID
    currency: str
    amount: int
    payer_name: str
    transferred_on: date
    status: TransferStatus
    reported_at: datetime
    amount_received: int | None = None
    decided_at: datetime | None = None
    decided_by: UUID | None = None
    reason: str = ""
