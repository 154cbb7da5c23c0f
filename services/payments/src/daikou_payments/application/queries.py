"""What the gateway shows: an order's billings with how they were paid, transfers, card payments."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from daikou_kit.actors import Actor
from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.adapters import billings, cards, orders, transfers
from daikou_payments.application.access import billing_for, ensure_owner
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


async def _details(uow: UnitOfWork, found: list[Billing]) -> list[BillingDetails]:
    ids = [b.billing_id for b in found]
    if not ids:
        return []
    reported = await transfers.listing(uow.conn, billing_ids=ids)
    paid_by_card = await cards.of_billings(uow.conn, ids)
    return [
        BillingDetails(
            b,
            [t for t in reported if t.billing_id == b.billing_id],
            [c for c in paid_by_card if c.billing_id == b.billing_id],
        )
        for b in found
    ]


async def of_order(uow: UnitOfWork, actor: Actor, order_id: UUID) -> OrderBillings:
    """An order's billings; empty before the estimate, 404 for another customer's order."""
    order = await orders.get(uow.conn, order_id)
    found = await billings.of_order(uow.conn, order_id)
    owner = order.customer_id if order else (found[0].customer_id if found else None)
    if owner is not None:
        ensure_owner(actor, owner, "order")
    pending = sum(c["amount"] for c in await orders.unbilled_charges(uow.conn, order_id))
    return OrderBillings(
        order_id, await _details(uow, found), await orders.refunded(uow.conn, order_id), pending
    )


async def one(uow: UnitOfWork, actor: Actor, billing_id: UUID) -> BillingDetails:
    """One billing with its details."""
    billing = await billing_for(uow, actor, billing_id, lock=False)
    return (await _details(uow, [billing]))[0]
