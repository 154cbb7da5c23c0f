"""What the gateway shows: an order's billings with how they were paid, transfers, card payments."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from daikou_kit.actors import Actor
from daikou_payments.application.access import billing_for, ensure_owner
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.billing import Billing
from daikou_payments.domain.card_payment import CardPayment
from daikou_payments.domain.transfer import Transfer


@dataclass(frozen=True)
class BillingDetails:
    """A billing with its transfer reports and card payments."""

    billing: Billing
    transfers: list[Transfer] = field(default_factory=list)
    card_payments: list[CardPayment] = field(default_factory=list)


@dataclass(frozen=True)
class OrderBillings:
    """Both billings of an order and what was refunded on it."""

    order_id: UUID
    billings: list[BillingDetails]
    refunded: int
    pending_charges: int


async def _details(uow: PaymentsUnit, found: list[Billing]) -> list[BillingDetails]:
    ids = [b.billing_id for b in found]
    if not ids:
        return []
    reported = await uow.transfers.listing(billing_ids=ids)
    paid_by_card = await uow.cards.of_billings(ids)
    return [
        BillingDetails(
            b,
            [t for t in reported if t.billing_id == b.billing_id],
            [c for c in paid_by_card if c.billing_id == b.billing_id],
        )
        for b in found
    ]


async def of_order(uow: PaymentsUnit, actor: Actor, order_id: UUID) -> OrderBillings:
    """An order's billings; empty before the estimate, 404 for another customer's order."""
    order = await uow.orders.get(order_id)
    found = await uow.billings.of_order(order_id)
    owner = order.customer_id if order else (found[0].customer_id if found else None)
    if owner is not None:
        ensure_owner(actor, owner, "order")
    pending = sum(c.amount for c in await uow.orders.charges(order_id, pending_only=True))
    return OrderBillings(
        order_id, await _details(uow, found), await uow.orders.refunded(order_id), pending
    )


async def one(uow: PaymentsUnit, actor: Actor, billing_id: UUID) -> BillingDetails:
    """One billing with its details."""
    billing = await billing_for(uow, actor, billing_id, lock=False)
    return (await _details(uow, [billing]))[0]
