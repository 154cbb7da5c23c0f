"""Packing with the calculator's fee, dispatch after the 2nd billing, cancelled orders, quotes."""

import uuid
from datetime import UTC, datetime

import pytest
from warehouse_support import Warehouse, of_order

from daikou_contracts.catalogue.common import BillingKind
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_contracts.catalogue.warehouse import PackingCompleted, ShipmentDispatched
from daikou_contracts.money import Money
from daikou_kit.testing import Capture

pytestmark = pytest.mark.integration

BULKY = {"weight_g": 2300, "length_cm": 40, "width_cm": 30, "height_cm": 20}  # EMS: 5000 JPY
SMALL = {"weight_g": 2301, "length_cm": 10, "width_cm": 10, "height_cm": 10}  # EMS: 3800 JPY


async def test_packing_asks_for_the_second_billing_with_the_calculators_fee(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.inspected_order(1, 2)
    packed = await warehouse.pack(setup.order_id, BULKY, SMALL)
    assert packed.status_code == 201, packed.text
    body = packed.json()
    assert body["international_fee"] == {"amount": 8800, "currency": "JPY"}
    assert [p["chargeable_weight_g"] for p in body["parcels"]] == [4000, 2500]
    assert [p["fee"]["amount"] for p in body["parcels"]] == [5000, 3800]

    await warehouse_events.wait_for(PackingCompleted)
    [event] = of_order(warehouse_events, PackingCompleted, setup.order_id)
    assert event.international_fee == Money.jpy(8800)
    assert (event.method, event.destination) == ("ems", "JP")
    assert [p.fee.amount for p in event.parcels] == [5000, 3800]

    again = await warehouse.pack(setup.order_id, SMALL)
    assert again.status_code == 409
    assert again.json()["code"] == "already_packed"
    assert (await warehouse.order(setup.order_id))["stage"] == "packed"


async def test_packing_refuses_what_the_method_cannot_carry_and_uninspected_orders(
    warehouse: Warehouse,
) -> None:
    setup = await warehouse.new_order(1)
    early = await warehouse.pack(setup.order_id, SMALL)
    assert early.status_code == 409
    assert early.json()["code"] == "inspection_incomplete"

    setup = await warehouse.inspected_order(1)
    too_heavy = {"weight_g": 31000, "length_cm": 50, "width_cm": 40, "height_cm": 30}
    refused = await warehouse.pack(setup.order_id, SMALL, too_heavy)
    assert refused.status_code == 422
    assert "parcel 2" in refused.json()["detail"]
    assert "30000 g" in refused.json()["detail"]
    assert (await warehouse.order(setup.order_id))["packing"] is None


async def test_dispatch_is_refused_until_the_second_billing_is_paid(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.inspected_order(1)
    assert (await warehouse.pack(setup.order_id, BULKY, SMALL)).status_code == 201
    dispatch = {"carrier": "EMS China Post", "tracking_numbers": ["EE111CN", "EE222CN"]}
    url = f"/orders/{setup.order_id}/dispatch"

    unpaid = await warehouse.client.post(url, json=dispatch, headers=warehouse.staff())
    assert unpaid.status_code == 409
    assert unpaid.json()["code"] == "second_billing_unpaid"
    assert setup.order_id in await _work_list(warehouse, "awaiting_payment")

    await warehouse.publish(
        BillingPaid(
            billing_id=uuid.uuid4(),
            order_id=setup.order_id,
            customer_id=setup.customer_id,
            kind=BillingKind.FIRST,
            total=Money.jpy(9000),
            paid_by_deposit=Money.jpy(9000),
            paid_by_transfer=Money.jpy(0),
            paid_by_card=Money.jpy(0),
            paid_at=datetime.now(UTC),
        )
    )
    await warehouse.pay_second_billing(setup)

    assert setup.order_id in await _work_list(warehouse, "ready_to_ship")
    assert setup.order_id not in await _work_list(warehouse, "awaiting_payment")
    one_number = {"carrier": "EMS China Post", "tracking_numbers": ["EE111CN"]}
    mismatch = await warehouse.client.post(url, json=one_number, headers=warehouse.staff())
    assert mismatch.status_code == 409
    assert mismatch.json()["code"] == "tracking_numbers_mismatch"

    shipped = await warehouse.client.post(url, json=dispatch, headers=warehouse.staff())
    assert shipped.status_code == 201, shipped.text
    await warehouse_events.wait_for(ShipmentDispatched)
    [event] = of_order(warehouse_events, ShipmentDispatched, setup.order_id)
    assert event.tracking_numbers == ["EE111CN", "EE222CN"]
    assert (event.carrier, event.method) == ("EMS China Post", "ems")

    body = await warehouse.order(setup.order_id, warehouse.customer(setup.customer_id))
    assert body["stage"] == "dispatched"
    assert body["shipment"]["tracking_numbers"] == ["EE111CN", "EE222CN"]
    assert [p["tracking_number"] for p in body["packing"]["parcels"]] == ["EE111CN", "EE222CN"]
    assert setup.order_id in await _work_list(warehouse, "dispatched")
    twice = await warehouse.client.post(url, json=dispatch, headers=warehouse.staff())
    assert twice.status_code == 409
    assert twice.json()["code"] == "already_dispatched"


async def test_an_order_cancelled_mid_way_is_never_packed_or_shipped(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    half = await warehouse.new_order(1, 1)
    await warehouse.arrive(half.order_id, (half.item_ids[0], 1))
    await warehouse.cancel(half)
    inspect = await warehouse.inspect(half.order_id, half.item_ids[0], 1)
    assert inspect.status_code == 409
    assert inspect.json()["code"] == "order_cancelled"
    assert (await warehouse.pack(half.order_id, SMALL)).json()["code"] == "order_cancelled"

    packed = await warehouse.inspected_order(1)
    assert (await warehouse.pack(packed.order_id, SMALL)).status_code == 201
    await warehouse.cancel(packed)
    await warehouse.pay_second_billing(packed)
    refused = await warehouse.client.post(
        f"/orders/{packed.order_id}/dispatch",
        json={"carrier": "EMS", "tracking_numbers": ["EE1CN"]},
        headers=warehouse.staff(),
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "order_cancelled"
    body = await warehouse.order(packed.order_id)
    assert (body["stage"], body["shipment"]) == ("cancelled", None)
    assert of_order(warehouse_events, ShipmentDispatched, packed.order_id) == []


async def test_the_quote_answers_every_method_available_or_why_not(warehouse: Warehouse) -> None:
    quote = await warehouse.client.get(
        "/shipping/quote",
        params={"weight_g": 2300, "length_cm": 110, "width_cm": 30, "height_cm": 20},
        headers=warehouse.customer(uuid.uuid4()),
    )
    assert quote.status_code == 200, quote.text
    by_method = {q["method"]: q for q in quote.json()["quotes"]}
    assert set(by_method) == {"ems", "air", "surface", "courier"}
    assert by_method["ems"]["chargeable_weight_g"] == 11000  # 66000 cm3 / 6000
    assert by_method["ems"]["fee"] == {"amount": 2200 + 21 * 400, "currency": "JPY"}
    assert by_method["air"]["available"] is False
    assert "105 cm" in by_method["air"]["reason"]
    assert by_method["surface"]["fee"]["amount"] == 1200 + 2 * 250  # 3000 g on actual weight

    missing = await warehouse.client.get(
        "/shipping/quote", params={"weight_g": 100}, headers=warehouse.staff()
    )
    assert missing.status_code == 422
    methods = await warehouse.client.get("/shipping/methods", headers=warehouse.staff())
    assert {m["method"]: m["volumetric_divisor"] for m in methods.json()}["courier"] == 5000


async def _work_list(warehouse: Warehouse, queue: str) -> list[uuid.UUID]:
    response = await warehouse.client.get(
        "/orders", params={"queue": queue, "limit": 200}, headers=warehouse.staff()
    )
    assert response.status_code == 200, response.text
    return [uuid.UUID(line["order_id"]) for line in response.json()]


async def test_work_lists_are_for_staff_and_show_progress(warehouse: Warehouse) -> None:
    setup = await warehouse.new_order(2, 1)
    await warehouse.arrive(setup.order_id, (setup.item_ids[0], 2))
    await warehouse.inspect(setup.order_id, setup.item_ids[0], 2)
    lines = await warehouse.client.get(
        "/orders", params={"queue": "open", "limit": 200}, headers=warehouse.staff()
    )
    [line] = [x for x in lines.json() if x["order_id"] == str(setup.order_id)]
    assert (line["stage"], line["live_items"], line["arrived_items"], line["inspected_items"]) == (
        "inspecting",
        2,
        1,
        1,
    )
    customer = warehouse.customer(setup.customer_id)
    assert (await warehouse.client.get("/orders", headers=customer)).status_code == 403
    bad = await warehouse.client.get("/orders", params={"queue": "lost"}, headers=warehouse.staff())
    assert bad.status_code == 422
