"""The scheduler service's settings (environment prefix `DAIKOU_SCHEDULER_`)."""

from datetime import timedelta
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class SchedulerSettings(ServiceSettings):
    """Settings of the scheduler service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_SCHEDULER_", extra="ignore")

    service_name: ClassVar[str] = "scheduler"
    default_port: ClassVar[int] = 8005

    firing_enabled: bool = True
    fire_batch_size: int = Field(default=500, ge=1, le=10_000)
    max_poll_interval_s: float = Field(default=5.0, gt=0, le=3600)
    min_poll_interval_s: float = Field(default=0.05, gt=0, le=60)
    late_threshold_s: float = Field(default=60.0, ge=0)
    stats_window_hours: int = Field(default=24, ge=1, le=24 * 90)
    settled_retention_days: int = Field(default=90, ge=1)
    housekeeping_every_s: float = Field(default=600.0, gt=0)

    @property
    def wake_horizon(self) -> timedelta:
        """How soon a new deadline must be to wake the firing loops (their longest sleep)."""
        return timedelta(seconds=self.max_poll_interval_s)

    @property
    def late_threshold(self) -> timedelta:
        """How late a firing may be before it counts as late."""
        return timedelta(seconds=self.late_threshold_s)
