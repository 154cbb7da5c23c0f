"""What the use cases need from the outside world (implemented in adapters/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from daikou_kit.errors import Conflict


class PaymentProviderError(Exception):
    """The card payment provider refused or could not be reached."""


class PaymentNotApproved(Conflict):
    """The buyer has not approved the card payment at the provider yet: nothing to capture (409)."""

    def __init__(self, order_id: str) -> None:
        super().__init__(
            f"the card payment {order_id} has not been approved by the buyer at PayPal yet",
            code="card_payment_not_approved",
        )


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
