"""Placing and estimating orders."""

from __future__ import annotations

import secrets
from uuid import UUID

from daikou_contracts.catalogue.common import Address, OrderItem
from daikou_contracts.catalogue.orders import OrderEstimated, OrderPlaced
from daikou_contracts.money import ExchangeRate, Money
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Forbidden
from daikou_orders.application.common import (
    OPS_ROLES,
    PAYMENT_DEADLINE,
    PAYMENT_REMINDER,
    emit_status_changes,
    load_for,
    save,
    schedule,
    who,
)
from daikou_orders.application.ports import OrdersUnit
from daikou_orders.domain.billing import first_billing
from daikou_orders.domain.model import Estimate, Order
from daikou_orders.domain.placing import ItemPrice, NewItem, apply_estimate, place

_NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely


def order_number(uow: OrdersUnit) -> str:
    """A human-readable order number: DK-YYYYMMDD-XXXXXX."""
    suffix = "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(6))
    return f"DK-{uow.clock.now():%Y%m%d}-{suffix}"


async def place_order(
    uow: OrdersUnit,
    actor: Actor,
    *,
    items: list[NewItem],
    address: Address,
    shipping_preference: str,
) -> Order:
    """A customer applies for items; the order starts as applied."""
    if actor.role is not Role.CUSTOMER:
        raise Forbidden("only a customer places orders", code="customers_only")
    now = uow.clock.now()
    order = place(
        order_id=uow.new_id(),
        order_number=order_number(uow),
        customer_id=actor.user_id,
        items=[(uow.new_id(), item) for item in items],
        address=address,
        shipping_preference=shipping_preference,
        at=now,
        actor=who(actor),
        limits=uow.policy.limits,
    )
    uow.correlate(str(order.order_id))
    emit_status_changes(uow, order)
    await uow.orders.add(order, now)
    uow.emit(
        OrderPlaced(
            order_id=order.order_id,
            order_number=order.order_number,
            customer_id=order.customer_id,
            items=[
                OrderItem(
                    item_id=i.item_id,
                    marketplace=i.marketplace,
                    url=i.url,
                    title=i.title,
                    options=i.options,
                    quantity=i.quantity,
                    expected_unit_price=i.expected_unit_price,
                )
                for i in order.items
            ],
            address=order.address,
            shipping_preference=order.shipping_preference,
            placed_at=now,
        )
    )
    return order


async def estimate_order(
    uow: OrdersUnit,
    actor: Actor,
    order_id: UUID,
    *,
    prices: list[ItemPrice],
    rate: ExchangeRate,
    service_fee: Money | None,
) -> Order:
    """Staff price the order: the 1st billing is requested and the payment deadline scheduled."""
    if actor.role not in OPS_ROLES:
        raise Forbidden("only ops staff estimate orders", code="ops_only")
    repo, order = await load_for(uow, order_id, actor)
    now, policy = uow.clock.now(), uow.policy
    due = policy.payment_due(await uow.calendar.load(), now)
    estimate = Estimate(
        rate=rate,
        fee_rate_bp=policy.service_fee_rate_bp,
        fee_minimum=Money.jpy(policy.service_fee_minimum_jpy),
        fee_override=service_fee,
        estimated_at=now,
        estimated_by=who(actor),
    )
    apply_estimate(order, prices, estimate, payment_due_at=due, limits=policy.limits)
    billing = first_billing(order)
    uow.emit(
        OrderEstimated(
            order_id=order.order_id,
            customer_id=order.customer_id,
            rate=rate,
            lines=billing.lines,
            total=billing.total,
            billing_revision=order.billing_revision,
            payment_due_at=due,
        )
    )
    schedule(uow, order, PAYMENT_DEADLINE, due)
    schedule(uow, order, PAYMENT_REMINDER, max(now, due - policy.payment_reminder_before))
    await save(uow, repo, order)
    return order
