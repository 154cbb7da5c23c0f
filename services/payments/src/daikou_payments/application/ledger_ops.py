"""Moving money on the deposit and onto billings, with the events each move publishes."""

from __future__ import annotations

from uuid import UUID

from daikou_contracts.catalogue.additional_billings import AdditionalBillingPaid
from daikou_contracts.catalogue.common import AnyBillingKind, BillingKind
from daikou_contracts.catalogue.payments import (
    BillingAdjusted,
    BillingPaid,
    DepositCredited,
    DepositDebited,
    LedgerReason,
    RefundIssued,
)
from daikou_contracts.money import Money
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.billing import Billing, BillingStatus, PaymentMethod
from daikou_payments.domain.deposit import LedgerEntry
from daikou_payments.domain.order_view import Refund
from daikou_payments.domain.withdrawal import WithdrawalEntry

# A withdrawal's entries are published as the withdrawal's own facts (contracts' `deposits`).
Reason = LedgerReason | WithdrawalEntry


async def credit(
    uow: PaymentsUnit,
    customer_id: UUID,
    amount: Money,
    reason: Reason,
    *,
    order_id: UUID | None = None,
    billing_id: UUID | None = None,
    note: str = "",
) -> int:
    """Add to a customer's deposit; returns the balance after."""
    account = await uow.ledger.lock_account(customer_id, amount.currency)
    after = account.credit(amount.amount)
    entry_id = uow.new_id()
    await uow.ledger.append(
        account,
        LedgerEntry(
            entry_id,
            customer_id,
            amount.amount,
            reason.value,
            after,
            order_id,
            billing_id,
            note,
            uow.clock.now(),
        ),
    )
    if isinstance(reason, LedgerReason):
        uow.emit(
            DepositCredited(
                entry_id=entry_id,
                customer_id=customer_id,
                amount=amount,
                reason=reason,
                balance_after=Money(amount=after, currency=amount.currency),
                order_id=order_id,
            )
        )
    return after


async def debit_up_to(
    uow: PaymentsUnit,
    customer_id: UUID,
    wanted: Money,
    reason: Reason,
    *,
    order_id: UUID | None = None,
    billing_id: UUID | None = None,
    note: str = "",
) -> int:
    """Take as much of `wanted` as the deposit holds (row-locked); returns what was taken."""
    if (await uow.ledger.balance(customer_id))[0] <= 0:
        return 0  # an empty deposit is not locked: a card checkout may hold its lock for long
    account = await uow.ledger.lock_account(customer_id, wanted.currency)
    taken = account.takeable(wanted.amount)
    if taken == 0:
        return 0
    after = account.debit(taken)
    entry_id = uow.new_id()
    await uow.ledger.append(
        account,
        LedgerEntry(
            entry_id,
            customer_id,
            -taken,
            reason.value,
            after,
            order_id,
            billing_id,
            note,
            uow.clock.now(),
        ),
    )
    if isinstance(reason, LedgerReason):
        uow.emit(
            DepositDebited(
                entry_id=entry_id,
                customer_id=customer_id,
                amount=Money(amount=taken, currency=wanted.currency),
                reason=reason,
                balance_after=Money(amount=after, currency=wanted.currency),
                order_id=order_id,
            )
        )
    return taken


def money(billing: Billing, amount: int) -> Money:
    """An amount in a billing's currency."""
    return Money(amount=amount, currency=billing.currency)


async def pay_from_deposit(uow: PaymentsUnit, billing: Billing) -> int:
    """Deposit first: pay as much of the (locked) billing as the deposit holds."""
    if billing.amount_due == 0:
        return 0
    taken = await debit_up_to(
        uow,
        billing.customer_id,
        money(billing, billing.amount_due),
        LedgerReason.PAYMENT,
        order_id=billing.order_id,
        billing_id=billing.billing_id,
        note=f"{billing.kind} billing",
    )
    if taken:
        _, just_paid = billing.apply(taken, PaymentMethod.DEPOSIT, uow.clock.now())
        await uow.billings.save(billing, at=uow.clock.now())
        if just_paid:
            emit_paid(uow, billing)
    return taken


async def settle_external(
    uow: PaymentsUnit, billing: Billing, amount: int, method: PaymentMethod, note: str
) -> int:
    """Apply money received outside the deposit; what the billing cannot take goes to the deposit."""
    was_open = billing.status is BillingStatus.OPEN
    excess, just_paid = billing.apply(amount, method, uow.clock.now())
    await uow.billings.save(billing, at=uow.clock.now())
    if just_paid:
        emit_paid(uow, billing)
    if excess:
        if was_open or billing.status is BillingStatus.PAID:
            await credit(
                uow,
                billing.customer_id,
                money(billing, excess),
                LedgerReason.OVERPAYMENT,
                order_id=billing.order_id,
                billing_id=billing.billing_id,
                note=note,
            )
        else:
            await refund(
                uow,
                billing.order_id,
                billing.customer_id,
                money(billing, excess),
                f"{note} received for a voided billing",
                kind="unbilled_receipt",
            )
    return excess


async def refund(
    uow: PaymentsUnit,
    order_id: UUID,
    customer_id: UUID,
    amount: Money,
    reason: str,
    *,
    item_id: UUID | None = None,
    kind: str = "other",
) -> bool:
    """Refund to the deposit (once per item); False when it was refunded before or is zero.

    `kind` says what the refund undoes, for the order's money statement: `item` and
    `cancellation` (no longer billed), `voided` (paid on a voided billing), `lowered` (paid before
    the billing was lowered), `unbilled_receipt` (received but never taken by a billing).
    """
    if amount.amount <= 0:
        return False
    refund_id = uow.new_id()
    recorded = await uow.orders.add_refund(
        Refund(
            refund_id=refund_id,
            order_id=order_id,
            customer_id=customer_id,
            item_id=item_id,
            amount=amount.amount,
            reason=reason[:200],
            created_at=uow.clock.now(),
            kind=kind,
        )
    )
    if not recorded:
        return False
    await credit(uow, customer_id, amount, LedgerReason.REFUND, order_id=order_id, note=reason)
    uow.emit(
        RefundIssued(
            refund_id=refund_id,
            order_id=order_id,
            customer_id=customer_id,
            amount=amount,
            reason=reason[:200],
            item_id=item_id,
        )
    )
    return True


def emit_paid(uow: PaymentsUnit, billing: Billing) -> None:
    """BillingPaid (AdditionalBillingPaid), once, when a billing became paid in full."""
    if billing.kind == AnyBillingKind.ADDITIONAL:
        uow.emit(
            AdditionalBillingPaid(
                billing_id=billing.billing_id,
                order_id=billing.order_id,
                customer_id=billing.customer_id,
                total=money(billing, billing.total),
                paid_by_deposit=money(billing, billing.paid[PaymentMethod.DEPOSIT]),
                paid_by_transfer=money(billing, billing.paid[PaymentMethod.TRANSFER]),
                paid_by_card=money(billing, billing.paid[PaymentMethod.CARD]),
                paid_at=billing.paid_at or uow.clock.now(),
            )
        )
        return
    uow.emit(
        BillingPaid(
            billing_id=billing.billing_id,
            order_id=billing.order_id,
            customer_id=billing.customer_id,
            kind=BillingKind(billing.kind),
            total=money(billing, billing.total),
            paid_by_deposit=money(billing, billing.paid[PaymentMethod.DEPOSIT]),
            paid_by_transfer=money(billing, billing.paid[PaymentMethod.TRANSFER]),
            paid_by_card=money(billing, billing.paid[PaymentMethod.CARD]),
            paid_at=billing.paid_at or uow.clock.now(),
            revision=billing.revision,
        )
    )


def emit_adjusted(uow: PaymentsUnit, billing: Billing) -> None:
    """BillingAdjusted with the billing's new lines and amounts (1st and 2nd billings only)."""
    if billing.kind == AnyBillingKind.ADDITIONAL:
        return  # one charge each, never adjusted; the v1 fact cannot name this kind
    uow.emit(
        BillingAdjusted(
            billing_id=billing.billing_id,
            order_id=billing.order_id,
            customer_id=billing.customer_id,
            kind=BillingKind(billing.kind),
            lines=list(billing.lines),
            total=money(billing, billing.total),
            amount_paid=money(billing, billing.amount_paid),
            amount_due=money(billing, billing.amount_due),
            revision=billing.revision,
        )
    )
