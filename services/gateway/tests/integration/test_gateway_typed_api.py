"""The typed public API at work: answers checked against their models, paging, one error shape."""

import pytest
from gateway_support import GatewayUnderTest, bearer, place

from daikou_kit.actors import Role

pytestmark = pytest.mark.integration


async def test_an_answer_outside_its_model_is_503_never_500(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    oid = (await place(gateway, token))["order_id"]
    gateway.stand_ins.orders[oid]["status"] = "teleported"  # orders answers what no model says
    listing = await gateway.client.get("/api/v1/orders", headers=bearer(token))
    assert listing.status_code == 503
    body = listing.json()
    assert body["code"] == "orders_unexpected_answer"
    assert "orders service answered something" in body["detail"]
    assert body["request_id"]
    ops = await gateway.staff(Role.OPS)
    staff = await gateway.client.get("/api/v1/staff/orders", headers=bearer(ops))
    assert staff.status_code == 503
    assert staff.json()["code"] == "orders_unexpected_answer"


async def test_a_page_part_outside_its_model_is_unavailable_and_the_rest_shows(
    gateway: GatewayUnderTest,
) -> None:
    token, _ = await gateway.register()
    oid = (await place(gateway, token))["order_id"]
    gateway.stand_ins.orders[oid]["items"][0]["quantity"] = "many"
    response = await gateway.client.get(f"/api/v1/orders/{oid}", headers=bearer(token))
    assert response.status_code == 200
    page = response.json()
    assert page["items"] == {
        "available": False,
        "unavailable_reason": "the orders service answered something the gateway does not expect",
        "data": None,
    }
    assert page["progress"]["available"]
    assert page["messages"]["available"]
    assert page["billing"]["data"] == {
        "first": None,
        "second": None,
        "additional": [],
        "deposit": {"amount": 0, "currency": "JPY"},
    }


async def test_answers_are_shaped_by_their_model(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    oid = (await place(gateway, token))["order_id"]
    gateway.stand_ins.orders[oid]["internal_note"] = "not for customers"
    page = await gateway.client.get(f"/api/v1/orders/{oid}/billings", headers=bearer(token))
    assert page.status_code == 200
    listing = (await gateway.client.get("/api/v1/orders", headers=bearer(token))).json()
    assert "internal_note" not in listing["orders"][0]
    assert listing["orders"][0]["order_id"] == oid


async def test_order_lists_page_and_filter_by_tab(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    ids = [(await place(gateway, token))["order_id"] for _ in range(3)]
    gateway.stand_ins.orders[ids[0]]["status"] = "cancelled"
    first = await gateway.client.get(
        "/api/v1/orders?tab=ongoing&limit=1&offset=0", headers=bearer(token)
    )
    assert first.status_code == 200
    assert first.json()["total"] == 2
    assert [o["order_id"] for o in first.json()["orders"]] == [ids[1]]
    second = await gateway.client.get("/api/v1/orders?limit=1&offset=1", headers=bearer(token))
    assert [o["order_id"] for o in second.json()["orders"]] == [ids[2]]
    cancelled = await gateway.client.get("/api/v1/orders?tab=cancelled", headers=bearer(token))
    assert [o["order_id"] for o in cancelled.json()["orders"]] == [ids[0]]
    too_many = await gateway.client.get("/api/v1/orders?limit=1000", headers=bearer(token))
    assert too_many.status_code == 422
    ops = await gateway.staff(Role.OPS)
    staff = await gateway.client.get(
        "/api/v1/staff/orders?tab=ongoing&limit=2&offset=1", headers=bearer(ops)
    )
    assert staff.status_code == 200
    assert (staff.json()["limit"], staff.json()["offset"]) == (2, 1)


async def test_every_error_has_a_code_a_reason_and_the_request_id(
    gateway: GatewayUnderTest,
) -> None:
    token, _ = await gateway.register()
    flow = {"X-Correlation-Id": "flow-typed-1"}
    unknown = await gateway.client.get(
        "/api/v1/orders/00000000-0000-0000-0000-000000000009", headers={**bearer(token), **flow}
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"]
    assert unknown.json()["request_id"] == "flow-typed-1"
    shape = await gateway.client.patch(
        "/api/v1/orders/00000000-0000-0000-0000-000000000001/items/00000000-0000-0000-0000-000000000002",
        headers={**bearer(token), **flow},
        json={"quantity": 0},
    )
    assert shape.status_code == 422
    assert shape.json()["code"] == "invalid_input"
    assert shape.json()["detail"][0]["loc"] == ["body", "quantity"]
    anonymous = await gateway.client.get("/api/v1/me")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_signed_in"
