"""Staff correct an estimate before payment: the 1st billing is re-issued as a new revision.

The payment deadline does not restart unless the total rose (then it is computed afresh from now,
on the business calendar); while a reported transfer holds the deadline it stays held.
"""

from __future__ import annotations

from uuid import UUID

from daikou_contracts.catalogue.orders import OrderEstimated
from daikou_contracts.money import ExchangeRate, Money
from daikou_kit.actors import Actor
from daikou_orders.application.common import (
    PAYMENT_DEADLINE,
    PAYMENT_REMINDER,
    load_for,
    require_ops,
    save,
    schedule,
    who,
)
from daikou_orders.application.deadlines import payment_held
from daikou_orders.application.ports import OrdersUnit
from daikou_orders.domain.billing import first_billing
from daikou_orders.domain.corrections import correct_estimate
from daikou_orders.domain.model import Estimate, Order
from daikou_orders.domain.placing import ItemPrice


async def correct(
    uow: OrdersUnit,
    actor: Actor,
    order_id: UUID,
    *,
    prices: list[ItemPrice],
    rate: ExchangeRate,
    service_fee: Money | None,
) -> Order:
    """Re-price an unpaid order; payments adjusts the open 1st billing to the new revision."""
    require_ops(actor)
    repo, order = await load_for(uow, order_id, actor)
    now, policy = uow.clock.now(), uow.policy
    estimate = Estimate(
        rate=rate,
        fee_rate_bp=policy.service_fee_rate_bp,
        fee_minimum=Money.jpy(policy.service_fee_minimum_jpy),
        fee_override=service_fee,
        estimated_at=now,
        estimated_by=who(actor),
    )
    change = correct_estimate(order, prices, estimate, policy.limits)
    if change.total_rose and not await payment_held(uow, order):
        due = policy.payment_due(await uow.calendar.load(), now)
        order.payment_due_at = due
        schedule(uow, order, PAYMENT_DEADLINE, due)
        schedule(uow, order, PAYMENT_REMINDER, max(now, due - policy.payment_reminder_before))
    billing = first_billing(order)
    uow.emit(
        OrderEstimated(
            order_id=order.order_id,
            customer_id=order.customer_id,
            rate=rate,
            lines=billing.lines,
            total=billing.total,
            billing_revision=order.billing_revision,
            payment_due_at=order.payment_due_at or now,
        )
    )
    await save(uow, repo, order)
    return order
