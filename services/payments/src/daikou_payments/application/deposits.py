"""The deposit as the customer sees it, and staff's manual top-ups and adjustments."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from daikou_contracts.catalogue.payments import LedgerReason
from daikou_contracts.money import Money
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, InvalidInput
from daikou_payments.application.access import ensure_owner, ensure_staff
from daikou_payments.application.ledger_ops import credit, debit_up_to
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.deposit import LedgerEntry


@dataclass(frozen=True)
class DepositView:
    """A balance and the latest entries, newest first."""

    customer_id: UUID
    balance: Money
    entries: list[LedgerEntry]


async def view(uow: PaymentsUnit, actor: Actor, customer_id: UUID, limit: int) -> DepositView:
    """A customer's deposit (a customer sees only their own)."""
    ensure_owner(actor, customer_id, "deposit")
    balance, held_in = await uow.ledger.balance(customer_id)
    entries = await uow.ledger.entries(customer_id, limit)
    money = Money(amount=balance, currency=held_in or uow.currency)
    return DepositView(customer_id, money, entries)


async def top_up(
    uow: PaymentsUnit,
    actor: Actor,
    customer_id: UUID,
    amount: Money,
    *,
    reason: LedgerReason,
    note: str,
) -> int:
    """Staff add (or, for an adjustment, remove) deposit money; never below zero."""
    ensure_staff(actor)
    currency = uow.currency
    if amount.currency != currency:
        raise InvalidInput(f"the deposit is kept in {currency}")
    if reason not in (LedgerReason.TOP_UP, LedgerReason.ADJUSTMENT):
        raise InvalidInput("manual entries are top_up or adjustment")
    if amount.amount == 0 or (amount.amount < 0 and reason is LedgerReason.TOP_UP):
        raise InvalidInput("a top-up is a positive amount; only an adjustment may be negative")
    if amount.amount > 0:
        return await credit(uow, customer_id, amount, reason, note=note)
    wanted = Money(amount=-amount.amount, currency=currency)
    taken = await debit_up_to(uow, customer_id, wanted, reason, note=note)
    if taken != wanted.amount:
        raise Conflict(f"the deposit holds less than {wanted}; it never goes negative")
    balance, _ = await uow.ledger.balance(customer_id)
    return balance


@dataclass(frozen=True)
class HistoryPage:
    """A page of the whole deposit history, newest first, with the cursor of the next page."""

    customer_id: UUID
    balance: Money
    entries: list[LedgerEntry]
    next_cursor: int | None


async def history(
    uow: PaymentsUnit,
    actor: Actor,
    customer_id: UUID,
    *,
    limit: int,
    cursor: int | None,
) -> HistoryPage:
    """One page of a customer's deposit history; follow `next_cursor` to reach the first entry."""
    ensure_owner(actor, customer_id, "deposit")
    balance, held_in = await uow.ledger.balance(customer_id)
    entries, next_cursor = await uow.ledger.page(customer_id, limit, cursor)
    money = Money(amount=balance, currency=held_in or uow.currency)
    return HistoryPage(customer_id, money, entries, next_cursor)
