"""The card payment fee: a rate in basis points plus a fixed part, rounded up to whole units."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CardFeeRule:
    """`rate_bp` / 10000 of the amount, rounded up, plus `fixed` (both in minor units)."""

    rate_bp: int = 360
    fixed: int = 40

    def fee(self, amount: int) -> int:
        """The fee for paying `amount` by card (integer arithmetic, ceiling)."""
        if amount <= 0:
            return 0
        return -(-amount * self.rate_bp // 10_000) + self.fixed
