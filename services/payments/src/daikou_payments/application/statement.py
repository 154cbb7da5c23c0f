"""An order's money statement: billings with their revisions, payments, refunds, charges, balance."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from daikou_kit.actors import Actor
from daikou_payments.application.access import ensure_owner
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain import statement as rules
from daikou_payments.domain.billing import Billing, BillingRevision
from daikou_payments.domain.card_payment import CardPayment
from daikou_payments.domain.order_view import Charge, Refund


@dataclass(frozen=True)
class Statement:
    """Everything about an order's money, and the signed lines that sum to what is due."""

    order_id: UUID
    billings: list[Billing]
    revisions: list[BillingRevision]
    card_payments: list[CardPayment]
    refunds: list[Refund]
    charges: list[Charge]
    lines: list[rules.Line]
    due: int

    @property
    def balance(self) -> int:
        """The sum of the lines: owed by the customer (> 0); never below zero by construction."""
        return sum(line.amount for line in self.lines)


async def of_order(uow: PaymentsUnit, actor: Actor, order_id: UUID) -> Statement:
    """The statement of an order the actor may see (empty before the estimate)."""
    order = await uow.orders.get(order_id)
    found = await uow.billings.of_order(order_id)
    owner = order.customer_id if order else (found[0].customer_id if found else None)
    if owner is not None:
        ensure_owner(actor, owner, "order")
    ids = [b.billing_id for b in found]
    revisions = await uow.billings.revisions(ids)
    paid_by_card = await uow.cards.of_billings(ids)
    refunds = await uow.orders.refunds(order_id)
    charges = await uow.orders.charges(order_id)
    credits = await uow.ledger.overpayments(order_id)
    lines = [line for b in found for line in rules.billing_lines(b)]
    lines += [line for c in paid_by_card for line in rules.card_fee_lines(c)]
    lines += [line for r in refunds for line in rules.refund_lines(r)]
    lines += [line for e in credits for line in rules.credit_lines(e)]
    lines += [line for c in charges for line in rules.charge_lines(c)]
    return Statement(
        order_id,
        found,
        revisions,
        paid_by_card,
        refunds,
        charges,
        lines,
        rules.due(found, charges),
    )
