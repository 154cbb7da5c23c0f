"""The orders service's settings (environment prefix `DAIKOU_ORDERS_`)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class OrdersSettings(ServiceSettings):
    """Settings of the orders service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_ORDERS_", extra="ignore")

    service_name: ClassVar[str] = "orders"
    default_port: ClassVar[int] = 8001
