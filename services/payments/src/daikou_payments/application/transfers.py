"""Bank transfers: the customer reports one, staff confirm (with the amount received) or reject."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID

from daikou_contracts.catalogue.payments import (
    TransferConfirmed,
    TransferRejected,
    TransferReported,
)
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_payments.application.access import billing_for, ensure_staff
from daikou_payments.application.calendar import current
from daikou_payments.application.ledger_ops import money, settle_external
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.billing import BillingStatus, PaymentMethod
from daikou_payments.domain.calendar import JST, BusinessCalendar
from daikou_payments.domain.transfer import (
    Transfer,
    TransferStatus,
    ensure_decidable,
    ensure_positive,
)


async def report(
    uow: PaymentsUnit,
    actor: Actor,
    billing_id: UUID,
    *,
    amount: int,
    payer_name: str,
    transferred_on: date,
    calendar: BusinessCalendar,
    confirmation: timedelta,
) -> Transfer:
    """Record the customer's "payment completed" report; a repeated identical report is one."""
    ensure_positive(amount, "the transferred amount")
    billing = await billing_for(uow, actor, billing_id, lock=True)
    uow.correlate(str(billing.order_id))
    if billing.status is not BillingStatus.OPEN or billing.amount_due == 0:
        raise Conflict(f"the billing is {billing.status}; nothing is due")
    now = uow.clock.now()
    if transferred_on > now.astimezone(JST).date():
        raise InvalidInput("the transfer date is in the future")
    for same in await uow.transfers.listing(
        status=TransferStatus.REPORTED, billing_ids=[billing_id]
    ):
        if (same.amount, same.payer_name, same.transferred_on) == (
            amount,
            payer_name,
            transferred_on,
        ):
            return same
    transfer = Transfer(
        transfer_id=uow.new_id(),
        billing_id=billing_id,
        order_id=billing.order_id,
        customer_id=billing.customer_id,
        currency=billing.currency,
        amount=amount,
        payer_name=payer_name,
        transferred_on=transferred_on,
        status=TransferStatus.REPORTED,
        reported_at=now,
        expected_confirmation_by=(await current(uow, calendar)).expected_done(now, confirmation),
    )
    await uow.transfers.add(transfer)
    uow.emit(
        TransferReported(
            transfer_id=transfer.transfer_id,
            billing_id=billing_id,
            order_id=billing.order_id,
            customer_id=billing.customer_id,
            amount=money(billing, amount),
            payer_name=payer_name,
            transferred_on=transferred_on,
            expected_confirmation_by=transfer.expected_confirmation_by,
        )
    )
    return transfer


async def _reported(uow: PaymentsUnit, actor: Actor, transfer_id: UUID) -> Transfer:
    ensure_staff(actor)
    transfer = await uow.transfers.get(transfer_id, lock=True)
    if transfer is None:
        raise NotFound("transfer not found")
    ensure_decidable(transfer.status)
    uow.correlate(str(transfer.order_id))
    return transfer


async def confirm(uow: PaymentsUnit, actor: Actor, transfer_id: UUID, received: int) -> Transfer:
    """Staff confirm; an under-payment leaves the rest due, an over-payment goes to the deposit."""
    ensure_positive(received, "the amount received")
    decided = replace(
        await _reported(uow, actor, transfer_id),
        status=TransferStatus.CONFIRMED,
        amount_received=received,
        decided_at=uow.clock.now(),
        decided_by=actor.user_id,
    )
    await uow.transfers.decide(decided)
    billing = await uow.billings.get(decided.billing_id, lock=True)
    assert billing is not None  # a transfer always references its billing
    await settle_external(
        uow, billing, received, PaymentMethod.TRANSFER, f"bank transfer from {decided.payer_name}"
    )
    uow.emit(
        TransferConfirmed(
            transfer_id=transfer_id,
            billing_id=billing.billing_id,
            order_id=billing.order_id,
            customer_id=billing.customer_id,
            amount_received=money(billing, received),
        )
    )
    return decided


async def reject(uow: PaymentsUnit, actor: Actor, transfer_id: UUID, reason: str) -> Transfer:
    """Staff could not find the transfer: the billing stays due."""
    decided = replace(
        await _reported(uow, actor, transfer_id),
        status=TransferStatus.REJECTED,
        reason=reason,
        decided_at=uow.clock.now(),
        decided_by=actor.user_id,
    )
    await uow.transfers.decide(decided)
    uow.emit(
        TransferRejected(
            transfer_id=transfer_id,
            billing_id=decided.billing_id,
            order_id=decided.order_id,
            customer_id=decided.customer_id,
            reason=reason,
        )
    )
    return decided


async def listing(uow: PaymentsUnit, actor: Actor, status: TransferStatus | None) -> list[Transfer]:
    """Staff's list of transfers (reported ones to confirm, oldest first)."""
    ensure_staff(actor)
    return await uow.transfers.listing(status=status)
