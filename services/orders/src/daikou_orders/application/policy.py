"""The settings the use cases apply, as one plain value (tests build it directly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from daikou_orders.domain.placing import Limits
from daikou_orders.settings import OrdersSettings


@dataclass(frozen=True)
class Policy:
    """Periods, the service-fee rule and input bounds."""

    payment_period: timedelta = timedelta(days=7)
    payment_reminder_before: timedelta = timedelta(days=1)
    auto_complete_period: timedelta = timedelta(days=30)
    reception_reminder_before: timedelta = timedelta(days=3)
    service_fee_rate_bp: int = 500
    service_fee_minimum_jpy: int = 300
    limits: Limits = field(
        default_factory=lambda: Limits(max_items=50, max_unit_price_fen=10_000_000)
    )

    @classmethod
    def from_settings(cls, s: OrdersSettings) -> Policy:
        """The policy the settings describe."""
        return cls(
            payment_period=s.payment_period,
            payment_reminder_before=s.payment_reminder_before,
            auto_complete_period=s.auto_complete_period,
            reception_reminder_before=s.reception_reminder_before,
            service_fee_rate_bp=s.service_fee_rate_bp,
            service_fee_minimum_jpy=s.service_fee_minimum_jpy,
            limits=Limits(max_items=s.max_items_per_order, max_unit_price_fen=s.max_unit_price_fen),
        )
