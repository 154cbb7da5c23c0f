"""Top-ups by bank transfer: the customer reports a transfer to the deposit, staff confirm it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
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
from daikou_payments.application.access import ensure_owner, ensure_staff
from daikou_payments.application.ledger_ops import credit
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.calendar import JST
from daikou_payments.domain.deposit_transfer import DepositTransfer
from daikou_payments.domain.transfer import TransferStatus, ensure_decidable, ensure_positive


async def report(
    uow: PaymentsUnit,
    actor: Actor,
    customer_id: UUID,
    *,
    amount: int,
    payer_name: str,
    transferred_on: date,
) -> DepositTransfer:
    """Record the customer's report; the same report sent again is the first one."""
    ensure_owner(actor, customer_id, "deposit")
    ensure_positive(amount, "the transferred amount")
    currency = uow.currency
    if transferred_on > uow.clock.now().astimezone(JST).date():
        raise InvalidInput("the transfer date is in the future")
    waiting = await uow.deposit_transfers.listing(
        status=TransferStatus.REPORTED, customer_id=customer_id
    )
    for same in waiting:
        if (same.amount, same.payer_name, same.transferred_on) == (
            amount,
            payer_name,
            transferred_on,
        ):
            return same
    transfer = DepositTransfer(
        transfer_id=uow.new_id(),
        customer_id=customer_id,
        currency=currency,
        amount=amount,
        payer_name=payer_name,
        transferred_on=transferred_on,
        status=TransferStatus.REPORTED,
        reported_at=uow.clock.now(),
    )
    await uow.deposit_transfers.add(transfer)
    uow.emit(
        DepositTransferReported(
            transfer_id=transfer.transfer_id,
            customer_id=customer_id,
            amount=Money(amount=amount, currency=currency),
            payer_name=payer_name,
            transferred_on=transferred_on,
        )
    )
    return transfer


async def _reported(uow: PaymentsUnit, actor: Actor, transfer_id: UUID) -> DepositTransfer:
    ensure_staff(actor)
    transfer = await uow.deposit_transfers.get(transfer_id, lock=True)
    if transfer is None:
        raise NotFound("deposit transfer not found")
    ensure_decidable(transfer.status)
    return transfer


async def confirm(
    uow: PaymentsUnit, actor: Actor, transfer_id: UUID, received: int
) -> DepositTransfer:
    """Staff found the money: the amount actually received is credited to the deposit."""
    ensure_positive(received, "the amount received")
    decided = replace(
        await _reported(uow, actor, transfer_id),
        status=TransferStatus.CONFIRMED,
        amount_received=received,
        decided_at=uow.clock.now(),
        decided_by=actor.user_id,
    )
    await uow.deposit_transfers.decide(decided)
    amount = Money(amount=received, currency=decided.currency)
    await credit(
        uow,
        decided.customer_id,
        amount,
        LedgerReason.TOP_UP,
        note=f"bank transfer from {decided.payer_name}"[:2000],
    )
    uow.emit(
        DepositTransferConfirmed(
            transfer_id=transfer_id, customer_id=decided.customer_id, amount_received=amount
        )
    )
    return decided


async def reject(
    uow: PaymentsUnit, actor: Actor, transfer_id: UUID, reason: str
) -> DepositTransfer:
    """Staff could not find the transfer: nothing is credited."""
    decided = replace(
        await _reported(uow, actor, transfer_id),
        status=TransferStatus.REJECTED,
        reason=reason,
        decided_at=uow.clock.now(),
        decided_by=actor.user_id,
    )
    await uow.deposit_transfers.decide(decided)
    uow.emit(
        DepositTransferRejected(
            transfer_id=transfer_id, customer_id=decided.customer_id, reason=reason
        )
    )
    return decided


async def of_customer(uow: PaymentsUnit, actor: Actor, customer_id: UUID) -> list[DepositTransfer]:
    """A customer's reported top-ups, newest first."""
    ensure_owner(actor, customer_id, "deposit")
    return await uow.deposit_transfers.listing(customer_id=customer_id)


async def queue(
    uow: PaymentsUnit, actor: Actor, status: TransferStatus | None
) -> list[DepositTransfer]:
    """Staff's list (reported ones to confirm, oldest first)."""
    ensure_staff(actor)
    return await uow.deposit_transfers.listing(status=status)
