"""Bank transfers: the customer reports one, staff confirm (with the amount received) or reject."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from daikou_contracts.catalogue.payments import (
    TransferConfirmed,
    TransferRejected,
    TransferReported,
)
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.adapters import billings
from daikou_payments.adapters import transfers as repo
from daikou_payments.application.access import billing_for, ensure_staff
from daikou_payments.application.calendar import current
from daikou_payments.application.ledger_ops import money, settle_external
from daikou_payments.domain.billing import BillingStatus, PaymentMethod
from daikou_payments.domain.calendar import JST, BusinessCalendar
from daikou_payments.domain.transfer import TransferStatus, ensure_decidable, ensure_positive


async def report(
    uow: UnitOfWork,
    actor: Actor,
    billing_id: UUID,
    *,
    amount: int,
    payer_name: str,
    transferred_on: date,
    calendar: BusinessCalendar,
    confirmation: timedelta,
) -> dict[str, Any]:
    """Record the customer's "payment completed" report; a repeated identical report is one."""
    ensure_positive(amount, "the transferred amount")
    billing = await billing_for(uow, actor, billing_id, lock=True)
    uow.correlate(str(billing.order_id))
    if billing.status is not BillingStatus.OPEN or billing.amount_due == 0:
        raise Conflict(f"the billing is {billing.status}; nothing is due")
    now = uow.clock.now()
    if transferred_on > now.astimezone(JST).date():
        raise InvalidInput("the transfer date is in the future")
    for same in await repo.listing(
        uow.conn, status=TransferStatus.REPORTED.value, billing_ids=[billing_id]
    ):
        if (same["amount"], same["payer_name"], same["transferred_on"]) == (
            amount,
            payer_name,
            transferred_on,
        ):
            return same
    row = {
        "transfer_id": uow.new_id(),
        "billing_id": billing_id,
        "order_id": billing.order_id,
        "customer_id": billing.customer_id,
        "currency": billing.currency,
        "amount": amount,
        "payer_name": payer_name,
        "transferred_on": transferred_on,
        "status": TransferStatus.REPORTED.value,
        "reported_at": now,
        "expected_confirmation_by": (await current(uow, calendar)).expected_done(now, confirmation),
        "reason": "",
        "amount_received": None,
        "decided_at": None,
        "decided_by": None,
    }
    await repo.add(uow.conn, **row)
    uow.emit(
        TransferReported(
            transfer_id=row["transfer_id"],
            billing_id=billing_id,
            order_id=billing.order_id,
            customer_id=billing.customer_id,
            amount=money(billing, amount),
            payer_name=payer_name,
            transferred_on=transferred_on,
            expected_confirmation_by=row["expected_confirmation_by"],
        )
    )
    return row


async def _reported(uow: UnitOfWork, actor: Actor, transfer_id: UUID) -> dict[str, Any]:
    ensure_staff(actor)
    row = await repo.get(uow.conn, transfer_id, lock=True)
    if row is None:
        raise NotFound("transfer not found")
    ensure_decidable(TransferStatus(row["status"]))
    uow.correlate(str(row["order_id"]))
    return row


async def confirm(
    uow: UnitOfWork, actor: Actor, transfer_id: UUID, received: int
) -> dict[str, Any]:
    """Staff confirm; an under-payment leaves the rest due, an over-payment goes to the deposit."""
    ensure_positive(received, "the amount received")
    row = await _reported(uow, actor, transfer_id)
    decided = {
        "status": TransferStatus.CONFIRMED.value,
        "amount_received": received,
        "decided_at": uow.clock.now(),
        "decided_by": actor.user_id,
    }
    await repo.decide(uow.conn, transfer_id, **decided)
    billing = await billings.get(uow.conn, row["billing_id"], lock=True)
    assert billing is not None  # a transfer always references its billing
    await settle_external(
        uow, billing, received, PaymentMethod.TRANSFER, f"bank transfer from {row['payer_name']}"
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
    return {**row, **decided}


async def reject(uow: UnitOfWork, actor: Actor, transfer_id: UUID, reason: str) -> dict[str, Any]:
    """Staff could not find the transfer: the billing stays due."""
    row = await _reported(uow, actor, transfer_id)
    decided = {
        "status": TransferStatus.REJECTED.value,
        "reason": reason,
        "decided_at": uow.clock.now(),
        "decided_by": actor.user_id,
    }
    await repo.decide(uow.conn, transfer_id, **decided)
    uow.emit(
        TransferRejected(
            transfer_id=transfer_id,
            billing_id=row["billing_id"],
            order_id=row["order_id"],
            customer_id=row["customer_id"],
            reason=reason,
        )
    )
    return {**row, **decided}


async def listing(
    uow: UnitOfWork, actor: Actor, status: TransferStatus | None
) -> list[dict[str, Any]]:
    """Staff's list of transfers (reported ones to confirm, oldest first)."""
    ensure_staff(actor)
    return await repo.listing(uow.conn, status=status.value if status else None)
