"""In-memory fakes of the payments unit of work and its repositories: use cases in microseconds.

`FakePaymentsUnit` is a `PaymentsUnit` (see `daikou_payments.application.ports`): billings kept
as copies (a use case's change counts once it saves, as with the database), the other records in
dicts and lists, every emitted message collected in `emitted`. The integration tier proves the
real adapters keep the same promises.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from daikou_contracts.json_types import JsonObject
from daikou_contracts.message import Payload
from daikou_contracts.money import ExchangeRate
from daikou_kit.fake_unit import FakeUnit
from daikou_payments.adapters.paypal import read_webhook
from daikou_payments.application.ports import (
    ProviderCapture,
    ProviderOrder,
    WebhookNotice,
)
from daikou_payments.domain.billing import Billing, BillingRevision
from daikou_payments.domain.card_payment import CAPTURED, CREATED, CardPayment
from daikou_payments.domain.deposit import DepositAccount, LedgerEntry
from daikou_payments.domain.deposit_transfer import DepositTransfer
from daikou_payments.domain.order_view import Charge, OrderView, Refund
from daikou_payments.domain.transfer import Transfer, TransferStatus
from daikou_payments.domain.withdrawal import Withdrawal, WithdrawalStatus

P = TypeVar("P", bound=Payload)
KIND_ORDER = {"first": 0, "second": 1}


@dataclass
class FakeBillingStore:
    """Billings by id, stored as copies, with each revision kept once."""

    rows: dict[UUID, Billing] = field(default_factory=dict)
    kept: dict[tuple[UUID, int], BillingRevision] = field(default_factory=dict)

    async def add(self, billing: Billing) -> None:
        self.rows[billing.billing_id] = deepcopy(billing)
        self._keep(billing, billing.issued_at)

    async def save(
        self, billing: Billing, *, voided_at: datetime | None = None, at: datetime | None = None
    ) -> None:
        self._keep(billing, at or voided_at or billing.paid_at or billing.issued_at)
        self.rows[billing.billing_id] = deepcopy(billing)

    async def get(self, billing_id: UUID, *, lock: bool = False) -> Billing | None:
        found = self.rows.get(billing_id)
        return deepcopy(found) if found else None

    async def of_order(self, order_id: UUID, *, lock: bool = False) -> list[Billing]:
        found = [b for b in self.rows.values() if b.order_id == order_id]
        found.sort(key=lambda b: (KIND_ORDER.get(b.kind, 2), b.issued_at))
        return [deepcopy(b) for b in found]

    async def of_kind(self, order_id: UUID, kind: str, *, lock: bool = False) -> Billing | None:
        found = [b for b in await self.of_order(order_id) if b.kind == kind]
        return found[0] if found else None

    async def revisions(self, billing_ids: list[UUID]) -> list[BillingRevision]:
        return [r for key, r in sorted(self.kept.items()) if key[0] in billing_ids]

    def _keep(self, billing: Billing, at: datetime) -> None:
        key = (billing.billing_id, billing.revision)
        self.kept.setdefault(
            key,
            BillingRevision(
                billing.billing_id, billing.revision, billing.total, [*billing.lines], at
            ),
        )


@dataclass
class FakeLedgerStore:
    """Deposit balances and entries in memory."""

    balances: dict[UUID, tuple[int, str]] = field(default_factory=dict)
    entries_: list[LedgerEntry] = field(default_factory=list)

    def seed(self, customer_id: UUID, balance: int, currency: str = "JPY") -> None:
        """A deposit that already holds `balance` (a test's given)."""
        self.balances[customer_id] = (balance, currency)

    async def lock_account(self, customer_id: UUID, currency: str) -> DepositAccount:
        balance, held_in = self.balances.setdefault(customer_id, (0, currency))
        return DepositAccount(customer_id, held_in, balance)

    async def append(self, account: DepositAccount, entry: LedgerEntry) -> None:
        self.entries_.append(entry)
        self.balances[account.customer_id] = (account.balance, account.currency)

    async def balance(self, customer_id: UUID) -> tuple[int, str | None]:
        balance, held_in = self.balances.get(customer_id, (0, None))
        return balance, held_in

    async def entries(self, customer_id: UUID, limit: int) -> list[LedgerEntry]:
        return (await self.page(customer_id, limit, None))[0]

    async def page(
        self, customer_id: UUID, limit: int, before: int | None
    ) -> tuple[list[LedgerEntry], int | None]:
        numbered = [(n, e) for n, e in enumerate(self.entries_, 1) if e.customer_id == customer_id]
        numbered = [(n, e) for n, e in reversed(numbered) if before is None or n < before]
        more = len(numbered) > limit
        numbered = numbered[:limit]
        return [e for _, e in numbered], (numbered[-1][0] if more else None)

    async def overpayments(self, order_id: UUID) -> list[LedgerEntry]:
        return [e for e in self.entries_ if e.order_id == order_id and e.reason == "overpayment"]


@dataclass
class FakeTransferStore:
    """Reported bank transfers in memory."""

    rows: dict[UUID, Transfer] = field(default_factory=dict)

    async def add(self, transfer: Transfer) -> None:
        self.rows[transfer.transfer_id] = transfer

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> Transfer | None:
        return self.rows.get(transfer_id)

    async def decide(self, transfer: Transfer) -> None:
        self.rows[transfer.transfer_id] = transfer

    async def listing(
        self,
        *,
        status: TransferStatus | None = None,
        billing_ids: list[UUID] | None = None,
        limit: int = 200,
    ) -> list[Transfer]:
        found = [
            t
            for t in self.rows.values()
            if (status is None or t.status is status)
            and (billing_ids is None or t.billing_id in billing_ids)
        ]
        return sorted(found, key=lambda t: t.reported_at)[:limit]


@dataclass
class FakeCardStore:
    """Card payments in memory."""

    rows: dict[str, CardPayment] = field(default_factory=dict)

    async def add(self, card: CardPayment) -> None:
        self.rows[card.paypal_order_id] = card

    async def get(self, paypal_order_id: str, *, lock: bool = False) -> CardPayment | None:
        return self.rows.get(paypal_order_id)

    async def open_for(self, billing_id: UUID, amount: int) -> CardPayment | None:
        found = [
            c
            for c in self.rows.values()
            if c.billing_id == billing_id and c.status == CREATED and c.amount == amount
        ]
        return max(found, key=lambda c: c.created_at) if found else None

    async def of_billings(self, billing_ids: list[UUID]) -> list[CardPayment]:
        return [c for c in self.rows.values() if c.billing_id in billing_ids]

    async def mark_captured(self, paypal_order_id: str, capture_id: str, at: datetime) -> None:
        card = self.rows[paypal_order_id]
        self.rows[paypal_order_id] = replace(
            card, status=CAPTURED, capture_id=capture_id, captured_at=at
        )


@dataclass
class FakeOrderViewStore:
    """Orders, refunds and charges in memory."""

    rows: dict[UUID, OrderView] = field(default_factory=dict)
    refunds_: list[Refund] = field(default_factory=list)
    charges_: dict[UUID, Charge] = field(default_factory=dict)

    async def remember(self, order_id: UUID, customer_id: UUID, rate: ExchangeRate | None) -> None:
        known = self.rows.get(order_id)
        if known is None:
            self.rows[order_id] = OrderView(order_id, customer_id, rate)
        elif rate is not None:
            self.rows[order_id] = replace(known, rate=rate)

    async def get(self, order_id: UUID, *, lock: bool = False) -> OrderView | None:
        return self.rows.get(order_id)

    async def mark_cancelled(self, order_id: UUID, at: datetime) -> None:
        self.rows[order_id] = replace(self.rows[order_id], cancelled_at=at)

    async def add_refund(self, refund: Refund) -> bool:
        if refund.item_id is not None and any(
            r.item_id == refund.item_id and r.order_id == refund.order_id for r in self.refunds_
        ):
            return False
        self.refunds_.append(refund)
        return True

    async def refunded(self, order_id: UUID) -> int:
        return sum(r.amount for r in self.refunds_ if r.order_id == order_id)

    async def refunds(self, order_id: UUID) -> list[Refund]:
        return [r for r in self.refunds_ if r.order_id == order_id]

    async def add_charge(self, charge: Charge) -> bool:
        if charge.charge_id in self.charges_:
            return False
        self.charges_[charge.charge_id] = charge
        return True

    async def charges(self, order_id: UUID, *, pending_only: bool = False) -> list[Charge]:
        found = [c for c in self.charges_.values() if c.order_id == order_id]
        return [c for c in found if c.pending or not pending_only]

    async def mark_settled(self, charge_id: UUID, at: datetime) -> None:
        self.charges_[charge_id] = replace(self.charges_[charge_id], settled_at=at)

    async def mark_billed(self, charge_ids: list[UUID], billing_id: UUID) -> None:
        for charge_id in charge_ids:
            self.charges_[charge_id] = replace(self.charges_[charge_id], billing_id=billing_id)


@dataclass
class FakeWithdrawalStore:
    """Withdrawals in memory."""

    rows: dict[UUID, Withdrawal] = field(default_factory=dict)

    async def add(self, withdrawal: Withdrawal) -> None:
        self.rows[withdrawal.withdrawal_id] = withdrawal

    async def get(self, withdrawal_id: UUID, *, lock: bool = False) -> Withdrawal | None:
        return self.rows.get(withdrawal_id)

    async def decide(self, withdrawal: Withdrawal) -> None:
        self.rows[withdrawal.withdrawal_id] = withdrawal

    async def listing(
        self,
        *,
        status: WithdrawalStatus | None = None,
        customer_id: UUID | None = None,
        limit: int = 200,
    ) -> list[Withdrawal]:
        found = [
            w
            for w in self.rows.values()
            if (status is None or w.status is status)
            and (customer_id is None or w.customer_id == customer_id)
        ]
        found.sort(key=lambda w: w.requested_at, reverse=customer_id is not None)
        return found[:limit]

    async def count_open(self, customer_id: UUID) -> int:
        return len(await self.listing(status=WithdrawalStatus.REQUESTED, customer_id=customer_id))


@dataclass
class FakeDepositTransferStore:
    """Top-up transfers in memory."""

    rows: dict[UUID, DepositTransfer] = field(default_factory=dict)

    async def add(self, transfer: DepositTransfer) -> None:
        self.rows[transfer.transfer_id] = transfer

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> DepositTransfer | None:
        return self.rows.get(transfer_id)

    async def decide(self, transfer: DepositTransfer) -> None:
        self.rows[transfer.transfer_id] = transfer

    async def listing(
        self,
        *,
        status: TransferStatus | None = None,
        customer_id: UUID | None = None,
        limit: int = 200,
    ) -> list[DepositTransfer]:
        found = [
            t
            for t in self.rows.values()
            if (status is None or t.status is status)
            and (customer_id is None or t.customer_id == customer_id)
        ]
        found.sort(key=lambda t: t.reported_at, reverse=customer_id is not None)
        return found[:limit]


@dataclass
class FakeCalendarStore:
    """Staff's closed days and the published revision in memory."""

    days: dict[date, str] = field(default_factory=dict)
    revision: int = 0
    digest: str = ""

    async def closed_days(self) -> dict[date, str]:
        return dict(sorted(self.days.items()))

    async def close(self, day: date, reason: str, at: datetime, by: str) -> None:
        self.days[day] = reason

    async def reopen(self, day: date) -> bool:
        return self.days.pop(day, None) is not None

    async def next_revision(self) -> int:
        self.revision += 1
        return self.revision

    async def published(self) -> tuple[int, str]:
        return self.revision, self.digest

    async def mark_published(self, digest: str) -> None:
        self.digest = digest


@dataclass
class FakePaymentsUnit(FakeUnit):
    """A unit of work with in-memory repositories; what it emits is kept in `emitted`."""

    billings: FakeBillingStore = field(default_factory=FakeBillingStore)
    ledger: FakeLedgerStore = field(default_factory=FakeLedgerStore)
    transfers: FakeTransferStore = field(default_factory=FakeTransferStore)
    cards: FakeCardStore = field(default_factory=FakeCardStore)
    orders: FakeOrderViewStore = field(default_factory=FakeOrderViewStore)
    withdrawals: FakeWithdrawalStore = field(default_factory=FakeWithdrawalStore)
    deposit_transfers: FakeDepositTransferStore = field(default_factory=FakeDepositTransferStore)
    calendar: FakeCalendarStore = field(default_factory=FakeCalendarStore)
    currency: str = "JPY"


@dataclass
class FakeProvider:
    """PayPal in memory: orders it created, and captures of the whole amount once approved."""

    created: dict[str, tuple[int, str]] = field(default_factory=dict)
    approved: set[str] = field(default_factory=set)

    async def create_order(
        self, reference: str, amount: int, currency: str, description: str
    ) -> ProviderOrder:
        order_id = f"PAYPAL-{len(self.created) + 1}"
        self.created[order_id] = (amount, currency)
        return ProviderOrder(order_id, f"https://paypal.test/approve/{order_id}")

    async def capture(self, order_id: str) -> ProviderCapture:
        amount, currency = self.created[order_id]
        return ProviderCapture(f"CAPTURE-{order_id}", amount, currency)

    async def verify_webhook(self, headers: dict[str, str], event: JsonObject) -> bool:
        return True

    def read_webhook(self, event: JsonObject) -> WebhookNotice | None:
        return read_webhook(event)
