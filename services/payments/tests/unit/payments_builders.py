"""Givens of the payments unit tests: customers, actors and billings seeded in the fakes."""

from __future__ import annotations

from uuid import UUID, uuid4

from payments_fakes import FakePaymentsUnit

from daikou_contracts.catalogue.common import BillingLine
from daikou_contracts.money import Money
from daikou_kit.actors import Actor, Role
from daikou_payments.domain.billing import Billing

OPS = Actor(uuid4(), Role.OPS)


def customer(customer_id: UUID | None = None) -> Actor:
    """A customer actor."""
    return Actor(customer_id or uuid4(), Role.CUSTOMER)


def line(amount: int, code: str = "items") -> BillingLine:
    """One billing line in yen."""
    return BillingLine(code=code, description=code, amount=Money.jpy(amount))


async def open_billing(
    unit: FakePaymentsUnit,
    buyer: Actor,
    total: int,
    *,
    kind: str = "first",
    order_id: UUID | None = None,
) -> Billing:
    """An open billing of `total` yen for the buyer, stored as if issued earlier."""
    billing = Billing(
        billing_id=uuid4(),
        order_id=order_id or uuid4(),
        customer_id=buyer.user_id,
        kind=kind,
        currency="JPY",
        lines=[line(total)],
        total=total,
        revision=1,
        issued_at=unit.clock.now(),
    )
    await unit.orders.remember(billing.order_id, buyer.user_id, None)
    await unit.billings.add(billing)
    return billing


async def stored(unit: FakePaymentsUnit, billing_id: UUID) -> Billing:
    """The billing as the unit of work holds it now."""
    found = await unit.billings.get(billing_id)
    assert found is not None
    return found
