"""A customer's deposit: a balance that is the sum of append-only entries and never negative."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from daikou_kit.errors import Conflict


@dataclass
class DepositAccount:
    """The balance of one customer's deposit, in yen."""

    customer_id: UUID
    currency: str
    balance: int = 0

    def credit(self, amount: int) -> int:
        """Add money; returns the balance after."""
        if amount <= 0:
            raise ValueError("a credit is positive")
        self.balance += amount
        return self.balance

    def debit(self, amount: int) -> int:
        """Take exactly `amount`, refusing to go below zero; returns the balance after."""
        if amount <= 0:
            raise ValueError("a debit is positive")
        if amount > self.balance:
            raise Conflict(f"the deposit holds {self.balance}, less than {amount}")
        self.balance -= amount
        return self.balance

    def takeable(self, wanted: int) -> int:
        """How much of `wanted` the deposit can pay."""
        return max(0, min(wanted, self.balance))


@dataclass(frozen=True)
class LedgerEntry:
    """One append-only entry of a deposit: a signed amount and the balance after it."""

    entry_id: UUID
    customer_id: UUID
    amount: int
    reason: str
    balance_after: int
    order_id: UUID | None
    billing_id: UUID | None
    note: str
    created_at: datetime
