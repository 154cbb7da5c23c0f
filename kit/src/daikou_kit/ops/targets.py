"""Where the ops command finds each service: the settings the service itself reads.

A service's database is `DAIKOU_<SERVICE>_DATABASE_URL` (else the shared default), the broker and
namespace are the shared `DAIKOU_AMQP_URL` and `DAIKOU_NAMESPACE`, exactly as the service resolves
them, so the command looks where the running system looks.
"""

from __future__ import annotations

import re
from typing import cast
from urllib.parse import quote, unquote, urlsplit

from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings

SERVICES = ("orders", "payments", "messaging", "warehouse", "scheduler", "notifications", "gateway")
"""Every service with a database, an outbox and a dead-letter queue."""

SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
MANAGEMENT_PORT = 15672


class OpsSettings(ServiceSettings):
    """The shared settings, plus where the broker's management API is (derived when unset)."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_OPS_", extra="ignore")

    rabbitmq_management_url: str = ""
    """`http://user:password@host:15672/`; by default the broker's host with the AMQP credentials."""

    def management_url(self) -> str:
        """The management API's base URL."""
        if self.rabbitmq_management_url:
            return self.rabbitmq_management_url.rstrip("/") + "/"
        amqp = urlsplit(self.amqp_url)
        credentials = f"{amqp.username or 'guest'}:{amqp.password or 'guest'}@"
        return f"http://{credentials}{amqp.hostname or '127.0.0.1'}:{MANAGEMENT_PORT}/"

    def vhost(self) -> str:
        """The broker's virtual host, URL-encoded for the management API."""
        path = urlsplit(self.amqp_url).path
        return quote(unquote(path[1:]) if len(path) > 1 else "/", safe="")


def service_settings(service: str) -> ServiceSettings:
    """The settings `service` reads: its `DAIKOU_<SERVICE>_` variables over the shared ones."""
    if not SERVICE_NAME.match(service):
        raise ValueError(f"not a service name: {service!r}")
    cls = type(
        f"{service.capitalize()}OpsView",
        (ServiceSettings,),
        {
            "model_config": SettingsConfigDict(
                env_prefix=f"DAIKOU_{service.upper()}_", extra="ignore"
            ),
            "service_name": service,
        },
    )
    return cast(ServiceSettings, cls())


def chosen(services: list[str] | None) -> list[str]:
    """The services asked for, or every one."""
    picked = services or list(SERVICES)
    for service in picked:
        if not SERVICE_NAME.match(service):
            raise ValueError(f"not a service name: {service!r}")
    return picked
