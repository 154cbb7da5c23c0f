"""Top-ups by bank transfer: the customer reports a transfer to the deposit, staff confirm it."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from daikou_contracts.catalogue.deposits import (
    DepositTransferConfirmed,
    DepositTransferRejected,
    DepositTransferReported,
)
from daikou_contracts.catalogue.payments import LedgerReason
from daikou_contracts.money import Money
from daikou_kit.actors import Actor
from daikou_kit.errors import InvalidInput, NotFound
from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.adapters import deposit_requests as repo
from daikou_payments.application.access import ensure_owner, ensure_staff
from daikou_payments.application.ledger_ops import credit
from daikou_payments.domain.calendar import JST
from daikou_payments.domain.transfer import TransferStatus, ensure_decidable, ensure_positive

TABLE = "deposit_transfers"


async def report(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: UUID,
    *,
    amount: int,
    payer_name: str,
    transferred_on: date,
    currency: str,
) -> dict[str, Any]:
    """Record the customer's report; the same report sent again is the first one."""
    ensure_owner(actor, customer_id, "deposit")
    ensure_positive(amount, "the transferred amount")
    if transferred_on > uow.clock.now().astimezone(JST).date():
        raise InvalidInput("the transfer date is in the future")
    waiting = await repo.listing(
        uow.conn, TABLE, status=TransferStatus.REPORTED.value, customer_id=customer_id
    )
    for same in waiting:
        if (same["amount"], same["payer_name"], same["transferred_on"]) == (
            amount,
            payer_name,
            transferred_on,
        ):
            return same
    row = {
        "transfer_id": uow.new_id(),
        "customer_id": customer_id,
        "currency": currency,
        "amount": amount,
        "payer_name": payer_name,
        "transferred_on": transferred_on,
        "status": TransferStatus.REPORTED.value,
        "reported_at": uow.clock.now(),
        "amount_received": None,
        "decided_at": None,
        "decided_by": None,
        "reason": "",
    }
    await repo.add(uow.conn, TABLE, **row)
    uow.emit(
        DepositTransferReported(
            transfer_id=row["transfer_id"],
            customer_id=customer_id,
            amount=Money(amount=amount, currency=currency),
            payer_name=payer_name,
            transferred_on=transferred_on,
        )
    )
    return row


async def _reported(uow: UnitOfWork, actor: Actor, transfer_id: UUID) -> dict[str, Any]:
    ensure_staff(actor)
    row = await repo.get(uow.conn, TABLE, transfer_id, lock=True)
    if row is None:
        raise NotFound("deposit transfer not found")
    ensure_decidable(TransferStatus(row["status"]))
    return row


async def confirm(
    uow: UnitOfWork, actor: Actor, transfer_id: UUID, received: int
) -> dict[str, Any]:
    """Staff found the money: the amount actually received is credited to the deposit."""
    ensure_positive(received, "the amount received")
    row = await _reported(uow, actor, transfer_id)
    decided = {
        "status": TransferStatus.CONFIRMED.value,
        "amount_received": received,
        "decided_at": uow.clock.now(),
        "decided_by": actor.user_id,
    }
    await repo.decide(uow.conn, TABLE, transfer_id, **decided)
    amount = Money(amount=received, currency=row["currency"])
    await credit(
        uow,
        row["customer_id"],
        amount,
        LedgerReason.TOP_UP,
        note=f"bank transfer from {row['payer_name']}"[:2000],
    )
    uow.emit(
        DepositTransferConfirmed(
            transfer_id=transfer_id, customer_id=row["customer_id"], amount_received=amount
        )
    )
    return {**row, **decided}


async def reject(uow: UnitOfWork, actor: Actor, transfer_id: UUID, reason: str) -> dict[str, Any]:
    """Staff could not find the transfer: nothing is credited."""
    row = await _reported(uow, actor, transfer_id)
    decided = {
        "status": TransferStatus.REJECTED.value,
        "reason": reason,
        "decided_at": uow.clock.now(),
        "decided_by": actor.user_id,
    }
    await repo.decide(uow.conn, TABLE, transfer_id, **decided)
    uow.emit(
        DepositTransferRejected(
            transfer_id=transfer_id, customer_id=row["customer_id"], reason=reason
        )
    )
    return {**row, **decided}


async def of_customer(uow: UnitOfWork, actor: Actor, customer_id: UUID) -> list[dict[str, Any]]:
    """A customer's reported top-ups, newest first."""
    ensure_owner(actor, customer_id, "deposit")
    return await repo.listing(uow.conn, TABLE, customer_id=customer_id)


async def queue(
    uow: UnitOfWork, actor: Actor, status: TransferStatus | None
) -> list[dict[str, Any]]:
    """Staff's list (reported ones to confirm, oldest first)."""
    ensure_staff(actor)
    return await repo.listing(uow.conn, TABLE, status=status.value if status else None)
