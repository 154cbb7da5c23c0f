"""The messaging service's settings (environment prefix `DAIKOU_MESSAGING_`)."""

from datetime import timedelta
from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings

TEN_MIB = 10 * 1024 * 1024


class MessagingSettings(ServiceSettings):
    """Settings of the messaging service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_MESSAGING_", extra="ignore")

    service_name: ClassVar[str] = "messaging"
    default_port: ClassVar[int] = 8003

    window_period: timedelta = Field(default=timedelta(days=30), gt=timedelta(0))
    attachment_max_bytes: int = Field(default=TEN_MIB, ge=1)
    storage_dir: Path = Path("var/messaging/attachments")
    inbox_max_limit: int = Field(default=500, ge=1)
    unattached_retention: timedelta = Field(default=timedelta(days=7), gt=timedelta(0))
    sweep_interval_s: float = Field(default=3600.0, gt=0)
