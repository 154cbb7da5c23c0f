"""The payments service's settings (environment prefix `DAIKOU_PAYMENTS_`)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class PaymentsSettings(ServiceSettings):
    """Settings of the payments service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_PAYMENTS_", extra="ignore")

    service_name: ClassVar[str] = "payments"
    default_port: ClassVar[int] = 8002
