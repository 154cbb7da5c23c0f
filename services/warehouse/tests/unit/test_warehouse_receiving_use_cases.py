"""Expecting, receiving and inspecting on the in-memory unit of work (no database, no broker)."""

from __future__ import annotations

from uuid import uuid4

import pytest
from warehouse_builders import STAFF, arrived, bought, inspect, inspected, photo, stored, yen
from warehouse_fakes import FakeWarehouseUnit

from daikou_contracts.catalogue.orders import ItemOutOfStock, ItemPurchased
from daikou_contracts.catalogue.warehouse import (
    InspectionCompleted,
    InspectionResult,
    ItemArrived,
    ItemInspected,
)
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Conflict, Forbidden, InvalidInput
from daikou_warehouse.application import expectations, receiving, views
from daikou_warehouse.domain.model import ItemState, OrderStage


async def test_a_bought_item_is_expected_and_a_second_purchase_fact_refreshes_it() -> None:
    unit = FakeWarehouseUnit()
    order = await bought(unit, 2)
    [item] = order.items
    again = ItemPurchased(
        order_id=order.order_id,
        customer_id=order.customer_id,
        item_id=item.item_id,
        title="renamed",
        quantity=3,
    )

    await expectations.item_purchased(unit, again)

    [kept] = (await stored(unit, order.order_id)).items
    assert (kept.title, kept.expected_quantity, kept.state) == ("renamed", 3, ItemState.EXPECTED)


async def test_an_item_cancelled_before_its_purchase_is_seen_stays_cancelled() -> None:
    unit = FakeWarehouseUnit()
    order_id, customer_id, item_id = uuid4(), uuid4(), uuid4()
    gone = ItemOutOfStock(
        order_id=order_id, customer_id=customer_id, item_id=item_id, refund=yen(1)
    )
    bought_late = ItemPurchased(
        order_id=order_id, customer_id=customer_id, item_id=item_id, title="late", quantity=1
    )

    await expectations.item_out_of_stock(unit, gone)
    await expectations.item_purchased(unit, bought_late)

    [item] = (await stored(unit, order_id)).items
    assert item.cancelled
    assert item.purchased
    assert item.state is ItemState.CANCELLED


async def test_an_arrival_counts_the_units_and_tells_the_others() -> None:
    unit = FakeWarehouseUnit()
    order = await bought(unit, 3)
    [item] = order.items
    package = uuid4()
    line = receiving.ArrivalLine(item.item_id, 2)

    recorded, created = await receiving.record_arrival(
        unit, STAFF, order.order_id, [line], tracking_number="JP1", package_id=package
    )
    again, created_again = await receiving.record_arrival(
        unit, STAFF, order.order_id, [line], package_id=package
    )

    assert (created, created_again) == (True, False)
    assert again == recorded
    [fact] = unit.of_type(ItemArrived)
    assert (fact.quantity, fact.total_arrived, fact.expected_quantity) == (2, 2, 3)
    [kept] = (await stored(unit, order.order_id)).items
    assert kept.state is ItemState.PARTIALLY_ARRIVED
    assert unit.correlation_id == str(order.order_id)


async def test_arrivals_are_refused_to_customers_and_for_empty_or_repeated_lines() -> None:
    unit = FakeWarehouseUnit()
    order = await bought(unit, 1)
    line = receiving.ArrivalLine(order.items[0].item_id, 1)
    customer = Actor(order.customer_id, Role.CUSTOMER)

    with pytest.raises(Forbidden):
        await receiving.record_arrival(unit, customer, order.order_id, [line])
    with pytest.raises(InvalidInput, match="at least one"):
        await receiving.record_arrival(unit, STAFF, order.order_id, [])
    with pytest.raises(InvalidInput, match="twice"):
        await receiving.record_arrival(unit, STAFF, order.order_id, [line, line])
    assert unit.orders.arrival_rows == []


async def test_an_item_is_inspected_only_once_it_arrived_and_with_a_photo() -> None:
    unit = FakeWarehouseUnit()
    order = await bought(unit, 1)
    item_id = order.items[0].item_id
    data = receiving.InspectionInput(quantity_received=1, type_matches=True)

    with pytest.raises(Conflict, match="not arrived"):
        await inspect(unit, order, item_id)
    await arrived(unit, order)
    with pytest.raises(InvalidInput, match="photo"):
        await receiving.inspect_item(
            unit, STAFF, order_id=order.order_id, item_id=item_id, data=data, photos=[]
        )
    assert unit.of_type(ItemInspected) == []


async def test_inspecting_every_item_completes_the_inspection_and_shows_the_photos() -> None:
    unit = FakeWarehouseUnit()
    order = await bought(unit, 1, 2)
    await arrived(unit, order)
    first, second = order.items

    await inspect(unit, order, first.item_id)
    assert unit.of_type(InspectionCompleted) == []
    await inspect(unit, order, second.item_id, received=1)

    done = await stored(unit, order.order_id)
    assert done.stage is OrderStage.INSPECTED
    assert done.photos_released_at == unit.clock.now()
    [completed] = unit.of_type(InspectionCompleted)
    results = {i.item_id: i.result for i in completed.items}
    assert results == {first.item_id: InspectionResult.OK, second.item_id: InspectionResult.PROBLEM}
    assert unit.photos.kept == {photo().sha256}
    record = await views.order_record(unit, Actor(order.customer_id, Role.CUSTOMER), order.order_id)
    assert (record.photos_visible, len(record.inspections)) == (True, 2)


async def test_a_resubmitted_inspection_counts_once() -> None:
    unit = FakeWarehouseUnit()
    order = await bought(unit, 1)
    await arrived(unit, order)
    data = receiving.InspectionInput(quantity_received=1, type_matches=True, inspection_id=uuid4())
    item_id = order.items[0].item_id

    first, created = await receiving.inspect_item(
        unit, STAFF, order_id=order.order_id, item_id=item_id, data=data, photos=[photo()]
    )
    again, created_again = await receiving.inspect_item(
        unit, STAFF, order_id=order.order_id, item_id=item_id, data=data, photos=[photo(1)]
    )

    assert (created, created_again) == (True, False)
    assert again.inspection_id == first.inspection_id
    assert len(unit.of_type(ItemInspected)) == 1


async def test_cancelling_the_last_uninspected_item_completes_the_inspection() -> None:
    unit = FakeWarehouseUnit()
    order = await bought(unit, 1, 1)
    await arrived(unit, order)
    first, second = order.items
    await inspect(unit, order, first.item_id)
    gone = ItemOutOfStock(
        order_id=order.order_id,
        customer_id=order.customer_id,
        item_id=second.item_id,
        refund=yen(1),
    )

    await expectations.item_out_of_stock(unit, gone)

    [completed] = unit.of_type(InspectionCompleted)
    assert [i.item_id for i in completed.items] == [first.item_id]


async def test_a_new_item_reopens_a_completed_inspection() -> None:
    unit = FakeWarehouseUnit()
    order = await inspected(unit, 1)
    assert order.inspection_completed_at is not None
    more = ItemPurchased(
        order_id=order.order_id,
        customer_id=order.customer_id,
        item_id=uuid4(),
        title="one more",
        quantity=1,
    )

    await expectations.item_purchased(unit, more)

    reopened = await stored(unit, order.order_id)
    assert reopened.inspection_completed_at is None
    assert reopened.stage is OrderStage.INSPECTING
