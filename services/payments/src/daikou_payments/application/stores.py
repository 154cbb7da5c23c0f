"""The repositories the use cases read and write through the unit of work (`ports.PaymentsUnit`).

`adapters/` implements them on PostgreSQL; the unit tests' fakes keep everything in memory.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from daikou_contracts.money import ExchangeRate
from daikou_payments.domain.billing import Billing, BillingRevision
from daikou_payments.domain.card_payment import CardPayment
from daikou_payments.domain.deposit import DepositAccount, LedgerEntry
from daikou_payments.domain.deposit_transfer import DepositTransfer
from daikou_payments.domain.order_view import Charge, OrderView, Refund
from daikou_payments.domain.transfer import Transfer, TransferStatus
from daikou_payments.domain.withdrawal import Withdrawal, WithdrawalStatus


class BillingStore(Protocol):
    """Whole billings, and each revision's lines and total."""

    async def add(self, billing: Billing) -> None:
        """Insert a new billing."""
        ...

    async def save(
        self, billing: Billing, *, voided_at: datetime | None = None, at: datetime | None = None
    ) -> None:
        """Write back a billing's changed state (and its revision, when new, as of `at`)."""
        ...

    async def get(self, billing_id: UUID, *, lock: bool = False) -> Billing | None:
        """One billing, locked until the unit of work ends when `lock`."""
        ...

    async def of_order(self, order_id: UUID, *, lock: bool = False) -> list[Billing]:
        """An order's billings: 1st, 2nd, then the additional ones as issued."""
        ...

    async def of_kind(self, order_id: UUID, kind: str, *, lock: bool = False) -> Billing | None:
        """An order's 1st or 2nd billing."""
        ...

    async def revisions(self, billing_ids: list[UUID]) -> list[BillingRevision]:
        """The revisions of some billings, oldest first."""
        ...


class LedgerStore(Protocol):
    """Deposit accounts and their append-only entries."""

    async def lock_account(self, customer_id: UUID, currency: str) -> DepositAccount:
        """The customer's account, created if missing, locked until the unit of work ends."""
        ...

    async def append(self, account: DepositAccount, entry: LedgerEntry) -> None:
        """Record an entry and the account's new balance (the caller holds the lock)."""
        ...

    async def balance(self, customer_id: UUID) -> tuple[int, str | None]:
        """The balance and currency of a customer's deposit (0 and None when it has none)."""
        ...

    async def entries(self, customer_id: UUID, limit: int) -> list[LedgerEntry]:
        """The latest entries of a customer, newest first."""
        ...

    async def page(
        self, customer_id: UUID, limit: int, before: int | None
    ) -> tuple[list[LedgerEntry], int | None]:
        """A page of entries, newest first, older than the `before` cursor; and the next cursor."""
        ...

    async def overpayments(self, order_id: UUID) -> list[LedgerEntry]:
        """Money received for an order beyond its billings and credited to the deposit."""
        ...


class TransferStore(Protocol):
    """Bank transfers reported for billings."""

    async def add(self, transfer: Transfer) -> None:
        """Insert a reported transfer."""
        ...

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> Transfer | None:
        """One transfer, or None."""
        ...

    async def decide(self, transfer: Transfer) -> None:
        """Record staff's decision."""
        ...

    async def listing(
        self,
        *,
        status: TransferStatus | None = None,
        billing_ids: list[UUID] | None = None,
        limit: int = 200,
    ) -> list[Transfer]:
        """Transfers, oldest report first, filtered by status and/or billings."""
        ...


class CardStore(Protocol):
    """Card payments (PayPal orders) of billings."""

    async def add(self, card: CardPayment) -> None:
        """Record a created PayPal order."""
        ...

    async def get(self, paypal_order_id: str, *, lock: bool = False) -> CardPayment | None:
        """One card payment by its PayPal order id."""
        ...

    async def open_for(self, billing_id: UUID, amount: int) -> CardPayment | None:
        """An uncaptured PayPal order of a billing for exactly `amount`."""
        ...

    async def of_billings(self, billing_ids: list[UUID]) -> list[CardPayment]:
        """The card payments of some billings."""
        ...

    async def mark_captured(self, paypal_order_id: str, capture_id: str, at: datetime) -> None:
        """Record the capture."""
        ...


class OrderViewStore(Protocol):
    """What payments remembers of each order: customer, rate, cancellation, refunds, charges."""

    async def remember(self, order_id: UUID, customer_id: UUID, rate: ExchangeRate | None) -> None:
        """Record an order's customer (and its rate when known), keeping what is known."""
        ...

    async def get(self, order_id: UUID, *, lock: bool = False) -> OrderView | None:
        """An order, locked when `lock`."""
        ...

    async def mark_cancelled(self, order_id: UUID, at: datetime) -> None:
        """Record the order's cancellation."""
        ...

    async def add_refund(self, refund: Refund) -> bool:
        """Record a refund; False when this item's refund was already recorded."""
        ...

    async def refunded(self, order_id: UUID) -> int:
        """Everything already refunded for an order."""
        ...

    async def refunds(self, order_id: UUID) -> list[Refund]:
        """Every refund of an order, oldest first."""
        ...

    async def add_charge(self, charge: Charge) -> bool:
        """Record an extra charge; False when it was already recorded."""
        ...

    async def charges(self, order_id: UUID, *, pending_only: bool = False) -> list[Charge]:
        """An order's extra costs (only the pending ones), oldest first."""
        ...

    async def mark_settled(self, charge_id: UUID, at: datetime) -> None:
        """Record that a charge was taken from the deposit."""
        ...

    async def mark_billed(self, charge_ids: list[UUID], billing_id: UUID) -> None:
        """Attach charges to the billing that carries them."""
        ...


class WithdrawalStore(Protocol):
    """Withdrawals of deposit money."""

    async def add(self, withdrawal: Withdrawal) -> None:
        """Insert a requested withdrawal."""
        ...

    async def get(self, withdrawal_id: UUID, *, lock: bool = False) -> Withdrawal | None:
        """One withdrawal, or None."""
        ...

    async def decide(self, withdrawal: Withdrawal) -> None:
        """Record staff's decision."""
        ...

    async def listing(
        self,
        *,
        status: WithdrawalStatus | None = None,
        customer_id: UUID | None = None,
        limit: int = 200,
    ) -> list[Withdrawal]:
        """Oldest first (staff's queue) or, for one customer, newest first."""
        ...

    async def count_open(self, customer_id: UUID) -> int:
        """How many of a customer's withdrawals wait for staff."""
        ...


class DepositTransferStore(Protocol):
    """Bank transfers reported to top up deposits."""

    async def add(self, transfer: DepositTransfer) -> None:
        """Insert a reported top-up transfer."""
        ...

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> DepositTransfer | None:
        """One top-up transfer, or None."""
        ...

    async def decide(self, transfer: DepositTransfer) -> None:
        """Record staff's decision."""
        ...

    async def listing(
        self,
        *,
        status: TransferStatus | None = None,
        customer_id: UUID | None = None,
        limit: int = 200,
    ) -> list[DepositTransfer]:
        """Oldest first (staff's queue) or, for one customer, newest first."""
        ...


class CalendarStore(Protocol):
    """The days staff closed and the revision of the calendar last published."""

    async def closed_days(self) -> dict[date, str]:
        """Every staff-managed closed day and why, in date order."""
        ...

    async def close(self, day: date, reason: str, at: datetime, by: str) -> None:
        """Close a day (or change why it is closed)."""
        ...

    async def reopen(self, day: date) -> bool:
        """Open a closed day again; False when it was not closed."""
        ...

    async def next_revision(self) -> int:
        """Bump and return the calendar's revision (orders concurrent changes)."""
        ...

    async def published(self) -> tuple[int, str]:
        """The last published revision and its digest (locked)."""
        ...

    async def mark_published(self, digest: str) -> None:
        """Remember what the last published snapshot held."""
        ...
