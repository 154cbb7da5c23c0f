"""The web client's settings (environment prefix `DAIKOU_WEB_`)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SESSION_SECRET = "daikou-dev-web-session-secret-change-me"  # noqa: S105  (the placeholder)
MIN_SECRET_CHARS = 16


class WebSettings(BaseSettings):
    """Where the web client listens, where the gateway is, and how sessions are signed."""

    model_config = SettingsConfigDict(
        env_prefix="DAIKOU_WEB_", extra="ignore", populate_by_name=True
    )

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8006, ge=0, le=65535)
    gateway_url: str = "http://127.0.0.1:8000"
    gateway_timeout_s: float = Field(default=10.0, gt=0)
    gateway_pools: int = Field(default=8, ge=1, le=64)
    """Clients to the gateway, each with its own connection pool, taken in turn by the requests
    (`daikou_web.pools`: several small pools cost less CPU than one large one)."""
    gateway_pool_size: int = Field(default=25, ge=1, le=1000)
    """Connections each of those clients keeps and opens at most."""
    upload_timeout_s: float = Field(default=60.0, gt=0)
    session_secret: SecretStr = SecretStr(DEV_SESSION_SECRET)
    metrics_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("DAIKOU_WEB_METRICS_TOKEN", "DAIKOU_METRICS_TOKEN"),
    )
    """`GET /metrics` answers only a scrape giving it as a bearer token (none: it refuses all)."""
    session_max_age_s: int = Field(default=12 * 3600, ge=60)
    secure_cookies: bool = False
    default_language: str = Field(default="ja", pattern=r"^(ja|en)$")
    log_level: str = "WARNING"
    dev_mode: bool = Field(
        default=False, validation_alias=AliasChoices("DAIKOU_WEB_DEV_MODE", "DAIKOU_DEV_MODE")
    )
    """`DAIKOU_DEV_MODE=true` lets the site start with the placeholder session secret."""

    def placeholder_secrets(self) -> list[str]:
        """The secrets still at their documented placeholder, or too short to be random."""
        weak: list[str] = []
        secret = self.session_secret.get_secret_value()
        if secret == DEV_SESSION_SECRET or len(secret) < MIN_SECRET_CHARS:
            weak.append("DAIKOU_WEB_SESSION_SECRET")
        if self.metrics_token and len(self.metrics_token.get_secret_value()) < MIN_SECRET_CHARS:
            weak.append("DAIKOU_METRICS_TOKEN")
        return weak
