"""A billing: lines, a total, what was paid and how, and the rules that keep paid <= billed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from daikou_contracts.catalogue.common import BillingLine
from daikou_kit.errors import Conflict


class BillingStatus(StrEnum):
    """Open until paid in full; voided when the order is cancelled first."""

    OPEN = "open"
    PAID = "paid"
    VOIDED = "voided"


class PaymentMethod(StrEnum):
    """How (part of) a billing was paid."""

    DEPOSIT = "deposit"
    TRANSFER = "transfer"
    CARD = "card"


@dataclass
class Billing:
    """One of an order's billings (1st, 2nd or additional), in yen (integer minor units)."""

    billing_id: UUID
    order_id: UUID
    customer_id: UUID
    kind: str
    currency: str
    lines: list[BillingLine]
    total: int
    revision: int
    issued_at: datetime
    status: BillingStatus = BillingStatus.OPEN
    paid: dict[PaymentMethod, int] = field(default_factory=lambda: dict.fromkeys(PaymentMethod, 0))
    paid_at: datetime | None = None

    @property
    def amount_paid(self) -> int:
        """Everything paid so far, by any method."""
        return sum(self.paid.values())

    @property
    def amount_due(self) -> int:
        """What remains to pay (zero unless open)."""
        return self.total - self.amount_paid if self.status is BillingStatus.OPEN else 0

    def apply(self, amount: int, method: PaymentMethod, now: datetime) -> tuple[int, bool]:
        """Apply a payment; returns (the excess it cannot take, whether it just became paid)."""
        if amount < 0:
            raise ValueError("a payment is never negative")
        taken = min(amount, self.amount_due)
        self.paid[method] += taken
        just_paid = self._settle_if_covered(now) if taken else False
        return amount - taken, just_paid

    def adjust(
        self, lines: list[BillingLine], total: int, revision: int, now: datetime
    ) -> tuple[int, bool]:
        """Replace lines and total of an open billing; returns (excess to refund, just paid)."""
        if self.status is not BillingStatus.OPEN:
            raise Conflict(f"billing is {self.status}, it can no longer change")
        return self._replace(lines, total, revision, now)

    def revise(
        self, lines: list[BillingLine], total: int, revision: int, now: datetime
    ) -> tuple[int, bool]:
        """A newer revision of an open or paid billing; returns (excess to refund, paid at it).

        A paid billing whose new total is larger opens again for the difference: what was paid
        paid an older revision, and the order must not go on with less paid than owed.
        """
        if self.status is BillingStatus.VOIDED:
            raise Conflict("billing is voided, it can no longer change")
        if self.status is BillingStatus.PAID:
            self.status, self.paid_at = BillingStatus.OPEN, None
        return self._replace(lines, total, revision, now)

    def _replace(
        self, lines: list[BillingLine], total: int, revision: int, now: datetime
    ) -> tuple[int, bool]:
        if total < 0:
            raise ValueError("a billing total is never negative")
        self.lines, self.total, self.revision = lines, total, revision
        excess = max(0, self.amount_paid - total)
        if excess:
            self._give_back(excess)
        return excess, self._settle_if_covered(now)

    def void(self) -> int:
        """Void an open billing; returns what was paid on it (to refund)."""
        if self.status is not BillingStatus.OPEN:
            raise Conflict(f"billing is {self.status}, it cannot be voided")
        self.status = BillingStatus.VOIDED
        return self.amount_paid

    def _settle_if_covered(self, now: datetime) -> bool:
        # An empty billing (every item cancelled) is not "paid": nothing was bought with it.
        if self.status is BillingStatus.OPEN and 0 < self.total <= self.amount_paid:
            self.status = BillingStatus.PAID
            self.paid_at = now
            return True
        return False

    def _give_back(self, excess: int) -> None:
        """Reduce recorded payments by `excess`, card first, deposit last (it is refunded there)."""
        for method in (PaymentMethod.CARD, PaymentMethod.TRANSFER, PaymentMethod.DEPOSIT):
            back = min(excess, self.paid[method])
            self.paid[method] -= back
            excess -= back


@dataclass(frozen=True)
class BillingRevision:
    """A billing's lines and total as of one revision (the money statement shows each)."""

    billing_id: UUID
    revision: int
    total: int
    lines: list[BillingLine]
    recorded_at: datetime
