"""The web client's settings (environment prefix `DAIKOU_WEB_`)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    """Where the web client listens, where the gateway is, and how sessions are signed."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_WEB_", extra="ignore")

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8006, ge=0, le=65535)
    gateway_url: str = "http://127.0.0.1:8000"
    gateway_timeout_s: float = Field(default=10.0, gt=0)
    upload_timeout_s: float = Field(default=60.0, gt=0)
    session_secret: SecretStr = SecretStr("daikou-dev-web-session-secret-change-me")
    session_max_age_s: int = Field(default=12 * 3600, ge=60)
    secure_cookies: bool = False
    default_language: str = Field(default="ja", pattern=r"^(ja|en)$")
    log_level: str = "WARNING"
