"""The scheduler service's settings (environment prefix `DAIKOU_SCHEDULER_`)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class SchedulerSettings(ServiceSettings):
    """Settings of the scheduler service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_SCHEDULER_", extra="ignore")

    service_name: ClassVar[str] = "scheduler"
    default_port: ClassVar[int] = 8005
