"""The gateway service's settings (environment prefix `DAIKOU_GATEWAY_`)."""

from datetime import timedelta
from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    """Settings of the gateway service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_GATEWAY_", extra="ignore")

    service_name: ClassVar[str] = "gateway"
    default_port: ClassVar[int] = 8000

    orders_url: str = "http://127.0.0.1:8001"
    payments_url: str = "http://127.0.0.1:8002"
    messaging_url: str = "http://127.0.0.1:8003"
    warehouse_url: str = "http://127.0.0.1:8004"
    scheduler_url: str = "http://127.0.0.1:8005"
    web_url: str = "http://127.0.0.1:8006/"  # where `GET /` sends a browser: the web site
    service_timeout_s: float = Field(default=5.0, gt=0)
    upload_timeout_s: float = Field(default=60.0, gt=0)
    service_pool_size: int = Field(default=16, ge=1, le=1000)
    page_part_budget_s: float = Field(default=1.0, gt=0)
    breaker_failures: int = Field(default=5, ge=1)
    breaker_open_s: float = Field(default=5.0, ge=0)
    page_cache_ttl_s: float = Field(default=10.0, ge=0)
    page_cache_settle_s: float = Field(default=1.0, ge=0)
    page_cache_degraded_ttl_s: float = Field(default=0.5, ge=0)
    page_cache_max_pages: int = Field(default=10_000, ge=1)

    token_secret: SecretStr = SecretStr("daikou-dev-token-secret-change-me")
    token_ttl: timedelta = Field(default=timedelta(hours=12))
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=1, ge=1)

    live_buffer_size: int = Field(default=256, ge=1, le=100_000)
    upload_max_bytes: int = Field(default=10 * 1024 * 1024 + 256 * 1024, ge=1)
