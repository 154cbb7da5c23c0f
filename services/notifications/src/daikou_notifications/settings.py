"""The notifications service's settings (environment prefix `DAIKOU_NOTIFICATIONS_`)."""

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    """Settings of the notifications service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_NOTIFICATIONS_", extra="ignore")

    service_name: ClassVar[str] = "notifications"
    default_port: ClassVar[int] = 8007

    web_url: str = Field(default="http://127.0.0.1:8006/", max_length=500)
    """The web client's address: each e-mail links to `<web_url>orders/<order id>`."""
    mail_from: str = Field(default="Daikou <no-reply@daikou.example>", max_length=300)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=8025, ge=1, le=65535)
    smtp_tls: bool = False
    """Implicit TLS (SMTPS, usually port 465)."""
    smtp_starttls: bool = False
    """Upgrade a plain connection with STARTTLS (usually port 587)."""
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_timeout_s: float = Field(default=10.0, gt=0, le=300)
    delivery_enabled: bool = True
    delivery_batch_size: int = Field(default=20, ge=1, le=500)
    delivery_poll_interval_s: float = Field(default=1.0, gt=0, le=60)
    retry_base_s: float = Field(default=5.0, gt=0, le=3600)
    """First retry after this long; each next one waits twice as long (up to `retry_max_s`)."""
    retry_max_s: float = Field(default=900.0, gt=0, le=86_400)
    max_attempts: int = Field(default=12, ge=1, le=100)
