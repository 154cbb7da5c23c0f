"""Capturing an approved PayPal order and recording it once, from the return page or a webhook."""

from __future__ import annotations

import logging
from typing import Any

from daikou_kit.errors import NotFound
from daikou_kit.http import Actor
from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.adapters import billings, cards
from daikou_payments.adapters.paypal import from_value
from daikou_payments.application.access import ensure_owner
from daikou_payments.application.ledger_ops import settle_external
from daikou_payments.application.ports import CardProvider, ProviderCapture
from daikou_payments.domain.billing import Billing, PaymentMethod

log = logging.getLogger(__name__)


async def capture(
    uow: UnitOfWork, actor: Actor | None, paypal_order_id: str, provider: CardProvider
) -> Billing:
    """Capture at PayPal (if not yet) and apply it; repeated calls change nothing more."""
    card = await cards.get(uow.conn, paypal_order_id, lock=True)
    if card is None:
        raise NotFound("card payment not found")
    if actor is not None:
        ensure_owner(actor, card["customer_id"], "card payment")
    if card["status"] == "created":
        captured = await provider.capture(paypal_order_id)
        await record(uow, card, captured)
    billing = await billings.get(uow.conn, card["billing_id"])
    assert billing is not None  # a card payment always references its billing
    return billing


async def record(uow: UnitOfWork, card: dict[str, Any], captured: ProviderCapture) -> None:
    """Mark the (locked) card payment captured and pay its billing; excess goes to the deposit."""
    await cards.mark_captured(
        uow.conn, card["paypal_order_id"], captured.capture_id, uow.clock.now()
    )
    billing = await billings.get(uow.conn, card["billing_id"], lock=True)
    assert billing is not None
    uow.correlate(str(billing.order_id))
    applied = min(card["amount"], max(captured.amount - card["fee"], 0))
    if applied:
        await settle_external(
            uow, billing, applied, PaymentMethod.CARD, f"card payment {captured.capture_id}"
        )


async def on_webhook(uow: UnitOfWork, event: dict[str, Any], provider: CardProvider) -> str:
    """Handle a verified webhook event; returns what was done (for the answer and logs)."""
    kind = str(event.get("event_type", ""))
    resource = event.get("resource") or {}
    if kind == "CHECKOUT.ORDER.APPROVED":
        order_id = str(resource.get("id", ""))
    elif kind == "PAYMENT.CAPTURE.COMPLETED":
        order_id = str(
            resource.get("supplementary_data", {}).get("related_ids", {}).get("order_id", "")
        )
    else:
        return "ignored"
    card = await cards.get(uow.conn, order_id, lock=True)
    if card is None:
        log.warning("PayPal %s for unknown order %r", kind, order_id)
        return "unknown-order"
    if card["status"] == "captured":
        return "already-captured"
    if kind == "CHECKOUT.ORDER.APPROVED":
        await record(uow, card, await provider.capture(order_id))
    else:
        amount = resource.get("amount", {})
        currency = str(amount.get("currency_code", card["currency"]))
        await record(
            uow,
            card,
            ProviderCapture(
                str(resource["id"]), from_value(str(amount.get("value", "0")), currency), currency
            ),
        )
    return "captured"
