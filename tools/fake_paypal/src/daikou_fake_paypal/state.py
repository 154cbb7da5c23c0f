"""The fake PayPal's memory: tokens, orders, captures and the webhooks it sent."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass
class FakePayPalConfig:
    """Credentials it accepts, where it sends webhooks and how it signs them."""

    base_url: str = "http://127.0.0.1:8090"
    client_id: str = "daikou-dev-client"
    client_secret: str = "daikou-dev-secret"  # noqa: S105  (the fake's development credential)
    webhook_id: str = "daikou-dev-webhook"
    webhook_url: str = ""
    signing_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def from_env(cls, base_url: str) -> FakePayPalConfig:
        """Read `DAIKOU_FAKE_PAYPAL_*` variables (client id/secret, webhook id and URL)."""
        env = os.environ.get
        return cls(
            base_url=base_url,
            client_id=env("DAIKOU_FAKE_PAYPAL_CLIENT_ID", cls.client_id),
            client_secret=env("DAIKOU_FAKE_PAYPAL_CLIENT_SECRET", cls.client_secret),
            webhook_id=env("DAIKOU_FAKE_PAYPAL_WEBHOOK_ID", cls.webhook_id),
            webhook_url=env(
                "DAIKOU_FAKE_PAYPAL_WEBHOOK_URL", "http://127.0.0.1:8002/paypal/webhook"
            ),
        )


def now_iso() -> str:
    """The current UTC time as PayPal writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id(prefix: str = "") -> str:
    """An id shaped like PayPal's (upper-case alphanumerics)."""
    return prefix + secrets.token_hex(9).upper()[:17]


@dataclass
class FakeState:
    """Everything the fake remembers while it runs."""

    config: FakePayPalConfig
    tokens: set[str] = field(default_factory=set)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    request_ids: dict[str, str] = field(default_factory=dict)
    webhooks: dict[str, dict[str, Any]] = field(default_factory=dict)

    def sign(self, transmission_id: str, transmission_time: str, event_id: str) -> str:
        """The transmission signature of one webhook delivery."""
        message = f"{transmission_id}|{transmission_time}|{self.config.webhook_id}|{event_id}"
        digest = hmac.new(self.config.signing_key, message.encode(), hashlib.sha256).digest()
        return base64.b64encode(digest).decode()

    def event(self, event_type: str, resource: dict[str, Any], summary: str) -> dict[str, Any]:
        """A webhook event with signed delivery headers, remembered for re-sending."""
        event_id = new_id("WH-")
        event: dict[str, Any] = {
            "id": event_id,
            "event_version": "1.0",
            "create_time": now_iso(),
            "resource_type": "capture" if "CAPTURE" in event_type else "checkout-order",
            "resource_version": "2.0",
            "event_type": event_type,
            "summary": summary,
            "resource": resource,
        }
        transmission_id, transmission_time = new_id(), now_iso()
        headers = {
            "paypal-auth-algo": "SHA256withRSA",
            "paypal-cert-url": f"{self.config.base_url}/v1/notifications/certs/fake",
            "paypal-transmission-id": transmission_id,
            "paypal-transmission-time": transmission_time,
            "paypal-transmission-sig": self.sign(transmission_id, transmission_time, event_id),
        }
        self.webhooks[event_id] = {"event": event, "headers": headers}
        return self.webhooks[event_id]
