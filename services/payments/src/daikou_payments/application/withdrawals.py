"""Withdrawals: the customer takes deposit money back to a bank account; staff pay it out.

The amount is debited from the deposit the moment it is requested, under the balance row's lock,
so it can never be spent twice nor take the balance below zero; a refusal credits it back.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from daikou_contracts.catalogue.deposits import (
    WithdrawalPaidOut,
    WithdrawalRefused,
    WithdrawalRequested,
)
from daikou_contracts.money import Money
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.adapters import deposit_requests as repo
from daikou_payments.adapters import ledger
from daikou_payments.application.access import ensure_owner, ensure_staff
from daikou_payments.application.ledger_ops import credit, debit_up_to
from daikou_payments.domain.withdrawal import (
    WithdrawalEntry,
    WithdrawalStatus,
    ensure_decidable,
    ensure_room_for_another,
)

TABLE = "withdrawals"


async def request(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: UUID,
    amount: Money,
    bank_account: dict[str, str],
    *,
    currency: str,
) -> dict[str, Any]:
    """Reserve `amount` of the deposit for a payout; 409 when the deposit holds less."""
    ensure_owner(actor, customer_id, "deposit")
    if amount.currency != currency:
        raise InvalidInput(f"the deposit is kept in {currency}")
    if amount.amount <= 0:
        raise InvalidInput("a withdrawal is a positive amount")
    await ledger.lock_account(
        uow.conn, customer_id, currency
    )  # serialises this customer's requests
    waiting = await repo.count_open(uow.conn, TABLE, customer_id, WithdrawalStatus.REQUESTED.value)
    ensure_room_for_another(waiting)
    withdrawal_id = uow.new_id()
    taken = await debit_up_to(
        uow, customer_id, amount, WithdrawalEntry.RESERVED, note=f"withdrawal {withdrawal_id}"
    )
    if taken != amount.amount:
        raise Conflict(
            f"the deposit holds less than {amount.amount} {currency}; it never goes below zero",
            code="insufficient_deposit",
        )
    now = uow.clock.now()
    row = {
        "withdrawal_id": withdrawal_id,
        "customer_id": customer_id,
        "currency": currency,
        "amount": amount.amount,
        "bank_account": bank_account,
        "status": WithdrawalStatus.REQUESTED.value,
        "requested_at": now,
        "decided_at": None,
        "decided_by": None,
        "reference": "",
        "reason": "",
    }
    await repo.add(uow.conn, TABLE, **row)
    balance, _ = await ledger.balance(uow.conn, customer_id)
    uow.emit(
        WithdrawalRequested(
            withdrawal_id=withdrawal_id,
            customer_id=customer_id,
            amount=amount,
            balance_after=Money(amount=balance, currency=currency),
            requested_at=now,
        )
    )
    return row


async def _requested(uow: UnitOfWork, actor: Actor, withdrawal_id: UUID) -> dict[str, Any]:
    ensure_staff(actor)
    row = await repo.get(uow.conn, TABLE, withdrawal_id, lock=True)
    if row is None:
        raise NotFound("withdrawal not found")
    ensure_decidable(WithdrawalStatus(row["status"]))
    return row


async def pay_out(
    uow: UnitOfWork, actor: Actor, withdrawal_id: UUID, reference: str
) -> dict[str, Any]:
    """Staff sent the money: the reservation becomes final, with the bank's reference."""
    row = await _requested(uow, actor, withdrawal_id)
    decided = {
        "status": WithdrawalStatus.PAID_OUT.value,
        "reference": reference,
        "decided_at": uow.clock.now(),
        "decided_by": actor.user_id,
    }
    await repo.decide(uow.conn, TABLE, withdrawal_id, **decided)
    uow.emit(
        WithdrawalPaidOut(
            withdrawal_id=withdrawal_id,
            customer_id=row["customer_id"],
            amount=Money(amount=row["amount"], currency=row["currency"]),
            reference=reference,
            paid_out_at=decided["decided_at"],
        )
    )
    return {**row, **decided}


async def refuse(uow: UnitOfWork, actor: Actor, withdrawal_id: UUID, reason: str) -> dict[str, Any]:
    """Staff refused: the reserved amount goes back to the deposit."""
    row = await _requested(uow, actor, withdrawal_id)
    decided = {
        "status": WithdrawalStatus.REFUSED.value,
        "reason": reason,
        "decided_at": uow.clock.now(),
        "decided_by": actor.user_id,
    }
    await repo.decide(uow.conn, TABLE, withdrawal_id, **decided)
    amount = Money(amount=row["amount"], currency=row["currency"])
    await credit(
        uow,
        row["customer_id"],
        amount,
        WithdrawalEntry.RELEASED,
        note=f"withdrawal {withdrawal_id} refused: {reason}"[:2000],
    )
    uow.emit(
        WithdrawalRefused(
            withdrawal_id=withdrawal_id,
            customer_id=row["customer_id"],
            amount=amount,
            reason=reason,
            refused_at=decided["decided_at"],
        )
    )
    return {**row, **decided}


async def of_customer(uow: UnitOfWork, actor: Actor, customer_id: UUID) -> list[dict[str, Any]]:
    """A customer's withdrawals, newest first."""
    ensure_owner(actor, customer_id, "deposit")
    return await repo.listing(uow.conn, TABLE, customer_id=customer_id)


async def queue(
    uow: UnitOfWork, actor: Actor, status: WithdrawalStatus | None
) -> list[dict[str, Any]]:
    """Staff's list (requested ones to pay out, oldest first)."""
    ensure_staff(actor)
    return await repo.listing(uow.conn, TABLE, status=status.value if status else None)
