"""Warehouse work queues on the real database: each item or order moves along, oldest first."""

import uuid
from typing import Any

import pytest
from warehouse_support import Warehouse

pytestmark = pytest.mark.integration


async def _ids(warehouse: Warehouse, queue: str, key: str, mine: set[uuid.UUID]) -> list[str]:
    response = await warehouse.client.get(f"/queues/{queue}?limit=200", headers=warehouse.staff())
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()["entries"]
    since = [e["waiting_since"] for e in entries]
    assert since == sorted(since)
    return [e[key] for e in entries if uuid.UUID(e["order_id"]) in mine]


async def test_items_move_from_arrivals_to_inspection_to_packing_and_dispatch(
    warehouse: Warehouse,
) -> None:
    setup = await warehouse.new_order(2, 1)
    first, second = setup.item_ids
    mine = {setup.order_id}
    expected = await _ids(warehouse, "arrivals", "item_id", mine)
    assert sorted(expected) == sorted([str(first), str(second)])
    assert (await warehouse.arrive(setup.order_id, (first, 2))).status_code == 201
    assert await _ids(warehouse, "arrivals", "item_id", mine) == [str(second)]
    assert await _ids(warehouse, "inspection", "item_id", mine) == [str(first)]
    assert (await warehouse.arrive(setup.order_id, (second, 1))).status_code == 201
    assert (await warehouse.inspect(setup.order_id, first, 2)).status_code == 201
    assert await _ids(warehouse, "packing", "order_id", mine) == []
    assert (await warehouse.inspect(setup.order_id, second, 1)).status_code == 201
    assert await _ids(warehouse, "inspection", "item_id", mine) == []
    assert await _ids(warehouse, "packing", "order_id", mine) == [str(setup.order_id)]
    parcel = {"weight_g": 1200, "length_cm": 30, "width_cm": 20, "height_cm": 10}
    assert (await warehouse.pack(setup.order_id, parcel)).status_code == 201
    assert await _ids(warehouse, "packing", "order_id", mine) == []
    assert await _ids(warehouse, "dispatch", "order_id", mine) == []
    await warehouse.pay_second_billing(setup)
    assert await _ids(warehouse, "dispatch", "order_id", mine) == [str(setup.order_id)]


async def test_open_cases_are_listed_until_resolved(warehouse: Warehouse) -> None:
    setup = await warehouse.new_order(1)
    (item,) = setup.item_ids
    await warehouse.arrive(setup.order_id, (item, 1))
    await warehouse.inspect(setup.order_id, item, 1, type_matches=False)
    opened = await warehouse.client.post(
        f"/orders/{setup.order_id}/items/{item}/cases",
        json={"kind": "return", "reason": "wrong colour"},
        headers=warehouse.staff(),
    )
    assert opened.status_code == 201, opened.text
    listed = await _ids(warehouse, "cases", "case_id", {setup.order_id})
    assert listed == [opened.json()["case_id"]]


async def test_queues_refuse_customers_and_unknown_names(warehouse: Warehouse) -> None:
    as_customer = await warehouse.client.get(
        "/queues/arrivals", headers=warehouse.customer(uuid.uuid4())
    )
    assert as_customer.status_code == 403
    unknown = await warehouse.client.get("/queues/nope", headers=warehouse.staff())
    assert unknown.status_code == 422
