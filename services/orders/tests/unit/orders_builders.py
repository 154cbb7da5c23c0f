"""Builders of orders in each status, for the domain's unit tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from daikou_contracts.catalogue.common import Address
from daikou_contracts.money import ExchangeRate, Money, Rounding
from daikou_orders.domain import item_rules, lifecycle
from daikou_orders.domain.model import Estimate, ItemStatus, Order
from daikou_orders.domain.placing import ItemPrice, Limits, NewItem, apply_estimate, place

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LIMITS = Limits(max_items=5, max_unit_price_fen=1_000_000)
ADDRESS = Address(
    name="Hanako Yamada",
    postal_code="150-0001",
    prefecture="Tokyo",
    city="Shibuya-ku",
    line1="1-2-3 Jingumae",
    phone="+81-90-1234-5678",
)
RATE = ExchangeRate(base="CNY", quote="JPY", rate=Decimal("20.5"), rounding=Rounding.UP)


def new_item(n: int = 0, quantity: int = 2, fen: int = 1250, url: str | None = None) -> NewItem:
    """An item as a customer applies for it."""
    return NewItem(
        url=url or f"https://item.taobao.com/item.htm?id={n}",
        title=f"Shirt {n}",
        options={"size": "M"},
        quantity=quantity,
        expected_unit_price=Money.cny(fen),
    )


def placed(items: int = 2, quantity: int = 2) -> Order:
    """An applied order."""
    return place(
        order_id=uuid4(),
        order_number="DK-20260105-ABCDEF",
        customer_id=uuid4(),
        items=[(uuid4(), new_item(n, quantity)) for n in range(items)],
        address=ADDRESS,
        shipping_preference="EMS",
        at=T0,
        actor="customer:test",
        limits=LIMITS,
    )


def estimate(
    fee_rate_bp: int = 500,
    minimum: int = 300,
    override: Money | None = None,
    rate: ExchangeRate = RATE,
) -> Estimate:
    """Staff's estimate at T0."""
    return Estimate(
        rate=rate,
        fee_rate_bp=fee_rate_bp,
        fee_minimum=Money.jpy(minimum),
        fee_override=override,
        estimated_at=T0,
        estimated_by="ops:test",
    )


def prices(order: Order, unit: int = 1000, shipping: int = 500) -> list[ItemPrice]:
    """A price for every live item."""
    return [
        ItemPrice(
            item_id=i.item_id, unit_price=Money.cny(unit), domestic_shipping=Money.cny(shipping)
        )
        for i in order.live_items
    ]


def estimated(items: int = 2, **kw: int) -> Order:
    """An order awaiting its 1st payment."""
    order = placed(items)
    apply_estimate(
        order, prices(order, **kw), estimate(), payment_due_at=T0 + timedelta(days=7), limits=LIMITS
    )
    return order


def paid(items: int = 2) -> Order:
    """An order being purchased."""
    order = estimated(items)
    assert lifecycle.start_purchasing(order, at=T0, actor="payments")
    return order


def bought(items: int = 2) -> Order:
    """A paid order whose items are all purchased."""
    order = paid(items)
    for item in order.items:
        item_rules.mark_purchased(order, item.item_id, at=T0, actor="ops:test")
    return order


def shipped(items: int = 1) -> Order:
    """A shipped order."""
    order = bought(items)
    assert lifecycle.ship(order, at=T0, actor="warehouse", auto_complete_at=T0 + timedelta(days=30))
    return order


def first_id(order: Order) -> UUID:
    """The first item's id."""
    return order.items[0].item_id


__all__ = ["ItemStatus"]
