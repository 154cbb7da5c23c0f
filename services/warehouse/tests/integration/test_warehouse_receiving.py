"""Arrivals, inspections and their completion, on the real database and broker."""

import asyncio
import uuid

import pytest
from warehouse_support import Warehouse, of_order

from daikou_contracts.catalogue.orders import ItemCancelled, ItemCancelReason
from daikou_contracts.catalogue.warehouse import (
    InspectionCompleted,
    InspectionResult,
    ItemArrived,
    ItemInspected,
)
from daikou_kit.testing import Capture

pytestmark = pytest.mark.integration


async def test_a_partial_arrival_then_the_rest(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.new_order(3)
    item = setup.item_ids[0]

    first = await warehouse.arrive(setup.order_id, (item, 1))
    assert first.status_code == 201, first.text
    body = await warehouse.order(setup.order_id)
    assert body["items"][0]["state"] == "partially_arrived"
    assert body["items"][0]["arrived_quantity"] == 1
    assert body["stage"] == "inspecting"

    assert (await warehouse.arrive(setup.order_id, (item, 2))).status_code == 201
    body = await warehouse.order(setup.order_id)
    assert body["items"][0]["state"] == "arrived"
    assert [a["quantity"] for a in body["arrivals"]] == [1, 2]

    await warehouse_events.wait_for(ItemArrived, 2)
    arrived = of_order(warehouse_events, ItemArrived, setup.order_id)
    assert [(a.quantity, a.total_arrived, a.expected_quantity) for a in arrived] == [
        (1, 1, 3),
        (2, 3, 3),
    ]
    assert arrived[0].tracking_number == "SF123"


async def test_a_package_recorded_twice_counts_once(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.new_order(2)
    package = {
        "package_id": str(uuid.uuid4()),
        "tracking_number": "YT777",
        "items": [{"item_id": str(setup.item_ids[0]), "quantity": 1}],
    }
    url = f"/orders/{setup.order_id}/arrivals"
    first = await warehouse.client.post(url, json=package, headers=warehouse.staff())
    again = await warehouse.client.post(url, json=package, headers=warehouse.staff())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    body = await warehouse.order(setup.order_id)
    assert body["items"][0]["arrived_quantity"] == 1
    assert len(body["arrivals"]) == 1
    await warehouse_events.wait_for(ItemArrived)
    assert len(of_order(warehouse_events, ItemArrived, setup.order_id)) == 1


async def test_an_arrival_of_an_unknown_or_listed_twice_item_is_refused(
    warehouse: Warehouse,
) -> None:
    setup = await warehouse.new_order(1)
    unknown = await warehouse.arrive(setup.order_id, (uuid.uuid4(), 1))
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "item_not_found"
    twice = await warehouse.arrive(setup.order_id, (setup.item_ids[0], 1), (setup.item_ids[0], 1))
    assert twice.status_code == 400
    zero = await warehouse.arrive(setup.order_id, (setup.item_ids[0], 0))
    assert zero.status_code == 422
    assert (await warehouse.order(setup.order_id))["arrivals"] == []


async def test_an_inspection_sent_twice_counts_once(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.new_order(1, 2)
    first, second = setup.item_ids
    await warehouse.arrive(setup.order_id, (first, 1), (second, 2))
    inspection_id = uuid.uuid4()

    created = await warehouse.inspect(setup.order_id, first, 1, inspection_id=inspection_id)
    again = await warehouse.inspect(setup.order_id, first, 1, inspection_id=inspection_id)
    assert created.status_code == 201, created.text
    assert again.status_code == 200
    assert again.json()["inspection_id"] == created.json()["inspection_id"] == str(inspection_id)
    assert again.json()["photo_ids"] == created.json()["photo_ids"]
    assert len((await warehouse.order(setup.order_id))["inspections"]) == 1

    assert (await warehouse.inspect(setup.order_id, second, 2)).status_code == 201
    await warehouse_events.wait_for(InspectionCompleted)
    inspected = of_order(warehouse_events, ItemInspected, setup.order_id)
    assert sorted(i.item_id for i in inspected) == sorted([first, second])
    completed = of_order(warehouse_events, InspectionCompleted, setup.order_id)
    assert len(completed) == 1
    assert {i.item_id: i.result for i in completed[0].items} == {
        first: InspectionResult.OK,
        second: InspectionResult.OK,
    }


async def test_inspection_completes_only_when_every_live_item_is_inspected(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.new_order(1, 1, 1)
    a, b, c = setup.item_ids
    await warehouse.arrive(setup.order_id, (a, 1), (b, 1))
    assert (await warehouse.inspect(setup.order_id, a, 1)).status_code == 201
    not_arrived = await warehouse.inspect(setup.order_id, c, 1)
    assert not_arrived.status_code == 409
    assert not_arrived.json()["code"] == "not_arrived"
    assert (await warehouse.inspect(setup.order_id, b, 0)).json()["result"] == "problem"
    body = await warehouse.order(setup.order_id)
    assert body["inspection_completed_at"] is None
    assert body["stage"] == "inspecting"

    # the third item is cancelled: every live item is now inspected
    await warehouse.publish(
        ItemCancelled(
            order_id=setup.order_id,
            customer_id=setup.customer_id,
            item_id=c,
            reason=ItemCancelReason.STAFF,
        )
    )
    await warehouse_events.wait_for(InspectionCompleted)
    completed = of_order(warehouse_events, InspectionCompleted, setup.order_id)
    assert len(completed) == 1
    assert {i.item_id: i.result for i in completed[0].items} == {
        a: InspectionResult.OK,
        b: InspectionResult.PROBLEM,
    }
    body = await warehouse.order(setup.order_id)
    assert body["stage"] == "inspected"
    assert {i["item_id"]: i["state"] for i in body["items"]}[str(c)] == "cancelled"


async def test_inspection_needs_a_photo_and_rejects_non_images_and_large_files(
    warehouse: Warehouse,
) -> None:
    setup = await warehouse.new_order(1)
    item = setup.item_ids[0]
    await warehouse.arrive(setup.order_id, (item, 1))

    no_photo = await warehouse.client.post(
        f"/orders/{setup.order_id}/items/{item}/inspection",
        data={"quantity_received": "1", "type_matches": "true"},
        files=[("other", ("x.txt", b"", "text/plain"))],
        headers=warehouse.staff(),
    )
    assert no_photo.status_code == 400
    pdf = await warehouse.inspect(setup.order_id, item, 1, photos=[b"%PDF-1.7\n" + b"x" * 100])
    assert pdf.status_code == 415
    assert pdf.json()["code"] == "not_an_image"
    huge = await warehouse.inspect(
        setup.order_id, item, 1, photos=[b"\xff\xd8\xff" + b"0" * 70_000]
    )
    assert huge.status_code == 413
    too_many = await warehouse.inspect(setup.order_id, item, 1, photos=[b"GIF89a" + b"1" * 20] * 4)
    assert too_many.status_code == 400
    bad_field = await warehouse.inspect(setup.order_id, item, -1)
    assert bad_field.status_code == 422

    assert (await warehouse.order(setup.order_id))["inspections"] == []
    assert list((warehouse.photo_dir / "staging").iterdir()) == []


async def test_photos_are_shown_to_the_customer_once_the_inspection_is_complete(
    warehouse: Warehouse,
) -> None:
    from warehouse_support import JPEG, PNG

    setup = await warehouse.new_order(1, 1)
    a, b = setup.item_ids
    await warehouse.arrive(setup.order_id, (a, 1), (b, 1))
    inspected = await warehouse.inspect(setup.order_id, a, 1, photos=[JPEG, PNG])
    photo_ids = inspected.json()["photo_ids"]
    assert len(photo_ids) == 2

    staff_view = await warehouse.client.get(f"/photos/{photo_ids[1]}", headers=warehouse.staff())
    assert staff_view.status_code == 200
    assert staff_view.headers["content-type"] == "image/png"
    assert staff_view.content == PNG
    disposition = staff_view.headers["content-disposition"]
    assert disposition == f'inline; filename="photo-{photo_ids[1]}.png"'

    customer = warehouse.customer(setup.customer_id)
    early = await warehouse.client.get(f"/photos/{photo_ids[0]}", headers=customer)
    assert early.status_code == 404
    before = await warehouse.order(setup.order_id, customer)
    assert before["inspections"] == []
    assert before["photos_visible"] is False
    assert {i["state"] for i in before["items"]} == {"arrived"}

    await warehouse.inspect(setup.order_id, b, 1)
    after = await warehouse.order(setup.order_id, customer)
    assert after["photos_visible"] is True
    assert len(after["inspections"]) == 2
    shown = await warehouse.client.get(f"/photos/{photo_ids[0]}", headers=customer)
    assert shown.status_code == 200
    assert shown.content == JPEG

    stranger = warehouse.customer(uuid.uuid4())
    assert (
        await warehouse.client.get(f"/photos/{photo_ids[0]}", headers=stranger)
    ).status_code == 404
    assert await warehouse.order(setup.order_id, stranger) is None


async def test_staff_routes_refuse_customers_and_every_route_needs_the_credential(
    warehouse: Warehouse,
) -> None:
    setup = await warehouse.new_order(1)
    customer = warehouse.customer(setup.customer_id)
    refused = await warehouse.client.post(
        f"/orders/{setup.order_id}/arrivals",
        json={"items": [{"item_id": str(setup.item_ids[0]), "quantity": 1}]},
        headers=customer,
    )
    assert refused.status_code == 403
    assert (
        await warehouse.inspect(setup.order_id, setup.item_ids[0], 1, headers=customer)
    ).status_code == 403
    assert (await warehouse.client.get(f"/orders/{setup.order_id}")).status_code == 401
    assert (await warehouse.client.get("/shipping/methods")).status_code == 401
    assert (await warehouse.order(setup.order_id))["arrivals"] == []


async def test_the_service_reports_itself_healthy(warehouse: Warehouse) -> None:
    response = await warehouse.client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "service": "warehouse",
        "database": "ok",
        "broker": "ok",
        "status": "ok",
    }


async def test_the_last_items_inspected_at_once_complete_the_inspection_once(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.new_order(1, 1, 1)
    await warehouse.arrive(setup.order_id, *((item, 1) for item in setup.item_ids))
    answers = await asyncio.gather(
        *(warehouse.inspect(setup.order_id, item, 1) for item in setup.item_ids)
    )
    assert [a.status_code for a in answers] == [201, 201, 201]
    await warehouse_events.wait_for(InspectionCompleted)
    await asyncio.sleep(0.5)  # a second completion, if any, would have been relayed by now
    assert len(of_order(warehouse_events, InspectionCompleted, setup.order_id)) == 1
