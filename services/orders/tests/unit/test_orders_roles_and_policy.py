"""Who may do what, unknown orders, and the policy the unit of work carries: use cases on fakes."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from orders_builders import RATE, T0, bought, estimated, first_id, paid, prices
from orders_fakes import FakeOrdersUnit

from daikou_contracts.catalogue.payments import TransferRejected
from daikou_contracts.catalogue.scheduler import ScheduleDeadline
from daikou_contracts.catalogue.warehouse import ShipmentDispatched
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Forbidden, InvalidInput, NotFound
from daikou_orders.application import (
    changes,
    corrections,
    deadlines,
    purchasing,
    seller_refunds,
    warehouse_facts,
)
from daikou_orders.application.policy import Policy
from daikou_orders.domain.model import Order
from daikou_orders.domain.placing import Limits

OPS = Actor(uuid4(), Role.OPS)
WAREHOUSE = Actor(uuid4(), Role.WAREHOUSE)


def customer_of(order: Order) -> Actor:
    return Actor(order.customer_id, Role.CUSTOMER)


async def test_an_unknown_order_is_order_not_found() -> None:
    unit = FakeOrdersUnit()

    with pytest.raises(NotFound) as refused:
        await changes.cancel_order(unit, OPS, uuid4(), "duplicate")

    assert (refused.value.code, refused.value.status) == ("order_not_found", 404)
    assert unit.emitted == []


async def test_an_unknown_item_is_item_not_found() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(estimated())

    with pytest.raises(NotFound) as refused:
        await changes.change_quantity(unit, customer_of(order), order.order_id, uuid4(), 3)

    assert refused.value.code == "item_not_found"
    assert unit.emitted == []


async def test_warehouse_staff_change_no_order() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(estimated())
    item, before = first_id(order), await unit.orders.get(order.order_id)

    for attempt in (
        changes.change_quantity(unit, WAREHOUSE, order.order_id, item, 3),
        changes.cancel_item(unit, WAREHOUSE, order.order_id, item, ""),
        changes.cancel_order(unit, WAREHOUSE, order.order_id, "wrong parcel"),
    ):
        with pytest.raises(Forbidden) as refused:
            await attempt
        assert refused.value.code == "ops_only"

    assert (await unit.orders.get(order.order_id)) == before
    assert unit.emitted == []


async def test_ops_work_is_refused_to_the_customer_even_on_their_own_order() -> None:
    unit = FakeOrdersUnit()
    order = unit.orders.put(paid())
    buyer, item = customer_of(order), first_id(order)
    before = await unit.orders.get(order.order_id)

    for attempt in (
        purchasing.mark_purchased(unit, buyer, order.order_id, item),
        purchasing.mark_out_of_stock(unit, buyer, order.order_id, item, ""),
        seller_refunds.record(unit, buyer, order.order_id, item, ""),
        changes.answer_condition(unit, buyer, order.order_id, item, answer="yes", proceed=True),
        corrections.correct(
            unit, buyer, order.order_id, prices=prices(order), rate=RATE, service_fee=None
        ),
    ):
        with pytest.raises(Forbidden) as refused:
            await attempt
        assert refused.value.code == "ops_only"

    assert (await unit.orders.get(order.order_id)) == before
    assert unit.emitted == []


async def test_a_quantity_change_is_bounded_by_the_policy_on_the_unit() -> None:
    tight = Policy(limits=Limits(max_items=5, max_unit_price_fen=1_000_000, max_total_jpy=5_000))
    roomy, strict = FakeOrdersUnit(), FakeOrdersUnit(policy=tight)
    order = estimated()
    roomy.orders.put(order)
    strict.orders.put(order)

    await changes.change_quantity(roomy, customer_of(order), order.order_id, first_id(order), 50)
    with pytest.raises(InvalidInput) as refused:
        await changes.change_quantity(
            strict, customer_of(order), order.order_id, first_id(order), 50
        )

    assert refused.value.code == "total_out_of_range"
    assert strict.emitted == []
    assert roomy.emitted != []


async def test_a_rejected_transfer_reschedules_the_reminder_by_the_units_policy() -> None:
    unit = FakeOrdersUnit(policy=Policy(payment_reminder_before=timedelta(days=2)))
    order = unit.orders.put(estimated())
    transfer = uuid4()
    await unit.calendar.hold(order.order_id, transfer, T0)
    rejected = TransferRejected(
        transfer_id=transfer,
        billing_id=uuid4(),
        order_id=order.order_id,
        customer_id=order.customer_id,
        reason="not found on the account",
    )

    await deadlines.on_transfer_rejected(unit, rejected)

    due = order.payment_due_at
    assert due is not None
    schedules = {s.kind: s.due_at for s in unit.of_type(ScheduleDeadline)}
    assert schedules == {"payment_deadline": due, "payment_reminder": due - timedelta(days=2)}
    assert await unit.calendar.open_holds(order.order_id) == 0


async def test_a_shipment_schedules_completion_by_the_units_policy() -> None:
    ten_days, a_day = timedelta(days=10), timedelta(days=1)
    unit = FakeOrdersUnit(
        policy=Policy(auto_complete_period=ten_days, reception_reminder_before=a_day)
    )
    order = unit.orders.put(bought(1))
    dispatched = ShipmentDispatched(
        shipment_id=uuid4(),
        order_id=order.order_id,
        carrier="Japan Post",
        method="EMS",
        tracking_numbers=["EM123456789CN"],
        dispatched_at=T0,
    )

    await warehouse_facts.on_shipment_dispatched(unit, dispatched)

    schedules = {s.kind: s.due_at for s in unit.of_type(ScheduleDeadline)}
    assert schedules == {
        "auto_complete": T0 + timedelta(days=10),
        "reception_reminder": T0 + timedelta(days=9),
    }
    saved = await unit.orders.get(order.order_id)
    assert saved is not None
    assert saved.auto_complete_at == T0 + timedelta(days=10)
