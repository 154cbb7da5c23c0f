"""What the use cases need from the outside world (implemented in adapters/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class PaymentProviderError(Exception):
    """The card payment provider refused or could not be reached."""


@dataclass(frozen=True)
class ProviderOrder:
    """A checkout order created at the provider, and where the buyer approves it."""

    order_id: str
    approve_url: str


@dataclass(frozen=True)
class ProviderCapture:
    """A completed capture: its id and the amount in minor units."""

    capture_id: str
    amount: int
    currency: str


class CardProvider(Protocol):
    """The card payment provider (PayPal Checkout)."""

    async def create_order(
        self, reference: str, amount: int, currency: str, description: str
    ) -> ProviderOrder:
        """Create a checkout order for `amount` (the fee included)."""
        ...

    async def capture(self, order_id: str) -> ProviderCapture:
        """Capture an approved order (an already captured one answers its capture)."""
        ...

    async def verify_webhook(self, headers: dict[str, str], event: dict[str, Any]) -> bool:
        """Whether a webhook delivery really comes from the provider."""
        ...
