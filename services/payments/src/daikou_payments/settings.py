"""The payments service's settings (environment prefix `DAIKOU_PAYMENTS_`)."""

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class PaymentsSettings(ServiceSettings):
    """Settings of the payments service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_PAYMENTS_", extra="ignore")

    service_name: ClassVar[str] = "payments"
    default_port: ClassVar[int] = 8002

    currency: str = Field(default="JPY", pattern=r"^[A-Z]{3}$")
    card_fee_rate_bp: int = Field(default=360, ge=0, le=10_000)
    card_fee_fixed: int = Field(default=40, ge=0)

    paypal_base_url: str = "http://127.0.0.1:8090"
    paypal_client_id: str = "daikou-dev-client"
    paypal_client_secret: SecretStr = SecretStr("daikou-dev-secret")
    paypal_webhook_id: str = "daikou-dev-webhook"
    paypal_return_url: str = "http://127.0.0.1:8000/payments/card/return"
    paypal_cancel_url: str = "http://127.0.0.1:8000/payments/card/cancel"
    paypal_timeout_s: float = Field(default=10.0, gt=0)

    bank_account: str = "MUFG Bank, Shinjuku branch, ordinary 1234567, DAIKOU K.K."
    transfer_confirmation_hours: int = Field(default=3, ge=0, le=72)
    business_opens_at: str = Field(default="10:00", pattern=r"^\d{2}:\d{2}$")
    business_closes_at: str = Field(default="18:00", pattern=r"^\d{2}:\d{2}$")
    closed_days_file: str = ""
