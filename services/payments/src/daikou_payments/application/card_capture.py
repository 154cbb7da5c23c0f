"""Capturing an approved PayPal order and recording it once, from the return page or a webhook."""

from __future__ import annotations

import logging

from daikou_contracts.catalogue.payments import LedgerReason
from daikou_contracts.json_types import JsonObject
from daikou_kit.actors import Actor
from daikou_kit.errors import NotFound
from daikou_payments.application.access import ensure_owner
from daikou_payments.application.ledger_ops import credit, money, refund, settle_external
from daikou_payments.application.ports import (
    CardProvider,
    PaymentsUnit,
    ProviderCapture,
)
from daikou_payments.domain.billing import Billing, BillingStatus, PaymentMethod
from daikou_payments.domain.card_payment import CAPTURED, CREATED, CardPayment

log = logging.getLogger(__name__)


async def capture(
    uow: PaymentsUnit, actor: Actor | None, paypal_order_id: str, provider: CardProvider
) -> Billing:
    """Capture at PayPal (if not yet) and apply it; repeated calls change nothing more."""
    card = await uow.cards.get(paypal_order_id, lock=True)
    if card is None:
        raise NotFound("card payment not found")
    if actor is not None:
        ensure_owner(actor, card.customer_id, "card payment")
    if card.status == CREATED:
        captured = await provider.capture(paypal_order_id)
        await record(uow, card, captured)
    billing = await uow.billings.get(card.billing_id)
    assert billing is not None  # a card payment always references its billing
    return billing


async def record(uow: PaymentsUnit, card: CardPayment, captured: ProviderCapture) -> None:
    """Mark the (locked) card payment captured and pay its billing; the rest goes back whole.

    What the billing cannot take (it was voided, or already paid) goes to the deposit together
    with the card fee charged on it, itemised, so the customer gets back everything taken.
    """
    await uow.cards.mark_captured(card.paypal_order_id, captured.capture_id, uow.clock.now())
    billing = await uow.billings.get(card.billing_id, lock=True)
    assert billing is not None
    uow.correlate(str(billing.order_id))
    fee = min(card.fee, captured.amount)
    applied = min(card.amount, captured.amount - fee)
    excess = 0
    if applied:
        excess = await settle_external(
            uow, billing, applied, PaymentMethod.CARD, f"card payment {captured.capture_id}"
        )
    fee_back = fee_refund(fee, applied, excess) + max(0, captured.amount - fee - applied)
    if fee_back:
        await give_back(uow, billing, fee_back, f"card fee of {captured.capture_id}")


def fee_refund(fee: int, applied: int, unused: int) -> int:
    """The share of the card fee charged on money the billing did not take (rounded down)."""
    if applied <= 0:
        return fee
    return fee * unused // applied


async def give_back(uow: PaymentsUnit, billing: Billing, amount: int, note: str) -> None:
    """Money taken by card that paid nothing: a refund (voided billing) or a deposit credit."""
    if billing.status is BillingStatus.VOIDED:
        await refund(
            uow,
            billing.order_id,
            billing.customer_id,
            money(billing, amount),
            note,
            kind="unbilled_receipt",
        )
        return
    await credit(
        uow,
        billing.customer_id,
        money(billing, amount),
        LedgerReason.OVERPAYMENT,
        order_id=billing.order_id,
        billing_id=billing.billing_id,
        note=note,
    )


async def on_webhook(uow: PaymentsUnit, event: JsonObject, provider: CardProvider) -> str:
    """Handle a verified webhook event; returns what was done (for the answer and logs)."""
    notice = provider.read_webhook(event)
    if notice is None:
        return "ignored"
    card = await uow.cards.get(notice.order_id, lock=True)
    if card is None:
        log.warning("PayPal %s for unknown order %r", notice.kind, notice.order_id)
        return "unknown-order"
    if card.status == CAPTURED:
        return "already-captured"
    await record(uow, card, notice.capture or await provider.capture(notice.order_id))
    return "captured"
