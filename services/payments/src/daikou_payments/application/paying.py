"""Paying a billing: the deposit first, then bank transfer or card (PayPal) for the rest."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict
from daikou_payments.application.access import billing_for
from daikou_payments.application.ledger_ops import pay_from_deposit
from daikou_payments.application.ports import CardProvider, PaymentsUnit
from daikou_payments.domain.billing import Billing, BillingStatus
from daikou_payments.domain.card_payment import CREATED, CardPayment
from daikou_payments.domain.fees import CardFeeRule


class RemainderMethod(StrEnum):
    """How the customer pays what the deposit does not cover."""

    DEPOSIT = "deposit"
    TRANSFER = "transfer"
    CARD = "card"


@dataclass(frozen=True)
class CardCheckout:
    """Where to send the buyer, and the total shown before they go (fee included)."""

    paypal_order_id: str
    approve_url: str
    amount: int
    fee: int
    total: int


@dataclass(frozen=True)
class PaymentStarted:
    """The outcome of a payment request."""

    billing: Billing
    paid_by_deposit_now: int
    method: RemainderMethod
    card: CardCheckout | None = None


async def pay(
    uow: PaymentsUnit,
    actor: Actor,
    billing_id: UUID,
    method: RemainderMethod,
    *,
    provider: CardProvider,
    fees: CardFeeRule,
    revision: int | None = None,
) -> PaymentStarted:
    """Deposit first; for a card remainder, create (or reuse) the PayPal order for due + fee.

    A payment that names a revision pays that revision only: the billing row is locked, so a
    revision arriving at the same moment is applied before or after, never in between.
    """
    billing = await billing_for(uow, actor, billing_id, lock=True)
    uow.correlate(str(billing.order_id))
    if billing.status is not BillingStatus.OPEN:
        raise Conflict(f"the billing is {billing.status}")
    if revision is not None and revision != billing.revision:
        raise Conflict(
            f"the billing is at revision {billing.revision}, not {revision}: check it again",
            code="stale_revision",
        )
    taken = await pay_from_deposit(uow, billing)
    card = None
    if method is RemainderMethod.CARD and billing.amount_due > 0:
        card = await _checkout(uow, billing, provider, fees)
    return PaymentStarted(billing, taken, method, card)


async def _checkout(
    uow: PaymentsUnit, billing: Billing, provider: CardProvider, fees: CardFeeRule
) -> CardCheckout:
    """Reuse the open PayPal order for the same due amount; otherwise create one.

    The provider is called inside the transaction on purpose: the billing row stays locked, so
    retried or concurrent requests never create two orders, and a failure rolls back the
    deposit debit too.
    """
    due = billing.amount_due
    existing = await uow.cards.open_for(billing.billing_id, due)
    if existing is not None:
        return CardCheckout(
            existing.paypal_order_id, existing.approve_url, due, existing.fee, due + existing.fee
        )
    fee = fees.fee(due)
    order = await provider.create_order(
        reference=f"{billing.billing_id}:{billing.revision}:{due}",
        amount=due + fee,
        currency=billing.currency,
        description=f"Daikou {billing.kind} billing {str(billing.order_id)[:8]}",
    )
    await uow.cards.add(
        CardPayment(
            paypal_order_id=order.order_id,
            billing_id=billing.billing_id,
            customer_id=billing.customer_id,
            currency=billing.currency,
            amount=due,
            fee=fee,
            approve_url=order.approve_url,
            status=CREATED,
            created_at=uow.clock.now(),
        ),
    )
    return CardCheckout(order.order_id, order.approve_url, due, fee, due + fee)
