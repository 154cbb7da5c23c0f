"""Typed settings read from the environment: `DAIKOU_<SERVICE>_X` overrides the shared `DAIKOU_X`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_PG_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"
DEV_INTERNAL_TOKEN = "daikou-dev-internal-token"  # noqa: S105  (the documented placeholder)
MIN_SECRET_CHARS = 16


class ServiceSettings(BaseSettings):
    """What every service needs to run; each service subclasses it with its own prefix and fields."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_", extra="ignore")

    service_name: ClassVar[str] = "service"
    public: ClassVar[bool] = False
    """Whether the service's port is reachable by anyone (then /metrics needs the metrics token)."""
    default_port: ClassVar[int] = 8000

    database_url: str = ""
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    namespace: str = Field(default="daikou", pattern=r"^[a-z][a-z0-9_-]{0,40}$")
    http_host: str = "127.0.0.1"
    http_port: int = 0
    internal_token: SecretStr = SecretStr(DEV_INTERNAL_TOKEN)
    metrics_token: SecretStr | None = None
    """When set, `GET /metrics` answers only a scrape giving it as a bearer token."""
    log_level: str = "INFO"
    dev_mode: bool = False
    """`DAIKOU_DEV_MODE=true` lets a service start with the placeholder secrets (never in production)."""

    db_pool_size: int = Field(default=10, ge=1)
    prefetch: int = Field(default=64, ge=1, le=1000)
    consumer_max_batch: int = Field(default=50, ge=1, le=1000)
    consumer_gather_ms: int = Field(default=2, ge=0, le=100)
    relay_batch_size: int = Field(default=500, ge=1, le=10000)
    relay_poll_interval_s: float = Field(default=2.0, gt=0)
    relay_publish_timeout_s: float = Field(default=10.0, gt=0)
    outbox_retention_hours: int = Field(default=72, ge=1)
    inbox_retention_days: int = Field(default=30, ge=1)
    retry_delays_ms: list[int] = Field(default=[1_000, 10_000, 60_000], min_length=0, max_length=10)
    delivery_limit: int = Field(default=10, ge=1)

    def model_post_init(self, __context: object) -> None:
        """Fill the per-service defaults of the database URL and port."""
        if not self.database_url:
            self.database_url = f"{DEFAULT_PG_SERVER}/daikou_{self.service_name}"
        if not self.http_port:
            self.http_port = self.default_port

    def placeholder_secrets(self) -> list[str]:
        """The secrets still at a documented placeholder, or too short to be random."""
        weak: list[str] = []
        token = self.internal_token.get_secret_value()
        if token == DEV_INTERNAL_TOKEN or len(token) < MIN_SECRET_CHARS:
            weak.append("DAIKOU_INTERNAL_TOKEN")
        if self.metrics_token and len(self.metrics_token.get_secret_value()) < MIN_SECRET_CHARS:
            weak.append("DAIKOU_METRICS_TOKEN")
        return weak

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Service-prefixed variables first, then the shared `DAIKOU_` ones."""
        shared = EnvSettingsSource(settings_cls, env_prefix="DAIKOU_")
        return init_settings, env_settings, shared, dotenv_settings, file_secret_settings
