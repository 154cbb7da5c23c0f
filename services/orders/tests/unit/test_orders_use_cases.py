"""Use cases on the in-memory unit of work: their rules, proven without a database or a broker."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest
from orders_builders import ADDRESS, RATE, T0, bought, estimated, new_item, placed, prices
from orders_fakes import FakeOrderStore, FakeOrdersUnit

from daikou_contracts.business_calendar import BusinessCalendar
from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import (
    FirstBillingRecalculated,
    ItemQuantityChanged,
    OrderCancelled,
    OrderEstimated,
    OrderPlaced,
    OrderStatusChanged,
)
from daikou_contracts.catalogue.scheduler import CancelDeadline, ScheduleDeadline
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Forbidden, InvalidInput, NotFound
from daikou_orders.adapters.repository import StaleOrder
from daikou_orders.application import changes, placing
from daikou_orders.domain import lifecycle
from daikou_orders.domain.model import Order

OPS = Actor(uuid4(), Role.OPS)


def customer_of(order: Order) -> Actor:
    return Actor(order.customer_id, Role.CUSTOMER)


async def stored(unit: FakeOrdersUnit, order: Order) -> Order:
    found = await unit.orders.get(order.order_id)
    assert found is not None
    return found


async def test_a_customer_places_an_order_and_the_others_hear_of_it() -> None:
    unit, buyer = FakeOrdersUnit(), Actor(uuid4(), Role.CUSTOMER)

    order = await placing.place_order(
        unit,
        buyer,
        items=[new_item(0), new_item(1, quantity=3)],
        address=ADDRESS,
        shipping_preference="EMS",
    )

    saved = await stored(unit, order)
    assert saved.status is OrderStatus.APPLIED
    assert saved.customer_id == buyer.user_id
    assert [i.quantity for i in saved.items] == [2, 3]
    assert saved.order_number.startswith(f"DK-{T0:%Y%m%d}-")
    assert unit.correlation_id == str(order.order_id)
    (placed_fact,) = unit.of_type(OrderPlaced)
    assert [i.item_id for i in placed_fact.items] == [i.item_id for i in saved.items]
    (status,) = unit.of_type(OrderStatusChanged)
    assert status.to_status is OrderStatus.APPLIED


async def test_only_a_customer_places_orders() -> None:
    unit = FakeOrdersUnit()

    with pytest.raises(Forbidden):
        await placing.place_order(
            unit,
            OPS,
            items=[new_item()],
            address=ADDRESS,
            shipping_preference="EMS",
        )

    assert unit.orders.rows == {}
    assert unit.emitted == []


async def test_changing_a_quantity_recalculates_the_first_billing() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(estimated(items=2))
    item = order.items[0]

    await changes.change_quantity(unit, customer_of(order), order.order_id, item.item_id, 5)

    saved = await stored(unit, order)
    assert saved.items[0].quantity == 5
    assert saved.billing_revision == order.billing_revision + 1
    (changed,) = unit.of_type(ItemQuantityChanged)
    assert (changed.old_quantity, changed.new_quantity) == (item.quantity, 5)
    (billing,) = unit.of_type(FirstBillingRecalculated)
    assert billing.billing_revision == saved.billing_revision


async def test_another_customers_order_is_not_found_and_stays_as_it_was() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(placed())
    stranger = Actor(uuid4(), Role.CUSTOMER)

    with pytest.raises(NotFound):
        await changes.change_quantity(unit, stranger, order.order_id, order.items[0].item_id, 5)

    assert (await stored(unit, order)).items[0].quantity == order.items[0].quantity
    assert unit.emitted == []


async def test_staff_cancelling_an_order_awaiting_its_2nd_payment_drops_its_reminders() -> None:
    unit = FakeOrdersUnit()
    order = bought()
    for status in (OrderStatus.AT_WAREHOUSE, OrderStatus.AWAITING_SECOND_PAYMENT):
        assert lifecycle.advance_to(order, status, at=T0, actor="warehouse", reason="packed")
    unit.orders.put(order)
    ops = Actor(uuid4(), Role.OPS)

    await changes.cancel_order(unit, ops, order.order_id, "the seller cannot deliver")

    assert (await stored(unit, order)).status is OrderStatus.CANCELLED
    dropped = {c.deadline_id for c in unit.of_type(CancelDeadline)}
    assert dropped == {
        f"order:{order.order_id}:second-payment-reminder-{int(after.total_seconds())}s"
        for after in unit.policy.second_payment_reminders
    }
    assert dropped


async def test_a_customer_cancels_an_estimated_order_and_its_deadlines_are_dropped() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(estimated())

    await changes.cancel_order(unit, customer_of(order), order.order_id, "changed my mind")

    assert (await stored(unit, order)).status is OrderStatus.CANCELLED
    (cancelled,) = unit.of_type(OrderCancelled)
    assert cancelled.note == "changed my mind"
    assert cancelled.bought_items == []
    dropped = {c.deadline_id for c in unit.of_type(CancelDeadline)}
    assert dropped == {
        f"order:{order.order_id}:payment-deadline",
        f"order:{order.order_id}:payment-reminder",
    }


async def test_staff_give_a_reason_to_cancel_and_nothing_changes_without_one() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(placed())

    with pytest.raises(InvalidInput) as refused:
        await changes.cancel_order(unit, OPS, order.order_id, "  ")

    assert refused.value.code == "reason_required"
    assert (await stored(unit, order)).status is OrderStatus.APPLIED
    assert unit.emitted == []


async def test_an_estimate_sets_the_deadline_by_the_business_calendar() -> None:
    unit = FakeOrdersUnit()
    unit.calendar.calendar = BusinessCalendar(closed_dates={date(2026, 1, 13): "stocktaking"})
    order = unit.orders.put(placed())
    policy = unit.policy

    await placing.estimate_order(
        unit, OPS, order.order_id, prices=prices(order), rate=RATE, service_fee=None
    )

    due = policy.payment_due(unit.calendar.calendar, T0)
    assert due != policy.payment_due(BusinessCalendar(), T0)  # the closed day counted
    saved = await stored(unit, order)
    assert saved.status is OrderStatus.AWAITING_FIRST_PAYMENT
    assert saved.payment_due_at == due
    (estimate_fact,) = unit.of_type(OrderEstimated)
    assert estimate_fact.payment_due_at == due
    assert estimate_fact.total.currency == "JPY"
    schedules = {s.kind: s.due_at for s in unit.of_type(ScheduleDeadline)}
    assert schedules == {
        "payment_deadline": due,
        "payment_reminder": due - policy.payment_reminder_before,
    }


async def test_an_estimate_must_price_exactly_the_orders_items() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(placed(items=2))

    with pytest.raises(InvalidInput) as refused:
        await placing.estimate_order(
            unit,
            OPS,
            order.order_id,
            prices=prices(order)[:1],
            rate=RATE,
            service_fee=None,
        )

    assert refused.value.code == "items_mismatch"
    assert (await stored(unit, order)).status is OrderStatus.APPLIED
    assert unit.emitted == []


async def test_a_concurrent_writer_makes_the_second_save_stale() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(placed())
    first = await unit.orders.get(order.order_id)
    assert first is not None
    other = FakeOrdersUnit(orders=FakeOrderStore(unit.orders.rows))  # a second transaction
    await changes.cancel_order(other, customer_of(order), order.order_id, "")
    unit.clock.advance(timedelta(minutes=1))

    with pytest.raises(StaleOrder):
        await unit.orders.save(first, unit.clock.now())


async def test_only_ops_staff_estimate_even_the_customers_own_order() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(placed())

    with pytest.raises(Forbidden) as refused:
        await placing.estimate_order(
            unit,
            customer_of(order),
            order.order_id,
            prices=prices(order),
            rate=RATE,
            service_fee=None,
        )

    assert refused.value.code == "ops_only"
    assert (await stored(unit, order)).status is OrderStatus.APPLIED
    assert unit.emitted == []
