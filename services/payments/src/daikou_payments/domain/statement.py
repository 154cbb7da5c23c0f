"""An order's money statement: every yen billed, paid, refunded and charged, as signed lines.

A line is positive when it adds to what the customer owes, negative when it settles or credits.
Every refund is paired with the line it undoes, so the lines always sum to what is still due:
the open billings' amounts due plus the charges not yet on a billing.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from daikou_payments.domain.billing import Billing, BillingStatus, PaymentMethod
from daikou_payments.domain.card_payment import CAPTURED, CardPayment
from daikou_payments.domain.deposit import LedgerEntry
from daikou_payments.domain.order_view import Charge, Refund

# What a refund of each kind undoes (the line paired with it).
UNDOES = {
    "item": ("not_billed", "no longer billed: {reason}"),
    "cancellation": ("not_billed", "no longer billed: {reason}"),
    "other": ("not_billed", "no longer billed: {reason}"),
    "lowered": ("received", "paid before the billing was lowered"),
    "unbilled_receipt": ("received", "received beyond any billing: {reason}"),
}


@dataclass(frozen=True)
class Line:
    """One signed movement of the order's money."""

    kind: str
    description: str
    amount: int
    billing_id: UUID | None = None


def billing_lines(billing: Billing) -> list[Line]:
    """Billed, voided, and paid by each method."""
    b = billing.billing_id
    found = [
        Line("billed", f"{billing.kind} billing, revision {billing.revision}", billing.total, b)
    ]
    if billing.status is BillingStatus.VOIDED:
        found.append(Line("voided", f"{billing.kind} billing voided", -billing.total, b))
    for method in PaymentMethod:
        if billing.paid[method]:
            found.append(Line(f"paid_{method}", f"paid by {method}", -billing.paid[method], b))
    return found


def card_fee_lines(card: CardPayment) -> list[Line]:
    """A captured card payment's fee: charged and paid at PayPal in the same breath."""
    if card.status != CAPTURED or not card.fee:
        return []
    b = card.billing_id
    return [
        Line("card_fee", f"card fee ({card.paypal_order_id})", card.fee, b),
        Line("paid_card_fee", "card fee paid by card", -card.fee, b),
    ]


def refund_lines(refund: Refund) -> list[Line]:
    """A refund to the deposit and, unless it returns a voided billing's payment, what it undoes."""
    given = Line("refund", f"refunded to the deposit: {refund.reason}", refund.amount)
    kind = refund.kind or "other"
    if kind == "voided":
        return [given]  # the voided billing's payment line is what it gives back
    paired, text = UNDOES.get(kind, UNDOES["other"])
    return [given, Line(paired, text.format(reason=refund.reason), -refund.amount)]


def credit_lines(entry: LedgerEntry) -> list[Line]:
    """An overpayment credited to the deposit: received beyond the billing, then credited."""
    return [
        Line("received", f"received beyond the billing: {entry.note}", -entry.amount),
        Line("credited", "credited to the deposit", entry.amount),
    ]


def charge_lines(charge: Charge) -> list[Line]:
    """An extra cost: on the 2nd billing (already in its total), settled, or still pending."""
    if charge.billing_id is not None:
        return []
    line = Line("charge", charge.description, charge.amount)
    if charge.settled_at is None:
        return [line]
    return [line, Line("paid_deposit", "charge paid from the deposit", -charge.amount)]


def due(billings: list[Billing], charges: list[Charge]) -> int:
    """What the customer still has to pay: open amounts due and pending charges."""
    pending = sum(c.amount for c in charges if c.pending)
    return int(sum(b.amount_due for b in billings) + pending)
