"""Facts from other services arriving twice, late or out of order."""

import uuid

import pytest
from warehouse_support import Warehouse, of_order

from daikou_contracts.catalogue.orders import (
    ItemCancelled,
    ItemCancelReason,
    ItemOutOfStock,
    ItemPurchased,
)
from daikou_contracts.catalogue.warehouse import InspectionCompleted
from daikou_contracts.money import Money
from daikou_kit.testing import Capture

pytestmark = pytest.mark.integration


async def test_a_purchase_delivered_twice_is_expected_once(warehouse: Warehouse) -> None:
    order_id, customer_id, item_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    fact = ItemPurchased(
        order_id=order_id, customer_id=customer_id, item_id=item_id, title="bag", quantity=2
    )
    message_id = await warehouse.publish(fact)
    await warehouse.publish(fact, message_id=message_id)  # a redelivery
    await warehouse.publish(fact)  # the same fact published again under a new id
    other = uuid.uuid4()
    await warehouse.publish(
        ItemPurchased(
            order_id=order_id, customer_id=customer_id, item_id=other, title="hat", quantity=1
        )
    )
    body = await warehouse.wait_order(order_id, lambda o: len(o["items"]) == 2)
    assert {i["item_id"]: i["expected_quantity"] for i in body["items"]} == {
        str(item_id): 2,
        str(other): 1,
    }


async def test_a_cancellation_seen_before_the_purchase_keeps_the_item_cancelled(
    warehouse: Warehouse,
) -> None:
    order_id, customer_id = uuid.uuid4(), uuid.uuid4()
    cancelled, out_of_stock, live = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await warehouse.publish(
        ItemCancelled(
            order_id=order_id,
            customer_id=customer_id,
            item_id=cancelled,
            reason=ItemCancelReason.CUSTOMER,
        )
    )
    await warehouse.publish(
        ItemOutOfStock(
            order_id=order_id, customer_id=customer_id, item_id=out_of_stock, refund=Money.jpy(500)
        )
    )
    await warehouse.wait_order(order_id, lambda o: len(o["items"]) == 2)
    for item_id in (cancelled, live):
        await warehouse.publish(
            ItemPurchased(
                order_id=order_id, customer_id=customer_id, item_id=item_id, title="t", quantity=1
            )
        )
    body = await warehouse.wait_order(order_id, lambda o: len(o["items"]) == 3)
    states = {i["item_id"]: i["state"] for i in body["items"]}
    assert states == {
        str(cancelled): "cancelled",
        str(out_of_stock): "cancelled",
        str(live): "expected",
    }
    refused = await warehouse.arrive(order_id, (cancelled, 1))
    assert refused.status_code == 409
    assert refused.json()["code"] == "item_cancelled"
    assert (await warehouse.arrive(order_id, (live, 1))).status_code == 201
    # a customer sees only their own order
    assert await warehouse.order(order_id, warehouse.customer(customer_id)) is not None


async def test_an_item_bought_after_the_inspection_completed_reopens_it(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.inspected_order(1)
    await warehouse_events.wait_for(InspectionCompleted)
    late = uuid.uuid4()
    await warehouse.publish(
        ItemPurchased(
            order_id=setup.order_id,
            customer_id=setup.customer_id,
            item_id=late,
            title="late",
            quantity=1,
        )
    )
    body = await warehouse.wait_order(setup.order_id, lambda o: len(o["items"]) == 2)
    assert (body["stage"], body["inspection_completed_at"]) == ("inspecting", None)
    parcel = {"weight_g": 500, "length_cm": 10, "width_cm": 10, "height_cm": 10}
    assert (await warehouse.pack(setup.order_id, parcel)).json()["code"] == "inspection_incomplete"

    await warehouse.arrive(setup.order_id, (late, 1))
    await warehouse.inspect(setup.order_id, late, 1)
    await warehouse_events.wait_for(InspectionCompleted, 2)
    completions = of_order(warehouse_events, InspectionCompleted, setup.order_id)
    assert [len(c.items) for c in completions] == [1, 2]
