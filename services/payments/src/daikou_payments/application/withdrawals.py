"""Withdrawals: the customer takes deposit money back to a bank account; staff pay it out.

The amount is debited from the deposit the moment it is requested, under the balance row's lock,
so it can never be spent twice nor take the balance below zero; a refusal credits it back.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from daikou_contracts.catalogue.deposits import (
    WithdrawalPaidOut,
    WithdrawalRefused,
    WithdrawalRequested,
)
from daikou_contracts.money import Money
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_payments.application.access import ensure_owner, ensure_staff
from daikou_payments.application.ledger_ops import credit, debit_up_to
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.withdrawal import (
    Withdrawal,
    WithdrawalEntry,
    WithdrawalStatus,
    ensure_decidable,
    ensure_room_for_another,
)


async def request(
    uow: PaymentsUnit,
    actor: Actor,
    customer_id: UUID,
    amount: Money,
    bank_account: dict[str, str],
) -> Withdrawal:
    """Reserve `amount` of the deposit for a payout; 409 when the deposit holds less."""
    ensure_owner(actor, customer_id, "deposit")
    currency = uow.currency
    if amount.currency != currency:
        raise InvalidInput(f"the deposit is kept in {currency}")
    if amount.amount <= 0:
        raise InvalidInput("a withdrawal is a positive amount")
    await uow.ledger.lock_account(customer_id, currency)  # serialises this customer's requests
    ensure_room_for_another(await uow.withdrawals.count_open(customer_id))
    withdrawal_id = uow.new_id()
    taken = await debit_up_to(
        uow, customer_id, amount, WithdrawalEntry.RESERVED, note=f"withdrawal {withdrawal_id}"
    )
    if taken != amount.amount:
        raise Conflict(
            f"the deposit holds less than {amount.amount} {currency}; it never goes below zero",
            code="insufficient_deposit",
        )
    withdrawal = Withdrawal(
        withdrawal_id=withdrawal_id,
        customer_id=customer_id,
        currency=currency,
        amount=amount.amount,
        bank_account=bank_account,
        status=WithdrawalStatus.REQUESTED,
        requested_at=uow.clock.now(),
    )
    await uow.withdrawals.add(withdrawal)
    balance, _ = await uow.ledger.balance(customer_id)
    uow.emit(
        WithdrawalRequested(
            withdrawal_id=withdrawal_id,
            customer_id=customer_id,
            amount=amount,
            balance_after=Money(amount=balance, currency=currency),
            requested_at=withdrawal.requested_at,
        )
    )
    return withdrawal


async def _requested(uow: PaymentsUnit, actor: Actor, withdrawal_id: UUID) -> Withdrawal:
    ensure_staff(actor)
    withdrawal = await uow.withdrawals.get(withdrawal_id, lock=True)
    if withdrawal is None:
        raise NotFound("withdrawal not found")
    ensure_decidable(withdrawal.status)
    return withdrawal


async def pay_out(
    uow: PaymentsUnit, actor: Actor, withdrawal_id: UUID, reference: str
) -> Withdrawal:
    """Staff sent the money: the reservation becomes final, with the bank's reference."""
    now = uow.clock.now()
    decided = replace(
        await _requested(uow, actor, withdrawal_id),
        status=WithdrawalStatus.PAID_OUT,
        reference=reference,
        decided_at=now,
        decided_by=actor.user_id,
    )
    await uow.withdrawals.decide(decided)
    uow.emit(
        WithdrawalPaidOut(
            withdrawal_id=withdrawal_id,
            customer_id=decided.customer_id,
            amount=Money(amount=decided.amount, currency=decided.currency),
            reference=reference,
            paid_out_at=now,
        )
    )
    return decided


async def refuse(uow: PaymentsUnit, actor: Actor, withdrawal_id: UUID, reason: str) -> Withdrawal:
    """Staff refused: the reserved amount goes back to the deposit."""
    now = uow.clock.now()
    decided = replace(
        await _requested(uow, actor, withdrawal_id),
        status=WithdrawalStatus.REFUSED,
        reason=reason,
        decided_at=now,
        decided_by=actor.user_id,
    )
    await uow.withdrawals.decide(decided)
    amount = Money(amount=decided.amount, currency=decided.currency)
    await credit(
        uow,
        decided.customer_id,
        amount,
        WithdrawalEntry.RELEASED,
        note=f"withdrawal {withdrawal_id} refused: {reason}"[:2000],
    )
    uow.emit(
        WithdrawalRefused(
            withdrawal_id=withdrawal_id,
            customer_id=decided.customer_id,
            amount=amount,
            reason=reason,
            refused_at=now,
        )
    )
    return decided


async def of_customer(uow: PaymentsUnit, actor: Actor, customer_id: UUID) -> list[Withdrawal]:
    """A customer's withdrawals, newest first."""
    ensure_owner(actor, customer_id, "deposit")
    return await uow.withdrawals.listing(customer_id=customer_id)


async def queue(
    uow: PaymentsUnit, actor: Actor, status: WithdrawalStatus | None
) -> list[Withdrawal]:
    """Staff's list (requested ones to pay out, oldest first)."""
    ensure_staff(actor)
    return await uow.withdrawals.listing(status=status)
