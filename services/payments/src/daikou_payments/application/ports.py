"""What the use cases need from the outside world: the unit of work and the card provider.

`adapters.unit_of_work.PaymentsUnitOfWork` is the real unit (PostgreSQL, the kit's outbox) and
`adapters.paypal.PayPalClient` the real provider; the unit tests' fakes keep everything in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from daikou_contracts.json_types import JsonObject
from daikou_kit.errors import Conflict
from daikou_kit.service_unit import UnitPort
from daikou_payments.application.stores import (
    BillingStore,
    CalendarStore,
    CardStore,
    DepositTransferStore,
    LedgerStore,
    OrderViewStore,
    TransferStore,
    WithdrawalStore,
)


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


APPROVED = "CHECKOUT.ORDER.APPROVED"
CAPTURE_COMPLETED = "PAYMENT.CAPTURE.COMPLETED"


@dataclass(frozen=True)
class WebhookNotice:
    """What a provider's webhook event says: an order was approved, or its capture completed.

    `capture` is the completed capture when the event carries it whole.
    """

    kind: str
    order_id: str
    capture: ProviderCapture | None = None


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

    async def verify_webhook(self, headers: dict[str, str], event: JsonObject) -> bool:
        """Whether a webhook delivery really comes from the provider."""
        ...

    def read_webhook(self, event: JsonObject) -> WebhookNotice | None:
        """The notice in a (verified) webhook event; None for the kinds this service ignores."""
        ...


class PaymentsUnit(UnitPort, Protocol):
    """One transaction of the payments service, as the use cases see it."""

    @property
    def currency(self) -> str:
        """The currency billings and deposits are kept in (the service's setting)."""
        ...

    @property
    def billings(self) -> BillingStore:
        """The billings and their revisions."""
        ...

    @property
    def ledger(self) -> LedgerStore:
        """The deposits and their entries."""
        ...

    @property
    def transfers(self) -> TransferStore:
        """Bank transfers reported for billings."""
        ...

    @property
    def cards(self) -> CardStore:
        """Card payments of billings."""
        ...

    @property
    def orders(self) -> OrderViewStore:
        """What payments knows of each order, its refunds and charges."""
        ...

    @property
    def withdrawals(self) -> WithdrawalStore:
        """Withdrawals of deposit money."""
        ...

    @property
    def deposit_transfers(self) -> DepositTransferStore:
        """Bank transfers reported to top up deposits."""
        ...

    @property
    def calendar(self) -> CalendarStore:
        """The days staff closed and the published calendar's revision."""
        ...
