"""The gateway service's settings (environment prefix `DAIKOU_GATEWAY_`)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    """Settings of the gateway service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_GATEWAY_", extra="ignore")

    service_name: ClassVar[str] = "gateway"
    default_port: ClassVar[int] = 8000
