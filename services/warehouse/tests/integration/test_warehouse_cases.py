"""Exchange/return cases: opening, the seller's answer, resolution and re-inspection."""

import asyncio
import uuid

import pytest
from warehouse_support import Warehouse, of_order

from daikou_contracts.catalogue.warehouse import (
    CaseOutcome,
    ExchangeReturnOpened,
    ExchangeReturnResolved,
    InspectionCompleted,
)
from daikou_contracts.money import Money
from daikou_kit.testing import Capture

pytestmark = pytest.mark.integration


async def test_an_exchanged_item_is_inspected_again_before_packing(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.new_order(2, 1)
    wrong, fine = setup.item_ids
    customer = warehouse.customer(setup.customer_id)
    await warehouse.arrive(setup.order_id, (wrong, 2), (fine, 1))
    await warehouse.inspect(setup.order_id, wrong, 2, type_matches=False)
    case_url = f"/orders/{setup.order_id}/items/{wrong}/cases"
    early = await warehouse.client.post(
        case_url, json={"kind": "exchange", "reason": "wrong colour"}, headers=customer
    )
    assert early.status_code == 409
    await warehouse.inspect(setup.order_id, fine, 1)

    opened = await warehouse.client.post(
        case_url, json={"kind": "exchange", "reason": "wrong colour"}, headers=customer
    )
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case_id"]
    second = await warehouse.client.post(
        case_url, json={"kind": "return", "reason": "again"}, headers=warehouse.staff()
    )
    assert second.json()["code"] == "case_open"
    assert (await warehouse.pack(setup.order_id, _parcel())).json()["code"] == "case_open"

    resolve = {"outcome": "exchanged", "local_shipping_cost": {"amount": 1500, "currency": "CNY"}}
    too_soon = await warehouse.client.post(
        f"/cases/{case_id}/resolve", json=resolve, headers=warehouse.staff()
    )
    assert too_soon.status_code == 409
    by_customer = await warehouse.client.post(
        f"/cases/{case_id}/seller-response", json={"accepted": True}, headers=customer
    )
    assert by_customer.status_code == 403
    accepted = await warehouse.client.post(
        f"/cases/{case_id}/seller-response",
        json={"accepted": True, "note": "seller sends the blue one"},
        headers=warehouse.staff(),
    )
    assert accepted.json()["state"] == "seller_accepted"
    resolved = await warehouse.client.post(
        f"/cases/{case_id}/resolve", json=resolve, headers=warehouse.staff()
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["outcome"] == "exchanged"

    await warehouse_events.wait_for(ExchangeReturnResolved)
    [event] = of_order(warehouse_events, ExchangeReturnResolved, setup.order_id)
    assert (event.outcome, event.local_shipping_cost) == (CaseOutcome.EXCHANGED, Money.cny(1500))
    assert len(of_order(warehouse_events, ExchangeReturnOpened, setup.order_id)) == 1

    body = await warehouse.order(setup.order_id)
    assert {i["item_id"]: i["state"] for i in body["items"]}[str(wrong)] == "arrived"
    refused = await warehouse.pack(setup.order_id, _parcel())
    assert refused.json()["code"] == "inspection_incomplete"

    assert (await warehouse.inspect(setup.order_id, wrong, 2)).json()["result"] == "ok"
    await warehouse_events.wait_for(InspectionCompleted, 2)
    assert len(of_order(warehouse_events, InspectionCompleted, setup.order_id)) == 2
    assert (await warehouse.pack(setup.order_id, _parcel())).status_code == 201


async def test_a_returned_item_leaves_the_order_and_a_refused_case_keeps_it(
    warehouse: Warehouse,
) -> None:
    setup = await warehouse.inspected_order(1, 1)
    returned, kept = setup.item_ids
    for item_id, accepted, outcome in ((returned, True, "returned"), (kept, False, "refused")):
        opened = await warehouse.client.post(
            f"/orders/{setup.order_id}/items/{item_id}/cases",
            json={"kind": "return", "reason": "scratched"},
            headers=warehouse.staff(),
        )
        case_id = opened.json()["case_id"]
        await warehouse.client.post(
            f"/cases/{case_id}/seller-response",
            json={"accepted": accepted},
            headers=warehouse.staff(),
        )
        done = await warehouse.client.post(
            f"/cases/{case_id}/resolve", json={"outcome": outcome}, headers=warehouse.staff()
        )
        assert done.status_code == 200, done.text
    body = await warehouse.order(setup.order_id)
    states = {i["item_id"]: i["state"] for i in body["items"]}
    assert (states[str(returned)], states[str(kept)]) == ("returned", "inspected")
    assert [c["local_shipping_cost"] for c in body["cases"]] == [
        {"amount": 0, "currency": "CNY"}
    ] * 2
    assert (await warehouse.pack(setup.order_id, _parcel())).status_code == 201


async def test_an_unknown_case_is_not_found(warehouse: Warehouse) -> None:
    response = await warehouse.client.post(
        f"/cases/{uuid.uuid4()}/seller-response", json={"accepted": True}, headers=warehouse.staff()
    )
    assert response.status_code == 404
    assert response.json()["code"] == "case_not_found"


def _parcel() -> dict[str, int]:
    return {"weight_g": 800, "length_cm": 20, "width_cm": 20, "height_cm": 10}


async def test_a_case_resolved_twice_at_once_is_resolved_and_charged_once(
    warehouse: Warehouse, warehouse_events: Capture
) -> None:
    setup = await warehouse.inspected_order(1)
    opened = await warehouse.client.post(
        f"/orders/{setup.order_id}/items/{setup.item_ids[0]}/cases",
        json={"kind": "return", "reason": "broken"},
        headers=warehouse.staff(),
    )
    case_id = opened.json()["case_id"]
    await warehouse.client.post(
        f"/cases/{case_id}/seller-response", json={"accepted": True}, headers=warehouse.staff()
    )
    resolve = {"outcome": "returned", "local_shipping_cost": {"amount": 800, "currency": "CNY"}}
    answers = await asyncio.gather(
        *(
            warehouse.client.post(
                f"/cases/{case_id}/resolve", json=resolve, headers=warehouse.staff()
            )
            for _ in range(3)
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409]
    await warehouse_events.wait_for(ExchangeReturnResolved)
    await asyncio.sleep(0.5)  # a second event, if any, would have been relayed by now
    assert len(of_order(warehouse_events, ExchangeReturnResolved, setup.order_id)) == 1
