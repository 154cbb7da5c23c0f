"""The messaging service's settings (environment prefix `DAIKOU_MESSAGING_`)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class MessagingSettings(ServiceSettings):
    """Settings of the messaging service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_MESSAGING_", extra="ignore")

    service_name: ClassVar[str] = "messaging"
    default_port: ClassVar[int] = 8003
