"""Issuing, adjusting and voiding billings from the orders' and the warehouse's facts."""

from __future__ import annotations

import logging
from uuid import UUID

from daikou_contracts.catalogue.additional_billings import AdditionalBillingVoided
from daikou_contracts.catalogue.common import AnyBillingKind, BillingKind, BillingLine
from daikou_contracts.catalogue.payments import BillingIssued, BillingVoided
from daikou_contracts.money import ExchangeRate, Money
from daikou_kit.errors import PermanentFailure
from daikou_payments.application.ledger_ops import emit_adjusted, emit_paid, money, refund
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.billing import Billing, BillingStatus

log = logging.getLogger(__name__)


class OrderNotYetKnown(Exception):
    """A fact about an order arrived before its estimate: retried with back-off."""


def to_currency(amount: Money, rate: ExchangeRate | None, currency: str) -> Money:
    """An amount in the billing currency, converted with the order's stated rate when needed."""
    if amount.currency == currency:
        return amount
    if rate is not None and rate.base == amount.currency and rate.quote == currency:
        return rate.convert(amount)
    raise PermanentFailure(f"no rate to convert {amount.currency} into {currency}")


async def issue(
    uow: PaymentsUnit,
    order_id: UUID,
    customer_id: UUID,
    kind: BillingKind,
    *,
    lines: list[BillingLine],
    total: int,
    revision: int,
    currency: str,
) -> Billing:
    """Create an open billing and publish BillingIssued."""
    billing = Billing(
        billing_id=uow.new_id(),
        order_id=order_id,
        customer_id=customer_id,
        kind=kind.value,
        currency=currency,
        lines=lines,
        total=total,
        revision=revision,
        issued_at=uow.clock.now(),
    )
    await uow.billings.add(billing)
    uow.emit(
        BillingIssued(
            billing_id=billing.billing_id,
            order_id=order_id,
            customer_id=customer_id,
            kind=kind,
            lines=list(lines),
            total=money(billing, total),
            issued_at=billing.issued_at,
        )
    )
    return billing


async def first_billing(
    uow: PaymentsUnit,
    order_id: UUID,
    customer_id: UUID,
    *,
    lines: list[BillingLine],
    total: Money,
    revision: int,
    rate: ExchangeRate | None = None,
) -> None:
    """Issue the 1st billing, or revise it when this revision is newer and it is not voided.

    The order is remembered first (with its rate, when the estimate states one).
    """
    currency = uow.currency
    await uow.orders.remember(order_id, customer_id, rate)
    order = await uow.orders.get(order_id, lock=True)
    if order is not None and order.cancelled_at is not None:
        log.info("order %s is cancelled; no 1st billing", order_id)
        return
    if total.currency != currency or any(line.amount.currency != currency for line in lines):
        raise PermanentFailure(f"the 1st billing must be in {currency}")
    existing = await uow.billings.of_kind(order_id, BillingKind.FIRST.value, lock=True)
    if existing is None:
        await issue(
            uow,
            order_id,
            customer_id,
            BillingKind.FIRST,
            lines=lines,
            total=total.amount,
            revision=revision,
            currency=currency,
        )
        return
    if revision <= existing.revision or existing.status is BillingStatus.VOIDED:
        log.info(
            "1st billing of %s: revision %d ignored (have %d, %s)",
            order_id,
            revision,
            existing.revision,
            existing.status,
        )
        return
    await adjust(uow, existing, lines, total.amount, revision, reopen=True)


async def adjust(
    uow: PaymentsUnit,
    billing: Billing,
    lines: list[BillingLine],
    total: int,
    revision: int,
    *,
    reopen: bool = False,
) -> None:
    """Change a billing; what was paid beyond the new total goes back to the deposit.

    With `reopen`, a paid billing takes the newer revision too (it was paid for an older one):
    it opens again for the difference, or is paid again at once at the new revision.
    """
    change = billing.revise if reopen else billing.adjust
    excess, just_paid = change(lines, total, revision, uow.clock.now())
    await uow.billings.save(billing, at=uow.clock.now())
    emit_adjusted(uow, billing)
    if just_paid:
        emit_paid(uow, billing)
    if excess:
        await refund(
            uow,
            billing.order_id,
            billing.customer_id,
            money(billing, excess),
            f"{billing.kind} billing lowered below what was paid",
            kind="lowered",
        )


def _emit_voided(uow: PaymentsUnit, billing: Billing, reason: str) -> None:
    if billing.kind == AnyBillingKind.ADDITIONAL:
        uow.emit(
            AdditionalBillingVoided(
                billing_id=billing.billing_id, order_id=billing.order_id, reason=reason[:200]
            )
        )
        return
    uow.emit(
        BillingVoided(
            billing_id=billing.billing_id,
            order_id=billing.order_id,
            kind=BillingKind(billing.kind),
            reason=reason[:200],
        )
    )


async def cancel_order(
    uow: PaymentsUnit, order_id: UUID, customer_id: UUID, reason: str, *, withheld: int = 0
) -> None:
    """Void the open billings and refund what was paid for the order and not spent.

    `withheld` is the share of items already bought: refunded item by item when the seller's
    refund is recorded, not now.
    """
    await uow.orders.remember(order_id, customer_id, None)
    order = await uow.orders.get(order_id, lock=True)
    if order is None or order.cancelled_at is not None:
        return
    await uow.orders.mark_cancelled(order_id, uow.clock.now())
    paid = on_voided = 0
    currency: str | None = None
    for billing in await uow.billings.of_order(order_id, lock=True):
        currency = billing.currency
        if billing.status is BillingStatus.OPEN:
            billing.void()
            await uow.billings.save(billing, voided_at=uow.clock.now())
            _emit_voided(uow, billing, reason)
        paid += billing.amount_paid
        if billing.status is BillingStatus.VOIDED:
            on_voided += billing.amount_paid
    owed = paid - await uow.orders.refunded(order_id) - max(withheld, 0)
    if currency is None or owed <= 0:
        return
    # Itemised: what was paid on voided billings, then what paid billings no longer charge for.
    voided_part = min(owed, on_voided)
    for amount, kind, why in (
        (voided_part, "voided", f"order cancelled ({reason}): paid on a voided billing"),
        (owed - voided_part, "cancellation", f"order cancelled ({reason})"),
    ):
        await refund(
            uow,
            order_id,
            order.customer_id,
            Money(amount=amount, currency=currency),
            why,
            kind=kind,
        )


async def refund_item(
    uow: PaymentsUnit,
    order_id: UUID,
    customer_id: UUID,
    item_id: UUID,
    *,
    amount: Money,
    reason: str,
) -> None:
    """Refund an item's paid share to the deposit, never more than is left paid on the order."""
    currency = uow.currency
    order = await uow.orders.get(order_id, lock=True)
    wanted = to_currency(amount, order.rate if order else None, currency)
    paid = sum(b.amount_paid for b in await uow.billings.of_order(order_id))
    refundable = paid - await uow.orders.refunded(order_id)
    granted = min(wanted.amount, max(refundable, 0))
    if granted < wanted.amount:
        log.warning("item %s: refund %s capped at %d (what is left paid)", item_id, wanted, granted)
    await refund(
        uow,
        order_id,
        customer_id,
        Money(amount=granted, currency=currency),
        reason,
        item_id=item_id,
        kind="item",
    )
