"""The gateway service's settings (environment prefix `DAIKOU_GATEWAY_`)."""

from datetime import timedelta
from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import MIN_SECRET_CHARS, ServiceSettings

DEV_TOKEN_SECRET = "daikou-dev-token-secret-change-me"  # noqa: S105  (the documented placeholder)


class GatewaySettings(ServiceSettings):
    """Settings of the gateway service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_GATEWAY_", extra="ignore")

    service_name: ClassVar[str] = "gateway"
    public: ClassVar[bool] = True
    default_port: ClassVar[int] = 8000

    orders_url: str = "http://127.0.0.1:8001"
    payments_url: str = "http://127.0.0.1:8002"
    messaging_url: str = "http://127.0.0.1:8003"
    warehouse_url: str = "http://127.0.0.1:8004"
    scheduler_url: str = "http://127.0.0.1:8005"
    notifications_url: str = "http://127.0.0.1:8007"
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

    token_secret: SecretStr = SecretStr(DEV_TOKEN_SECRET)
    token_ttl: timedelta = Field(default=timedelta(hours=12))
    # OWASP's first argon2id configuration: 19 MiB, 2 iterations, 1 lane (~30 ms a hash here).
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_memory_kib: int = Field(default=19456, ge=8)
    argon2_parallelism: int = Field(default=1, ge=1)
    hash_concurrency: int = Field(default=2, ge=1, le=64)
    hash_wait_s: float = Field(default=5.0, gt=0)

    sign_in_max_per_account: int = Field(default=10, ge=1)
    sign_in_account_window: timedelta = Field(default=timedelta(minutes=15))
    sign_in_max_per_client: int = Field(default=30, ge=1)
    sign_in_client_window: timedelta = Field(default=timedelta(minutes=5))
    cors_allow_origins: list[str] = Field(default=[])

    live_buffer_size: int = Field(default=256, ge=1, le=100_000)
    upload_max_bytes: int = Field(default=10 * 1024 * 1024 + 256 * 1024, ge=1)

    def placeholder_secrets(self) -> list[str]:
        """The shared secrets, and the token secret."""
        weak = super().placeholder_secrets()
        secret = self.token_secret.get_secret_value()
        if secret == DEV_TOKEN_SECRET or len(secret) < MIN_SECRET_CHARS:
            weak.append("DAIKOU_GATEWAY_TOKEN_SECRET")
        return weak
