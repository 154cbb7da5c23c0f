"""The orders service's settings (environment prefix `DAIKOU_ORDERS_`)."""

from datetime import timedelta
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings
from daikou_orders.domain.placing import MAX_TOTAL_JPY


class OrdersSettings(ServiceSettings):
    """Settings of the orders service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_ORDERS_", extra="ignore")

    service_name: ClassVar[str] = "orders"
    default_port: ClassVar[int] = 8001

    payment_period: timedelta = Field(default=timedelta(days=7), gt=timedelta(0))
    payment_reminder_before: timedelta = Field(default=timedelta(days=1), ge=timedelta(0))
    auto_complete_period: timedelta = Field(default=timedelta(days=30), gt=timedelta(0))
    reception_reminder_before: timedelta = Field(default=timedelta(days=3), ge=timedelta(0))
    payment_grace_business_days: int = Field(default=2, ge=2, le=20)
    second_payment_reminders: list[timedelta] = Field(
        default=[timedelta(days=3), timedelta(days=7)], max_length=5
    )
    second_payment_stalled_after: timedelta = Field(default=timedelta(days=7), gt=timedelta(0))
    service_fee_rate_bp: int = Field(default=500, ge=0, le=10_000)
    service_fee_minimum_jpy: int = Field(default=300, ge=0)
    max_items_per_order: int = Field(default=50, ge=1, le=500)
    max_unit_price_fen: int = Field(default=10_000_000, ge=1)
    max_billing_total_jpy: int = Field(default=MAX_TOTAL_JPY, ge=1, le=10**12)
