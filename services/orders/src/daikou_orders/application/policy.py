"""The settings the use cases apply, as one plain value (tests build it directly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from daikou_contracts.business_calendar import BusinessCalendar
from daikou_orders.domain.placing import Limits
from daikou_orders.settings import OrdersSettings

# The settings' own defaults (nothing read from the environment): a default lives only there.
_DEFAULT = OrdersSettings.model_construct()


def _default_limits() -> Limits:
    """The input bounds the default settings describe."""
    return Limits(
        max_items=_DEFAULT.max_items_per_order,
        max_unit_price_fen=_DEFAULT.max_unit_price_fen,
        max_total_jpy=_DEFAULT.max_billing_total_jpy,
    )


@dataclass(frozen=True)
class Policy:
    """Periods, the service-fee rule and input bounds; by default, the settings' defaults."""

    payment_period: timedelta = _DEFAULT.payment_period
    payment_reminder_before: timedelta = _DEFAULT.payment_reminder_before
    auto_complete_period: timedelta = _DEFAULT.auto_complete_period
    reception_reminder_before: timedelta = _DEFAULT.reception_reminder_before
    payment_grace_business_days: int = _DEFAULT.payment_grace_business_days
    second_payment_reminders: tuple[timedelta, ...] = tuple(_DEFAULT.second_payment_reminders)
    second_payment_stalled_after: timedelta = _DEFAULT.second_payment_stalled_after
    service_fee_rate_bp: int = _DEFAULT.service_fee_rate_bp
    service_fee_minimum_jpy: int = _DEFAULT.service_fee_minimum_jpy
    limits: Limits = field(default_factory=_default_limits)

    def payment_due(self, calendar: BusinessCalendar, now: datetime) -> datetime:
        """The 1st billing's deadline: whole days end at the end of a business day in Japan.

        A period that is not a whole number of days (tests and demos shorten it) is taken as is.
        """
        if self.payment_period % timedelta(days=1):
            return now + self.payment_period
        return calendar.deadline_after_days(now, self.payment_period.days)

    def payment_grace(self, calendar: BusinessCalendar, now: datetime) -> datetime:
        """The fresh deadline a rejected transfer report leaves: the end of the N-th business day."""
        if self.payment_period % timedelta(days=1):
            return now + self.payment_period  # shortened periods: one whole period again
        return calendar.deadline_after_business_days(now, self.payment_grace_business_days)

    @classmethod
    def from_settings(cls, s: OrdersSettings) -> Policy:
        """The policy the settings describe."""
        return cls(
            payment_period=s.payment_period,
            payment_reminder_before=s.payment_reminder_before,
            auto_complete_period=s.auto_complete_period,
            reception_reminder_before=s.reception_reminder_before,
            payment_grace_business_days=s.payment_grace_business_days,
            second_payment_reminders=tuple(s.second_payment_reminders),
            second_payment_stalled_after=s.second_payment_stalled_after,
            service_fee_rate_bp=s.service_fee_rate_bp,
            service_fee_minimum_jpy=s.service_fee_minimum_jpy,
            limits=Limits(s.max_items_per_order, s.max_unit_price_fen, s.max_billing_total_jpy),
        )
