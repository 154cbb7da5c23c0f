"""Givens of the use-case tests: an order whose items were bought, arrived and inspected."""

from __future__ import annotations

from uuid import UUID, uuid4

from warehouse_fakes import FakeWarehouseUnit

from daikou_contracts.catalogue.common import BillingKind
from daikou_contracts.catalogue.orders import ItemPurchased
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_contracts.money import Money
from daikou_kit.actors import Actor, Role
from daikou_warehouse.application import expectations, receiving
from daikou_warehouse.application.ports import StagedPhoto
from daikou_warehouse.domain.model import Order

STAFF = Actor(uuid4(), Role.WAREHOUSE)


def yen(amount: int) -> Money:
    """An amount of Japanese yen."""
    return Money(amount=amount, currency="JPY")


def photo(n: int = 0) -> StagedPhoto:
    """A staged upload, as the form reader leaves it."""
    return StagedPhoto(token=f"t{n}", sha256=f"{n:064x}", size_bytes=100, content_type="image/png")


async def bought(unit: FakeWarehouseUnit, *quantities: int) -> Order:
    """An order whose items (one per quantity) were bought: the warehouse expects them."""
    order_id, customer_id = uuid4(), uuid4()
    for n, quantity in enumerate(quantities):
        fact = ItemPurchased(
            order_id=order_id,
            customer_id=customer_id,
            item_id=uuid4(),
            title=f"item {n}",
            quantity=quantity,
        )
        await expectations.item_purchased(unit, fact)
    return await stored(unit, order_id)


async def stored(unit: FakeWarehouseUnit, order_id: UUID) -> Order:
    """The order as saved."""
    order = await unit.orders.get(order_id)
    assert order is not None
    return order


async def arrived(unit: FakeWarehouseUnit, order: Order) -> None:
    """Every item arrived in full."""
    lines = [receiving.ArrivalLine(i.item_id, i.expected_quantity) for i in order.items]
    await receiving.record_arrival(unit, STAFF, order.order_id, lines)


async def inspect(
    unit: FakeWarehouseUnit, order: Order, item_id: UUID, received: int | None = None
) -> None:
    """Inspect one item with one photo (the expected quantity unless told)."""
    item = order.item(item_id)
    assert item is not None
    data = receiving.InspectionInput(
        received if received is not None else item.expected_quantity, True
    )
    await receiving.inspect_item(
        unit, STAFF, order_id=order.order_id, item_id=item_id, data=data, photos=[photo()]
    )


async def inspected(unit: FakeWarehouseUnit, *quantities: int) -> Order:
    """An order whose items arrived and were inspected OK."""
    order = await bought(unit, *quantities)
    await arrived(unit, order)
    for item in order.items:
        await inspect(unit, order, item.item_id)
    return await stored(unit, order.order_id)


async def second_billing_paid(unit: FakeWarehouseUnit, order: Order) -> None:
    """The 2nd billing of the order was paid."""
    fact = BillingPaid(
        billing_id=uuid4(),
        order_id=order.order_id,
        customer_id=order.customer_id,
        kind=BillingKind.SECOND,
        total=yen(2600),
        paid_by_deposit=yen(0),
        paid_by_transfer=yen(2600),
        paid_by_card=yen(0),
        paid_at=unit.clock.now(),
    )
    await expectations.billing_paid(unit, fact)
